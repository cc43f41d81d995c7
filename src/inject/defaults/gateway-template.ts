/**
 * @module
 * Our `gateway` injection template, for pods that run the proxy as a gateway (`inject.istio.io/templates: gateway`):
 * the pod's own `istio-proxy` container is completed into an Envoy router. No traffic capture, no init container,
 * no probe rewriting; the pod may bind low ports (the unprivileged-port sysctl) unless the values give a pod
 * securityContext. Written for this project from istio-injection.md §5 and §13.
 */

import { CUSTOM_BOOTSTRAP_VOLUME, IDENTITY_VOLUMES } from './volume-fragments.ts';

/** The text of the `gateway` template. */
export const GATEWAY_TEMPLATE: string = String.raw`{{- /* inject-sidecar: gateway template (see src/inject/defaults/gateway-template.ts) */}}

{{- define "gateway.env" }}
{{- $g := .Values.global }}
{{- $appNames := list }}
{{- range .Spec.Containers }}{{ if ne .Name "istio-proxy" }}{{ $appNames = append $appNames .Name }}{{ end }}{{ end }}
{{- $portsJSON := "" }}
{{- $separator := "" }}
{{- range .Spec.Containers }}
{{- range .Ports }}
{{- $portsJSON = printf "%s\n    %s%s" $portsJSON $separator (structToJSON .) }}
{{- $separator = "," }}
{{- end }}
{{- end }}
{{- $trustDomain := valueOrDefault .MeshConfig.TrustDomain $g.trustDomain }}
    env:
    - {name: PILOT_CERT_PROVIDER, value: "{{ $g.pilotCertProvider }}"}
{{- if $g.caAddress }}
    - {name: CA_ADDR, value: "{{ $g.caAddress }}"}
{{- else }}
    - {name: CA_ADDR, value: "istiod{{ if ne .Values.revision "" }}-{{ .Values.revision }}{{ end }}.{{ $g.istioNamespace }}.svc:15012"}
{{- end }}
{{- range list "POD_NAME=metadata.name" "POD_NAMESPACE=metadata.namespace" "INSTANCE_IP=status.podIP" "SERVICE_ACCOUNT=spec.serviceAccountName" "HOST_IP=status.hostIP" }}
{{- $pair := splitList "=" . }}
    - {name: {{ first $pair }}, valueFrom: {fieldRef: {fieldPath: {{ last $pair }}}}}
{{- end }}
    - {name: ISTIO_CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: "1"}}}
    - name: PROXY_CONFIG
      value: {{ printf "%s\n" (protoToJSON .ProxyConfig) | quote }}
    - name: ISTIO_META_POD_PORTS
      value: {{ printf "[%s\n]" $portsJSON | quote }}
    - {name: GOMEMLIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: "1"}}}
{{- with .CompliancePolicy }}
    - {name: COMPLIANCE_POLICY, value: "{{ . }}"}
{{- if eq . "fips-140-3" }}
    - {name: GODEBUG, value: "fips140=only"}
{{- end }}
{{- end }}
    - {name: ISTIO_META_APP_CONTAINERS, value: {{ join "," $appNames | quote }}}
    - {name: ISTIO_META_CLUSTER_ID, value: "{{ valueOrDefault $g.multiCluster.clusterName "Kubernetes" }}"}
    - {name: ISTIO_META_NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: ISTIO_META_INTERCEPTION_MODE, value: "{{ .ProxyConfig.InterceptionMode.String }}"}
{{- with $g.network }}
    - {name: ISTIO_META_NETWORK, value: "{{ . }}"}
{{- end }}
{{- with .DeploymentMeta.Name }}
    - {name: ISTIO_META_WORKLOAD_NAME, value: "{{ . }}"}
{{- end }}
{{- $ownerKind := .TypeMeta }}
{{- if $ownerKind.APIVersion }}
{{- with .DeploymentMeta }}{{ if .Name }}
    - name: ISTIO_META_OWNER
      value: "kubernetes://apis/{{ $ownerKind.APIVersion }}/namespaces/{{ valueOrDefault .Namespace "default" }}/{{ toLower $ownerKind.Kind }}s/{{ .Name }}"
{{- end }}{{ end }}
{{- end }}
{{- if isset .ObjectMeta.Annotations "sidecar.istio.io/bootstrapOverride" }}
    - {name: ISTIO_BOOTSTRAP_OVERRIDE, value: /etc/istio/custom-bootstrap/custom_bootstrap.json}
{{- end }}
{{- if $g.meshID }}
    - {name: ISTIO_META_MESH_ID, value: "{{ $g.meshID }}"}
{{- else if $trustDomain }}
    - {name: ISTIO_META_MESH_ID, value: "{{ $trustDomain }}"}
{{- end }}
{{- with $trustDomain }}
    - {name: TRUST_DOMAIN, value: "{{ . }}"}
{{- end }}
{{- range $name, $value := .ProxyConfig.ProxyMetadata }}
    - {name: {{ $name }}, value: "{{ $value }}"}
{{- end }}
{{- end }}

{{- define "gateway.volumes" }}
{{- $g := .Values.global }}
{{- $ann := .ObjectMeta.Annotations }}
{{- $gke := eq $g.caName "GkeWorkloadCertificate" }}
    volumeMounts:
    - {name: workload-socket, mountPath: /var/run/secrets/workload-spiffe-uds}
    - {name: credential-socket, mountPath: /var/run/secrets/credential-uds}
{{- if $gke }}
    - {name: gke-workload-certificate, mountPath: /var/run/secrets/workload-spiffe-credentials, readOnly: true}
{{- else }}
    - {name: workload-certs, mountPath: /var/run/secrets/workload-spiffe-credentials}
{{- end }}
{{- if eq $g.pilotCertProvider "istiod" }}
    - {name: istiod-ca-cert, mountPath: /var/run/secrets/istio}
{{- end }}
    - {name: istio-data, mountPath: /var/lib/istio/data}
{{- if isset $ann "sidecar.istio.io/bootstrapOverride" }}
    - {name: custom-bootstrap-volume, mountPath: /etc/istio/custom-bootstrap}
{{- end }}
    - {name: istio-envoy, mountPath: /etc/istio/proxy}
    - {name: istio-token, mountPath: /var/run/secrets/tokens}
{{- if $g.mountMtlsCerts }}
    - {name: istio-certs, mountPath: /etc/certs/, readOnly: true}
{{- end }}
    - {name: istio-podinfo, mountPath: /etc/istio/pod}
  volumes:
  - {name: workload-socket, emptyDir: null}
  - {name: credential-socket, emptyDir: {}}
{{- if $gke }}
  - name: gke-workload-certificate
    csi: {driver: workloadcertificates.security.cloud.google.com}
{{- else }}
  - {name: workload-certs, emptyDir: {}}
{{- end }}
${CUSTOM_BOOTSTRAP_VOLUME}  - {name: istio-envoy, emptyDir: {medium: Memory}}
${IDENTITY_VOLUMES}{{- if $g.mountMtlsCerts }}
  - name: istio-certs
    secret:
      optional: true
      secretName: "istio.{{ .Spec.ServiceAccountName | default "default" }}"
{{- end }}
{{- with $g.imagePullSecrets }}
  imagePullSecrets:
{{- range . }}
  - name: "{{ . }}"
{{- end }}
{{- end }}
{{- end }}

{{- /* ---- the overlay ---- */}}
{{- $labels := .ObjectMeta.Labels }}
{{- $ann := .ObjectMeta.Annotations }}
{{- $pv := .Values.global.proxy }}
{{- $appNames := list }}
{{- range .Spec.Containers }}{{ if ne .Name "istio-proxy" }}{{ $appNames = append $appNames .Name }}{{ end }}{{ end }}
{{- $serviceName := .DeploymentMeta.Name }}
{{- range list "app" "app.kubernetes.io/name" "service.istio.io/canonical-name" }}{{ with index $labels . }}{{ $serviceName = . }}{{ end }}{{ end }}
{{- $serviceRevision := "latest" }}
{{- range list "version" "app.kubernetes.io/version" "service.istio.io/canonical-revision" }}{{ with index $labels . }}{{ $serviceRevision = . }}{{ end }}{{ end }}
metadata:
  labels:
    service.istio.io/canonical-name: {{ quote $serviceName }}
    service.istio.io/canonical-revision: {{ quote $serviceRevision }}
  annotations:
    istio.io/rev: {{ default "default" .Revision | quote }}
{{- with $appNames }}
{{- range list "kubectl.kubernetes.io/default-logs-container" "kubectl.kubernetes.io/default-container" }}
{{- if not (isset $ann .) }}
    {{ . }}: "{{ first $appNames }}"
{{- end }}
{{- end }}
{{- end }}
spec:
  securityContext:
{{- with .Values.gateways.securityContext }}
{{- toYaml . | nindent 4 }}
{{- else }}
    # Lets the gateway listen on ports below 1024 without privileges.
    sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]
{{- end }}
{{- $proxyImageChoice := annotation .ObjectMeta "sidecar.istio.io/proxyImage" $pv.image }}
  containers:
  - name: istio-proxy
    image: "{{ if contains "/" $proxyImageChoice }}{{ $proxyImageChoice }}{{ else }}{{ .ProxyImage }}{{ end }}"
    ports:
    - {name: http-envoy-prom, containerPort: 15090, protocol: TCP}
    args:
    - proxy
    - router
    - --domain
    - $(POD_NAMESPACE).svc.{{ $pv.clusterDomain }}
    - "--proxyLogLevel={{ annotation .ObjectMeta "sidecar.istio.io/logLevel" $pv.logLevel }}"
    - "--proxyComponentLogLevel={{ annotation .ObjectMeta "sidecar.istio.io/componentLogLevel" $pv.componentLogLevel }}"
    - "--log_output_level={{ annotation .ObjectMeta "sidecar.istio.io/agentLogLevel" .Values.global.logging.level }}"
{{- with .Values.global.sts.servicePort }}
    - --stsPort={{ . }}
{{- end }}
{{- if .Values.global.logAsJson }}
    - --log_as_json
{{- end }}
{{- if $pv.lifecycle }}
    lifecycle:
{{- toYaml $pv.lifecycle | nindent 6 }}
{{- end }}
    securityContext:
      runAsUser: {{ default 1337 .ProxyUID }}
      runAsGroup: {{ default 1337 .ProxyGID }}
{{- template "gateway.env" . }}
{{- with .Values.global.imagePullPolicy }}
    imagePullPolicy: "{{ . }}"
{{- end }}
    readinessProbe:
      httpGet: {path: /healthz/ready, port: 15021}
      initialDelaySeconds: {{ $pv.readinessInitialDelaySeconds }}
      periodSeconds: {{ $pv.readinessPeriodSeconds }}
      timeoutSeconds: 3
      failureThreshold: {{ $pv.readinessFailureThreshold }}
{{- template "gateway.volumes" . }}
`;
