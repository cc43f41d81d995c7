#!/usr/bin/env node
// Bundles the function into ONE executable ESM file with every runtime dependency inside (yaml, ajv's precompiled
// validator, deepmerge): dist/inject-sidecar.js, used as kustomize exec.path, kpt exec and the npm bin.
// Usage: node scripts/bundle.mjs [--entry functions/inject.ts] [--outfile dist/inject-sidecar.js]
// Identifiers are kept (not minified) so that stack traces and debugging stay readable.
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds `entry` into `outfile` (paths relative to the repository root unless absolute). */
export async function bundle({ entry = 'functions/inject.ts', outfile = 'dist/inject-sidecar.js' } = {}) {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  const out = resolve(root, outfile);
  await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minifyWhitespace: false,
    minifyIdentifiers: false,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    // yaml's Node build loads `process` with require(); its ESM browser build is runtime-neutral and bundles cleanly.
    alias: { yaml: resolve(root, 'node_modules/yaml/browser/index.js') },
    define: { INJECT_SIDECAR_VERSION: JSON.stringify(pkg.version) },
    banner: {
      // A require() for any CommonJS dependency that loads a Node built-in from inside the ESM bundle.
      js: "#!/usr/bin/env node\nimport { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);",
    },
  });
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
