/**
 * The parser: trees printed back to source (Go's Node.String(), which parse tests compare), else-if/else-with
 * desugaring, the template set (define/block, redefinition rules), parse-time checks (undefined variables and
 * functions, break/continue outside range), number literal interpretations, and parse errors (rows produced by
 * the reference renderer: each must fail with a TemplateSyntaxError).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T, type GoFunc } from '../../src/go/types.ts';
import { TemplateSyntaxError, parse } from '../../src/template/mod.ts';
import { builtins } from '../../src/template/funcs/builtins.ts';
import { numberNode, parse as parseTrees } from '../../src/template/parse.ts';
import { print, type ActionNode, type CommandNode, type NumberNode } from '../../src/template/node.ts';
import { DATA, addRows, type Row } from '../support/template-table.ts';

const Print = suite('print round trips');

/** [input, printed main template] */
const printed: [string, string][] = [
  ['', ''],
  ['some text', 'some text'],
  ['{{.X}}', '{{.X}}'],
  ['{{ .X }}', '{{.X}}'],
  ['a {{- .X -}} b', 'a{{.X}}b'],
  ['{{/* c */}}x', 'x'],
  ['{{$}}', '{{$}}'],
  ['{{$.X.Y}}', '{{$.X.Y}}'],
  ['{{$x := .X}}{{$x.Y}}', '{{$x := .X}}{{$x.Y}}'],
  ['{{$x := 1}}{{$x = 2}}', '{{$x := 1}}{{$x = 2}}'],
  ['{{.X | printf "%s" | len}}', '{{.X | printf "%s" | len}}'],
  ['{{printf "%d" (len .X)}}', '{{printf "%d" (len .X)}}'],
  ['{{(.X).Y}}', '{{(.X).Y}}'],
  ['{{(print .X).Y.Z}}', '{{(print .X).Y.Z}}'],
  ['{{print nil true false 0x1F 1e3 \'a\' `raw` "q\\n"}}', '{{print nil true false 0x1F 1e3 \'a\' `raw` "q\\n"}}'],
  ['{{if .X}}a{{end}}', '{{if .X}}a{{end}}'],
  ['{{if .X}}a{{else}}b{{end}}', '{{if .X}}a{{else}}b{{end}}'],
  ['{{if .X}}a{{else if .Y}}b{{else}}c{{end}}', '{{if .X}}a{{else}}{{if .Y}}b{{else}}c{{end}}{{end}}'],
  ['{{with .X}}a{{else with .Y}}b{{end}}', '{{with .X}}a{{else}}{{with .Y}}b{{end}}{{end}}'],
  ['{{with $x := .X}}{{$x}}{{end}}', '{{with $x := .X}}{{$x}}{{end}}'],
  ['{{range .X}}{{.}}{{end}}', '{{range .X}}{{.}}{{end}}'],
  ['{{range $i, $e := .X}}{{$i}}{{break}}{{continue}}{{else}}e{{end}}', '{{range $i, $e := .X}}{{$i}}{{break}}{{continue}}{{else}}e{{end}}'],
  ['{{range $e := .X | .M}}{{end}}', '{{range $e := .X | .M}}{{end}}'],
  ['{{template "x"}}', '{{template "x"}}'],
  ['{{template `x` .Y}}', '{{template "x" .Y}}'],
  ['{{block "b" .}}body{{end}}', '{{template "b" .}}'],
  ['{{define "d"}}D{{end}}main', 'main'],
  ['{{print\n  1\n  2}}', '{{print 1 2}}'],
];

for (const [input, want] of printed) {
  Print(JSON.stringify(input), () => {
    assert.is(parse(input, { name: 't' }).source(), want);
  });
}

Print('defined and block templates are in the set', () => {
  const t = parse('{{define "d"}}D{{.}}{{end}}{{block "b" .}}B{{end}}', { name: 't' });
  assert.equal(t.names(), ['b', 'd', 't']);
  assert.is(t.source('d'), 'D{{.}}');
  assert.is(t.source('b'), 'B');
  assert.is(t.lookup('d')?.execute('x'), 'Dx');
  assert.is(t.lookup('nope'), undefined);
});

Print('comments are kept when asked for', () => {
  const set = parseTrees('a{{/* c */}}b', { name: 't', leftDelim: '', rightDelim: '', funcs: [], builtins, keepComments: true });
  assert.is(print(set.get('t')?.root ?? { type: 'list', pos: 0, nodes: [] }), 'a{{/* c */}}b');
});

Print.run();

// ---

const Set = suite('template set');

Set('define adds templates to a copy; the original is unchanged (immutable, reusable)', () => {
  const t = parse('[{{template "x" .}}]', { name: 't' });
  assert.throws(() => t.execute(1), /template "x" not defined/);
  const t2 = t.define('x', 'X{{.}}');
  assert.is(t2.execute(1), '[X1]');
  assert.throws(() => t.execute(1), /template "x" not defined/);
  assert.is(t2.execute(2), '[X2]');
});

Set('an empty definition does not replace a non-empty one, and can be replaced', () => {
  assert.is(parse('{{define "a"}}x{{end}}{{define "a"}} {{end}}{{template "a"}}').execute(null), 'x');
  assert.is(parse('{{define "a"}} {{end}}{{define "a"}}y{{end}}{{template "a"}}').execute(null), 'y');
  assert.throws(() => parse('{{define "a"}}x{{end}}{{define "a"}}y{{end}}'), (e: unknown) => e instanceof TemplateSyntaxError);
  assert.throws(() => parse('x').define('x', 'y').define('x', 'z'), /multiple definition of template "x"/);
});

Set.run();

// ---

const Checks = suite('parse-time checks');

Checks('unknown functions fail at parse time, even where never executed', () => {
  assert.throws(() => parse('{{if false}}{{nope 1}}{{end}}'), /function "nope" not defined/);
  const nope: GoFunc = { params: [], results: [T.string], impl: () => 'ok' };
  assert.is(parse('{{if true}}{{nope}}{{end}}', { funcs: { nope } }).execute(null), 'ok');
});

Checks('identifiers resolve at parse time to the FuncMap entry or the builtin', () => {
  const t = parse('{{len .}}', { funcs: {} });
  const cmd = ((t.tree()?.root.nodes[0] as ActionNode).pipe.cmds[0] as CommandNode).args[0];
  assert.is(cmd?.type, 'identifier');
  assert.ok(cmd?.type === 'identifier' && cmd.builtin && cmd.func === builtins['len']);
});

Checks('variables are scoped to their control structure, including else', () => {
  assert.throws(() => parse('{{if true}}{{$x := 1}}{{end}}{{$x}}'), /undefined variable "\$x"/);
  assert.not.throws(() => parse('{{with $x := 1}}{{else}}{{$x}}{{end}}'));
  assert.not.throws(() => parse('{{range $i, $e := .}}{{$i}}{{$e}}{{end}}'));
  assert.throws(() => parse('{{range $i, $e := .}}{{end}}{{$e}}'), /undefined variable "\$e"/);
  assert.throws(() => parse('{{define "a"}}{{$x}}{{end}}{{$x := 1}}'), /undefined variable "\$x"/);
});

Checks('break and continue only directly inside range (not in its else, not in a nested block)', () => {
  assert.not.throws(() => parse('{{range .}}{{if .}}{{break}}{{end}}{{continue}}{{end}}'));
  assert.throws(() => parse('{{range .}}{{else}}{{break}}{{end}}'), /\{\{break\}\} outside \{\{range\}\}/);
  assert.throws(() => parse('{{range .}}{{block "b" .}}{{continue}}{{end}}{{end}}'), /\{\{continue\}\} outside \{\{range\}\}/);
});

Checks('the pipe node records declarations and commands', () => {
  assert.throws(() => parse('{{$a, $b := .X}}'), /too many declarations in command/); // Two only in range.
  const t = parse('{{range $a, $b := .X | len}}{{end}}');
  const range = t.tree()?.root.nodes[0];
  assert.ok(range?.type === 'range');
  if (range?.type === 'range') {
    assert.equal(range.pipe.decl.map((d) => d.ident[0]), ['$a', '$b']);
    assert.is(range.pipe.isAssign, false);
    assert.is(range.pipe.cmds.length, 2);
  }
});

Checks.run();

// ---

const Numbers = suite('number literals');

function num(text: string, type: 'number' | 'charConstant' | 'complex' = 'number'): NumberNode {
  const n = numberNode(0, text, type);
  if (typeof n === 'string') throw new Error(n);
  return n;
}

function flags(n: NumberNode): string {
  return [n.isInt && 'int', n.isUint && 'uint', n.isFloat && 'float', n.isComplex && 'complex'].filter(Boolean).join(' ');
}

Numbers('interpretations (go-template.md §3)', () => {
  assert.is(flags(num('1')), 'int uint float');
  assert.is(flags(num('-1')), 'int float');
  assert.is(flags(num('+5')), 'int float'); // strconv.ParseUint takes no sign
  assert.is(flags(num('-0')), 'int uint float'); // a signed zero is still unsigned
  assert.is(flags(num('0x10')), flags(num('16')));
  assert.is(flags(num('1.0')), 'int uint float');
  assert.is(flags(num('1.5')), 'float');
  assert.is(flags(num('0x10')), 'int uint float');
  assert.is(flags(num('1e3')), 'int uint float');
  assert.is(flags(num("'a'", 'charConstant')), 'int uint float');
  assert.is(num("'a'", 'charConstant').int64, 97);
  assert.is(flags(num('2i')), 'complex');
  assert.is(flags(num('1+0i', 'complex')), 'int uint float complex');
  assert.equal(num('1.5-2i', 'complex').complex128, { re: 1.5, im: -2 });
  assert.is(num('0x1.ep+2').float64, 7.5);
  assert.is(num('1_000').int64, 1000);
  assert.is(num('0o17').int64, 15);
  assert.is(num('017').int64, 15);
  assert.is(num('0b101').int64, 5);
});

Numbers('default types of untyped constants (%T)', () => {
  assert.is(parse('{{printf "%T %T %T %T %T %T" 1 1.0 0x1F 1e3 \'a\' 1i}}').execute(null), 'int float64 int float64 int complex128');
});

Numbers('bad numbers', () => {
  assert.is(numberNode(0, '99999999999999999999', 'number'), 'integer overflow: "99999999999999999999"');
  assert.is(typeof numberNode(0, '0x', 'number'), 'string');
  assert.is(typeof numberNode(0, "'ab'", 'charConstant'), 'string');
});

Numbers.run();

// ---

const rows: Row[] = [
  { name: "parse: unexpected end", input: "{{end}}", output: null },
  { name: "parse: unclosed if", input: "{{if .A}}x", output: null },
  { name: "parse: else without if", input: "{{else}}", output: null },
  { name: "parse: undefined variable", input: "{{$x}}", output: null },
  { name: "parse: bad number", input: "{{3k}}", output: null },
  { name: "parse: unterminated string", input: "{{\"abc}}", output: null },
  { name: "parse: unclosed action", input: "{{.A", output: null },
  { name: "parse: unclosed action newline", input: "{{.A\n}}", output: "x" },
  { name: "parse: empty action", input: "{{ }}", output: null },
  { name: "parse: empty pipeline stage", input: "{{.A | }}", output: "x" },
  { name: "parse: non executable stage", input: "{{.A | 3}}", output: null },
  { name: "parse: break outside range", input: "{{break}}", output: null },
  { name: "parse: continue in define in range", input: "{{define \"x\"}}{{continue}}{{end}}", output: null },
  { name: "parse: define not at top", input: "{{if .A}}{{define \"x\"}}{{end}}{{end}}", output: null },
  { name: "parse: multiple declarations", input: "{{$a, $b := 1}}", output: null },
  { name: "parse: range three vars", input: "{{range $a, $b, $c := .G}}{{end}}", output: null },
  { name: "parse: bad char", input: "{{.A # 3}}", output: null },
  { name: "parse: unexpected right paren", input: "{{print 1)}}", output: null },
  { name: "parse: unclosed paren", input: "{{print (1}}", output: null },
  { name: "parse: dot after literal", input: "{{\"x\".A}}", output: null },
  { name: "parse: comma outside range", input: "{{$a, $b := .G}}", output: null },
  { name: "parse: comment not closed at delim", input: "{{/* c */ .A}}", output: null },
  { name: "parse: template name not string", input: "{{template .A}}", output: null },
  { name: "parse: assign undeclared", input: "{{$x = 1}}", output: null },
  { name: "parse: unknown function", input: "{{nope 1}}", output: null },
  { name: "parse: char constant bad", input: "{{'ab'}}", output: null },
  { name: "parse: bad escape", input: "{{\"\\q\"}}", output: null },
  { name: "parse: trailing pipe then end", input: "{{.A |}}", output: "x" },
];

const Errors = suite('parse errors');
addRows(Errors, rows, DATA);
Errors.run();
