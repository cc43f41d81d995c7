/**
 * The executor's and fmt's fast paths give what the general paths give: printf with plain verbs (and every way out
 * of that path: missing or extra operands, a verb that does not fit, flags, %q, nil, methods), Sprint of a value
 * with a String method, functions with variadic parameters called without an argument array, the truth of maps, and
 * the functions' own fast paths (indent, quote of one string; toJson of decoded maps is in test/go/json.test.ts).
 * Expected outputs and errors are real Go's (text/template + Sprig), taken from the reference renderer.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCase, type GotmplCase } from '../support/gotmpl-case.ts';

interface Row extends GotmplCase {
  readonly name: string;
  readonly output?: string;
  readonly error?: string;
}

const ROWS: readonly Row[] = [
  {
    name: 'printf %s %d %t %v',
    template: '{{printf "a=%s b=%d c=%t d=%v e=%v f=%v" .S .I .B .S .I .B}}',
    data: { S: 'x', I: { $int: -42 }, B: true },
    output: 'a=x b=-42 c=true d=x e=-42 f=true',
  },
  { name: 'printf %% and text', template: '{{printf "100%% %s%%" .S}}', data: { S: 'done' }, output: '100% done%' },
  {
    name: 'printf %d of uint16 and int64',
    template: '{{printf "%d/%d" .U .L}}',
    data: { U: { $uint16: 65535 }, L: { $int64: -9007199254740991 } },
    output: '65535/-9007199254740991',
  },
  { name: 'printf missing operand', template: '{{printf "%s-%s" .S}}', data: { S: 'x' }, output: 'x-%!s(MISSING)' },
  { name: 'printf extra operand', template: '{{printf "%s" .S .S}}', data: { S: 'x' }, output: 'x%!(EXTRA string=x)' },
  {
    name: 'printf verbs that do not fit the kind',
    template: '{{printf "%d %s %t" .S .I .S}}',
    data: { S: 'x', I: { $int: 3 } },
    output: '%!d(string=x) %!s(int=3) %!t(string=x)',
  },
  { name: 'printf trailing percent', template: '{{printf "a%" }}', data: null, output: 'a%!(NOVERB)' },
  {
    name: 'printf %v of float64 and nil',
    template: '{{printf "%v|%v|%s" .F .N .N}}',
    data: { F: 1000000, N: null },
    output: '1e+06|<nil>|%!s(<nil>)',
  },
  {
    name: 'printf of an enum (String method)',
    template: '{{printf "%s/%v/%d" .E .E .E}}',
    data: { E: { $enum: 'REDIRECT', value: 1 } },
    output: 'REDIRECT/REDIRECT/1',
  },
  {
    name: 'printf width and flags',
    template: '{{printf "%5s|%-4d|%+d|%x" .S .I .I .S}}',
    data: { S: 'ab', I: { $int: 7 } },
    output: '   ab|7   |+7|6162',
  },
  { name: 'printf %t of a string', template: '{{printf "%t" .B}}', data: { B: 'true' }, output: '%!t(string=true)' },
  { name: 'printf %q', template: '{{printf "%q" .S}}', data: { S: 'a"b' }, output: '"a\\"b"' },
  {
    name: 'print of an enum',
    template: '{{.E}} {{print .E}} {{print .E .E}}',
    data: { E: { $enum: 'TPROXY', value: 2 } },
    output: 'TPROXY TPROXY TPROXY TPROXY',
  },
  {
    name: 'variadic calls: default and quote, piped and not',
    template: '{{.Missing | default "d" | quote}} {{quote .S .S}} {{default "d" .S}}',
    data: { S: 's' },
    funcs: 'sprig',
    output: '"d" "s" "s" s',
  },
  {
    name: 'variadic calls: eq and index',
    template: '{{eq .S "a" "s"}} {{index .M "k"}} {{.S | eq "s"}} {{index .L 1}}',
    data: { S: 's', M: { k: 'v' }, L: ['a', 'b'] },
    output: 'true v true b',
  },
  {
    name: 'variadic calls: printf piped',
    template: '{{.S | printf "<%s>"}} {{printf "%s:%s" "a" | printf "[%s]"}}',
    data: { S: 's' },
    output: '<s> [a:%!s(MISSING)]',
  },
  {
    name: 'variadic call without its fixed argument',
    template: '{{printf}}',
    data: null,
    error: 'template: t:1:2: executing "t" at <printf>: wrong number of args for printf: want at least 1 got 0',
  },
  {
    name: 'variadic call with a fixed argument of the wrong type',
    template: '{{printf 3}}',
    data: null,
    error: 'template: t:1:9: executing "t" at <3>: expected string; found 3',
  },
  {
    name: 'variadic call with a piped value of the wrong type',
    template: '{{3 | printf}}',
    data: null,
    error: 'template: t:1:6: executing "t" at <printf>: wrong type for value; expected string; got int',
  },
  {
    name: 'truth of maps: empty, with a nil entry, nil',
    template: '{{if .Empty}}E{{else}}e{{end}} {{if .Full}}F{{end}} {{if .NilMap}}N{{else}}n{{end}}',
    data: { Empty: {}, Full: { a: null }, NilMap: { $map: 'string:string', entries: [], nil: true } },
    output: 'e F n',
  },
  {
    name: 'Sprig indent and nindent: blank lines, a leading and a trailing newline, no newline, empty, no pad',
    funcs: 'sprig',
    template: '[{{ indent 2 .A }}][{{ indent 2 .B }}][{{ indent 2 .C }}][{{ nindent 3 .D }}][{{ indent 0 .A }}]',
    data: { A: '\nx\n\ny\n', B: 'plain', C: '', D: 'a\nb' },
    output: '[  \n  x\n  \n  y\n  ][  plain][  ][\n   a\n   b][\nx\n\ny\n]',
  },
  {
    name: "Istio's indent: every line but the first",
    funcs: 'istio',
    template: '[{{ indent 2 .A }}][{{ indent 2 .B }}][{{ indent 2 .C }}][{{ indent 0 .A }}]',
    data: { A: '\nx\n\ny\n', B: 'plain', C: '' },
    output: '[\n  x\n  \n  y\n  ][plain][][\nx\n\ny\n]',
  },
  {
    name: 'quote: one string (escaped), several values, nil, a number, nothing',
    funcs: 'sprig',
    template: '{{ quote .A }} {{ quote .B .C }} {{ quote .N }} {{ quote 1 }} {{ quote }}|',
    data: { A: 'a"b\\c\u00e9\n', B: 'x', C: 'y', N: null },
    output: '"a\\"b\\\\c\u00e9\\n" "x" "y"  "1" |',
  },
];

for (const row of ROWS) {
  test(row.name, async () => {
    const result = await runCase(row, {});
    if (row.error !== undefined) assert.equal(result, { error: row.error });
    else assert.equal(result, { output: row.output });
  });
}

test.run();
