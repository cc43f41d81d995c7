/**
 * Pod-template kinds beyond Istio's (ARCHITECTURE.md §6 podTemplatePaths, user-needs.md #10): the built-in extra
 * kinds (Argo Rollouts, Knative Serving, OpenKruise), kinds declared in the config, and the warning for an unknown
 * kind that carries a pod template. ResourceLists through the real inject processor, compared with the goldens in
 * test/golden/custom-kinds/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { injectProcessor } from '../../src/inject/inject.ts';
import { run } from '../../src/krm/processor.ts';
import { checkBundleGolden, checkGolden, goldenCases, goldenInput } from '../support/krm-golden.ts';

const Goldens = suite('custom kinds: goldens (test/golden/custom-kinds)');

for (const c of goldenCases('custom-kinds')) Goldens(c.name, () => checkGolden(injectProcessor, c));

Goldens.run();

// ---------------------------------------------------------------------------------------------------------------------
const Processor = suite('custom kinds: through the inject processor');

const caseInput = (name: string): string => goldenInput('custom-kinds', name);

Processor('--explain says where a workloadRef Rollout takes its pod template from', () => {
  const outcome = run(injectProcessor, caseInput('argo-rollouts'), { explain: true });
  const api = outcome.results.find((r) => r.resourceRef?.kind === 'Rollout' && r.resourceRef.name === 'api');
  assert.is(api?.severity, 'info');
  assert.ok(
    api?.message.startsWith('Skipped Rollout "shop/api": spec.template is not set: the pod template comes from spec.workloadRef (Deployment "api"), so inject that object instead'),
    api?.message,
  );
});

Processor('without the built-in extra kinds the same objects are unknown kinds with a warning', () => {
  // A configured kind of another group does not hide Argo's; a typo in the group makes Argo's Rollout unknown.
  const input = caseInput('argo-rollouts').replace(/argoproj\.io\/v1alpha1/g, 'argoproj.example/v1alpha1');
  const outcome = run(injectProcessor, input);
  assert.equal(outcome.results.map((r) => [r.resourceRef?.name, r.severity, r.tags?.['reason']]), [
    ['web', 'warning', 'skipped:unsupported-kind'],
    ['batch', 'warning', 'skipped:unsupported-kind'],
  ]);
  assert.is(outcome.exitCode, 0);
});

Processor('an invalid podTemplatePaths entry is an error result naming the field, and nothing is injected', () => {
  const input = caseInput('configured-kinds').replace('        podTemplatePath: spec.workload.template\n', '        podTemplatePath: spec.workload.template\n        template: x\n');
  const outcome = run(injectProcessor, input);
  assert.is(outcome.exitCode, 1);
  assert.equal(outcome.results.map((r) => `${r.field?.path}: ${r.message}`), ['data.podTemplatePaths.0.template: Unknown field "template"']);
  assert.not.ok(outcome.output.includes('sidecar.istio.io/status'));
});

Processor.run();

// ---------------------------------------------------------------------------------------------------------------------
const Bundle = suite('custom kinds: through dist/inject-sidecar.js');

Bundle('the bundle gives the golden output for a ResourceList on stdin', () => {
  for (const name of ['configured-kinds', 'unknown-kinds']) checkBundleGolden('custom-kinds', name);
});

Bundle.run();
