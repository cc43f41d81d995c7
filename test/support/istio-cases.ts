/**
 * Istio's golden cases (../shared/conformance/istio/cases.json) as the KRM function's input: each case's documents
 * (+ options.extraItems) in a ResourceList whose functionConfig is a ConfigMap holding the case's settings (config,
 * values, mesh with meshOverlay merged in) and options. Shared by the conformance test (Node) and the Deno run of the
 * same cases, so both feed the function the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { mergeMeshOverlay } from './mesh-overlay.ts';

export interface Case {
  readonly id: string;
  readonly input: string;
  readonly golden: string | null;
  readonly settings: string;
  readonly meshOverlay: Record<string, unknown> | null;
  readonly options: Record<string, unknown>;
  readonly expectError: string | null;
  readonly expectWarning: string | null;
}

/** The cases of cases.json (its path given). */
export function loadCases(casesFile: string): Case[] {
  return (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: Case[] }).cases;
}

export function documentsOf(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((v) => v !== null && v !== undefined);
}

/** The case options that are function options. */
const OPTION_KEYS = ['nativeSidecars', 'kubernetesVersion', 'platform', 'compliancePolicy'];

export interface PreparedCase {
  readonly settings: { config: string; values: string; mesh: string };
  readonly options: Record<string, string>;
  readonly items: unknown[];
  readonly extra: number;
  /** The input file's text, as written. */
  readonly inputText: string;
  /** The input is already injected (by an older Istio): re-injection is an upgrade. */
  readonly upgrade: boolean;
}

/** A case's items and settings; dir is the folder of cases.json. */
export function prepareCase(dir: string, c: Case): PreparedCase {
  const read = (f: string): string => readFileSync(join(dir, 'settings', c.settings, f), 'utf8');
  let mesh = read('mesh.yaml');
  if (c.meshOverlay) {
    const base = documentsOf(mesh)[0] ?? {};
    mesh = stringify(mergeMeshOverlay(base, c.meshOverlay));
  }
  const options: Record<string, string> = {};
  for (const key of OPTION_KEYS) if (c.options[key] !== undefined) options[key] = String(c.options[key]);
  const extra = Array.isArray(c.options['extraItems']) ? (c.options['extraItems'] as unknown[]) : [];
  const inputText = readFileSync(join(dir, c.input), 'utf8');
  const items = [...documentsOf(inputText), ...extra];
  const upgrade = inputText.includes('sidecar.istio.io/status');
  return { settings: { config: read('inject-config.yaml'), values: read('inject-values.json'), mesh }, options, items, extra: extra.length, inputText, upgrade };
}

/** The ConfigMap functionConfig of a prepared case. */
export function caseFunctionConfig(p: PreparedCase): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inject-sidecar' }, data: { ...p.settings, ...p.options } };
}

export function resourceList(items: unknown[], functionConfig: unknown): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig });
}
