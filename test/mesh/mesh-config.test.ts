import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findMethod, callMethod, structField, sliceElements, GoValue } from '../../src/go/value.ts';
import { marshalProtoJSON } from '../../src/go/protojson.ts';
import { MeshConfig, MeshConfigType } from '../../src/schema/mesh.ts';
import {
  applyMeshConfig,
  defaultMeshConfig,
  inboundTrafficPolicyMode,
  MeshConfigError,
  meshWithProxyConfigAnnotation,
  wantsOtelSemanticConventions,
  type MeshConfigRep,
} from '../../src/mesh/mesh-config.ts';
import { proxyConfigToJSON } from '../../src/mesh/proxy-config.ts';
import { readShared, sharedPath } from '../support/shared.ts';

const TEST_MESH = 'conformance/istio/settings/default/mesh.yaml';

function field(mc: MeshConfigRep, name: string): GoValue {
  const v = structField(new GoValue(MeshConfigType, mc), name);
  if (!v) throw new Error(`no field ${name}`);
  return v;
}

function call(v: GoValue, name: string): GoValue {
  const m = findMethod(v, name);
  if (!m) throw new Error(`no method ${name} on ${v.t.name}`);
  return new GoValue(m.results[0]!, callMethod(v, m, name, []));
}

function problem(input: unknown, base?: MeshConfigRep): MeshConfigError {
  try {
    applyMeshConfig(input, base);
  } catch (e) {
    assert.instance(e, MeshConfigError);
    return e as MeshConfigError;
  }
  throw new Error('expected a MeshConfigError');
}

const defaults = suite('DefaultMeshConfig');

defaults('has Istio defaults (istio-injection.md §4.2)', () => {
  const mc = defaultMeshConfig();
  assert.is(field(mc, 'ProxyListenPort').v, 15001);
  assert.is(field(mc, 'ProxyListenPort').t.name, 'int32');
  assert.is(field(mc, 'ProxyInboundListenPort').v, 15006);
  assert.is(field(mc, 'IngressClass').v, 'istio');
  assert.is(field(mc, 'IngressService').v, 'istio-ingressgateway');
  assert.is(call(field(mc, 'IngressControllerMode'), 'String').v, 'STRICT');
  assert.is(call(field(mc, 'AccessLogEncoding'), 'String').v, 'TEXT');
  assert.is(field(mc, 'EnableTracing').v, true);
  assert.is(field(mc, 'AccessLogFile').v, '');
  assert.is(field(mc, 'TrustDomain').v, 'cluster.local');
  assert.is(field(mc, 'RootNamespace').v, 'istio-system');
  assert.is(call(field(mc, 'EnableAutoMtls'), 'GetValue').v, true);
  assert.is(call(field(mc, 'EnablePrometheusMerge'), 'GetValue').v, true);
  assert.is(call(call(field(mc, 'OutboundTrafficPolicy'), 'GetMode'), 'String').v, 'ALLOW_ANY');
  assert.is(call(call(field(mc, 'InboundTrafficPolicy'), 'GetMode'), 'String').v, 'PASSTHROUGH');
  assert.is(call(call(field(mc, 'LocalityLbSetting'), 'GetEnabled'), 'GetValue').v, true);
  assert.is(call(field(mc, 'ConnectTimeout'), 'String').v, 'seconds:10');
  assert.is(call(field(mc, 'DnsRefreshRate'), 'String').v, 'seconds:60');
  assert.is(call(field(mc, 'ProtocolDetectionTimeout'), 'String').v, '');
  assert.equal(field(mc, 'DefaultServiceExportTo').v, ['*']);
  assert.equal(field(mc, 'DefaultVirtualServiceExportTo').v, ['*']);
  assert.equal(field(mc, 'DefaultDestinationRuleExportTo').v, ['*']);
  const providers = sliceElements(field(mc, 'ExtensionProviders')).map((p) => call(p, 'GetName').v);
  assert.equal(providers, ['prometheus', 'stackdriver', 'envoy']);
  assert.is(marshalProtoJSON(MeshConfig, { extensionProviders: mc['extensionProviders'] }),
    '{"extensionProviders":[{"name":"prometheus","prometheus":{}},{"name":"stackdriver","stackdriver":{}},{"name":"envoy","envoyFileAccessLog":{"path":"/dev/stdout"}}]}');
  // defaultConfig = DefaultProxyConfig, which protoToJSON cleans away entirely.
  assert.is(proxyConfigToJSON(mc['defaultConfig'] as Record<string, unknown>), '{}');
});

defaults('each call is a fresh copy', () => {
  const a = defaultMeshConfig();
  (a['defaultConfig'] as Record<string, unknown>)['configPath'] = '/changed';
  assert.is((defaultMeshConfig()['defaultConfig'] as Record<string, unknown>)['configPath'], './etc/istio/proxy');
});

defaults.run();

// ---

const apply = suite('ApplyMeshConfig');

apply('the conformance test mesh (istio-injection.md §4.2)', () => {
  if (!sharedPath(TEST_MESH, 'ApplyMeshConfig on the test mesh')) return;
  const mc = applyMeshConfig(readShared(TEST_MESH));
  assert.is(field(mc, 'TrustDomain').v, 'cluster.local');
  assert.is(field(mc, 'RootNamespace').v, 'istio-system');
  assert.equal(call(field(mc, 'DefaultProviders'), 'GetMetrics').v, ['prometheus']);
  assert.is(call(field(mc, 'EnablePrometheusMerge'), 'GetValue').v, true);
  const pc = call(field(mc, 'DefaultConfig'), 'GetDiscoveryAddress');
  assert.is(pc.v, 'istiod.istio-system.svc:15012');
  // Everything else keeps the defaults.
  assert.is(field(mc, 'ProxyListenPort').v, 15001);
  assert.is((mc['extensionProviders'] as unknown[]).length, 3);
  assert.is(proxyConfigToJSON(mc['defaultConfig'] as Record<string, unknown>), '{}');
});

apply('empty text keeps the defaults', () => {
  const mc = applyMeshConfig('');
  assert.is(marshalProtoJSON(MeshConfig, mc), marshalProtoJSON(MeshConfig, defaultMeshConfig()));
});

apply('defaultConfig merges field by field onto the previous proxy config', () => {
  const mc = applyMeshConfig({ defaultConfig: { interceptionMode: 'TPROXY', drainDuration: '23s' } });
  const pc = field(mc, 'DefaultConfig');
  assert.is(call(call(pc, 'GetInterceptionMode'), 'String').v, 'TPROXY');
  assert.is(call(pc, 'GetConfigPath').v, './etc/istio/proxy');
  assert.is(call(pc, 'GetStatusPort').v, 15020);
  assert.is(proxyConfigToJSON(mc['defaultConfig'] as Record<string, unknown>), '{"drainDuration":"23s","interceptionMode":"TPROXY"}');
});

apply('proxyMetadata keeps earlier entries the new config does not override', () => {
  const first = applyMeshConfig({ defaultConfig: { proxyMetadata: { A: '1', B: '1' } } });
  const second = applyMeshConfig({ defaultConfig: { proxyMetadata: { B: '2', C: '2' } } }, first);
  assert.is(proxyConfigToJSON(second['defaultConfig'] as Record<string, unknown>), '{"proxyMetadata":{"A":"1","B":"2","C":"2"}}');
});

apply('a message in defaultConfig replaces the previous one whole', () => {
  const first = applyMeshConfig({ defaultConfig: { tracing: { sampling: 5, zipkin: { address: 'z:9411' } } } });
  const second = applyMeshConfig({ defaultConfig: { tracing: {} } }, first);
  assert.is(proxyConfigToJSON(second['defaultConfig'] as Record<string, unknown>), '{"tracing":{}}');
});

apply('extensionProviders merge by name: same name replaces in place, others are appended', () => {
  const mc = applyMeshConfig({
    extensionProviders: [
      { name: 'otel', opentelemetry: { service: 'otel.svc', port: 4317, serviceAttributeEnrichment: 'OTEL_SEMANTIC_CONVENTIONS' } },
      { name: 'envoy', envoyFileAccessLog: { path: '/dev/stderr' } },
    ],
  });
  assert.is(
    marshalProtoJSON(MeshConfig, { extensionProviders: mc['extensionProviders'] }),
    '{"extensionProviders":[{"name":"prometheus","prometheus":{}},{"name":"stackdriver","stackdriver":{}},' +
      '{"name":"envoy","envoyFileAccessLog":{"path":"/dev/stderr"}},' +
      '{"name":"otel","opentelemetry":{"service":"otel.svc","port":4317,"serviceAttributeEnrichment":"OTEL_SEMANTIC_CONVENTIONS"}}]}',
  );
  assert.ok(wantsOtelSemanticConventions(mc));
  assert.not.ok(wantsOtelSemanticConventions(defaultMeshConfig()));
  assert.not.ok(wantsOtelSemanticConventions(applyMeshConfig({ extensionProviders: [{ name: 'o', opentelemetry: { port: 1 } }] })));
  const otel = sliceElements(field(mc, 'ExtensionProviders'))[3]!;
  const enrichment = call(call(otel, 'GetOpentelemetry'), 'GetServiceAttributeEnrichment');
  assert.is(call(enrichment, 'String').v, 'OTEL_SEMANTIC_CONVENTIONS');
});

apply('defaultProviders apply onto the previous ones', () => {
  const first = applyMeshConfig({ defaultProviders: { metrics: ['prometheus'] } });
  const second = applyMeshConfig({ defaultProviders: { tracing: ['zipkin'] } }, first);
  assert.is(marshalProtoJSON(MeshConfig, { defaultProviders: second['defaultProviders'] }),
    '{"defaultProviders":{"tracing":["zipkin"],"metrics":["prometheus"]}}');
});

apply('trustDomainAliases become the sorted union', () => {
  const first = applyMeshConfig({ trustDomainAliases: ['td3', 'td1'] });
  const second = applyMeshConfig({ trustDomainAliases: ['td2', 'td1'] }, first);
  assert.equal(second['trustDomainAliases'], ['td1', 'td2', 'td3']);
});

apply('other fields replace', () => {
  const mc = applyMeshConfig('proxyListenPort: 16001\ninboundTrafficPolicy:\n  mode: LOCALHOST\n');
  assert.is(field(mc, 'ProxyListenPort').v, 16001);
  assert.is(inboundTrafficPolicyMode(mc), 'localhost');
  assert.is(inboundTrafficPolicyMode(defaultMeshConfig()), 'passthrough');
});

apply('the input is not modified', () => {
  const base = defaultMeshConfig();
  const before = marshalProtoJSON(MeshConfig, base);
  applyMeshConfig({ defaultConfig: { proxyMetadata: { A: '1' } }, trustDomainAliases: ['x'], extensionProviders: [{ name: 'envoy' }] }, base);
  assert.is(marshalProtoJSON(MeshConfig, base), before);
});

apply.run();

// ---

const errors = suite('ApplyMeshConfig errors name the field');

errors('type errors', () => {
  const e = problem({ defaultConfig: { drainDuration: 5 } });
  assert.is(e.message, 'failed to convert to proto. defaultConfig.drainDuration: json: cannot unmarshal number into Go value of type string');
  assert.is(e.field, 'defaultConfig.drainDuration');
  assert.is(problem({ enableTracing: 'yes please' }).field, 'enableTracing');
  assert.match(problem({ ingressControllerMode: 'SOMETIMES' }).message, 'unknown value "\\"SOMETIMES\\"" for enum istio.mesh.v1alpha1.MeshConfig.IngressControllerMode');
  assert.match(problem('- a list').message, 'cannot unmarshal array into Go value of type map[string]json.RawMessage');
});

errors('validation', () => {
  const port = problem({ proxyListenPort: 0 });
  assert.is(port.message, 'invalid proxy listen port: port number 0 must be in the range 1..65535');
  assert.is(port.field, 'proxyListenPort');
  const discovery = problem({ defaultConfig: { discoveryAddress: 'istiod' } });
  assert.is(discovery.message, 'invalid discovery address: unable to split "istiod": address istiod: missing port in address');
  assert.is(discovery.field, 'defaultConfig');
  assert.is(problem({ defaultConfig: { drainDuration: '1500ms' } }).message, 'drain time only supports durations to seconds precision');
  assert.is(problem({ trustDomain: 'bad_domain' }).message, 'trustDomain: trust domain name "bad_domain" invalid');
  assert.is(problem({ connectTimeout: '0s' }).message, 'invalid connect timeout: duration must be greater than 1ms');
  assert.is(problem({ defaultConfig: { proxyAdminPort: 70000 } }).message, 'invalid proxy admin port: port number 70000 must be in the range 1..65535');
});

errors('accepted addresses', () => {
  for (const address of ['istiod.istio-system.svc:15012', '10.0.0.1:15012', '[::1]:15012', 'istiod-$(POD_NAMESPACE).svc:15012']) {
    applyMeshConfig({ defaultConfig: { discoveryAddress: address } });
  }
});

errors.run();

// ---

const annotation = suite('the proxy.istio.io/config annotation on the mesh (kube-inject)');

annotation('defaultConfig gets the annotation; the rest of the mesh is unchanged', () => {
  const mesh = applyMeshConfig({ defaultConfig: { interceptionMode: 'TPROXY' } });
  const pod = meshWithProxyConfigAnnotation(mesh, '{ "holdApplicationUntilProxyStarts": true }');
  assert.is(proxyConfigToJSON(pod['defaultConfig'] as Record<string, unknown>), '{"interceptionMode":"TPROXY","holdApplicationUntilProxyStarts":true}');
  assert.is(proxyConfigToJSON(mesh['defaultConfig'] as Record<string, unknown>), '{"interceptionMode":"TPROXY"}');
  assert.is(pod['trustDomain'], 'cluster.local');
  assert.is(meshWithProxyConfigAnnotation(mesh, undefined), mesh);
});

annotation.run();
