/**
 * @module
 * Which objects carry a pod template, where it is, and whose pod it is (istio-injection.md §2).
 *
 * Istio registers its kinds with reflection (`initializer.go`); here they are data rows. Built-in kinds match by `kind`
 * only, as Istio's `AddUnversionedTypes` does: `kind: Deployment` with `extensions/v1beta1` or no apiVersion is a
 * Deployment. Extra kinds (pod-template CRDs such as Argo Rollouts) come from configuration and match by apiVersion
 * too, so a Knative `Service` never catches a core Service.
 *
 * Everything here reads plain JSON (parsed YAML) and returns data; nothing throws for bad input.
 */

/** A JSON object as parsed from YAML. */
export type JsonObject = { [key: string]: unknown };

/** A path of object keys from the top of a resource. */
export type FieldPath = readonly string[];

/** How DeploymentMeta/TypeMeta are derived for a kind (§2 last column). */
export type IdentityRule = 'pod' | 'object';

/** One row of the kinds table. */
export interface WorkloadKind {
  readonly kind: string;
  /**
   * Extra kinds only: the apiVersion to match. With a `/` it must be equal; without one it names the API group and
   * any version matches (`argoproj.io`). Built-in rows have none: they match by kind alone.
   */
  readonly apiVersion?: string;
  /** The group/version Istio registers the kind under (documentation; matching ignores it). */
  readonly registeredAs: string;
  /**
   * Where kube-inject reads and writes annotations and labels. The template sees this object as `.ObjectMeta`, and the
   * metadata of the injected pod (status annotation, `istio.io/rev`, tlsMode label, …) is written back here.
   */
  readonly metadataPath: FieldPath;
  /** Where the pod spec is; the injected spec is written back here. */
  readonly podSpecPath: FieldPath;
  /**
   * The metadata the pods created from this object really carry. It differs from `metadataPath` only for CronJob,
   * where kube-inject uses `spec.jobTemplate.metadata` (the Job's) while pods get `spec.jobTemplate.spec.template.metadata`.
   * Webhook-mode decisions look here, as the cluster's webhook sees the pod.
   */
  readonly podMetadataPath: FieldPath;
  /**
   * The template object that must exist. For RC and DeploymentConfig the Go field is a pointer, so a missing
   * template is an error (`spec.template is required value`); for the other built-ins it is a struct and a missing
   * one is simply empty.
   */
  readonly templatePath: FieldPath;
  readonly templateRequired: boolean;
  /** What to do when the template is missing on an extra kind (e.g. an Argo Rollout using `workloadRef`). */
  readonly missingTemplate: 'empty' | 'error' | 'skip';
  /**
   * Where an object of this kind may instead name another object that holds its pod template (Argo Rollout
   * `spec.workloadRef`); the skip message then points at that object.
   */
  readonly templateRefPath?: FieldPath;
  readonly identity: IdentityRule;
  readonly builtin: boolean;
}

function row(
  kind: string,
  registeredAs: string,
  shape: 'pod' | 'template' | 'pointer-template' | 'cronjob',
): WorkloadKind {
  switch (shape) {
    case 'pod':
      return {
        kind,
        registeredAs,
        metadataPath: ['metadata'],
        podSpecPath: ['spec'],
        podMetadataPath: ['metadata'],
        templatePath: [],
        templateRequired: false,
        missingTemplate: 'empty',
        identity: 'pod',
        builtin: true,
      };
    case 'cronjob':
      return {
        kind,
        registeredAs,
        // Istio's quirk: the Job template's metadata, not the pod template's.
        metadataPath: ['spec', 'jobTemplate', 'metadata'],
        podSpecPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
        podMetadataPath: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
        templatePath: ['spec', 'jobTemplate'],
        templateRequired: false,
        missingTemplate: 'empty',
        identity: 'object',
        builtin: true,
      };
    default:
      return {
        kind,
        registeredAs,
        metadataPath: ['spec', 'template', 'metadata'],
        podSpecPath: ['spec', 'template', 'spec'],
        podMetadataPath: ['spec', 'template', 'metadata'],
        templatePath: ['spec', 'template'],
        templateRequired: shape === 'pointer-template',
        missingTemplate: shape === 'pointer-template' ? 'error' : 'empty',
        identity: 'object',
        builtin: true,
      };
  }
}

/** Istio's registered kinds (`initializer.go`), in its order. `List` is handled by `listItems`/`flattenList`. */
export const BUILTIN_KINDS: readonly WorkloadKind[] = Object.freeze([
  row('Pod', 'v1', 'pod'),
  row('ReplicationController', 'v1', 'pointer-template'),
  row('Deployment', 'apps/v1', 'template'),
  row('DaemonSet', 'apps/v1', 'template'),
  row('ReplicaSet', 'apps/v1', 'template'),
  row('StatefulSet', 'apps/v1', 'template'),
  row('Job', 'batch/v1', 'template'),
  row('CronJob', 'batch/v1', 'cronjob'),
  row('DeploymentConfig', 'apps.openshift.io/v1', 'pointer-template'),
]);

/** A configured pod-template kind: `podTemplatePath`, or explicit `metadata` and `spec` paths. Paths are dotted or arrays. */
export interface ExtraKindSpec {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly podTemplatePath?: string | readonly string[];
  readonly metadata?: string | readonly string[];
  readonly spec?: string | readonly string[];
  /** Built-in defaults only (not a config field): see `WorkloadKind.templateRefPath`. */
  readonly templateRef?: string;
}

/**
 * Pod-template CRDs known without configuration (user-needs #10), each with its pod template at `spec.template`:
 * Argo Rollouts (a Rollout may use `spec.workloadRef` instead), Knative Serving's Service and Configuration,
 * OpenKruise's CloneSet, Advanced StatefulSet, Advanced DaemonSet and BroadcastJob.
 */
export const DEFAULT_EXTRA_KINDS: readonly ExtraKindSpec[] = Object.freeze([
  { apiVersion: 'argoproj.io', kind: 'Rollout', podTemplatePath: 'spec.template', templateRef: 'spec.workloadRef' },
  { apiVersion: 'serving.knative.dev', kind: 'Service', podTemplatePath: 'spec.template' },
  { apiVersion: 'serving.knative.dev', kind: 'Configuration', podTemplatePath: 'spec.template' },
  { apiVersion: 'apps.kruise.io', kind: 'CloneSet', podTemplatePath: 'spec.template' },
  { apiVersion: 'apps.kruise.io', kind: 'StatefulSet', podTemplatePath: 'spec.template' },
  { apiVersion: 'apps.kruise.io', kind: 'DaemonSet', podTemplatePath: 'spec.template' },
  { apiVersion: 'apps.kruise.io', kind: 'BroadcastJob', podTemplatePath: 'spec.template' },
]);

function toPath(p: string | readonly string[] | undefined): string[] | undefined {
  if (p === undefined) return undefined;
  if (typeof p === 'string') return p === '' ? [] : p.split('.');
  return [...p];
}

function badPath(p: readonly string[]): boolean {
  return p.some((seg) => typeof seg !== 'string' || seg === '');
}

/** Turns a configured kind into a table row, or says what is wrong with it. */
export function extraKind(spec: ExtraKindSpec): { kind: WorkloadKind } | { problem: string } {
  if (typeof spec.kind !== 'string' || spec.kind === '') return { problem: 'kind must be a non-empty string' };
  if (spec.apiVersion !== undefined && (typeof spec.apiVersion !== 'string' || spec.apiVersion === '')) {
    return { problem: `apiVersion of kind "${spec.kind}" must be a non-empty string when set` };
  }
  const template = toPath(spec.podTemplatePath);
  const metadataPath = toPath(spec.metadata) ?? (template && [...template, 'metadata']);
  const podSpecPath = toPath(spec.spec) ?? (template && [...template, 'spec']);
  if (!metadataPath || !podSpecPath) {
    return { problem: `kind "${spec.kind}" needs podTemplatePath, or both metadata and spec paths` };
  }
  if (badPath(metadataPath) || badPath(podSpecPath) || podSpecPath.length === 0) {
    return { problem: `kind "${spec.kind}" has an empty path segment or an empty spec path` };
  }
  const templatePath = template ?? commonPrefix(metadataPath, podSpecPath);
  const kind: WorkloadKind = {
    kind: spec.kind,
    ...(spec.apiVersion !== undefined ? { apiVersion: spec.apiVersion } : {}),
    registeredAs: spec.apiVersion ?? '',
    metadataPath,
    podSpecPath,
    podMetadataPath: metadataPath,
    templatePath,
    templateRequired: true,
    missingTemplate: 'skip',
    ...(spec.templateRef !== undefined ? { templateRefPath: spec.templateRef.split('.') } : {}),
    identity: 'object',
    builtin: false,
  };
  return { kind };
}

function commonPrefix(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length - 1 && i < b.length - 1 && a[i] === b[i]; i++) out.push(a[i] as string);
  return out;
}

/** The kinds table: configured kinds first (they win over built-ins), then the defaults, then Istio's built-ins. */
export function buildKindTable(
  extra: readonly ExtraKindSpec[] = [],
  options: { includeDefaultExtras?: boolean } = {},
): { kinds: WorkloadKind[]; problems: string[] } {
  const kinds: WorkloadKind[] = [];
  const problems: string[] = [];
  const specs = [...extra, ...(options.includeDefaultExtras === false ? [] : DEFAULT_EXTRA_KINDS)];
  specs.forEach((spec, i) => {
    const r = extraKind(spec);
    if ('kind' in r) kinds.push(r.kind);
    else if (i < extra.length) problems.push(`podTemplatePaths[${i}]: ${r.problem}`);
  });
  kinds.push(...BUILTIN_KINDS);
  return { kinds, problems };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function apiVersionMatches(want: string | undefined, got: string): boolean {
  if (want === undefined) return true;
  if (want.includes('/')) return want === got;
  const slash = got.indexOf('/');
  return (slash < 0 ? '' : got.slice(0, slash)) === want;
}

/** The row for an object, or undefined when it is not a workload (unregistered kinds are passed through untouched). */
export function findWorkloadKind(obj: unknown, table: readonly WorkloadKind[] = BUILTIN_KINDS): WorkloadKind | undefined {
  if (!isObject(obj)) return undefined;
  const kind = obj['kind'];
  if (typeof kind !== 'string' || kind === '') return undefined;
  const apiVersion = str(obj['apiVersion']);
  return table.find((k) => k.kind === kind && (k.builtin || apiVersionMatches(k.apiVersion, apiVersion)));
}

// --- List ----------------------------------------------------------------------------------------------------------

/** `kind: List` (any apiVersion, like Istio's registration). */
export function isList(obj: unknown): obj is JsonObject {
  return isObject(obj) && obj['kind'] === 'List';
}

/** The items of a List, one level; an absent or non-array `items` is empty. */
export function listItems(obj: unknown): unknown[] {
  if (!isList(obj)) return [];
  const items = obj['items'];
  return Array.isArray(items) ? items : [];
}

/** Every non-List item reachable from a List (Lists nested in Lists too), with its index path from the outer List. */
export function flattenList(obj: unknown): { item: unknown; path: number[] }[] {
  const out: { item: unknown; path: number[] }[] = [];
  const walk = (list: unknown, prefix: number[], depth: number): void => {
    listItems(list).forEach((item, i) => {
      // A guard against pathological nesting; real manifests nest one or two levels.
      if (isList(item) && depth < 64) walk(item, [...prefix, i], depth + 1);
      else out.push({ item, path: [...prefix, i] });
    });
  };
  walk(obj, [], 0);
  return out;
}

// --- locating the pod template ---------------------------------------------------------------------------------------

/** Where a workload's pod metadata and spec are. Absent objects are undefined; the writeback creates them. */
export interface PodTemplateLocation {
  readonly status: 'ok';
  readonly kind: WorkloadKind;
  /** The metadata the template sees as `.ObjectMeta` and kube-inject writes back (CronJob: the Job template's). */
  readonly metadata: JsonObject | undefined;
  readonly podSpec: JsonObject | undefined;
  /** The metadata real pods get (webhook-mode decisions). */
  readonly podMetadata: JsonObject | undefined;
  readonly metadataPath: FieldPath;
  readonly podSpecPath: FieldPath;
}

export type LocateResult =
  | PodTemplateLocation
  | { readonly status: 'error'; readonly kind: WorkloadKind; readonly field: string; readonly message: string }
  | { readonly status: 'no-template'; readonly kind: WorkloadKind; readonly field: string; readonly message: string };

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? `the string ${JSON.stringify(v)}` : `${typeof v} ${JSON.stringify(v)}`;
}

/** Walks a path; undefined when a step is absent or null, a message when a step is not an object. */
function walk(obj: JsonObject, path: FieldPath): { value: JsonObject | undefined } | { bad: string; at: number } {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    if (!isObject(cur)) return { value: undefined };
    cur = cur[path[i] as string];
    if (cur === undefined || cur === null) return { value: undefined };
    if (!isObject(cur)) return { bad: `expected an object, got ${describe(cur)}`, at: i };
  }
  return { value: cur as JsonObject };
}

/** Finds the pod metadata and spec of a workload. */
export function locatePodTemplate(obj: unknown, kind: WorkloadKind): LocateResult {
  if (!isObject(obj)) {
    return { status: 'error', kind, field: '', message: `expected an object, got ${describe(obj)}` };
  }
  const template = walk(obj, kind.templatePath);
  if ('bad' in template) {
    return { status: 'error', kind, field: kind.templatePath.slice(0, template.at + 1).join('.'), message: template.bad };
  }
  if (template.value === undefined && kind.templatePath.length > 0 && kind.missingTemplate !== 'empty') {
    const field = kind.templatePath.join('.');
    if (kind.missingTemplate === 'error') return { status: 'error', kind, field, message: `${field} is required value` };
    const ref = kind.templateRefPath && walk(obj, kind.templateRefPath);
    if (ref && 'value' in ref && ref.value !== undefined) {
      const refPath = kind.templateRefPath!.join('.');
      const target = [str(ref.value['kind']), ref.value['name'] === undefined ? '' : JSON.stringify(str(ref.value['name']))].filter((s) => s !== '').join(' ');
      const named = target === '' ? '' : ` (${target})`;
      return { status: 'no-template', kind, field, message: `${field} is not set: the pod template comes from ${refPath}${named}, so inject that object instead` };
    }
    return { status: 'no-template', kind, field, message: `${field} is not set, so there is no pod template to inject` };
  }
  const found: (JsonObject | undefined)[] = [];
  for (const path of [kind.metadataPath, kind.podSpecPath, kind.podMetadataPath]) {
    const r = walk(obj, path);
    if ('bad' in r) return { status: 'error', kind, field: path.slice(0, r.at + 1).join('.'), message: r.bad };
    found.push(r.value);
  }
  return {
    status: 'ok',
    kind,
    metadata: found[0],
    podSpec: found[1],
    podMetadata: found[2],
    metadataPath: kind.metadataPath,
    podSpecPath: kind.podSpecPath,
  };
}

/**
 * Problems Kubernetes (and Istio's typed decode) would reject in pod metadata: labels and annotations must map
 * strings to strings. `sidecar.istio.io/inject: true` unquoted is the usual case. `field` is the metadata's path.
 */
export function metadataProblems(metadata: unknown, field: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (metadata === undefined || metadata === null) return problems;
  if (!isObject(metadata)) return [{ field, message: `expected an object, got ${describe(metadata)}` }];
  for (const key of ['labels', 'annotations'] as const) {
    const map = metadata[key];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      problems.push({ field: `${field}.${key}`, message: `expected a map of strings, got ${describe(map)}` });
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'string') {
        problems.push({ field: `${field}.${key}.${k}`, message: `expected a string, got ${describe(v)} (quote the value)` });
      }
    }
  }
  for (const key of ['name', 'namespace', 'generateName'] as const) {
    const v = metadata[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      problems.push({ field: `${field}.${key}`, message: `expected a string, got ${describe(v)}` });
    }
  }
  return problems;
}

/**
 * The containers and init containers of a pod spec that have no name, as `containers[0]`. Istio merges the sidecar
 * into the pod by container name, so such a pod cannot be injected. Kubernetes requires names on its own kinds;
 * some CRDs do not (a Knative Service names its container when it is applied).
 */
export function unnamedContainers(podSpec: unknown): string[] {
  if (!isObject(podSpec)) return [];
  const out: string[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (isObject(c) && (typeof c['name'] !== 'string' || c['name'] === '')) out.push(`${field}[${i}]`);
    });
  }
  return out;
}

// --- unknown kinds with a pod template ---------------------------------------------------------------------------

const DETECT_DEPTH = 6;

function hasContainers(v: unknown): boolean {
  return isObject(v) && isObject(v['spec']) && Array.isArray(v['spec']['containers']);
}

/**
 * For an object of an unregistered kind: the path of the first pod template inside it (an object whose
 * `spec.containers` is a list), searched breadth-first through nested objects (not lists) under the top level.
 * `[]` means the object itself looks like a pod. Undefined when there is none.
 */
export function detectPodTemplate(obj: unknown): string[] | undefined {
  if (!isObject(obj)) return undefined;
  if (hasContainers(obj)) return [];
  return searchObjects(obj, hasContainers);
}

/**
 * For an object of an unregistered kind without a pod template: the path of the first bare pod spec inside it (an
 * object with a `containers` list, e.g. `spec.podSpec`), searched like `detectPodTemplate`. Undefined when none.
 */
export function detectPodSpec(obj: unknown): string[] | undefined {
  if (!isObject(obj)) return undefined;
  return searchObjects(obj, (v) => Array.isArray(v['containers']));
}

/** Breadth-first through nested objects (not lists), skipping the top-level metadata and status. */
function searchObjects(obj: JsonObject, found: (v: JsonObject) => boolean): string[] | undefined {
  let level: { value: JsonObject; path: string[] }[] = [{ value: obj, path: [] }];
  for (let depth = 0; depth < DETECT_DEPTH && level.length > 0; depth++) {
    const next: { value: JsonObject; path: string[] }[] = [];
    for (const { value, path } of level) {
      for (const [k, v] of Object.entries(value)) {
        if (!isObject(v) || (depth === 0 && (k === 'metadata' || k === 'status'))) continue;
        const p = [...path, k];
        if (found(v)) return p;
        next.push({ value: v, path: p });
      }
    }
    level = next;
  }
  return undefined;
}

/** The `podTemplatePaths` entry that would make a detected kind injectable, for a warning's hint. */
export function suggestExtraKind(obj: unknown, templatePath: readonly string[]): ExtraKindSpec | undefined {
  if (!isObject(obj) || typeof obj['kind'] !== 'string' || templatePath.length === 0) return undefined;
  const apiVersion = str(obj['apiVersion']);
  return {
    ...(apiVersion ? { apiVersion } : {}),
    kind: obj['kind'],
    podTemplatePath: templatePath.join('.'),
  };
}

// --- DeploymentMeta / TypeMeta ---------------------------------------------------------------------------------------

/** `.DeploymentMeta` (types.NamespacedName) and `.TypeMeta` of the template data. */
export interface WorkloadIdentity {
  readonly deploymentMeta: { readonly name: string; readonly namespace: string };
  readonly typeMeta: { readonly apiVersion: string; readonly kind: string };
}

/** Istio's `cronJobNameRegexp` `(.+)-\d{8,10}$`; `[^\n]` because Go's `.` excludes only `\n`. */
const CRONJOB_JOB_NAME = /([^\n]+)-[0-9]{8,10}$/;

/**
 * `kube.GetDeployMetaFromPod`: the pod's name and namespace with TypeMeta `v1/Pod`; only when `generateName` is set
 * and a controller ownerReference exists, the owner's kind/apiVersion/name, refined by the heuristics for
 * Deployments (ReplicaSet + `pod-template-hash`), Argo Rollouts (`rollouts-pod-template-hash` → `v1alpha1 Rollout`),
 * DeploymentConfigs (RC + `deploymentconfig` label) and CronJobs (Job named `<x>-<8 to 10 digits>`).
 */
export function deployMetaFromPod(pod: unknown): WorkloadIdentity {
  const meta = isObject(pod) && isObject(pod['metadata']) ? pod['metadata'] : {};
  const labels = isObject(meta['labels']) ? meta['labels'] : {};
  const label = (k: string): string => str(labels[k]);
  const podName = str(meta['name']);
  let name = podName;
  let kind = 'Pod';
  let apiVersion = 'v1';
  if (str(meta['generateName']).length > 0) {
    const owners = Array.isArray(meta['ownerReferences']) ? meta['ownerReferences'] : [];
    const ref = owners.find((o): o is JsonObject => isObject(o) && o['controller'] === true);
    if (ref) {
      apiVersion = str(ref['apiVersion']);
      kind = str(ref['kind']);
      const refName = str(ref['name']);
      name = refName;
      const hash = label('pod-template-hash');
      const rolloutHash = label('rollouts-pod-template-hash');
      if (kind === 'ReplicaSet' && hash !== '' && refName.endsWith(hash)) {
        name = trimSuffix(refName, '-' + hash);
        kind = 'Deployment';
      } else if (kind === 'ReplicaSet' && rolloutHash !== '' && refName.endsWith(rolloutHash)) {
        name = trimSuffix(refName, '-' + rolloutHash);
        kind = 'Rollout';
        apiVersion = 'v1alpha1';
      } else if (kind === 'ReplicationController' && label('deploymentconfig') !== '') {
        name = label('deploymentconfig');
        kind = 'DeploymentConfig';
      } else if (kind === 'Job') {
        const m = CRONJOB_JOB_NAME.exec(refName);
        if (m) {
          name = m[1] as string;
          kind = 'CronJob';
          apiVersion = 'batch/v1';
        }
      }
    }
  }
  if (name === '') name = podName;
  return { deploymentMeta: { name, namespace: str(meta['namespace']) }, typeMeta: { apiVersion, kind } };
}

function trimSuffix(s: string, suffix: string): string {
  return suffix !== '' && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}

/**
 * DeploymentMeta/TypeMeta as kube-inject computes them: for a Pod `deployMetaFromPod`; for every other kind the
 * object's own name and namespace and its TypeMeta as written (an absent apiVersion stays empty).
 */
export function workloadIdentity(obj: unknown, kind: WorkloadKind): WorkloadIdentity {
  if (kind.identity === 'pod') return deployMetaFromPod(obj);
  const o = isObject(obj) ? obj : {};
  const meta = isObject(o['metadata']) ? o['metadata'] : {};
  return {
    deploymentMeta: { name: str(meta['name']), namespace: str(meta['namespace']) },
    typeMeta: { apiVersion: str(o['apiVersion']), kind: str(o['kind']) },
  };
}

/**
 * DeploymentMeta/TypeMeta as the in-cluster webhook would compute them for a pod this object creates: the pod the
 * controller chain would make (owner reference, `generateName`, the template's labels plus the controller's own
 * labels) run through `deployMetaFromPod`. A Deployment's pods come from ReplicaSet `<name>-<hash>`, so they say
 * `apps/v1 Deployment`; a DeploymentConfig's come from an RC (`v1 DeploymentConfig`); a CronJob's from Job
 * `<name>-<minutes>`; an Argo Rollout's from a ReplicaSet with `rollouts-pod-template-hash` (`v1alpha1 Rollout`).
 * Other extra kinds are taken as the pods' direct controller.
 */
export function webhookIdentity(obj: unknown, kind: WorkloadKind): WorkloadIdentity {
  if (kind.identity === 'pod') return deployMetaFromPod(obj);
  const o = isObject(obj) ? obj : {};
  const meta = isObject(o['metadata']) ? o['metadata'] : {};
  const name = str(meta['name']);
  const namespace = str(meta['namespace']);
  const loc = locatePodTemplate(obj, kind);
  const podMeta = loc.status === 'ok' ? loc.podMetadata : undefined;
  const labels: Record<string, unknown> = { ...(podMeta && isObject(podMeta['labels']) ? podMeta['labels'] : {}) };
  const FAKE_HASH = '5d4f8c9b7';
  let owner: { apiVersion: string; kind: string; name: string };
  switch (kind.builtin ? kind.kind : `${kind.kind}@${kind.apiVersion ?? ''}`) {
    case 'Deployment':
      labels['pod-template-hash'] = FAKE_HASH;
      owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${FAKE_HASH}` };
      break;
    case 'CronJob':
      owner = { apiVersion: 'batch/v1', kind: 'Job', name: `${name}-29000000` };
      break;
    case 'DeploymentConfig':
      labels['deploymentconfig'] = name;
      owner = { apiVersion: 'v1', kind: 'ReplicationController', name: `${name}-1` };
      break;
    case 'Rollout@argoproj.io':
      labels['rollouts-pod-template-hash'] = FAKE_HASH;
      owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${FAKE_HASH}` };
      break;
    default:
      // Controllers write their own group/version into the owner reference, whatever the manifest says.
      owner = { apiVersion: kind.builtin ? kind.registeredAs : str(o['apiVersion']) || kind.registeredAs, kind: kind.kind, name };
  }
  const pod = {
    metadata: {
      generateName: `${owner.name}-`,
      namespace,
      labels,
      ownerReferences: [{ ...owner, controller: true }],
    },
  };
  return deployMetaFromPod(pod);
}
