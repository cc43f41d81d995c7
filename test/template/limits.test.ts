/**
 * Limits: templates come from ConfigMaps, so no template may hang the function or blow the JavaScript stack.
 * Template recursion stops at maxExecDepth, output at maxOutputSize, loops at maxSteps; the parser bounds nesting
 * and pipeline length; anything deeper than the JavaScript stack still ends in a template error, never a RangeError.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TemplateExecError, TemplateSyntaxError, parse } from '../../src/template/mod.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';

function execError(f: () => unknown, pattern: RegExp): void {
  const started = Date.now();
  try {
    f();
    assert.unreachable('expected a TemplateExecError');
  } catch (e) {
    assert.instance(e, TemplateExecError);
    assert.not.instance(e, RangeError);
    assert.match((e as Error).message, pattern);
  }
  assert.ok(Date.now() - started < 10_000, 'the limit must stop execution quickly');
}

function syntaxError(f: () => unknown, pattern: RegExp): void {
  try {
    f();
    assert.unreachable('expected a TemplateSyntaxError');
  } catch (e) {
    assert.instance(e, TemplateSyntaxError);
    assert.match((e as Error).message, pattern);
  }
}

const SELF = '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}';

const Exec = suite('execution limits');

Exec('a self-calling define stops at the default depth (1000)', () => {
  execError(() => parse(SELF).execute(null), /exceeded maximum template depth \(1000\)/);
});

Exec('maxExecDepth is configurable', () => {
  execError(() => parse(SELF, { limits: { maxExecDepth: 10 } }).execute(null), /exceeded maximum template depth \(10\)/);
  const countdown = '{{define "r"}}{{if .}}{{len .}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .}}';
  assert.is(parse(countdown, { limits: { maxExecDepth: 10 } }).execute([1, 2, 3, 4, 5]), '54321');
  execError(() => parse(countdown, { limits: { maxExecDepth: 3 } }).execute([1, 2, 3, 4, 5]), /maximum template depth/);
});

Exec('recursion deeper than the JavaScript stack is a template error, not a RangeError', () => {
  const heavy = '{{define "r"}}{{if .}}{{with .}}{{range .L}}{{template "r" $}}{{end}}{{end}}{{end}}{{end}}{{template "r" .}}';
  execError(() => parse(heavy, { limits: { maxExecDepth: 10_000_000 } }).execute({ L: [1] }), /too deeply|maximum template depth/);
  execError(() => parse(SELF, { limits: { maxExecDepth: 10_000_000 } }).execute(null), /too deeply|maximum template depth/);
});

Exec('runaway output through nested ranges stops at maxOutputSize', () => {
  const t = parse('{{range .}}{{range $}}{{range $}}{{range $}}{{range $}}0123456789{{end}}{{end}}{{end}}{{end}}{{end}}', {
    limits: { maxOutputSize: 1_000_000 },
  });
  const data = Array.from({ length: 100 }, (_, i) => i);
  execError(() => t.execute(data), /output exceeds the maximum size \(1000000 characters\)/);
});

Exec('the default output limit (64 Mi) also ends a runaway template', () => {
  const t = parse('{{range .}}{{range $}}{{range $}}{{range $}}0123456789012345678901234567890123456789{{end}}{{end}}{{end}}{{end}}');
  execError(() => t.execute(Array.from({ length: 60 }, (_, i) => i)), /output exceeds the maximum size/);
});

Exec('loops that print nothing stop at maxSteps', () => {
  const t = parse('{{range .}}{{range $}}{{range $}}{{range $}}{{range $}}{{end}}{{end}}{{end}}{{end}}{{end}}', {
    limits: { maxSteps: 1_000_000 },
  });
  execError(() => t.execute(Array.from({ length: 100 }, (_, i) => i)), /maximum number of execution steps \(1000000\)/);
});

// A list holding the same list twice, `levels` deep: small in memory, 2^levels copies when printed.
const sharing = (levels: number): string => `{{ range until ${levels} }}{{ $_ := set $ "k" (list $.M $.M) }}{{ $_ := set $ "M" $.k }}{{ end }}`;
const FUNCS = [sprigFuncs, istioFuncs({})];

Exec('values that share their parts print within maxBuilt, in one print or in many', () => {
  const limits = { maxBuilt: 1 << 20 };
  for (const print of ['{{ toJson $ }}', '{{ mustToJson $ }}', '{{ toPrettyJson $ }}', '{{ toYaml $ }}', '{{ structToJSON $ }}', '{{ printf "%v" $ }}', '{{ $ }}', '{{ quote $ }}', '{{ sortAlpha $.M }}', '{{ if eq (printf "%v" $) "" }}{{ end }}']) {
    const t = parse(sharing(40) + print, { funcs: FUNCS, limits });
    execError(() => t.execute({ M: { k: 1 } }), /values built, printed or encoded by this execution exceed 1048576 characters or list elements in all/);
  }
  // Many prints, each under the limit, spend the same budget.
  const many = parse(`${sharing(10)}{{ range until 10000 }}{{ toJson $.M | len }}{{ end }}`, { funcs: FUNCS, limits });
  execError(() => many.execute({ M: { k: 1 } }), /exceed 1048576 characters or list elements in all/);
  // The default budget (16 Mi) ends the same print.
  execError(() => parse(`${sharing(40)}{{ toJson $ }}`, { funcs: FUNCS }).execute({ M: { k: 1 } }), /exceed 16777216 characters or list elements in all/);
  // Under the budget, nothing changes: 2^10 copies of {"k":1} and the brackets around them.
  assert.is(parse(`${sharing(10)}{{ toJson $.M | len }}`, { funcs: FUNCS, limits }).execute({ M: { k: 1 } }), String(1024 * 7 + 1023 * 3));
});

Exec('functions that build from a count (until, repeat, indent) or multiply a string (replace) spend the same budget at every step of a loop', () => {
  const limits = { maxBuilt: 1 << 20 };
  for (const build of ['{{ $x := until 100000 }}', '{{ $x := untilStep 0 100000 1 }}', '{{ $x := repeat 100000 "x" }}', '{{ $x := nindent 50000 "a\\nb" }}', '{{ $x := replace "" "xxxxxxxxxx" (repeat 1000 "a") }}', '{{ $x := regexReplaceAll "" (repeat 1000 "a") "xxxxxxxxxx" }}', '{{ $x := regexReplaceAllLiteral "a" (repeat 1000 "a") "xxxxxxxxxx" }}']) {
    const t = parse(`{{ range until 1000 }}${build}{{ end }}`, { funcs: FUNCS, limits });
    execError(() => t.execute(null), /values built, printed or encoded by this execution exceed 1048576 characters or list elements in all/);
  }
  // Istio's indent (registered after Sprig's) pads every line but the first, and is bounded too.
  const istio = parse('{{ range until 1000 }}{{ $x := indent 100000 "a\\nb" }}{{ end }}', { funcs: FUNCS, limits });
  execError(() => istio.execute(null), /exceed 1048576 characters or list elements in all/);
  execError(() => parse('{{ indent 100000000 "a\\nb" }}', { funcs: FUNCS }).execute(null), /error calling indent: indent output of 100000003 bytes is over the limit of 67108864/);
  // An empty `old` inserts the replacement at every character: the output's length is checked before it is built.
  execError(() => parse('{{ replace "" "xxxxxxxxxx" (repeat 10000000 "a") }}', { funcs: FUNCS }).execute(null), /error calling replace: strings: Replace output of 110000010 bytes is over the limit of 67108864/);
  // The default budget is far above what one render of an injection template builds.
  assert.is(parse('{{ until 1000 | len }} {{ repeat 1000 "x" | len }} {{ indent 4 "a\\nb" }}', { funcs: FUNCS }).execute(null), '1000 1000 a\n    b');
});

Exec('doubling a value in a loop ends at the render budget', () => {
  const limits = { maxBuilt: 1 << 20 };
  for (const double of ['{{ $v = concat $v $v }}', '{{ $v = cat (join "" $v) (join "" $v) | list }}', '{{ $v = list (printf "%s%s" (join "" $v) (join "" $v)) }}', '{{ $v = append $v (join "," $v) }}']) {
    const t = parse(`{{ $v := list "ab" }}{{ range until 40 }}${double}{{ end }}{{ len $v }}`, { funcs: FUNCS, limits });
    execError(() => t.execute(null), /exceed 1048576 characters or list elements in all/);
  }
  // Ten doublings stay far below it.
  assert.is(parse('{{ $v := list 1 }}{{ range until 10 }}{{ $v = concat $v $v }}{{ end }}{{ len $v }}', { funcs: FUNCS, limits }).execute(null), '1024');
});

Exec('deepEqual compares each pair of shared parts once (as Go does), not once per path', () => {
  const t = parse(`${sharing(40)}{{ deepEqual $.M $.k }} {{ deepEqual (list $.M) (list $.k) }} {{ deepEqual $.M (list $.k 1) }}`, { funcs: FUNCS });
  const started = Date.now();
  assert.is(t.execute({ M: { k: 1 } }), 'true true false');
  assert.ok(Date.now() - started < 5000);
  // Two separately built values of the same shape: 2^40 paths, 40 pairs.
  const twin = parse('{{ range until 40 }}{{ $_ := set $ "a" (list $.A $.A) }}{{ $_ := set $ "A" $.a }}{{ $_ := set $ "b" (list $.B $.B) }}{{ $_ := set $ "B" $.b }}{{ end }}{{ deepEqual $.A $.B }}', { funcs: FUNCS });
  assert.is(twin.execute({ A: 1, B: 1 }), 'true');
});

Exec('a template that stays under the limits is unaffected', () => {
  const t = parse('{{range .}}{{.}}{{end}}', { limits: { maxOutputSize: 10, maxSteps: 100 } });
  assert.is(t.execute([1, 2, 3]), '123');
});

Exec.run();

// ---

const Parse = suite('parse limits');

Parse('nested parentheses beyond maxParseDepth', () => {
  const nested = (n: number): string => `{{print ${'('.repeat(n)}1${')'.repeat(n)}}}`;
  assert.is(parse(nested(100)).execute(null), '1');
  syntaxError(() => parse(nested(2000)), /max expression depth exceeded/);
  syntaxError(() => parse(nested(50), { limits: { maxParseDepth: 10 } }), /max expression depth exceeded/);
});

Parse('nested control structures beyond maxParseDepth', () => {
  const nested = (n: number): string => `${'{{if 1}}'.repeat(n)}x${'{{end}}'.repeat(n)}`;
  assert.is(parse(nested(500)).execute(null), 'x');
  syntaxError(() => parse(nested(1500)), /max expression depth exceeded/);
});

Parse('nesting deeper than the JavaScript stack is a syntax error, not a RangeError', () => {
  const n = 200_000;
  syntaxError(() => parse(`{{print ${'('.repeat(n)}1${')'.repeat(n)}}}`, { limits: { maxParseDepth: Infinity } }), /too deep|max expression depth/);
});

Parse('pipelines longer than maxPipelineCommands', () => {
  const pipeline = (n: number): string => `{{1${' | print'.repeat(n - 1)}}}`;
  assert.is(parse(pipeline(100)).execute(null), '1');
  syntaxError(() => parse(pipeline(1001)), /pipeline has more than 1000 commands/);
  syntaxError(() => parse(pipeline(6), { limits: { maxPipelineCommands: 5 } }), /more than 5 commands/);
});

Parse.run();
