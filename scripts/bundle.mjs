#!/usr/bin/env node
// Bundles the function with every runtime dependency inside (yaml, ajv's precompiled validator, deepmerge) into
// dist/inject-sidecar.js, used as kustomize exec.path, kpt exec and the npm bin. For a fast cold start (issue #7)
// that file is a small executable entry beside two companions it loads: dist/inject-sidecar.core.js, the code as a
// classic script, and dist/inject-sidecar.core.cache, V8's compiled code for it (see scripts/code-cache.mjs); and
// dist/package.json makes the entry CommonJS. Keep dist/ together; without a usable cache the entry still works,
// compiling as usual.
// Usage: node scripts/bundle.mjs [--entry functions/inject.ts] [--outfile dist/inject-sidecar.js]
// Identifiers are kept (not minified) so that stack traces and debugging stay readable.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { companionPaths, coreScript, entrySource, writeAtomically } from './code-cache.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Node built-ins become require() calls (the core is a classic script, which cannot import): the entry hands the
 * script its `require`.
 */
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      return args.namespace === 'node-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'node-builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/** The package.json that makes Node load the .js files of its directory (dist/) as CommonJS. */
const COMMONJS_PACKAGE = '{\n  "type": "commonjs"\n}\n';

/**
 * The entry's module format: .mjs and .cjs say it; a .js entry is CommonJS, which starts faster than an ES module,
 * through a package.json of ours beside it, unless its directory has a package.json of its own, which decides.
 */
function entryFormat(out) {
  if (out.endsWith('.mjs')) return 'esm';
  if (out.endsWith('.cjs')) return 'cjs';
  const packagePath = join(dirname(out), 'package.json');
  if (existsSync(packagePath) && readFileSync(packagePath, 'utf8') !== COMMONJS_PACKAGE) {
    return JSON.parse(readFileSync(packagePath, 'utf8')).type === 'module' ? 'esm' : 'cjs';
  }
  writeAtomically(packagePath, COMMONJS_PACKAGE);
  return 'cjs';
}

/** Builds `entry` into `outfile` and its companions (paths relative to the repository root unless absolute). */
export async function bundle({ entry = 'functions/inject.ts', outfile = 'dist/inject-sidecar.js' } = {}) {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  const out = resolve(root, outfile);
  const { core, cache } = companionPaths(out);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, entry)],
    outfile: core,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minifyWhitespace: false,
    minifyIdentifiers: false,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [builtinsThroughRequire],
    // yaml's Node build loads `process` with require(); its ESM browser build is runtime-neutral and bundles cleanly.
    alias: { yaml: resolve(root, 'node_modules/yaml/browser/index.js') },
    define: { INJECT_SIDECAR_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__bundleUrl' },
  });
  const [output] = result.outputFiles;
  if (!output || result.outputFiles.length !== 1) throw new Error(`esbuild wrote ${result.outputFiles.length} files, expected 1`);
  mkdirSync(dirname(out), { recursive: true });
  writeAtomically(core, coreScript(output.text));
  // A fresh process without this one's flags: V8 rejects a cache made under other flags.
  const training = spawnSync(process.execPath, [resolve(root, 'scripts', 'code-cache.mjs'), 'train', core, cache], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (training.status !== 0) throw new Error(`making the code cache failed: ${training.stderr || training.error?.message || `exit ${training.status}`}`);
  // The entry last: a reader of the old entry meanwhile finds a new core with an old cache, which it then ignores.
  writeAtomically(out, entrySource(out, basename(out).replace(/\.[cm]?js$/, ''), entryFormat(out)));
  chmodSync(out, 0o755);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const options = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--entry') options.entry = argv[++i];
    else if (argv[i] === '--outfile') options.outfile = argv[++i];
    else {
      console.error(`bundle.mjs: unknown argument "${argv[i]}"`);
      process.exit(1);
    }
  }
  try {
    console.log(`wrote ${await bundle(options)}`);
  } catch (error) {
    console.error(`bundle.mjs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
