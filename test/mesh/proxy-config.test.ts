import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments } from 'yaml';
import { callMethod, findMethod, GoValue, NIL, structField } from '../../src/go/value.ts';
import { ptrTo, T } from '../../src/go/types.ts';
import { DurationType, proxyConfigValue, ProxyConfigType } from '../../src/schema/mesh.ts';
import { applyMeshConfig } from '../../src/mesh/mesh-config.ts';
import {
  applyProxyConfigAnnotation,
  cleanProxyConfig,
  defaultProxyConfig,
  mergeProxyConfig,
  PROXY_CONFIG_ANNOTATION,
  ProxyConfigError,
  proxyConfigToJSON,
  protoToJSON,
  validateProxyConfigAnnotation,
  type ProxyConfigRep,
} from '../../src/mesh/proxy-config.ts';
import { readShared, sharedPath } from '../support/shared.ts';

type JSONObject = Record<string, unknown>;

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function call(v: GoValue, name: string): GoValue {
  const m = findMethod(v, name);
  if (!m) throw new Error(`no method ${name} on ${v.t.name}`);
  return new GoValue(m.results[0]!, callMethod(v, m, name, []));
}

function pcField(pc: ProxyConfigRep | null, name: string): GoValue {
  const v = structField(new GoValue(ProxyConfigType, pc ?? {}), name);
  if (!v) throw new Error(`no field ${name}`);
  return v;
}

// --- conformance: PROXY_CONFIG in Istio's goldens ----------------------------------------------------------------------

/** cases.json's meshOverlay: objects merge key by key; `$append` appends to lists. */
function overlay(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: JSONObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (k === '$append' && isObject(v)) {
      for (const [listKey, items] of Object.entries(v)) {
        out[listKey] = [...((out[listKey] as unknown[] | undefined) ?? []), ...(items as unknown[])];
      }
    } else out[k] = k in out ? overlay(out[k], v) : v;
  }
  return out;
}

function flatten(docs: unknown[]): JSONObject[] {
  const out: JSONObject[] = [];
  for (const d of docs) {
    if (!isObject(d)) continue;
    if (d['kind'] === 'List') out.push(...flatten((d['items'] as unknown[] | undefined) ?? []));
    else out.push(d);
  }
  return out;
}

function path(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

/** Where kube-inject reads a workload's annotations, and where its pod spec is (istio-injection.md §2). */
function templateMetadata(doc: JSONObject): unknown {
  switch (doc['kind']) {
    case 'Pod':
      return doc['metadata'];
    case 'CronJob':
      return path(doc, 'spec', 'jobTemplate', 'metadata');
    default:
      return path(doc, 'spec', 'template', 'metadata');
  }
}

function podSpec(doc: JSONObject): unknown {
  switch (doc['kind']) {
    case 'Pod':
      return doc['spec'];
    case 'CronJob':
      return path(doc, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
    default:
      return path(doc, 'spec', 'template', 'spec');
  }
}

function proxyConfigEnv(doc: JSONObject): string | undefined {
  const spec = podSpec(doc);
  for (const list of ['initContainers', 'containers']) {
    for (const c of (path(spec, list) as unknown[] | undefined) ?? []) {
      if (path(c, 'name') !== 'istio-proxy') continue;
      for (const e of (path(c, 'env') as unknown[] | undefined) ?? []) {
        if (path(e, 'name') === 'PROXY_CONFIG') return path(e, 'value') as string;
      }
    }
  }
  return undefined;
}

interface IstioCase {
  id: string;
  input: string;
  golden: string | null;
  settings: string;
  meshOverlay: unknown;
}

const golden = suite('PROXY_CONFIG in the Istio goldens (protoToJSON of the effective ProxyConfig)');

const casesPath = sharedPath('conformance/istio/cases.json', 'PROXY_CONFIG golden comparisons');
if (casesPath) {
  const cases = (JSON.parse(readShared('conformance/istio/cases.json')) as { cases: IstioCase[] }).cases;
  for (const c of cases) {
    if (c.golden === null) continue;
    golden(c.id, () => {
      const meshYAML = parse(readShared(`conformance/istio/settings/${c.settings}/mesh.yaml`)) as unknown;
      const mesh = applyMeshConfig(c.meshOverlay ? overlay(meshYAML, c.meshOverlay) : meshYAML);
      const inputs = flatten(parseAllDocuments(readShared(`conformance/istio/${c.input}`)).map((d) => d.toJS() as unknown));
      const outputs = flatten(parseAllDocuments(readShared(`conformance/istio/${c.golden}`)).map((d) => d.toJS() as unknown));
      for (const out of outputs) {
        const want = proxyConfigEnv(out);
        if (want === undefined) continue;
        const source = inputs.find((i) => i['kind'] === out['kind'] && path(i, 'metadata', 'name') === path(out, 'metadata', 'name'));
        assert.ok(source, `input workload for ${String(out['kind'])} ${String(path(out, 'metadata', 'name'))}`);
        const annotation = path(templateMetadata(source), 'annotations', PROXY_CONFIG_ANNOTATION);
        const meshPC = mesh['defaultConfig'] as ProxyConfigRep;
        const pc = typeof annotation === 'string' ? applyProxyConfigAnnotation(annotation, meshPC) : meshPC;
        assert.is(`${proxyConfigToJSON(pc)}\n`, want);
      }
    });
  }
}

golden.run();

// ---

const spec = suite('ProxyConfig merge and protoToJSON (istio-injection.md §4.2, §4.4)');

spec('an annotation in YAML merges onto the mesh defaultConfig, proxyMetadata included', () => {
  // §4.4's observed output for mesh proxyMetadata ISTIO_META_TLS_CLIENT_KEY and the traffic-annotations pod.
  const mesh = applyMeshConfig({
    defaultConfig: {
      discoveryAddress: 'istiod.istio-system.svc:15012',
      proxyMetadata: { ISTIO_META_TLS_CLIENT_KEY: '/etc/identity2/client/keys/client-key.pem' },
    },
  });
  const annotation = 'discoveryAddress: foo:123\nconcurrency: 0\nproxyMetadata:\n  FOO: bar\n';
  const pc = applyProxyConfigAnnotation(annotation, mesh['defaultConfig'] as ProxyConfigRep);
  assert.is(
    proxyConfigToJSON(pc),
    '{"discoveryAddress":"foo:123","concurrency":0,"proxyMetadata":{"FOO":"bar","ISTIO_META_TLS_CLIENT_KEY":"/etc/identity2/client/keys/client-key.pem"}}',
  );
});

spec('observed protoToJSON outputs', () => {
  const base = defaultProxyConfig();
  const cases: [unknown, string][] = [
    [{}, '{}'],
    [{ drainDuration: '23s' }, '{"drainDuration":"23s"}'],
    [{ interceptionMode: 'TPROXY' }, '{"interceptionMode":"TPROXY"}'],
    [{ tracing: {} }, '{"tracing":{}}'],
    [{ holdApplicationUntilProxyStarts: true }, '{"holdApplicationUntilProxyStarts":true}'],
    [{ holdApplicationUntilProxyStarts: false }, '{"holdApplicationUntilProxyStarts":false}'],
  ];
  for (const [fragment, out] of cases) assert.is(proxyConfigToJSON(mergeProxyConfig(fragment, base)), out, JSON.stringify(fragment));
});

spec('cleanProxyConfig zeroes exactly the fields equal to the defaults', () => {
  const pc = mergeProxyConfig(
    {
      serviceCluster: 'other',
      drainDuration: '45s',
      terminationDrainDuration: '6s',
      proxyAdminPort: 15000,
      statusPort: 15021,
      controlPlaneAuthPolicy: 'NONE',
      envoyMetricsService: {},
      proxyMetadata: {},
    },
    defaultProxyConfig(),
  );
  assert.is(
    proxyConfigToJSON(pc),
    '{"serviceCluster":"other","envoyMetricsService":{},"statusPort":15021,"terminationDrainDuration":"6s"}',
  );
  assert.is(proxyConfigToJSON(cleanProxyConfig(defaultProxyConfig())), '{}');
  assert.is(proxyConfigToJSON(mergeProxyConfig({ tracingServiceName: 'CANONICAL_NAME_ONLY' }, defaultProxyConfig())),
    '{"tracingServiceName":"CANONICAL_NAME_ONLY"}');
  assert.is(proxyConfigToJSON(null), '{}');
});

spec('the protoToJSON template function', () => {
  assert.is(protoToJSON(proxyConfigValue(defaultProxyConfig())), '{}');
  assert.is(protoToJSON(proxyConfigValue(null)), '{}');
  assert.is(protoToJSON(NIL), '{}');
  assert.is(protoToJSON(new GoValue(ptrTo(DurationType), { seconds: 1, nanos: 500000000 })), '"1.500s"');
  assert.throws(() => protoToJSON(new GoValue(T.string, 'x')), /wrong type for value; expected proto.Message; got string/);
});

spec.run();

// ---

const templates = suite('.ProxyConfig as templates see it (go-template.md §1, §5)');

templates('enum String, wrapper GetValue, nil-safe getters', () => {
  const pc = mergeProxyConfig({ interceptionMode: 'TPROXY' }, defaultProxyConfig());
  assert.is(call(pcField(pc, 'InterceptionMode'), 'String').v, 'TPROXY');
  assert.is(call(pcField(defaultProxyConfig(), 'InterceptionMode'), 'String').v, 'REDIRECT');
  assert.is(pcField(pc, 'InterceptionMode').t.name, 'v1alpha1.ProxyConfig_InboundInterceptionMode');

  const hold = pcField(pc, 'HoldApplicationUntilProxyStarts');
  assert.is(hold.t.name, '*wrapperspb.BoolValue');
  assert.is(hold.v, null);
  assert.is(call(hold, 'GetValue').v, false);
  const held = pcField(mergeProxyConfig({ holdApplicationUntilProxyStarts: true }, pc), 'HoldApplicationUntilProxyStarts');
  assert.is(call(held, 'GetValue').v, true);

  // .ProxyConfig.GetTracing.GetTlsSettings.GetCaCertificates through nil pointers.
  const root = proxyConfigValue(pc);
  const tls = call(call(root, 'GetTracing'), 'GetTlsSettings');
  assert.is(tls.t.name, '*v1alpha3.ClientTLSSettings');
  assert.is(tls.v, null);
  assert.is(call(tls, 'GetCaCertificates').v, '');
  const withCA = proxyConfigValue(mergeProxyConfig({ tracing: { tlsSettings: { caCertificates: '/ca.pem' } } }, pc));
  assert.is(call(call(call(withCA, 'GetTracing'), 'GetTlsSettings'), 'GetCaCertificates').v, '/ca.pem');

  assert.equal({ ...(pcField(mergeProxyConfig({ proxyMetadata: { A: 'x' } }, pc), 'ProxyMetadata').v as object) }, { A: 'x' });
  assert.is(pcField(pc, 'ProxyMetadata').t.name, 'map[string]string');
  assert.is(pcField(pc, 'StatusPort').v, 15020);
  assert.is(pcField(pc, 'Concurrency').t.name, '*wrapperspb.Int32Value');
  assert.is(pcField(pc, 'DiscoveryAddress').v, 'istiod.istio-system.svc:15012');
  assert.is(pcField(pc, 'MeshId').v, '');
});

templates('durations print raw as the text format and format with AsDuration', () => {
  const drain = pcField(defaultProxyConfig(), 'DrainDuration');
  assert.is(drain.t.name, '*durationpb.Duration');
  assert.is(call(drain, 'String').v, 'seconds:45');
  assert.is(call(call(drain, 'AsDuration'), 'String').v, '45s');
});

templates.run();

// ---

const errors = suite('ProxyConfig errors');

errors('an unreadable annotation is named', () => {
  try {
    applyProxyConfigAnnotation('{"drainDuration": 5}', defaultProxyConfig());
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ProxyConfigError);
    assert.is(
      (e as Error).message,
      'invalid proxy.istio.io/config annotation: could not parse proxy config: drainDuration: json: cannot unmarshal number into Go value of type string',
    );
    assert.is((e as ProxyConfigError).field, 'drainDuration');
  }
  assert.throws(() => applyProxyConfigAnnotation('[1, 2]', defaultProxyConfig()), /proxy\.istio\.io\/config/);
});

errors('validateAnnotations check of proxy.istio.io/config', () => {
  assert.is(validateProxyConfigAnnotation({ holdApplicationUntilProxyStarts: true }), undefined);
  assert.is(
    validateProxyConfigAnnotation({ drainDuration: 'soon' }),
    'failed to convert to apply proxy config: drainDuration: bad Duration: time: invalid duration "soon"',
  );
  assert.is(
    validateProxyConfigAnnotation({ discoveryAddress: 'foo' }),
    'invalid discovery address: unable to split "foo": address foo: missing port in address',
  );
  assert.is(validateProxyConfigAnnotation({ statusPort: 0, configPath: '' }), 'config path must be set; invalid status port: port number 0 must be in the range 1..65535');
});

errors.run();

const purity = suite('inputs are never modified');

purity('mergeProxyConfig with an empty fragment returns a copy', () => {
  const base = mergeProxyConfig({ proxyMetadata: { A: '1' } }, defaultProxyConfig());
  const before = proxyConfigToJSON(base);
  for (const fragment of [null, {}, { proxyMetadata: { B: '2' } }]) {
    const merged = mergeProxyConfig(fragment, base);
    assert.is.not(merged, base);
    merged['configPath'] = '/elsewhere';
  }
  assert.is(proxyConfigToJSON(base), before);
});

purity.run();
