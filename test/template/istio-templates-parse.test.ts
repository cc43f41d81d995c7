/**
 * Every template of Istio's injector config (../shared/conformance/istio/settings/<name>/inject-config.yaml,
 * the `templates:` map; `default` first) parses with our parser given Sprig's and Istio's function names, and the
 * parsed tree has the shape go-template.md §1 inventories. With the real Sprig/Istio function maps when they load;
 * otherwise with placeholder functions for the names in go-template.md §1/§8/§9.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYAML } from 'yaml';
import { T, type FuncMap, type GoFunc } from '../../src/go/types.ts';
import { parse, type Template } from '../../src/template/mod.ts';
import type { Node } from '../../src/template/node.ts';
import { sharedPath } from '../support/shared.ts';

/** Sprig function names (go-template.md §8) and Istio's (§9). */
const SPRIG_NAMES = `default quote nindent indent list append push join trunc trimAll contains empty coalesce ternary
  toJson mustToJson toPrettyJson toRawJson fromJson mustFromJson dict get set unset hasKey keys values pick omit merge
  mergeOverwrite dig hasPrefix hasSuffix trimPrefix trimSuffix trim replace lower upper title repeat substr split
  splitList splitn cat squote toString toStrings int int64 float64 atoi add sub mul div mod add1 max min addf subf
  mulf divf until seq first last rest initial has uniq without compact concat reverse sortAlpha prepend slice b64enc
  b64dec b32enc b32dec sha256sum sha1sum adler32sum regexMatch regexFind regexFindAll regexReplaceAll
  regexReplaceAllLiteral regexSplit semver semverCompare fail kindOf kindIs typeOf typeIs deepEqual now date toDate
  duration ago htmlDate dateInZone unixEpoch env expandenv base dir ext clean isAbs urlParse urlJoin uuidv4 abbrev
  abbrevboth initials wrap wrapWith nospace snakecase camelcase kebabcase swapcase shuffle plural untilStep floor ceil
  round toDecimal biggest maxf minf add1f tuple pluck`.split(/\s+/);
const ISTIO_NAMES = `annotation isset valueOrDefault excludeInboundPort includeInboundPorts applicationPorts kubevirtInterfaces
  excludeInterfaces toJSON fromJSON structToJSON protoToJSON toYaml indent directory contains toLower
  appendMultusNetwork env omit strdict toJsonMap mergeMaps omitNil otelResourceAttributes formatDuration`.split(/\s+/);

function placeholders(names: readonly string[]): FuncMap {
  const f: GoFunc = { params: [], variadic: T.any, results: [T.any], impl: () => null };
  return Object.fromEntries(names.filter((n) => n !== '').map((n) => [n, f]));
}

async function functionMaps(): Promise<{ maps: FuncMap[]; real: boolean }> {
  try {
    const { sprigFuncs } = await import('../../src/template/funcs/sprig.ts');
    const { istioFuncs } = await import('../../src/inject/funcmap.ts');
    return { maps: [sprigFuncs, istioFuncs()], real: true };
  } catch (e) {
    console.log(`NOTE Sprig/Istio function maps not loadable (${(e as Error).message.split('\n')[0]}); using placeholders`);
    return { maps: [placeholders(SPRIG_NAMES), placeholders(ISTIO_NAMES)], real: false };
  }
}

function count(node: Node, pred: (n: Node) => boolean): number {
  let n = pred(node) ? 1 : 0;
  const children: (Node | null)[] = [];
  switch (node.type) {
    case 'list':
      children.push(...node.nodes);
      break;
    case 'if':
    case 'range':
    case 'with':
      children.push(node.pipe, node.list, node.elseList);
      break;
    case 'action':
      children.push(node.pipe);
      break;
    case 'template':
      children.push(node.pipe);
      break;
    case 'pipe':
      children.push(...node.cmds);
      break;
    case 'command':
      children.push(...node.args);
      break;
    case 'chain':
      children.push(node.node);
      break;
  }
  for (const c of children) if (c !== null) n += count(c, pred);
  return n;
}

function allNodes(t: Template, pred: (n: Node) => boolean): number {
  return t.names().reduce((sum, name) => sum + count(t.tree(name)?.root as Node, pred), 0);
}

const settingsDir = sharedPath('conformance/istio/settings', 'parsing Istio injection templates');
const Istio = suite('Istio injection templates parse');

if (settingsDir !== undefined) {
  const settings = readdirSync(settingsDir).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  const mapsPromise = functionMaps();

  for (const setting of settings) {
    let config: { templates?: Record<string, string> };
    try {
      config = parseYAML(readFileSync(join(settingsDir, setting, 'inject-config.yaml'), 'utf8')) as typeof config;
    } catch {
      continue;
    }
    for (const [name, text] of Object.entries(config.templates ?? {})) {
      Istio(`${setting}/${name}`, async () => {
        const { maps } = await mapsPromise;
        const t = parse(text, { name, funcs: maps });
        assert.ok(t.names().includes(name));
        assert.ok((t.source() ?? '').length > 0);
        // The printed tree is a valid template again.
        parse(t.source() as string, { name, funcs: maps });
      });
    }
  }

  Istio('the 8 default templates have the parse-tree inventory of go-template.md §1', async () => {
    const { maps } = await mapsPromise;
    const config = parseYAML(readFileSync(join(settingsDir, 'default', 'inject-config.yaml'), 'utf8')) as { templates: Record<string, string> };
    const templates = Object.entries(config.templates).map(([name, text]) => parse(text, { name, funcs: maps }));
    assert.is(templates.length, 8);
    const total = (pred: (n: Node) => boolean): number => templates.reduce((sum, t) => sum + allNodes(t, pred), 0);
    assert.is(total((n) => n.type === 'action'), 515);
    assert.is(total((n) => n.type === 'if'), 216);
    assert.is(total((n) => n.type === 'if' && n.elseList !== null), 57);
    assert.is(total((n) => n.type === 'range'), 35);
    assert.is(total((n) => n.type === 'range' && n.pipe.decl.length === 2), 28);
    assert.is(total((n) => n.type === 'range' && n.pipe.decl.length === 0), 7);
    assert.is(total((n) => n.type === 'with'), 25);
    assert.is(total((n) => n.type === 'action' && n.pipe.decl.length > 0 && !n.pipe.isAssign), 13);
    assert.is(total((n) => n.type === 'action' && n.pipe.isAssign), 6);
    assert.is(total((n) => n.type === 'chain'), 14);
    assert.is(total((n) => n.type === 'template'), 3);
    for (const [cmds, want] of [[2, 218], [3, 8], [5, 5], [7, 1]] as const) {
      assert.is(total((n) => n.type === 'pipe' && n.cmds.length === cmds), want, `pipelines of ${cmds} commands`);
    }
    assert.is(total((n) => n.type === 'identifier' && n.ident === 'quote'), 120);
    assert.is(total((n) => n.type === 'identifier' && n.ident === 'index'), 60);
    assert.is(total((n) => n.type === 'identifier' && n.ident === 'annotation'), 66);
    const sidecar = templates[0] as Template;
    assert.equal(sidecar.names(), ['resources', 'sidecar']);
  });
} else {
  Istio('skipped: ../shared is absent', () => {});
}

Istio.run();
