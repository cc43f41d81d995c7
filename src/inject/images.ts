/**
 * @module
 * The proxy image names of the template data (`.ProxyImage`, `.ProxyInitImage`; istio-injection.md §5) and the
 * template's rule that a `sidecar.istio.io/proxyImage` annotation (or a values image) containing `/` is used verbatim.
 *
 * Values are plain JSON (numbers are float64), as Istio's `values` map; the image fields are read the way Istio's
 * typed `opconfig.Values` sees them: strings only, a missing field is empty.
 */
import { formatValue } from '../go/fmt.ts';
import { toDynamic } from '../go/value.ts';

export const PROXY_IMAGE_ANNOTATION = 'sidecar.istio.io/proxyImage';
export const PROXY_IMAGE_TYPE_ANNOTATION = 'sidecar.istio.io/proxyImageType';
export const DEFAULT_IMAGE_NAME = 'proxyv2';

/** Image types Istio publishes; a tag ending in `-<type>` has it replaced. */
export const KNOWN_IMAGE_TYPES: readonly string[] = Object.freeze(['distroless', 'debug']);

function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = Object.hasOwn(cur, k) ? (cur as Record<string, unknown>)[k] : undefined;
  }
  return cur;
}

function stringAt(obj: unknown, ...path: string[]): string {
  const v = get(obj, ...path);
  return typeof v === 'string' ? v : '';
}

/**
 * `values.global.tag` as `fmt.Sprintf("%v", tag)`: a string as is, a float64 in Go's shortest form (`1.12`, `11`,
 * `1e+06`), `true`/`false`, `<nil>` for null; absent is empty.
 */
export function formatTag(values: unknown): string {
  const global = get(values, 'global');
  if (typeof global !== 'object' || global === null || !Object.hasOwn(global, 'tag')) return '';
  const tag = (global as Record<string, unknown>)['tag'];
  return tag === undefined ? '' : formatValue(toDynamic(tag));
}

/**
 * `updateImageTypeIfPresent`: no type → the tag unchanged; otherwise drop one trailing `-distroless`/`-debug`, then
 * `default` → the bare tag, any other type → `<tag>-<type>`.
 */
export function updateImageTypeIfPresent(tag: string, imageType: string): string {
  if (imageType === '') return tag;
  for (const t of KNOWN_IMAGE_TYPES) {
    if (tag.endsWith('-' + t)) {
      tag = tag.slice(0, tag.length - t.length - 1);
      break;
    }
  }
  return imageType === 'default' ? tag : `${tag}-${imageType}`;
}

/** `imageURL`: `<hub>/<name>:<tag with type>` (an empty hub still gives the leading `/`). */
export function imageURL(hub: string, name: string, tag: string, imageType: string): string {
  return `${hub}/${name}:${updateImageTypeIfPresent(tag, imageType)}`;
}

function annotation(annotations: unknown, key: string): string | undefined {
  const v = get(annotations, key);
  return typeof v === 'string' ? v : undefined;
}

/** `proxyConfig.image` (a `ProxyImage` message); null/undefined is Go's nil pointer. */
export interface ProxyImageConfig {
  readonly imageType?: string;
}

/**
 * `ProxyImage(values, proxyConfig.Image, annotations)`: name `values.global.proxy.image` (default `proxyv2`); type
 * `global.variant`, replaced by `proxyConfig.image.imageType` whenever `proxyConfig.image` is set (even to an empty
 * type), replaced by the `sidecar.istio.io/proxyImageType` annotation when present.
 */
export function proxyImage(values: unknown, image: ProxyImageConfig | null | undefined, annotations: unknown): string {
  let imageType = stringAt(values, 'global', 'variant');
  if (image !== null && image !== undefined) imageType = typeof image.imageType === 'string' ? image.imageType : '';
  const name = stringAt(values, 'global', 'proxy', 'image') || DEFAULT_IMAGE_NAME;
  const fromAnnotation = annotation(annotations, PROXY_IMAGE_TYPE_ANNOTATION);
  if (fromAnnotation !== undefined) imageType = fromAnnotation;
  return imageURL(stringAt(values, 'global', 'hub'), name, formatTag(values), imageType);
}

/**
 * `ProxyInitImage(values, annotations)`: as `proxyImage` with name `values.global.proxy_init.image` (default
 * `proxyv2`) and no ProxyConfig image type.
 */
export function proxyInitImage(values: unknown, annotations: unknown): string {
  let imageType = stringAt(values, 'global', 'variant');
  const name = stringAt(values, 'global', 'proxy_init', 'image') || DEFAULT_IMAGE_NAME;
  const fromAnnotation = annotation(annotations, PROXY_IMAGE_TYPE_ANNOTATION);
  if (fromAnnotation !== undefined) imageType = fromAnnotation;
  return imageURL(stringAt(values, 'global', 'hub'), name, formatTag(values), imageType);
}

/**
 * The image the sidecar template writes for a container: `annotation .ObjectMeta "sidecar.istio.io/proxyImage"
 * <values image>` (the annotation when present, even empty; else `fmt.Sprint` of the values image, `<nil>` when
 * absent) is used verbatim when it contains `/`; otherwise the computed `.ProxyImage`/`.ProxyInitImage`. An annotation
 * without `/` is therefore ignored.
 */
export function templateImage(
  container: 'proxy' | 'proxy_init',
  values: unknown,
  annotations: unknown,
  computed: string,
): string {
  const fromAnnotation = annotation(annotations, PROXY_IMAGE_ANNOTATION);
  const chosen = fromAnnotation ?? formatValue(toDynamic(get(values, 'global', container, 'image') ?? null));
  return chosen.includes('/') ? chosen : computed;
}
