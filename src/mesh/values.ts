/**
 * @module
 * Configuration text as sigs.k8s.io/yaml decodes it: YAML 1.1 (or JSON) → plain JSON data. Injection `values`
 * become a Go `map[string]interface {}` (every number float64, nulls kept); mesh config and the
 * `proxy.istio.io/config` annotation go through the same decoding before protojson is applied.
 *
 * Objects are rebuilt without a prototype, so keys such as `__proto__` or `constructor` stay plain data.
 */
import { TC } from '../go/types.ts';
import { GoValue } from '../go/value.ts';
import { unmarshalYAML11 } from '../go/yaml.ts';
import { nullProtoRecord } from '../go/record.ts';

/** Plain JSON data: what `json.Unmarshal` into `interface {}` yields. */
export type JSONData = null | boolean | number | string | JSONData[] | { [key: string]: JSONData };

/** Text that is not valid YAML/JSON, or values whose top level is not a mapping. */
export class ConfigTextError extends SyntaxError {
  override readonly name = 'ConfigTextError';
}

/**
 * Decodes YAML 1.1 or JSON text to JSON data the way sigs.k8s.io/yaml does (YAMLToJSON, then encoding/json into
 * `interface {}`). Empty text is `null`. JSON input takes a fast path: it is valid YAML with the same meaning.
 */
export function decodeConfigText(text: string): JSONData {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return toJSONData(JSON.parse(trimmed) as unknown, '');
    } catch (e) {
      if (e instanceof ConfigTextError) throw e;
      // Not strict JSON (YAML flow style, comments, …): fall through to the YAML decoder.
    }
  }
  let decoded: unknown;
  try {
    decoded = unmarshalYAML11(text);
  } catch (e) {
    throw new ConfigTextError(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  return toJSONData(decoded, '');
}

/** Normalizes decoded data to prototype-free JSON data; numbers must be finite (encoding/json rejects others). */
export function toJSONData(v: unknown, path: string): JSONData {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw new ConfigTextError(`${path || 'value'}: json: unsupported value: ${v}`);
      return v;
    case 'bigint':
      return Number(v);
    case 'object': {
      if (Array.isArray(v)) return v.map((item, i) => toJSONData(item, `${path}[${i}]`));
      const out = nullProtoRecord<JSONData>();
      const entries: [unknown, unknown][] = v instanceof Map ? [...v.entries()] : Object.entries(v);
      for (const [k, item] of entries) {
        const key = String(k);
        out[key] = toJSONData(item, path ? `${path}.${key}` : key);
      }
      return out;
    }
    default:
      throw new ConfigTextError(`${path || 'value'}: cannot represent a JavaScript ${typeof v} as JSON`);
  }
}

function isMapping(v: JSONData): v is { [key: string]: JSONData } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kindOf(v: JSONData): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/**
 * Injection values (`data.values` of `istio-sidecar-injector`) as the rep of a Go `map[string]interface {}`.
 * Empty text or `null` gives null: Istio then has no values map (`failed to parse values.yaml`), callers decide.
 */
export function parseValues(text: string): { [key: string]: JSONData } | null {
  const data = decodeConfigText(text);
  if (data === null) return null;
  if (!isMapping(data)) {
    throw new ConfigTextError(
      `could not parse configuration values: json: cannot unmarshal ${kindOf(data)} into Go value of type map[string]interface {}`,
    );
  }
  return data;
}

/** Values (already decoded, e.g. a YAML object in the functionConfig) as the `.Values` Go value (null: a nil map). */
export function valuesValue(values: unknown): GoValue {
  const data = toJSONData(values, '');
  if (data !== null && !isMapping(data)) {
    throw new ConfigTextError(`values: json: cannot unmarshal ${kindOf(data)} into Go value of type map[string]interface {}`);
  }
  return new GoValue(TC.mapStringAny, data);
}
