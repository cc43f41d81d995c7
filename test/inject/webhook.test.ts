/**
 * Webhook mode end to end (ARCHITECTURE.md §8.3, istio-injection.md §3 and §18): ResourceLists through the real
 * inject processor and through the bundle, compared with the goldens in test/golden/webhook/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { injectProcessor } from '../../src/inject/inject.ts';
import { run } from '../../src/krm/processor.ts';
import { checkBundleGolden, checkGolden, goldenCases, goldenInput, reasonsOf } from '../support/krm-golden.ts';

const Goldens = suite('webhook mode: goldens (test/golden/webhook)');

for (const c of goldenCases('webhook')) Goldens(c.name, () => checkGolden(injectProcessor, c));

Goldens.run();

// ---------------------------------------------------------------------------------------------------------------------
const Modes = suite('webhook mode: the same input in other settings');

const caseInput = (name: string): string => goldenInput('webhook', name);

Modes('manual mode ignores namespace labels and selectors: kube-inject injects what the cluster would not', () => {
  const input = caseInput('namespace-labels').replace('    mode: webhook\n', '    mode: manual\n');
  const reasons = reasonsOf(run(injectProcessor, input, { explain: true }).results);
  assert.equal(reasons['Deployment plain/api'], ['injected']);
  assert.equal(reasons['Deployment off/opt-in'], ['injected']);
  assert.equal(reasons['Pod plain/annotated-on'], ['injected']);
  // kube-inject checks the ignored namespaces against the template's namespace, which is empty here (§3).
  assert.equal(reasons['DaemonSet kube-system/agent'], ['injected']);
  assert.equal(reasons['Deployment shop/opt-out'], ['skipped:label-false']);
});

Modes('--revision on the command line picks the webhooks of that revision', () => {
  const outcome = run(injectProcessor, caseInput('revisions-and-tags'), { explain: true, overrides: { revision: 'stable' } });
  const reasons = reasonsOf(outcome.results);
  // Namespace e is labelled istio.io/rev=stable; the tag prod still points at this configuration.
  assert.equal(reasons['Deployment e/six'], ['injected']);
  assert.equal(reasons['Deployment a/one'], ['skipped:policy-disabled']);
  assert.equal(reasons['Deployment b/two'], ['injected']);
  assert.ok(outcome.output.includes('"revision":"stable"'));
});

Modes('the functionConfig option enableNamespacesByDefault: false wins over the values', () => {
  const input = caseInput('enable-namespaces-by-default').replace('    mode: webhook\n', '    mode: webhook\n    enableNamespacesByDefault: false\n');
  const reasons = reasonsOf(run(injectProcessor, input, { explain: true }).results);
  assert.equal(reasons['Deployment plain/bare'], ['skipped:policy-disabled']);
});

Modes('an invalid webhook option is an error result and nothing is injected', () => {
  const input = caseInput('revisions-and-tags').replace('    revisionTags: [prod]\n', '    revisionTags: ["not a tag"]\n');
  const outcome = run(injectProcessor, input);
  assert.is(outcome.exitCode, 1);
  assert.equal(outcome.results.map((r) => `${r.field?.path}: ${r.message}`), [
    'spec.revisionTags.0: must be a tag name: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
  ]);
  assert.not.ok(outcome.output.includes('sidecar.istio.io/status'));
});

Modes.run();

// ---------------------------------------------------------------------------------------------------------------------
const Bundle = suite('webhook mode: through dist/inject-sidecar.js');

Bundle('the bundle gives the golden output for a ResourceList on stdin', () => {
  for (const name of ['namespace-labels', 'default-tag']) checkBundleGolden('webhook', name);
});

Bundle.run();
