/**
 * @module
 * Our `sidecar` injection template: the overlay Istio's default profile renders for a pod (istio-injection.md §13):
 * pod labels and annotations, the traffic-capture init container (§15; `istio-validation` in CNI mode, §16), the
 * `istio-proxy` container (a native sidecar in `initContainers` or a regular container, §11), its volumes.
 *
 * Written for this project from the specification; it reads the template data of §5 and the values listed there.
 * Every helper template takes the whole template data as its dot and works out what it needs itself. Values are
 * printed as Istio prints them (a missing value prints `<no value>`, a nil default `<nil>`), so that a partial values
 * file gives the same result as with Istio.
 */

import { CUSTOM_BOOTSTRAP_VOLUME, IDENTITY_VOLUMES } from './volume-fragments.ts';

/** The text of the `sidecar` template. */
export const SIDECAR_TEMPLATE: string = String.raw`{{- /* inject-sidecar: sidecar template (see src/inject/defaults/sidecar-template.ts) */}}

{{- /* Proxy resources: the proxyCPU/proxyMemory(+Limit) annotations, else the values (nulls dropped). */}}
{{- define "sidecar.resources" }}
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

{{- /* Annotations the Istio CNI plugin reads instead of init-container arguments. */}}
{{- define "sidecar.cni-annotations" }}
{{- $ann := .ObjectMeta.Annotations }}
{{- $pv := .Values.global.proxy }}
{{- $statusPort := annotation .ObjectMeta "status.sidecar.istio.io/port" $pv.statusPort }}
{{- $cniProvider := .Values.pilot.cni.provider }}
{{- if eq $cniProvider "multus" }}
    k8s.v1.cni.cncf.io/networks: {{ appendMultusNetwork (index $ann "k8s.v1.cni.cncf.io/networks") "default/istio-cni" | quote }}
{{- end }}
    sidecar.istio.io/interceptionMode: "{{ annotation .ObjectMeta "sidecar.istio.io/interceptionMode" .ProxyConfig.InterceptionMode }}"
{{- with annotation .ObjectMeta "traffic.sidecar.istio.io/includeOutboundIPRanges" $pv.includeIPRanges }}
    traffic.sidecar.istio.io/includeOutboundIPRanges: "{{ . }}"
{{- end }}
{{- with annotation .ObjectMeta "traffic.sidecar.istio.io/excludeOutboundIPRanges" $pv.excludeIPRanges }}
    traffic.sidecar.istio.io/excludeOutboundIPRanges: "{{ . }}"
{{- end }}
    traffic.sidecar.istio.io/includeInboundPorts: "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/includeInboundPorts" $pv.includeInboundPorts }}"
{{- $inboundExcluded := annotation .ObjectMeta "traffic.sidecar.istio.io/excludeInboundPorts" $pv.excludeInboundPorts }}
    traffic.sidecar.istio.io/excludeInboundPorts: "{{ excludeInboundPort $statusPort $inboundExcluded }}"
{{- if or (isset $ann "traffic.sidecar.istio.io/includeOutboundPorts") (ne (valueOrDefault $pv.includeOutboundPorts "") "") }}
    traffic.sidecar.istio.io/includeOutboundPorts: "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/includeOutboundPorts" $pv.includeOutboundPorts }}"
{{- end }}
{{- /* Unlike the init argument, this condition takes a missing value as set. */}}
{{- if or (isset $ann "traffic.sidecar.istio.io/excludeOutboundPorts") (ne $pv.excludeOutboundPorts "") }}
    traffic.sidecar.istio.io/excludeOutboundPorts: "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/excludeOutboundPorts" $pv.excludeOutboundPorts }}"
{{- end }}
{{- range $copied := list "traffic.sidecar.istio.io/kubevirtInterfaces" "istio.io/reroute-virtual-interfaces" "traffic.sidecar.istio.io/excludeInterfaces" }}
{{- with index $ann $copied }}
    {{ $copied }}: "{{ . }}"
{{- end }}
{{- end }}
{{- end }}

{{- /* The init container that installs the traffic redirection (or only checks it, with CNI). */}}
{{- define "sidecar.capture-init" }}
{{- $ann := .ObjectMeta.Annotations }}
{{- $pv := .Values.global.proxy }}
{{- $cni := .Values.pilot.cni.enabled }}
{{- $mode := annotation .ObjectMeta "sidecar.istio.io/interceptionMode" .ProxyConfig.InterceptionMode }}
{{- $tproxy := eq $mode "TPROXY" }}
{{- $statusPort := annotation .ObjectMeta "status.sidecar.istio.io/port" $pv.statusPort }}
{{- $imageChoice := annotation .ObjectMeta "sidecar.istio.io/proxyImage" .Values.global.proxy_init.image }}
{{- $outboundCapture := .MeshConfig.ProxyListenPort | default "15001" }}
{{- $inboundCapture := .MeshConfig.ProxyInboundListenPort | default "15006" }}
{{- $ignoredInbound := excludeInboundPort $statusPort (annotation .ObjectMeta "traffic.sidecar.istio.io/excludeInboundPorts" $pv.excludeInboundPorts) }}
  - name: {{ if $cni }}istio-validation{{ else }}istio-init{{ end }}
    image: "{{ if contains "/" $imageChoice }}{{ $imageChoice }}{{ else }}{{ .ProxyInitImage }}{{ end }}"
    args:
    - istio-iptables
    - "-p"
    - "{{ $outboundCapture }}"
    - "-z"
    - "{{ $inboundCapture }}"
    - "-u"
    - "{{ if $tproxy }}1337{{ else }}{{ .ProxyUID | default "1337" }}{{ end }}"
    - "-m"
    - "{{ $mode }}"
    - "-i"
    - "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/includeOutboundIPRanges" $pv.includeIPRanges }}"
    - "-x"
    - "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/excludeOutboundIPRanges" $pv.excludeIPRanges }}"
    - "-b"
    - "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/includeInboundPorts" $pv.includeInboundPorts }}"
    - "-d"
    - "15090,15021{{ with $ignoredInbound }},{{ . }}{{ end }}"
{{- if or (isset $ann "traffic.sidecar.istio.io/includeOutboundPorts") (ne (valueOrDefault $pv.includeOutboundPorts "") "") }}
    - "-q"
    - "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/includeOutboundPorts" $pv.includeOutboundPorts }}"
{{- end }}
{{- if or (isset $ann "traffic.sidecar.istio.io/excludeOutboundPorts") (ne (valueOrDefault $pv.excludeOutboundPorts "") "") }}
    - "-o"
    - "{{ annotation .ObjectMeta "traffic.sidecar.istio.io/excludeOutboundPorts" $pv.excludeOutboundPorts }}"
{{- end }}
{{- /* Interfaces whose inbound traffic is treated as outbound: the newer annotation wins. */}}
{{- if isset $ann "istio.io/reroute-virtual-interfaces" }}
    - "-k"
    - "{{ index $ann "istio.io/reroute-virtual-interfaces" }}"
{{- else if isset $ann "traffic.sidecar.istio.io/kubevirtInterfaces" }}
    - "-k"
    - "{{ index $ann "traffic.sidecar.istio.io/kubevirtInterfaces" }}"
{{- end }}
{{- if isset $ann "traffic.sidecar.istio.io/excludeInterfaces" }}
    - "-c"
    - "{{ index $ann "traffic.sidecar.istio.io/excludeInterfaces" }}"
{{- end }}
    - "--log_output_level={{ annotation .ObjectMeta "sidecar.istio.io/agentLogLevel" .Values.global.logging.level }}"
{{- if .Values.global.logAsJson }}
    - "--log_as_json"
{{- end }}
{{- if $cni }}
    - "--run-validation"
    - "--skip-rule-apply"
{{- else if .Values.global.proxy_init.forceApplyIptables }}
    - "--force-apply"
{{- end }}
{{- if .Values.global.nativeNftables }}
    - "--native-nftables"
{{- end }}
{{- with .Values.global.imagePullPolicy }}
    imagePullPolicy: "{{ . }}"
{{- end }}
{{- with .ProxyConfig.ProxyMetadata }}
    env:
{{- range $name, $value := . }}
    - {name: "{{ $name }}", value: "{{ $value }}"}
{{- end }}
{{- end }}
    resources:
{{- template "sidecar.resources" . }}
    securityContext:
      allowPrivilegeEscalation: {{ $pv.privileged }}
      privileged: {{ $pv.privileged }}
{{- if $cni }}
      capabilities: {drop: [ALL]}
      readOnlyRootFilesystem: true
      runAsNonRoot: true
{{- if $tproxy }}
      runAsUser: 1337
      runAsGroup: 1337
{{- else }}
      runAsUser: {{ default 1337 .ProxyUID }}
      runAsGroup: {{ default 1337 .ProxyGID }}
{{- end }}
{{- else }}
      capabilities: {add: [NET_ADMIN, NET_RAW], drop: [ALL]}
      readOnlyRootFilesystem: false
      runAsNonRoot: false
      runAsUser: 0
      runAsGroup: 0
{{- end }}
{{- with $pv.seccompProfile }}
      seccompProfile:
{{- toYaml . | nindent 8 }}
{{- end }}
{{- end }}

{{- /* The proxy's environment, in the order the agent documents it. */}}
{{- define "sidecar.proxy-env" }}
{{- $g := .Values.global }}
{{- $ann := .ObjectMeta.Annotations }}
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
    - {name: ISTIO_CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: "1"}}}
    - name: PROXY_CONFIG
      value: {{ printf "%s\n" (protoToJSON .ProxyConfig) | quote }}
    - name: ISTIO_META_POD_PORTS
      value: {{ printf "[%s\n]" $portsJSON | quote }}
    - {name: ISTIO_META_APP_CONTAINERS, value: {{ join "," $appNames | quote }}}
    - {name: GOMEMLIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: "1"}}}
{{- with .CompliancePolicy }}
    - {name: COMPLIANCE_POLICY, value: "{{ . }}"}
{{- if eq . "fips-140-3" }}
    - {name: GODEBUG, value: "fips140=only"}
{{- end }}
{{- end }}
    - {name: ISTIO_META_CLUSTER_ID, value: "{{ valueOrDefault $g.multiCluster.clusterName "Kubernetes" }}"}
    - {name: ISTIO_META_NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: ISTIO_META_INTERCEPTION_MODE, value: "{{ or (index $ann "sidecar.istio.io/interceptionMode") .ProxyConfig.InterceptionMode.String }}"}
{{- with $g.network }}
    - {name: ISTIO_META_NETWORK, value: "{{ . }}"}
{{- end }}
{{- with index .ObjectMeta.Labels "service.istio.io/workload-name" | default .DeploymentMeta.Name }}
    - {name: ISTIO_META_WORKLOAD_NAME, value: "{{ . }}"}
{{- end }}
{{- $ownerKind := .TypeMeta }}
{{- if $ownerKind.APIVersion }}
{{- with .DeploymentMeta }}{{ if .Name }}
    - name: ISTIO_META_OWNER
      value: "kubernetes://apis/{{ $ownerKind.APIVersion }}/namespaces/{{ valueOrDefault .Namespace "default" }}/{{ toLower $ownerKind.Kind }}s/{{ .Name }}"
{{- end }}{{ end }}
{{- end }}
{{- if isset $ann "sidecar.istio.io/bootstrapOverride" }}
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
{{- if eq $g.proxy.tracer "datadog" }}
{{- if isset $ann "apm.datadoghq.com/env" }}
{{- range $name, $value := fromJSON (index $ann "apm.datadoghq.com/env") }}
    - {name: {{ $name }}, value: "{{ $value }}"}
{{- end }}
{{- end }}
{{- end }}
{{- with otelResourceAttributes .MeshConfig $ann .ObjectMeta.Labels .DeploymentMeta.Namespace .Spec.Containers }}
    - {name: OTEL_RESOURCE_ATTRIBUTES, value: "{{ . }}"}
{{- end }}
{{- range $name, $value := .ProxyConfig.ProxyMetadata }}
    - {name: {{ $name }}, value: "{{ $value }}"}
{{- end }}
{{- end }}

{{- /* Startup and readiness probes of the agent's health endpoint. */}}
{{- define "sidecar.probes" }}
{{- $pv := .Values.global.proxy }}
{{- if $pv.startupProbe.enabled }}
    startupProbe:
      httpGet: {path: /healthz/ready, port: 15021}
      initialDelaySeconds: 0
      periodSeconds: 1
      timeoutSeconds: 3
      failureThreshold: {{ $pv.startupProbe.failureThreshold }}
{{- end }}
    readinessProbe:
      httpGet: {path: /healthz/ready, port: 15021}
      initialDelaySeconds: {{ annotation .ObjectMeta "readiness.status.sidecar.istio.io/initialDelaySeconds" $pv.readinessInitialDelaySeconds }}
      periodSeconds: {{ annotation .ObjectMeta "readiness.status.sidecar.istio.io/periodSeconds" $pv.readinessPeriodSeconds }}
      timeoutSeconds: 3
      failureThreshold: {{ annotation .ObjectMeta "readiness.status.sidecar.istio.io/failureThreshold" $pv.readinessFailureThreshold }}
{{- end }}

{{- /* The proxy runs as the proxy user, unless it must bind privileged ports or use TPROXY. */}}
{{- define "sidecar.proxy-security" }}
{{- $pv := .Values.global.proxy }}
{{- $tproxy := eq (annotation .ObjectMeta "sidecar.istio.io/interceptionMode" .ProxyConfig.InterceptionMode) "TPROXY" }}
{{- $bindLowPorts := eq (annotation .ObjectMeta "sidecar.istio.io/capNetBindService" $pv.capNetBindService) "true" }}
    securityContext:
{{- $agentSettings := .ProxyConfig.ProxyMetadata }}
{{- if eq (index $agentSettings "IPTABLES_TRACE_LOGGING") "true" }}
      privileged: true
      allowPrivilegeEscalation: true
      capabilities: {add: [NET_ADMIN], drop: [ALL]}
      readOnlyRootFilesystem: true
      runAsNonRoot: false
      runAsUser: 0
      runAsGroup: {{ default 1337 .ProxyGID }}
{{- else }}
{{- $added := list }}
{{- if $tproxy }}{{ $added = append $added "NET_ADMIN" }}{{ end }}
{{- if $bindLowPorts }}{{ $added = append $added "NET_BIND_SERVICE" }}{{ end }}
      privileged: {{ $pv.privileged }}
      allowPrivilegeEscalation: {{ $pv.privileged }}
      capabilities:
{{- with $added }}
        add: {{ toJson . }}
{{- end }}
        drop: [ALL]
      readOnlyRootFilesystem: true
{{- if $added }}
      runAsNonRoot: false
      runAsUser: 0
      runAsGroup: 1337
{{- else }}
      runAsNonRoot: true
      runAsUser: {{ default 1337 .ProxyUID }}
      runAsGroup: {{ default 1337 .ProxyGID }}
{{- end }}
{{- end }}
{{- with $pv.seccompProfile }}
      seccompProfile:
{{- toYaml . | nindent 8 }}
{{- end }}
{{- end }}

{{- /* Where the proxy finds its sockets, certificates, bootstrap and pod information. */}}
{{- define "sidecar.proxy-mounts" }}
{{- $g := .Values.global }}
{{- $ann := .ObjectMeta.Annotations }}
    volumeMounts:
    - {name: workload-socket, mountPath: /var/run/secrets/workload-spiffe-uds}
    - {name: credential-socket, mountPath: /var/run/secrets/credential-uds}
{{- if eq $g.caName "GkeWorkloadCertificate" }}
    - {name: gke-workload-certificate, mountPath: /var/run/secrets/workload-spiffe-credentials, readOnly: true}
{{- else }}
    - {name: workload-certs, mountPath: /var/run/secrets/workload-spiffe-credentials}
{{- end }}
{{- if eq $g.pilotCertProvider "istiod" }}
    - {name: istiod-ca-cert, mountPath: /var/run/secrets/istio}
    - {name: istio-ca-crl, mountPath: /var/run/secrets/istio/crl}
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
{{- if eq $g.proxy.tracer "lightstep" }}
{{- with .ProxyConfig.GetTracing.GetTlsSettings }}
    - name: lightstep-certs
      mountPath: "{{ directory .GetCaCertificates }}"
      readOnly: true
{{- end }}
{{- end }}
{{- if isset $ann "sidecar.istio.io/userVolumeMount" }}
{{- range $mountName, $mount := fromJSON (index $ann "sidecar.istio.io/userVolumeMount") }}
    - name: "{{ $mountName }}"
{{- toYaml $mount | nindent 6 }}
{{- end }}
{{- end }}
{{- end }}

{{- /* The pod volumes behind those mounts. */}}
{{- define "sidecar.volumes" }}
{{- $g := .Values.global }}
{{- $ann := .ObjectMeta.Annotations }}
  volumes:
  - {name: workload-socket, emptyDir: null}
  - {name: credential-socket, emptyDir: null}
{{- if eq $g.caName "GkeWorkloadCertificate" }}
  - name: gke-workload-certificate
    csi: {driver: workloadcertificates.security.cloud.google.com}
{{- else }}
  - {name: workload-certs, emptyDir: null}
{{- end }}
${CUSTOM_BOOTSTRAP_VOLUME}  - {name: istio-envoy, emptyDir: {medium: Memory}}
${IDENTITY_VOLUMES}  - name: istio-ca-crl
    configMap: {name: "{{ .Values.pilot.crlConfigMapName | default "istio-ca-crl" }}", optional: true}
{{- if $g.mountMtlsCerts }}
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
{{- if eq $g.proxy.tracer "lightstep" }}
{{- with .ProxyConfig.GetTracing.GetTlsSettings }}
  - name: lightstep-certs
    secret: {optional: true, secretName: lightstep.cacert}
{{- end }}
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
{{- $agentSettings := .ProxyConfig.ProxyMetadata }}
{{- $pv := .Values.global.proxy }}
{{- $mode := annotation .ObjectMeta "sidecar.istio.io/interceptionMode" .ProxyConfig.InterceptionMode }}
{{- $statusPort := annotation .ObjectMeta "status.sidecar.istio.io/port" $pv.statusPort }}
{{- /* Native unless the pod (or, without the annotation, the injector) says "false". */}}
{{- $native := ne (index $ann "sidecar.istio.io/nativeSidecar" | default (printf "%t" .NativeSidecars)) "false" }}
{{- $holdApp := or .ProxyConfig.HoldApplicationUntilProxyStarts.GetValue $pv.holdApplicationUntilProxyStarts }}
{{- $appNames := list }}
{{- range .Spec.Containers }}{{ if ne .Name "istio-proxy" }}{{ $appNames = append $appNames .Name }}{{ end }}{{ end }}
{{- /* Canonical service name and revision: the first label that is set, in decreasing priority. */}}
{{- $serviceName := .DeploymentMeta.Name }}
{{- range list "app" "app.kubernetes.io/name" "service.istio.io/canonical-name" }}{{ with index $labels . }}{{ $serviceName = . }}{{ end }}{{ end }}
{{- $serviceRevision := "latest" }}
{{- range list "version" "app.kubernetes.io/version" "service.istio.io/canonical-revision" }}{{ with index $labels . }}{{ $serviceRevision = . }}{{ end }}{{ end }}
metadata:
  labels:
    security.istio.io/tlsMode: {{ index $labels "security.istio.io/tlsMode" | default "istio" | quote }}
{{- if eq (index $agentSettings "ISTIO_META_ENABLE_HBONE") "true" }}
    networking.istio.io/tunnel: {{ index $labels "networking.istio.io/tunnel" | default "http" | quote }}
{{- end }}
    service.istio.io/canonical-name: {{ $serviceName | trunc 63 | trimAll "-_." | quote }}
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
{{- if .Values.pilot.cni.enabled }}
{{- template "sidecar.cni-annotations" . }}
{{- end }}
spec:
{{- if ne $mode "NONE" }}
  initContainers:
{{- template "sidecar.capture-init" . }}
{{- else if $native }}
  initContainers:
{{- else }}
  initContainers: []
{{- end }}
{{- if not $native }}
  containers:
{{- end }}
{{- $proxyImageChoice := annotation .ObjectMeta "sidecar.istio.io/proxyImage" $pv.image }}
  - name: istio-proxy
    image: "{{ if contains "/" $proxyImageChoice }}{{ $proxyImageChoice }}{{ else }}{{ .ProxyImage }}{{ end }}"
{{- if $native }}
    restartPolicy: Always
{{- end }}
    ports:
    - {name: http-envoy-prom, containerPort: 15090, protocol: TCP}
    args:
    - proxy
    - sidecar
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
{{- with $pv.outlierLogPath }}
    - --outlierLogPath={{ . }}
{{- end }}
{{- if $pv.lifecycle }}
    lifecycle:
{{- toYaml $pv.lifecycle | nindent 6 }}
{{- else if and $holdApp (not $native) }}
    lifecycle:
      postStart:
        exec: {command: [pilot-agent, wait]}
{{- else if $native }}
    lifecycle:
      preStop:
        # Start draining when the pod begins to shut down; SIGTERM follows once the applications have stopped.
        exec: {command: [pilot-agent, request, "--debug-port={{ $statusPort }}", POST, drain]}
{{- end }}
{{- template "sidecar.proxy-env" . }}
{{- with .Values.global.imagePullPolicy }}
    imagePullPolicy: "{{ . }}"
{{- end }}
{{- if ne $statusPort "0" }}
{{- template "sidecar.probes" . }}
{{- end }}
{{- template "sidecar.proxy-security" . }}
    resources:
{{- template "sidecar.resources" . }}
{{- template "sidecar.proxy-mounts" . }}
{{- template "sidecar.volumes" . }}
`;
