/**
 * @module
 * The Sprig function library (Masterminds/sprig v3.3.0 `TxtFuncMap`) as a FuncMap with Go's exact signatures.
 *
 * Included: every function the shipped Istio templates use and the commonly used rest (strings, lists, dicts,
 * defaults, JSON, numbers, regex, semver, encodings, digests, paths, URLs), plus cheap relatives (`must…` variants,
 * `tuple`, `pluck`, `chunk`, `floor`/`ceil`/`round` …). Absent on purpose, so that templates using them fail at
 * parse time with `function "x" not defined`: the non-hermetic functions (clock, environment, network,
 * randomness: `now date… env expandenv uuidv4 rand* getHostByName shuffle`), crypto and certificates, and
 * rarely used text helpers (`abbrev wrap initials nospace snakecase camelcase kebabcase swapcase untitle`,
 * `deepCopy`, `os*` paths, `toDate`/`duration`, `hello`).
 */
import type { FuncMap } from '../../go/types.ts';
import { sprigDictFuncs } from './sprig-dicts.ts';
import { sprigEncodingFuncs } from './sprig-encoding.ts';
import { sprigGeneralFuncs } from './sprig-general.ts';
import { sprigListFuncs } from './sprig-lists.ts';
import { sprigMathFuncs } from './sprig-math.ts';
import { sprigPathFuncs } from './sprig-paths.ts';
import { sprigRegexFuncs } from './sprig-regex.ts';
import { sprigSemverFuncs } from './sprig-semver.ts';
import { sprigStringFuncs } from './sprig-strings.ts';
import { sprigUrlFuncs } from './sprig-url.ts';

export const sprigFuncs: FuncMap = Object.freeze({
  ...sprigStringFuncs,
  ...sprigEncodingFuncs,
  ...sprigListFuncs,
  ...sprigDictFuncs,
  ...sprigGeneralFuncs,
  ...sprigMathFuncs,
  ...sprigRegexFuncs,
  ...sprigSemverFuncs,
  ...sprigPathFuncs,
  ...sprigUrlFuncs,
});
