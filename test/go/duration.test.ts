import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  durationRepToNanos,
  durationToProtoJSON,
  formatGoDuration,
  nanosToDurationRep,
  parseGoDuration,
  parseProtoJSONDuration,
} from '../../src/go/duration.ts';

// Expected values printed by real Go 1.19 (time.ParseDuration, time.Duration.String).
/** [input, nanoseconds, String() of the result, error]. */
const PARSE: [string, string | null, string | null, string | null][] = [
  ['23s', '23000000000', '23s', null],
  ['1.5s', '1500000000', '1.5s', null],
  ['100ms', '100000000', '100ms', null],
  ['1m30s', '90000000000', '1m30s', null],
  ['1h2m3.5s', '3723500000000', '1h2m3.5s', null],
  ['0', '0', '0s', null],
  ['-0', '0', '0s', null],
  ['+5s', '5000000000', '5s', null],
  ['-1.5h', '-5400000000000', '-1h30m0s', null],
  ['1.000000001s', '1000000001', '1.000000001s', null],
  ['0.0000000001s', '0', '0s', null],
  ['.5s', '500000000', '500ms', null],
  ['5.s', '5000000000', '5s', null],
  ['1h1h', '7200000000000', '2h0m0s', null],
  ['2562047h47m16.854775807s', '9223372036854775807', '2562047h47m16.854775807s', null],
  ['2562047h47m16.854775808s', null, null, 'time: invalid duration "2562047h47m16.854775808s"'],
  ['-2562047h47m16.854775808s', '-9223372036854775808', '-2562047h47m16.854775808s', null],
  ['1', null, null, 'time: missing unit in duration "1"'],
  ['', null, null, 'time: invalid duration ""'],
  ['s', null, null, 'time: invalid duration "s"'],
  ['1x', null, null, 'time: unknown unit "x" in duration "1x"'],
  ['1µs', '1000', '1µs', null],
  ['1μs', '1000', '1µs', null],
  ['1us', '1000', '1µs', null],
  ['3ns', '3', '3ns', null],
  ['1.23456789012345678901s', '1234567890', '1.23456789s', null],
  ['1 s', null, null, 'time: unknown unit " s" in duration "1 s"'],
  ['-', null, null, 'time: invalid duration "-"'],
  ['.s', null, null, 'time: invalid duration ".s"'],
  ['9223372036854775807ns', '9223372036854775807', '2562047h47m16.854775807s', null],
  ['9223372036854775808ns', null, null, 'time: invalid duration "9223372036854775808ns"'],
  ['0.1h', '360000000000', '6m0s', null],
  ['1e3s', null, null, 'time: unknown unit "e" in duration "1e3s"'],
  ['1.0000000005s', '1000000000', '1s', null],
];

/** [nanoseconds, time.Duration(n).String()]. */
const FORMAT: [string, string][] = [
  ['0', '0s'],
  ['1', '1ns'],
  ['999', '999ns'],
  ['1000', '1µs'],
  ['1500', '1.5µs'],
  ['999999', '999.999µs'],
  ['1000000', '1ms'],
  ['1500000', '1.5ms'],
  ['500000000', '500ms'],
  ['999999999', '999.999999ms'],
  ['1000000000', '1s'],
  ['1500000000', '1.5s'],
  ['23000000000', '23s'],
  ['90000000000', '1m30s'],
  ['3723500000000', '1h2m3.5s'],
  ['3600000000000', '1h0m0s'],
  ['-1', '-1ns'],
  ['-1500000000', '-1.5s'],
  ['9223372036854775807', '2562047h47m16.854775807s'],
  ['-9223372036854775808', '-2562047h47m16.854775808s'],
  ['86400000000000', '24h0m0s'],
  ['60000000000', '1m0s'],
];

const parse = suite('time.ParseDuration');

for (const [input, nanos, str, err] of PARSE) {
  parse(JSON.stringify(input), () => {
    if (err !== null) {
      assert.throws(() => parseGoDuration(input), (e: Error) => e.message === err);
      return;
    }
    const d = parseGoDuration(input);
    assert.is(d.toString(), nanos);
    assert.is(formatGoDuration(d), str);
  });
}

parse.run();

const format = suite('time.Duration.String');

for (const [nanos, str] of FORMAT) {
  format(nanos, () => assert.is(formatGoDuration(BigInt(nanos)), str));
}

format('formatDuration of a Duration rep (nil is 0s)', () => {
  // go-template.md §9 formatDuration: `23s`, `1m30s`, `1h2m3.5s`, `500ms`, `0s`.
  assert.is(formatGoDuration(durationRepToNanos({ seconds: 23 })), '23s');
  assert.is(formatGoDuration(durationRepToNanos({ seconds: 90 })), '1m30s');
  assert.is(formatGoDuration(durationRepToNanos({ seconds: 3723, nanos: 500000000 })), '1h2m3.5s');
  assert.is(formatGoDuration(durationRepToNanos({ nanos: 500000000 })), '500ms');
  assert.is(formatGoDuration(durationRepToNanos(null)), '0s');
});

format.run();

const proto = suite('protobuf Duration JSON');

proto('jsonpb prints seconds with 0, 3, 6 or 9 fraction digits (reference: real Go jsonpb)', () => {
  const cases: [string, string][] = [
    ['23s', '23s'],
    ['1.5s', '1.500s'],
    ['100ms', '0.100s'],
    ['1m30s', '90s'],
    ['1.000001s', '1.000001s'],
    ['-1.5s', '-1.500s'],
    ['1ns', '0.000000001s'],
    ['0s', '0s'],
  ];
  for (const [input, out] of cases) assert.is(durationToProtoJSON(nanosToDurationRep(parseGoDuration(input))), out, input);
});

proto('jsonpb refuses out-of-range values', () => {
  assert.throws(() => durationToProtoJSON({ seconds: 315576000001 }), /seconds out of range/);
  assert.throws(() => durationToProtoJSON({ seconds: 1, nanos: -1 }), /signs of seconds and nanos do not match/);
});

proto('the newer protojson syntax accepts only seconds', () => {
  assert.equal(parseProtoJSONDuration('1.5s'), { seconds: 1, nanos: 500000000 });
  assert.equal(parseProtoJSONDuration('-0.5s'), { seconds: 0, nanos: -500000000 });
  assert.throws(() => parseProtoJSONDuration('100ms'));
});

proto.run();
