/**
 * @module
 * Our templates for proxyless gRPC (istio-injection.md §5):
 * - `grpc-simple`: no agent; an init container writes a gRPC xDS bootstrap file pointing at istiod, and every
 *   container is told where it is.
 * - `grpc-agent`: the Istio agent without Envoy (`DISABLE_ENVOY`) serves xDS and certificates to the application
 *   over a socket in `/etc/istio/proxy`; the application containers get the bootstrap path and the shared volumes.
 * Written for this project from the specification.
 */

import { CUSTOM_BOOTSTRAP_VOLUME, IDENTITY_VOLUMES } from './volume-fragments.ts';

/** The text of the `grpc-simple` template. */
export const GRPC_SIMPLE_TEMPLATE: string = String.raw`{{- /* inject-sidecar: grpc-simple template (see src/inject/defaults/grpc-templates.ts) */}}
metadata:
  annotations:
    # The applications serve their own probes; there is no agent to rewrite them to.
    sidecar.istio.io/rewriteAppHTTPProbers: 'false'
spec:
  initContainers:
  - name: grpc-bootstrap-init
    image: busybox:1.28
    volumeMounts: [{name: grpc-io-proxyless-bootstrap, mountPath: /var/lib/grpc/data/}]
    env:
    - {name: INSTANCE_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - name: ISTIO_NAMESPACE
      value: "{{ .Values.global.istioNamespace }}"
    command:
    - sh
    - "-c"
    - |-
      # Write the xDS bootstrap of the gRPC library: istiod's plaintext port, this pod as the node.
      cat > /var/lib/grpc/data/bootstrap.json <<EOF
      {
        "xds_servers": [{"server_uri": "dns:///istiod.$ISTIO_NAMESPACE.svc:15010", "channel_creds": [{"type": "insecure"}], "server_features": ["xds_v3"]}],
        "node": {"id": "sidecar~$INSTANCE_IP~$POD_NAME.$POD_NAMESPACE~cluster.local", "metadata": {"GENERATOR": "grpc"}}
      }
      EOF
  containers:
{{- range .Spec.Containers }}
  - name: {{ .Name }}
    env:
    - {name: GRPC_XDS_BOOTSTRAP, value: /var/lib/grpc/data/bootstrap.json}
    - {name: GRPC_GO_LOG_VERBOSITY_LEVEL, value: "99"}
    - {name: GRPC_GO_LOG_SEVERITY_LEVEL, value: info}
    volumeMounts: [{name: grpc-io-proxyless-bootstrap, mountPath: /var/lib/grpc/data/}]
{{- end }}
  volumes:
  - {name: grpc-io-proxyless-bootstrap, emptyDir: {}}
`;

/** The text of the `grpc-agent` template. */
export const GRPC_AGENT_TEMPLATE: string = String.raw`{{- /* inject-sidecar: grpc-agent template (see src/inject/defaults/grpc-templates.ts) */}}

{{- define "grpc-agent.resources" }}
{{- $ann := .ObjectMeta.Annotations }}
{{- $reqCPU := isset $ann "sidecar.istio.io/proxyCPU" }}
{{- $reqMem := isset $ann "sidecar.istio.io/proxyMemory" }}
{{- $limCPU := isset $ann "sidecar.istio.io/proxyCPULimit" }}
{{- $limMem := isset $ann "sidecar.istio.io/proxyMemoryLimit" }}
{{- if or $reqCPU $reqMem $limCPU $limMem }}
{{- if or $reqCPU $reqMem }}
      requests:
{{- if $reqCPU }}
        cpu: {{ index $ann "sidecar.istio.io/proxyCPU" | quote }}
{{- end }}
{{- if $reqMem }}
        memory: {{ index $ann "sidecar.istio.io/proxyMemory" | quote }}
{{- end }}
{{- end }}
{{- if or $limCPU $limMem }}
      limits:
{{- if $limCPU }}
        cpu: {{ index $ann "sidecar.istio.io/proxyCPULimit" | quote }}
{{- end }}
{{- if $limMem }}
        memory: {{ index $ann "sidecar.istio.io/proxyMemoryLimit" | quote }}
{{- end }}
{{- end }}
{{- else if .Values.global.proxy.resources }}
{{- omitNil .Values.global.proxy.resources | toYaml | nindent 6 }}
{{- end }}
{{- end }}

{{- define "grpc-agent.env" }}
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
    - {name: ISTIO_META_GENERATOR, value: grpc}
    - {name: OUTPUT_CERTS, value: /var/lib/istio/data}
{{- if eq "localhost" .InboundTrafficPolicyMode }}
    - {name: REWRITE_PROBE_LEGACY_LOCALHOST_DESTINATION, value: "true"}
{{- end }}
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
    - name: PROXY_CONFIG
      value: {{ printf "%s\n" (protoToJSON .ProxyConfig) | quote }}
    - name: ISTIO_META_POD_PORTS
      value: {{ printf "[%s\n]" $portsJSON | quote }}
    - {name: ISTIO_META_APP_CONTAINERS, value: {{ join "," $appNames | quote }}}
    - {name: ISTIO_META_CLUSTER_ID, value: "{{ valueOrDefault $g.multiCluster.clusterName "Kubernetes" }}"}
    - {name: ISTIO_META_NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
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
    # gRPC resolves xds:/// names itself, so the agent captures no DNS; it serves xDS without Envoy.
    - {name: ISTIO_META_DNS_CAPTURE, value: "false"}
    - {name: DISABLE_ENVOY, value: "true"}
{{- end }}

{{- /* ---- the overlay ---- */}}
{{- $labels := .ObjectMeta.Labels }}
{{- $ann := .ObjectMeta.Annotations }}
{{- $g := .Values.global }}
{{- $pv := .Values.global.proxy }}
{{- $gke := eq $g.caName "GkeWorkloadCertificate" }}
{{- $appNames := list }}
{{- range .Spec.Containers }}{{ if ne .Name "istio-proxy" }}{{ $appNames = append $appNames .Name }}{{ end }}{{ end }}
{{- $serviceName := .DeploymentMeta.Name }}
{{- range list "app" "app.kubernetes.io/name" "service.istio.io/canonical-name" }}{{ with index $labels . }}{{ $serviceName = . }}{{ end }}{{ end }}
{{- $serviceRevision := "latest" }}
{{- range list "version" "app.kubernetes.io/version" "service.istio.io/canonical-revision" }}{{ with index $labels . }}{{ $serviceRevision = . }}{{ end }}{{ end }}
metadata:
  labels:
    {{- /* No security.istio.io/tlsMode: only the application knows whether its gRPC library uses mTLS. */}}
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
    sidecar.istio.io/rewriteAppHTTPProbers: 'false'
spec:
{{- $proxyImageChoice := annotation .ObjectMeta "sidecar.istio.io/proxyImage" $pv.image }}
  containers:
  - name: istio-proxy
    image: "{{ if contains "/" $proxyImageChoice }}{{ $proxyImageChoice }}{{ else }}{{ .ProxyImage }}{{ end }}"
    ports:
    - {name: mesh-metrics, containerPort: 15020, protocol: TCP}
    args:
    - proxy
    - sidecar
    - --domain
    - $(POD_NAMESPACE).svc.{{ $pv.clusterDomain }}
    - "--proxyLogLevel={{ annotation .ObjectMeta "sidecar.istio.io/logLevel" $pv.logLevel }}"
    - "--proxyComponentLogLevel={{ annotation .ObjectMeta "sidecar.istio.io/componentLogLevel" $pv.componentLogLevel }}"
    - "--log_output_level={{ annotation .ObjectMeta "sidecar.istio.io/agentLogLevel" $g.logging.level }}"
{{- with $g.sts.servicePort }}
    - --stsPort={{ . }}
{{- end }}
{{- if $g.logAsJson }}
    - --log_as_json
{{- end }}
    lifecycle:
      # The application starts once the agent is ready to serve it.
      postStart: {exec: {command: [pilot-agent, wait, "--url=http://localhost:15020/healthz/ready"]}}
{{- template "grpc-agent.env" . }}
{{- with $g.imagePullPolicy }}
    imagePullPolicy: "{{ . }}"
{{- end }}
{{- /* With the status port disabled there is no probe, and (as in Istio) neither resources nor mounts. */}}
{{- if ne (annotation .ObjectMeta "status.sidecar.istio.io/port" $pv.statusPort) "0" }}
    readinessProbe:
      httpGet: {path: /healthz/ready, port: 15020}
      initialDelaySeconds: {{ annotation .ObjectMeta "readiness.status.sidecar.istio.io/initialDelaySeconds" $pv.readinessInitialDelaySeconds }}
      periodSeconds: {{ annotation .ObjectMeta "readiness.status.sidecar.istio.io/periodSeconds" $pv.readinessPeriodSeconds }}
      timeoutSeconds: 3
      failureThreshold: {{ annotation .ObjectMeta "readiness.status.sidecar.istio.io/failureThreshold" $pv.readinessFailureThreshold }}
    resources:
{{- template "grpc-agent.resources" . }}
    volumeMounts:
    - {name: workload-socket, mountPath: /var/run/secrets/workload-spiffe-uds}
{{- if $gke }}
    - {name: gke-workload-certificate, mountPath: /var/run/secrets/workload-spiffe-credentials, readOnly: true}
{{- else }}
    - {name: workload-certs, mountPath: /var/run/secrets/workload-spiffe-credentials}
{{- end }}
{{- if eq $g.pilotCertProvider "istiod" }}
    - {name: istiod-ca-cert, mountPath: /var/run/secrets/istio}
{{- end }}
    - {name: istio-data, mountPath: /var/lib/istio/data}
    - {name: istio-xds, mountPath: /etc/istio/proxy}
    - {name: istio-token, mountPath: /var/run/secrets/tokens}
{{- if $g.mountMtlsCerts }}
    - {name: istio-certs, mountPath: /etc/certs/, readOnly: true}
{{- end }}
    - {name: istio-podinfo, mountPath: /etc/istio/pod}
{{- end }}
{{- /* User mounts continue the list above (Istio places them there even when it is absent). */}}
{{- if isset $ann "sidecar.istio.io/userVolumeMount" }}
{{- range $mountName, $mount := fromJSON (index $ann "sidecar.istio.io/userVolumeMount") }}
    - name: "{{ $mountName }}"
{{- toYaml $mount | nindent 6 }}
{{- end }}
{{- end }}
{{- range .Spec.Containers }}
{{- if ne .Name "istio-proxy" }}
  - name: {{ .Name }}
    env:
    - {name: GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT, value: "true"}
    - {name: GRPC_XDS_BOOTSTRAP, value: /etc/istio/proxy/grpc-bootstrap.json}
    volumeMounts:
    - {name: istio-data, mountPath: /var/lib/istio/data}
    - {name: istio-xds, mountPath: /etc/istio/proxy}
{{- if $gke }}
    - {name: gke-workload-certificate, mountPath: /var/run/secrets/workload-spiffe-credentials, readOnly: true}
{{- else }}
    - {name: workload-certs, mountPath: /var/run/secrets/workload-spiffe-credentials}
{{- end }}
{{- end }}
{{- end }}
  volumes:
  - {name: workload-socket, emptyDir: null}
{{- if $gke }}
  - name: gke-workload-certificate
    csi: {driver: workloadcertificates.security.cloud.google.com}
{{- else }}
  - {name: workload-certs, emptyDir: null}
{{- end }}
${CUSTOM_BOOTSTRAP_VOLUME}  - {name: istio-xds, emptyDir: {medium: Memory}}
${IDENTITY_VOLUMES}{{- if $g.mountMtlsCerts }}
  - name: istio-certs
    secret:
      optional: true
      secretName: "istio.{{ .Spec.ServiceAccountName | default "default" }}"
{{- end }}
{{- if isset $ann "sidecar.istio.io/userVolume" }}
{{- range $volumeName, $source := fromJSON (index $ann "sidecar.istio.io/userVolume") }}
  - name: "{{ $volumeName }}"
{{- toYaml $source | nindent 4 }}
{{- end }}
{{- end }}
{{- with $g.imagePullSecrets }}
  imagePullSecrets:
{{- range . }}
  - name: "{{ . }}"
{{- end }}
{{- end }}
`;
