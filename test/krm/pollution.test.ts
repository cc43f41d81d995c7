// Prototype-pollution payloads (klona's pollution suite, in our words) against the YAML codec and the KRM helpers:
// a `__proto__` key must become an own property and `constructor.prototype` plain data, on Node and Deno alike.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { annotationsOf, getPlainIn, labelsOf, setAnnotation, setIn } from '../../src/krm/object.ts';
import { run } from '../../src/krm/processor.ts';
import { newDocument, parseStream, parseValue, stringifyDocument, toJS } from '../../src/yaml/codec.ts';
import { testProcessor } from '../fixtures/krm/test-processor.ts';

const PAYLOADS: Record<string, string> = {
  'JSON __proto__': '{"__proto__": {"polluted": "yes"}, "a": 1}',
  'YAML __proto__': '__proto__:\n  polluted: yes\na: 1\n',
  'nested __proto__': 'a:\n  b:\n    __proto__:\n      polluted: yes\n',
  'constructor.prototype': 'constructor:\n  prototype:\n    polluted: yes\n',
  '__proto__ in a list': 'items:\n- __proto__:\n    polluted: yes\n',
  'alias to a __proto__ map': 'x: &p\n  polluted: yes\n__proto__: *p\n',
};

function clean(): void {
  assert.is(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype was polluted');
  assert.is((Object.prototype as Record<string, unknown>)['polluted'], undefined);
  assert.is(([] as unknown as Record<string, unknown>)['polluted'], undefined);
}

const Pollution = suite('pollution: __proto__ and constructor payloads');

for (const [name, text] of Object.entries(PAYLOADS)) {
  Pollution(`toJS: ${name}`, () => {
    const value = toJS(parseStream(text).documents[0]!.doc) as Record<string, unknown>;
    clean();
    assert.is(Object.getPrototypeOf(value), Object.prototype);
    const walk = (v: unknown): void => {
      if (v === null || typeof v !== 'object') return;
      assert.ok(Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v), 'a prototype was replaced');
      for (const child of Object.values(v)) walk(child);
    };
    walk(value);
  });

  Pollution(`parseValue: ${name}`, () => {
    parseValue(text);
    clean();
  });
}

Pollution('a __proto__ key survives as data through toJS and back', () => {
  const value = toJS(parseStream('__proto__:\n  polluted: yes\n').documents[0]!.doc) as Record<string, unknown>;
  assert.ok(Object.hasOwn(value, '__proto__'));
  assert.equal(Object.keys(value), ['__proto__']);
  assert.is(stringifyDocument(newDocument(value)), '__proto__:\n  polluted: "yes"\n');
  clean();
});

Pollution('object helpers: paths, labels and annotations named __proto__ or constructor', () => {
  const item = parseStream('metadata:\n  labels:\n    __proto__: x\n    constructor: y\n  annotations:\n    __proto__: z\n').documents[0]!.doc;
  const labels = labelsOf(item);
  assert.equal(Object.keys(labels), ['__proto__', 'constructor']);
  assert.is(labels['__proto__'], 'x');
  assert.is(annotationsOf(item)['__proto__'], 'z');
  setIn(item, ['spec', '__proto__', 'polluted'], 'yes');
  setIn(item, ['spec', 'constructor', 'prototype', 'polluted'], 'yes');
  setAnnotation(item, '__proto__', 'again');
  clean();
  // (dequal compares `.constructor`, so an own `constructor` key is compared through JSON here.)
  const spec = getPlainIn(item, ['spec']) as Record<string, unknown>;
  assert.equal(Object.keys(spec), ['__proto__', 'constructor']);
  assert.is(JSON.stringify(spec), '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');
});

Pollution('a whole ResourceList with payloads runs through the driver untouched', () => {
  const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: p\n  data:\n    __proto__: "x"\n    constructor: "y"\nfunctionConfig:\n  kind: ConfigMap\n  data:\n    __proto__: "z"\n';
  const out = run(testProcessor, input);
  clean();
  assert.is(out.exitCode, 0);
  assert.is(out.output, input);
});

Pollution.run();
