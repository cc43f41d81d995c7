import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  detectStyle, isYaml11Ambiguous, newDocument, parseStream, parseValue, stringifyDocument, stringifyNode, toJS,
} from '../../src/yaml/codec.ts';
import { parseBlockMap } from '../../src/yaml/codec.ts';
import { yaml } from '../fixtures/krm/support.ts';

// --- parseStream -----------------------------------------------------------------------------------------------------

const Parse = suite('codec: parseStream');

Parse('the document texts concatenate to the whole input', () => {
  const text = yaml`
    # leading comment
    a: 1
    # trailing comment of the first document
    ...
    %YAML 1.2
    ---
    b: 2
    ...
    # after the end marker
    ---
    c: 3
  `;
  const stream = parseStream(text);
  assert.equal(stream.problems, []);
  assert.is(stream.documents.map((d) => d.text).join(''), text);
  assert.is(stream.documents.length, 3);
  assert.is(stream.documents[0]!.text, '# leading comment\na: 1\n# trailing comment of the first document\n...\n');
});

Parse('empty documents have no content', () => {
  const stream = parseStream('---\n---\na: 1\n---\n');
  assert.equal(stream.documents.map((d) => d.hasContent), [false, true, false]);
});

Parse('a comment-only or empty input has no documents', () => {
  assert.is(parseStream('# only a comment\n').documents.length, 0);
  assert.is(parseStream('').documents.length, 0);
});

Parse('errors carry 1-based line and column', () => {
  const stream = parseStream('a: 1\nb: c: d\n');
  assert.is(stream.problems.length, 1);
  const p = stream.problems[0]!;
  assert.is(p.code, 'BLOCK_AS_IMPLICIT_KEY');
  assert.is(p.line, 2);
  assert.is(p.column, 4);
  assert.is(p.message, 'Nested mappings are not allowed in compact mappings');
});

Parse('duplicate keys are errors', () => {
  const stream = parseStream('a: 1\na: 2\n');
  assert.is(stream.problems[0]?.code, 'DUPLICATE_KEY');
  assert.is(stream.problems[0]?.line, 2);
});

Parse('document positions point at the content', () => {
  const stream = parseStream('a: 1\n---\n# c\nb: 2\n');
  assert.equal([stream.documents[1]!.line, stream.documents[1]!.column], [4, 1]);
});

Parse('parseBlockMap reads one block map with its position, and declines anything else', () => {
  const read = parseBlockMap('\n  kind: A # c\n  spec:\n    x: 1\n');
  assert.ok(read);
  assert.equal([read.line, read.column], [2, 3]);
  assert.equal(toJS(read.map), { kind: 'A', spec: { x: 1 } });
  for (const text of ['a: 1\n---\nb: 2\n', '{a: 1}\n', '- a\n', 'a: [\n', 'a: 1\nb: *nope\n', 'a: 1\na: 2\n']) {
    assert.is(parseBlockMap(text), undefined, text);
  }
  // With `flow`, one flow map (a JSON item) and nothing else.
  const json = parseBlockMap('{"kind": "A", "spec": {"x": 1}}', { flow: true });
  assert.ok(json);
  assert.equal(toJS(json.map), { kind: 'A', spec: { x: 1 } });
  for (const text of ['kind: A\n', '{"a": 1}\n---\n{"b": 2}\n', '{"a": 1, "a": 2}']) assert.is(parseBlockMap(text, { flow: true }), undefined, text);
});

Parse.run();

// --- printing --------------------------------------------------------------------------------------------------------

const Print = suite('codec: stringifyDocument');

Print('parsed content prints as written: comments, key order, quoting, block scalars, flow collections', () => {
  const text = yaml`
    # head
    kind: ConfigMap # kind
    apiVersion: v1
    metadata:
      name: 'single'
      labels: {app: web, tier: "front"}
    data:
      script: |
        echo hi
        exit 0

      # before z
      z: plain
      a: "double"
  `;
  const d = parseStream(text).documents[0]!;
  assert.is(stringifyDocument(d.doc, d.style), text);
});

Print('number spellings are kept while the value is unchanged', () => {
  const d = parseStream('mode: 0644\nhex: 0x1F\nexp: 1e3\nplus: +12\nfrac: .5\nver: 1.20\n').documents[0]!;
  assert.is(stringifyDocument(d.doc, d.style), 'mode: 0644\nhex: 0x1F\nexp: 1e3\nplus: +12\nfrac: .5\nver: 1.20\n');
  d.doc.set('mode', 420);
  assert.is(stringifyDocument(d.doc, d.style), 'mode: 420\nhex: 0x1F\nexp: 1e3\nplus: +12\nfrac: .5\nver: 1.20\n');
});

Print('new strings that YAML 1.1 reads as something else are double-quoted', () => {
  const doc = newDocument({});
  for (const s of ['yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', '~', 'null', '0777', '1e3', '1.20', '0b101', '1_000', '0x1F', '.inf', '-.Inf', '.nan', '+12', '']) {
    doc.set(`k${s}`, s);
  }
  const out = stringifyDocument(doc);
  for (const s of ['yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', '~', 'null', '0777', '1e3', '1.20', '0b101', '1_000', '0x1F', '.inf', '-.Inf', '.nan', '+12', '']) {
    assert.ok(out.includes(`k${s}: "${s}"\n`), `${JSON.stringify(s)} should be double-quoted in:\n${out}`);
  }
});

Print('harmless strings stay plain', () => {
  const doc = newDocument({ image: 'nginx:1.25', version: '1.25.3', date: '2024-01-01', word: 'yesterday', port: '8080:80' });
  assert.is(stringifyDocument(doc), 'image: nginx:1.25\nversion: 1.25.3\ndate: 2024-01-01\nword: yesterday\nport: 8080:80\n');
});

Print('a plain yes written by the user stays plain; a changed value is quoted', () => {
  const d = parseStream('a: yes\nb: x\n').documents[0]!;
  assert.is(stringifyDocument(d.doc, d.style), 'a: yes\nb: x\n');
  d.doc.set('b', 'on');
  assert.is(stringifyDocument(d.doc, d.style), 'a: yes\nb: "on"\n');
});

Print('new keys are quoted too', () => {
  assert.is(stringifyDocument(newDocument({ on: 'push' })), '"on": push\n');
});

Print('no anchors for repeated objects, no line folding', () => {
  const shared = { a: 1 };
  const long = 'x '.repeat(100).trim();
  const out = stringifyDocument(newDocument({ one: shared, two: shared, long }));
  assert.is(out, `one:\n  a: 1\ntwo:\n  a: 1\nlong: ${long}\n`);
});

Print('sequence indentation and map indentation follow the document', () => {
  const wide = parseStream('spec:\n    containers:\n        - name: a\n').documents[0]!;
  assert.equal(wide.style, { indent: 4, indentSeq: true, crlf: false });
  wide.doc.setIn(['spec', 'extra'], ['x']);
  assert.is(stringifyDocument(wide.doc, wide.style), 'spec:\n    containers:\n        - name: a\n    extra:\n        - x\n');
  const compact = parseStream('spec:\n  containers:\n  - name: a\n').documents[0]!;
  assert.equal(compact.style, { indent: 2, indentSeq: false, crlf: false });
});

Print('CRLF input gives CRLF output', () => {
  const d = parseStream('a: 1\r\nb: 2\r\n').documents[0]!;
  assert.is(d.style.crlf, true);
  d.doc.set('c', 3);
  assert.is(stringifyDocument(d.doc, d.style), 'a: 1\r\nb: 2\r\nc: 3\r\n');
});

Print('stringifyNode prints a node as its own document', () => {
  const value = parseValue('{a: 1.0, b: null, c: [x]}');
  assert.is(stringifyNode(value.node!), 'a: 1.0\nb: null\nc:\n- x\n');
});

Print.run();

// --- JSON input ------------------------------------------------------------------------------------------------------

const Json = suite('codec: JSON input');

Json('a JSON document is re-styled to block YAML with safe quoting (`n` is a YAML 1.1 boolean)', () => {
  const d = parseStream('{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "yes", "b": "plain", "n": 1.5, "l": ["x", 2], "m": "two\\nlines"}}').documents[0]!;
  assert.is(d.restyled, true);
  assert.is(stringifyDocument(d.doc, d.style), yaml`
    apiVersion: v1
    kind: ConfigMap
    data:
      a: "yes"
      b: plain
      "n": 1.5
      l:
      - x
      - 2
      m: |-
        two
        lines
  `);
});

Json('a flow collection inside a block document keeps its style', () => {
  const d = parseStream('args: ["--a", "--b"]\n').documents[0]!;
  assert.is(d.restyled, false);
  assert.is(stringifyDocument(d.doc, d.style), 'args: ["--a", "--b"]\n');
});

Json.run();

// --- values and toJS -------------------------------------------------------------------------------------------------

const Values = suite('codec: parseValue and toJS');

Values('parseValue gives the value or positioned problems', () => {
  assert.equal(parseValue('a: 1\nb: [x]\n').value, { a: 1, b: ['x'] });
  assert.equal(parseValue('{"k": "v"}').value, { k: 'v' });
  assert.is(parseValue('').value, null);
  const bad = parseValue('a: [1\n');
  assert.is(bad.value, undefined);
  assert.is(bad.problems[0]!.line, 2);
  assert.is(parseValue('a: 1\n---\nb: 2\n').problems[0]!.code, 'MULTIPLE_DOCS');
  assert.equal(parseValue('a: &x [1]\nb: *x\n').value, { a: [1], b: [1] });
  // An anchor with a control character: read by `yaml`, refused when printing; a problem here (FUZZ_SEED=8007).
  const anchored = parseValue('a: 1\nb: &\u0006x\n  c: 1\n');
  assert.is(anchored.problems[0]!.message, 'Anchor "\\u0006x" contains white space or a control character');
  assert.is(anchored.problems[0]!.line, 2);
});

Values('toJS resolves aliases, prints non-string keys, and bounds alias expansion', () => {
  const d = parseStream('base: &b {x: 1}\nuse: *b\n1: one\ntrue: yes\n').documents[0]!;
  assert.equal(toJS(d.doc), { base: { x: 1 }, use: { x: 1 }, 1: 'one', true: 'yes' });
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++) laughs.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`);
  const bomb = parseStream(`${laughs.join('\n')}\n`).documents[0]!;
  assert.throws(() => toJS(bomb.doc), /too many alias expansions/);
  // Refused when parsing since test/robustness (the corpus's alias bombs), before any conversion.
  assert.is(parseValue(`${laughs.join('\n')}\n`).problems[0]!.message, 'Aliases expand more than 1000 times (an alias bomb)');
});

Values('isYaml11Ambiguous', () => {
  for (const s of ['yes', 'Yes', 'YES', 'y', 'Y', 'n', 'N', 'no', 'on', 'Off', 'true', 'FALSE', '~', 'null', 'Null', '', '0777', '0o17', '0x1f', '0b11', '1_000', '1e3', '1.20', '-1', '+1', '.5', '.inf', '-.inf', '.NaN', '+Inf', '0x1p-2']) {
    assert.ok(isYaml11Ambiguous(s), s);
  }
  for (const s of ['nginx:1.25', '1.25.3', '2024-01-01', 'yesno', 'On1', 'inf', 'nan', '8080:80', '1.2.3.4', 'v1']) {
    assert.not.ok(isYaml11Ambiguous(s), s);
  }
});

Values('detectStyle defaults to compact sequences and two spaces', () => {
  const d = parseStream('a: 1\n').documents[0]!;
  assert.equal(detectStyle(d.doc, 'a: 1\n'), { indent: 2, indentSeq: false, crlf: false });
});

Values('cloneNode copies everything; sameNode sees every printed difference', async () => {
  const { cloneNode, sameNode } = await import('../../src/yaml/codec.ts');
  const d = parseStream('# c\na: &x 1 # line\nb: [1, "2"]\nc:\n\n  - d: !!str 3\n    e: |\n      text\n').documents[0]!;
  const copy = cloneNode(d.doc.contents!);
  assert.ok(sameNode(copy, d.doc.contents));
  const again = newDocument();
  again.contents = copy;
  assert.is(stringifyDocument(again, d.style), stringifyDocument(d.doc, d.style));
  d.doc.setIn(['c', 0, 'd'], 'changed');
  assert.not.ok(sameNode(copy, d.doc.contents));
  type Editable = { items: { key: Record<string, unknown>; value: Record<string, unknown> }[]; flow: boolean };
  const fresh = parseStream('a: 1\nb: 2\n').documents[0]!.doc.contents!;
  const edits: ((n: Editable) => void)[] = [
    (n) => (n.items[0]!.value['comment'] = ' new'),
    (n) => (n.items[1]!.value['type'] = 'QUOTE_DOUBLE'),
    (n) => n.items.reverse(),
    (n) => (n.items[1]!.key['spaceBefore'] = true),
    (n) => (n.flow = true),
  ];
  for (const edit of edits) {
    const c = cloneNode(fresh);
    edit(c as unknown as Editable);
    assert.not.ok(sameNode(c, fresh));
  }
});

Values.run();
