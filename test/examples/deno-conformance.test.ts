/**
 * The sources under Deno pass the same conformance cases: every Istio golden case is run from source by Deno (one
 * process, read access only) and by Node in this process, and the two outputs must be byte-identical with the same
 * exit code. The Node outputs are the ones test/conformance/istio.test.ts compares with Istio's goldens.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, sharedPath } from '../support/shared.ts';
import { DENO_CONFIG, findDeno } from './deno.ts';
import { runCases } from './deno-conformance.ts';

const casesFile = sharedPath('conformance/istio/cases.json', "Istio's golden cases under Deno");
const DENO = findDeno();

test("Istio's golden cases: Deno from source gives Node's output, byte for byte", () => {
  if (!casesFile) return;
  if (!DENO) {
    console.error('SKIP the golden cases under Deno: no deno binary (the deno devDependency is missing)');
    return;
  }
  const script = join(repoRoot, 'test', 'examples', 'deno-conformance.ts');
  const ran = spawnSync(DENO, ['run', '--quiet', '--no-prompt', `--config=${DENO_CONFIG}`, `--allow-read=${join(casesFile, '..')}`, script, casesFile], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.is(ran.status, 0, ran.stderr);
  const denoRuns = ran.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; exitCode: number; output: string });
  const nodeRuns = runCases(casesFile);
  assert.is(denoRuns.length, nodeRuns.length);
  const differing = nodeRuns.filter((n, i) => denoRuns[i]?.id !== n.id || denoRuns[i]?.exitCode !== n.exitCode || denoRuns[i]?.output !== n.output);
  console.log(`golden cases under Deno: ${nodeRuns.length - differing.length} identical to Node, ${differing.length} different`);
  assert.equal(differing.map((d) => d.id), []);
});

test.run();
