import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getStringIn, kindOf, nameOf, setAnnotation } from '../../src/krm/object.ts';
import { itemPosition, joinDocuments, read, startsWithDocumentMarker, write } from '../../src/krm/resource-list.ts';
import type { ResourceList } from '../../src/krm/resource-list.ts';
import { errorResult } from '../../src/krm/result.ts';
import { newDocument } from '../../src/yaml/codec.ts';
import { yaml } from '../fixtures/krm/support.ts';

function readOk(text: string, options = {}): ResourceList {
  const outcome = read(text, options);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.list;
}

function readError(text: string, options = {}): string {
  const outcome = read(text, options);
  if (outcome.ok) throw new Error('expected a read error');
  return outcome.error.message;
}

const RESOURCE_LIST = yaml`
  apiVersion: config.kubernetes.io/v1
  kind: ResourceList
  items:
  - # top comment
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web # name comment
      annotations:
        internal.config.kubernetes.io/seqindent: 'wide'
        config.kubernetes.io/path: 'deploy.yaml'
    spec:
      x-unknown-field: {keep: me}
      replicas: 0003
      template:
        spec:
          containers:
          - name: app
            image: "nginx:1.25"
            args: ['--a', "--b"]
  - apiVersion: v1
    kind: Service
    metadata:
      name: svc
  functionConfig:
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: function-input
    data: {}
`;

// --- ResourceList ----------------------------------------------------------------------------------------------------

const RL = suite('resource-list: ResourceList');

RL('reads items in order, the functionConfig and the shape', () => {
  const list = readOk(RESOURCE_LIST);
  assert.is(list.wrapping, 'ResourceList');
  assert.is(list.apiVersion, 'config.kubernetes.io/v1');
  assert.equal(list.items.map((i) => `${kindOf(i)}/${nameOf(i)}`), ['Deployment/web', 'Service/svc']);
  assert.is(kindOf(list.functionConfig!), 'ConfigMap');
  assert.equal(list.results, []);
  assert.equal(itemPosition(list.items[1]!), { line: 21, column: 3 });
});

RL('an unchanged list is written back byte for byte', () => {
  assert.is(write(readOk(RESOURCE_LIST)), RESOURCE_LIST);
});

RL('an edit changes only its lines; comments (also `- # top comment`), key order, quoting, unknown fields and number spellings stay', () => {
  const list = readOk(RESOURCE_LIST);
  setAnnotation(list.items[0]!, 'example.com/enabled', 'yes');
  const expected = RESOURCE_LIST.replace(
    "      config.kubernetes.io/path: 'deploy.yaml'\n",
    "      config.kubernetes.io/path: 'deploy.yaml'\n      example.com/enabled: \"yes\"\n",
  );
  assert.is.not(expected, RESOURCE_LIST);
  assert.is(write(list), expected);
});

RL('new results follow the existing ones', () => {
  const text = yaml`
    apiVersion: config.kubernetes.io/v1beta1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: c
    results:
    - message: from an earlier function
      severity: warning
  `;
  const list = readOk(text);
  assert.is(list.apiVersion, 'config.kubernetes.io/v1beta1');
  assert.equal(list.results, [{ message: 'from an earlier function', severity: 'warning' }]);
  const out = write(list, [errorResult('broken', list.items[0]!, { field: { path: 'data.x', currentValue: 'on', proposedValue: 1 } })]);
  assert.is(out, text + yaml`
    - message: broken
      severity: error
      resourceRef:
        apiVersion: v1
        kind: ConfigMap
        name: c
      field:
        path: data.x
        currentValue: "on"
        proposedValue: 1
  `);
});

RL('results are added at the end when there were none', () => {
  const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
  const list = readOk(text);
  assert.is(write(list, [{ message: 'hello', severity: 'info' }]), `${text}results:\n- message: hello\n  severity: info\n`);
});

RL('missing items means an empty list, written as items: []', () => {
  const list = readOk('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig:\n  kind: ConfigMap\n');
  assert.equal(list.items, []);
  assert.is(write(list), 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  kind: ConfigMap\n');
});

RL('items added by a processor are printed in block style', () => {
  const list = readOk('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
  list.items.push(newDocument({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'on' } }));
  assert.is(write(list), 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: "on"\n');
});

RL('a JSON ResourceList is answered in block YAML', () => {
  const text = '{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"yes","n":"1"}}]}';
  const list = readOk(text);
  assert.is(list.wrapping, 'ResourceList');
  assert.is(write(list), yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: c
      data:
        k: "yes"
        "n": "1"
  `);
});

RL.run();

// --- List and stream -------------------------------------------------------------------------------------------------

const Shapes = suite('resource-list: List and stream');

Shapes('a List keeps its shape', () => {
  const text = yaml`
    apiVersion: v1
    kind: List
    metadata: {}
    items:
    - apiVersion: v1
      kind: Pod
      metadata:
        name: p
  `;
  const list = readOk(text);
  assert.is(list.wrapping, 'List');
  assert.is(list.items.length, 1);
  assert.is(write(list), text);
  setAnnotation(list.items[0]!, 'a', 'b');
  assert.is(write(list), text + '    annotations:\n      a: b\n');
});

const STREAM = [
  '# Source: chart/templates/a.yaml\n',
  'apiVersion: v1\n',
  'kind: ConfigMap\n',
  'metadata:\n',
  '    name:   a   # odd spacing is kept\n',
  'data: {k: "v",   other: x}\n',
  '---\n',
  '\n',
  '# Source: chart/templates/b.yaml\n',
  'apiVersion: apps/v1\n',
  'kind: Deployment\n',
  'metadata:\n',
  '    name: b\n',
  'spec:\n',
  '    template:\n',
  '        spec:\n',
  '            containers:\n',
  '                - name: app\n',
  '                  image: app:1.0\n',
  '...\n',
  '---\n',
  '---\n',
  'apiVersion: v1\n',
  'kind: Service\n',
  'metadata: {name: c}\n',
].join('');

Shapes('an unchanged stream is written back byte for byte (comments, spacing, markers, empty documents)', () => {
  const list = readOk(STREAM);
  assert.is(list.wrapping, 'stream');
  assert.equal(list.items.map((i) => nameOf(i)), ['a', 'b', 'c']);
  assert.is(write(list), STREAM);
});

Shapes('only the changed document is printed anew, with its own indentation', () => {
  const list = readOk(STREAM);
  setAnnotation(list.items[1]!, 'sidecar.istio.io/status', '{"a":1}');
  const expected = STREAM.replace('    name: b\n', '    name: b\n    annotations:\n        sidecar.istio.io/status: \'{"a":1}\'\n');
  assert.is(write(list), expected);
});

Shapes('removing, reordering and adding documents keeps the separators right', () => {
  const list = readOk('a: 1\n---\nb: 2\n---\nc: 3\n');
  const [a, b, c] = list.items;
  list.items = [c!, a!, newDocument({ d: 4 })];
  assert.is(write(list), '---\nc: 3\n---\na: 1\n---\nd: 4\n');
  list.items = [b!];
  assert.is(write(list), '---\nb: 2\n');
});

Shapes('a last document without a final newline stays so', () => {
  assert.is(write(readOk('a: 1\n---\nb: 2')), 'a: 1\n---\nb: 2');
});

Shapes('CRLF documents stay CRLF, also when changed', () => {
  const text = 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n';
  const list = readOk(text);
  assert.is(write(list), text);
  setAnnotation(list.items[0]!, 'k', 'v');
  assert.is(write(list), 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n  annotations:\r\n    k: v\r\n');
});

Shapes('JSON documents of a stream are answered in block YAML', () => {
  const list = readOk('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}\n');
  assert.is(write(list), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: j\n');
});

Shapes('a multi-document stream with a List inside is a stream of items', () => {
  const list = readOk('apiVersion: v1\nkind: List\nitems: []\n---\na: 1\n');
  assert.is(list.wrapping, 'stream');
  assert.is(list.items.length, 2);
});

Shapes('joinDocuments and startsWithDocumentMarker', () => {
  assert.is(joinDocuments(['a: 1', 'b: 2\n', '# c\n---\nc: 3\n']), 'a: 1\n---\nb: 2\n# c\n---\nc: 3\n');
  assert.ok(startsWithDocumentMarker('# x\n\n--- # y\n'));
  assert.ok(startsWithDocumentMarker('%YAML 1.2\n---\n'));
  assert.not.ok(startsWithDocumentMarker('----\n'));
  assert.not.ok(startsWithDocumentMarker('a: 1\n---\n'));
});

Shapes.run();

// --- errors ----------------------------------------------------------------------------------------------------------

const Errors = suite('resource-list: unreadable input');

Errors('empty input', () => {
  assert.is(readError(''), 'Cannot read stdin: the input is empty (expected a ResourceList, a List or YAML documents)');
  assert.is(readError('# just a comment\n---\n'), 'Cannot read stdin: the input is empty (expected a ResourceList, a List or YAML documents)');
  assert.equal(readOk('', { allowEmpty: true }).items, []);
});

Errors('malformed YAML and JSON name the line and column', () => {
  assert.is(readError('a: 1\nb: c: d\n'), 'Cannot read stdin: line 2, column 4: Nested mappings are not allowed in compact mappings');
  assert.is(readError('{"a": 1,, "b": 2}', { source: 'in.json' }).startsWith('Cannot read in.json: line 1, column 9: '), true);
});

Errors('items that are not maps', () => {
  assert.is(
    readError('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- 42\n'),
    'Cannot read stdin: line 4, column 3: items[0] is not a map (found number 42)',
  );
  assert.is(readError('a: 1\n---\n- x\n'), 'Cannot read stdin: line 3, column 1: document 2 is not a map (found a list)');
  assert.is(readError('just text\n'), 'Cannot read stdin: line 1, column 1: the document is not a map (found string "just text")');
});

Errors('malformed ResourceList fields', () => {
  assert.is(
    readError('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}\n'),
    'Cannot read stdin: line 3, column 8: items is not a list (found a map)',
  );
  assert.is(
    readError('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: [x]\n'),
    'Cannot read stdin: line 4, column 17: functionConfig is not a map (found a list)',
  );
  assert.is(
    readError('apiVersion: example.com/v1\nkind: ResourceList\nitems: []\n'),
    'Cannot read stdin: line 1, column 1: unsupported ResourceList apiVersion "example.com/v1" (expected "config.kubernetes.io/v1" or "config.kubernetes.io/v1beta1")',
  );
});

Errors('pathological nesting is reported, not a crash', () => {
  for (const text of ['['.repeat(20000), `${'- '.repeat(20000)}x`]) {
    const outcome = read(text);
    assert.not.ok(outcome.ok);
    if (!outcome.ok) assert.match(outcome.error.message, /^Cannot read stdin: line 1, column \d+: /);
  }
});

Errors('field helpers still work on items of a read list', () => {
  const list = readOk(RESOURCE_LIST);
  assert.is(getStringIn(list.items[0]!, ['spec', 'template', 'spec', 'containers', 0, 'image']), 'nginx:1.25');
});

Errors.run();
