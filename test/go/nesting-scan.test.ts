/**
 * The nesting pre-scan of unmarshalYAML11 (`nestedTooDeep`, src/go/yaml.ts) jumps from line end to bracket; it must
 * name the same line as a scan of every character does (the reference below, the scan it replaced), on random texts
 * near and past MAX_YAML_DEPTH: deep indentation, indicators, brackets opened and closed, templates' `{{ }}`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_YAML_DEPTH, nestedTooDeep } from '../../src/go/yaml.ts';
import { mulberry32 } from '../support/random.ts';

function referenceScan(text: string): number | undefined {
  if (text.length < MAX_YAML_DEPTH) return undefined;
  let flow = 0;
  let lead = 0;
  let inLead = true;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      inLead = true;
      lead = 0;
      line++;
      continue;
    }
    if (inLead) {
      if (c === 0x20 || c === 0x09 || c === 0x2d || c === 0x3f || c === 0x3a) lead++;
      else inLead = false;
    }
    if (c === 0x5b || c === 0x7b) flow++;
    else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
    if (lead + flow + 1 > MAX_YAML_DEPTH) return line;
  }
  return undefined;
}

const NestingScan = suite('nestedTooDeep: the same line as a scan of every character');

NestingScan('random texts near and past the bound', () => {
  const random = mulberry32(Number(process.env['NESTING_SEED'] ?? 7));
  const pieces = ['{{ .Values }}', '{', '}', '[', ']', '{{', '}}', 'key: value', '- ', '? ', ': ', ' ', '\t', 'x', '"[{"'];
  let deep = 0;
  for (let n = 0; n < 600; n++) {
    const lines: string[] = [];
    const count = 1 + Math.floor(random() * 40);
    const bias = random();
    for (let l = 0; l < count; l++) {
      const lead = random() < 0.2 ? ' -?:\t'.charAt(Math.floor(random() * 5)).repeat(Math.floor(random() * 520)) : ' '.repeat(Math.floor(random() * 12));
      let body = '';
      const parts = Math.floor(random() * (random() < bias ? 200 : 10));
      for (let p = 0; p < parts; p++) body += random() < bias * 0.5 ? '[' : pieces[Math.floor(random() * pieces.length)];
      lines.push(lead + body);
    }
    const text = lines.join('\n') + (random() < 0.5 ? '\n' : '');
    const expected = referenceScan(text);
    if (expected !== undefined) deep++;
    assert.is(nestedTooDeep(text), expected, `text ${n}:\n${text.slice(0, 300)}`);
  }
  assert.ok(deep > 50 && deep < 550, `only ${deep} of 600 texts pass the bound: the generator misses one side`);
});

NestingScan.run();
