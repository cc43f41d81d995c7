/**
 * Istio's own injection goldens (../shared/conformance/istio/cases.json, istio-injection.md §20) through the KRM
 * function: each case's input documents (+ options.extraItems) in a ResourceList whose functionConfig is a ConfigMap
 * holding the case's settings (config, values, mesh with meshOverlay merged in) and options; the output compared with
 * the golden structurally (test/support/structural.ts; scalar zero values Go's typed round trip drops or writes outside
 * the pod are pinned per case, see GO_ROUND_TRIP_ZEROS). Each case also runs a second time on its own output (nothing
 * may change; the one upgrade listed in CONVERGING_UPGRADES reaches its fixed point on the second pass) and with the
 * two Istio ConfigMaps among the items, named by injectorConfigMap/meshConfigMap.
 *
 * Prints one line per case (`ok`/`FAIL`, the id, the first difference) and `N passed, M failed` at the end.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { run } from '../../src/krm/processor.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { firstDifference, withoutGoRoundTripZeros } from '../support/structural.ts';
import { sharedPath } from '../support/shared.ts';
import { caseFunctionConfig, documentsOf, loadCases, prepareCase, resourceList } from '../support/istio-cases.ts';
import type { Case } from '../support/istio-cases.ts';

type JSONObject = Record<string, unknown>;

const root = sharedPath('conformance/istio/cases.json', "Istio's golden injection cases");

interface Output {
  readonly items: unknown[];
  readonly results: { message?: string; severity?: string }[];
  /** The output without its results, as text (for the idempotence check). */
  readonly itemsText: string;
}

function readOutput(text: string): Output {
  const doc = parseAllDocuments(text)[0]!;
  const js = doc.toJS() as JSONObject;
  doc.delete('results');
  return {
    items: Array.isArray(js['items']) ? js['items'] : [],
    results: Array.isArray(js['results']) ? (js['results'] as Output['results']) : [],
    itemsText: doc.toString(),
  };
}

/**
 * Inputs injected by an older Istio whose golden (Istio's first pass) keeps parts of the old sidecar that no
 * annotation records (merge-probers: the old istio-proxy's `--concurrency 2`, startup probe and app-container list
 * survive as if the user had written them). The second pass strips the now-recorded sidecar and injects it clean, as
 * Istio's would, and from then on nothing changes.
 */
const CONVERGING_UPGRADES: ReadonlySet<string> = new Set(['[56] merge-probers.yaml.injected']);

/** One case's outcome: its first problem, or a note on a difference kept by design. */
interface CaseOutcome {
  readonly problem?: string;
  readonly note?: string;
}

/** The first problem of one case, if any. */
function runCase(dir: string, c: Case): CaseOutcome {
  const p = prepareCase(dir, c);
  const first = run(injectProcessor, resourceList(p.items, caseFunctionConfig(p)));
  const out = readOutput(first.output);
  const messages = out.results.map((r) => `${r.severity ?? ''}: ${r.message ?? ''}`);

  if (c.expectError) {
    const wanted = c.expectError.toLowerCase();
    if (first.exitCode !== 1) return { problem: `expected an error containing "${c.expectError}", exit ${first.exitCode}` };
    if (!out.results.some((r) => r.severity === 'error' && (r.message ?? '').toLowerCase().includes(wanted))) {
      return { problem: `no error result contains "${c.expectError}": ${messages.join(' | ')}` };
    }
    return {};
  }
  if (first.exitCode !== 0) return { problem: `exit ${first.exitCode}: ${messages.join(' | ')}` };
  if (c.expectWarning && !out.results.some((r) => r.severity === 'warning' && (r.message ?? '').toLowerCase().includes(c.expectWarning!.toLowerCase()))) {
    return { problem: `no warning contains "${c.expectWarning}": ${messages.join(' | ')}` };
  }
  const ours = out.items.slice(0, out.items.length - p.extra);
  let note: string | undefined;
  if (c.golden) {
    const golden = documentsOf(readFileSync(join(dir, c.golden), 'utf8'));
    const zeros = withoutGoRoundTripZeros(ours, p.items, golden);
    const d = firstDifference(zeros.ours, zeros.golden);
    if (d !== undefined) return { problem: d };
    const notes = [
      ...(zeros.kept.length > 0 ? [`keeps the user's ${zeros.kept.join(', ')} (Go drops zero values)`] : []),
      ...(zeros.added.length > 0 ? [`leaves out ${zeros.added.join(', ')} (Go writes zero values nobody set)`] : []),
    ];
    if (notes.length > 0) note = notes.join('; ');
  }

  // Idempotence: the output run again changes nothing, except for the upgrades listed in CONVERGING_UPGRADES, where
  // the second pass must be a fixed point instead.
  const second = run(injectProcessor, first.output);
  const again = readOutput(second.output);
  if (second.exitCode !== 0) return { problem: `second run: exit ${second.exitCode}` };
  const converging = p.upgrade && CONVERGING_UPGRADES.has(c.id);
  if ((again.itemsText !== out.itemsText) !== converging) {
    return { problem: converging ? 'listed in CONVERGING_UPGRADES but the second run changes nothing' : 'second run changed the output (not idempotent)' };
  }
  if (converging) {
    const third = readOutput(run(injectProcessor, second.output).output);
    if (third.itemsText !== again.itemsText) return { problem: 'an upgrade does not converge: the third run changed the output' };
  }

  // The mesh's own ConfigMaps among the items, named by the functionConfig.
  const injectorCM = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' }, data: { config: p.settings.config, values: p.settings.values } };
  const meshCM = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: p.settings.mesh } };
  const byName = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inject-sidecar' }, data: { injectorConfigMap: 'istio-sidecar-injector', meshConfigMap: 'istio', ...p.options } };
  const third = run(injectProcessor, resourceList([...p.items, injectorCM, meshCM], byName));
  const viaItems = readOutput(third.output);
  if (third.exitCode !== 0) return { problem: `with the ConfigMaps among the items: exit ${third.exitCode}` };
  const n = viaItems.items.length;
  if (firstDifference(viaItems.items.slice(0, n - 2 - p.extra), ours) !== undefined) return { problem: 'with the ConfigMaps among the items: different output' };
  if (firstDifference(viaItems.items.slice(n - 2), [injectorCM, meshCM]) !== undefined) return { problem: 'with the ConfigMaps among the items: the ConfigMaps changed' };
  return note !== undefined ? { note } : {};
}

/**
 * Where Go's typed round trip changes scalar zero values outside the pod (withoutGoRoundTripZeros): on a
 * DeploymentConfig it drops the user's `spec.paused: false` and `spec.minReadySeconds: 0` (`omitempty`) and writes
 * `spec.test: false`. Our output stays as the user wrote it (ARCHITECTURE §8.4); this list pins exactly where that
 * happens, so the allowance cannot spread.
 */
const GO_ROUND_TRIP_ZEROS_NOTE =
  "keeps the user's [0].spec.paused, [0].spec.minReadySeconds (Go drops zero values); leaves out [0].spec.test (Go writes zero values nobody set)";
const GO_ROUND_TRIP_ZEROS: ReadonlyMap<string, string> = new Map([
  ['[77] deploymentconfig-with-canonical-service-label.yaml.injected', GO_ROUND_TRIP_ZEROS_NOTE],
  ['[78] deploymentconfig.yaml.injected', GO_ROUND_TRIP_ZEROS_NOTE],
]);

test("Istio's golden injection cases", () => {
  if (!root) return;
  const dir = join(root, '..');
  const cases = loadCases(root);
  let passed = 0;
  const failed: string[] = [];
  const noted = new Map<string, string>();
  for (const c of cases) {
    let outcome: CaseOutcome;
    try {
      outcome = runCase(dir, c);
    } catch (e) {
      outcome = { problem: `threw: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (outcome.problem === undefined) {
      passed++;
      if (outcome.note !== undefined) noted.set(c.id, outcome.note);
      console.log(`ok   ${c.id}${outcome.note !== undefined ? ` (${outcome.note})` : ''}`);
    } else {
      failed.push(c.id);
      console.log(`FAIL ${c.id}: ${outcome.problem}`);
    }
  }
  console.log(`${passed} passed, ${failed.length} failed`);
  assert.equal(failed, [], `${failed.length} golden cases differ`);
  assert.equal([...noted], [...GO_ROUND_TRIP_ZEROS], "Go's round-trip zero values differ exactly where recorded");
});

test.run();
