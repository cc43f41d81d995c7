/**
 * Property: uninject(inject(x)) == x for generated workloads (istio-injection.md §17 "Acceptance"), with the embedded
 * default config, in file mode as users run it. x is a generated Deployment, StatefulSet, DaemonSet, Job or Pod whose
 * containers carry named and numbered ports, httpGet/tcpSocket/grpc/exec probes, lifecycle handlers, env, mounts,
 * resources, plus labels and annotations (Prometheus ones included), printed as YAML. The output must be x's bytes
 * (a probe action replaced by httpGet takes the replaced key's place, so the key order comes back too); `--check`
 * passes on inject's output and fails on x (every 10th example). 1,000 runs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { runFiles } from '../../src/krm/processor.ts';
import type { Processor } from '../../src/krm/processor.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import type { InjectorContext } from '../../src/inject/inject.ts';
import { uninjectProcessor } from '../../src/inject/uninject.ts';
import { checkProcessor } from '../../src/inject/check.ts';
import { firstDifference } from '../support/structural.ts';

type JSONObject = Record<string, unknown>;

const NUM_RUNS = 1000;

const dnsName = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?$/);
const pathArb = fc.constantFrom('/', '/healthz', '/ready', '/api/v1/live');
const image = fc.constantFrom('nginx:1.27', 'registry.example.com/team/app:2.1.0', 'busybox');

interface PortSpec {
  readonly name?: string;
  readonly containerPort: number;
}

/** Distinct container ports: numbers 1000-9999 (never a status or reserved port), some named. */
const portsArb = fc.uniqueArray(fc.record({ containerPort: fc.integer({ min: 1000, max: 9999 }), named: fc.boolean() }), {
  maxLength: 3,
  selector: (p) => p.containerPort,
}).map((ports) => ports.map((p, i): PortSpec => (p.named ? { name: `p${i}-http`, containerPort: p.containerPort } : { containerPort: p.containerPort })));

/**
 * A probe or handler port, resolved once the container's ports are known: one of its named ports, or a number in
 * 10000-14999, which no container port has (a number that a named port also has would come back as the name).
 * Resolving late keeps shrunk examples valid.
 */
type PortRef = { readonly byName: number } | { readonly number: number };
const portRefArb: fc.Arbitrary<PortRef> = fc.oneof(fc.nat(5).map((byName) => ({ byName })), fc.integer({ min: 10000, max: 14999 }).map((number) => ({ number })));

function resolvePort(ref: PortRef, ports: readonly PortSpec[]): string | number {
  const named = ports.filter((p) => p.name !== undefined);
  if ('byName' in ref) return named.length > 0 ? named[ref.byName % named.length]!.name! : 10000 + ref.byName;
  return ref.number;
}

/** A probe action whose ports are still PortRefs. */
type Action = JSONObject;
function actionArb(handler: boolean): fc.Arbitrary<Action> {
  const httpGet = fc.record({ path: pathArb, port: portRefArb, scheme: fc.constantFrom('HTTP', 'HTTPS') }, { requiredKeys: ['port'] }).map((h) => ({ httpGet: h }));
  const tcpSocket = portRefArb.map((p) => ({ tcpSocket: { port: p } }));
  const exec = fc.constant({ exec: { command: ['cat', '/tmp/ok'] } });
  if (handler) return fc.oneof(httpGet, tcpSocket, exec);
  const grpc = fc.integer({ min: 10000, max: 14999 }).map((p) => ({ grpc: { port: p } }));
  return fc.oneof(httpGet, tcpSocket, grpc, exec);
}

/** Replaces every `{port: PortRef}` below `value` by the resolved port. */
function resolvePorts(value: unknown, ports: readonly PortSpec[]): unknown {
  if (Array.isArray(value)) return value.map((v) => resolvePorts(v, ports));
  if (value === null || typeof value !== 'object') return value;
  const out: JSONObject = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'port' && v !== null && typeof v === 'object' ? resolvePort(v as PortRef, ports) : resolvePorts(v, ports);
  }
  return out;
}

const probeArb: fc.Arbitrary<JSONObject> = fc
  .tuple(
    actionArb(false),
    fc.record(
      { initialDelaySeconds: fc.integer({ min: 1, max: 30 }), periodSeconds: fc.integer({ min: 1, max: 30 }), timeoutSeconds: fc.integer({ min: 1, max: 10 }) },
      { requiredKeys: [] },
    ),
    fc.integer({ min: 0, max: 9 }),
  )
  // Either order: the action first (as kubectl writes it; 1 in 10, see KNOWN_REORDER, so most examples are compared
  // byte for byte) or last.
  .map(([action, t, order]) => (order === 0 ? { ...action, ...t } : { ...t, ...action }));

function containerArb(name: string, mounts: readonly string[]): fc.Arbitrary<JSONObject> {
  return fc
    .record(
      {
        image,
        args: fc.array(fc.constantFrom('--verbose', '--port=8080', 'serve'), { minLength: 1, maxLength: 3 }),
        ports: portsArb,
        env: fc.array(fc.record({ name: fc.constantFrom('MODE', 'LOG_LEVEL', 'REGION'), value: fc.constantFrom('prod', 'debug', 'eu') }), { minLength: 1, maxLength: 2 }),
        resources: fc.constant({ requests: { cpu: '100m', memory: '64Mi' } }),
        volumeMounts: fc.subarray([...mounts]).map((names) => names.map((n) => ({ name: n, mountPath: `/mnt/${n}` }))),
        readinessProbe: probeArb,
        livenessProbe: probeArb,
        startupProbe: probeArb,
        lifecycle: fc.record({ postStart: actionArb(true), preStop: actionArb(true) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['image'] },
    )
    .map((c) => {
      const ports = (c.ports ?? []) as PortSpec[];
      const out: JSONObject = { name, ...(resolvePorts(c, ports) as JSONObject) };
      if (Array.isArray(out['ports']) && out['ports'].length === 0) delete out['ports'];
      if (Array.isArray(out['volumeMounts']) && (out['volumeMounts'] as unknown[]).length === 0) delete out['volumeMounts'];
      if (out['lifecycle'] !== undefined && Object.keys(out['lifecycle'] as JSONObject).length === 0) delete out['lifecycle'];
      return out;
    });
}

const podSpecArb: fc.Arbitrary<JSONObject> = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom('app', 'web', 'worker-1', 'cache', 'api2'), { minLength: 1, maxLength: 3 }),
    inits: fc.uniqueArray(fc.constantFrom('migrate', 'setup-db'), { maxLength: 2 }),
    volumes: fc.uniqueArray(fc.constantFrom('data', 'config', 'tmp'), { maxLength: 2 }),
    secrets: fc.uniqueArray(fc.constantFrom('regcred', 'pull-secret'), { maxLength: 2 }),
    serviceAccountName: fc.option(dnsName, { nil: undefined }),
    securityContext: fc.option(fc.constant({ runAsNonRoot: true, fsGroup: 2000 }), { nil: undefined }),
  })
  .chain((s) =>
    fc
      .tuple(
        fc.tuple(...s.names.map((n) => containerArb(n, s.volumes))),
        s.inits.length > 0 ? fc.tuple(...s.inits.map((n) => containerArb(n, s.volumes))) : fc.constant([] as JSONObject[]),
      )
      .map(([containers, inits]) => {
        const spec: JSONObject = {};
        if (s.serviceAccountName !== undefined) spec['serviceAccountName'] = s.serviceAccountName;
        if (inits.length > 0) spec['initContainers'] = inits;
        spec['containers'] = containers;
        if (s.volumes.length > 0) spec['volumes'] = s.volumes.map((v) => ({ name: v, emptyDir: {} }));
        if (s.secrets.length > 0) spec['imagePullSecrets'] = s.secrets.map((n) => ({ name: n }));
        if (s.securityContext) spec['securityContext'] = s.securityContext;
        return spec;
      }),
  );

const labelsArb = fc.record(
  { app: dnsName, version: fc.constantFrom('v1', 'v2'), 'app.kubernetes.io/name': dnsName, team: dnsName, 'security.istio.io/tlsMode': fc.constant('disabled') },
  { requiredKeys: [] },
);

const annotationsArb = fc.record(
  {
    'example.com/owner': dnsName,
    'sidecar.istio.io/inject': fc.constant('true'),
    'prometheus.io/scrape': fc.constant('true'),
    'prometheus.io/port': fc.constantFrom('9090', '8081'),
    'prometheus.io/path': fc.constantFrom('/metrics', '/custom'),
    'kubectl.kubernetes.io/default-container': fc.constant('sidecar-logger'),
  },
  { requiredKeys: [] },
);

function withMaps(meta: JSONObject, labels: JSONObject, annotations: JSONObject): JSONObject {
  const out = { ...meta };
  if (Object.keys(labels).length > 0) out['labels'] = labels;
  if (Object.keys(annotations).length > 0) out['annotations'] = annotations;
  return out;
}

const workloadArb: fc.Arbitrary<JSONObject> = fc
  .record({
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'),
    name: dnsName,
    namespace: fc.option(fc.constantFrom('prod', 'shop'), { nil: undefined }),
    labels: labelsArb,
    annotations: annotationsArb,
    spec: podSpecArb,
  })
  .map((w) => {
    const meta: JSONObject = { name: w.name, ...(w.namespace ? { namespace: w.namespace } : {}) };
    if (w.kind === 'Pod') return { apiVersion: 'v1', kind: 'Pod', metadata: withMaps(meta, w.labels, w.annotations), spec: w.spec };
    const apiVersion = w.kind === 'Job' ? 'batch/v1' : 'apps/v1';
    const template = { metadata: withMaps({}, { ...w.labels, app: w.labels['app'] ?? w.name }, w.annotations), spec: w.spec };
    const spec: JSONObject = w.kind === 'Job' ? { template } : { selector: { matchLabels: { app: w.labels['app'] ?? w.name } }, template };
    return { apiVersion, kind: w.kind, metadata: meta, spec };
  });

function fileRun(processor: Processor<InjectorContext>, text: string): { text: string; exitCode: number; stderr: string } {
  const outcome = runFiles(processor, [{ path: 'workload.yaml', text }]);
  return { text: outcome.files[0]?.text ?? '', exitCode: outcome.exitCode, stderr: outcome.stderr };
}

function documents(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

test(`uninject(inject(x)) == x for generated workloads (${NUM_RUNS} runs), and --check tells the two apart`, () => {
  let changed = 0;
  fc.assert(
    fc.property(workloadArb, (workload) => {
      const text = stringify(workload, { lineWidth: 0 });
      const injected = fileRun(injectProcessor, text);
      assert.is(injected.exitCode, 0, injected.stderr);
      if (injected.text === text) return; // not injected (never with these inputs, but then there is nothing to undo)
      changed++;
      const back = fileRun(uninjectProcessor, injected.text);
      assert.is(back.exitCode, 0, back.stderr);
      assert.is(firstDifference(documents(back.text), documents(text)), undefined);
      assert.fixture(back.text, text);
      // --check costs two more injections: every 10th example (the conformance cases check it on every input).
      if (changed % 10 === 0) {
        assert.is(fileRun(checkProcessor, injected.text).exitCode, 0, 'check passes on the injected output');
        assert.is(fileRun(checkProcessor, text).exitCode, 1, 'check fails on the input');
      }
    }),
    { numRuns: NUM_RUNS, seed: 20261126 },
  );
  assert.ok(changed > NUM_RUNS * 0.9, `most generated workloads are injected (${changed})`);
  console.log(`${changed} injected and uninjected, byte for byte`);
});

test.run();
