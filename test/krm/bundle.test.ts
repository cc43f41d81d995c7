// The esbuild bundle (scripts/bundle.mjs) and the core-neutrality check (scripts/check-core.sh), run for real.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.ts';
import { bundleTestFunction, runExecutable, tempDir } from '../fixtures/krm/support.ts';
import { SEEN_ANNOTATION } from '../fixtures/krm/test-processor.ts';

const Bundle = suite('bundle: one executable ESM file');

let dir = '';
let fn = '';

Bundle.before(() => {
  dir = tempDir('krm-bundle');
  fn = bundleTestFunction(dir);
});

Bundle.after(() => {
  rmSync(dir, { recursive: true, force: true });
});

Bundle('starts with a node shebang, is executable, needs no node_modules and no code generation', () => {
  const text = readFileSync(fn, 'utf8');
  assert.ok(text.startsWith('#!/usr/bin/env node\n'));
  assert.is(statSync(fn).mode & 0o111, 0o111);
  assert.not.ok(/from\s+["'](?!node:)[^"'.][^"']*["']/.test(text), 'no bare imports left');
  assert.not.ok(text.includes('new Function'));
});

Bundle('runs as a KRM function from any directory', () => {
  const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n';
  const out = runExecutable(fn, [], input, dir);
  assert.is(out.status, 0);
  assert.is(out.stderr, '');
  assert.is(out.stdout, `${input}    annotations:\n      ${SEEN_ANNOTATION}: "true"\n`);
});

Bundle('the version comes from package.json; failures exit 1 with one line and no output', () => {
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  assert.is(runExecutable(fn, ['--version'], '', dir).stdout, `test-fn ${version}\n`);
  for (const input of ['', 'a: [1\n']) {
    const out = runExecutable(fn, [], input, dir);
    assert.is(out.status, 1);
    assert.is(out.stdout, '');
    assert.is(out.stderr.trim().split('\n').length, 1);
  }
});

Bundle('a large output is written completely', () => {
  const items = Array.from({ length: 3000 }, (_, i) => `- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web-${i}\n`).join('');
  const out = runExecutable(fn, [], `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`, dir);
  assert.is(out.status, 0);
  assert.is(out.stdout.split(`${SEEN_ANNOTATION}: "true"`).length - 1, 3000);
  assert.ok(out.stdout.endsWith(`    name: web-2999\n    annotations:\n      ${SEEN_ANNOTATION}: "true"\n`));
});

Bundle('the real entry point bundles into dist/ when the injection processor exists', () => {
  if (!existsSync(join(repoRoot, 'src', 'inject', 'inject.ts'))) {
    console.error('SKIP bundle of functions/inject.ts: src/inject/inject.ts does not exist yet');
    return;
  }
  const out = join(dir, 'inject-sidecar.mjs');
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs'), '--outfile', out], { cwd: repoRoot, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  assert.ok(runExecutable(out, ['--help'], '', dir).stdout.includes('--drop-local-config'));
});

Bundle.run();

// --- scripts/check-core.sh -------------------------------------------------------------------------------------------

const Core = suite('scripts/check-core.sh');

function checkCore(files: Record<string, string>): { status: number | null; stdout: string } {
  const root = tempDir('krm-core');
  try {
    mkdirSync(join(root, 'scripts'));
    copyFileSync(join(repoRoot, 'scripts', 'check-core.sh'), join(root, 'scripts', 'check-core.sh'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const run = spawnSync('sh', [join(root, 'scripts', 'check-core.sh')], { encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

Core('passes on the repository', () => {
  const run = spawnSync('sh', [join(repoRoot, 'scripts', 'check-core.sh')], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stdout);
});

Core('runtime access is allowed in src/io and in comments, and found everywhere else', () => {
  const ok = checkCore({
    'src/io/node.ts': "import { readFile } from 'node:fs';\nprocess.exitCode = 1;\n",
    'src/krm/fine.ts': "// process.exit would be wrong here\n/**\n * Buffer and require( are mentioned in a comment\n */\nconst url = 'https://example.com/process.x'; // Deno.args in a trailing comment\nconst bufferSize = 1;\n",
  });
  assert.is(ok.status, 0, ok.stdout);
  const bad = checkCore({
    'src/krm/a.ts': "import { readFileSync } from 'node:fs';\n",
    'src/krm/b.ts': 'const x = 1;\nconst args = Deno.args;\n',
    'src/yaml/c.ts': 'export const env = process.env;\nconst b = Buffer.from("x");\nconst m = require("m");\nconst d = __dirname;\n',
  });
  assert.is(bad.status, 1);
  assert.is(bad.stdout, [
    "src/krm/a.ts:1:import { readFileSync } from 'node:fs';",
    'src/krm/b.ts:2:const args = Deno.args;',
    'src/yaml/c.ts:1:export const env = process.env;',
    'src/yaml/c.ts:2:const b = Buffer.from("x");',
    'src/yaml/c.ts:3:const m = require("m");',
    'src/yaml/c.ts:4:const d = __dirname;',
    '',
  ].join('\n'));
});

Core.run();
