import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import {
  applyPrometheusMerge,
  applySecurePrometheusAnnotation,
  clearPrometheusAnnotations,
  formatScrapeConfiguration,
  parseScrapeTargets,
  prometheusMergeEnabled,
  prometheusScrapeEnabled,
  restorePrometheusAnnotations,
  sanitizeLabelName,
  scrapeConfiguration,
  scrapePortProblem,
} from '../../src/inject/prometheus.ts';
import { readShared, sharedPath } from '../support/shared.ts';

type Obj = Record<string, unknown>;

const MESH = { statusPort: 15020 } as const;
const proxy = (env: Obj[] = []): Obj => ({ name: 'istio-proxy', env });
const pod = (annotations: Record<string, string>, containers: Obj[] = [{ name: 'hello' }, proxy()], init?: Obj[]): Obj => ({
  metadata: { annotations },
  spec: init ? { initContainers: init, containers } : { containers },
});
const annotationsOf = (p: Obj): Obj => ((p['metadata'] as Obj)['annotations'] as Obj) ?? {};
const proxyEnv = (p: Obj, name: string): string | undefined => {
  const spec = p['spec'] as Obj;
  const all = [...((spec['containers'] as Obj[]) ?? []), ...((spec['initContainers'] as Obj[]) ?? [])];
  const env = (all.find((c) => c['name'] === 'istio-proxy')?.['env'] as Obj[] | undefined) ?? [];
  return env.find((e) => e['name'] === name)?.['value'] as string | undefined;
};

// Values from hello-multiport-metrics.yaml(.injected).
const MULTIPORT_ENV =
  '{"scrape":"true","path":"/metrics","port":"8080","targets":[{"port":"8080","path":"/metrics"},{"port":"9100","path":"/custom-metrics"}]}';
const AGENT = { 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true' };

// ---

const Keys = suite('prometheus: annotation names');

Keys('SanitizeLabelName', () => {
  const rows: [string, string][] = [
    ['prometheus.io/scrape', 'prometheus_io_scrape'],
    ['prometheus.io.scrape', 'prometheus_io_scrape'],
    ['prometheus-io/scrape', 'prometheus_io_scrape'],
    ['prometheus.istio.io/scrape-targets', 'prometheus_istio_io_scrape_targets'],
    ['a_B9', 'a_B9'],
    ['é/ü', '___'],
    ['😀x', '_x'],
  ];
  for (const [input, want] of rows) assert.is(sanitizeLabelName(input), want, input);
});

Keys('scrape enabled unless a spelling parses as false; merge: annotation › mesh › true', () => {
  assert.is(prometheusScrapeEnabled({}), true);
  assert.is(prometheusScrapeEnabled({ 'prometheus.io/scrape': 'false' }), false);
  assert.is(prometheusScrapeEnabled({ 'prometheus.io.scrape': 'F' }), false);
  assert.is(prometheusScrapeEnabled({ 'prometheus.io/scrape': 'nope' }), true);
  assert.is(prometheusMergeEnabled({}, undefined), true);
  assert.is(prometheusMergeEnabled({}, false), false);
  assert.is(prometheusMergeEnabled({ 'prometheus.istio.io/merge-metrics': 'true' }, false), true);
  assert.is(prometheusMergeEnabled({ 'prometheus.istio.io/merge-metrics': 'bad' }, false), false);
  assert.is(prometheusMergeEnabled({ 'prometheus.istio.io/merge-metrics': '0' }, null), false);
});

Keys('clear removes every spelling of scrape/port/path and scrape-targets only', () => {
  const cleared = clearPrometheusAnnotations({
    'prometheus.io/scrape': 'true',
    'prometheus-io/port': '1',
    'prometheus.io.path': '/x',
    'prometheus.istio.io/scrape-targets': '1:/a',
    'prometheus.istio.io/merge-metrics': 'true',
    'prometheus.io/scheme': 'https',
    other: 'kept',
  });
  assert.equal(cleared, { 'prometheus.istio.io/merge-metrics': 'true', 'prometheus.io/scheme': 'https', other: 'kept' });
});

Keys('scrape targets and the configuration JSON (Appendix A field order)', () => {
  assert.equal(parseScrapeTargets(' 8080:/metrics , 9100:/custom-metrics,,9200'), [
    { port: '8080', path: '/metrics' },
    { port: '9100', path: '/custom-metrics' },
    { port: '9200', path: '/metrics' },
  ]);
  const cfg = scrapeConfiguration({ 'prometheus.io/scrape': 'true', 'prometheus.istio.io/scrape-targets': '8080:/metrics,9100:/custom-metrics' });
  assert.is(formatScrapeConfiguration(cfg), MULTIPORT_ENV);
  assert.is(formatScrapeConfiguration(scrapeConfiguration({ 'prometheus.io/port': '8080' })), '{"scrape":"","path":"","port":"8080"}');
  assert.is(formatScrapeConfiguration({ scrape: 'a&b', path: '<p>', port: '1' }), '{"scrape":"a\\u0026b","path":"\\u003cp\\u003e","port":"1"}');
});

Keys.run();

// ---

const Merge = suite('prometheus: applyPrometheusMerge');

Merge('hello-multiport-metrics.yaml.injected: env recorded, annotations point at the agent, targets cleared', () => {
  const input = pod({ 'prometheus.io/scrape': 'true', 'prometheus.istio.io/scrape-targets': '8080:/metrics,9100:/custom-metrics' });
  const result = applyPrometheusMerge(input, MESH);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(proxyEnv(result.pod, 'ISTIO_PROMETHEUS_ANNOTATIONS'), MULTIPORT_ENV);
  assert.equal(annotationsOf(result.pod), AGENT);
  assert.equal(annotationsOf(input), { 'prometheus.io/scrape': 'true', 'prometheus.istio.io/scrape-targets': '8080:/metrics,9100:/custom-metrics' }, 'input untouched');
});

Merge('hello.yaml.injected: no annotations → agent annotations, no env', () => {
  const result = applyPrometheusMerge(pod({}), MESH);
  assert.ok(result.ok && proxyEnv(result.pod, 'ISTIO_PROMETHEUS_ANNOTATIONS') === undefined);
  if (result.ok) assert.equal(annotationsOf(result.pod), AGENT);
});

Merge('variants are replaced, the user values recorded (native proxy among init containers)', () => {
  const input = pod({ 'prometheus-io/port': '8080', 'prometheus.io.path': '/m', keep: 'x' }, [{ name: 'hello' }], [proxy()]);
  const result = applyPrometheusMerge(input, MESH);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(proxyEnv(result.pod, 'ISTIO_PROMETHEUS_ANNOTATIONS'), '{"scrape":"","path":"/m","port":"8080"}');
  assert.equal(annotationsOf(result.pod), { keep: 'x', ...AGENT });
});

Merge('nothing happens: scrape false (prometheus-scrape.yaml, prometheus-scrape2.yaml), merge off, port already the status port', () => {
  const rows: [Record<string, string>, boolean | undefined][] = [
    [{ 'prometheus.io/scrape': 'false' }, undefined],
    [{ 'prometheus.io.scrape': 'false' }, undefined],
    [{ 'prometheus.istio.io/merge-metrics': 'false' }, true],
    [{}, false],
    [{ 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true' }, undefined],
  ];
  for (const [annotations, enable] of rows) {
    const input = pod(annotations);
    const result = applyPrometheusMerge(input, { statusPort: 15020, enablePrometheusMerge: enable ?? null });
    assert.ok(result.ok && result.pod === input, JSON.stringify(annotations));
  }
});

Merge('no proxy: annotations still rewritten; no mesh → port "0"', () => {
  const result = applyPrometheusMerge(pod({ 'prometheus.io/port': '9090' }, [{ name: 'hello' }]), { statusPort: 0 });
  assert.ok(result.ok);
  if (result.ok) assert.equal(annotationsOf(result.pod), { 'prometheus.io/port': '0', 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/scrape': 'true' });
});

Merge('invalid or reserved ports abort injection (spec §10)', () => {
  const rows: [Record<string, string>, string][] = [
    [{ 'prometheus.istio.io/scrape-targets': '8080:/a,15090:/b' }, 'Cannot merge Prometheus metrics: port "15090" in annotation "prometheus.istio.io/scrape-targets" is reserved by Istio'],
    [{ 'prometheus.io/port': '70000' }, 'Cannot merge Prometheus metrics: port "70000" in annotation "prometheus.io/port" is out of range 1-65535'],
    [{ 'prometheus.io/port': 'http' }, 'Cannot merge Prometheus metrics: port "http" in annotation "prometheus.io/port" is not a port number'],
    [{ 'prometheus.io.port': '0' }, 'Cannot merge Prometheus metrics: port "0" in annotation "prometheus.io.port" is out of range 1-65535'],
  ];
  for (const [annotations, message] of rows) {
    const result = applyPrometheusMerge(pod(annotations), MESH);
    assert.ok(!result.ok, JSON.stringify(annotations));
    if (!result.ok) assert.is(result.problem.message, message);
  }
  const bad = applyPrometheusMerge(pod({ 'prometheus.io/port': '15021' }), MESH);
  assert.ok(!bad.ok && bad.problem.field === 'metadata.annotations["prometheus.io/port"]');
  assert.is(scrapePortProblem('123', 123), 'the proxy status port, where the merged metrics are served');
  assert.is(scrapePortProblem('+8080', 15020), undefined);
});

Merge.run();

// ---

const Secure = suite('prometheus: applySecurePrometheusAnnotation');

Secure('copies ENVOY_SECURE_MERGED_METRICS_PORT unless empty, 0 or already annotated', () => {
  const withPort = (port: string, annotations: Record<string, string> = {}) =>
    pod(annotations, [{ name: 'hello' }, proxy([{ name: 'ENVOY_SECURE_MERGED_METRICS_PORT', value: port }])]);
  assert.equal(annotationsOf(applySecurePrometheusAnnotation(withPort('15091'))), { 'prometheus.istio.io/secure-port': '15091' });
  for (const p of [withPort(''), withPort('0'), withPort('15091', { 'prometheus-istio-io/secure_port': '1' }), pod({})]) {
    assert.is(applySecurePrometheusAnnotation(p), p);
  }
});

Secure.run();

// ---

const Restore = suite('prometheus: uninject inverse');

Restore('restore(merge(x)) gives back the annotations of x', () => {
  const rows: Record<string, string>[] = [
    {},
    { 'prometheus.io/scrape': 'true', 'prometheus.istio.io/scrape-targets': '8080:/metrics,9100:/custom-metrics' },
    { 'prometheus.io/port': '8080', 'prometheus.io/path': '/m', other: 'x' },
    { 'prometheus.io/scrape': 'true' },
  ];
  for (const annotations of rows) {
    const merged = applyPrometheusMerge(pod(annotations), MESH);
    assert.ok(merged.ok);
    if (merged.ok) assert.equal(annotationsOf(restorePrometheusAnnotations(merged.pod, 15020)), annotations, JSON.stringify(annotations));
  }
});

Restore('without the env, only exactly-injected values are removed', () => {
  const user = pod({ 'prometheus.io/port': '15020', 'prometheus.io/path': '/custom', 'prometheus.io/scrape': 'true' });
  assert.is(restorePrometheusAnnotations(user, 15020), user);
});

Restore.run();

// ---

const Goldens = suite('prometheus: Istio goldens');

interface GoldenCase {
  readonly id: string;
  readonly input: string;
  readonly golden: string;
  readonly expectError: string | null;
}

function podsOf(text: string): Obj[] {
  const out: Obj[] = [];
  const visit = (doc: unknown): void => {
    if (doc === null || typeof doc !== 'object') return;
    const o = doc as Obj;
    const spec = o['spec'] as Obj | undefined;
    if (o['kind'] === 'List') (o['items'] as unknown[]).forEach(visit);
    else if (o['kind'] === 'Pod') out.push({ metadata: o['metadata'] ?? {}, spec: spec ?? {} });
    else if (o['kind'] === 'CronJob') out.push(((spec?.['jobTemplate'] as Obj)['spec'] as Obj)['template'] as Obj);
    else if (spec && typeof spec['template'] === 'object') out.push(spec['template'] as Obj);
  };
  for (const doc of parseAllDocuments(text)) visit(doc.toJS());
  return out;
}

const promKeys = (annotations: Obj): Obj =>
  Object.fromEntries(Object.entries(annotations).filter(([k]) => sanitizeLabelName(k).startsWith('prometheus_')));

Goldens('prometheus annotations and ISTIO_PROMETHEUS_ANNOTATIONS of every injected golden', () => {
  if (!sharedPath('conformance/istio/cases.json', 'prometheus goldens')) return;
  const cases = (JSON.parse(readShared('conformance/istio/cases.json')) as { cases: GoldenCase[] }).cases;
  let checked = 0;
  let withEnv = 0;
  let unmerged = 0;
  for (const c of cases) {
    if (c.expectError !== null) continue;
    const inputs = podsOf(readShared(`conformance/istio/${c.input}`));
    podsOf(readShared(`conformance/istio/${c.golden}`)).forEach((golden, i) => {
      const input = inputs[i];
      const annotations = ((golden['metadata'] as Obj)?.['annotations'] as Obj) ?? {};
      if (!input || !('sidecar.istio.io/status' in annotations)) return;
      const inputMeta = (input['metadata'] as Obj) ?? {};
      // Templates may add annotations (custom-template adds merge-metrics: "false"): keep those, not the merge's own.
      const added = Object.fromEntries(
        Object.entries(annotations).filter(([k]) => k !== 'sidecar.istio.io/status' && !/^prometheus_io_|^prometheus_istio_io_scrape_targets$/.test(sanitizeLabelName(k))),
      );
      const merged = { ...added, ...((inputMeta['annotations'] as Obj) ?? {}) };
      const prepared = { metadata: { ...inputMeta, annotations: merged }, spec: { containers: [{ name: 'app' }, proxy()] } };
      const result = applyPrometheusMerge(prepared, MESH);
      assert.ok(result.ok, c.id);
      if (!result.ok) return;
      assert.equal(promKeys(annotationsOf(result.pod)), promKeys(annotations), `${c.id}: annotations`);
      const goldenProxy = [...(((golden['spec'] as Obj)['containers'] as Obj[]) ?? []), ...(((golden['spec'] as Obj)['initContainers'] as Obj[]) ?? [])].find(
        (x) => x['name'] === 'istio-proxy',
      );
      const goldenEnv = ((goldenProxy?.['env'] as Obj[]) ?? []).find((e) => e['name'] === 'ISTIO_PROMETHEUS_ANNOTATIONS')?.['value'];
      assert.is(proxyEnv(result.pod, 'ISTIO_PROMETHEUS_ANNOTATIONS'), goldenEnv, `${c.id}: env`);
      checked++;
      if (goldenEnv !== undefined) withEnv++;
      if (!('prometheus.io/port' in annotations)) unmerged++;
    });
  }
  assert.ok(checked > 80 && withEnv >= 1 && unmerged >= 3, `checked ${checked}, ${withEnv} with env, ${unmerged} not merged`);
});

Goldens.run();
