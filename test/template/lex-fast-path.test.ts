/**
 * The lexer's whole-token fast path inside actions (Lexer.#actionToken) against the state machine alone
 * (`stateMachineOnly`): the same items — type, value, position, line — and the same error, for every template
 * of the repository and of ../shared, and for random token soups with default and custom delimiters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYAML } from 'yaml';
import { lexAll, type LexOptions } from '../../src/template/lex.ts';
import { mulberry32 } from '../support/random.ts';
import { repoRoot, sharedPath } from '../support/shared.ts';

interface Source {
  readonly name: string;
  readonly text: string;
  readonly delims: [string, string];
}

function sameItems(source: Source, options: LexOptions = {}): void {
  const [left, right] = source.delims;
  const fast = lexAll(source.text, left, right, options);
  const reference = lexAll(source.text, left, right, { ...options, stateMachineOnly: true });
  assert.equal(fast, reference, `${source.name}: ${JSON.stringify(source.text).slice(0, 300)}`);
}

/** Every string value of a YAML or JSON document that holds a left delimiter. */
function templatesIn(value: unknown, name: string, out: Source[]): void {
  if (typeof value === 'string') {
    if (value.includes('{{')) out.push({ name, text: value, delims: ['', ''] });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => templatesIn(v, `${name}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) templatesIn(v, `${name}.${k}`, out);
  }
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...yamlFilesUnder(path));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Templates held by YAML files (ConfigMaps, functionConfigs: their strings, and ConfigMap values that are YAML). */
function yamlTemplates(dir: string): Source[] {
  const out: Source[] = [];
  for (const file of yamlFilesUnder(dir)) {
    let docs: unknown[];
    try {
      docs = readFileSync(file, 'utf8').split(/^---$/m).map((d) => parseYAML(d) as unknown);
    } catch {
      continue;
    }
    for (const doc of docs) {
      templatesIn(doc, file, out);
      // A ConfigMap's `config` value is itself YAML with the templates inside.
      const data = (doc as { data?: Record<string, unknown> } | null)?.data;
      for (const v of Object.values(data ?? {})) {
        if (typeof v !== 'string' || !v.includes('{{')) continue;
        try {
          templatesIn(parseYAML(v) as unknown, `${file} (inner)`, out);
        } catch {
          // not YAML: the string itself was taken above
        }
      }
    }
  }
  return out;
}

const Corpus = suite('lexer fast path: the same items as the state machine on real templates');

Corpus('the repository\'s templates (examples, embedded default, test data)', () => {
  const sources = [...yamlTemplates(join(repoRoot, 'examples')), ...yamlTemplates(join(repoRoot, 'src')), ...yamlTemplates(join(repoRoot, 'test'))];
  assert.ok(sources.length > 10, `only ${sources.length} templates found in the repository`);
  for (const source of sources) sameItems(source);
});

Corpus('the templates of ../shared (Istio\'s settings and the Go text/template cases)', () => {
  const istio = sharedPath('conformance/istio', 'the lexer fast path over Istio\'s templates');
  const gotmpl = sharedPath('conformance/gotmpl/cases.json', 'the lexer fast path over the Go cases');
  if (istio === undefined || gotmpl === undefined) return;
  const sources = yamlTemplates(istio);
  assert.ok(sources.length > 8, `only ${sources.length} templates found in ../shared/conformance/istio`);
  const cases = (JSON.parse(readFileSync(gotmpl, 'utf8')) as { cases: { id: string; template: string; delims?: [string, string] }[] }).cases;
  for (const c of cases) sources.push({ name: `gotmpl case ${c.id}`, text: c.template, delims: c.delims ?? ['', ''] });
  for (const source of sources) {
    sameItems(source);
    sameItems(source, { emitComment: true, breakOK: false, continueOK: false });
  }
});

const Random = suite('lexer fast path: the same items as the state machine on random token soups');

/** Pieces that make up actions, the common tokens next to every kind of edge the fast path must leave alone. */
const PIECES = [
  ' ', '  ', '\t', '\n', ' \n ', '-', ' -', '- ', '.', '.X', '.x9', '._', '.5', '.é', 'é', 'abc', 'if', 'else', 'end',
  'range', 'break', 'continue', 'true', 'false', 'nil', 'with', 'define', 'template', 'block', 'x1', '_y', '$', '$x',
  '$1', '$é', '"s"', '"a\\"b"', '"\\n"', '"bad\n"', '"open', '`raw`', '`r\nr`', "'c'", "'\\''", '1', '-1', '+2',
  '0x1F', '1e3', '1+2i', '|', '(', ')', '))', '=', ':=', ':', ',', '%', '{', '}', '[', ']', '/*', '*/', '\u{1F600}',
];

function randomTemplate(next: () => number, left: string, right: string): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  let text = '';
  const actions = 1 + Math.floor(next() * 4);
  for (let a = 0; a < actions; a++) {
    text += pick(['', 'text ', 'a\n', ' ']) + left + pick(['', '- ', ' ', '-']);
    const n = Math.floor(next() * 8);
    for (let i = 0; i < n; i++) text += pick(PIECES);
    text += pick(['', ' -', ' - ', ' ']) + (next() < 0.95 ? right : '');
  }
  return text;
}

Random('4000 random templates, default and custom delimiters', () => {
  const seed = Number(process.env.LEX_FAST_SEED ?? 20261126);
  const next = mulberry32(seed);
  const delimiters: [string, string][] = [['', ''], ['[[', ']]'], ['<%', '%>'], ['((', '))'], ['{|', '|}'], ['x(', ')x'], ['a', 'b'], ['$', '.']];
  for (let i = 0; i < 4000; i++) {
    const [left, right] = delimiters[i % delimiters.length] as [string, string];
    const text = randomTemplate(next, left === '' ? '{{' : left, right === '' ? '}}' : right);
    sameItems({ name: `seed ${seed}, template ${i}`, text, delims: [left, right] });
  }
});

Corpus.run();
Random.run();
