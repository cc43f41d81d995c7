/**
 * fast-compose.ts must build exactly the nodes `yaml` composes (same classes, same enumerable properties in the same
 * order, same values, ranges and comments, collections with a schema), or give up. Compared on every block map of
 * the repository's and ../shared's YAML files (at column 0 and indented as list items), on the bench's Deployments,
 * and on thousands of random edits of them (comments, blank lines, spacing, quoting, odd values), with a floor on
 * how many the fast path takes so that a composer that always gives up fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { deploymentItem } from '../../bench/package.ts';
import { newDocument, parseBlockMap, parseStream } from '../../src/yaml/codec.ts';
import { composeBlockMap } from '../../src/yaml/fast-compose.ts';
import { mulberry32 } from '../support/random.ts';
import { repoRoot, sharedDir } from '../support/shared.ts';

const owner = newDocument();

function fast(text: string): YAMLMap | undefined {
  return composeBlockMap(text, owner.schema, owner.options);
}

function slow(text: string): YAMLMap | undefined {
  return parseBlockMap(text, { fast: false })?.map;
}

/** The first difference between two node trees (undefined when none), as a path and what differs. */
function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  const kind = (x: unknown): string => (isMap(x) ? 'map' : isSeq(x) ? 'seq' : isScalar(x) ? 'scalar' : isPair(x) ? 'pair' : Array.isArray(x) ? 'array' : 'object');
  if (kind(a) !== kind(b)) return `${path}: ${kind(a)} ≠ ${kind(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  if ((isMap(a) || isSeq(a)) && ((a as { schema?: unknown }).schema === undefined) !== ((b as { schema?: unknown }).schema === undefined)) {
    return `${path}: schema on one side only`;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join() !== keysB.join()) return `${path}: keys [${keysA.join()}] ≠ [${keysB.join()}]`;
  for (const key of keysA) {
    const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

interface Tally {
  compared: number;
  taken: number;
}

/** Fails when the fast path's nodes differ from `yaml`'s, or when it takes a text `yaml` does not read cleanly. */
function check(text: string, tally: Tally, what: string): void {
  const expected = slow(text);
  const actual = fast(text);
  tally.compared++;
  if (actual === undefined) return;
  tally.taken++;
  if (expected === undefined) assert.unreachable(`${what}: the fast path read a text yaml refuses:\n${text}`);
  const found = difference(expected, actual);
  if (found) assert.unreachable(`${what}: ${found}\n--- text ---\n${text}`);
}

/** parseStream's fast path must give the stream `yaml` gives: the same Document, layout, positions and problems. */
function checkStream(text: string, tally: Tally, what: string): void {
  tally.compared++;
  if (fast(text) === undefined) return;
  tally.taken++;
  const expected = parseStream(text, { fast: false });
  const actual = parseStream(text);
  const fail = (found: string): never => {
    assert.unreachable(`${what}: parseStream: ${found}\n--- text ---\n${text}`);
    throw new Error('unreachable');
  };
  if (expected.problems.length > 0 || expected.documents.length !== 1) fail(`yaml gives ${expected.problems.length} problems and ${expected.documents.length} documents`);
  const [e, a] = [expected.documents[0]!, actual.documents[0]!];
  const { doc: docE, ...restE } = e;
  const { doc: docA, ...restA } = a;
  const found = difference(restE, restA) ?? difference(docE.contents, docA.contents, '$.contents') ??
    difference({ range: docE.range, commentBefore: docE.commentBefore, comment: docE.comment, errors: docE.errors, warnings: docE.warnings },
      { range: docA.range, commentBefore: docA.commentBefore, comment: docA.comment, errors: docA.errors, warnings: docA.warnings }) ??
    difference({ ...docE.directives }, { ...docA.directives }, '$.directives') ??
    difference(Object.keys(docE), Object.keys(docA), '$.keys') ??
    difference(Object.fromEntries(Object.entries(docE.options).filter(([k]) => k !== 'lineCounter' && k !== 'customTags')),
      Object.fromEntries(Object.entries(docA.options).filter(([k]) => k !== 'lineCounter' && k !== 'customTags')), '$.options');
  if (found) fail(found);
  for (const offset of [0, 1, Math.floor(text.length / 2), text.length - 1, text.length]) {
    const found = difference(expected.position(offset), actual.position(offset), `position(${offset})`);
    if (found) fail(found);
  }
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** Each document of a file that starts with a key, as is (column 0) and as a list item's text (column 2). */
function blockMapTexts(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (text.includes('\r')) return [];
  const texts: string[] = [];
  for (const doc of text.split(/^---.*\n/m)) {
    if (!/^[A-Za-z"']/.test(doc) || !doc.endsWith('\n')) continue;
    texts.push(doc, doc.replace(/^(?=.)/gm, '  '));
  }
  return texts;
}

function corpus(): string[] {
  const files = [...yamlFiles(join(repoRoot, 'test')), ...yamlFiles(join(repoRoot, 'examples'))];
  const shared = sharedDir();
  if (shared) files.push(...yamlFiles(join(shared, 'conformance')));
  else console.error('SKIP the ../shared part of the fast-compose corpus: ../shared is not present beside the repository');
  const texts = files.flatMap(blockMapTexts);
  for (let i = 0; i < 20; i++) texts.push(deploymentItem(i).replace(/^- /, '  '));
  return texts;
}

const FastCompose = suite('fast-compose: the same nodes as yaml');

FastCompose('every block map of the corpus gives yaml\'s nodes, and most are taken', () => {
  const tally: Tally = { compared: 0, taken: 0 };
  const texts = corpus();
  const streams: Tally = { compared: 0, taken: 0 };
  texts.forEach((text, i) => {
    check(text, tally, `corpus text ${i}`);
    checkStream(text, streams, `corpus text ${i}`);
  });
  console.log(`fast-compose corpus: parseStream took the fast path for ${streams.taken} of ${streams.compared} texts`);
  assert.ok(streams.taken / streams.compared > 0.5, `parseStream took the fast path for only ${streams.taken} of ${streams.compared}`);
  console.log(`fast-compose corpus: ${tally.taken} of ${tally.compared} texts taken by the fast path`);
  assert.ok(tally.compared > 100, `only ${tally.compared} texts`);
  assert.ok(tally.taken / tally.compared > 0.5, `the fast path took only ${tally.taken} of ${tally.compared}`);
});

FastCompose('the bench Deployment is taken', () => {
  const text = deploymentItem(7).replace(/^- /, '  ');
  const map = fast(text);
  assert.ok(map, 'the fast path gave up on the bench Deployment');
  assert.is(difference(slow(text), map), undefined);
});

/** Lines to insert or replace with in random edits: comments, blank lines and values at the edges of the subset. */
const EDITS: readonly ((indent: string) => string)[] = [
  (i) => `${i}# a comment`,
  (i) => `${i}#`,
  (i) => `${i}#  spaced comment`,
  () => '',
  (i) => i,
  (i) => `${i}extra: ["a","b",  'c' , d ]`,
  (i) => `${i}extra: [ ]`,
  (i) => `${i}extra: [a, , b]`,
  (i) => `${i}extra: [a,]`,
  (i) => `${i} # off by one`,
  (i) => `${i}extra: value # trailing`,
  (i) => `${i}extra:`,
  (i) => `${i}extra:   `,
  (i) => `${i}extra: # only a comment`,
  (i) => `${i}extra: "quoted \\" \\u00e9 \\x41"`,
  (i) => `${i}extra: 'it''s'`,
  (i) => `${i}extra: [a, "b", 'c', 1, true, null, ~]`,
  (i) => `${i}extra: []`,
  (i) => `${i}extra: {}`,
  (i) => `${i}extra: {a: 1}`,
  (i) => `${i}extra: [ a ]`,
  (i) => `${i}extra: 0x1F`,
  (i) => `${i}extra: 0o17`,
  (i) => `${i}extra: 0644`,
  (i) => `${i}extra: 1.50`,
  (i) => `${i}extra: 1e3`,
  (i) => `${i}extra: .inf`,
  (i) => `${i}extra: -.5`,
  (i) => `${i}extra: +12`,
  (i) => `${i}extra: True`,
  (i) => `${i}extra: NULL`,
  (i) => `${i}extra: a: b`,
  (i) => `${i}extra: a:b`,
  (i) => `${i}extra: a #b`,
  (i) => `${i}extra: a#b`,
  (i) => `${i}extra: &anchor x`,
  (i) => `${i}extra: *alias`,
  (i) => `${i}extra: !tag x`,
  (i) => `${i}extra: |\n${i}  line one\n\n${i}  line two`,
  (i) => `${i}extra: |-\n${i}  only`,
  (i) => `${i}extra: |+\n${i}  kept\n`,
  (i) => `${i}extra: >\n${i}  folded\n${i}  text`,
  (i) => `${i}extra: |\n${i}    deeper\n${i}  shallower`,
  (i) => `${i}"quoted key": 1`,
  (i) => `${i}'single key': 2`,
  (i) => `${i}1: number key`,
  (i) => `${i}true: bool key`,
  (i) => `${i}extra:\n${i}- a\n${i}- b`,
  (i) => `${i}extra:\n${i}  - a\n${i}  # between\n${i}  - b`,
  (i) => `${i}extra:\n${i}- a\n${i}# after the last item`,
  (i) => `${i}extra:\n\n${i}  k: v`,
  (i) => `${i}extra: # before\n${i}  # and again\n${i}  k: v`,
  (i) => `${i}- item`,
  (i) => `${i}extra: -`,
  (i) => `${i}extra: - a`,
  (i) => `${i}extra:\n${i}-\n${i}  k: v`,
  (i) => `${i}extra:\n${i}- - nested`,
  (i) => `${i}extra:\n${i}- k: v\n${i}  # inside the item\n${i}  l: w`,
  (i) => `${i}extra:\n${i}- k: v\n\n${i}- l: w`,
  (i) => `${i}extra: value\n${i}  continued`,
  (i) => `${i}extra: "two\n${i}  lines"`,
  (i) => `${i}extra: \t`,
  (i) => `${i}? explicit`,
  (i) => `${i}extra: {`,
  (i) => `${i}extra: '`,
];

FastCompose('random edits give yaml\'s nodes or fall back', () => {
  const seed = Number(process.env['FAST_COMPOSE_SEED'] ?? 1);
  const count = Number(process.env['FAST_COMPOSE_COUNT'] ?? 4000);
  const random = mulberry32(seed);
  const texts = corpus().filter((t) => t.length < 20_000);
  const tally: Tally = { compared: 0, taken: 0 };
  const streams: Tally = { compared: 0, taken: 0 };
  for (let n = 0; n < count; n++) {
    const lines = texts[Math.floor(random() * texts.length)]!.replace(/\n$/, '').split('\n');
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * (lines.length + 1));
      const near = lines[Math.min(at, lines.length - 1)] ?? '';
      const indent = ' '.repeat(Math.max(0, near.search(/\S|$/) + (random() < 0.2 ? (random() < 0.5 ? -2 : 2) : 0)));
      const line = EDITS[Math.floor(random() * EDITS.length)]!(indent);
      if (random() < 0.3 && at < lines.length) lines[at] = line;
      else lines.splice(at, 0, line);
    }
    const edited = `${lines.join('\n')}\n`;
    check(edited, tally, `edit ${n} (FAST_COMPOSE_SEED=${seed})`);
    checkStream(edited, streams, `edit ${n} (FAST_COMPOSE_SEED=${seed})`);
  }
  console.log(`fast-compose edits: ${tally.taken} of ${tally.compared} texts taken by the fast path`);
  assert.ok(tally.taken > count / 10, `the fast path took only ${tally.taken} of ${count} edited texts`);
});

FastCompose.run();
