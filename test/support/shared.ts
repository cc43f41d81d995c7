/**
 * Locates ../shared (the conformance data and tools laid beside the repository). Tests read it from there and
 * never copy it into the project; without it they skip and say so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the repository root (no package.json above the tests)');
    dir = up;
  }
  return dir;
}

/** The repository root. */
export const repoRoot: string = findRepoRoot();

/** The absolute path of ../shared, or undefined when it is not there. */
export function sharedDir(): string | undefined {
  const dir = resolve(repoRoot, '..', 'shared');
  return existsSync(join(dir, 'conformance')) ? dir : undefined;
}

/** A path inside ../shared, or undefined (with a one-line notice on stderr naming what is skipped). */
export function sharedPath(rel: string, skipping: string): string | undefined {
  const dir = sharedDir();
  const full = dir && join(dir, rel);
  if (!full || !existsSync(full)) {
    console.error(`SKIP ${skipping}: ../shared/${rel} is not present beside the repository`);
    return undefined;
  }
  return full;
}

export function readShared(rel: string): string {
  const dir = sharedDir();
  if (!dir) throw new Error(`../shared is not present beside the repository (wanted ${rel})`);
  return readFileSync(join(dir, rel), 'utf8');
}
