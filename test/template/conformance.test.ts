/**
 * Every case of ../shared/conformance/gotmpl/cases.json through runCase: the exact output, or an error where Go
 * fails (expected: null). One line per failing case, then a count. Sprig/Istio cases are skipped with a notice
 * when those function libraries cannot be loaded yet.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedPath } from '../support/shared.ts';
import { runCase, type GotmplCase } from '../support/gotmpl-case.ts';
import type { Fixtures } from '../support/typed-json.ts';

interface CasesFile {
  readonly fixtures: Fixtures;
  readonly cases: readonly (GotmplCase & { readonly id: string; readonly expected: string | null })[];
}

const path = sharedPath('conformance/gotmpl/cases.json', 'gotmpl conformance cases');

async function librariesLoad(set: string): Promise<string | undefined> {
  try {
    await runCase({ template: '', data: null, funcs: set }, {});
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
}

if (path !== undefined) {
  const file = JSON.parse(readFileSync(path, 'utf8')) as CasesFile;

  for (const set of ['none', 'sprig', 'istio']) {
    test(`cases.json funcs=${set}`, async () => {
      const cases = file.cases.filter((c) => (c.funcs ?? 'none') === set);
      const problem = await librariesLoad(set);
      if (problem !== undefined) {
        console.log(`SKIP ${cases.length} funcs=${set} cases: the function library cannot be loaded (${problem})`);
        return;
      }
      const failures: string[] = [];
      for (const c of cases) {
        const result = await runCase(c, file.fixtures);
        if (c.expected === null) {
          if (!('error' in result)) failures.push(`#${c.id}: expected an error, got output ${JSON.stringify(result.output)}`);
        } else if ('error' in result) {
          failures.push(`#${c.id}: expected ${JSON.stringify(c.expected)}, got error ${JSON.stringify(result.error)}`);
        } else if (result.output !== c.expected) {
          failures.push(`#${c.id}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(result.output)}`);
        }
      }
      for (const f of failures) console.log(`  FAIL ${f}`);
      console.log(`funcs=${set}: ${cases.length - failures.length}/${cases.length} cases pass`);
      assert.is(failures.length, 0, `${failures.length} funcs=${set} case(s) fail`);
    });
  }
} else {
  test('cases.json (skipped: ../shared is absent)', () => {});
}

test.run();
