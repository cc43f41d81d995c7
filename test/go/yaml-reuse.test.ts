/**
 * The remembering fast reader (src/go/yaml-reuse.ts): a text that differs from a remembered one only in single-line
 * scalars is answered by patching a copy of the remembered value. Every answer must equal a fresh read of the same
 * text (parseFastYAML) and the full parser's; reuse must happen where it should (counted), never where a line's
 * structure changed; and callers must get independent copies.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RememberingFastReader } from '../../src/go/yaml-reuse.ts';
import { UNSUPPORTED, parseFastYAML, type FastYAMLHooks } from '../../src/go/yaml-fast.ts';
import { unmarshalYAML11, unmarshalYAML11Full } from '../../src/go/yaml.ts';
import { mulberry32 as rng } from '../support/random.ts';

const Reuse = suite('yaml reuse: the remembering fast reader');

/** The hooks of unmarshalYAML11's JSON reader, through the full parser's scalar resolution (one-scalar documents). */
const hooks: FastYAMLHooks = {
  plain: (s) => unmarshalYAML11Full(`v: ${s}\n`) && (unmarshalYAML11Full(`v: ${s}\n`) as { v: unknown }).v,
  plainKey: (s) => {
    const key = Object.keys(unmarshalYAML11Full(`${s}: 1\n`) as object)[0];
    if (key === undefined) throw new Error('no key');
    return key;
  },
};

const BASE = `metadata:
  labels:
    app: shop
    service.istio.io/canonical-name: "svc-00000"
    version: v1
  annotations:
    sidecar.istio.io/status: '{"initContainers":["istio-init"]}'
spec:
  initContainers:
  - name: istio-init
    image: docker.io/istio/proxyv2:1.24.0
    args:
    - istio-iptables
    - "-p"
    - "15001"
    - "*"
    resources:
      limits:
        cpu: 2000m
  containers:
  - name: istio-proxy
    env:
    - name: ISTIO_META_WORKLOAD_NAME
      value: svc-00000 # the workload
    - name: POD_PORTS
      value: '[{"containerPort":8080}]'
    ports: [15090, 15021]
    readinessProbe:
      initialDelaySeconds: 1
  volumes:
  - emptyDir: {}
    name: istio-envoy
`;

/** An answer, or the message of the error the hooks threw (which means: use the full parser). */
function attempt(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

/** Reads text with the reader and checks the answer against a fresh read and the full parser. */
function check(reader: RememberingFastReader, text: string): unknown {
  const answer = attempt(() => reader.read(text));
  const fresh = attempt(() => parseFastYAML(text, hooks));
  if (answer !== null && typeof answer === 'object' && 'threw' in answer) {
    assert.equal(answer, fresh, `both throw for ${JSON.stringify(text)}`);
    return answer;
  }
  assert.equal(answer, fresh, `reader vs a fresh read of ${JSON.stringify(text)}`);
  if (answer !== UNSUPPORTED) assert.equal(answer, unmarshalYAML11Full(text), `reader vs the full parser of ${JSON.stringify(text)}`);
  return answer;
}

Reuse('a text differing only in scalars is patched from the remembered one, equal to a fresh read', () => {
  const reader = new RememberingFastReader(hooks);
  check(reader, BASE);
  assert.equal(reader.counts, { reused: 0, readInFull: 1 });
  const changed = BASE.replace('"svc-00000"', '"svc-00001"').replace('value: svc-00000 # the workload', 'value: svc-00001')
    .replace('cpu: 2000m', 'cpu: "3"').replace('initialDelaySeconds: 1', 'initialDelaySeconds: yes').replace('- "15001"', '- 15001');
  const value = check(reader, changed) as { spec: { containers: { env: { value: unknown }[] }[] } };
  assert.equal(reader.counts, { reused: 1, readInFull: 1 });
  assert.is(value.spec.containers[0]!.env[0]!.value, 'svc-00001');
});

Reuse('a changed line whose structure changed is read in full (block scalar, compact map, flow, key, indentation)', () => {
  const variants = [
    BASE.replace('    version: v1\n', '    version: |\n'), // a block scalar header: the next line is then its content
    BASE.replace('    - "15001"\n', '    - a: b\n'), // a compact mapping in a sequence item
    BASE.replace('        cpu: 2000m\n', '        cpu: [1, 2]\n'), // a flow collection
    BASE.replace('    version: v1\n', '    versions: v1\n'), // another key
    BASE.replace('    version: v1\n', '    version: a: b\n'), // not YAML the fast reader takes
    BASE.replace('    version: v1\n', '    version: "v1\n'), // an unterminated quote
    BASE.replace('    version: v1\n', '    version: &a v1\n'), // an anchor
    BASE.replace('    version: v1\n', '    version: - v1\n'),
    BASE.replace('    version: v1\n', '    version:\n'), // an empty value: the next line is then its value
  ];
  for (const variant of variants) {
    const reader = new RememberingFastReader(hooks);
    check(reader, BASE);
    check(reader, variant);
    assert.is(reader.counts.reused, 0, variant);
  }
});

Reuse('callers get independent copies: changing one answer changes neither the memory nor later answers', () => {
  const reader = new RememberingFastReader(hooks);
  const first = reader.read(BASE) as { metadata: { labels: Record<string, unknown> }; spec: { containers: unknown[] } };
  first.metadata.labels['app'] = 'changed';
  first.spec.containers.length = 0;
  const second = check(reader, BASE.replace('version: v1', 'version: v2')) as { metadata: { labels: Record<string, unknown> } };
  assert.is(second.metadata.labels['app'], 'shop');
  assert.is(second.metadata.labels['version'], 'v2');
  const third = check(reader, BASE) as object;
  assert.is.not(third, second);
  assert.equal(reader.counts, { reused: 2, readInFull: 1 });
});

Reuse('a `__proto__` key stays an own data key in patched copies', () => {
  const text = 'a:\n  __proto__: x\n  b: y\n';
  const reader = new RememberingFastReader(hooks);
  check(reader, text);
  const patched = check(reader, text.replace('b: y', 'b: z')) as { a: Record<string, unknown> };
  assert.ok(Object.hasOwn(patched.a, '__proto__'));
  assert.is(Object.getPrototypeOf(patched.a), Object.prototype);
  assert.equal(reader.counts.reused, 1);
});

Reuse('random scalar substitutions, one remembered base: every answer equals a fresh read and the full parser', () => {
  const random = rng(20261126);
  const scalars = ['x', '"q: x"', "'it''s'", '1', '1.5', '0x1F', 'yes', 'off', '~', 'null', '""', 'a # c', '"#"', '-1', '.inf', '2024-01-01', 'a b  c', '"\\u00e9"', '[x]', '{a: 1}', '|', '>-', '- y', 'k: v', '&a x', '*a', '!!str 1', '"x', '?', ': x', '`x`', '@x', '', '   ', ' # c', '#c', 'x #', '-'];
  const lines = BASE.split('\n');
  const valueLines = lines.map((l, i) => (/^\s*(?:- |[\w./-]+: )(?!\s*$)/.test(l) && !/^\s*- name:/.test(l) ? i : -1)).filter((i) => i >= 0);
  const reader = new RememberingFastReader(hooks);
  check(reader, BASE);
  for (let round = 0; round < 300; round++) {
    const next = [...lines];
    const changes = 1 + Math.floor(random() * 3);
    for (let k = 0; k < changes; k++) {
      const at = valueLines[Math.floor(random() * valueLines.length)]!;
      const line = next[at]!;
      const start = line.startsWith('- ', line.search(/\S/)) && !/: /.test(line) ? line.indexOf('- ') + 2 : line.indexOf(': ') + 2;
      next[at] = line.slice(0, start) + scalars[Math.floor(random() * scalars.length)];
    }
    check(reader, next.join('\n'));
  }
  // About half the substitutes are not one-line scalars (or not YAML): those texts are read in full.
  assert.ok(reader.counts.reused > 60, `reused ${reader.counts.reused} of 300`);
});

Reuse('readInFull and unmarshalYAML11 remember: false read in full, with the same result, and leave the memory alone', () => {
  const reader = new RememberingFastReader(hooks);
  check(reader, BASE);
  const changed = BASE.replace('version: v1', 'version: v2');
  assert.equal(reader.readInFull(changed), parseFastYAML(changed, hooks));
  assert.equal(reader.counts, { reused: 0, readInFull: 1 });
  assert.equal(unmarshalYAML11(changed, { remember: false }), unmarshalYAML11(changed));
  assert.equal(unmarshalYAML11(changed, { remember: false }), unmarshalYAML11Full(changed));
});

Reuse('a text over 64 KiB (a config, read once) is read in full and not remembered', () => {
  const reader = new RememberingFastReader(hooks);
  const big = Array.from({ length: 3000 }, (_, i) => `key${i}: "${'v'.repeat(20)}"`).join('\n') + '\n';
  assert.ok(big.length > 64 * 1024);
  check(reader, big);
  check(reader, big.replace('key7: ', 'key7: x').replace(/"v+"\n$/, '"w"\n'));
  assert.equal(reader.counts, { reused: 0, readInFull: 2 });
});

Reuse.run();
