/**
 * @module
 * The injector config (`data.config` of the `istio-sidecar-injector` ConfigMap) as Istio's UnmarshalConfig reads it:
 * policy, defaultTemplates, templates (each parsed once, here), aliases, never/always selectors, injectedAnnotations.
 * Unknown keys are ignored, as sigs.k8s.io/yaml's non-strict decoding does (the chart's `template:` tripwire among them).
 */
import { unmarshalYAML11 } from '../go/yaml.ts';
import type { FuncMap } from '../go/types.ts';
import { parse, type Template } from '../template/mod.ts';
import { TemplateSyntaxError } from '../template/errors.ts';
import type { LabelSelector } from './policy.ts';
import { nullProtoRecord } from '../go/record.ts';

export interface InjectorConfig {
  /** `enabled`, `disabled`, or whatever the config says (anything else disables injection in webhook mode). */
  readonly policy: string;
  /** Templates used when a pod names none; `["sidecar"]` when the config lists none. */
  readonly defaultTemplates: readonly string[];
  readonly templates: ReadonlyMap<string, Template>;
  /** The template texts, by name, as given. */
  readonly templateSources: ReadonlyMap<string, string>;
  readonly aliases: ReadonlyMap<string, readonly string[]>;
  readonly neverInjectSelector: readonly LabelSelector[];
  readonly alwaysInjectSelector: readonly LabelSelector[];
  readonly injectedAnnotations: Readonly<Record<string, string>>;
}

/** A problem with the config, naming the field (`templates.sidecar`) and, for templates, the line. */
export interface ConfigProblem {
  readonly field: string;
  readonly message: string;
  readonly line?: number;
}

export interface LoadInjectorConfigOptions {
  /** Function maps for the templates, in registration order (Sprig first, then Istio's). */
  readonly funcs: readonly FuncMap[];
}

function isMap(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function own(m: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

function stringList(value: unknown, field: string, problems: ConfigProblem[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    problems.push({ field, message: 'must be a list of strings' });
    return [];
  }
  return value as string[];
}

function stringMap(value: unknown, field: string, problems: ConfigProblem[]): Record<string, string> {
  const out = nullProtoRecord<string>();
  if (value === undefined || value === null) return out;
  if (!isMap(value)) {
    problems.push({ field, message: 'must be a map of strings' });
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') problems.push({ field: `${field}.${k}`, message: 'must be a string' });
    else out[k] = v;
  }
  return out;
}

function selectors(value: unknown, field: string, problems: ConfigProblem[]): LabelSelector[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ field, message: 'must be a list of label selectors' });
    return [];
  }
  const out: LabelSelector[] = [];
  value.forEach((s, i) => {
    if (isMap(s)) out.push(s as LabelSelector);
    else problems.push({ field: `${field}[${i}]`, message: 'must be a label selector (matchLabels, matchExpressions)' });
  });
  return out;
}

/**
 * The most an injection template may print for one pod. Rendered sidecars are about 10 KiB, and Kubernetes stores
 * no object over etcd's 1.5 MiB; but reading rendered text that is not YAML (a broken template) costs seconds per
 * mebibyte, since `yaml` records every problem it meets, so the limit leaves fifty times a sidecar's room and no more.
 */
export const MAX_RENDERED_TEMPLATE = 512 * 1024;

/** Parses one template; a syntax error becomes a problem naming the template and its line. */
export function parseInjectionTemplate(
  name: string,
  text: string,
  funcs: readonly FuncMap[],
): { template?: Template; problem?: ConfigProblem } {
  try {
    return { template: parse(text, { name, funcs, limits: { maxOutputSize: MAX_RENDERED_TEMPLATE } }) };
  } catch (e) {
    if (e instanceof TemplateSyntaxError) {
      return { problem: { field: `templates.${name}`, line: e.line, message: e.message } };
    }
    throw e;
  }
}

/**
 * Reads an injector config. Every template is parsed once here and reused for every workload. Problems are
 * collected, not thrown; a config with problems has none of its templates dropped silently: the caller reports them.
 */
export function loadInjectorConfig(
  text: string,
  options: LoadInjectorConfigOptions,
): { config: InjectorConfig; problems: ConfigProblem[] } {
  let data: unknown;
  try {
    data = unmarshalYAML11(text);
  } catch (e) {
    const problem: ConfigProblem = { field: 'config', message: `cannot parse the injector config as YAML: ${(e as Error).message}` };
    const { config, problems } = injectorConfigFromData({}, options);
    return { config, problems: [problem, ...problems] };
  }
  return injectorConfigFromData(data, options);
}

/**
 * An injector config from its decoded YAML (what `unmarshalYAML11` gives for the text): the embedded default is
 * built from its data this way, with no YAML text to write and read back.
 */
export function injectorConfigFromData(
  data: unknown,
  options: LoadInjectorConfigOptions,
): { config: InjectorConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  let raw = data;
  if (raw === null || raw === undefined) raw = {};
  if (!isMap(raw)) {
    problems.push({ field: 'config', message: 'the injector config must be a YAML mapping' });
    raw = {};
  }
  const doc = raw as Record<string, unknown>;

  const policyRaw = own(doc, 'policy');
  const policy = typeof policyRaw === 'string' ? policyRaw : policyRaw === undefined || policyRaw === null ? '' : String(policyRaw);

  const defaultTemplates = stringList(own(doc, 'defaultTemplates'), 'defaultTemplates', problems);

  const templates = new Map<string, Template>();
  const templateSources = new Map<string, string>();
  const templatesRaw = own(doc, 'templates');
  if (templatesRaw !== undefined && templatesRaw !== null && !isMap(templatesRaw)) {
    problems.push({ field: 'templates', message: 'must be a map from template name to template text' });
  } else if (templatesRaw) {
    for (const [name, src] of Object.entries(templatesRaw)) {
      if (typeof src !== 'string') {
        problems.push({ field: `templates.${name}`, message: 'must be a string holding a Go template' });
        continue;
      }
      templateSources.set(name, src);
      const { template, problem } = parseInjectionTemplate(name, src, options.funcs);
      if (problem) problems.push(problem);
      if (template) templates.set(name, template);
    }
  }

  const aliases = new Map<string, readonly string[]>();
  const aliasesRaw = own(doc, 'aliases');
  if (aliasesRaw !== undefined && aliasesRaw !== null) {
    if (!isMap(aliasesRaw)) problems.push({ field: 'aliases', message: 'must be a map from alias to template names' });
    else for (const [k, v] of Object.entries(aliasesRaw)) aliases.set(k, stringList(v, `aliases.${k}`, problems));
  }

  return {
    config: {
      policy,
      defaultTemplates: defaultTemplates.length > 0 ? defaultTemplates : ['sidecar'],
      templates,
      templateSources,
      aliases,
      neverInjectSelector: selectors(own(doc, 'neverInjectSelector'), 'neverInjectSelector', problems),
      alwaysInjectSelector: selectors(own(doc, 'alwaysInjectSelector'), 'alwaysInjectSelector', problems),
      injectedAnnotations: stringMap(own(doc, 'injectedAnnotations'), 'injectedAnnotations', problems),
    },
    problems,
  };
}

/**
 * The templates a pod gets: annotation `inject.istio.io/templates` (comma list, trimmed) or the defaults,
 * each alias expanded one level. An unknown name is Istio's error `requested template "x" not found; have a, b`.
 */
export function selectTemplateNames(
  config: InjectorConfig,
  annotations: Readonly<Record<string, string>> | undefined,
  options: { useAliases: boolean },
): { names: string[] } | { error: string } {
  const requested = annotations && Object.hasOwn(annotations, 'inject.istio.io/templates')
    ? annotations['inject.istio.io/templates']!.split(',').map((s) => s.trim())
    : [...config.defaultTemplates];
  const names: string[] = [];
  for (const name of requested) {
    const expanded = options.useAliases ? config.aliases.get(name) : undefined;
    names.push(...(expanded ?? [name]));
  }
  for (const name of names) {
    if (!config.templates.has(name)) {
      const have = [...config.templates.keys()].sort().join(', ');
      return { error: `requested template "${name}" not found; have ${have}` };
    }
  }
  return { names };
}
