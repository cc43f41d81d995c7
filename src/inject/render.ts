/**
 * @module
 * The template part of Istio's RunTemplate (istio-injection.md §6 steps 5–6): which templates a pod gets, running each
 * one over the template data, reading its output as YAML 1.1 (sigs.k8s.io/yaml), and strategic-merging it into the
 * template pod (the union of the templates' output, from an empty Pod) and into the merged pod (the user's pod), with
 * the native-sidecar move in between. After every merge the pod goes through Go's typed round trip (`typed-pod.ts`).
 */
import { GoError } from '../go/value.ts';
import type { GoValue } from '../go/value.ts';
import { YAMLError, unmarshalYAML11 } from '../go/yaml.ts';
import { TemplateExecError } from '../template/errors.ts';
import type { Template } from '../template/mod.ts';
import { selectTemplateNames } from './injector-config.ts';
import type { InjectorConfig } from './injector-config.ts';
import { moveProxyToInitContainers } from './postprocess.ts';
import { StrategicMergeError, mergePatchOwning } from './smp.ts';
import type { Ownership } from './smp.ts';
import { PodTypeError, roundTripPod } from './typed-pod.ts';
import type { JSONObject } from './typed-pod.ts';

export const TEMPLATES_ANNOTATION = 'inject.istio.io/templates';

/** What went wrong while rendering; `template` names the template, `line` its line when known. */
export interface RenderProblem {
  readonly reason: 'error:template' | 'error:unknown-template';
  readonly message: string;
  readonly template?: string;
  readonly line?: number;
}

export type Selection = { readonly ok: true; readonly names: readonly string[] } | { readonly ok: false; readonly problem: RenderProblem };

/**
 * The templates for one pod. `webhook` mode uses the config's `defaultTemplates` and `aliases` as istiod does; `manual`
 * mode uses what `istioctl kube-inject` passes: default `["sidecar"]` and no aliases. In both, the pod annotation
 * `inject.istio.io/templates` wins.
 */
export function selectTemplates(config: InjectorConfig, annotations: Readonly<Record<string, string>>, mode: 'manual' | 'webhook'): Selection {
  const effective: InjectorConfig = mode === 'manual' ? { ...config, defaultTemplates: ['sidecar'] } : config;
  const selected = selectTemplateNames(effective, annotations, { useAliases: mode === 'webhook' });
  if ('error' in selected) return { ok: false, problem: { reason: 'error:unknown-template', message: selected.error } };
  return { ok: true, names: selected.names };
}

export interface RenderRequest {
  readonly templates: ReadonlyMap<string, Template>;
  readonly names: readonly string[];
  /** The template's `.` (sidecarTemplateData). */
  readonly data: GoValue;
  /** The pod the templates merge into (Istio's `params.pod`: the pod as it came, after the typed round trip). */
  readonly pod: JSONObject;
  /** The global native-sidecar decision (the pod's `sidecar.istio.io/nativeSidecar` overrides it). */
  readonly globalNative: boolean;
}

export type RenderOutcome =
  | { readonly ok: true; readonly mergedPod: JSONObject; readonly templatePod: JSONObject }
  | { readonly ok: false; readonly problem: RenderProblem };

/** Runs the selected templates in order and merges their output (Istio's loop in RunTemplate). */
export function renderTemplates(request: RenderRequest): RenderOutcome {
  let templatePod: JSONObject = {};
  let mergedPod = request.pod;
  for (const name of request.names) {
    const template = request.templates.get(name);
    if (!template) {
      const have = [...request.templates.keys()].sort().join(', ');
      return { ok: false, problem: { reason: 'error:unknown-template', message: `requested template "${name}" not found; have ${have}` } };
    }
    const overlay = renderOverlay(template, name, request.data);
    if (!overlay.ok) return overlay;
    try {
      // The template pod is ours (a round trip's output); the patch is still needed for the merged pod.
      templatePod = applyOverlay(templatePod, overlay.patch, { original: true });
    } catch (e) {
      return { ok: false, problem: overlayProblem(name, 'failed applying injection overlay', e) };
    }
    mergedPod = moveProxyToInitContainers(mergedPod, templatePod, request.globalNative);
    try {
      // The patch (parsed for this template) is not used again; the merged pod may be the caller's, so it is copied.
      mergedPod = applyOverlay(mergedPod, overlay.patch, { patch: true });
    } catch (e) {
      return { ok: false, problem: overlayProblem(name, 'failed parsing generated injected YAML (check Istio sidecar injector configuration)', e) };
    }
  }
  return { ok: true, mergedPod, templatePod };
}

/** One template's output as a strategic merge patch (a JSON object; empty output is an empty patch). */
function renderOverlay(template: Template, name: string, data: GoValue): { ok: true; patch: JSONObject } | { ok: false; problem: RenderProblem } {
  let text: string;
  try {
    text = template.execute(data);
  } catch (e) {
    if (e instanceof TemplateExecError) {
      const at = e.line > 0 ? ` at line ${e.line}` : '';
      return {
        ok: false,
        problem: { reason: 'error:template', template: name, ...(e.line > 0 ? { line: e.line } : {}), message: `Cannot render template "${name}"${at}: ${e.message}` },
      };
    }
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = unmarshalYAML11(text);
  } catch (e) {
    if (e instanceof YAMLError || e instanceof GoError) {
      const line = e instanceof YAMLError ? e.line : undefined;
      return {
        ok: false,
        problem: {
          reason: 'error:template',
          template: name,
          ...(line !== undefined ? { line } : {}),
          message: `Cannot read the output of template "${name}" as YAML: ${e.message}`,
        },
      };
    }
    throw e;
  }
  if (parsed === null || parsed === undefined) return { ok: true, patch: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, problem: { reason: 'error:template', template: name, message: `The output of template "${name}" is not a YAML mapping (a Pod overlay)` } };
  }
  return { ok: true, patch: parsed as JSONObject };
}

/**
 * Istio's applyOverlayYAML: strategic merge into the pod, then the typed round trip. Throws on failure. `owned` says
 * which arguments the merge may consume (the round trip then copies the result anyway).
 */
function applyOverlay(pod: JSONObject, patch: JSONObject, owned: Ownership): JSONObject {
  return roundTripPod(mergePatchOwning(pod, patch, owned));
}

function overlayProblem(name: string, what: string, e: unknown): RenderProblem {
  if (e instanceof StrategicMergeError || e instanceof PodTypeError) {
    return { reason: 'error:template', template: name, message: `Template "${name}": ${what}: ${e.message}` };
  }
  throw e;
}
