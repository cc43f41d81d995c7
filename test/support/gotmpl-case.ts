/**
 * Runs one case of ../shared/conformance/gotmpl/cases.json through our engine, as the reference renderer runs it:
 * template named "t", the case's delimiters, missingkey and function set, data decoded from typed JSON.
 * Function sets: none = builtins only; sprig = sprigFuncs; istio = sprigFuncs then istioFuncs() (loaded on demand).
 */
import type { FuncMap } from '../../src/go/types.ts';
import { parse } from '../../src/template/mod.ts';
import { decodeTypedJSON, type Fixtures } from './typed-json.ts';

export interface GotmplCase {
  readonly id?: string;
  readonly template: string;
  readonly data: unknown;
  readonly expected?: string | null;
  readonly funcs?: string;
  readonly delims?: readonly string[];
  readonly missingkey?: string;
}

export type CaseResult = { readonly output: string } | { readonly error: string };

async function funcMaps(set: string | undefined): Promise<FuncMap[]> {
  switch (set ?? 'none') {
    case 'none':
      return [];
    case 'sprig': {
      const { sprigFuncs } = await import('../../src/template/funcs/sprig.ts');
      return [sprigFuncs];
    }
    case 'istio': {
      const { sprigFuncs } = await import('../../src/template/funcs/sprig.ts');
      const { istioFuncs } = await import('../../src/inject/funcmap.ts');
      return [sprigFuncs, istioFuncs()];
    }
    default:
      throw new Error(`unknown function set ${JSON.stringify(set)}`);
  }
}

/** Output, or the error message when parsing or execution fails. Rejects only if a function set cannot be loaded. */
export async function runCase(c: GotmplCase, fixtures: Fixtures): Promise<CaseResult> {
  const funcs = await funcMaps(c.funcs);
  try {
    const delims = c.delims?.length === 2 ? ([c.delims[0], c.delims[1]] as [string, string]) : undefined;
    const template = parse(c.template, {
      name: 't',
      funcs,
      ...(delims ? { delims } : {}),
      ...(c.missingkey ? { missingkey: c.missingkey as 'default' | 'invalid' | 'zero' | 'error' } : {}),
    });
    return { output: template.execute(decodeTypedJSON(c.data, fixtures)) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
