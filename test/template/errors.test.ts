/**
 * Errors: the class (TemplateSyntaxError for parsing, TemplateExecError for execution), the position (line, and
 * for execution the byte column Go prints), the executing template's name and the node, and the Go-shaped message
 * prefix. Positions and prefixes were produced by the reference renderer; the text after the prefix may differ.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TemplateExecError, TemplateSyntaxError, parse } from '../../src/template/mod.ts';
import { decodeTypedJSON } from '../support/typed-json.ts';

interface ErrorRow {
  readonly name: string;
  readonly input: string;
  readonly data: unknown;
  readonly output?: string;
  readonly parse?: { readonly line: number };
  readonly exec?: { readonly line: number; readonly col: number; readonly templateName: string; readonly nodeText: string };
  /** Go's message up to the detail. */
  readonly prefix?: string;
}

const rows: ErrorRow[] = [
  { name: "exec error on line 3", input: "a\nb\n  {{.A.B}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 3, col: 6, templateName: "t", nodeText: ".A.B" }, prefix: "template: t:3:6: executing \"t\" at <.A.B>: " },
  { name: "exec error after unicode", input: "héllo wörld {{.A.B}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 1, col: 18, templateName: "t", nodeText: ".A.B" }, prefix: "template: t:1:18: executing \"t\" at <.A.B>: " },
  { name: "exec error after emoji line 2", input: "x\n😀😀 {{index .L 9}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 11, templateName: "t", nodeText: "index .L 9" }, prefix: "template: t:2:11: executing \"t\" at <index .L 9>: " },
  { name: "exec error in define", input: "{{define \"s\"}}\n\n   {{len 3}}{{end}}{{template \"s\"}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 3, col: 5, templateName: "s", nodeText: "len 3" }, prefix: "template: t:3:5: executing \"s\" at <len 3>: " },
  { name: "exec error in block", input: "x\n{{block \"b\" .}}\n{{.Nope.X}}{{end}}", data: {"Nope": null}, exec: { line: 3, col: 7, templateName: "b", nodeText: ".Nope.X" }, prefix: "template: t:3:7: executing \"b\" at <.Nope.X>: " },
  { name: "exec error in nested template call", input: "{{define \"a\"}}{{template \"b\" .}}{{end}}{{define \"b\"}}\n {{eq 1 \"x\"}}{{end}}{{template \"a\" 1}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 3, templateName: "b", nodeText: "eq 1 \"x\"" }, prefix: "template: t:2:3: executing \"b\" at <eq 1 \"x\">: " },
  { name: "exec error deep pipeline", input: "{{print 1 | printf \"%s %s\" (len .A) | len | eq 1.5}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 1, col: 44, templateName: "t", nodeText: "eq 1.5" }, prefix: "template: t:1:44: executing \"t\" at <eq 1.5>: " },
  { name: "exec error in range body", input: "{{range .L}}\n\t{{.X}}{{end}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 3, templateName: "t", nodeText: ".X" }, prefix: "template: t:2:3: executing \"t\" at <.X>: " },
  { name: "exec error range target", input: "\n\n{{range .A}}{{end}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 3, col: 8, templateName: "t", nodeText: ".A" }, prefix: "template: t:3:8: executing \"t\" at <.A>: " },
  { name: "exec error variable", input: "{{$x := 1}}\n{{$x.Y}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 4, templateName: "t", nodeText: "$x.Y" }, prefix: "template: t:2:4: executing \"t\" at <$x.Y>: " },
  { name: "exec error chain", input: "{{(index .L 0).X}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 1, col: 12, templateName: "t", nodeText: "0" }, prefix: "template: t:1:12: executing \"t\" at <0>: " },
  { name: "exec error template missing", input: "\n{{template \"zz\" .}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 11, templateName: "t", nodeText: "{{template \"zz\" .}}" }, prefix: "template: t:2:11: executing \"t\" at <{{template \"zz\" .}}>: " },
  { name: "exec error nil command", input: "\n  {{nil}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 4, templateName: "t", nodeText: "nil" }, prefix: "template: t:2:4: executing \"t\" at <nil>: " },
  { name: "exec error non-function", input: "{{\n1 2}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 0, templateName: "t", nodeText: "1" }, prefix: "template: t:2:0: executing \"t\" at <1>: " },
  { name: "exec error arg", input: "{{printf\n .L}}", data: {"A": "x", "L": [1, 2]}, exec: { line: 2, col: 1, templateName: "t", nodeText: ".L" }, prefix: "template: t:2:1: executing \"t\" at <.L>: " },
  { name: "parse error line 1", input: "{{.A", data: {"A": "x", "L": [1, 2]}, parse: { line: 1 }, prefix: "template: t:1: " },
  { name: "parse error line 3", input: "a\nb\n{{if}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 3 }, prefix: "template: t:3: " },
  { name: "parse error multi-line action", input: "{{print\n1\n2 )}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 3 }, prefix: "template: t:3: " },
  { name: "parse error unclosed action multi-line", input: "{{print\n1\n", data: {"A": "x", "L": [1, 2]}, parse: { line: 3 }, prefix: "template: t:3: " },
  { name: "parse error unterminated raw", input: "a\n{{`abc\n\n", data: {"A": "x", "L": [1, 2]}, parse: { line: 2 }, prefix: "template: t:2: " },
  { name: "parse error in define", input: "x\n{{define \"a\"}}\n{{.A}}{{end}}\n{{define \"a\"}}y{{end}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 4 }, prefix: "template: t:4: " },
  { name: "parse error undefined var line 2", input: "{{if .A}}\n{{$v}}{{end}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 2 }, prefix: "template: t:2: " },
  { name: "parse error var out of scope", input: "{{if true}}{{$x := 1}}{{end}}\n{{$x}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 2 }, prefix: "template: t:2: " },
  { name: "parse var scope else", input: "{{range $x := .L}}{{else}}{{$x}}{{end}}", data: {"A": "x", "L": [1, 2]}, output: "" },
  { name: "parse var in with else", input: "{{with $x := .A}}{{else}}[{{$x}}]{{end}}", data: {"A": ""}, output: "[]" },
  { name: "parse error eof in range", input: "{{range .L}}\n\n", data: {"A": "x", "L": [1, 2]}, parse: { line: 3 }, prefix: "template: t:3: " },
  { name: "parse error end after else-if", input: "{{if .A}}{{else if .B}}\n{{else}}{{else}}{{end}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 2 }, prefix: "template: t:2: " },
  { name: "parse error bad number line", input: "\n\n\n{{0x}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 4 }, prefix: "template: t:4: " },
  { name: "parse error unexpected EOF in define", input: "{{define \"a\"}}abc", data: {"A": "x", "L": [1, 2]}, parse: { line: 1 }, prefix: "template: t:1: " },
  { name: "parse error comment line", input: "x\n{{/* a\nb */ .A}}", data: {"A": "x", "L": [1, 2]}, parse: { line: 2 }, prefix: "template: t:2: " },
  { name: "parse error unclosed comment", input: "x\n{{/* a\nb", data: {"A": "x", "L": [1, 2]}, parse: { line: 2 }, prefix: "template: t:2: " },
];

function attempt(row: ErrorRow): { output: string } | { error: unknown } {
  try {
    return { output: parse(row.input, { name: 't' }).execute(decodeTypedJSON(row.data)) };
  } catch (error) {
    return { error };
  }
}

const Errors = suite('error positions');

for (const row of rows) {
  Errors(row.name, () => {
    const result = attempt(row);
    if (row.output !== undefined) {
      if ('error' in result) throw result.error;
      assert.is(result.output, row.output);
      return;
    }
    assert.ok('error' in result, 'expected an error');
    const error = (result as { error: unknown }).error;
    if (row.parse) {
      assert.instance(error, TemplateSyntaxError);
      assert.instance(error, SyntaxError);
      const e = error as TemplateSyntaxError;
      assert.is(e.line, row.parse.line);
      assert.is(e.templateName, 't');
    } else if (row.exec) {
      assert.instance(error, TemplateExecError);
      const e = error as TemplateExecError;
      assert.is(e.line, row.exec.line);
      assert.is(e.col, row.exec.col);
      assert.is(e.templateName, row.exec.templateName);
      assert.is(e.parseName, 't');
      assert.is(e.nodeText, row.exec.nodeText);
    }
    assert.ok((error as Error).message.startsWith(row.prefix ?? ''), `${(error as Error).message} should start with ${row.prefix}`);
  });
}

Errors('an error a function returns is reported as "error calling f: …" with the function error as cause', () => {
  try {
    parse('{{index .L 3}}', { name: 'n' }).execute({ L: [] });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, TemplateExecError);
    const err = e as TemplateExecError;
    assert.is(err.detail, 'error calling index: index out of range: 3');
    assert.instance(err.cause, Error);
  }
});

Errors('exceptions thrown by a function become errors, never raw TypeErrors', () => {
  const bad = { params: [], results: [], error: true, impl: () => (null as unknown as { x: number }).x };
  const tmpl = parse('{{bad}}', { funcs: { bad } });
  assert.throws(() => tmpl.execute(null), (e: unknown) => e instanceof TemplateExecError && /error calling bad: /.test(e.message));
});

Errors('executeTemplate of an unknown name', () => {
  assert.throws(() => parse('x').executeTemplate('nope', null), (e: unknown) => e instanceof TemplateExecError && /no template "nope"/.test(e.message));
});

Errors.run();
