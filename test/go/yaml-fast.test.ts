/**
 * The fast reader of rendered template output (src/go/yaml-fast.ts) against the full parser (the `yaml` package
 * path of unmarshalYAML11): whenever the fast reader answers, its result must deep-equal the full parser's (and the
 * full parser must not fail); on the Istio template outputs it must answer (not fall back). Inputs: every template of
 * every ../shared settings folder rendered over the conformance workloads, our embedded defaults, and a seeded
 * corpus of generated documents in the subset plus mutations of them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../support/shared.ts';
import { deploymentTemplateData } from '../support/istio-data.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';
import { loadInjectorConfig } from '../../src/inject/injector-config.ts';
import { embeddedDefaults } from '../../src/inject/defaults.ts';
import { unmarshalYAML11, unmarshalYAML11Fast, unmarshalYAML11Full, type UnmarshalYAMLOptions } from '../../src/go/yaml.ts';
import { UNSUPPORTED } from '../../src/go/yaml-fast.ts';
import { mulberry32 as rng } from '../support/random.ts';

const Fast = suite('yaml fast reader');

/**
 * Checks one text both ways: whenever the fast reader answers, the full parser must succeed with a deep-equal
 * result. Returns whether the fast reader answered and whether the full parser succeeded.
 */
function differential(text: string, options: UnmarshalYAMLOptions = {}, label = ''): { fast: boolean; valid: boolean } {
  const fast = unmarshalYAML11Fast(text, options);
  let full: unknown;
  try {
    full = unmarshalYAML11Full(text, options);
  } catch (e) {
    if (fast !== UNSUPPORTED) {
      assert.unreachable(`${label}: the fast reader accepted ${JSON.stringify(text)} but the full parser fails: ${(e as Error).message}`);
    }
    return { fast: false, valid: false };
  }
  if (fast === UNSUPPORTED) return { fast: false, valid: true };
  assert.equal(fast, full, `${label}: ${JSON.stringify(text)}`);
  return { fast: true, valid: true };
}

// --- (a) Istio's templates over the conformance workloads ------------------------------------------------------------

const istio = sharedPath('conformance/istio', 'the differential test over Istio template outputs');

/** Every distinct output of every template of every settings folder (all workloads for `default`, hello.yaml else). */
function istioOutputs(root: string): string[] {
  const outputs = new Set<string>();
  const funcs = [sprigFuncs, istioFuncs()];
  const workloads = readdirSync(join(root, 'inject')).filter((f) => f.endsWith('.yaml'));
  for (const settings of readdirSync(join(root, 'settings')).sort()) {
    const dir = join(root, 'settings', settings);
    const { config } = loadInjectorConfig(readFileSync(join(dir, 'inject-config.yaml'), 'utf8'), { funcs });
    for (const workload of settings === 'default' ? workloads : ['hello.yaml']) {
      let data;
      try {
        data = deploymentTemplateData(dir, join(root, 'inject', workload));
      } catch {
        continue; // not a Deployment-shaped workload
      }
      for (const template of config.templates.values()) {
        try {
          outputs.add(template.execute(data));
        } catch {
          // a template that fails for this workload has no output to read
        }
      }
    }
  }
  return [...outputs];
}

let istioCache: string[] | undefined;

function cachedIstioOutputs(root: string): string[] {
  istioCache ??= istioOutputs(root);
  return istioCache;
}

if (istio) {
  Fast('every Istio template output: the fast reader answers, with the full parser\'s result', () => {
    const outputs = cachedIstioOutputs(istio);
    assert.ok(outputs.length >= 100, `only ${outputs.length} outputs`);
    for (const [i, text] of outputs.entries()) {
      assert.ok(differential(text, {}, `output ${i}`).fast, `output ${i} fell back:\n${text}`);
      assert.ok(differential(text, { typed: true }, `typed output ${i}`).fast);
    }
  });

  Fast('the settings folders\' config and mesh texts agree when the fast reader answers', () => {
    for (const settings of readdirSync(join(istio, 'settings'))) {
      for (const file of ['inject-config.yaml', 'mesh.yaml']) {
        const text = readFileSync(join(istio, 'settings', settings, file), 'utf8');
        differential(text, {}, `${settings}/${file}`);
      }
    }
  });
} else {
  Fast.skip('Istio template outputs (../shared is absent)', () => {});
}

// --- (b) our embedded defaults ------------------------------------------------------------------------------------------

Fast('the embedded default config and mesh texts agree when the fast reader answers', () => {
  const defaults = embeddedDefaults();
  const config = differential(defaults.config, {}, 'embedded config');
  assert.ok(config.fast, 'the embedded config fell back');
  differential(defaults.mesh, {}, 'embedded mesh');
});

if (istio) {
  Fast("Istio's injector configs, values and mesh configs (as a ConfigMap carries them): fast, and equal", () => {
    const settings = join(istio, 'settings');
    let checked = 0;
    for (const folder of readdirSync(settings)) {
      for (const file of ['inject-config.yaml', 'inject-values.json', 'mesh.yaml']) {
        let text: string;
        try {
          text = readFileSync(join(settings, folder, file), 'utf8');
        } catch {
          continue;
        }
        // A ConfigMap's block scalar value ends with a line break (`|`); the files may not.
        if (!text.endsWith('\n')) text += '\n';
        assert.ok(differential(text, {}, `${folder}/${file}`).fast, `${folder}/${file} fell back to the full parser`);
        checked++;
      }
    }
    assert.ok(checked >= 60, `only ${checked} files`);
  });

  Fast('the embedded templates rendered over the conformance workloads: fast, and equal', () => {
    const { config } = loadInjectorConfig(embeddedDefaults().config, { funcs: [sprigFuncs, istioFuncs()] });
    const dir = join(istio, 'settings', 'default');
    let checked = 0;
    for (const workload of readdirSync(join(istio, 'inject')).filter((f) => f.endsWith('.yaml'))) {
      let data;
      try {
        data = deploymentTemplateData(dir, join(istio, 'inject', workload));
      } catch {
        continue;
      }
      for (const [name, template] of config.templates) {
        let text: string;
        try {
          text = template.execute(data);
        } catch {
          continue;
        }
        assert.ok(differential(text, {}, `${name} over ${workload}`).fast, `${name} over ${workload} fell back:\n${text}`);
        checked++;
      }
    }
    assert.ok(checked > 50, `only ${checked} renders`);
  });
}

// --- (c) a generated corpus ----------------------------------------------------------------------------------------------


const PLAIN = [
  'a', 'name', 'istio-proxy', '8080', '1.5', '0x1F', '1_000', '-3', '+7', '017', '1e3', '.5', 'yes', 'No', 'on', 'OFF', 'y',
  '~', 'null', 'true', 'False', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'a b', 'a  b', 'a:b', 'a#b', '-p', '--x=y',
  '$(POD_NAMESPACE).svc', '/etc/istio/proxy', 'é ü', '100m', '1024Mi', '15090,15021', 'x-y_z', 'http://x:80/p',
  '9223372036854775808', '18446744073709551616', '1:20', '0b101', '0o17', '12e', '.', 'a,b', 'a]', '-.inf', '<<',
];
const KEYS = ['a', 'b', 'name', 'image', 'args', 'x.y/z', '8080', '1.5', 'true', 'yes', '-x', 'a b', 'a_b', 'k8s.io/n', '0x10'];
const WORDS = ['x', 'hello', 'a:b', '#c', "it's", 'q"q', '\\', 'é', ' lead', 'trail ', '{}', '[1, 2]', '- item'];

type Gen = () => number;

function pick<X>(r: Gen, xs: readonly X[]): X {
  return xs[Math.floor(r() * xs.length)] as X;
}

function doubleQuoted(r: Gen): string {
  const parts: string[] = [];
  for (let i = Math.floor(r() * 3); i >= 0; i--) {
    parts.push(pick(r, ['x', 'a b', "'", '\\"', '\\\\', '\\n', '\\t', '\\x41', '\\u00e9', '\\U0001F600', '\\/', '\\_', '\\e', '#', ': ', r() < 0.1 ? '\\q' : '\\ ']));
  }
  return '"' + parts.join('') + '"';
}

function singleQuoted(r: Gen): string {
  return "'" + pick(r, ['x', "it''s", 'a: b', '"', '# c', '', '\\n']) + "'";
}

function inlineScalar(r: Gen): string {
  const k = r();
  if (k < 0.6) return pick(r, PLAIN);
  if (k < 0.85) return doubleQuoted(r);
  return singleQuoted(r);
}

/** A flow collection's brackets and entries. */
function flowParts(r: Gen, depth: number): { open: string; close: string; entries: string[] } {
  const n = Math.floor(r() * 4);
  const entries: string[] = [];
  const isMap = r() < 0.5;
  for (let i = 0; i < n; i++) {
    const v = depth < 2 && r() < 0.25 ? flowText(r, depth + 1) : r() < 0.5 ? pick(r, ['x', '1', 'true', 'a b', 'é', '-p', 'a#b', '0x1F']) : r() < 0.5 ? doubleQuoted(r) : singleQuoted(r);
    entries.push(isMap ? `${r() < 0.7 ? pick(r, ['a', 'b', 'x.y/z', '1', 'yes', 'a b']) : '"k' + i + '"'}: ${v}` : v);
  }
  return isMap ? { open: '{', close: '}', entries } : { open: '[', close: ']', entries };
}

function flowText(r: Gen, depth: number): string {
  const sp = (): string => (r() < 0.7 ? ' ' : r() < 0.5 ? '' : '  ');
  const { open, close, entries } = flowParts(r, depth);
  const trailing = entries.length > 0 && r() < 0.2 ? ',' : '';
  return open + sp() + entries.join(',' + sp()) + trailing + sp() + close;
}

function blockScalarText(r: Gen, parentIndent: number, contentIndent: number): { header: string; lines: string[] } {
  const style = r() < 0.7 ? '|' : '>';
  const chomp = pick(r, ['', '', '-', '+']);
  const explicit = r() < 0.2 ? contentIndent - parentIndent : 0;
  const header = style + (r() < 0.5 ? chomp + (explicit > 0 && explicit < 10 ? String(explicit) : '') : (explicit > 0 && explicit < 10 ? String(explicit) : '') + chomp);
  const lines: string[] = [];
  const pad = ' '.repeat(contentIndent);
  for (let i = Math.floor(r() * 4); i >= 0; i--) {
    const k = r();
    // (a first line more indented than the rest would set the indentation: keep it normal)
    if (lines.length === 0) lines.push(pad + pick(r, WORDS.filter((w) => !w.startsWith(' '))));
    else if (k < 0.15) lines.push('');
    else if (k < 0.25) lines.push(pad + '  ' + pick(r, WORDS));
    else lines.push(pad + pick(r, WORDS) + (r() < 0.3 ? ' ' + pick(r, WORDS) : ''));
  }
  if (r() < 0.2) lines.push('');
  return { header, lines };
}

/** A value after `key:` or `- `: the rest of the line and the following lines. */
function valueText(r: Gen, indent: number, depth: number, inSeq: boolean): { inline: string; lines: string[] } {
  const k = r();
  const step = pick(r, [2, 2, 4, 1]);
  if (depth < 4 && k < 0.25) {
    const lines = blockMapLines(r, indent + step, depth + 1);
    return { inline: r() < 0.1 ? '  # c' : '', lines };
  }
  if (depth < 4 && k < 0.4) {
    const seqIndent = !inSeq && r() < 0.5 ? indent : indent + step;
    return { inline: '', lines: blockSeqLines(r, seqIndent, depth + 1) };
  }
  if (k < 0.5) {
    const b = blockScalarText(r, indent, indent + step);
    return { inline: ' ' + b.header, lines: b.lines };
  }
  if (k < 0.6) {
    if (r() < 0.3) {
      // a multi-line flow collection as Istio's templates write them: one entry per line, blank lines, `,` last
      const { open, close, entries } = flowParts(r, 0);
      const inner = entries.map((e) => ' '.repeat(indent + step) + e + ',');
      if (r() < 0.5) inner.push('', ' '.repeat(indent + step));
      return { inline: ' ' + open, lines: [...inner, ' '.repeat(indent + (r() < 0.5 ? step : 0)) + close] };
    }
    return { inline: ' ' + flowText(r, 0), lines: [] };
  }
  if (k < 0.63) return { inline: '', lines: [] };
  return { inline: ' ' + inlineScalar(r) + (r() < 0.1 ? ' # comment' : r() < 0.1 ? '   ' : ''), lines: [] };
}

function blockMapLines(r: Gen, indent: number, depth: number, firstPrefix?: string): string[] {
  const out: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const key = r() < 0.8 ? pick(r, KEYS) : r() < 0.5 ? doubleQuoted(r) : singleQuoted(r);
    const v = valueText(r, indent, depth, false);
    const prefix = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    out.push(prefix + key + ':' + v.inline, ...v.lines);
    if (r() < 0.1) out.push(r() < 0.5 ? '' : ' '.repeat(Math.floor(r() * 6)) + (r() < 0.5 ? '# note' : ''));
  }
  return out;
}

function blockSeqLines(r: Gen, indent: number, depth: number, firstPrefix?: string): string[] {
  const out: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const prefix = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    const k = r();
    const gap = r() < 0.8 ? ' ' : '   ';
    if (depth < 4 && k < 0.25) {
      // a compact mapping: `- key: value` and the next keys under the first
      out.push(...blockMapLines(r, indent + 1 + gap.length, depth + 1, prefix + '-' + gap));
    } else if (depth < 4 && k < 0.32) {
      out.push(...blockSeqLines(r, indent + 1 + gap.length, depth + 1, prefix + '-' + gap));
    } else {
      const v = valueText(r, indent, depth, true);
      out.push(prefix + '-' + v.inline, ...v.lines);
    }
  }
  return out;
}

function generateDocument(r: Gen): string {
  const lines = r() < 0.8 ? blockMapLines(r, 0, 0) : blockSeqLines(r, 0, 0);
  const head = r() < 0.2 ? ['---'] : r() < 0.1 ? ['# header', ''] : [];
  return [...head, ...lines].join('\n') + '\n';
}

const MUTATIONS = [' ', ':', '-', '#', "'", '"', '{', '}', '[', ']', ',', '|', '>', '\n', '&a ', '*a', '!!str ', '? ', '\t', '<<: ', '---\n', '\\'];

function mutate(r: Gen, text: string): string {
  const at = Math.floor(r() * text.length);
  const k = r();
  if (k < 0.4) return text.slice(0, at) + pick(r, MUTATIONS) + text.slice(at);
  if (k < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  const lines = text.split('\n');
  const li = Math.floor(r() * lines.length);
  if (k < 0.85) lines[li] = ' ' + (lines[li] as string);
  else lines.splice(li, 0, lines[li] as string);
  return lines.join('\n');
}

Fast('a generated corpus of documents in the subset: fast, and equal to the full parser', () => {
  const r = rng(20261125);
  let fast = 0;
  let valid = 0;
  const total = 2000;
  for (let i = 0; i < total; i++) {
    const doc = generateDocument(r);
    const outcome = differential(doc, {}, `generated ${i}`);
    if (outcome.fast) fast++;
    if (outcome.valid) valid++;
    differential(doc, { typed: true }, `generated ${i} typed`);
  }
  // Some generated documents are malformed on purpose (`\q`, …), a few are valid but outside the subset.
  assert.ok(valid > total * 0.6, `only ${valid} of ${total} generated documents are valid YAML`);
  assert.ok(fast > valid * 0.9, `only ${fast} of the ${valid} valid generated documents took the fast path`);
});

Fast('mutations of the generated corpus: the fast reader answers only with the full parser\'s result', () => {
  const r = rng(7);
  let fast = 0;
  const total = 2500;
  for (let i = 0; i < total; i++) {
    let doc = generateDocument(r);
    for (let m = 1 + Math.floor(r() * 2); m > 0; m--) doc = mutate(r, doc);
    if (differential(doc, {}, `mutation ${i}`).fast) fast++;
  }
  assert.ok(fast > total * 0.1, `only ${fast} of ${total} mutated documents took the fast path`);
});

if (istio) {
  Fast('mutations of the Istio template outputs: the fast reader answers only with the full parser\'s result', () => {
    const outputs = cachedIstioOutputs(istio);
    const r = rng(86);
    let fast = 0;
    for (let i = 0; i < 300; i++) {
      let doc = pick(r, outputs);
      for (let m = 1 + Math.floor(r() * 3); m > 0; m--) doc = mutate(r, doc);
      if (differential(doc, {}, `istio mutation ${i}`).fast) fast++;
    }
    assert.ok(fast > 50, `only ${fast} of 300 mutated outputs took the fast path`);
  });
}

/** [text, whether the fast reader answers]: edge cases checked both ways. */
const EDGES: [string, boolean][] = [
  ['', true], ['\n', true], ['---\n', true], ['# c\n', true], ['---\n# c\n', true], ['a  : 1\n', true],
  ['__proto__: {a: 1}\n', true], ['a: 1', true], ['  a: 1\n  b: 2\n', true], ['a: |\n  x', false],
  ['a: |  # c\n  x\n', true], ['2001-12-14: x\n', true], ['1.5: x\n', true], ['~: x\n', false],
  ['a: 9223372036854775808\n', true], ['a: "\\U0010FFFF"\n', true], ['a:\n  - b\n  -\n  - c\n', true],
  ['a: b\n...\n', false], ['---\n---\n', false], ['a: |-\n\n  x\n', true], ['a: >-\n\n\n  x\n  y\n\n', true],
  ['a: |\n  x\n  # c\n# d\n', true], ['x: 1\nx: 2\ny: 3\n', true], ["a: 'b''' # c\n", true],
  ['a: >\n  x\n\n   y\n  z\n', true], ['a: >2\n   y\n  z\n', true], ['a:\n- |2+\n\n   x\n\n', true],
  ['a: 1 # c\n# d\n  # e\nb: 2\n', true], ['- a\n  # c\n- b\n', true], ['- - a\n  - b\n- c: d\n  e: f\n', true],
  ['annotations: {\n    a/b: "c",\n\n    d: e,\n    \n  }\n', true], ['a:\n  b: {\n    x: 1\n  }\n', true],
  ['a:\n  b: {\n    x: 1\n }\n', false], ['b: [x, { a: [ y \n], }, ]\n', false], ['a: [x, -]\n', false],
  // Flow collections on their own line, under a key or a dash.
  ['a:\n  []\nb:\n  {}\n', true], ['a:\n  [x, {y: 1}]\nb: 2\n', true], ['- \n  [x]\n- y\n', true],
  ['a:\n  [x,\n   y]\n', true], ['a:\n  [x,\n  y]\n', true], ['a:\n  [x,\ny]\n', false], ['a:\n  [x]: 1\n', false],
  ['a:\n  [x] # c\n', true], ['{"a": 1, "b": [true, null, "c"]}\n', true], ['{\n"a": {\n  "b": 1.5\n},\n"c": []\n}\n', true],
  ['  [1, 2]\n', true], ['{a: 1}\nb: 2\n', false], ['{a: 1}: b\n', false], ['[1]\n[2]\n', false], ['{"a":1}\n', false], ['a:\n  [x] y\n', false], ['a:\n  {x: 1}\n  b: 2\n', false], ['-\n  {x: 1}\n', true],
];

Fast('edge cases: the fast reader answers where expected, with the full parser\'s result', () => {
  for (const [text, fast] of EDGES) {
    assert.is(differential(text, {}, 'edge').fast, fast, JSON.stringify(text));
  }
});

// --- the entry point -----------------------------------------------------------------------------------------------

Fast('unmarshalYAML11 gives the full parser\'s errors for input outside the subset or malformed', () => {
  for (const text of ['a: b: c\n', 'a: [1, 2\n', 'a: *x\n', 'a: "x\n', '- a\nb: c\n']) {
    let fastError = '';
    let fullError = '';
    try {
      unmarshalYAML11(text);
    } catch (e) {
      fastError = (e as Error).message;
    }
    try {
      unmarshalYAML11Full(text);
    } catch (e) {
      fullError = (e as Error).message;
    }
    assert.ok(fullError !== '', text);
    assert.is(fastError, fullError, text);
    assert.is(unmarshalYAML11Fast(text), UNSUPPORTED, text);
  }
});

Fast('anchors, aliases, tags and merge keys are left to the full parser', () => {
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'b: {x: 1}\n<<: {y: 2}\n', '? a\n: b\n', 'a: b\n  c\n', '%YAML 1.1\n---\na: 1\n']) {
    assert.is(unmarshalYAML11Fast(text), UNSUPPORTED, text);
  }
  assert.equal(unmarshalYAML11('a: &x 1\nb: *x\n'), { a: 1, b: 1 });
});

Fast.run();
