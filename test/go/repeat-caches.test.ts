/**
 * The per-input caches of the hot paths (canonical quantities, MarshalJSON output, the nesting bound of
 * unmarshalYAML11) must answer a repeated call exactly as the first one, failures included. Expected values are those
 * recorded from apimachinery and Go in quantity.test.ts and json.test.ts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { QuantityError, canonicalQuantity } from '../../src/go/quantity.ts';
import { marshal } from '../../src/go/json.ts';
import { T, named, type GoMethod } from '../../src/go/types.ts';
import { GoError, GoValue } from '../../src/go/value.ts';
import { MAX_YAML_DEPTH, YAMLError, unmarshalYAML11, unmarshalYAML11Fast } from '../../src/go/yaml.ts';
import { MAX_FAST_DEPTH, UNSUPPORTED } from '../../src/go/yaml-fast.ts';

const Quantities = suite('canonicalQuantity, asked again');

Quantities('a canonical form is the same on every call', () => {
  for (let i = 0; i < 3; i++) {
    assert.is(canonicalQuantity('2000m'), '2');
    assert.is(canonicalQuantity('1024Mi'), '1Gi');
  }
});

Quantities('an invalid quantity throws every time (failures are not remembered)', () => {
  for (let i = 0; i < 3; i++) {
    assert.throws(
      () => canonicalQuantity('1K'),
      (e: unknown) => e instanceof QuantityError && e.message === "unable to parse quantity's suffix",
    );
  }
});

Quantities.run();

// ---

const Marshalers = suite('marshal through MarshalJSON, asked again');

function jsonMethod(impl: (recv: never) => unknown): GoMethod {
  return { params: [], results: [T.string], error: true, ptr: false, impl };
}

const MJ = named('main.MJ', 'struct', {
  fields: [{ name: 'A', type: T.int }],
  methods: { MarshalJSON: jsonMethod(() => ' { "z" : [1, 2], "h": "<&>" } ') },
});
const BadMJ = named('main.BadMJ', 'struct', { fields: [], methods: { MarshalJSON: jsonMethod(() => '{x}') } });

Marshalers('the compacted, HTML-escaped output is the same on every call', () => {
  for (let i = 0; i < 3; i++) assert.is(marshal(new GoValue(MJ, { A: 1 })), '{"z":[1,2],"h":"\\u003c\\u0026\\u003e"}');
});

Marshalers('invalid MarshalJSON output is an error every time', () => {
  const want = "json: error calling MarshalJSON for type main.BadMJ: invalid character 'x' looking for beginning of object key string";
  for (let i = 0; i < 3; i++) {
    assert.throws(
      () => marshal(new GoValue(BadMJ, {})),
      (e: unknown) => e instanceof GoError && e.message === want,
    );
  }
});

Marshalers.run();

// ---

const Nesting = suite('unmarshalYAML11 nesting limit (cheap bound first, exact scan when it may be exceeded)');

Nesting('flow nesting one past the limit is refused, at its line', () => {
  const text = 'a: 1\n' + '['.repeat(MAX_YAML_DEPTH) + ']'.repeat(MAX_YAML_DEPTH) + '\n';
  assert.throws(
    () => unmarshalYAML11(text),
    (e: unknown) => e instanceof YAMLError && e.line === 2,
  );
});

Nesting('many brackets that never nest deep are fine (the bound is passed, the exact scan clears it)', () => {
  const items = Array.from({ length: MAX_YAML_DEPTH + 100 }, (_, i) => `- [${i}]`);
  const parsed = unmarshalYAML11(items.join('\n') + '\n') as unknown[];
  assert.is(parsed.length, MAX_YAML_DEPTH + 100);
  assert.equal(parsed[7], [7]);
});

Nesting('long leading runs of one line count before the full parser', () => {
  // The anchor takes the text outside the fast reader's subset.
  const text = 'a: &x\n' + ' '.repeat(MAX_YAML_DEPTH) + 'b: 1\n';
  assert.throws(
    () => unmarshalYAML11(text),
    (e: unknown) => e instanceof YAMLError && e.line === 2,
  );
});

Nesting('the fast reader bounds nesting itself: what only looks deep to the pre-scan is read, as Go reads it', () => {
  assert.equal(unmarshalYAML11('a:\n' + ' '.repeat(MAX_YAML_DEPTH) + 'b: 1\n'), { a: { b: 1 } });
  assert.equal(unmarshalYAML11('a: |\n  ' + '['.repeat(MAX_YAML_DEPTH + 1) + '\n'), { a: '['.repeat(MAX_YAML_DEPTH + 1) + '\n' });
});

Nesting('nesting past the fast reader\'s bound is read by the full parser, and refused past the limit', () => {
  const nested = (depth: number): string => Array.from({ length: depth }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n';
  let expected: unknown = 1;
  for (let i = 0; i < MAX_FAST_DEPTH + 10; i++) expected = { k: expected };
  assert.is(unmarshalYAML11Fast(nested(MAX_FAST_DEPTH + 1)), UNSUPPORTED);
  assert.is.not(unmarshalYAML11Fast(nested(MAX_FAST_DEPTH)), UNSUPPORTED);
  assert.equal(unmarshalYAML11(nested(MAX_FAST_DEPTH + 10)), expected);
  const flow = '['.repeat(MAX_FAST_DEPTH + 1) + ']'.repeat(MAX_FAST_DEPTH + 1) + '\n';
  assert.is(JSON.stringify(unmarshalYAML11(flow)), flow.trim());
  assert.throws(
    () => unmarshalYAML11(nested(MAX_YAML_DEPTH + 1)),
    (e: unknown) => e instanceof YAMLError && /nested more than/.test(e.message),
  );
});

Nesting.run();
