/**
 * Sprig checks the reference renderer cannot pin (it has Go 1.19 and Sprig 3.2.3 and is not hermetic):
 * which names exist, Go signatures, digests and encodings against node:crypto/Buffer as reference
 * implementations, Go ≥ 1.22 regexp syntax, semver ≥ 3.2.1 range rewriting, and mutation of the caller's data.
 */
import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T, funcOf } from '../../src/go/types.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';
import { TemplateSyntaxError, parse } from '../../src/template/mod.ts';

function render(template: string, data?: unknown): string {
  return parse(template, { name: 't', funcs: sprigFuncs }).execute(data);
}

// --- names ---------------------------------------------------------------------------------------------------------

const names = suite('sprig: function names');

// go-template.md §8: the Must and Should tables (the non-hermetic date/env/uuid entries excluded).
const REQUIRED = `default quote nindent indent list append push join trunc trimAll contains empty coalesce ternary toJson
mustToJson toPrettyJson toRawJson fromJson mustFromJson dict get set unset hasKey keys values pick omit merge mergeOverwrite
dig hasPrefix hasSuffix trimPrefix trimSuffix trim replace lower upper title repeat substr split splitList splitn cat squote
toString toStrings int int64 float64 atoi add sub mul div mod add1 max min addf subf mulf divf until seq first last rest
initial has uniq without compact concat reverse sortAlpha prepend slice b64enc b64dec b32enc b32dec sha256sum sha1sum
adler32sum regexMatch regexFind regexFindAll regexReplaceAll regexReplaceAllLiteral regexSplit semver semverCompare fail
kindOf kindIs typeOf typeIs deepEqual base dir ext clean isAbs urlParse urlJoin`.split(/\s+/);

// Non-hermetic (clock, environment, network, randomness) or unsupported: absent, so templates fail at parse time.
const ABSENT = `now date dateInZone date_in_zone dateModify date_modify htmlDate htmlDateInZone ago toDate mustToDate
unixEpoch duration durationRound env expandenv uuidv4 randAlpha randAlphaNum randAscii randNumeric randBytes randInt
shuffle getHostByName bcrypt htpasswd genPrivateKey derivePassword genCA genSelfSignedCert genSignedCert buildCustomCert
encryptAES decryptAES hello`.split(/\s+/);

names('every Must and Should function is defined', () => {
  for (const name of REQUIRED) assert.ok(Object.hasOwn(sprigFuncs, name), name);
});

names('non-hermetic and unsupported functions are not defined (parse error)', () => {
  for (const name of ABSENT) {
    assert.not.ok(Object.hasOwn(sprigFuncs, name), name);
    assert.throws(() => render(`{{ ${name} }}`), (e: unknown) => e instanceof TemplateSyntaxError, name);
  }
});

names.run();

// --- signatures ------------------------------------------------------------------------------------------------------

const signatures = suite('sprig: Go signatures');

// As declared in Masterminds/sprig (functions.go, strings.go, list.go, defaults.go, dict.go).
const SIGNATURES: Readonly<Record<string, string>> = {
  default: 'func(interface {}, ...interface {}) interface {}',
  quote: 'func(...interface {}) string',
  nindent: 'func(int, string) string',
  indent: 'func(int, string) string',
  list: 'func(...interface {}) []interface {}',
  append: 'func(interface {}, interface {}) []interface {}',
  join: 'func(string, interface {}) string',
  trunc: 'func(int, string) string',
  trimAll: 'func(string, string) string',
  contains: 'func(string, string) bool',
  empty: 'func(interface {}) bool',
  ternary: 'func(interface {}, interface {}, bool) interface {}',
  dict: 'func(...interface {}) map[string]interface {}',
  set: 'func(map[string]interface {}, string, interface {}) map[string]interface {}',
  hasKey: 'func(map[string]interface {}, string) bool',
  keys: 'func(...map[string]interface {}) []string',
  merge: 'func(map[string]interface {}, ...map[string]interface {}) interface {}',
  dig: 'func(...interface {}) (interface {}, error)',
  splitList: 'func(string, string) []string',
  split: 'func(string, string) map[string]string',
  add: 'func(...interface {}) int64',
  int: 'func(interface {}) int',
  atoi: 'func(string) int',
  until: 'func(int) []int',
  seq: 'func(...int) string',
  semverCompare: 'func(string, string) (bool, error)',
  semver: 'func(string) (*semver.Version, error)',
  regexFindAll: 'func(string, string, int) []string',
  fail: 'func(string) (string, error)',
  toJson: 'func(interface {}) string',
  mustToJson: 'func(interface {}) (string, error)',
  round: 'func(interface {}, int, ...float64) float64',
};

signatures('parameter and result types match Sprig', () => {
  for (const [name, want] of Object.entries(SIGNATURES)) {
    const fn = sprigFuncs[name];
    assert.ok(fn, name);
    if (fn) assert.is(funcOf(fn).name, want, name);
  }
});

signatures('typed parameters reject other types (nindent with a float64 count)', () => {
  assert.is(sprigFuncs.nindent?.params[0], T.int);
  assert.throws(() => render('{{ nindent .N "x" }}', { N: 2 }));
});

signatures.run();

// --- digests and encodings against reference implementations ------------------------------------------------------

const digests = suite('sprig: digests and encodings');

function sample(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCodePoint(i % 7 === 0 ? 0xe9 + (i % 50) : i % 3 === 0 ? 0x1f600 + (i % 20) : 0x61 + (i % 26));
  return s;
}

digests('sha1sum sha256sum sha512sum match node:crypto for every length up to 300 code points', () => {
  for (let n = 0; n <= 300; n += n < 140 ? 1 : 7) {
    const s = sample(n);
    const funcs = { sha1sum: 'sha1', sha256sum: 'sha256', sha512sum: 'sha512' } as const;
    for (const [fn, algo] of Object.entries(funcs)) {
      const want = createHash(algo).update(s, 'utf8').digest('hex');
      assert.is(render(`{{ ${fn} .S }}`, { S: s }), want, `${fn} of ${n} code points`);
    }
  }
});

digests('b64enc and b64dec round-trip as Buffer encodes', () => {
  for (let n = 0; n <= 60; n++) {
    const s = sample(n);
    const want = Buffer.from(s, 'utf8').toString('base64');
    assert.is(render('{{ b64enc .S }}', { S: s }), want);
    assert.is(render('{{ b64dec .S }}', { S: want }), s);
    assert.is(render('{{ b32enc .S | b32dec }}', { S: s }), s);
  }
});

digests.run();

// --- Go ≥ 1.22 regexp syntax ----------------------------------------------------------------------------------------

const regex = suite('sprig: regexp syntax newer than the reference renderer');

// Go 1.22 regexp/syntax accepts (?<name>re) as well as (?P<name>re) (the oracle's Go 1.19 rejects it).
regex('(?<name>re) is a named group', () => {
  assert.is(render('{{ regexReplaceAll "(?<w>[a-z]+)-(?P<n>[0-9]+)" "ab-12" "${n}:${w}" }}'), '12:ab');
});

regex('lookbehind still fails to compile', () => {
  assert.is(render('{{ regexMatch "(?<=a)b" "ab" }}'), 'false');
});

regex.run();

// --- semver ---------------------------------------------------------------------------------------------------------

const semver = suite('sprig: semver v3.3.0 range rewriting');

// Masterminds/semver v3.2.1 (#199) rewrites "A - B" as ">= A, <= B " with a trailing space, so that a constraint can
// follow the range; 3.2.0 (in the reference renderer) produced "<= 2<3" and rejected it.
semver('a constraint can follow a hyphen range', () => {
  assert.is(render('{{ semverCompare "1 - 2 <2.5" "1.5.0" }} {{ semverCompare "1 - 3 <2.5" "2.6.0" }}'), 'true false');
});

semver.run();

// --- the caller's data ---------------------------------------------------------------------------------------------

const data = suite("sprig: mutation of the caller's data");

data('set and merge write into the map passed in', () => {
  const values: Record<string, unknown> = { m: { a: 1 } };
  assert.is(render('{{ $_ := set .m "b" 2 }}{{ $_ := merge .m (dict "c" 3) }}{{ .m | toJson }}', values), '{"a":1,"b":2,"c":3}');
  assert.equal(Object.keys(values.m as object), ['a', 'b', 'c']);
});

data('__proto__ is an ordinary key', () => {
  const values: Record<string, unknown> = { m: {} };
  assert.is(render('{{ $_ := set .m "__proto__" "x" }}{{ dict "__proto__" 1 | toJson }} {{ .m | toJson }}', values), '{"__proto__":1} {"__proto__":"x"}');
  assert.ok(Object.hasOwn(values.m as object, '__proto__'));
  assert.is(({} as Record<string, unknown>).x, undefined);
  assert.is(Object.getPrototypeOf(values.m), Object.prototype);
});

data.run();
