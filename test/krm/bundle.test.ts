// The esbuild bundle (scripts/bundle.mjs: an entry, the code as a classic script and its V8 code cache, see
// scripts/code-cache.mjs) and the core-neutrality check (scripts/check-core.sh), run for real.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/shared.ts';
import { bundleTestFunction, runExecutable, tempDir } from '../fixtures/krm/support.ts';
import { SEEN_ANNOTATION } from '../fixtures/krm/test-processor.ts';

const Bundle = suite('bundle: an executable ESM entry that runs the code from a classic script with a code cache');

let dir = '';
let fn = '';

Bundle.before(() => {
  dir = tempDir('krm-bundle');
  fn = bundleTestFunction(dir);
});

Bundle.after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The build's three files for the entry `fn` (test-fn.mjs): the entry, test-fn.core.js and test-fn.core.cache. */
function bundleFiles(entry: string): { entry: string; core: string; cache: string } {
  const stem = entry.replace(/\.mjs$/, '');
  return { entry, core: `${stem}.core.js`, cache: `${stem}.core.cache` };
}

/** A copy of the three files in a new directory `name` under the test's directory. */
function copyOfBundle(name: string): { entry: string; core: string; cache: string } {
  const target = join(dir, name);
  mkdirSync(target);
  const from = bundleFiles(fn);
  const to = bundleFiles(join(target, 'test-fn.mjs'));
  for (const key of ['entry', 'core', 'cache'] as const) copyFileSync(from[key], to[key]);
  return to;
}

/** scripts/code-cache.mjs, loaded as the build loads it. */
async function codeCacheScript(): Promise<{ startFlags(): string | undefined }> {
  return (await import(pathToFileURL(join(repoRoot, 'scripts', 'code-cache.mjs')).href)) as { startFlags(): string | undefined };
}

const KRM_INPUT = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n';
const KRM_OUTPUT = `${KRM_INPUT}    annotations:\n      ${SEEN_ANNOTATION}: "true"\n`;

Bundle('the entry starts with a node shebang, is executable, imports only node: built-ins; the core is a strict classic script; no code generation', () => {
  const files = bundleFiles(fn);
  const text = readFileSync(files.entry, 'utf8');
  assert.ok(text.startsWith('#!/usr/bin/env node\n'));
  assert.is(statSync(fn).mode & 0o111, 0o111);
  assert.not.ok(/from\s+["'](?!node:)[^"'.][^"']*["']/.test(text), 'no bare imports left');
  const core = readFileSync(files.core, 'utf8');
  assert.ok(core.startsWith("'use strict';\n(async function (require, __bundleUrl) {\n"));
  assert.match(core, /\n\}\)\n\/\/# inject-sidecar-build=[0-9a-f]{32}\n$/);
  assert.not.ok(/^(?:import|export)\b/m.test(core), 'no import or export statement');
  assert.not.ok(/\bimport\s*\(|\bimport\.meta\b/.test(core), 'no dynamic import, no import.meta');
  for (const code of [text, core]) assert.not.ok(code.includes('new Function'));
});

Bundle('the code cache belongs to the core (its build id) and this Node accepts it under the flags the entry sets', async () => {
  const files = bundleFiles(fn);
  const core = readFileSync(files.core, 'utf8');
  assert.is(readFileSync(files.cache).toString('latin1', 0, 32), core.slice(-33, -1));
  const entry = readFileSync(files.entry, 'utf8');
  const setsFlags = entry.indexOf('setFlagsFromString(startFlags)');
  assert.ok(setsFlags > 0 && setsFlags < entry.indexOf('new Script('), 'the entry sets its flags before it compiles the core');
  const flags = (await codeCacheScript()).startFlags() ?? '';
  // A fresh process without flags of its own, as the entry runs: V8 rejects a cache made under other V8 flags.
  const check = [
    "const { readFileSync } = require('node:fs');",
    "const { Script } = require('node:vm');",
    'const [core, cache, flags] = process.argv.slice(1);',
    "if (flags !== '') require('node:v8').setFlagsFromString(flags);",
    "const script = new Script(readFileSync(core, 'utf8'), { filename: core, cachedData: readFileSync(cache).subarray(32) });",
    'console.log(script.cachedDataRejected);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', check, files.core, files.cache, flags], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.is(run.stderr, '');
  assert.is(run.stdout, 'false\n');
});

Bundle('without a usable code cache (missing, another build\'s, cut short) the entry compiles as usual: same output', () => {
  const missing = copyOfBundle('no-cache');
  rmSync(missing.cache);
  const other = copyOfBundle('other-build');
  const cache = readFileSync(other.cache);
  cache[0] = cache[0] === 0x30 ? 0x31 : 0x30;
  writeFileSync(other.cache, cache);
  const cut = copyOfBundle('cut-short');
  writeFileSync(cut.cache, readFileSync(cut.cache).subarray(0, 4096));
  for (const files of [missing, other, cut]) {
    const out = runExecutable(files.entry, [], KRM_INPUT, dir);
    assert.is(out.stderr, '', files.entry);
    assert.is(out.status, 0);
    assert.is(out.stdout, KRM_OUTPUT);
  }
});

Bundle('without its core the entry exits 1 with one line naming the file and prints nothing', () => {
  const files = copyOfBundle('no-core');
  rmSync(files.core);
  const out = runExecutable(files.entry, [], KRM_INPUT, dir);
  assert.is(out.status, 1);
  assert.is(out.stdout, '');
  assert.is(out.stderr, `test-fn: ${files.core} is missing; it must stay beside ${files.entry}\n`);
});

/** Bundles the test function into `out` (a .js file); throws with esbuild's or the training's message on failure. */
function bundleAs(out: string): void {
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs'), '--entry', 'test/fixtures/krm/test-fn.ts', '--outfile', out], { cwd: repoRoot, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
}

Bundle('a .js entry is CommonJS through a package.json written beside it, unless the directory has its own', () => {
  const own = join(dir, 'js-own');
  mkdirSync(own);
  bundleAs(join(own, 'test-fn.js'));
  assert.is(readFileSync(join(own, 'package.json'), 'utf8'), '{\n  "type": "commonjs"\n}\n');
  assert.ok(readFileSync(join(own, 'test-fn.js'), 'utf8').includes("\n'use strict';\n"));
  assert.is(runExecutable(join(own, 'test-fn.js'), [], KRM_INPUT, dir).stdout, KRM_OUTPUT);
  const theirs = join(dir, 'js-module');
  mkdirSync(theirs);
  const modulePackage = '{"name": "theirs", "type": "module"}\n';
  writeFileSync(join(theirs, 'package.json'), modulePackage);
  bundleAs(join(theirs, 'test-fn.js'));
  assert.is(readFileSync(join(theirs, 'package.json'), 'utf8'), modulePackage);
  assert.ok(readFileSync(join(theirs, 'test-fn.js'), 'utf8').includes("\nimport { createRequire } from 'node:module';\n"));
  assert.is(runExecutable(join(theirs, 'test-fn.js'), [], KRM_INPUT, dir).stdout, KRM_OUTPUT);
});

Bundle('runs through a symbolic link in another directory (npm bin, PATH entries)', () => {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(fn, join(bin, 'test-fn'));
  const out = runExecutable(join(bin, 'test-fn'), [], KRM_INPUT, bin);
  assert.is(out.stderr, '');
  assert.is(out.stdout, KRM_OUTPUT);
});

Bundle('runs as a KRM function from any directory', () => {
  const out = runExecutable(fn, [], KRM_INPUT, dir);
  assert.is(out.status, 0);
  assert.is(out.stderr, '');
  assert.is(out.stdout, KRM_OUTPUT);
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

Bundle("with the start flags one workload leaves TurboFan idle, unlike V8's defaults, and a hundred still get optimised code", async () => {
  const flags = (await codeCacheScript()).startFlags();
  const out = join(dir, 'inject-sidecar.mjs');
  if (flags === undefined || !existsSync(out)) {
    console.error(`SKIP start flags: ${flags === undefined ? `none for V8 ${process.versions.v8}` : 'the real entry point was not bundled'}`);
    return;
  }
  // The same core without the flags: an entry beside it that does not set them (the cache is then rejected).
  const defaults = join(dir, 'inject-sidecar-defaults.mjs');
  const withoutFlags = readFileSync(out, 'utf8').replace(/^if \(startFlags !== undefined\).*$/m, '');
  assert.ok(!withoutFlags.includes('setFlagsFromString'));
  writeFileSync(defaults, withoutFlags);
  const deployment = (i: number): string =>
    `- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web-${i}\n  spec:\n    selector:\n      matchLabels: {app: web}\n` +
    `    template:\n      metadata:\n        labels: {app: web}\n      spec:\n        containers:\n        - name: web\n          image: nginx\n`;
  const list = (count: number): string => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${Array.from({ length: count }, (_, i) => deployment(i)).join('')}`;
  // --trace-opt prints a line to stdout for each function TurboFan has optimised.
  const optimised = (entry: string, input: string): number => {
    const run = spawnSync(process.execPath, ['--trace-opt', entry], { cwd: dir, input, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.is(run.status, 0, run.stderr);
    assert.ok(run.stdout.includes('istio-proxy'), 'injected');
    return run.stdout.split('completed optimizing').length - 1;
  };
  assert.is(optimised(out, list(1)), 0, 'one workload: nothing optimised');
  assert.ok(optimised(defaults, list(1)) > 0, "one workload under V8's defaults: optimised");
  assert.ok(optimised(out, list(100)) > 0, 'a hundred workloads: optimised');
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
