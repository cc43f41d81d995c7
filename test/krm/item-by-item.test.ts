/**
 * Reading, processing and writing a ResourceList item by item (src/krm/split.ts, `readSplit` and `sealItem` in
 * src/krm/resource-list.ts) gives exactly the output of reading and writing the list whole: the same bytes, results,
 * exit code and stderr, on Istio's golden inputs (wide and compact layouts), on inputs with comments, block scalars,
 * existing results and duplicates, and when a processor fails on an item or changes an orchestrator annotation.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { splitList } from '../../src/krm/split.ts';
import { splitJSONList } from '../../src/krm/split-json.ts';
import { read, rereader } from '../../src/krm/resource-list.ts';
import { run } from '../../src/krm/processor.ts';
import type { Processor } from '../../src/krm/processor.ts';
import { getAnnotation, setIn } from '../../src/krm/object.ts';
import { actionProcessor } from '../../src/inject/action.ts';
import { sharedPath } from '../support/shared.ts';
import { caseFunctionConfig, loadCases, prepareCase } from '../support/istio-cases.ts';
import { yaml } from '../fixtures/krm/support.ts';

const split = suite('item by item: splitting the text');

const COMPACT = yaml`
  apiVersion: config.kubernetes.io/v1
  kind: ResourceList
  items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: a # a comment
    data:
      text: |
        line one

        line three
  - apiVersion: v1
    kind: Service
    metadata:
      name: b
  functionConfig:
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: config
`;

split('finds the items of a compact list, each a block map in its own columns', () => {
  const found = splitList(COMPACT);
  assert.ok(found);
  assert.is(found.itemColumn, 0);
  assert.equal(found.items.map((i) => i.line), [4, 13]);
  assert.ok(found.items[0]!.text.startsWith('  apiVersion: v1\n  kind: ConfigMap\n'));
  assert.ok(found.items[0]!.text.endsWith('      line three\n'));
  assert.is(found.items[1]!.text, '  apiVersion: v1\n  kind: Service\n  metadata:\n    name: b\n');
  assert.is(found.containerText, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: config\n');
  assert.is(COMPACT.slice(found.cutAt, found.cutAt + found.cutLength).split('\n')[0], '- apiVersion: v1');
});

split('finds the items of a wide list', () => {
  const found = splitList('kind: List\napiVersion: v1\nitems:\n  - kind: A\n    metadata:\n      name: a\n  - kind: B\n');
  assert.ok(found);
  assert.is(found.itemColumn, 2);
  assert.equal(found.items.map((i) => i.text), ['    kind: A\n    metadata:\n      name: a\n', '    kind: B\n']);
});

split('a `*` inside a block scalar is text, not an alias: the list is still split', () => {
  const templates = 'kind: List\nitems:\n- kind: ConfigMap\n  data:\n    config: |\n      {{- /* a comment */}}\n      cron: */5 * * * *\n- kind: B\n';
  assert.is(splitList(templates)?.items.length, 2);
  // After the block scalar ends, an alias is an alias again.
  assert.is(splitList(`${templates}  y: *a\n`), undefined);
});

const REFUSED: readonly (readonly [string, string])[] = [
  ['a comment line between items', 'kind: List\nitems:\n- kind: A\n# between\n- kind: B\n'],
  ['a comment ending an item', 'kind: List\nitems:\n- kind: A\n  # trailing\n- kind: B\n'],
  ['a blank line before an item', 'kind: List\nitems:\n- kind: A\n\n- kind: B\n'],
  ['a blank line after the last item', 'kind: List\nitems:\n- kind: A\n\nmetadata: {}\n'],
  ['an alias (it may point into another item)', 'kind: List\nitems:\n- kind: A\n  x: &a 1\n- kind: B\n  y: *a\n'],
  ['a document marker', '---\nkind: List\nitems:\n- kind: A\n'],
  ['CRLF line ends', 'kind: List\r\nitems:\r\n- kind: A\r\n'],
  ['a collection before the items', 'kind: List\nmetadata:\n  name: x\nitems:\n- kind: A\n'],
  ['a comment on the item line', 'kind: List\nitems:\n- # c\n  kind: A\n'],
  ['a flow item', 'kind: List\nitems:\n- {kind: A}\n'],
  ['a scalar item', 'kind: List\nitems:\n- a\n'],
  ['items in two columns', 'kind: List\nitems:\n  - kind: A\n- kind: B\n'],
  ['no items', 'kind: List\nitems:\n'],
  ['flow items', 'kind: List\nitems: []\n'],
];

for (const [what, text] of REFUSED) {
  split(`leaves the text whole with ${what}`, () => {
    assert.is(splitList(text), undefined);
  });
}

split.run();

// --- the same output either way --------------------------------------------------------------------------------------

const same = suite('item by item: the same output as reading the list whole');

/** A processor that sets one field of every item it is given, and reads nothing else. */
function setting(name: string, path: string[], value: string): Processor<unknown> {
  return {
    name,
    itemsIndependent: () => true,
    processItem(item) {
      setIn(item, path, value);
    },
  };
}

function assertSameRun(processor: Processor<unknown>, text: string, label: string): ReturnType<typeof run> {
  const byItem = run(processor, text);
  const whole = run(processor, text, { itemByItem: false });
  assert.is(byItem.output, whole.output, `${label}: output`);
  assert.is(byItem.exitCode, whole.exitCode, `${label}: exit code`);
  assert.is(byItem.stderr, whole.stderr, `${label}: stderr`);
  assert.equal(byItem.results, whole.results, `${label}: results`);
  return byItem;
}

const casesFile = sharedPath('conformance/istio/cases.json', "Istio's golden injection cases");

same("Istio's golden inputs, in wide and compact lists", () => {
  if (!casesFile) return;
  const dir = dirname(casesFile);
  let compared = 0;
  for (const c of loadCases(casesFile)) {
    const prepared = prepareCase(dir, c);
    const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: prepared.items, functionConfig: caseFunctionConfig(prepared) };
    for (const indentSeq of [true, false]) {
      const text = stringify(list, { indentSeq });
      if (prepared.items.length > 0) assert.ok(splitList(text), `${c.id}: the list is split`);
      assertSameRun(actionProcessor as Processor<unknown>, text, `${c.id} (indentSeq ${indentSeq})`);
      compared++;
    }
  }
  assert.ok(compared >= 200, `compared ${compared} runs`);
});

same('comments, block scalars, quoting, existing results, duplicates and untouched items', () => {
  const text = yaml`
    # The package.
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web # the web tier
        annotations:
          note: 'single quoted'
          internal.config.kubernetes.io/index: '0'
      spec:
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: "nginx:1.25"
              args: [--port, "8080"]
              command:
              - sh
              - -c
              - |
                echo one

                echo three
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: untouched
      data:
        octal: 0644
        yes: yes
        spaced:    as written
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers:
            - name: web
              image: nginx
    results:
    - message: from an earlier function
      severity: info
  `;
  assert.ok(splitList(text));
  const outcome = assertSameRun(actionProcessor as Processor<unknown>, text, 'mixed');
  assert.is(outcome.exitCode, 1, 'the duplicate Deployment is an error');
  assert.ok(outcome.output.includes('  data:\n    octal: 0644\n    yes: yes\n    spaced:    as written\n'), 'the untouched ConfigMap keeps its text');
  assert.ok(outcome.output.includes('name: web # the web tier'), 'comments stay');
});

same('an item whose processing fails is written back as read', () => {
  const failing: Processor<unknown> = {
    name: 'failing',
    itemsIndependent: () => true,
    processItem(item) {
      setIn(item, ['metadata', 'labels', 'touched'], 'yes');
      if (getAnnotation(item, 'fail') === 'true') throw new Error('boom');
    },
  };
  const text = yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
        annotations:
          fail: "true"   # kept as written
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: b
  `;
  const outcome = assertSameRun(failing, text, 'failing');
  assert.is(outcome.exitCode, 1);
  assert.ok(outcome.output.includes('      fail: "true"   # kept as written\n'), outcome.output);
  assert.ok(outcome.output.includes('    name: b\n    labels:\n      touched: "yes"\n'), outcome.output);
});

same('a key after the items aliasing an anchor inside one (FUZZ_SEED=1005): read whole, nothing written early', () => {
  const labelling = setting('labelling', ['metadata', 'labels', 'touched'], 'yes');
  const text = yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
      data: &shared
        k: v
    x: *shared
  `;
  const outcome = assertSameRun(labelling, text, 'alias after the items');
  assert.is(outcome.exitCode, 0, outcome.stderr);
  assert.ok(outcome.output.includes('  data: &shared\n    k: v\nx: *shared\n'), outcome.output);
  // Untouched, the item keeps its text, anchor included, and the alias still resolves.
  const untouched = assertSameRun({ name: 'none', itemsIndependent: () => true, processItem() {} }, text, 'untouched');
  assert.is(untouched.exitCode, 0, untouched.stderr);
});

same('a change that keeps the shape of an item (same sizes) is still a change', () => {
  const swapping = setting('swapping', ['data', 'a'], 'z');
  const text = yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
      data:
        a: x
        b:    spaced
  `;
  const outcome = assertSameRun(swapping, text, 'swapping');
  assert.ok(outcome.output.includes('    a: z\n    b: spaced\n'), outcome.output);
});

same('an orchestrator annotation a processor changes is put back, with a warning', () => {
  const meddling = setting('meddling', ['metadata', 'annotations', 'internal.config.kubernetes.io/index'], '9');
  const text = yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
        annotations:
          internal.config.kubernetes.io/index: '0'
  `;
  const outcome = assertSameRun(meddling, text, 'meddling');
  assert.ok(outcome.output.includes("internal.config.kubernetes.io/index: '0'"));
  assert.is(outcome.results.length, 1);
});

same('the demo package of examples/', () => {
  const demo = readFileSync(join(process.cwd(), 'examples/demo/shop.yaml'), 'utf8');
  const items = demo.split(/^---\n/m).filter((d) => d.trim() !== '');
  const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.map((d) => `- ${d.trimEnd().replace(/\n/g, '\n  ')}\n`).join('')}`;
  assertSameRun(actionProcessor as Processor<unknown>, text, 'demo');
});

same("Istio's golden inputs as JSON Lists and ResourceLists, compact and as kubectl prints them", () => {
  if (!casesFile) return;
  const dir = dirname(casesFile);
  let compared = 0;
  for (const c of loadCases(casesFile)) {
    const prepared = prepareCase(dir, c);
    if (prepared.items.length === 0) continue;
    const lists = [
      { apiVersion: 'v1', kind: 'List', items: prepared.items },
      { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: prepared.items, functionConfig: caseFunctionConfig(prepared) },
    ];
    for (const list of lists) {
      for (const indent of [undefined, 4]) {
        const text = `${JSON.stringify(list, null, indent)}\n`;
        assert.ok(splitJSONList(text), `${c.id}: the JSON list is split`);
        const read_ = read(text);
        assert.ok(read_.ok && read_.list.items.every((item) => rereader(item) !== undefined), `${c.id}: every item is read on its own`);
        assertSameRun(actionProcessor as Processor<unknown>, text, `${c.id} (${list.kind}, JSON indent ${indent})`);
        compared++;
      }
    }
  }
  assert.ok(compared >= 200, `compared ${compared} runs`);
});

same('JSON: escapes and brackets in strings, numbers as written, duplicates, results, a duplicate key', () => {
  const text = String.raw`{
    "apiVersion": "config.kubernetes.io/v1",
    "kind": "ResourceList",
    "items": [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "odd"}, "data": {"a": "}{][\\\"", "b": "yes", "c": "1.0", "n": null, "u": "\u00e9\t"}, "x": 1.50, "y": 1e3, "z": -0},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx"}]}}}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
    ],
    "results": [{"message": "from an earlier function", "severity": "info"}]
}
`;
  assert.ok(splitJSONList(text));
  const read_ = read(text);
  assert.ok(read_.ok && read_.list.items.every((item) => rereader(item) !== undefined), 'every item is read on its own');
  const outcome = assertSameRun(actionProcessor as Processor<unknown>, text, 'JSON mixed');
  assert.is(outcome.exitCode, 1, 'the duplicate Deployment is an error');
  assert.ok(outcome.output.includes(String.raw`a: '}{][\"'` + '\n'), 'the string with brackets and escapes');
  assert.ok(outcome.output.includes('x: 1.50\n  "y": 1e3\n  z: -0\n'), 'numbers keep their spelling');
  // An item with a duplicate key: the list is read whole, for the exact message.
  const duplicateKey = text.replace('{"name": "odd"}', '{"name": "odd", "name": "again"}');
  const failed = assertSameRun(actionProcessor as Processor<unknown>, duplicateKey, 'JSON duplicate key');
  assert.match(failed.stderr, /Map keys must be unique/);
});

same.run();

const json = suite('item by item: splitting a JSON list');

json('finds the items, their lines and columns, and empties the items array of the container', () => {
  const text = '{"kind": "List", "apiVersion": "v1",\n "items": [{"a": "}"}, {"b": [1, {"c": "\\""}]},\n  {"d": {}}], "z": 1}\n';
  const found = splitJSONList(text);
  assert.ok(found);
  assert.equal(found.items.map((i) => i.text), ['{"a": "}"}', '{"b": [1, {"c": "\\""}]}', '{"d": {}}']);
  assert.equal(found.items.map((i) => [i.line, i.column]), [[2, 11], [2, 23], [3, 2]]);
  assert.ok(found.items.every((i) => text.startsWith(i.text, i.start)));
  assert.is(found.containerText, '{"kind": "List", "apiVersion": "v1",\n "items": [], "z": 1}\n');
  assert.is(text.slice(found.cutAt, found.cutAt + found.cutLength), found.items.map((i) => i.text).join(', ').replace('}, {"d"', '},\n  {"d"'));
});

json('leaves everything else to the whole-text parse', () => {
  const refused = [
    '{"kind": "List", "items": []}',
    '{"kind": "List", "items": [1, 2]}',
    '{"kind": "List", "items": [{"a": 1}], "items": [{"b": 2}]}',
    '{"kind": "List"}',
    '[{"kind": "List", "items": [{"a": 1}]}]',
    '{"kind": "List", "items": [{"a": 1}]} trailing',
    '{"kind": "List", "items": [{"a": 1}]}\n---\n{"kind": "List"}',
    '{"kind": "List", "items": [{"a": 1,}]}',
    '{"kind": "List", "items": [{a: 1}]}',
    '{"kind": "List", "items": [{"a": \'b\'}]}',
    '{"kind": "List",\t"items": [{"a": 1}]}',
    '{"kind": "List",\r\n"items": [{"a": 1}]}',
    '{"kind": "List", "items": [{"a": "line\nbreak"}]}',
    '{"kind": "List", "items": [{"a": 1}]',
    '{"kind": "List", "items": [{"a": [1}]}',
    '# a comment\n{"kind": "List", "items": [{"a": 1}]}',
    'kind: List\nitems:\n- a: 1\n',
  ];
  for (const text of refused) assert.is(splitJSONList(text), undefined, text);
});

json.run();
