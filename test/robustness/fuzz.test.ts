/**
 * Fuzzing within a fixed time budget (FUZZ_SECONDS, default 10 per target), seeded so that a failure reproduces
 * (FUZZ_SEED=N; the seed is printed, and a failure names the iteration and its input; FUZZ_TRACE=FILE keeps the input
 * being run in FILE, for a crash that kills the process):
 *   - the YAML front end: mutated manifests (the corpus's small inputs and the example package) through `read` and
 *     `write`, the malformed-stream report, and the whole injection driver; every outcome must be a clean reading
 *     error or an output with results, never a thrown exception, an "internal error" result or a hang;
 *   - the template engine: random templates (from a grammar of actions, pipelines, control structures and every
 *     function name, plus mutations of real templates) parsed and executed over random data; every outcome must be
 *     an output, a TemplateSyntaxError or a TemplateExecError, never a TypeError, RangeError, stack overflow or hang.
 * Every crash found becomes a case in REGRESSIONS below (and in corpus.ts when it concerns the CLI).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { read, write } from '../../src/krm/resource-list.ts';
import { run } from '../../src/krm/processor.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';
import { malformedStream } from '../../src/io/malformed.ts';
import { builtins, parse, TemplateExecError, TemplateSyntaxError } from '../../src/template/mod.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';
import { mulberry32 } from '../support/random.ts';
import { repoRoot } from '../support/shared.ts';
import { CORPUS } from './corpus.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const BUDGET_MS = Number(process.env['FUZZ_SECONDS'] ?? 10) * 1000;
/** FUZZ_TRACE=FILE writes each input to FILE before running it: what was running when the process died. */
const TRACE = process.env['FUZZ_TRACE'];
/** One input taking more CPU time than this is a hang. */
const HANG_MS = 5000;
console.log(`fuzz: seed ${SEED}, ${BUDGET_MS / 1000} s per target (FUZZ_SEED=${SEED} reproduces)`);

interface Random {
  (): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
}

function random(seed: number): Random {
  const next = mulberry32(seed);
  const r = (() => next()) as Random;
  r.int = (n) => Math.floor(next() * n);
  r.pick = (list) => list[Math.floor(next() * list.length)]!;
  return r;
}

/** Runs `step(i)` with fresh inputs until the budget is spent; returns the number of iterations. */
function fuzz(step: (i: number) => void): number {
  const started = Date.now();
  let i = 0;
  while (Date.now() - started < BUDGET_MS) step(i++);
  return i;
}

/** Runs one input; more than HANG_MS of CPU time is a hang (CPU, not wall-clock time: the CI machine is shared). */
function timed<T>(what: () => T, describe: () => string): T {
  const before = process.cpuUsage();
  const out = what();
  const used = process.cpuUsage(before);
  const ms = Math.round((used.user + used.system) / 1000);
  if (ms > HANG_MS) assert.unreachable(`took ${ms} ms of CPU (a hang): ${describe()}`);
  return out;
}

// --- the YAML front end ------------------------------------------------------------------------------------------------

const YAML_PIECES = [':', ': ', '-', '- ', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '!x ', '|', '>-', "'", '"', '#', '%YAML 1.1\n', '---\n', '...\n', '\n', '\t', '  ', '? ', '\\', '\u00e9', '\ufeff', '\r\n', 'null', '~', '__proto__', 'constructor', '<<: *a\n', 'kind: List\n', 'items:\n', '0x1F', '.inf', 'yes'];

function mutate(r: Random, text: string): string {
  let out = text;
  const edits = 1 + r.int(4);
  for (let e = 0; e < edits; e++) {
    const at = r.int(out.length + 1);
    switch (r.int(6)) {
      case 0:
        out = out.slice(0, at) + r.pick(YAML_PIECES) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + r.int(20));
        break;
      case 2: {
        const from = r.int(out.length + 1);
        out = out.slice(0, at) + out.slice(from, from + r.int(60)) + out.slice(at);
        break;
      }
      case 3:
        out = out.slice(0, at);
        break;
      case 4:
        out = out.slice(0, at) + String.fromCharCode(r.int(0x80)) + out.slice(at);
        break;
      default: {
        // Re-indent a line: the most common way YAML goes wrong by hand.
        const lineStart = out.lastIndexOf('\n', at - 1) + 1;
        out = out.slice(0, lineStart) + ' '.repeat(r.int(5)) + out.slice(lineStart).replace(/^ */, '');
      }
    }
  }
  return out;
}

function seedManifests(): string[] {
  const fromCorpus = CORPUS.flatMap((c) => (typeof c.input === 'string' && c.input.length < 4000 ? [c.input] : []));
  const pkg = join(repoRoot, 'examples', 'kpt');
  const fromExamples = readdirSync(pkg).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(pkg, f), 'utf8'));
  return [...fromCorpus, ...fromExamples];
}

/** One input through every front-end entry; throws (fails the test) on anything but a clean outcome. */
function frontEnd(text: string, describe: () => string): void {
  if (TRACE) writeFileSync(TRACE, describe());
  timed(() => {
    const outcome = read(text);
    if (outcome.ok) write(outcome.list, [{ message: 'fuzz', severity: 'info' }]);
    else assert.type(outcome.error.message, 'string');
    malformedStream(text, 'stdin');
    const ran = run(injectProcessor, text);
    const internal = ran.results.find((r) => /internal error/.test(r.message));
    if (internal) assert.unreachable(`an internal error: ${internal.message}\n${describe()}`);
    assert.ok(ran.output !== '' || ran.exitCode === 1, 'never exit 0 with an empty output');
  }, describe);
}

// --- the template engine -----------------------------------------------------------------------------------------------

const FUNCS = [sprigFuncs, istioFuncs({ env: { A: 'a' } })];
const FUNC_NAMES = [...new Set([...Object.keys(builtins), ...FUNCS.flatMap((f) => Object.keys(f))])].sort();
const LIMITS = { maxOutputSize: 1 << 20, maxSteps: 200_000, maxExecDepth: 200, maxBuilt: 1 << 22 };

function literal(r: Random): string {
  return r.pick(['1', '-2', '3.5', '1e3', '0x10', "'a'", '"s"', '`raw`', 'true', 'false', 'nil', '.', '$', '"\\n"', '""', '0', '"a,b"', '(list 1 2)', '(dict "k" 1)']);
}

function operand(r: Random, depth: number): string {
  switch (r.int(depth > 2 ? 3 : 6)) {
    case 0:
      return literal(r);
    case 1:
      return r.pick(['.A', '.B.C', '.L', '$x', '$', '.', '.M.k', '.Missing.deep', '$.A']);
    case 2:
      return r.pick(['.A', '$x']);
    case 3:
      return `(${pipeline(r, depth + 1)})`;
    default:
      return `(${r.pick(FUNC_NAMES)} ${operand(r, depth + 1)})`;
  }
}

function command(r: Random, depth: number): string {
  if (r.int(3) === 0) return operand(r, depth);
  const args = Array.from({ length: r.int(4) }, () => operand(r, depth + 1));
  return [r.pick(FUNC_NAMES), ...args].join(' ');
}

function pipeline(r: Random, depth: number): string {
  const parts = [command(r, depth)];
  for (let i = r.int(3); i > 0; i--) parts.push(command(r, depth + 1));
  return (r.int(4) === 0 ? '$x := ' : '') + parts.join(' | ');
}

function templateText(r: Random, depth = 0): string {
  const pieces: string[] = [];
  for (let n = 1 + r.int(4); n > 0; n--) {
    const kind = depth > 3 ? r.int(3) : r.int(10);
    switch (kind) {
      case 0:
        pieces.push(r.pick(['text ', 'a: ', '\n', '- ', '{{/* c */}}', ' ']));
        break;
      case 1:
      case 2:
        pieces.push(`{{${r.pick(['', '- '])}${pipeline(r, depth)}${r.pick(['', ' -'])}}}`);
        break;
      case 3:
        pieces.push(`{{ if ${pipeline(r, depth)} }}${templateText(r, depth + 1)}{{ else }}${templateText(r, depth + 1)}{{ end }}`);
        break;
      case 4:
        pieces.push(`{{ range ${r.pick(['$i, $v := ', '$v := ', ''])}${operand(r, depth)} }}${templateText(r, depth + 1)}{{ ${r.pick(['break', 'continue', 'end'])} }}{{ end }}`);
        break;
      case 5:
        pieces.push(`{{ with ${pipeline(r, depth)} }}${templateText(r, depth + 1)}{{ end }}`);
        break;
      case 6:
        pieces.push(`{{ define "${r.pick(['t1', 't2'])}" }}${templateText(r, depth + 1)}{{ end }}`);
        break;
      case 7:
        pieces.push(`{{ template "${r.pick(['t1', 't2', 'missing'])}" ${operand(r, depth)} }}`);
        break;
      case 8:
        pieces.push(`{{ block "t2" . }}${templateText(r, depth + 1)}{{ end }}`);
        break;
      default:
        pieces.push(r.pick(['{{', '}}', '{{ end }}', '{{ else }}', '{{ $y }}', '{{ .A. }}', '{{ ( }}', '{{ "unterminated }}', '{{ 1 2 }}', '{{ nil }}']));
    }
  }
  return pieces.join('');
}

function data(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 5 : 8)) {
    case 0:
      return r.int(1000) - 500;
    case 1:
      return r() * 1e6;
    case 2:
      return r.pick(['', 'x', 'a,b', '1', 'true', '__proto__', 'é']);
    case 3:
      return r.int(2) === 0;
    case 4:
      return null;
    case 5:
      return Array.from({ length: r.int(4) }, () => data(r, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (const key of ['A', 'B', 'C', 'L', 'M', 'k', '__proto__']) if (r.int(2) === 0) Object.defineProperty(out, key, { value: data(r, depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
  }
}

/** One template: parse and execute; a clean outcome is an output or one of the template errors. */
function templateOnce(text: string, value: unknown, describe: () => string): void {
  if (TRACE) writeFileSync(TRACE, describe());
  timed(() => {
    try {
      parse(text, { name: 'fuzz', funcs: FUNCS, limits: LIMITS }).execute(value);
    } catch (error) {
      if (error instanceof TemplateSyntaxError || error instanceof TemplateExecError) return;
      const e = error as Error;
      assert.unreachable(`${e?.name}: ${e?.message}\n${describe()}\n${e?.stack ?? ''}`);
    }
  }, describe);
}

// --- regressions (every crash the fuzzers found) -----------------------------------------------------------------------

/** Inputs the fuzzers once crashed on; each must now have a clean outcome. */
const REGRESSIONS: readonly { readonly name: string; readonly yaml?: string; readonly template?: string; readonly data?: unknown }[] = [
  { name: 'an alias whose anchor does not exist was accepted and printed back as `*missing`', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *missing\n' },
  { name: 'an alias inside its own anchor (endless expansion)', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: &a\n  k: *a\n' },
  { name: 'until with a huge count filled the heap (4 GB, FUZZ_SEED=777)', template: '{{ range until 100000000 }}{{ end }}' },
  { name: 'seq with a huge count filled the heap', template: '{{ seq 1 1 50000000 | len }}' },
  { name: 'repeat with a huge count allocated hundreds of megabytes', template: '{{ repeat 500000000 "x" | len }}' },
  { name: 'a key after the items aliasing an anchor inside an item threw "Unresolved alias" when items were parsed one by one (FUZZ_SEED=1005)', yaml: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: self\n  spec: &a\n    template:\n      spec:\n        containers: [{name: a, image: b}]\nx: *a\n' },
  { name: 'an anchor with a control character was read, then printing it threw (FUZZ_SEED=8007)', yaml: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: self\n  spec: &\u0006a\n    template:\n      spec:\n        containers: [{name: a, image: b}]\n' },
  {
    name: 'a list holding the same list twice, forty deep, printed as 2^40 copies and filled the heap (4 GB in CI); the encoders now share a budget',
    template: '{{ range until 40 }}{{ $_ := set $ "k" (list $.M $.M) }}{{ $_ := set $ "M" $.k }}{{ end }}{{ toJson $ }}{{ toYaml $ }}{{ printf "%v" $ }}{{ $ }}',
    data: { M: { k: 1 } },
  },
  { name: 'comparing two lists that share their parts took 2^40 steps', template: '{{ range until 40 }}{{ $_ := set $ "k" (list $.M $.M) }}{{ $_ := set $ "M" $.k }}{{ end }}{{ deepEqual $.M $.k }}{{ deepEqual (list $.M) (list $.k) }}', data: { M: { k: 1 } } },
  { name: '10,000 nested JSON objects crashed V8 (RegExpCompiler allocation failure)', yaml: `{"a": ${'{"a": '.repeat(10_000)}1${'}'.repeat(10_000)}}` },
];

// ---

const Fuzz = suite('robustness: fuzzing (fixed time budget, seeded)');

Fuzz('regressions: every input a fuzzer crashed on has a clean outcome', () => {
  for (const c of REGRESSIONS) {
    if (c.yaml !== undefined) frontEnd(c.yaml, () => c.name);
    if (c.template !== undefined) templateOnce(c.template, c.data, () => c.name);
  }
});

Fuzz('the YAML front end: mutated manifests never crash', () => {
  const r = random(SEED);
  const seeds = seedManifests();
  const count = fuzz((i) => {
    const text = mutate(r, r.pick(seeds));
    frontEnd(text, () => `iteration ${i} (FUZZ_SEED=${SEED}), input ${JSON.stringify(text)}`);
  });
  console.log(`  yaml front end: ${count} inputs`);
  assert.ok(count > 0);
});

Fuzz('the template engine: random templates over random data never crash', () => {
  const r = random(SEED ^ 0x5bd1e995);
  const sidecar = readFileSync(join(repoRoot, 'src', 'inject', 'defaults', 'sidecar-template.ts'), 'utf8');
  const count = fuzz((i) => {
    const start = r.int(sidecar.length);
    const text = r.int(4) === 0 ? mutate(r, sidecar.slice(start, start + 2000)) : templateText(r);
    const value = data(r);
    templateOnce(text, value, () => `iteration ${i} (FUZZ_SEED=${SEED}), template ${JSON.stringify(text)}, data ${JSON.stringify(value)}`);
  });
  console.log(`  template engine: ${count} templates`);
  assert.ok(count > 0);
});

Fuzz.run();
