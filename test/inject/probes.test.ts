import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import {
  applyRewrite,
  dumpAppProbers,
  formatAppProbers,
  mergeOrAppendProbers,
  parseAppProbers,
  proberURLs,
  restoreAppProbes,
  rewriteAppProbes,
  shouldRewriteAppHTTPProbers,
} from '../../src/inject/probes.ts';
import { valuesRewriteAppHTTPProbe } from '../../src/inject/postprocess.ts';
import { readShared, sharedPath } from '../support/shared.ts';

type Obj = Record<string, unknown>;

const pod = (containers: Obj[], annotations?: Record<string, string>, initContainers?: Obj[]): Obj => ({
  metadata: annotations ? { annotations } : {},
  spec: initContainers ? { initContainers, containers } : { containers },
});
const proxy = (env: Obj[] = []): Obj => ({ name: 'istio-proxy', image: 'proxyv2', env });
const probersEnv = (p: Obj): string | undefined => {
  const spec = p['spec'] as Obj;
  const all = [...((spec['containers'] as Obj[]) ?? []), ...((spec['initContainers'] as Obj[]) ?? [])];
  const env = (all.find((c) => c['name'] === 'istio-proxy')?.['env'] as Obj[] | undefined) ?? [];
  return env.find((e) => e['name'] === 'ISTIO_KUBE_APP_PROBERS')?.['value'] as string | undefined;
};

// ---

const Dump = suite('probes: DumpAppProbers');

Dump('URLs (status.FormatProberURL)', () => {
  assert.equal(proberURLs('my-app-2'), {
    readyz: '/app-health/my-app-2/readyz',
    livez: '/app-health/my-app-2/livez',
    startupz: '/app-health/my-app-2/startupz',
    prestopz: '/app-lifecycle/my-app-2/prestopz',
    poststartz: '/app-lifecycle/my-app-2/poststartz',
  });
});

Dump('hello-probes.yaml → hello-probes.yaml.injected: named port, lifecycle, exec skipped, sorted keys', () => {
  const input = pod([
    {
      name: 'hello',
      ports: [{ name: 'http', containerPort: 80 }],
      livenessProbe: { httpGet: { port: 'http' } },
      readinessProbe: { httpGet: { port: 3333 } },
      lifecycle: { preStop: { httpGet: { port: 91 } }, postStart: { tcpSocket: { port: 93 } } },
    },
    {
      name: 'world',
      ports: [{ name: 'http', containerPort: 90 }],
      livenessProbe: { httpGet: { port: 'http' } },
      readinessProbe: { exec: { command: ['cat', '/tmp/healthy'] } },
    },
    proxy(),
  ]);
  assert.is(
    dumpAppProbers(input, 15020),
    '{"/app-health/hello/livez":{"httpGet":{"port":80}},"/app-health/hello/readyz":{"httpGet":{"port":3333}},"/app-health/world/livez":{"httpGet":{"port":90}},"/app-lifecycle/hello/poststartz":{"tcpSocket":{"port":93}},"/app-lifecycle/hello/prestopz":{"httpGet":{"port":91}}}',
  );
});

Dump('https-probes.yaml.injected: the original scheme is kept in the env', () => {
  const input = pod([{ name: 'hello', readinessProbe: { httpGet: { port: 3333, scheme: 'HTTPS' } } }]);
  assert.is(dumpAppProbers(input, 15020), '{"/app-health/hello/readyz":{"httpGet":{"port":3333,"scheme":"HTTPS"}}}');
});

Dump('Go field order of HTTPGetAction and Prober (Appendix A), timeoutSeconds kept', () => {
  const input = pod([
    {
      name: 'a',
      readinessProbe: {
        timeoutSeconds: 5,
        periodSeconds: 9,
        httpGet: { httpHeaders: [{ value: 'v', name: 'X-H' }], scheme: 'HTTP', host: 'h', port: 8080, path: '/p', extra: 1 },
      },
    },
  ]);
  assert.is(
    dumpAppProbers(input, 15020),
    '{"/app-health/a/readyz":{"httpGet":{"path":"/p","port":8080,"host":"h","scheme":"HTTP","httpHeaders":[{"name":"X-H","value":"v"}]},"timeoutSeconds":5}}',
  );
});

Dump('gRPC kept as is with service null (Appendix A), tcpSocket with host, startup probe', () => {
  const input = pod([
    { name: 'g', livenessProbe: { grpc: { port: 9090 } }, startupProbe: { grpc: { port: 9091, service: 'svc' }, timeoutSeconds: 2 } },
    { name: 't', readinessProbe: { tcpSocket: { port: 5432, host: 'db' } } },
  ]);
  assert.is(
    dumpAppProbers(input, 15020),
    '{"/app-health/g/livez":{"grpc":{"port":9090,"service":null}},"/app-health/g/startupz":{"grpc":{"port":9091,"service":"svc"},"timeoutSeconds":2},"/app-health/t/readyz":{"tcpSocket":{"port":5432,"host":"db"}}}',
  );
});

Dump('dropped: unresolvable named port, a port equal to the status port, exec; nothing → ""', () => {
  const input = pod([
    { name: 'a', readinessProbe: { httpGet: { port: 'nope' } }, livenessProbe: { httpGet: { path: '/app-health/a/livez', port: 15020 } } },
    { name: 'b', readinessProbe: { exec: { command: ['true'] } }, lifecycle: { preStop: { exec: { command: ['x'] } } } },
  ]);
  assert.is(dumpAppProbers(input, 15020), '');
});

Dump('init containers first, proxy skipped (native-sidecar.yaml.injected)', () => {
  const input = pod(
    [{ name: 'hello' }, proxy()],
    undefined,
    [{ name: 'other-sidecar', restartPolicy: 'Always', readinessProbe: { httpGet: { port: 3333 } } }, { ...proxy(), readinessProbe: { httpGet: { port: 15021 } } }],
  );
  assert.is(dumpAppProbers(input, 15020), '{"/app-health/other-sidecar/readyz":{"httpGet":{"port":3333}}}');
});

Dump('a string port of digits is a named port (IntOrString)', () => {
  const input = pod([{ name: 'a', ports: [{ name: '80', containerPort: 8080 }], readinessProbe: { httpGet: { port: '80' } } }]);
  assert.is(dumpAppProbers(input, 15020), '{"/app-health/a/readyz":{"httpGet":{"port":8080}}}');
});

Dump.run();

// ---

const Merge = suite('probes: mergeOrAppendProbers');

const OLD =
  '{"/app-health/hello/livez":{"httpGet":{"port":80}},"/app-health/hello/readyz":{"httpGet":{"port":3333}},"/app-health/world/livez":{"httpGet":{"port":90}}}';

Merge('merge-probers.yaml.injected: old keys win, new keys added, re-sorted', () => {
  const env = [{ name: 'TRUST_DOMAIN', value: 'cluster.local' }, { name: 'ISTIO_KUBE_APP_PROBERS', value: OLD }];
  const fresh = '{"/app-health/hello/livez":{"httpGet":{"port":81}},"/app-health/new/livez":{"httpGet":{"path":"/testLive","port":8008}}}';
  assert.equal(mergeOrAppendProbers(true, env, fresh), [
    { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    {
      name: 'ISTIO_KUBE_APP_PROBERS',
      value:
        '{"/app-health/hello/livez":{"httpGet":{"port":80}},"/app-health/hello/readyz":{"httpGet":{"port":3333}},"/app-health/new/livez":{"httpGet":{"path":"/testLive","port":8008}},"/app-health/world/livez":{"httpGet":{"port":90}}}',
    },
  ]);
});

Merge('first injection appends; re-injection without the env appends; a bad old value leaves env alone', () => {
  const fresh = '{"/app-health/a/readyz":{"httpGet":{"port":1}}}';
  assert.equal(mergeOrAppendProbers(false, [{ name: 'ISTIO_KUBE_APP_PROBERS', value: OLD }], fresh), [
    { name: 'ISTIO_KUBE_APP_PROBERS', value: OLD },
    { name: 'ISTIO_KUBE_APP_PROBERS', value: fresh },
  ]);
  assert.equal(mergeOrAppendProbers(true, [], fresh), [{ name: 'ISTIO_KUBE_APP_PROBERS', value: fresh }]);
  const bad = [{ name: 'ISTIO_KUBE_APP_PROBERS', value: '{"x":{"timeoutSeconds":"3"}}' }];
  assert.equal(mergeOrAppendProbers(true, bad, fresh), bad);
});

Merge('existing entries are re-encoded through the Go struct (unknown fields dropped, null kept)', () => {
  const env = [{ name: 'ISTIO_KUBE_APP_PROBERS', value: '{"/b":null,"/a":{"httpGet":{"port":"http","x":1},"timeoutSeconds":0}}' }];
  const out = mergeOrAppendProbers(true, env, '{"/c":{"tcpSocket":{"port":1}}}');
  assert.equal(out, [{ name: 'ISTIO_KUBE_APP_PROBERS', value: '{"/a":{"httpGet":{"port":"http"}},"/b":null,"/c":{"tcpSocket":{"port":1}}}' }]);
});

Merge('parse/format round trip', () => {
  const parsed = parseAppProbers(OLD);
  assert.ok(parsed);
  if (parsed) assert.is(formatAppProbers(parsed), OLD);
  assert.is(parseAppProbers('nope'), undefined);
  assert.is(parseAppProbers('[]'), undefined);
  assert.is(parseAppProbers('null')?.size, 0);
});

Merge.run();

// ---

const Rewrite = suite('probes: patchRewriteProbe and applyRewrite');

Rewrite('hello-probes.yaml.injected: httpGet, tcpSocket lifecycle, exec untouched, proxy untouched', () => {
  const input = pod([
    {
      name: 'hello',
      ports: [{ name: 'http', containerPort: 80 }],
      livenessProbe: { httpGet: { port: 'http' } },
      lifecycle: { preStop: { httpGet: { port: 91 } }, postStart: { tcpSocket: { port: 93 } } },
    },
    { name: 'world', readinessProbe: { exec: { command: ['cat'] } } },
    { ...proxy(), readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 } } },
  ]);
  const out = rewriteAppProbes(input, 15020);
  const [hello, world, sidecar] = (out['spec'] as Obj)['containers'] as Obj[];
  assert.equal(hello?.['livenessProbe'], { httpGet: { port: 15020, path: '/app-health/hello/livez' } });
  assert.equal(hello?.['lifecycle'], {
    preStop: { httpGet: { port: 15020, path: '/app-lifecycle/hello/prestopz' } },
    postStart: { httpGet: { path: '/app-lifecycle/hello/poststartz', port: 15020 } },
  });
  assert.equal(world?.['readinessProbe'], { exec: { command: ['cat'] } });
  assert.equal(sidecar?.['readinessProbe'], { httpGet: { path: '/healthz/ready', port: 15021 } });
  assert.equal(((input['spec'] as Obj)['containers'] as Obj[])[0]?.['livenessProbe'], { httpGet: { port: 'http' } }, 'input untouched');
});

Rewrite('HTTPS → HTTP, other probe fields kept, gRPC and TCP probes become httpGet', () => {
  const input = pod([
    {
      name: 'a',
      readinessProbe: { httpGet: { port: 3333, scheme: 'HTTPS', host: 'h' }, timeoutSeconds: 3, periodSeconds: 7 },
      livenessProbe: { grpc: { port: 9090 }, initialDelaySeconds: 1 },
      startupProbe: { tcpSocket: { port: 22 }, failureThreshold: 9 },
    },
  ]);
  const [a] = ((rewriteAppProbes(input, 15020)['spec'] as Obj)['containers'] as Obj[]) as [Obj];
  assert.equal(a['readinessProbe'], { httpGet: { port: 15020, scheme: 'HTTP', host: 'h', path: '/app-health/a/readyz' }, timeoutSeconds: 3, periodSeconds: 7 });
  assert.equal(a['livenessProbe'], { httpGet: { path: '/app-health/a/livez', port: 15020 }, initialDelaySeconds: 1 });
  assert.equal(a['startupProbe'], { httpGet: { path: '/app-health/a/startupz', port: 15020 }, failureThreshold: 9 });
});

Rewrite('status_annotations.yaml.injected: status.sidecar.istio.io/port wins for the rewrite, the dump keeps the mesh port', () => {
  const input = pod([{ name: 'hello', readinessProbe: { httpGet: { port: 3333 } } }, proxy()], { 'status.sidecar.istio.io/port': '123' });
  const out = applyRewrite(input, { rewriteAppHTTPProbe: true, meshStatusPort: 15020 });
  const [hello] = (out['spec'] as Obj)['containers'] as Obj[];
  assert.equal(hello?.['readinessProbe'], { httpGet: { port: 123, path: '/app-health/hello/readyz' } });
  assert.is(probersEnv(out), '{"/app-health/hello/readyz":{"httpGet":{"port":3333}}}');
});

Rewrite('the rewriteAppHTTPProbers annotation (a Go bool) wins over values; no proxy → nothing', () => {
  const a = { 'sidecar.istio.io/rewriteAppHTTPProbers': 'false' };
  assert.is(shouldRewriteAppHTTPProbers(a, true), false);
  assert.is(shouldRewriteAppHTTPProbers({ 'sidecar.istio.io/rewriteAppHTTPProbers': 'T' }, false), true);
  assert.is(shouldRewriteAppHTTPProbers({ 'sidecar.istio.io/rewriteAppHTTPProbers': 'yes' }, false), false);
  const p = pod([{ name: 'x', readinessProbe: { httpGet: { port: 1 } } }, proxy()], a);
  assert.is(applyRewrite(p, { rewriteAppHTTPProbe: true, meshStatusPort: 15020 }), p);
  const noProxy = pod([{ name: 'x', readinessProbe: { httpGet: { port: 1 } } }]);
  assert.is(applyRewrite(noProxy, { rewriteAppHTTPProbe: true, meshStatusPort: 15020 }), noProxy);
});

Rewrite.run();

// ---

const Goldens = suite('probes: Istio goldens (applyRewrite over each injected input)');

interface GoldenCase {
  readonly id: string;
  readonly input: string;
  readonly golden: string;
  readonly settings: string;
  readonly expectError: string | null;
}

/** The pod templates of a YAML stream, in document order (Lists flattened; CronJob job templates). */
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

function allContainers(p: Obj): Obj[] {
  const spec = (p['spec'] as Obj) ?? {};
  return [...((spec['initContainers'] as Obj[]) ?? []), ...((spec['containers'] as Obj[]) ?? [])];
}

const PROBE_FIELDS = ['readinessProbe', 'livenessProbe', 'startupProbe', 'lifecycle'];

Goldens('env value byte for byte, and the app containers\' probes and handlers', () => {
  if (!sharedPath('conformance/istio/cases.json', 'probe goldens')) return;
  const cases = (JSON.parse(readShared('conformance/istio/cases.json')) as { cases: GoldenCase[] }).cases;
  let checked = 0;
  let withEnv = 0;
  const seen = new Set<string>();
  for (const c of cases) {
    const key = `${c.input}|${c.golden}|${c.settings}`;
    if (c.expectError !== null || seen.has(key)) continue;
    seen.add(key);
    const values = JSON.parse(readShared(`conformance/istio/settings/${c.settings}/inject-values.json`)) as unknown;
    const inputs = podsOf(readShared(`conformance/istio/${c.input}`));
    const goldens = podsOf(readShared(`conformance/istio/${c.golden}`));
    goldens.forEach((golden, i) => {
      const annotations = ((golden['metadata'] as Obj)?.['annotations'] as Obj) ?? {};
      const input = inputs[i];
      if (!input || !('sidecar.istio.io/status' in annotations)) return;
      // The template adds the proxy; give the input a stand-in when the golden has one (applyRewrite needs it).
      const goldenHasProxy = allContainers(golden).some((x) => x['name'] === 'istio-proxy');
      const inputHasProxy = allContainers(input).some((x) => x['name'] === 'istio-proxy');
      const spec = input['spec'] as Obj;
      // Templates may add annotations (grpc-agent adds rewriteAppHTTPProbers: "false"); the status is the input's.
      const { ['sidecar.istio.io/status']: _status, ...added } = annotations;
      const inputMeta = (input['metadata'] as Obj) ?? {};
      const metadata = { ...inputMeta, annotations: { ...added, ...((inputMeta['annotations'] as Obj) ?? {}) } };
      const containers = [...((spec['containers'] as Obj[]) ?? []), ...(goldenHasProxy && !inputHasProxy ? [proxy()] : [])];
      const prepared = { metadata, spec: { ...spec, containers } };
      const out = applyRewrite(prepared, { rewriteAppHTTPProbe: valuesRewriteAppHTTPProbe(values), meshStatusPort: 15020 });
      assert.is(probersEnv(out), probersEnv(golden), `${c.id}: ISTIO_KUBE_APP_PROBERS`);
      if (probersEnv(golden) !== undefined) withEnv++;
      const ours = new Map(allContainers(out).map((x) => [x['name'], x]));
      for (const g of allContainers(golden)) {
        if (g['name'] === 'istio-proxy' || !ours.has(g['name'])) continue;
        for (const field of PROBE_FIELDS) assert.equal(ours.get(g['name'])?.[field], g[field], `${c.id}: ${String(g['name'])}.${field}`);
      }
      checked++;
    });
  }
  assert.ok(checked > 80 && withEnv >= 14, `checked ${checked} pods, ${withEnv} with probers`);
});

Goldens('uninject: restoreAppProbes(applyRewrite(x)) gives back every recorded probe of the golden inputs', () => {
  if (!sharedPath('conformance/istio/cases.json', 'probe restore goldens')) return;
  const inputs = ['hello-probes.yaml', 'https-probes.yaml', 'ready_live.yaml', 'startup_live.yaml', 'two_container.yaml', 'native-sidecar.yaml', 'hello-readiness.yaml', 'tcp-probes.yaml'];
  for (const name of inputs) {
    for (const input of podsOf(readShared(`conformance/istio/inject/${name}`))) {
      const spec = input['spec'] as Obj;
      const withProxy = { ...input, spec: { ...spec, containers: [...((spec['containers'] as Obj[]) ?? []), proxy()] } };
      const rewritten = applyRewrite(withProxy, { rewriteAppHTTPProbe: true, meshStatusPort: 15020 });
      assert.not.equal(rewritten, withProxy, name);
      const restored = restoreAppProbes(rewritten);
      const apps = (p: Obj): Obj[] => allContainers(p).filter((x) => x['name'] !== 'istio-proxy');
      assert.equal(apps(restored), apps(withProxy), name);
    }
  }
});

Goldens.run();
