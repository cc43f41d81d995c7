/**
 * Differential property test: random small templates from the grammar (text, actions, if/else, range, with,
 * variables and assignment, pipelines with builtins, comparisons, printf verbs, literals of every kind, define and
 * template) over random typed data, all run in one batch through the reference renderer (real Go text/template,
 * .oracle/gotmpl-oracle) and through our engine. Outputs must match exactly, and errors must happen for the same
 * cases. Seeded (DIFF_SEED, DIFF_COUNT), so a failing run can be replayed; DIFF_DUMP=FILE keeps the generated batch
 * (reference renderer input format) and DIFF_VERBOSE=1 lists the kinds of errors Go reported.
 *
 * Known deviations that are excluded: error message text (only error-ness is compared); the reference renderer is
 * Go 1.19, so ranging over an integer (Go ≥ 1.24, which we follow) is an error there; pointer addresses printed by
 * fmt are normalised on both sides, and an output that shows our fixed fake address in an encoding normalisation
 * cannot undo (e.g. the hex of its text) only has to succeed on both sides.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot, sharedDir } from '../support/shared.ts';
import { runCase } from '../support/gotmpl-case.ts';
import { mulberry32 } from '../support/random.ts';

const SEED = Number(process.env['DIFF_SEED'] ?? 20240611);
const COUNT = Number(process.env['DIFF_COUNT'] ?? 500);

class Gen {
  readonly #rand: () => number;
  constructor(seed: number) {
    this.#rand = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.#rand() * n);
  }
  chance(p: number): boolean {
    return this.#rand() < p;
  }
  pick<V>(items: readonly V[]): V {
    return items[this.int(items.length)] as V;
  }
}

// --- random typed data ---------------------------------------------------------------------------------------------

const INTS = [-2, -1, 0, 1, 2, 3, 7, 10, 255, 15020, 65536];
const FLOATS = [0, 0.5, 1, 1.5, -2.25, 3, 15020, 1e6, 123456789, 1e-7, 0.0001, 1e21];
const STRINGS = ['', 'a', 'b', 'hello world', 'x<y>&"z\'', 'ünï', 'line\nbreak', '15020', 'true', 'a,b', 'REDIRECT', 'tab\there'];
const ENUMS = ['REDIRECT', 'TPROXY', 'NONE'];
const KEYS = ['a', 'b', 'x', 'y', 'name', 'one'];

type Json = unknown;

/** The static kind of an expression, so that most generated expressions are well typed. */
type Kind = 'string' | 'float' | 'int' | 'bool' | 'list' | 'map' | 'any';

function scalar(g: Gen): Json {
  switch (g.int(8)) {
    case 0:
    case 1:
      return g.pick(STRINGS);
    case 2:
      return g.pick(FLOATS);
    case 3:
      return { $int: g.pick(INTS) };
    case 4:
      return g.chance(0.5);
    case 5:
      return null;
    case 6:
      return { $uint: Math.abs(g.pick(INTS)) };
    default:
      return { $float64: g.pick(FLOATS) };
  }
}

function list<V>(g: Gen, f: () => V): V[] {
  return Array.from({ length: g.int(4) }, f);
}

/**
 * The data: a fixed schema (each key has one Go type) with random values; keys are sometimes absent or null.
 * Pointers appear only as direct values of top-level keys: inside printed containers they print as addresses.
 */
const SCHEMA: Readonly<Record<string, { kind: Kind; gen: (g: Gen) => Json }>> = {
  A: { kind: 'string', gen: (g) => g.pick(STRINGS) },
  B: { kind: 'float', gen: (g) => g.pick(FLOATS) },
  C: { kind: 'int', gen: (g) => ({ $int: g.pick(INTS) }) },
  D: { kind: 'bool', gen: (g) => g.chance(0.5) },
  E: { kind: 'list', gen: (g) => list(g, () => scalar(g)) },
  F: { kind: 'map', gen: (g) => ({ x: g.pick(STRINGS), y: g.pick(FLOATS), n: null, m: { a: scalar(g) } }) },
  G: { kind: 'list', gen: (g) => ({ $slice: 'int', items: [g.pick(INTS), ...list(g, () => g.pick(INTS))] }) },
  H: { kind: 'map', gen: (g) => ({ $map: 'string:int', entries: list(g, () => [g.pick(KEYS), g.pick(INTS)]), nil: g.chance(0.1) }) },
  I: {
    kind: 'any',
    gen: (g) => ({ $struct: [['A', g.pick(STRINGS)], ['B', { $int: g.pick(INTS) }], ['C', scalar(g), 'any']] }),
  },
  J: { kind: 'any', gen: (g) => ({ $ptr: { $struct: [['V', g.pick(STRINGS)], ['N', { $int: g.pick(INTS) }]] } }) },
  K: { kind: 'any', gen: () => ({ $nilptr: 'int' }) },
  N: {
    kind: 'any',
    gen: (g) => {
      const i = g.int(ENUMS.length);
      return { $enum: ENUMS[i], value: i };
    },
  },
  O: { kind: 'any', gen: (g) => ({ $stringer: g.pick(STRINGS) }) },
  P: { kind: 'any', gen: (g) => ({ $boolValue: g.pick([true, false, null]) }) },
  Q: { kind: 'any', gen: (g) => ({ $tracing: g.pick(['ca.pem', null]) }) },
  U: { kind: 'int', gen: (g) => ({ $uint: Math.abs(g.pick(INTS)) }) },
  W: { kind: 'map', gen: (g) => ({ $map: 'string:string', entries: list(g, () => [g.pick(KEYS), g.pick(STRINGS)]) }) },
  X: { kind: 'int', gen: (g) => ({ $int64: g.pick(INTS) }) },
  Y: { kind: 'map', gen: (g) => ({ $map: 'int:string', entries: list(g, () => [g.pick(INTS), g.pick(STRINGS)]) }) },
  Z: { kind: 'string', gen: (g) => g.pick(STRINGS) },
  L: { kind: 'list', gen: (g) => list(g, () => ({ name: g.pick(STRINGS), n: g.pick(FLOATS), ok: g.chance(0.5) })) },
  M: { kind: 'map', gen: () => ({ $map: 'string:int', entries: [['one', 1], ['two', 2], ['three', 3]] }) },
  S: { kind: 'list', gen: () => ({ $slice: 'int', items: [3, 4, 5] }) },
};

const FIELDS_BY_KIND: Readonly<Record<Kind, readonly string[]>> = {
  string: ['.A', '.Z', '.F.x', '.I.A', '.J.V', '.N.String', '.Q.GetTlsSettings.GetCaCertificates', '(index .W "a")'],
  float: ['.B', '.F.y'],
  int: ['.C', '.U', '.X', '.I.B', '.J.N', '(len .E)', '(index .M "one")', '(index .G 0)'],
  bool: ['.D', '.P.GetValue', '(not .A)'],
  list: ['.E', '.G', '.L', '.S'],
  map: ['.F', '.H', '.M', '.W', '.Y', '.F.m'],
  any: ['.I', '.J', '.K', '.N', '.O', '.P', '.Q', '.Missing', '.F.n', '.F.m.a', '.Missing.deeper', '.I.C', '.'],
};

function data(g: Gen): Json {
  const out: Record<string, Json> = {};
  for (const [key, { gen }] of Object.entries(SCHEMA)) {
    if (g.chance(0.02)) continue;
    out[key] = g.chance(0.01) ? null : gen(g);
  }
  return out;
}

// --- random templates ----------------------------------------------------------------------------------------------

const LITERALS_BY_KIND: Readonly<Record<Kind, readonly string[]>> = {
  int: ['0', '1', '-1', '2', '3', '42', '0x1F', '0o17', '017', '1_000', '0b101', "'a'", "'\\n'", '+5', '15020'],
  float: ['1.5', '1e3', '0x1p-2', '.5', '1.0', '-0.0', '2.5e-3', '15020.0', '1e6', '0.5'],
  string: ['"x"', '"a b"', '"\\t\\u00e9"', '`raw`', '""', '"15020"', '"REDIRECT"', '`a\\nb`', '"<&>"', '"a"', '"hello world"'],
  bool: ['true', 'false'],
  list: ['.S'],
  map: ['.M'],
  any: ['nil', '.', '$'],
};

const FORMATS = [
  '%v', '%d', '%s', '%q', '%x', '%X', '%5.2f', '%t', '%T', '%-5v|', '%05d', '%+d', '%e', '%g', '%o', '%b', '%c',
  '%8.3s', '%+v', '%v %v', '%d-%s', '%%', '%6.2f|%-4d', '%x %X', '% d', '%#x', '%#o', '%*d', '%.1f', '%10.4v', '%U',
  '%-8q|', '%.3g', '%E', '%08.3f', '%+.2e', '%#q', '%x', '%.0f', '%v', '%s',
];

interface Scope {
  vars: string[];
  inRange: boolean;
  /** Dot is still the data (not inside with/range), so `.Field` refers to the schema. */
  dotIsRoot?: boolean;
}

class TemplateGen {
  readonly #g: Gen;
  #varCounter = 0;
  constructor(g: Gen) {
    this.#g = g;
  }

  template(): string {
    const g = this.#g;
    let out = '';
    const hasSub = g.chance(0.15);
    if (hasSub) out += `{{define "sub"}}${this.list({ vars: ['$'], inRange: false, dotIsRoot: true }, 1)}{{end}}`;
    out += this.list({ vars: ['$'], inRange: false, dotIsRoot: true }, 2, hasSub);
    return out;
  }

  list(scope: Scope, depth: number, hasSub = false): string {
    const g = this.#g;
    const n = 1 + g.int(3);
    let out = '';
    for (let i = 0; i < n; i++) out += this.item(scope, depth, hasSub);
    return out;
  }

  #open(): string {
    return this.#g.chance(0.15) ? '{{- ' : '{{';
  }

  #close(): string {
    return this.#g.chance(0.15) ? ' -}}' : '}}';
  }

  #newVar(scope: Scope): string {
    const name = `$v${this.#varCounter++ % 4}`;
    scope.vars.push(name);
    return name;
  }

  item(scope: Scope, depth: number, hasSub: boolean): string {
    const g = this.#g;
    const r = g.int(depth > 0 ? 12 : 6);
    switch (r) {
      case 0:
        return g.pick([' ', 'x', '\n', ' - ', 'a\tb', '  \n  ', '|']);
      case 1:
      case 2:
        return `${this.#open()}${this.pipeline(scope, 2)}${this.#close()}`;
      case 3: {
        const pipe = this.pipeline(scope, 2);
        return `{{${this.#newVar(scope)} := ${pipe}}}`;
      }
      case 4: {
        const existing = scope.vars.filter((v) => v !== '$');
        if (existing.length === 0) return `{{${this.pipeline(scope, 1)}}}`;
        return `{{${g.pick(existing)} = ${this.pipeline(scope, 2)}}}|{{${g.pick(existing)}}}`;
      }
      case 5:
        if (scope.inRange && g.chance(0.6)) return `{{if ${this.condition(scope)}}}${g.pick(['{{break}}', '{{continue}}'])}{{end}}`;
        if (hasSub) return `{{template "sub" ${this.operand(scope, 1, this.#kind())}}}`;
        return `{{/* c */}}`;
      case 6:
      case 7:
        return this.#if(scope, depth, hasSub);
      case 8:
      case 9:
        return this.#range(scope, depth, hasSub);
      default:
        return this.#with(scope, depth, hasSub);
    }
  }

  #kind(): Kind {
    return this.#g.pick(['string', 'float', 'int', 'bool', 'list', 'map', 'any', 'string', 'int']);
  }

  #body(scope: Scope, depth: number, hasSub: boolean, inRange = scope.inRange, dotIsRoot = scope.dotIsRoot === true): string {
    return this.list({ vars: [...scope.vars], inRange, dotIsRoot }, depth - 1, hasSub);
  }

  #if(scope: Scope, depth: number, hasSub: boolean): string {
    const g = this.#g;
    const headerScope: Scope = { vars: [...scope.vars], inRange: scope.inRange, dotIsRoot: scope.dotIsRoot === true };
    let head = this.condition(headerScope);
    if (g.chance(0.15)) head = `${this.#newVar(headerScope)} := ${head}`;
    let out = `{{if ${head}}}${this.#body(headerScope, depth, hasSub)}`;
    if (g.chance(0.3)) out += `{{else if ${this.condition(headerScope)}}}${this.#body(headerScope, depth, hasSub)}`;
    if (g.chance(0.5)) out += `{{else}}${this.#body(headerScope, depth, hasSub)}`;
    return out + '{{end}}';
  }

  #with(scope: Scope, depth: number, hasSub: boolean): string {
    const g = this.#g;
    const headerScope: Scope = { vars: [...scope.vars], inRange: scope.inRange, dotIsRoot: scope.dotIsRoot === true };
    let head = this.operand(headerScope, 1, this.#kind());
    if (g.chance(0.3)) head = `${this.#newVar(headerScope)} := ${head}`;
    let out = `{{with ${head}}}${this.#body(headerScope, depth, hasSub, scope.inRange, false)}`;
    if (g.chance(0.4)) out += `{{else}}${this.#body(headerScope, depth, hasSub)}`;
    return out + '{{end}}';
  }

  #range(scope: Scope, depth: number, hasSub: boolean): string {
    const g = this.#g;
    const headerScope: Scope = { vars: [...scope.vars], inRange: scope.inRange, dotIsRoot: scope.dotIsRoot === true };
    let head = g.chance(0.9) ? this.operand(headerScope, 1, g.pick(['list', 'map'])) : this.operand(headerScope, 1, 'any');
    const vars = g.int(3);
    if (vars === 1) head = `${this.#newVar(headerScope)} := ${head}`;
    if (vars === 2) {
      const i = `$i${this.#varCounter++ % 3}`;
      const e = `$e${this.#varCounter++ % 3}`;
      headerScope.vars.push(i, e);
      head = `${i}, ${e} := ${head}`;
    }
    let out = `{{range ${head}}}${this.#body(headerScope, depth, hasSub, true, false)}`;
    if (g.chance(0.3)) out += `{{else}}${this.#body(headerScope, depth, hasSub)}`;
    return out + '{{end}}';
  }

  condition(scope: Scope): string {
    const g = this.#g;
    switch (g.int(5)) {
      case 0:
      case 1: {
        const kind = g.chance(0.9) ? g.pick<Kind>(['string', 'float', 'int', 'int']) : this.#kind();
        const fn = g.pick(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'eq', 'ne']);
        const extra = fn === 'eq' && g.chance(0.2) ? ` ${this.operand(scope, 0, kind)}` : '';
        return `${fn} ${this.operand(scope, 1, kind)} ${this.operand(scope, 1, g.chance(0.9) ? kind : this.#kind())}${extra}`;
      }
      case 2:
        return `${g.pick(['and', 'or'])} ${this.operand(scope, 1, this.#kind())} ${this.operand(scope, 1, this.#kind())}`;
      case 3:
        return `not ${this.operand(scope, 1, this.#kind())}`;
      default:
        return this.operand(scope, 1, this.#kind());
    }
  }

  pipeline(scope: Scope, depth: number): string {
    const g = this.#g;
    let out = this.command(scope, depth);
    const stages = g.chance(0.25) ? 1 + g.int(2) : 0;
    for (let i = 0; i < stages; i++) {
      out += ' | ' + g.pick(['print', 'printf "%v"', 'printf "[%s]"', 'html', 'js', 'urlquery', 'println', 'and 1', 'or 0', 'print "x"', 'not']);
    }
    return out;
  }

  command(scope: Scope, depth: number): string {
    const g = this.#g;
    switch (g.int(7)) {
      case 0:
      case 1: {
        const n = 1 + g.int(2);
        const args = Array.from({ length: n }, () => this.operand(scope, depth - 1, this.#kind(), true)).join(' ');
        return `printf ${JSON.stringify(g.pick(FORMATS))} ${args}`;
      }
      case 2:
        return this.condition(scope);
      case 3: {
        switch (g.int(8)) {
          case 0:
            return `len ${this.operand(scope, depth - 1, g.pick<Kind>(['list', 'map', 'string']))}`;
          case 1:
            return `index ${this.operand(scope, depth - 1, 'list')} ${this.operand(scope, depth - 1, 'int')}`;
          case 2:
            return `index ${this.operand(scope, depth - 1, 'map')} ${this.operand(scope, depth - 1, 'string')}`;
          case 3:
            return `slice ${this.operand(scope, depth - 1, g.pick<Kind>(['list', 'string']))} ${g.pick(['0', '1', '2'])}${g.chance(0.5) ? ' ' + g.pick(['1', '2', '3']) : ''}`;
          case 4:
            return `${g.pick(['html', 'js', 'urlquery'])} ${this.operand(scope, depth - 1, this.#kind())}`;
          case 5:
            return `${g.pick(['print', 'println'])} ${this.operand(scope, depth - 1, this.#kind())} ${this.operand(scope, depth - 1, this.#kind())}`;
          default:
            return `${g.pick(['and', 'or'])} ${this.operand(scope, depth - 1, this.#kind())} ${this.operand(scope, depth - 1, this.#kind())}`;
        }
      }
      default:
        return this.operand(scope, depth, this.#kind());
    }
  }

  /** An operand of the kind asked for (mostly); forPrintf avoids whole-data values, whose pointers print as addresses. */
  operand(scope: Scope, depth: number, kind: Kind, forPrintf = false): string {
    const g = this.#g;
    const r = g.int(depth > 0 ? 10 : 8);
    if (r <= 2) return this.#field(scope, kind);
    if (r <= 4) {
      const lit = g.pick(LITERALS_BY_KIND[kind]);
      return forPrintf && (lit === '.' || lit === '$') ? '.A' : lit;
    }
    if (r === 5 && !forPrintf) return g.chance(0.003) ? '$undefined' : g.pick(scope.vars);
    if (r === 6) return this.#rootField(kind);
    if (r === 7) return this.#field(scope, g.chance(0.8) ? kind : this.#kind());
    return g.chance(0.5) ? `(${this.command(scope, depth - 1)})` : this.#field(scope, kind);
  }

  /** A field of the data: relative to dot while dot is the data, else mostly through `$`. */
  #field(scope: Scope, kind: Kind): string {
    const g = this.#g;
    if (scope.dotIsRoot === true || g.chance(0.25)) return g.pick(FIELDS_BY_KIND[kind]);
    return this.#rootField(kind);
  }

  #rootField(kind: Kind): string {
    const f = this.#g.pick(FIELDS_BY_KIND[kind]);
    if (f === '.') return '$';
    if (f.startsWith('(')) return f.replace(/ \./, ' $.');
    return '$' + f;
  }
}

// --- the oracle ----------------------------------------------------------------------------------------------------

function findOracle(): string | undefined {
  const bin = join(repoRoot, '.oracle', 'gotmpl-oracle');
  if (existsSync(bin)) return bin;
  const shared = sharedDir();
  if (shared === undefined) return undefined;
  const build = spawnSync('bash', [join(shared, 'tools', 'go-template-oracle', 'build.sh'), bin], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
  });
  return build.status === 0 && existsSync(bin) ? bin : undefined;
}

interface OracleCase {
  name: string;
  template: string;
  data: Json;
}

interface OracleResult {
  name: string;
  output: string | null;
  error: string | null;
}

function runOracle(bin: string, cases: readonly OracleCase[]): OracleResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'gotmpl-diff-'));
  try {
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify(cases));
    const dump = process.env['DIFF_DUMP'];
    if (dump) writeFileSync(dump, JSON.stringify(cases)); // Keep the batch, to replay it by hand.
    const run = spawnSync(bin, [file], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 120_000 });
    if (run.status !== 0) throw new Error(`oracle failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as OracleResult[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * fmt prints real pointer addresses (Go's heap lives at 0xc000000000–0xc0ffffffff); ours prints a fixed fake one.
 * Addresses appear in hex, decimal, octal or binary depending on the verb.
 */
function normaliseAddresses(s: string): string {
  return s
    .replace(/(0[xX])?[cC]0[0-9a-fA-F]{8}/g, 'ADDR')
    .replace(/82463\d{7}|82464\d{7}/g, 'ADDR')
    .replace(/14000\d{9}/g, 'ADDR')
    .replace(/11000000[01]{32}/g, 'ADDR');
}

/**
 * Whether our output shows fmt's fake pointer address (0xc000010000) in some encoding a normalisation cannot undo
 * (hex of its text, quoted, escaped): such outputs depend on real addresses in Go.
 */
function showsAddress(ours: string): boolean {
  // The address as text, in decimal, in octal, and the hex of its text with and without 0x (`printf "%x"` twice).
  return /c000010000|824633786368|14000000200000|3078633030303031303030|63303030303130303030/i.test(ours);
}

/** Go 1.19 cannot range over integers; we follow Go ≥ 1.24, where it iterates. */
function isRangeOverIntDeviation(goError: string | null): boolean {
  // We fail to range over anything but an integer kind where Go 1.19 fails, so a success here is an integer
  // (possibly a named one that prints through String(), such as an enum).
  return goError !== null && /range can't iterate over /.test(goError);
}

// --- the test ------------------------------------------------------------------------------------------------------

test(`differential: ${COUNT} random templates vs the reference renderer (seed ${SEED})`, async () => {
  const bin = findOracle();
  if (bin === undefined) {
    console.log('SKIP differential test: no reference renderer (.oracle/gotmpl-oracle) and it could not be built');
    return;
  }
  const g = new Gen(SEED);
  const cases: OracleCase[] = [];
  for (let i = 0; i < COUNT; i++) {
    cases.push({ name: String(i), template: new TemplateGen(g).template(), data: data(g) });
  }
  const started = Date.now();
  const expected = runOracle(bin, cases);
  const oracleMs = Date.now() - started;
  const failures: string[] = [];
  let errors = 0;
  let deviations = 0;
  const errorKinds = new Map<string, number>();
  for (const [i, c] of cases.entries()) {
    const want = expected[i] as OracleResult;
    const got = await runCase({ template: c.template, data: c.data }, {});
    if (want.error !== null) {
      errors++;
      const kind = want.error.replace(/^template: t:[\d:]+ (executing "\w+" at <.*?>: )?/, '').replace(/\d+|"[^"]*"|\S+=\S+/g, '_');
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    }
    const gotError = 'error' in got ? got.error : null;
    const gotOutput = 'output' in got ? got.output : null;
    if (want.error !== null && gotError !== null) continue;
    if (want.output !== null && gotOutput !== null && normaliseAddresses(want.output) === normaliseAddresses(gotOutput)) continue;
    if (want.output !== null && gotOutput !== null && showsAddress(gotOutput)) {
      deviations++;
      continue;
    }
    if (gotError === null && isRangeOverIntDeviation(want.error)) {
      deviations++;
      continue;
    }
    failures.push(
      `case ${i}: ${JSON.stringify(c.template)}\n    data: ${JSON.stringify(c.data)}\n    go:  ${want.error !== null ? 'ERROR ' + want.error : JSON.stringify(want.output)}\n    us:  ${gotError !== null ? 'ERROR ' + gotError : JSON.stringify(gotOutput)}`,
    );
  }
  for (const f of failures.slice(0, 25)) console.log(`  MISMATCH ${f}`);
  if (process.env['DIFF_VERBOSE']) {
    for (const [kind, n] of [...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${n}\t${kind}`);
  }
  console.log(
    `differential: ${COUNT - failures.length}/${COUNT} agree (${errors} error cases, ${deviations} known deviations) in ${Date.now() - started} ms (reference renderer ${oracleMs} ms)`,
  );
  assert.is(failures.length, 0, `${failures.length} template(s) differ from Go`);
});

test.run();
