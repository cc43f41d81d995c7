/**
 * @module
 * Pod volume entries that the sidecar, gateway and grpc-agent templates declare alike, written once and spliced into
 * each template's text (the templates are parsed separately, so a Go `define` cannot be shared between them). Each
 * fragment expects the template variables `$g` (`.Values.global`) and `$ann` (`.ObjectMeta.Annotations`).
 */

/** The ConfigMap volume of `sidecar.istio.io/bootstrapOverride`, when the pod names one. */
export const CUSTOM_BOOTSTRAP_VOLUME: string = String.raw`{{- if isset $ann "sidecar.istio.io/bootstrapOverride" }}
  - name: custom-bootstrap-volume
    configMap:
      name: {{ annotation .ObjectMeta "sidecar.istio.io/bootstrapOverride" "" | quote }}
{{- end }}
`;

/** Agent data, pod info, the projected service-account token and the mesh CA bundle (istiod as CA provider). */
export const IDENTITY_VOLUMES: string = String.raw`  - {name: istio-data, emptyDir: {}}
  - name: istio-podinfo
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
  - name: istio-token
    projected:
      sources:
      - serviceAccountToken:
          audience: "{{ $g.sds.token.aud }}"
          expirationSeconds: 43200
          path: istio-token
{{- if eq $g.pilotCertProvider "istiod" }}
{{- $bundle := $g.trustBundleName }}
  - name: istiod-ca-cert
{{- $bundleAPI := (.Values.pilot.env).ENABLE_CLUSTER_TRUST_BUNDLE_API }}
{{- if eq $bundleAPI true }}
    projected:
      sources:
      - clusterTrustBundle:
          name: "istio.io:istiod-ca:{{ $bundle | default "root-cert" }}"
          path: root-cert.pem
{{- else }}
    configMap: {name: "{{ $bundle | default "istio-ca-root-cert" }}"}
{{- end }}
{{- end }}
`;
