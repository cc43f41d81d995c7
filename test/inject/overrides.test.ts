import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import {
  adjustInitContainerUser,
  cloneJSON,
  formatOverrides,
  normalizeContainer,
  parseOverrides,
  reapplyOverwrittenContainers,
  reinsertOverrides,
  stripPod,
} from '../../src/inject/overrides.ts';
import { parseInjectionStatus } from '../../src/inject/status.ts';
import { readShared, sharedPath } from '../support/shared.ts';

type Obj = Record<string, unknown>;

const spec = (p: Obj): Obj => p['spec'] as Obj;
const annotationsOf = (p: Obj): Obj => ((p['metadata'] as Obj)?.['annotations'] as Obj) ?? {};
const names = (list: unknown): string[] => ((list as Obj[]) ?? []).map((x) => x['name'] as string);

function podsOf(text: string): Obj[] {
  const out: Obj[] = [];
  const visit = (doc: unknown): void => {
    if (doc === null || typeof doc !== 'object') return;
    const o = doc as Obj;
    const s = o['spec'] as Obj | undefined;
    if (o['kind'] === 'List') (o['items'] as unknown[]).forEach(visit);
    else if (o['kind'] === 'Pod') out.push({ metadata: o['metadata'] ?? {}, spec: s ?? {} });
    else if (o['kind'] === 'CronJob') out.push(((s?.['jobTemplate'] as Obj)['spec'] as Obj)['template'] as Obj);
    else if (s && typeof s['template'] === 'object') out.push(s['template'] as Obj);
  };
  for (const doc of parseAllDocuments(text)) visit(doc.toJS());
  return out;
}

/** The template pod's container lists, as the golden's status annotation names them. */
function templateFromStatus(golden: Obj): Obj {
  const status = parseInjectionStatus(annotationsOf(golden)['sidecar.istio.io/status'] as string);
  const items = (list: readonly string[] | null | undefined) => (list ?? []).map((name) => ({ name }));
  return { spec: { containers: items(status?.containers), initContainers: items(status?.initContainers) } };
}

// proxy-override.yaml.injected (spec §8 example).
const PROXY_OVERRIDE =
  '{"initContainers":[{"name":"istio-init","image":"fake/custom-image","args":["my","custom","args"],"resources":{}},{"name":"istio-proxy","resources":{"limits":{"cpu":"3"},"requests":{"cpu":"123m"}},"volumeMounts":[{"name":"certs","mountPath":"/etc/certs"}],"livenessProbe":{"httpGet":{"path":"/healthz/ready","port":15021},"initialDelaySeconds":10,"timeoutSeconds":3,"periodSeconds":2,"failureThreshold":30},"lifecycle":{"preStop":{"exec":{"command":["sleep","10"]}}},"terminationMessagePath":"/foo/bar","securityContext":{"runAsUser":1234,"runAsGroup":1234,"readOnlyRootFilesystem":false,"allowPrivilegeEscalation":true},"tty":true}]}';

// ---

const Strip = suite('overrides: stripPod and reinsertOverrides');

Strip('merge-probers.yaml: previous containers, Prometheus annotations and status removed', () => {
  if (!sharedPath('conformance/istio/inject/merge-probers.yaml', 'stripPod on merge-probers')) return;
  const [input] = podsOf(readShared('conformance/istio/inject/merge-probers.yaml'));
  if (!input) throw new Error('no pod');
  const stripped = stripPod(input, 15020);
  assert.equal(names(spec(stripped)['containers']), ['hello', 'world', 'new']);
  assert.equal(names(spec(stripped)['initContainers']), []);
  assert.equal(annotationsOf(stripped), {
    'kubectl.kubernetes.io/default-container': 'hello',
    'kubectl.kubernetes.io/default-logs-container': 'hello',
  });
  assert.ok('sidecar.istio.io/status' in annotationsOf(input), 'input untouched');
  // A different mesh status port means the annotations were the user's: they stay.
  assert.ok('prometheus.io/port' in annotationsOf(stripPod(input, 15021)));
});

Strip('no status or an unparsable one: the pod as is', () => {
  const plain = { metadata: { annotations: { a: 'b' } }, spec: { containers: [{ name: 'istio-proxy' }] } };
  assert.is(stripPod(plain, 15020), plain);
  const broken = { metadata: { annotations: { 'sidecar.istio.io/status': '{"containers":"istio-proxy"}' } }, spec: plain.spec };
  assert.is(stripPod(broken, 15020), broken);
});

Strip('custom-template.yaml.injected re-injected: the modified app container comes back from the overrides', () => {
  if (!sharedPath('conformance/istio/inject/custom-template.yaml.injected', 'reinsertOverrides on custom-template')) return;
  const [golden] = podsOf(readShared('conformance/istio/inject/custom-template.yaml.injected'));
  if (!golden) throw new Error('no pod');
  const stripped = stripPod(golden, 15020);
  assert.equal(names(spec(stripped)['containers']), []);
  const result = reinsertOverrides(stripped);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(spec(result.pod)['containers'], [
    { name: 'hello', image: 'fake.docker.io/google-samples/hello-go-gke:1.0', resources: {}, readinessProbe: { httpGet: { port: 80 } } },
  ]);
});

Strip('a malformed overrides annotation is a problem', () => {
  for (const value of ['{', '[]', '{"containers":{}}', '{"initContainers":[1]}']) {
    const result = reinsertOverrides({ metadata: { annotations: { 'proxy.istio.io/overrides': value } }, spec: {} });
    assert.ok(!result.ok, value);
    if (!result.ok) assert.is(result.problem.field, 'metadata.annotations["proxy.istio.io/overrides"]');
  }
  const ok = reinsertOverrides({ metadata: { annotations: { 'proxy.istio.io/overrides': 'null' } }, spec: {} });
  assert.ok(ok.ok);
});

Strip('__proto__ and constructor keys stay data through cloneJSON, stripPod and reinsertOverrides', () => {
  const hostile = JSON.parse(
    '{"metadata":{"annotations":{"__proto__":{"polluted":"yes"},"constructor":"c","sidecar.istio.io/status":"{\\"containers\\":[\\"__proto__\\"]}","proxy.istio.io/overrides":"{\\"containers\\":[{\\"name\\":\\"__proto__\\",\\"image\\":\\"x\\"}]}"}},"spec":{"containers":[{"name":"__proto__"},{"name":"app","__proto__":{"polluted":"yes"}}]}}',
  ) as Obj;
  const copy = cloneJSON(hostile);
  assert.ok(Object.hasOwn(annotationsOf(copy), '__proto__'));
  const stripped = stripPod(hostile, 15020);
  assert.equal(names(spec(stripped)['containers']), ['app']);
  assert.is(annotationsOf(stripped)['constructor'], 'c');
  const result = reinsertOverrides(stripped);
  assert.ok(result.ok);
  if (result.ok) assert.equal(names(spec(result.pod)['containers']), ['app', '__proto__']);
  assert.is(({} as Obj)['polluted'], undefined);
  assert.is(Object.getPrototypeOf((spec(copy)['containers'] as Obj[])[1]), Object.prototype);
});

Strip.run();

// ---

const Format = suite('overrides: the proxy.istio.io/overrides annotation');

Format('Go field order, canonical quantities, resources always present (proxy-override.yaml.injected)', () => {
  const userProxy = {
    name: 'istio-proxy',
    image: 'auto',
    resources: { requests: { cpu: '123m' }, limits: { cpu: '3000m' } },
    livenessProbe: { failureThreshold: 30, httpGet: { path: '/healthz/ready', port: 15021 }, initialDelaySeconds: 10, periodSeconds: 2, timeoutSeconds: 3 },
    tty: true,
    terminationMessagePath: '/foo/bar',
    volumeMounts: [{ mountPath: '/etc/certs', name: 'certs' }],
    lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } },
    securityContext: { allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, runAsUser: 1234, runAsGroup: 1234 },
  };
  const overlay = normalizeContainer(userProxy);
  delete overlay['image'];
  const init = normalizeContainer({ name: 'istio-init', args: ['my', 'custom', 'args'], image: 'fake/custom-image' });
  assert.is(formatOverrides({ containers: [], initContainers: [init, overlay] }), PROXY_OVERRIDE);
  assert.is(formatOverrides({ containers: [normalizeContainer({ name: 'x', extra: 1, stdin: false, args: [] })], initContainers: [] }), '{"containers":[{"name":"x","resources":{}}]}');
});

Format('parseOverrides normalizes and round-trips', () => {
  const parsed = parseOverrides(PROXY_OVERRIDE);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.is(formatOverrides(parsed.overrides), PROXY_OVERRIDE);
});

Format.run();

// ---

const Reapply = suite('overrides: reapplyOverwrittenContainers');

Reapply('the user container is merged over the template one; image auto keeps the injected image', () => {
  const finalPod = {
    metadata: {},
    spec: {
      containers: [{ name: 'hello' }],
      initContainers: [
        { name: 'istio-proxy', image: 'proxyv2', args: ['proxy', 'sidecar'], securityContext: { runAsUser: 1337, readOnlyRootFilesystem: true } },
      ],
    },
  };
  const original = {
    metadata: {},
    spec: { containers: [{ name: 'hello' }, { name: 'istio-proxy', image: 'auto', args: ['x'], tty: true, securityContext: { runAsUser: 1234 } }] },
  };
  const template = { spec: { initContainers: [{ name: 'istio-proxy' }] } };
  const result = reapplyOverwrittenContainers(finalPod, original, template);
  assert.ok(result.ok);
  if (!result.ok) return;
  const sidecar = (spec(result.pod)['initContainers'] as Obj[])[0] as Obj;
  assert.is(sidecar['image'], 'proxyv2');
  assert.equal(sidecar['args'], ['x']);
  assert.is(sidecar['tty'], true);
  assert.equal(sidecar['securityContext'], { runAsUser: 1234, readOnlyRootFilesystem: true });
  assert.is(
    annotationsOf(result.pod)['proxy.istio.io/overrides'],
    '{"initContainers":[{"name":"istio-proxy","args":["x"],"resources":{},"securityContext":{"runAsUser":1234},"tty":true}]}',
  );
  assert.equal(spec(finalPod)['initContainers'], [
    { name: 'istio-proxy', image: 'proxyv2', args: ['proxy', 'sidecar'], securityContext: { runAsUser: 1337, readOnlyRootFilesystem: true } },
  ], 'input untouched');
});

Reapply('already injected: containers the status lists are skipped and the annotation is not rewritten', () => {
  const status = '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":null,"imagePullSecrets":null,"revision":"default"}';
  const original = { metadata: { annotations: { 'sidecar.istio.io/status': status } }, spec: { containers: [{ name: 'istio-proxy', image: 'old' }] } };
  const finalPod = { metadata: { annotations: { 'sidecar.istio.io/status': status } }, spec: { containers: [{ name: 'istio-proxy', image: 'new' }] } };
  const result = reapplyOverwrittenContainers(finalPod, original, { spec: { containers: [{ name: 'istio-proxy' }] } });
  assert.ok(result.ok && result.pod === finalPod);
});

Reapply('every golden proxy.istio.io/overrides value, byte for byte', () => {
  if (!sharedPath('conformance/istio/cases.json', 'overrides goldens')) return;
  const cases = (JSON.parse(readShared('conformance/istio/cases.json')) as { cases: { id: string; input: string; golden: string; expectError: string | null }[] }).cases;
  let checked = 0;
  let recorded = 0;
  for (const c of cases) {
    if (c.expectError !== null) continue;
    const inputs = podsOf(readShared(`conformance/istio/${c.input}`));
    podsOf(readShared(`conformance/istio/${c.golden}`)).forEach((golden, i) => {
      const want = annotationsOf(golden)['proxy.istio.io/overrides'];
      const input = inputs[i];
      if (!input || !('sidecar.istio.io/status' in annotationsOf(golden))) return;
      const original = cloneJSON(input);
      if (c.input.includes('openshift')) {
        // The webhook's OpenShift step clears a proxy UID equal to the app's before injection (not this module's job).
        for (const x of (spec(original)['containers'] as Obj[]) ?? []) {
          if (x['name'] === 'istio-proxy') delete (x['securityContext'] as Obj)['runAsUser'];
        }
      }
      const template = templateFromStatus(golden);
      const finalPod = { metadata: cloneJSON(input['metadata'] ?? {}), spec: cloneJSON(template['spec']) } as Obj;
      const result = reapplyOverwrittenContainers(finalPod, original, template);
      assert.ok(result.ok, c.id);
      if (!result.ok) return;
      assert.is(annotationsOf(result.pod)['proxy.istio.io/overrides'], want, c.id);
      checked++;
      if (want !== undefined) recorded++;
    });
  }
  assert.ok(checked > 80 && recorded >= 12, `checked ${checked}, ${recorded} with overrides`);
});

Reapply.run();

// ---

const User = suite('overrides: adjustInitContainerUser (proxy-override-runas goldens)');

function runasCase(golden: string): { input: Obj; golden: Obj } | undefined {
  if (!sharedPath(`conformance/istio/inject/${golden}`, `adjustInitContainerUser on ${golden}`)) return undefined;
  const [input] = podsOf(readShared('conformance/istio/inject/proxy-override-runas.yaml'));
  const [want] = podsOf(readShared(`conformance/istio/inject/${golden}`));
  return input && want ? { input, golden: want } : undefined;
}

const initOf = (p: Obj, name: string): Obj => (spec(p)['initContainers'] as Obj[]).find((x) => x['name'] === name) as Obj;

User('REDIRECT: the -u argument of istio-init becomes the user UID', () => {
  const k = runasCase('proxy-override-runas.yaml.injected');
  if (!k) return;
  const before = cloneJSON(k.golden);
  const args = initOf(before, 'istio-init')['args'] as string[];
  args[args.indexOf('-u') + 1] = '1337';
  assert.equal(adjustInitContainerUser(before, k.input, 'REDIRECT'), k.golden);
  assert.is((initOf(before, 'istio-init')['args'] as string[])[args.indexOf('-u') + 1], '1337', 'input untouched');
});

User('CNI: istio-validation runs as the user UID/GID', () => {
  const k = runasCase('proxy-override-runas.yaml.cni.injected');
  if (!k) return;
  const before = cloneJSON(k.golden);
  const validation = initOf(before, 'istio-validation');
  const args = validation['args'] as string[];
  args[args.indexOf('-u') + 1] = '1337';
  Object.assign(validation['securityContext'] as Obj, { runAsUser: 1337, runAsGroup: 1337 });
  assert.equal(adjustInitContainerUser(before, k.input, ''), k.golden);
});

User('TPROXY (mesh interception mode): the proxy keeps UID 0, -u still rewritten', () => {
  const k = runasCase('proxy-override-runas.yaml.tproxy.injected');
  if (!k) return;
  const before = cloneJSON(k.golden);
  const args = initOf(before, 'istio-init')['args'] as string[];
  args[args.indexOf('-u') + 1] = '1337';
  Object.assign(initOf(before, 'istio-proxy')['securityContext'] as Obj, { runAsUser: 1234 });
  assert.equal(adjustInitContainerUser(before, k.input, 'TPROXY'), k.golden);
  // The pod annotation has the same effect.
  const annotated = cloneJSON(before);
  (annotated['metadata'] as Obj)['annotations'] = { ...annotationsOf(annotated), 'sidecar.istio.io/interceptionMode': 'TPROXY' };
  const out = adjustInitContainerUser(annotated, k.input, '');
  assert.is((initOf(out, 'istio-proxy')['securityContext'] as Obj)['runAsUser'], 0);
});

User('nothing to do without a user UID/GID, without an init container, or for UID 0', () => {
  const finalPod = { spec: { initContainers: [{ name: 'istio-init', args: ['-u', '1337'] }] } };
  const noUser = { spec: { containers: [{ name: 'istio-proxy', securityContext: { readOnlyRootFilesystem: false } }] } };
  assert.is(adjustInitContainerUser(finalPod, noUser, ''), finalPod);
  const root = { spec: { containers: [{ name: 'istio-proxy', securityContext: { runAsUser: 0 } }] } };
  assert.equal(adjustInitContainerUser(finalPod, root, ''), finalPod);
  const noInit = { spec: { containers: [] } };
  assert.is(adjustInitContainerUser(noInit, root, ''), noInit);
  const last = { spec: { initContainers: [{ name: 'istio-init', args: ['-u'] }] } };
  const user = { spec: { containers: [{ name: 'istio-proxy', securityContext: { runAsUser: 5 } }] } };
  assert.equal(adjustInitContainerUser(last, user, ''), last);
});

User.run();
