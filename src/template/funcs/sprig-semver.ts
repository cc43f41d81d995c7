/**
 * @module
 * Sprig's `semver` and `semverCompare` over Masterminds/semver v3.3.0: lenient version parsing (`v1`, `1.2`
 * are 1.0.0 and 1.2.0), constraints with `= != > < >= <= ~ ~> ^`, `x`/`X`/`*` wildcards, hyphen ranges
 * `1.2 - 1.4.5`, comma or space for AND and `||` for OR. A prerelease version only satisfies a constraint whose
 * own version has a prerelease (`>=1.20-0` admits `1.22.0-beta`, `>=1.20` does not). `semver` returns a
 * `*semver.Version` whose methods (`.Major`, `.Prerelease`, `.Compare` …) templates can call.
 */
import { quoteJSON } from '../../go/json.ts';
import { T, TC, named, ptrTo, type FuncMap, type GoMethod, type GoType } from '../../go/types.ts';
import { GoError } from '../../go/value.ts';
import { goFunc } from './sprig-support.ts';

/** The rep of a semver.Version value. */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;
}

const VERSION_RE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const MAX_UINT64 = (1n << 64n) - 1n;

function parseSegment(s: string): number {
  if (BigInt(s) > MAX_UINT64) {
    throw new GoError(`Error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`);
  }
  return Number(s);
}

const ALLOWED = /^[0-9A-Za-z-]*$/;

function validatePrerelease(pre: string): void {
  for (const part of pre.split('.')) {
    if (/^[0-9]*$/.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new GoError('version segment starts with 0');
    } else if (!ALLOWED.test(part)) {
      throw new GoError('invalid prerelease string');
    }
  }
}

function validateMetadata(meta: string): void {
  for (const part of meta.split('.')) if (!ALLOWED.test(part)) throw new GoError('invalid metadata string');
}

/** semver.NewVersion (coercing: missing minor/patch are 0, a leading `v` is allowed). */
export function parseVersion(v: string): Version {
  const m = VERSION_RE.exec(v);
  if (!m) throw new GoError('invalid semantic version');
  const version: Version = {
    major: parseSegment(m[1] ?? '0'),
    minor: m[2] ? parseSegment(m[2].slice(1)) : 0,
    patch: m[3] ? parseSegment(m[3].slice(1)) : 0,
    pre: m[5] ?? '',
    metadata: m[8] ?? '',
    original: v,
  };
  if (version.pre !== '') validatePrerelease(version.pre);
  if (version.metadata !== '') validateMetadata(version.metadata);
  return version;
}

export function versionString(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.metadata ? `+${v.metadata}` : ''}`;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isUint(s: string): boolean {
  return /^[0-9]+$/.test(s) && BigInt(s) <= MAX_UINT64;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = isUint(s);
  const oNum = isUint(o);
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = comparePrePart(x[i] ?? '', y[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Version.Compare: -1, 0, 1 by major.minor.patch, then prerelease (none > any); metadata is ignored. */
export function compareVersions(a: Version, b: Version): number {
  const d = compareNumbers(a.major, b.major) || compareNumbers(a.minor, b.minor) || compareNumbers(a.patch, b.patch);
  if (d !== 0) return d;
  if (a.pre === '' && b.pre === '') return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return comparePrerelease(a.pre, b.pre);
}

// --- constraints ------------------------------------------------------------------------------------------------

// Go's \s is [\t\n\f\r ]; these mirror the library's regexps piece by piece.
const WS = '[\\t\\n\\f\\r ]';
const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?' +
  '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
  '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CONSTRAINT_RE = new RegExp(`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`);
const RANGE_RE = new RegExp(`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`, 'g');
const FIND_RE = new RegExp(`(${OPS})${WS}*(${CV})`, 'g');
const VALID_RE = new RegExp(`^(${WS}*(${OPS})${WS}*(${CV})${WS}*)((?:${WS}+|,${WS}*)(${OPS})${WS}*(${CV})${WS}*)*$`);

interface Constraint {
  readonly con: Version;
  readonly orig: string;
  readonly op: string;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

function isX(s: string): boolean {
  return s === 'x' || s === 'X' || s === '*';
}

/** Hyphen ranges `A - B` become `>= A, <= B ` before anything else is parsed. */
function rewriteRange(s: string): string {
  let out = s;
  for (const m of s.matchAll(RANGE_RE)) {
    out = out.replace(m[0], () => `>= ${m[1] ?? ''}, <= ${m[11] ?? ''} `);
  }
  return out;
}

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new GoError(`improper constraint: ${c}`);
  const [, op = '', orig = '', major = '', minor = '', patch = '', pre = ''] = m;
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.slice(1)) || minor === '') {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.slice(1)) || patch === '') {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new GoError('constraint parser error');
  }
  return { con, orig, op, dirty, minorDirty, patchDirty };
}

/** semver.NewConstraint: OR groups (`||`) of AND-ed constraints. */
export function parseConstraints(constraint: string): Constraint[][] {
  return rewriteRange(constraint)
    .split('||')
    .map((group) => {
      if (!VALID_RE.test(group)) throw new GoError(`improper constraint: ${group}`);
      const parts = [...group.matchAll(FIND_RE)].map((m) => m[0]);
      return (parts.length === 0 ? [group] : parts).map(parseConstraint);
    });
}

type Check = (v: Version, c: Constraint) => boolean;

/** Every operator first rejects a prerelease version unless the constraint itself names a prerelease. */
function releaseOnly(check: Check): Check {
  return (v, c) => (v.pre !== '' && c.con.pre === '' ? false : check(v, c));
}

const tilde: Check = releaseOnly((v, c) => {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0 && c.con.minor === 0 && c.con.patch === 0 && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  return !(v.minor !== c.con.minor && !c.minorDirty);
});

function notEqual(v: Version, c: Constraint): boolean {
  if (c.dirty) {
    if (v.pre !== '' && c.con.pre === '') return false;
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
      return false;
    }
  }
  return compareVersions(v, c.con) !== 0;
}

const CHECKS: Readonly<Record<string, Check>> = {
  '': releaseOnly((v, c) => (c.dirty ? tilde(v, c) : compareVersions(v, c.con) === 0)),
  '=': releaseOnly((v, c) => (c.dirty ? tilde(v, c) : compareVersions(v, c.con) === 0)),
  '!=': notEqual,
  '>': releaseOnly((v, c) => {
    if (!c.dirty) return compareVersions(v, c.con) === 1;
    if (v.major > c.con.major) return true;
    if (v.major < c.con.major || c.minorDirty) return false;
    if (c.patchDirty) return v.minor > c.con.minor;
    return compareVersions(v, c.con) === 1;
  }),
  '<': releaseOnly((v, c) => compareVersions(v, c.con) < 0),
  '>=': releaseOnly((v, c) => compareVersions(v, c.con) >= 0),
  '=>': releaseOnly((v, c) => compareVersions(v, c.con) >= 0),
  '<=': releaseOnly((v, c) => {
    if (!c.dirty) return compareVersions(v, c.con) <= 0;
    if (v.major > c.con.major) return false;
    return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
  }),
  '=<': releaseOnly((v, c) => {
    if (!c.dirty) return compareVersions(v, c.con) <= 0;
    if (v.major > c.con.major) return false;
    return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
  }),
  '~': tilde,
  '~>': tilde,
  '^': releaseOnly((v, c) => {
    if (compareVersions(v, c.con) < 0) return false;
    if (c.con.major > 0 || c.minorDirty) return v.major === c.con.major;
    if (v.major > 0) return false;
    if (c.con.minor > 0 || c.patchDirty) return v.minor === c.con.minor;
    if (v.minor > 0) return false;
    return c.con.patch === v.patch;
  }),
};

/** Constraints.Check. */
export function checkConstraints(groups: readonly (readonly Constraint[])[], v: Version): boolean {
  return groups.some((group) => group.every((c) => (CHECKS[c.op] ?? (() => false))(v, c)));
}

export function semverCompare(constraint: string, version: string): boolean {
  const groups = parseConstraints(constraint);
  return checkConstraints(groups, parseVersion(version));
}

// --- the *semver.Version type ----------------------------------------------------------------------------------

const versionMethods: Record<string, GoMethod> = {};

/** semver.Version: unexported fields, so templates reach it only through its methods. */
export const VERSION_TYPE: GoType = named('semver.Version', 'struct', { fields: [], methods: versionMethods });
export const VERSION_PTR: GoType = ptrTo(VERSION_TYPE);

function method(
  ptr: boolean,
  params: readonly GoType[],
  results: readonly GoType[],
  impl: (recv: never, ...args: never[]) => unknown,
): GoMethod {
  return { ptr, params, results, impl };
}

function nilReceiver(recv: Version | null): Version {
  if (recv === null) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
  return recv;
}

function increment(v: Version, next: Omit<Version, 'original'>): Version {
  const prefix = v.original.startsWith('v') ? 'v' : '';
  return { ...next, original: prefix + versionString({ ...next, original: '' }) };
}

Object.assign(versionMethods, {
  String: method(false, [], [T.string], (v: Version) => versionString(v)),
  MarshalJSON: { ...method(false, [], [TC.bytes], (v: Version) => quoteJSON(versionString(v))), error: true },
  Major: method(false, [], [T.uint64], (v: Version) => v.major),
  Minor: method(false, [], [T.uint64], (v: Version) => v.minor),
  Patch: method(false, [], [T.uint64], (v: Version) => v.patch),
  Prerelease: method(false, [], [T.string], (v: Version) => v.pre),
  Metadata: method(false, [], [T.string], (v: Version) => v.metadata),
  IncPatch: method(false, [], [VERSION_TYPE], (v: Version) =>
    increment(v, { major: v.major, minor: v.minor, patch: v.pre !== '' ? v.patch : v.patch + 1, pre: '', metadata: '' }),
  ),
  IncMinor: method(false, [], [VERSION_TYPE], (v: Version) =>
    increment(v, { major: v.major, minor: v.minor + 1, patch: 0, pre: '', metadata: '' }),
  ),
  IncMajor: method(false, [], [VERSION_TYPE], (v: Version) =>
    increment(v, { major: v.major + 1, minor: 0, patch: 0, pre: '', metadata: '' }),
  ),
  Original: method(true, [], [T.string], (v: Version | null) => nilReceiver(v).original),
  Compare: method(true, [VERSION_PTR], [T.int], (v: Version | null, o: Version | null) =>
    compareVersions(nilReceiver(v), nilReceiver(o)),
  ),
  LessThan: method(true, [VERSION_PTR], [T.bool], (v: Version | null, o: Version | null) =>
    compareVersions(nilReceiver(v), nilReceiver(o)) < 0,
  ),
  GreaterThan: method(true, [VERSION_PTR], [T.bool], (v: Version | null, o: Version | null) =>
    compareVersions(nilReceiver(v), nilReceiver(o)) > 0,
  ),
  Equal: method(true, [VERSION_PTR], [T.bool], (v: Version | null, o: Version | null) =>
    compareVersions(nilReceiver(v), nilReceiver(o)) === 0,
  ),
});

export const sprigSemverFuncs: FuncMap = {
  semver: goFunc([T.string], [VERSION_PTR], parseVersion, { error: true }),
  semverCompare: goFunc([T.string, T.string], [T.bool], semverCompare, { error: true }),
};
