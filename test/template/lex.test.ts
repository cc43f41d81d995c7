/**
 * The lexer: token streams for text and actions, trim markers (handled entirely in the lexer), comments, custom
 * delimiters, strings, raw strings, char constants, every number form, keywords, positions and lines, and error
 * items (go-template.md §2).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lexAll, type Item, type LexOptions } from '../../src/template/lex.ts';

function items(input: string, delims: [string, string] = ['', ''], options: LexOptions = {}): string[] {
  return lexAll(input, delims[0], delims[1], options).map((i) => `${i.type}:${i.val}`);
}

const Lex = suite('lexer');

Lex('text only', () => {
  assert.equal(items(''), ['eof:']);
  assert.equal(items('some text'), ['text:some text', 'eof:']);
});

Lex('an action', () => {
  assert.equal(items('a{{.X}}b'), ['text:a', 'leftDelim:{{', 'field:.X', 'rightDelim:}}', 'text:b', 'eof:']);
});

Lex('fields, chains, variables and dot', () => {
  assert.equal(items('{{.A.B $ $x $x.y . (.C).D}}'), [
    'leftDelim:{{',
    'field:.A', 'field:.B', 'space: ',
    'variable:$', 'space: ',
    'variable:$x', 'space: ',
    'variable:$x', 'field:.y', 'space: ',
    'dot:.', 'space: ',
    'leftParen:(', 'field:.C', 'rightParen:)', 'field:.D',
    'rightDelim:}}', 'eof:',
  ]);
});

Lex('declarations, pipes, commas', () => {
  assert.equal(items('{{$i, $e := .L | len}}'), [
    'leftDelim:{{', 'variable:$i', 'char:,', 'space: ', 'variable:$e', 'space: ', 'declare::=', 'space: ',
    'field:.L', 'space: ', 'pipe:|', 'space: ', 'identifier:len', 'rightDelim:}}', 'eof:',
  ]);
  assert.equal(items('{{$x = 1}}').slice(1, 6), ['variable:$x', 'space: ', 'assign:=', 'space: ', 'number:1']);
});

Lex('keywords, bools, nil and identifiers', () => {
  assert.equal(
    items('{{if else end range with define template block break continue nil true false printf}}')
      .filter((s) => !s.startsWith('space')),
    [
      'leftDelim:{{', 'if:if', 'else:else', 'end:end', 'range:range', 'with:with', 'define:define', 'template:template',
      'block:block', 'break:break', 'continue:continue', 'nil:nil', 'bool:true', 'bool:false', 'identifier:printf',
      'rightDelim:}}', 'eof:',
    ],
  );
});

Lex('break and continue are identifiers when functions of those names exist', () => {
  assert.equal(items('{{break}}', ['', ''], { breakOK: false })[1], 'identifier:break');
  assert.equal(items('{{continue}}', ['', ''], { continueOK: false })[1], 'identifier:continue');
});

Lex('trim markers remove adjacent white space, only from the adjacent text', () => {
  assert.equal(items('x \r\n\t{{- 3 -}}\n\n\ty'), ['text:x', 'leftDelim:{{', 'number:3', 'rightDelim:}}', 'text:y', 'eof:']);
  assert.equal(items('a  {{- .A}}  b  {{.B -}}  c'), [
    'text:a', 'leftDelim:{{', 'field:.A', 'rightDelim:}}', 'text:  b  ', 'leftDelim:{{', 'field:.B', 'rightDelim:}}',
    'text:c', 'eof:',
  ]);
  // Text made only of trimmed space disappears.
  assert.equal(items('{{1 -}}  \n  {{- 2}}'), ['leftDelim:{{', 'number:1', 'rightDelim:}}', 'leftDelim:{{', 'number:2', 'rightDelim:}}', 'eof:']);
});

Lex('{{-3}} is a number, not a trim marker', () => {
  assert.equal(items('{{-3}}'), ['leftDelim:{{', 'number:-3', 'rightDelim:}}', 'eof:']);
  assert.equal(items('{{- 3}}'), ['leftDelim:{{', 'number:3', 'rightDelim:}}', 'eof:']);
  assert.equal(items('{{3 -}}'), ['leftDelim:{{', 'number:3', 'rightDelim:}}', 'eof:']);
  assert.equal(items('{{3 - }}').slice(1, 4), ['number:3', 'space: ', 'number:-']);
});

Lex('trim markers accept tab, CR and newline after the minus', () => {
  assert.equal(items('a {{-\t1\n-}} b'), ['text:a', 'leftDelim:{{', 'number:1', 'rightDelim:}}', 'text:b', 'eof:']);
});

Lex('comments produce nothing, their trim markers still trim', () => {
  assert.equal(items('a{{/* c */}}b'), ['text:a', 'text:b', 'eof:']);
  assert.equal(items('a {{- /* multi\nline */ -}} b'), ['text:a', 'text:b', 'eof:']);
  assert.equal(items('a{{/* c */}}b', ['', ''], { emitComment: true }), ['text:a', 'comment:/* c */', 'text:b', 'eof:']);
});

Lex('comment errors', () => {
  assert.equal(items('{{/* c */ .A}}').at(-1), 'error:comment ends before closing delimiter');
  assert.equal(items('{{/* c').at(-1), 'error:unclosed comment');
});

Lex('custom delimiters', () => {
  assert.equal(items('[[.A]] {{.B}}', ['[[', ']]']), ['leftDelim:[[', 'field:.A', 'rightDelim:]]', 'text: {{.B}}', 'eof:']);
  assert.equal(items('a [[- .A -]] b', ['[[', ']]']), ['text:a', 'leftDelim:[[', 'field:.A', 'rightDelim:]]', 'text:b', 'eof:']);
  assert.equal(items('[[/* c */]]x', ['[[', ']]']), ['text:x', 'eof:']);
  assert.equal(items('{{.A}}', ['', '']), ['leftDelim:{{', 'field:.A', 'rightDelim:}}', 'eof:']);
});

Lex('strings, raw strings (may span lines) and char constants', () => {
  assert.equal(items('{{"a\\"b" `r\nx` \'a\' \'\\n\' \'\\x41\'}}').filter((s) => !s.startsWith('space')), [
    'leftDelim:{{', 'string:"a\\"b"', 'rawString:`r\nx`', "charConstant:'a'", "charConstant:'\\n'", "charConstant:'\\x41'",
    'rightDelim:}}', 'eof:',
  ]);
  assert.equal(items('{{"{{"}}')[1], 'string:"{{"');
});

Lex('every number form is lexed as one token', () => {
  const numbers = ['1234', '12_34', '0377', '0o377', '0x1F', '0X1f', '0b101', '1.5', '.5', '1e3', '1.5e-3', '0x1.ep+2', '+0x1.ep+2', '-7', '1i', '2.5i'];
  for (const n of numbers) assert.equal(items(`{{${n}}}`)[1], `number:${n}`, n);
  assert.equal(items('{{1+2i}}')[1], 'complex:1+2i');
  assert.equal(items('{{3k}}').at(-1), 'error:bad number syntax: "3k"');
});

Lex('newlines inside actions are white space', () => {
  assert.equal(items('{{\n"x"\n|\nprintf\n}}').filter((s) => !s.startsWith('space')), [
    'leftDelim:{{', 'string:"x"', 'pipe:|', 'identifier:printf', 'rightDelim:}}', 'eof:',
  ]);
});

Lex('errors end the scan', () => {
  assert.equal(items('{{.A').at(-1), 'error:unclosed action');
  assert.equal(items('{{"abc}}').at(-1), 'error:unterminated quoted string');
  assert.equal(items('{{`abc}}').at(-1), 'error:unterminated raw quoted string');
  assert.equal(items("{{'a}}").at(-1), 'error:unterminated character constant');
  assert.equal(items('{{print (1}}').at(-1), 'error:unclosed left paren');
  assert.equal(items('{{)}}').at(-1), 'error:unexpected right paren');
  assert.equal(items('{{.A€}}').at(-1), "error:bad character U+20AC '€'");
  assert.equal(items('{{\u00a7}}').at(-1), "error:unrecognized character in action: U+00A7 '§'");
  assert.equal(items('{{a:b}}').at(-1), 'error:expected :=');
  assert.equal(items('{{#}}')[1], 'char:#');
});

Lex('Unicode letters are identifier characters', () => {
  assert.equal(items('{{.héllo $ünï}}').slice(1, 4), ['field:.héllo', 'space: ', 'variable:$ünï']);
});

Lex('positions are offsets, lines are 1-based and counted inside raw strings and trimmed text', () => {
  const all: Item[] = lexAll('a\n{{`x\ny`}}\n  {{- .B}}');
  const pick = (type: string): Item | undefined => all.find((i) => i.type === type);
  assert.equal([pick('rawString')?.pos, pick('rawString')?.line], [4, 2]);
  assert.equal([pick('field')?.pos, pick('field')?.line], [18, 4]);
});

Lex('words, spaces and quoted strings scanned in runs end where the per-character rules say', () => {
  // ASCII then Unicode letters; a word ending at a delimiter, a dot, a parenthesis.
  assert.equal(items('{{.ab_1é.c2 (f9x)}}').slice(1, 8), ['field:.ab_1é', 'field:.c2', 'space: ', 'leftParen:(', 'identifier:f9x', 'rightParen:)', 'rightDelim:}}']);
  assert.equal(items('{{"a\\"b\\\\c" "é\\u00e9"}}').slice(1, 4), ['string:"a\\"b\\\\c"', 'space: ', 'string:"é\\u00e9"']);
  assert.equal(items('{{"a\nb"}}').at(-1), 'error:unterminated quoted string');
  assert.equal(items('{{"a\\\nb"}}').at(-1), 'error:unterminated quoted string');
  // Lines counted through multi-line white space inside an action.
  const all: Item[] = lexAll('{{ .A\n\n   .B }}');
  assert.equal(all.filter((i) => i.type === 'field').map((i) => [i.val, i.line]), [['.A', 1], ['.B', 3]]);
});

Lex.run();
