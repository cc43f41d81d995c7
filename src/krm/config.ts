/**
 * The functionConfig → a typed, normalized `FunctionOptions` (ARCHITECTURE.md §6).
 *
 * Accepted forms:
 * - a ConfigMap whose `data` holds the options as strings (kpt's `function-input` from `-- key=value` or a Kptfile
 *   `configMap:`; `env`, `podTemplatePaths`, `namespaces` and `revisionTags` are then YAML/JSON texts, `revisionTags`
 *   also a comma-separated list);
 * - `apiVersion: inject-sidecar.dev/v1alpha1, kind: SidecarInjection` with the options under `spec`, where `config`,
 *   `values` and `mesh` may also be YAML objects (kept as YAML text, so numbers and nulls keep their spelling);
 * - either form may name the mesh's own ConfigMaps (`injectorConfigMap: istio-sidecar-injector`,
 *   `meshConfigMap: istio-system/istio`), which are then read from the items. Inline `config`/`values`/`mesh` win over
 *   what a named ConfigMap holds; command-line literals (`--injectConfigFile`, …) win over both.
 * No functionConfig, an empty ConfigMap (kpt's `function-input` with `data: {}`) or a SidecarInjection without spec
 * means "no options": `config`, `values` and `mesh` stay undefined and the caller uses its embedded default.
 *
 * Validation uses the published JSON Schema (schema/sidecar-injection.schema.json), precompiled by
 * scripts/gen-config-validator.mjs; every problem becomes one error result naming the field (`spec.nativeSidecars`).
 */
import * as generated from './config-validator.generated.ts';
import { apiVersionOf, getNodeIn, itemMap, kindOf, nameOf, namespaceOf } from './object.ts';
import type { Item } from './object.ts';
import { errorResult } from './result.ts';
import type { Result } from './result.ts';
import { isMap, isScalar, isSeq, parseValue, scalarText, setOwn, stringifyNode, toJS } from '../yaml/codec.ts';
import type { Node } from '../yaml/codec.ts';

export type Action = 'inject' | 'uninject' | 'check';
export type DecisionMode = 'manual' | 'webhook';
export type NativeSidecars = 'auto' | 'true' | 'false';
export type Platform = '' | 'openshift';

/** Where a custom kind keeps its pod template (see the schema's `podTemplatePaths`). */
export interface PodTemplatePath {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly podTemplatePath?: string | readonly string[];
  readonly metadata?: string | readonly string[];
  readonly spec?: string | readonly string[];
}

/** Webhook mode: what the config says about a namespace that is not among the items. */
export interface NamespaceOption {
  readonly labels: Readonly<Record<string, string>>;
}

/** A ConfigMap among the items, named by `injectorConfigMap` / `meshConfigMap`. */
export interface ConfigMapRef {
  readonly name: string;
  readonly namespace?: string;
}

export interface FunctionOptions {
  /** Which form the options came from; `none` when there was no (or an empty) functionConfig. */
  readonly source: 'none' | 'ConfigMap' | 'SidecarInjection';
  /** `data.config` of `istio-sidecar-injector`; undefined → the embedded default. */
  readonly config: string | undefined;
  /** `data.values` of `istio-sidecar-injector` (JSON or YAML text); undefined → the embedded default. */
  readonly values: string | undefined;
  /** `data.mesh` of `istio`; undefined → the embedded default. */
  readonly mesh: string | undefined;
  readonly action: Action;
  readonly mode: DecisionMode;
  readonly revision: string;
  /** Webhook mode: revision tags pointing at `revision` (`istioctl tag set TAG --revision REV`). */
  readonly revisionTags: readonly string[];
  /** Webhook mode: namespace labels by namespace name, for namespaces that are not among the items (null prototype). */
  readonly namespaces: Readonly<Record<string, NamespaceOption>>;
  /** Webhook mode: `sidecarInjectorWebhook.enableNamespacesByDefault`; undefined → read from `values`. */
  readonly enableNamespacesByDefault: boolean | undefined;
  readonly nativeSidecars: NativeSidecars;
  /** `1.NN` (a leading `v` and a patch number are dropped); undefined when not set. */
  readonly kubernetesVersion: string | undefined;
  readonly platform: Platform;
  readonly compliancePolicy: string;
  readonly clusterID: string | undefined;
  readonly network: string | undefined;
  /** Values for Istio's `env` template function (a null-prototype record). */
  readonly env: Readonly<Record<string, string>>;
  readonly podTemplatePaths: readonly PodTemplatePath[];
  readonly injectorConfigMap: ConfigMapRef | undefined;
  readonly meshConfigMap: ConfigMapRef | undefined;
}

/** Options given literally on the command line; they replace the functionConfig's. */
export interface ConfigOverrides {
  readonly config?: string;
  readonly values?: string;
  readonly mesh?: string;
  readonly revision?: string;
}

export type LoadedOptions =
  | { readonly ok: true; readonly options: FunctionOptions; readonly results: readonly Result[] }
  | { readonly ok: false; readonly results: readonly Result[] };

/** The option keys, in the order of ARCHITECTURE.md §6. */
export const OPTION_KEYS: readonly string[] = [
  'config', 'values', 'mesh', 'action', 'mode', 'revision', 'revisionTags', 'namespaces', 'enableNamespacesByDefault',
  'nativeSidecars', 'kubernetesVersion', 'platform',
  'compliancePolicy', 'clusterID', 'network', 'env', 'podTemplatePaths', 'injectorConfigMap', 'meshConfigMap',
];

export const SIDECAR_INJECTION_API_VERSION = 'inject-sidecar.dev/v1alpha1';
export const SIDECAR_INJECTION_KIND = 'SidecarInjection';

const NO_OPTIONS: FunctionOptions = Object.freeze({
  source: 'none',
  config: undefined,
  values: undefined,
  mesh: undefined,
  action: 'inject',
  mode: 'manual',
  revision: '',
  revisionTags: Object.freeze([]),
  namespaces: Object.freeze(Object.create(null) as Record<string, NamespaceOption>),
  enableNamespacesByDefault: undefined,
  nativeSidecars: 'auto',
  kubernetesVersion: undefined,
  platform: '',
  compliancePolicy: '',
  clusterID: undefined,
  network: undefined,
  env: Object.freeze(Object.create(null) as Record<string, string>),
  podTemplatePaths: Object.freeze([]),
  injectorConfigMap: undefined,
  meshConfigMap: undefined,
});

/** The options used when there is no functionConfig at all. */
export function defaultOptions(): FunctionOptions {
  return NO_OPTIONS;
}

/** Options keys whose values are free text (YAML objects allowed in the typed form). */
const TEXT_OR_OBJECT = new Set(['config', 'values', 'mesh']);

/**
 * Loads the options from a functionConfig (or its absence), reading named ConfigMaps from `items`, and applies the
 * command-line overrides. All problems are reported at once, as error results naming the functionConfig and field.
 */
export function loadFunctionOptions(functionConfig: Item | undefined, items: readonly Item[], overrides: ConfigOverrides = {}): LoadedOptions {
  if (functionConfig === undefined || itemMap(functionConfig) === undefined) return finish(NO_OPTIONS, [], overrides);
  const kind = kindOf(functionConfig);
  const fail = (path: string, message: string): Result => errorResult(message, functionConfig, { field: { path } });
  if (kind !== 'ConfigMap' && kind !== SIDECAR_INJECTION_KIND) {
    const found = kind ? `kind "${kind}"` : 'no kind';
    return {
      ok: false,
      results: [fail('kind', `Unsupported functionConfig: expected a ConfigMap (v1) or a ${SIDECAR_INJECTION_KIND} (${SIDECAR_INJECTION_API_VERSION}), found ${found}`)],
    };
  }
  const form = kind === 'ConfigMap' ? 'ConfigMap' : 'SidecarInjection';
  const field = form === 'ConfigMap' ? 'data' : 'spec';
  const optionsNode = getNodeIn(functionConfig, [field]);
  const plain = plainForValidation(functionConfig, form);

  const problems: { path: string; message: string }[] = [];
  if (!validateFunctionConfig(plain)) problems.push(...schemaProblems(validateFunctionConfig.errors ?? [], ''));
  const entries = isMap(optionsNode) ? optionsNode.items : [];
  if (problems.length > 0) return { ok: false, results: problems.map((p) => fail(p.path, p.message)) };
  if (entries.length === 0) return finish({ ...NO_OPTIONS, source: form }, [], overrides);

  const options: Record<string, unknown> = { ...NO_OPTIONS, source: form };
  for (const pair of entries) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (value === null || (isScalar(value) && value.value === null)) continue;
    const path = `${field}.${key}`;
    const normalized = normalizeOption(key, value, form, path, problems);
    if (normalized !== undefined) options[key] = normalized;
  }
  if (problems.length > 0) return { ok: false, results: problems.map((p) => fail(p.path, p.message)) };

  const named = readNamedConfigMaps(options as unknown as FunctionOptions, items, field);
  if (named.problems.length > 0) return { ok: false, results: named.problems.map((p) => fail(p.path, p.message)) };
  return finish(named.options, [], overrides);
}

function finish(options: FunctionOptions, results: Result[], overrides: ConfigOverrides): LoadedOptions {
  const out: FunctionOptions = {
    ...options,
    ...(overrides.config !== undefined ? { config: overrides.config } : {}),
    ...(overrides.values !== undefined ? { values: overrides.values } : {}),
    ...(overrides.mesh !== undefined ? { mesh: overrides.mesh } : {}),
    ...(overrides.revision !== undefined ? { revision: overrides.revision } : {}),
  };
  return { ok: true, options: out, results };
}

// --- conversion for the schema -------------------------------------------------------------------------------------

/**
 * The functionConfig as plain JS for the schema. Scalars of string options are given in their source spelling, so
 * that `kubernetesVersion: 1.30` (a YAML number) is read as "1.30" rather than rejected or misread as 1.3.
 */
function plainForValidation(functionConfig: Item, form: 'ConfigMap' | 'SidecarInjection'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const map = itemMap(functionConfig)!;
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(toJS(pair.key));
    const value = pair.value;
    const optionsField = form === 'ConfigMap' ? 'data' : 'spec';
    if (key === optionsField && isMap(value)) {
      const options: Record<string, unknown> = {};
      for (const entry of value.items) {
        const optionKey = isScalar(entry.key) ? String(entry.key.value) : String(toJS(entry.key));
        const plain = plainOption(optionKey, entry.value, form);
        if (plain !== undefined) setOwn(options, optionKey, plain);
      }
      setOwn(out, key, options);
    } else if (key === 'apiVersion' || key === 'kind') {
      setOwn(out, key, scalarText(value) ?? toJS(value));
    } else {
      setOwn(out, key, toJS(value));
    }
  }
  return out;
}

function plainOption(key: string, value: unknown, form: 'ConfigMap' | 'SidecarInjection'): unknown {
  if (isScalar(value) && value.value === null) return undefined;
  if (form === 'SidecarInjection' && (key === 'nativeSidecars' || key === 'enableNamespacesByDefault') && isScalar(value) && typeof value.value === 'boolean') {
    return value.value;
  }
  if (form === 'SidecarInjection' && key === 'env' && isMap(value)) {
    const env: Record<string, unknown> = {};
    for (const pair of value.items) setOwn(env, String(isScalar(pair.key) ? pair.key.value : toJS(pair.key)), scalarText(pair.value) ?? toJS(pair.value));
    return env;
  }
  if (isScalar(value)) return scalarText(value);
  return toJS(value);
}

interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** An ajv standalone validator: returns validity and leaves the errors of the last call on `errors`. */
type Validator = ((data: unknown) => boolean) & { errors?: readonly SchemaError[] | null };

const validateFunctionConfig = generated.validateFunctionConfig as unknown as Validator;
const validatePodTemplatePaths = generated.validatePodTemplatePaths as unknown as Validator;

/** Turns ajv errors into `{path, message}` with our wording; `prefix` is prepended to every path. */
function schemaProblems(errors: readonly SchemaError[], prefix: string): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let path = [prefix, ...segments].filter((s) => s !== '').join('.');
    const last = segments[segments.length - 1] ?? '';
    let message: string;
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(error.params['additionalProperty']);
        path = path === '' ? key : `${path}.${key}`;
        message = last === 'data' || last === 'spec'
          ? `Unknown option "${key}" (known options: ${OPTION_KEYS.join(', ')})`
          : `Unknown field "${key}"`;
        break;
      }
      case 'required': {
        const key = String(error.params['missingProperty']);
        path = path === '' ? key : `${path}.${key}`;
        message = 'is required';
        break;
      }
      case 'enum':
        // The typed form also accepts YAML booleans for "true"/"false": show each spelling once.
        message = `must be one of ${[...new Set((error.params['allowedValues'] as unknown[]).map(showValue))].join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(error.params['allowedValue'])}`;
        break;
      case 'type':
        message = `must be ${typeWords(String(error.params['type']))}`;
        break;
      case 'pattern':
        message = patternMessage(last, segments);
        break;
      default:
        message = error.message ?? `is invalid (${error.keyword})`;
    }
    const key = `${path}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

function showValue(value: unknown): string {
  if (value === '') return '"" (empty)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function typeWords(types: string): string {
  const words: Record<string, string> = { string: 'a string', object: 'a map', array: 'a list', boolean: 'a boolean', number: 'a number', integer: 'an integer', null: 'null' };
  return types.split(',').map((t) => words[t] ?? t).join(' or ');
}

function patternMessage(field: string, segments: readonly string[]): string {
  if (segments.includes('revisionTags')) return 'must be a tag name: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  if (field === 'kubernetesVersion') return 'must be a Kubernetes version such as "1.33"';
  if (field === 'injectorConfigMap' || field === 'meshConfigMap') return 'must be a ConfigMap name, optionally as "namespace/name"';
  return 'has an invalid format';
}

// --- normalization -------------------------------------------------------------------------------------------------

function normalizeOption(key: string, value: Node, form: 'ConfigMap' | 'SidecarInjection', path: string, problems: { path: string; message: string }[]): unknown {
  if (TEXT_OR_OBJECT.has(key)) return isScalar(value) ? scalarText(value) : stringifyNode(value.clone() as Node);
  switch (key) {
    case 'nativeSidecars':
      return isScalar(value) && typeof value.value === 'boolean' ? String(value.value) : scalarText(value);
    case 'kubernetesVersion':
      return normalizeVersion(scalarText(value) ?? '');
    case 'env':
      return form === 'ConfigMap' ? parseEnvText(scalarText(value) ?? '', path, problems) : envFromNode(value);
    case 'podTemplatePaths':
      return form === 'ConfigMap' ? parsePodTemplatePathsText(scalarText(value) ?? '', path, problems) : toJS(value);
    case 'revisionTags':
      return form === 'ConfigMap' ? parseRevisionTagsText(scalarText(value) ?? '', path, problems) : uniqueTags(toJS(value) as string[]);
    case 'namespaces':
      return form === 'ConfigMap' ? parseNamespacesText(scalarText(value) ?? '', path, problems) : namespacesFrom(toJS(value));
    case 'enableNamespacesByDefault':
      return isScalar(value) && typeof value.value === 'boolean' ? value.value : scalarText(value) === 'true';
    case 'injectorConfigMap':
    case 'meshConfigMap':
      return configMapRef(scalarText(value) ?? '');
    default:
      return scalarText(value);
  }
}

function normalizeVersion(version: string): string {
  const m = /^v?(1\.[0-9]+)/.exec(version);
  return m ? m[1]! : version;
}

function envFromNode(node: Node): Record<string, string> {
  const env = Object.create(null) as Record<string, string>;
  if (!isMap(node)) return env;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(toJS(pair.key));
    setOwn(env, key, scalarText(pair.value) ?? '');
  }
  return env;
}

function parseEnvText(text: string, path: string, problems: { path: string; message: string }[]): Record<string, string> | undefined {
  const parsed = parseValue(text);
  const first = parsed.problems[0];
  if (first) {
    problems.push({ path, message: `must be a YAML or JSON map of strings: line ${first.line}, column ${first.column}: ${first.message}` });
    return undefined;
  }
  if (parsed.node === null) return Object.create(null) as Record<string, string>;
  if (!isMap(parsed.node)) {
    problems.push({ path, message: 'must be a YAML or JSON map of strings' });
    return undefined;
  }
  for (const pair of parsed.node.items) {
    if (!isScalar(pair.value) || pair.value.value === null) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      problems.push({ path: `${path}.${key}`, message: 'must be a string' });
    }
  }
  return envFromNode(parsed.node);
}

function parsePodTemplatePathsText(text: string, path: string, problems: { path: string; message: string }[]): unknown {
  const parsed = parseValue(text);
  const first = parsed.problems[0];
  if (first) {
    problems.push({ path, message: `must be a YAML or JSON list: line ${first.line}, column ${first.column}: ${first.message}` });
    return undefined;
  }
  if (parsed.node === null) return [];
  if (!isSeq(parsed.node)) {
    problems.push({ path, message: 'must be a YAML or JSON list' });
    return undefined;
  }
  const value = parsed.value;
  if (!validatePodTemplatePaths(value)) {
    problems.push(...schemaProblems(validatePodTemplatePaths.errors ?? [], path));
    return undefined;
  }
  return value;
}

/**
 * A ConfigMap text option checked against the typed form's schema: it is validated as `spec.<key>` of a
 * SidecarInjection, and the problems are named under the ConfigMap's `path`.
 */
function validateAsTyped(key: string, value: unknown, path: string, problems: { path: string; message: string }[]): boolean {
  const typed = { apiVersion: SIDECAR_INJECTION_API_VERSION, kind: SIDECAR_INJECTION_KIND, spec: { [key]: value } };
  if (validateFunctionConfig(typed)) return true;
  for (const p of schemaProblems(validateFunctionConfig.errors ?? [], '')) {
    const at = `spec.${key}`;
    problems.push({ path: p.path === at ? path : p.path.startsWith(`${at}.`) ? path + p.path.slice(at.length) : path, message: p.message });
  }
  return false;
}

/** `revisionTags` in a ConfigMap: a YAML/JSON list, or comma-separated names (`prod,default`, as `-- revisionTags=…` gives). */
function parseRevisionTagsText(text: string, path: string, problems: { path: string; message: string }[]): string[] | undefined {
  const parsed = parseValue(text);
  const first = parsed.problems[0];
  let tags: unknown;
  if (first === undefined && isSeq(parsed.node)) tags = parsed.value;
  else if (first === undefined && (parsed.node === null || isScalar(parsed.node))) {
    tags = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  } else {
    const where = first ? `: line ${first.line}, column ${first.column}: ${first.message}` : '';
    problems.push({ path, message: `must be a YAML or JSON list of tag names, or tag names separated by commas${where}` });
    return undefined;
  }
  return validateAsTyped('revisionTags', tags, path, problems) ? uniqueTags(tags as string[]) : undefined;
}

/** Tags in their first order, each once. */
function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

/** `namespaces` in a ConfigMap: a YAML or JSON map, checked like the typed form's. */
function parseNamespacesText(text: string, path: string, problems: { path: string; message: string }[]): Record<string, NamespaceOption> | undefined {
  const parsed = parseValue(text);
  const first = parsed.problems[0];
  if (first) {
    problems.push({ path, message: `must be a YAML or JSON map of namespace names to {labels}: line ${first.line}, column ${first.column}: ${first.message}` });
    return undefined;
  }
  if (parsed.node === null) return namespacesFrom({});
  if (!isMap(parsed.node)) {
    problems.push({ path, message: 'must be a YAML or JSON map of namespace names to {labels}' });
    return undefined;
  }
  const value = toJS(parsed.node);
  return validateAsTyped('namespaces', value, path, problems) ? namespacesFrom(value) : undefined;
}

/** The validated `namespaces` value as a null-prototype record of `{labels}` (no inherited names). */
function namespacesFrom(value: unknown): Record<string, NamespaceOption> {
  const out = Object.create(null) as Record<string, NamespaceOption>;
  if (typeof value !== 'object' || value === null) return out;
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    const labels = Object.create(null) as Record<string, string>;
    const raw = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['labels'] : undefined;
    if (typeof raw === 'object' && raw !== null) for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') setOwn(labels, k, v);
    setOwn(out as Record<string, unknown>, name, { labels });
  }
  return out;
}

function configMapRef(text: string): ConfigMapRef {
  const slash = text.indexOf('/');
  return slash < 0 ? { name: text } : { namespace: text.slice(0, slash), name: text.slice(slash + 1) };
}

// --- named ConfigMaps ----------------------------------------------------------------------------------------------

function readNamedConfigMaps(options: FunctionOptions, items: readonly Item[], field: string): { options: FunctionOptions; problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  let out = options;
  if (options.injectorConfigMap) {
    const path = `${field}.injectorConfigMap`;
    const found = findConfigMap(options.injectorConfigMap, items, path, problems);
    if (found) {
      const config = getNodeIn(found, ['data', 'config']);
      const values = getNodeIn(found, ['data', 'values']);
      if (config === undefined) problems.push({ path, message: `ConfigMap ${refText(options.injectorConfigMap)} has no data.config` });
      out = {
        ...out,
        config: out.config ?? scalarText(config),
        values: out.values ?? scalarText(values),
      };
    }
  }
  if (options.meshConfigMap) {
    const path = `${field}.meshConfigMap`;
    const found = findConfigMap(options.meshConfigMap, items, path, problems);
    if (found) {
      const mesh = getNodeIn(found, ['data', 'mesh']);
      if (mesh === undefined) problems.push({ path, message: `ConfigMap ${refText(options.meshConfigMap)} has no data.mesh` });
      out = { ...out, mesh: out.mesh ?? scalarText(mesh) };
    }
  }
  return { options: out, problems };
}

function findConfigMap(ref: ConfigMapRef, items: readonly Item[], path: string, problems: { path: string; message: string }[]): Item | undefined {
  const matches = items.filter((item) =>
    kindOf(item) === 'ConfigMap' && apiVersionOf(item) === 'v1' && nameOf(item) === ref.name &&
    (ref.namespace === undefined || namespaceOf(item) === ref.namespace));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) problems.push({ path, message: `ConfigMap ${refText(ref)} was not found among the items` });
  else problems.push({ path, message: `ConfigMap ${refText(ref)} matches ${matches.length} items; name its namespace as "namespace/name"` });
  return undefined;
}

function refText(ref: ConfigMapRef): string {
  return `"${ref.namespace !== undefined ? `${ref.namespace}/` : ''}${ref.name}"`;
}
