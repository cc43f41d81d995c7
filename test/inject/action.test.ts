/**
 * The functionConfig's `action` chooses the command where there is no command line (kpt pipelines, kustomize
 * transformers): the bundle run in KRM mode with `action: uninject` restores the injected input, `action: check`
 * changes nothing and fails on a stale workload, `action: inject` (the default) injects.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, stringify } from 'yaml';
import { runBundle } from '../examples/bundle.ts';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop', namespace: 'store' },
  spec: {
    selector: { matchLabels: { app: 'shop' } },
    template: { metadata: { labels: { app: 'shop' } }, spec: { containers: [{ name: 'shop', image: 'shop:1' }] } },
  },
};

function resourceList(items: unknown[], action?: string): string {
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inject' }, data: action ? { action } : {} };
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig });
}

interface Output {
  items: Record<string, unknown>[];
  results: { severity: string; message: string; tags?: Record<string, string> }[];
}

function itemsOf(stdout: string): Output {
  const out = parse(stdout) as Partial<Output>;
  return { items: out.items ?? [], results: out.results ?? [] };
}

/** The pod template's init containers and containers, by name. */
function containerNames(item: Record<string, unknown>): string[] {
  const spec = (item as { spec: { template: { spec: { initContainers?: { name: string }[]; containers: { name: string }[] } } } }).spec.template.spec;
  return [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
}

test('action: inject (the default) injects; action: uninject restores the input; action: check passes on it', () => {
  const injected = runBundle([], resourceList([deployment]));
  assert.is(injected.status, 0, injected.stderr);
  const injectedItems = itemsOf(injected.stdout).items;
  // The embedded default runs the proxy as a native sidecar (an init container).
  assert.equal(containerNames(injectedItems[0]!), ['istio-init', 'istio-proxy', 'shop']);

  const checked = runBundle([], resourceList(injectedItems, 'check'));
  assert.is(checked.status, 0, checked.stdout);
  assert.equal(itemsOf(checked.stdout).items, injectedItems, 'check changes nothing');

  const restored = runBundle([], resourceList(injectedItems, 'uninject'));
  assert.is(restored.status, 0, restored.stderr);
  assert.equal(itemsOf(restored.stdout).items, [deployment]);
});

test('action: check on a workload that is not injected: exit 1, an error naming it, the item unchanged', () => {
  const checked = runBundle([], resourceList([deployment], 'check'));
  assert.is(checked.status, 1);
  const out = itemsOf(checked.stdout);
  assert.equal(out.items, [deployment]);
  const errors = out.results.filter((r) => r.severity === 'error');
  assert.is(errors.length, 1);
  assert.match(errors[0]!.message, /Deployment.*shop.*not injected/);
});

test('an explicit command line wins over the action: --check with action: uninject checks', () => {
  const checked = runBundle(['--check'], resourceList([deployment], 'uninject'));
  assert.is(checked.status, 1);
  assert.equal(itemsOf(checked.stdout).items, [deployment]);
});

test.run();
