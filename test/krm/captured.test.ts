// Real orchestrator inputs (captured from kpt 1.0.0-beta.56 with a function that tees stdin) through the driver:
// the output must be the input plus exactly the intended lines: orchestrator annotations, comments (`- # top comment`
// once), key order, quoting and list styles untouched; the second run changes nothing.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../../src/krm/processor.ts';
import { fixture } from '../fixtures/krm/support.ts';
import { SEEN_ANNOTATION, testProcessor } from '../fixtures/krm/test-processor.ts';

/** Inserts `line` after the last annotation line of the item whose `internal…/id` (or legacy id) annotation is `id`. */
function insertAfterId(text: string, idLine: string, line: string): string {
  assert.ok(text.includes(idLine), `no ${idLine.trim()} in the input`);
  return text.replace(idLine, `${idLine}${line}`);
}

const CASES: { file: string; value: string; ids: string[] }[] = [
  // kpt fn eval pkg --exec fn: Kptfile, compact.yaml (api, id 2), deploy.yaml (web, id 3), Service, fn-config.yaml
  { file: 'kpt-eval.yaml', value: '"true"', ids: ['2', '3'] },
  // kpt fn eval pkg --exec fn -- value=from-args: a function-input ConfigMap with flow-style data
  { file: 'kpt-eval-key-value.yaml', value: 'from-args', ids: ['2', '3'] },
  // kpt fn eval pkg --exec fn --fn-config pkg/fn-config.yaml: the config also arrives as an item
  { file: 'kpt-eval-fn-config.yaml', value: 'configured', ids: ['2', '3'] },
  // kpt fn render pkg --allow-exec with configPath: package-path annotations as well
  { file: 'kpt-render.yaml', value: 'configured', ids: ['2', '3'] },
  // kpt fn eval - --exec fn < deploy.yaml: no path annotations
  { file: 'kpt-eval-stdin.yaml', value: '"true"', ids: ['1'] },
];

const Captured = suite('captured kpt inputs');

for (const { file, value, ids } of CASES) {
  Captured(file, () => {
    const input = fixture(`captured/${file}`);
    const out = run(testProcessor, input);
    assert.is(out.exitCode, 0);
    assert.is(out.stderr, '');
    let expected = input;
    for (const id of ids) expected = insertAfterId(expected, `      config.k8s.io/id: '${id}'\n`, `      ${SEEN_ANNOTATION}: ${value}\n`);
    assert.is(out.output, expected);
    assert.is(out.output.split('# top comment').length - 1, 1);
    assert.is(run(testProcessor, out.output).output, out.output, 'a second run changes nothing');
  });
}

Captured.run();
