/**
 * @module
 * Istio's MeshConfig and ProxyConfig (istio.io/api `mesh/v1alpha1`) and every message they contain: protobuf
 * descriptors (fields in `.proto` declaration order, JSON names) and the Go types templates see.
 *
 * Go exposure follows protoc-gen-go: a message is a named struct (`v1alpha1.ProxyConfig`) reached through a pointer;
 * fields have Go names (`InterceptionMode`, `HoldApplicationUntilProxyStarts`); an enum is a named int32 with
 * `String()`; wrappers and Durations are pointers to `wrapperspb.*`/`durationpb.Duration`; every field has a getter
 * `GetX()` callable on a nil pointer; every message prints through `String()` in the text format (`seconds:23`).
 * One liberty: a oneof's members are plain fields (`.Zipkin`) besides their getters, where Go has an interface field.
 *
 * Reps follow types.ts: a message is an object keyed by JSON name (`configPath`), an enum its number, a wrapper
 * `{value}`, a Duration `{seconds, nanos}`. {@link meshConfigFromJSON} / {@link proxyConfigFromJSON} turn protojson
 * (enum names, bare wrapper scalars, `"23s"` durations) into reps.
 *
 * Field lists come from istio/api; parts injection never reads (connection settings, retry policy, discovery
 * selectors' requirements…) are opaque: kept as given, not checked.
 */
import { lazyNamedStruct, named, ptrTo, sliceOf, mapOf, T, type GoField, type GoMethod, type GoType } from '../go/types.ts';
import { GoError, GoValue, toDynamic } from '../go/value.ts';
import { durationRepToNanos, GoDurationType } from '../go/duration.ts';
import {
  applyProtoJSON,
  marshalProtoJSON,
  marshalProtoText,
  protoJSONName,
  WELL_KNOWN,
  type ProtoEnum,
  type ProtoField,
  type ProtoFieldType,
  type ProtoMessage,
  type ProtoScalar,
} from '../go/protojson.ts';

// --- descriptor DSL --------------------------------------------------------------------------------------------------

const MESH = 'istio.mesh.v1alpha1';
const NET3 = 'istio.networking.v1alpha3';
const NET1B = 'istio.networking.v1beta1';
const K8S_META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** Proto package → Go package name, longest first. */
const GO_PACKAGES: readonly (readonly [string, string])[] = [
  [K8S_META, 'v1'],
  [MESH, 'v1alpha1'],
  [NET3, 'v1alpha3'],
  [NET1B, 'v1beta1'],
];

const WELL_KNOWN_GO_PACKAGE: Readonly<Record<string, string>> = {
  Duration: 'durationpb',
  Struct: 'structpb',
  Value: 'structpb',
  Empty: 'emptypb',
};

function scalar(s: ProtoScalar): ProtoFieldType {
  return { kind: 'scalar', scalar: s };
}
const STRING = scalar('string');
const BOOL = scalar('bool');
const INT32 = scalar('int32');
const UINT32 = scalar('uint32');
const DOUBLE = scalar('double');

function en(e: ProtoEnum): ProtoFieldType {
  return { kind: 'enum', enum: e };
}
function msgT(m: ProtoMessage): ProtoFieldType {
  return { kind: 'message', message: m };
}
const DURATION = msgT(WELL_KNOWN.Duration);
const BOOL_VALUE = msgT(WELL_KNOWN.BoolValue);
const INT32_VALUE = msgT(WELL_KNOWN.Int32Value);
const INT64_VALUE = msgT(WELL_KNOWN.Int64Value);
const STRUCT = msgT(WELL_KNOWN.Struct);

function field(name: string, type: ProtoFieldType): ProtoField {
  return { name, json: protoJSONName(name), type };
}
function repeated(name: string, type: ProtoFieldType): ProtoField {
  return { name, json: protoJSONName(name), type, repeated: true };
}
function mapField(name: string, key: ProtoScalar, value: ProtoFieldType): ProtoField {
  return { name, json: protoJSONName(name), type: value, mapKey: key };
}
function oneof(group: string, ...members: ProtoField[]): ProtoField[] {
  return members.map((m) => ({ ...m, oneof: group }));
}

/** A message `pkg.path` (path dotted for nested messages: `ProxyConfig.ProxyStatsMatcher`). */
function message(pkg: string, path: string, fields: readonly (ProtoField | readonly ProtoField[])[] = []): ProtoMessage {
  return Object.freeze({ fullName: `${pkg}.${path}`, fields: Object.freeze(fields.flat()) });
}
/** A message whose content injection never reads: its JSON is kept as given. */
function opaque(pkg: string, path: string): ProtoMessage {
  return Object.freeze({ fullName: `${pkg}.${path}`, fields: [], opaque: true });
}
/** An enum; values numbered from 0 in order unless given as [name, number]. */
function enumOf(pkg: string, path: string, values: readonly (string | readonly [string, number])[]): ProtoEnum {
  return Object.freeze({
    fullName: `${pkg}.${path}`,
    values: Object.freeze(values.map((v, i) => (typeof v === 'string' ? { name: v, number: i } : { name: v[0], number: v[1] }))),
  });
}

// --- istio.networking (the parts mesh/proxy config use) ----------------------------------------------------------------

const ClientTLSSettingsMode = enumOf(NET3, 'ClientTLSSettings.TLSmode', ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);

export const ClientTLSSettings: ProtoMessage = message(NET3, 'ClientTLSSettings', [
  field('mode', en(ClientTLSSettingsMode)),
  field('client_certificate', STRING),
  field('private_key', STRING),
  field('ca_certificates', STRING),
  field('credential_name', STRING),
  repeated('subject_alt_names', STRING),
  field('sni', STRING),
  field('insecure_skip_verify', BOOL_VALUE),
  field('ca_crl', STRING),
]);

const TcpKeepalive = message(NET3, 'ConnectionPoolSettings.TCPSettings.TcpKeepalive', [
  field('probes', UINT32),
  field('time', DURATION),
  field('interval', DURATION),
]);

const HTTPHeader = message(NET3, 'HTTPHeader', [field('name', STRING), field('value', STRING)]);
const HTTPHealthCheckConfig = message(NET3, 'HTTPHealthCheckConfig', [
  field('path', STRING),
  field('port', UINT32),
  field('host', STRING),
  field('scheme', STRING),
  repeated('http_headers', msgT(HTTPHeader)),
]);
const TCPHealthCheckConfig = message(NET3, 'TCPHealthCheckConfig', [field('host', STRING), field('port', UINT32)]);
const ExecHealthCheckConfig = message(NET3, 'ExecHealthCheckConfig', [repeated('command', STRING)]);
const GrpcHealthCheckConfig = message(NET3, 'GrpcHealthCheckConfig', [field('port', UINT32), field('service', STRING)]);

const ReadinessProbe = message(NET3, 'ReadinessProbe', [
  field('initial_delay_seconds', INT32),
  field('timeout_seconds', INT32),
  field('period_seconds', INT32),
  field('success_threshold', INT32),
  field('failure_threshold', INT32),
  oneof(
    'health_check_method',
    field('http_get', msgT(HTTPHealthCheckConfig)),
    field('tcp_socket', msgT(TCPHealthCheckConfig)),
    field('exec', msgT(ExecHealthCheckConfig)),
    field('grpc', msgT(GrpcHealthCheckConfig)),
  ),
]);

const LocalityDistribute = message(NET3, 'LocalityLoadBalancerSetting.Distribute', [
  field('from', STRING),
  mapField('to', 'string', UINT32),
]);
const LocalityFailover = message(NET3, 'LocalityLoadBalancerSetting.Failover', [field('from', STRING), field('to', STRING)]);
const LocalityLoadBalancerSetting = message(NET3, 'LocalityLoadBalancerSetting', [
  repeated('distribute', msgT(LocalityDistribute)),
  repeated('failover', msgT(LocalityFailover)),
  repeated('failover_priority', STRING),
  field('enabled', BOOL_VALUE),
]);

const ProxyImage = message(NET1B, 'ProxyImage', [field('image_type', STRING)]);

// --- ProxyConfig ------------------------------------------------------------------------------------------------------

const AuthenticationPolicy = enumOf(MESH, 'AuthenticationPolicy', ['NONE', 'MUTUAL_TLS', ['INHERIT', 1000]]);
const ForwardClientCertDetails = enumOf(MESH, 'ForwardClientCertDetails', [
  'UNDEFINED',
  'SANITIZE',
  'FORWARD_ONLY',
  'APPEND_FORWARD',
  'SANITIZE_SET',
  'ALWAYS_FORWARD_ONLY',
]);
const TraceContext = enumOf(MESH, 'Tracing.OpenCensusAgent.TraceContext', [
  'UNSPECIFIED',
  'W3C_TRACE_CONTEXT',
  'GRPC_BIN',
  'CLOUD_TRACE_CONTEXT',
  'B3',
]);

const TracingLiteral = message(MESH, 'Tracing.Literal', [field('value', STRING)]);
const TracingEnvironment = message(MESH, 'Tracing.Environment', [field('name', STRING), field('default_value', STRING)]);
const TracingRequestHeader = message(MESH, 'Tracing.RequestHeader', [field('name', STRING), field('default_value', STRING)]);
const TracingCustomTag = message(MESH, 'Tracing.CustomTag', [
  oneof(
    'type',
    field('literal', msgT(TracingLiteral)),
    field('environment', msgT(TracingEnvironment)),
    field('header', msgT(TracingRequestHeader)),
  ),
]);

export const Tracing: ProtoMessage = message(MESH, 'Tracing', [
  oneof(
    'tracer',
    field('zipkin', msgT(message(MESH, 'Tracing.Zipkin', [field('address', STRING)]))),
    field('lightstep', msgT(message(MESH, 'Tracing.Lightstep', [field('address', STRING), field('access_token', STRING)]))),
    field('datadog', msgT(message(MESH, 'Tracing.Datadog', [field('address', STRING)]))),
    field(
      'stackdriver',
      msgT(
        message(MESH, 'Tracing.Stackdriver', [
          field('debug', BOOL),
          field('max_number_of_attributes', INT64_VALUE),
          field('max_number_of_annotations', INT64_VALUE),
          field('max_number_of_message_events', INT64_VALUE),
        ]),
      ),
    ),
    field(
      'open_census_agent',
      msgT(message(MESH, 'Tracing.OpenCensusAgent', [field('address', STRING), repeated('context', en(TraceContext))])),
    ),
  ),
  mapField('custom_tags', 'string', msgT(TracingCustomTag)),
  field('max_path_tag_length', UINT32),
  field('sampling', DOUBLE),
  field('tls_settings', msgT(ClientTLSSettings)),
  field('enable_istio_tags', BOOL_VALUE),
]);

const SDS = message(MESH, 'SDS', [field('enabled', BOOL), field('k8s_sa_jwt_path', STRING)]);

const Topology = message(MESH, 'Topology', [
  field('num_trusted_proxies', UINT32),
  field('forward_client_cert_details', en(ForwardClientCertDetails)),
  field('proxy_protocol', msgT(message(MESH, 'Topology.ProxyProtocolConfiguration'))),
]);

const RemoteService = message(MESH, 'RemoteService', [
  field('address', STRING),
  field('tls_settings', msgT(ClientTLSSettings)),
  field('tcp_keepalive', msgT(TcpKeepalive)),
]);

const PrivateKeyProvider = message(MESH, 'PrivateKeyProvider', [
  oneof(
    'provider',
    field(
      'cryptomb',
      msgT(message(MESH, 'PrivateKeyProvider.CryptoMb', [field('poll_delay', DURATION), field('fallback', BOOL_VALUE)])),
    ),
    field('qat', msgT(message(MESH, 'PrivateKeyProvider.QAT', [field('poll_delay', DURATION), field('fallback', BOOL_VALUE)]))),
  ),
]);

const ProxyStatsMatcher = message(MESH, 'ProxyConfig.ProxyStatsMatcher', [
  repeated('inclusion_prefixes', STRING),
  repeated('inclusion_suffixes', STRING),
  repeated('inclusion_regexps', STRING),
]);

const MetadataExchangeMode = enumOf(MESH, 'ProxyConfig.ProxyHeaders.MetadataExchangeMode', ['UNDEFINED', 'IN_MESH']);
function disabledHeader(name: string): ProtoMessage {
  return message(MESH, `ProxyConfig.ProxyHeaders.${name}`, [field('disabled', BOOL_VALUE)]);
}

const ProxyHeaders = message(MESH, 'ProxyConfig.ProxyHeaders', [
  field('forwarded_client_cert', en(ForwardClientCertDetails)),
  field('request_id', msgT(disabledHeader('RequestId'))),
  field(
    'server',
    msgT(message(MESH, 'ProxyConfig.ProxyHeaders.Server', [field('disabled', BOOL_VALUE), field('value', STRING)])),
  ),
  field('attempt_count', msgT(disabledHeader('AttemptCount'))),
  field('envoy_debug_headers', msgT(disabledHeader('EnvoyDebugHeaders'))),
  field(
    'metadata_exchange_headers',
    msgT(message(MESH, 'ProxyConfig.ProxyHeaders.MetadataExchangeHeaders', [field('mode', en(MetadataExchangeMode))])),
  ),
  field(
    'set_current_client_cert_details',
    msgT(
      message(MESH, 'ProxyConfig.ProxyHeaders.SetCurrentClientCertDetails', [
        field('subject', BOOL_VALUE),
        field('cert', BOOL_VALUE),
        field('chain', BOOL_VALUE),
        field('dns', BOOL_VALUE),
        field('uri', BOOL_VALUE),
      ]),
    ),
  ),
  field('preserve_http1_header_case', BOOL_VALUE),
]);

const TracingServiceName = enumOf(MESH, 'ProxyConfig.TracingServiceName', [
  'APP_LABEL_AND_NAMESPACE',
  'CANONICAL_NAME_ONLY',
  'CANONICAL_NAME_AND_NAMESPACE',
]);
const InboundInterceptionMode = enumOf(MESH, 'ProxyConfig.InboundInterceptionMode', ['REDIRECT', 'TPROXY', 'NONE']);

/** ProxyConfig, fields in the order `istio-injection.md` §4.4 lists (the order jsonpb prints). */
export const ProxyConfig: ProtoMessage = message(MESH, 'ProxyConfig', [
  field('config_path', STRING),
  field('binary_path', STRING),
  oneof('cluster_name', field('service_cluster', STRING), field('tracing_service_name', en(TracingServiceName))),
  field('drain_duration', DURATION),
  field('discovery_address', STRING),
  field('discovery_refresh_delay', DURATION),
  field('zipkin_address', STRING),
  field('statsd_udp_address', STRING),
  field('envoy_metrics_service_address', STRING),
  field('proxy_admin_port', INT32),
  field('availability_zone', STRING),
  field('control_plane_auth_policy', en(AuthenticationPolicy)),
  field('custom_config_file', STRING),
  field('stat_name_length', INT32),
  field('concurrency', INT32_VALUE),
  field('proxy_bootstrap_template_path', STRING),
  field('interception_mode', en(InboundInterceptionMode)),
  field('tracing', msgT(Tracing)),
  field('sds', msgT(SDS)),
  field('envoy_access_log_service', msgT(RemoteService)),
  field('envoy_metrics_service', msgT(RemoteService)),
  mapField('proxy_metadata', 'string', STRING),
  mapField('runtime_values', 'string', STRING),
  field('status_port', INT32),
  repeated('extra_stat_tags', STRING),
  field('gateway_topology', msgT(Topology)),
  field('termination_drain_duration', DURATION),
  field('mesh_id', STRING),
  field('readiness_probe', msgT(ReadinessProbe)),
  field('proxy_stats_matcher', msgT(ProxyStatsMatcher)),
  field('hold_application_until_proxy_starts', BOOL_VALUE),
  repeated('ca_certificates_pem', STRING),
  field('image', msgT(ProxyImage)),
  field('private_key_provider', msgT(PrivateKeyProvider)),
  field('proxy_headers', msgT(ProxyHeaders)),
  field('file_flush_interval', DURATION),
  field('file_flush_min_size_kb', UINT32),
  field('stats_compression', BOOL_VALUE),
  field('connection_settings', msgT(opaque(MESH, 'ProxyConfig.ConnectionSettings'))),
]);

// --- MeshConfig -------------------------------------------------------------------------------------------------------

const EP = 'MeshConfig.ExtensionProvider';

const ExtAuthzRequestBody = message(MESH, `${EP}.EnvoyExternalAuthorizationRequestBody`, [
  field('max_request_bytes', UINT32),
  field('allow_partial_message', BOOL),
  field('pack_as_bytes', BOOL),
]);

const ExtAuthzHttp = message(MESH, `${EP}.EnvoyExternalAuthorizationHttpProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('timeout', DURATION),
  field('path_prefix', STRING),
  field('fail_open', BOOL),
  field('status_on_error', STRING),
  repeated('include_headers_in_check', STRING),
  repeated('include_request_headers_in_check', STRING),
  mapField('include_additional_headers_in_check', 'string', STRING),
  field('include_request_body_in_check', msgT(ExtAuthzRequestBody)),
  repeated('headers_to_upstream_on_allow', STRING),
  repeated('headers_to_downstream_on_deny', STRING),
  repeated('headers_to_downstream_on_allow', STRING),
]);

const ExtAuthzGrpc = message(MESH, `${EP}.EnvoyExternalAuthorizationGrpcProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('timeout', DURATION),
  field('fail_open', BOOL),
  field('status_on_error', STRING),
  field('include_request_body_in_check', msgT(ExtAuthzRequestBody)),
]);

const ZipkinProvider = message(MESH, `${EP}.ZipkinTracingProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('max_tag_length', UINT32),
  field('enable_64bit_trace_id', BOOL),
]);
const LightstepProvider = message(MESH, `${EP}.LightstepTracingProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('access_token', STRING),
  field('max_tag_length', UINT32),
]);
const DatadogProvider = message(MESH, `${EP}.DatadogTracingProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('max_tag_length', UINT32),
]);
const SkyWalkingProvider = message(MESH, `${EP}.SkyWalkingTracingProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('access_token', STRING),
]);
const StackdriverProvider = message(MESH, `${EP}.StackdriverProvider`, [
  field('debug', BOOL),
  field('max_number_of_attributes', INT64_VALUE),
  field('max_number_of_annotations', INT64_VALUE),
  field('max_number_of_message_events', INT64_VALUE),
  field('max_tag_length', UINT32),
  field('logging', msgT(message(MESH, `${EP}.StackdriverProvider.Logging`, [mapField('labels', 'string', STRING)]))),
]);
const OpenCensusProvider = message(MESH, `${EP}.OpenCensusAgentTracingProvider`, [
  field('service', STRING),
  field('port', UINT32),
  repeated('context', en(enumOf(MESH, `${EP}.OpenCensusAgentTracingProvider.TraceContext`, TraceContext.values.map((v) => v.name)))),
  field('max_tag_length', UINT32),
]);
const HttpHeaderProvider = message(MESH, `${EP}.HttpHeader`, [field('name', STRING), field('value', STRING)]);
const HttpService = message(MESH, `${EP}.HttpService`, [
  field('path', STRING),
  field('timeout', DURATION),
  repeated('headers', msgT(HttpHeaderProvider)),
]);
const ResourceDetectors = message(MESH, `${EP}.ResourceDetectors`, [
  field('environment', msgT(message(MESH, `${EP}.ResourceDetectors.EnvironmentResourceDetector`))),
  field('dynatrace', msgT(message(MESH, `${EP}.ResourceDetectors.DynatraceResourceDetector`))),
]);
/** How injection enriches OTEL_RESOURCE_ATTRIBUTES (`otelResourceAttributes`); only OTEL_SEMANTIC_CONVENTIONS is read. */
const ServiceAttributeEnrichment = enumOf(MESH, `${EP}.OpenTelemetryTracingProvider.ServiceAttributeEnrichment`, [
  'DEFAULT',
  'OTEL_SEMANTIC_CONVENTIONS',
]);
const OpenTelemetryProvider = message(MESH, `${EP}.OpenTelemetryTracingProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('max_tag_length', UINT32),
  field('http', msgT(HttpService)),
  field('resource_detectors', msgT(ResourceDetectors)),
  oneof('sampler', field('dynatrace_sampler', msgT(opaque(MESH, `${EP}.OpenTelemetryTracingProvider.DynatraceSampler`)))),
  field('service_attribute_enrichment', en(ServiceAttributeEnrichment)),
]);
const FileAccessLogFormat = message(MESH, `${EP}.EnvoyFileAccessLogProvider.LogFormat`, [
  oneof('log_format', field('text', STRING), field('labels', STRUCT)),
]);
const FileAccessLogProvider = message(MESH, `${EP}.EnvoyFileAccessLogProvider`, [
  field('path', STRING),
  field('log_format', msgT(FileAccessLogFormat)),
]);
const HttpGrpcV3LogProvider = message(MESH, `${EP}.EnvoyHttpGrpcV3LogProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('log_name', STRING),
  repeated('filter_state_objects_to_log', STRING),
  repeated('additional_request_headers_to_log', STRING),
  repeated('additional_response_headers_to_log', STRING),
  repeated('additional_response_trailers_to_log', STRING),
]);
const TcpGrpcV3LogProvider = message(MESH, `${EP}.EnvoyTcpGrpcV3LogProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('log_name', STRING),
  repeated('filter_state_objects_to_log', STRING),
]);
const OtelLogProvider = message(MESH, `${EP}.EnvoyOpenTelemetryLogProvider`, [
  field('service', STRING),
  field('port', UINT32),
  field('log_name', STRING),
  field(
    'log_format',
    msgT(message(MESH, `${EP}.EnvoyOpenTelemetryLogProvider.LogFormat`, [field('text', STRING), field('labels', STRUCT)])),
  ),
]);

export const ExtensionProvider: ProtoMessage = message(MESH, EP, [
  field('name', STRING),
  oneof(
    'provider',
    field('envoy_ext_authz_http', msgT(ExtAuthzHttp)),
    field('envoy_ext_authz_grpc', msgT(ExtAuthzGrpc)),
    field('zipkin', msgT(ZipkinProvider)),
    field('lightstep', msgT(LightstepProvider)),
    field('datadog', msgT(DatadogProvider)),
    field('stackdriver', msgT(StackdriverProvider)),
    field('opencensus', msgT(OpenCensusProvider)),
    field('skywalking', msgT(SkyWalkingProvider)),
    field('opentelemetry', msgT(OpenTelemetryProvider)),
    field('prometheus', msgT(message(MESH, `${EP}.PrometheusMetricsProvider`))),
    field('envoy_file_access_log', msgT(FileAccessLogProvider)),
    field('envoy_http_als', msgT(HttpGrpcV3LogProvider)),
    field('envoy_tcp_als', msgT(TcpGrpcV3LogProvider)),
    field('envoy_otel_als', msgT(OtelLogProvider)),
  ),
]);

export const DefaultProviders: ProtoMessage = message(MESH, 'MeshConfig.DefaultProviders', [
  repeated('tracing', STRING),
  repeated('metrics', STRING),
  repeated('access_logging', STRING),
]);

const OutboundTrafficPolicy = message(MESH, 'MeshConfig.OutboundTrafficPolicy', [
  field('mode', en(enumOf(MESH, 'MeshConfig.OutboundTrafficPolicy.Mode', ['REGISTRY_ONLY', 'ALLOW_ANY']))),
]);
const InboundTrafficPolicy = message(MESH, 'MeshConfig.InboundTrafficPolicy', [
  field('mode', en(enumOf(MESH, 'MeshConfig.InboundTrafficPolicy.Mode', ['PASSTHROUGH', 'LOCALHOST']))),
]);
const ConfigSource = message(MESH, 'ConfigSource', [
  field('address', STRING),
  field('tls_settings', msgT(ClientTLSSettings)),
  repeated('subscribed_resources', en(enumOf(MESH, 'Resource', ['SERVICE_REGISTRY']))),
]);
const CertificateData = message(MESH, 'MeshConfig.CertificateData', [
  oneof('certificate_data', field('pem', STRING), field('spiffe_bundle_url', STRING)),
  repeated('cert_signers', STRING),
  repeated('trust_domains', STRING),
]);
const Certificate = message(MESH, 'Certificate', [field('secret_name', STRING), repeated('dns_names', STRING)]);
const ServiceSettings = message(MESH, 'MeshConfig.ServiceSettings', [
  field('settings', msgT(message(MESH, 'MeshConfig.ServiceSettings.Settings', [field('cluster_local', BOOL)]))),
  repeated('hosts', STRING),
]);
const CA = message(MESH, 'MeshConfig.CA', [
  field('address', STRING),
  field('tls_settings', msgT(ClientTLSSettings)),
  field('request_timeout', DURATION),
  field('istiod_side', BOOL),
]);
const LabelSelector = message(K8S_META, 'LabelSelector', [
  mapField('matchLabels', 'string', STRING),
  repeated('matchExpressions', msgT(opaque(K8S_META, 'LabelSelectorRequirement'))),
]);
const ProxyPathNormalization = message(MESH, 'MeshConfig.ProxyPathNormalization', [
  field(
    'normalization',
    en(
      enumOf(MESH, 'MeshConfig.ProxyPathNormalization.NormalizationType', [
        'DEFAULT',
        'NONE',
        'BASE',
        'MERGE_SLASHES',
        'DECODE_AND_MERGE_SLASHES',
      ]),
    ),
  ),
]);
const TLSConfig = message(MESH, 'MeshConfig.TLSConfig', [
  field('min_protocol_version', en(enumOf(MESH, 'MeshConfig.TLSConfig.TLSProtocol', ['TLS_AUTO', 'TLSV1_2', 'TLSV1_3']))),
  repeated('ecdh_curves', STRING),
  repeated('cipher_suites', STRING),
]);

export const MeshConfig: ProtoMessage = message(MESH, 'MeshConfig', [
  field('proxy_listen_port', INT32),
  field('proxy_inbound_listen_port', INT32),
  field('proxy_http_port', INT32),
  field('connect_timeout', DURATION),
  field('protocol_detection_timeout', DURATION),
  field('tcp_keepalive', msgT(TcpKeepalive)),
  field('ingress_class', STRING),
  field('ingress_service', STRING),
  field('ingress_controller_mode', en(enumOf(MESH, 'MeshConfig.IngressControllerMode', ['UNSPECIFIED', 'OFF', 'DEFAULT', 'STRICT']))),
  field('ingress_selector', STRING),
  field('enable_tracing', BOOL),
  field('access_log_file', STRING),
  field('access_log_format', STRING),
  field('access_log_encoding', en(enumOf(MESH, 'MeshConfig.AccessLogEncoding', ['TEXT', 'JSON']))),
  field('enable_envoy_access_log_service', BOOL),
  field('disable_envoy_listener_log', BOOL),
  field('default_config', msgT(ProxyConfig)),
  field('outbound_traffic_policy', msgT(OutboundTrafficPolicy)),
  field('inbound_traffic_policy', msgT(InboundTrafficPolicy)),
  repeated('config_sources', msgT(ConfigSource)),
  field('enable_auto_mtls', BOOL_VALUE),
  field('trust_domain', STRING),
  repeated('trust_domain_aliases', STRING),
  repeated('ca_certificates', msgT(CertificateData)),
  repeated('default_service_export_to', STRING),
  repeated('default_virtual_service_export_to', STRING),
  repeated('default_destination_rule_export_to', STRING),
  field('root_namespace', STRING),
  field('locality_lb_setting', msgT(LocalityLoadBalancerSetting)),
  field('dns_refresh_rate', DURATION),
  field('h2_upgrade_policy', en(enumOf(MESH, 'MeshConfig.H2UpgradePolicy', ['DO_NOT_UPGRADE', 'UPGRADE']))),
  field('inbound_cluster_stat_name', STRING),
  field('outbound_cluster_stat_name', STRING),
  repeated('certificates', msgT(Certificate)),
  repeated('service_settings', msgT(ServiceSettings)),
  field('enable_prometheus_merge', BOOL_VALUE),
  field('verify_certificate_at_client', BOOL_VALUE),
  field('ca', msgT(CA)),
  repeated('extension_providers', msgT(ExtensionProvider)),
  field('default_providers', msgT(DefaultProviders)),
  repeated('discovery_selectors', msgT(LabelSelector)),
  field('path_normalization', msgT(ProxyPathNormalization)),
  field('default_http_retry_policy', msgT(opaque(NET3, 'HTTPRetry'))),
  field('mesh_mTLS', msgT(TLSConfig)),
  field('tls_defaults', msgT(TLSConfig)),
  field('compliance_policy', STRING),
  repeated('service_scope_configs', msgT(opaque(MESH, 'MeshConfig.ServiceScopeConfigs'))),
]);

// --- Go types ---------------------------------------------------------------------------------------------------------

/** protoc-gen-go's Go name of a field: `config_path` → `ConfigPath`, `k8s_sa_jwt_path` → `K8SSaJwtPath`. */
export function goCamelCase(protoName: string): string {
  let out = '';
  for (let i = 0; i < protoName.length; i++) {
    const c = protoName.charCodeAt(i);
    if (c === UNDERSCORE && i === 0) out += 'X';
    else if (c === UNDERSCORE && isLowerAt(protoName, i + 1)) continue;
    else if (c >= DIGIT_0 && c <= DIGIT_9) out += protoName[i]!;
    else {
      out += protoName[i]!.toUpperCase();
      while (isLowerAt(protoName, i + 1)) out += protoName[++i]!;
    }
  }
  return out;
}

const UNDERSCORE = 0x5f;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

function isLowerAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x61 && c <= 0x7a;
}

function goTypeName(fullName: string): string {
  if (fullName.startsWith('google.protobuf.')) {
    const name = fullName.slice('google.protobuf.'.length);
    return `${WELL_KNOWN_GO_PACKAGE[name] ?? 'wrapperspb'}.${name}`;
  }
  for (const [pkg, goPkg] of GO_PACKAGES) {
    if (fullName.startsWith(`${pkg}.`)) return `${goPkg}.${fullName.slice(pkg.length + 1).replaceAll('.', '_')}`;
  }
  return fullName;
}

const messageTypes = new Map<ProtoMessage, GoType>();
const enumTypes = new Map<ProtoEnum, GoType>();
const descriptorOfType = new Map<GoType, ProtoMessage>();

function enumGoType(e: ProtoEnum): GoType {
  let t = enumTypes.get(e);
  if (t) return t;
  const names = new Map(e.values.map((v) => [v.number, v.name]));
  t = named(goTypeName(e.fullName), T.int32, {
    methods: {
      String: { params: [], results: [T.string], ptr: false, impl: (n: number) => names.get(n) ?? String(n) },
    },
  });
  enumTypes.set(e, t);
  return t;
}

function singularGoType(type: ProtoFieldType): GoType {
  if (type.kind === 'message') return ptrTo(messageGoType(type.message));
  if (type.kind === 'enum') return enumGoType(type.enum);
  switch (type.scalar) {
    case 'bool':
      return T.bool;
    case 'string':
      return T.string;
    case 'int32':
      return T.int32;
    case 'int64':
      return T.int64;
    case 'uint32':
      return T.uint32;
    case 'uint64':
      return T.uint64;
    case 'float':
      return T.float32;
    case 'double':
      return T.float64;
  }
}

function fieldGoType(f: ProtoField): GoType {
  const elem = singularGoType(f.type);
  if (f.mapKey !== undefined) return mapOf(singularGoType({ kind: 'scalar', scalar: f.mapKey }), elem);
  return f.repeated ? sliceOf(elem) : elem;
}

function zeroFieldRep(t: GoType): unknown {
  switch (t.kind) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'int':
    case 'uint':
    case 'float':
      return 0;
    default:
      return null;
  }
}

/** A getter `GetX()` on a pointer receiver: nil (or an unset field) gives the field's zero value. */
function getter(f: ProtoField, t: GoType): GoMethod {
  return {
    params: [],
    results: [t],
    ptr: true,
    impl: (recv: Record<string, unknown> | null) => {
      const v = recv !== null && typeof recv === 'object' && Object.hasOwn(recv, f.json) ? recv[f.json] : undefined;
      return v === undefined || v === null ? zeroFieldRep(t) : v;
    },
  };
}

/**
 * The Go struct type of a message (reached through a pointer: `*v1alpha1.ProxyConfig`). Its fields and methods are
 * built on first use: the graph below MeshConfig is large and a run reads little of it.
 */
export function messageGoType(desc: ProtoMessage): GoType {
  let t = messageTypes.get(desc);
  if (t) return t;
  t = lazyNamedStruct(goTypeName(desc.fullName), () => messageMembers(desc));
  messageTypes.set(desc, t);
  descriptorOfType.set(t, desc);
  return t;
}

function messageMembers(desc: ProtoMessage): { fields: GoField[]; methods: Record<string, GoMethod> } {
  const fields: GoField[] = [];
  const methods: Record<string, GoMethod> = {};
  for (const f of desc.fields) {
    const ft = fieldGoType(f);
    const name = goCamelCase(f.name);
    fields.push({ name, type: ft, json: f.json, omitempty: true });
    methods[`Get${name}`] = getter(f, ft);
  }
  methods['String'] = {
    params: [],
    results: [T.string],
    ptr: true,
    impl: (recv: unknown) => marshalProtoText(desc, recv),
  };
  if (desc.wellKnown === 'Duration') {
    methods['AsDuration'] = {
      params: [],
      results: [GoDurationType],
      ptr: true,
      impl: (recv: unknown) => Number(durationRepToNanos(recv)),
    };
  }
  return { fields, methods };
}

/** The message descriptor behind a Go type (the struct or a pointer to it), if it is one of ours. */
export function messageDescriptorOf(t: GoType): ProtoMessage | undefined {
  return descriptorOfType.get(t.kind === 'ptr' && t.elem ? t.elem : t);
}

export const MeshConfigType: GoType = messageGoType(MeshConfig);
export const ProxyConfigType: GoType = messageGoType(ProxyConfig);
export const DurationType: GoType = messageGoType(WELL_KNOWN.Duration);
export const BoolValueType: GoType = messageGoType(WELL_KNOWN.BoolValue);
export const Int32ValueType: GoType = messageGoType(WELL_KNOWN.Int32Value);
export const UInt32ValueType: GoType = messageGoType(WELL_KNOWN.UInt32Value);
export const ExtensionProviderType: GoType = messageGoType(ExtensionProvider);

/** `.MeshConfig` as templates see it: a `*v1alpha1.MeshConfig` over a rep (null: a nil pointer). */
export function meshConfigValue(rep: unknown): GoValue {
  return new GoValue(ptrTo(MeshConfigType), rep ?? null);
}

/** `.ProxyConfig` as templates see it: a `*v1alpha1.ProxyConfig`. */
export function proxyConfigValue(rep: unknown): GoValue {
  return new GoValue(ptrTo(ProxyConfigType), rep ?? null);
}

// --- JSON bridges ------------------------------------------------------------------------------------------------------

/**
 * A MeshConfig rep from protojson-style JSON (as mesh YAML decodes: enum names, bare wrapper scalars, "23s"),
 * applied onto `base` when given. Throws ProtoJSONError naming the field.
 */
export function meshConfigFromJSON(json: unknown, base: unknown = null): Record<string, unknown> {
  return applyProtoJSON(MeshConfig, base, json) as Record<string, unknown>;
}

/** A ProxyConfig rep from protojson-style JSON (the `proxy.istio.io/config` annotation's content), onto `base`. */
export function proxyConfigFromJSON(json: unknown, base: unknown = null): Record<string, unknown> {
  return applyProtoJSON(ProxyConfig, base, json) as Record<string, unknown>;
}

/**
 * The legacy jsonpb JSON of a proto message value (`*T` or `T`, possibly inside an interface); a nil message or a
 * failing marshal gives `{}` as Istio's protoToJSON does. No ProxyConfig cleaning: that is `mesh/proxy-config.ts`.
 */
export function protoMessageToJSON(v: GoValue): string {
  if (v.t.kind === 'iface' && (v.v === null || v.v === undefined)) return '{}';
  const value = v.t.kind === 'iface' ? toDynamic(v.v) : v;
  const desc = messageDescriptorOf(value.t);
  if (!desc) throw new GoError(`wrong type for value; expected proto.Message; got ${value.t.name}`);
  if (value.v === null || value.v === undefined) return '{}';
  try {
    return marshalProtoJSON(desc, value.v);
  } catch {
    return '{}';
  }
}
