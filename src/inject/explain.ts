/**
 * @module
 * `--explain`: for every workload, the rule that decided it, and for an injected one the templates used, the
 * resulting containers and what traffic the pod's istio-iptables (or istio-cni) run captures. Pure functions over a
 * `Decision` and plain JSON pods; `inject.ts` turns them into info results, `iptablesCommand` into `-S` text.
 */
import { buildRuleOps, captureFromCniAnnotations, captureFromInitArgs, captureSummary, listAllRules } from '../capture/iptables.ts';
import type { CaptureConfig } from '../capture/iptables.ts';
import { setOwn } from '../yaml/codec.ts';
import { stringMapOf } from './overrides.ts';
import type { Decision } from './policy.ts';
import type { JSONObject } from './typed-pod.ts';

/** The containers of a pod, by name. */
export interface PodContainers {
  readonly initContainers: readonly string[];
  readonly containers: readonly string[];
}

function containerList(spec: unknown, key: 'initContainers' | 'containers'): JSONObject[] {
  const list = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as JSONObject)[key] : undefined;
  return Array.isArray(list) ? list.filter((c): c is JSONObject => c !== null && typeof c === 'object' && !Array.isArray(c)) : [];
}

function nameOfContainer(c: JSONObject): string {
  return typeof c['name'] === 'string' ? c['name'] : '';
}

export function podContainers(pod: JSONObject): PodContainers {
  const spec = pod['spec'];
  return {
    initContainers: containerList(spec, 'initContainers').map(nameOfContainer),
    containers: containerList(spec, 'containers').map(nameOfContainer),
  };
}

/** One line: `init: istio-init; containers: app, istio-proxy`. */
export function formatContainers(c: PodContainers): string {
  const parts: string[] = [];
  if (c.initContainers.length > 0) parts.push(`init: ${c.initContainers.join(', ')}`);
  parts.push(`containers: ${c.containers.length > 0 ? c.containers.join(', ') : '(none)'}`);
  return parts.join('; ');
}

/** What an injected pod's traffic capture looks like. */
export type TrafficPreview =
  | { readonly status: 'none'; readonly why: string }
  | { readonly status: 'error'; readonly problem: string; readonly origin: string }
  | {
      readonly status: 'rules';
      /** `istio-init: istio-iptables -p 15001 …` or `istio-cni: pod annotations`. */
      readonly origin: string;
      readonly config: CaptureConfig;
      /** `iptables -t nat -S` (and `-t mangle -S` for TPROXY), each under a `# iptables -t … -S` line. */
      readonly rules: string;
      readonly summary: string;
      readonly notes: readonly string[];
    };

const INIT_NAMES = ['istio-init', 'istio-validation'];

function envOf(container: JSONObject | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const env = container?.['env'];
  if (!Array.isArray(env)) return out;
  for (const e of env) {
    if (e !== null && typeof e === 'object' && typeof e.name === 'string' && typeof e.value === 'string') {
      setOwn(out, e.name, e.value);
    }
  }
  return out;
}

function stringArgs(container: JSONObject): string[] {
  const args = container['args'];
  return Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : String(a))) : [];
}

function numberAt(container: JSONObject | undefined, key: 'runAsUser' | 'runAsGroup'): number | undefined {
  const sc = container?.['securityContext'];
  const v = sc !== null && typeof sc === 'object' && !Array.isArray(sc) ? (sc as JSONObject)[key] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** Shell-like quoting for showing arguments: empty and spaced values quoted. */
function showArgs(args: readonly string[]): string {
  return args.map((a) => (a === '' || /[\s"'*]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/**
 * The rules the pod's capture installs: from the `istio-init` arguments, or, when that container only validates
 * (`--skip-rule-apply`, CNI mode), from the annotations the istio-cni plugin reads.
 */
export function trafficPreview(pod: JSONObject): TrafficPreview {
  const spec = pod['spec'];
  const all = [...containerList(spec, 'initContainers'), ...containerList(spec, 'containers')];
  const init = all.find((c) => INIT_NAMES.includes(nameOfContainer(c)));
  if (!init) return { status: 'none', why: 'the pod has no istio-init or istio-validation container (interception mode NONE, or a template without one): nothing is captured' };
  const args = stringArgs(init);
  if (args.length === 0) return { status: 'none', why: `${nameOfContainer(init)} has no arguments: the rules cannot be told` };
  const proxy = all.find((c) => nameOfContainer(c) === 'istio-proxy');
  let origin = `${nameOfContainer(init)}: ${showArgs(args)}`;
  let outcome = captureFromInitArgs(args, envOf(init));
  if (!outcome.ok && args.includes('--skip-rule-apply')) {
    origin = 'istio-cni: pod annotations';
    outcome = captureFromCniAnnotations({
      annotations: stringMapOf(pod, 'annotations'),
      proxyUID: numberAt(proxy, 'runAsUser'),
      proxyGID: numberAt(proxy, 'runAsGroup'),
      proxyEnv: envOf(proxy),
    });
  }
  if (!outcome.ok) return { status: 'error', problem: outcome.problem, origin };
  const notes = [...outcome.notes];
  const ops = buildRuleOps(outcome.config, notes);
  return { status: 'rules', origin, config: outcome.config, rules: listAllRules(ops), summary: captureSummary(outcome.config), notes };
}
