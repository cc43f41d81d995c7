/**
 * The real bundle, dist/inject-sidecar.js, for tests that run it as users do. It is (re)built with
 * scripts/bundle.mjs when it is missing or older than a source file, so a stale dist/ is never what gets tested.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.ts';

export const BUNDLE = join(repoRoot, 'dist', 'inject-sidecar.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(path) : /\.(?:ts|mjs)$/.test(entry.name) ? statSync(path).mtimeMs : 0;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** The absolute path of dist/inject-sidecar.js, built first when missing or stale. */
export function ensureBundle(): string {
  // The build scripts count too: they decide what dist/ holds.
  const sources = Math.max(newestSource(join(repoRoot, 'src')), newestSource(join(repoRoot, 'functions')), newestSource(join(repoRoot, 'scripts')));
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= sources) return BUNDLE;
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node scripts/bundle.mjs failed: ${run.stderr}`);
  return BUNDLE;
}

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/inject-sidecar.js ARGS` with stdin from `cwd`. */
export function runBundle(args: readonly string[], stdin = '', cwd = repoRoot): Ran {
  const run = spawnSync(process.execPath, [ensureBundle(), ...args], { cwd, input: stdin, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
