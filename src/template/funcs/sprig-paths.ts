/**
 * @module
 * Sprig's path functions: Go's `path` package (slash-separated, OS-independent) — `base dir clean ext isAbs`.
 */
import { T, type FuncMap } from '../../go/types.ts';
import { goFunc } from './sprig-support.ts';

/** path.Clean: the shortest equivalent path (no `//`, `.`, or resolvable `..`); "" is ".". */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  // Leading `..` elements of a relative path cannot be removed.
  let fixed = 0;
  for (const element of path.split('/')) {
    if (element === '' || element === '.') continue;
    if (element === '..') {
      if (out.length > fixed) out.pop();
      else if (!rooted) {
        out.push('..');
        fixed = out.length;
      }
      continue;
    }
    out.push(element);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** path.Base: the last element, trailing slashes dropped; "" is "." and only slashes is "/". */
export function basePath(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return last === '' ? '/' : last;
}

/** path.Dir: everything up to the last slash, cleaned. */
export function dirPath(path: string): string {
  return cleanPath(path.slice(0, path.lastIndexOf('/') + 1));
}

/** path.Ext: the suffix from the last dot of the last element, or "". */
export function extPath(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== '/'; i--) {
    if (path[i] === '.') return path.slice(i);
  }
  return '';
}

const S = T.string;

export const sprigPathFuncs: FuncMap = {
  base: goFunc([S], [S], basePath),
  dir: goFunc([S], [S], dirPath),
  clean: goFunc([S], [S], cleanPath),
  ext: goFunc([S], [S], extPath),
  isAbs: goFunc([S], [T.bool], (path: string) => path.startsWith('/')),
};
