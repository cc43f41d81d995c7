/**
 * The Deno 2 binary the tests run the sources with: the `deno` devDependency (node_modules/.bin/deno, or the binary
 * of its platform package @deno/<os>-<arch>[-glibc]), else $DENO_BIN or PATH. Undefined when none runs, so that
 * suites can skip and say so.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.ts';
import { which } from '../fixtures/krm/support.ts';

/** True when `path --version` runs and says it is Deno 2. */
function runsDeno2(path: string): boolean {
  const ran = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return ran.status === 0 && /^deno 2\./.test(ran.stdout);
}

export function findDeno(): string | undefined {
  const scope = join(repoRoot, 'node_modules', '@deno');
  const platformPackages = existsSync(scope) ? readdirSync(scope).map((name) => join(scope, name, 'deno')) : [];
  const candidates = [
    join(repoRoot, 'node_modules', '.bin', 'deno'),
    join(repoRoot, 'node_modules', 'deno', 'deno'),
    ...platformPackages,
    process.env['DENO_BIN'],
    which('deno'),
  ];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path) && runsDeno2(path));
}

/** The project's deno.json: its import map sends `yaml` to deno/yaml.ts. */
export const DENO_CONFIG = join(repoRoot, 'deno.json');

/**
 * Writes `dir/name`, an executable that runs functions/inject.ts from source under Deno with exactly `permissions`
 * (e.g. ['--allow-read'] for file mode, none for KRM mode): what a Deno user puts on PATH, or names in kustomize's
 * exec.path, which takes no arguments.
 */
export function denoWrapper(deno: string, dir: string, name: string, permissions: readonly string[]): string {
  const path = join(dir, name);
  const args = ['run', '--quiet', '--no-prompt', ...permissions, `--config=${DENO_CONFIG}`, join(repoRoot, 'functions', 'inject.ts')];
  writeFileSync(path, `#!/bin/sh\nexec ${[deno, ...args].map((arg) => `'${arg}'`).join(' ')} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
