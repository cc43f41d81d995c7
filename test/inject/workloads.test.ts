import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sharedPath } from '../support/shared.ts';
import {
  BUILTIN_KINDS,
  buildKindTable,
  deployMetaFromPod,
  detectPodSpec,
  detectPodTemplate,
  findWorkloadKind,
  flattenList,
  isList,
  listItems,
  locatePodTemplate,
  metadataProblems,
  suggestExtraKind,
  unnamedContainers,
  webhookIdentity,
  workloadIdentity,
  type WorkloadKind,
} from '../../src/inject/workloads.ts';

const table = buildKindTable().kinds;

function kindOf(obj: unknown): WorkloadKind {
  const k = findWorkloadKind(obj, table);
  if (!k) throw new Error(`no kind for ${JSON.stringify(obj)}`);
  return k;
}

// ---------------------------------------------------------------------------------------------------------------------
const Kinds = suite('kinds table');

Kinds('Istio registers nine kinds besides List', () => {
  assert.equal(
    BUILTIN_KINDS.map((k) => k.kind),
    ['Pod', 'ReplicationController', 'Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'Job', 'CronJob', 'DeploymentConfig'],
  );
});

Kinds('built-in kinds match by kind only', () => {
  for (const apiVersion of ['apps/v1', 'extensions/v1beta1', 'apps/v1beta2', undefined]) {
    const obj = { ...(apiVersion ? { apiVersion } : {}), kind: 'Deployment', metadata: { name: 'x' } };
    assert.is(findWorkloadKind(obj, table)?.kind, 'Deployment', String(apiVersion));
    assert.ok(findWorkloadKind(obj, table)?.builtin);
  }
});

Kinds('unregistered kinds and documents without kind are not workloads', () => {
  assert.is(findWorkloadKind({ apiVersion: 'v1', kind: 'Service' }, table), undefined);
  assert.is(findWorkloadKind({ apiVersion: 'v1', kind: 'ConfigMap' }, table), undefined);
  assert.is(findWorkloadKind({ metadata: { name: 'x' } }, table), undefined);
  assert.is(findWorkloadKind(null, table), undefined);
  assert.is(findWorkloadKind('kind: Deployment', table), undefined);
  assert.is(findWorkloadKind({ kind: 'deployment' }, table), undefined);
});

Kinds('default extra kinds match by API group', () => {
  const knative = kindOf({ apiVersion: 'serving.knative.dev/v1', kind: 'Service' });
  assert.is(knative.builtin, false);
  assert.equal(knative.podSpecPath, ['spec', 'template', 'spec']);
  assert.equal(knative.metadataPath, ['spec', 'template', 'metadata']);
  assert.is(kindOf({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }).apiVersion, 'argoproj.io');
  assert.is(kindOf({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' }).kind, 'CloneSet');
  const asts = kindOf({ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet' });
  assert.is(asts.builtin, false);
  assert.is(kindOf({ apiVersion: 'apps/v1', kind: 'StatefulSet' }).builtin, true);
  // A Rollout of another group is not Argo's.
  assert.is(findWorkloadKind({ apiVersion: 'example.com/v1', kind: 'Rollout' }, table), undefined);
});

Kinds('the built-in extra kinds: Argo Rollout, Knative Service and Configuration, OpenKruise workloads', () => {
  const rows: [string, string][] = [
    ['argoproj.io/v1alpha1', 'Rollout'],
    ['serving.knative.dev/v1', 'Service'],
    ['serving.knative.dev/v1', 'Configuration'],
    ['apps.kruise.io/v1alpha1', 'CloneSet'],
    ['apps.kruise.io/v1beta1', 'StatefulSet'],
    ['apps.kruise.io/v1alpha1', 'DaemonSet'],
    ['apps.kruise.io/v1alpha1', 'BroadcastJob'],
  ];
  for (const [apiVersion, kind] of rows) {
    const k = kindOf({ apiVersion, kind });
    assert.equal([k.builtin, k.metadataPath, k.podSpecPath, k.templatePath, k.missingTemplate], [
      false,
      ['spec', 'template', 'metadata'],
      ['spec', 'template', 'spec'],
      ['spec', 'template'],
      'skip',
    ], `${apiVersion} ${kind}`);
  }
  assert.equal(kindOf({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }).templateRefPath, ['spec', 'workloadRef']);
  // The core Service and the core StatefulSet stay what they are.
  assert.is(findWorkloadKind({ apiVersion: 'v1', kind: 'Service' }, table), undefined);
  assert.is(kindOf({ apiVersion: 'apps/v1', kind: 'DaemonSet' }).builtin, true);
});

Kinds('a configured kind wins over a built-in extra kind of the same kind and group', () => {
  const { kinds } = buildKindTable([{ apiVersion: 'argoproj.io', kind: 'Rollout', podTemplatePath: 'spec.pod' }]);
  assert.equal(findWorkloadKind({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }, kinds)?.podSpecPath, ['spec', 'pod', 'spec']);
});

Kinds('configured kinds: template path or explicit paths; exact or group apiVersion', () => {
  const { kinds, problems } = buildKindTable(
    [
      { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', podTemplatePath: 'spec.pytorchReplicaSpecs.Worker.template' },
      { kind: 'Workload', metadata: ['spec', 'pod', 'meta'], spec: 'spec.pod.body' },
      { kind: '' },
      { apiVersion: 'x.io/v1', kind: 'Broken' },
    ],
    { includeDefaultExtras: false },
  );
  assert.equal(problems, [
    'podTemplatePaths[2]: kind must be a non-empty string',
    'podTemplatePaths[3]: kind "Broken" needs podTemplatePath, or both metadata and spec paths',
  ]);
  const job = findWorkloadKind({ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob' }, kinds);
  assert.equal(job?.podSpecPath, ['spec', 'pytorchReplicaSpecs', 'Worker', 'template', 'spec']);
  assert.is(findWorkloadKind({ apiVersion: 'kubeflow.org/v2', kind: 'PyTorchJob' }, kinds), undefined);
  const w = findWorkloadKind({ apiVersion: 'anything/v9', kind: 'Workload' }, kinds);
  assert.equal(w?.metadataPath, ['spec', 'pod', 'meta']);
  assert.equal(w?.podSpecPath, ['spec', 'pod', 'body']);
  assert.equal(w?.templatePath, ['spec', 'pod']);
  // Without the defaults, Knative is not known.
  assert.is(findWorkloadKind({ apiVersion: 'serving.knative.dev/v1', kind: 'Service' }, kinds), undefined);
});

Kinds.run();

// ---------------------------------------------------------------------------------------------------------------------
const Locate = suite('locatePodTemplate');

Locate('Deployment: spec.template.metadata and spec.template.spec', () => {
  const meta = { labels: { app: 'a' } };
  const spec = { containers: [{ name: 'a' }] };
  const r = locatePodTemplate({ kind: 'Deployment', spec: { template: { metadata: meta, spec } } }, kindOf({ kind: 'Deployment' }));
  assert.is(r.status, 'ok');
  if (r.status !== 'ok') return;
  assert.is(r.metadata, meta);
  assert.is(r.podSpec, spec);
  assert.is(r.podMetadata, meta);
  assert.equal(r.metadataPath, ['spec', 'template', 'metadata']);
});

Locate('Pod: metadata and spec at the top', () => {
  const obj = { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } };
  const r = locatePodTemplate(obj, kindOf(obj));
  assert.is(r.status === 'ok' && r.metadata, obj.metadata);
  assert.is(r.status === 'ok' && r.podSpec, obj.spec);
});

Locate('CronJob: annotations and labels at spec.jobTemplate.metadata (Istio quirk), pods see the inner template metadata', () => {
  const jobMeta = { annotations: { a: '1' } };
  const podMeta = { labels: { app: 'cron' } };
  const podSpec = { containers: [{ name: 'c' }] };
  const obj = { kind: 'CronJob', spec: { jobTemplate: { metadata: jobMeta, spec: { template: { metadata: podMeta, spec: podSpec } } } } };
  const r = locatePodTemplate(obj, kindOf(obj));
  assert.is(r.status, 'ok');
  if (r.status !== 'ok') return;
  assert.is(r.metadata, jobMeta);
  assert.is(r.podMetadata, podMeta);
  assert.is(r.podSpec, podSpec);
  assert.equal(r.metadataPath, ['spec', 'jobTemplate', 'metadata']);
  assert.equal(r.podSpecPath, ['spec', 'jobTemplate', 'spec', 'template', 'spec']);
});

Locate('CronJob without jobTemplate.metadata: metadata is absent (created on writeback)', () => {
  const obj = { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } } };
  const r = locatePodTemplate(obj, kindOf(obj));
  assert.is(r.status, 'ok');
  assert.is(r.status === 'ok' ? r.metadata : 'x', undefined);
});

Locate('ReplicationController and DeploymentConfig: a missing template is an error (Go pointer)', () => {
  for (const kind of ['ReplicationController', 'DeploymentConfig']) {
    for (const spec of [{}, { template: null }]) {
      const r = locatePodTemplate({ kind, spec }, kindOf({ kind }));
      assert.equal(r.status === 'error' && [r.field, r.message], ['spec.template', 'spec.template is required value'], kind);
    }
  }
});

Locate('Deployment without a template: an empty template (Go struct), not an error', () => {
  const r = locatePodTemplate({ kind: 'Deployment', spec: {} }, kindOf({ kind: 'Deployment' }));
  assert.is(r.status, 'ok');
  assert.is(r.status === 'ok' ? r.podSpec : 'x', undefined);
  const r2 = locatePodTemplate({ kind: 'Deployment' }, kindOf({ kind: 'Deployment' }));
  assert.is(r2.status, 'ok');
});

Locate('a template of the wrong type is an error naming the field', () => {
  const r = locatePodTemplate({ kind: 'Deployment', spec: { template: 'oops' } }, kindOf({ kind: 'Deployment' }));
  assert.equal(r.status === 'error' && [r.field, r.message], ['spec.template', 'expected an object, got the string "oops"']);
  const r2 = locatePodTemplate({ kind: 'Deployment', spec: { template: { spec: [1] } } }, kindOf({ kind: 'Deployment' }));
  assert.equal(r2.status === 'error' && [r2.field, r2.message], ['spec.template.spec', 'expected an object, got a list']);
});

Locate('an Argo Rollout using workloadRef has no template: skipped, not an error', () => {
  const obj = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { workloadRef: { kind: 'Deployment', name: 'x' } } };
  const r = locatePodTemplate(obj, kindOf(obj));
  assert.is(r.status, 'no-template');
  assert.is(r.status === 'no-template' && r.field, 'spec.template');
  assert.is(
    r.status === 'no-template' && r.message,
    'spec.template is not set: the pod template comes from spec.workloadRef (Deployment "x"), so inject that object instead',
  );
  // Without workloadRef either, the plain message.
  const bare = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: {} };
  const r2 = locatePodTemplate(bare, kindOf(bare));
  assert.is(r2.status === 'no-template' && r2.message, 'spec.template is not set, so there is no pod template to inject');
  // A Knative Service without a template has nothing to inject either (extra kinds never invent one).
  const ksvc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', spec: {} };
  assert.is(locatePodTemplate(ksvc, kindOf(ksvc)).status, 'no-template');
});

Locate('metadataProblems: non-string labels and annotations', () => {
  assert.equal(metadataProblems({ labels: { a: 'x' }, annotations: { 'sidecar.istio.io/inject': 'false' } }, 'spec.template.metadata'), []);
  assert.equal(metadataProblems({ labels: { 'sidecar.istio.io/inject': true }, annotations: { port: 15020 }, name: 3 }, 'metadata'), [
    { field: 'metadata.labels.sidecar.istio.io/inject', message: 'expected a string, got boolean true (quote the value)' },
    { field: 'metadata.annotations.port', message: 'expected a string, got number 15020 (quote the value)' },
    { field: 'metadata.name', message: 'expected a string, got number 3' },
  ]);
  assert.equal(metadataProblems({ labels: ['a'] }, 'm'), [{ field: 'm.labels', message: 'expected a map of strings, got a list' }]);
  assert.equal(metadataProblems(undefined, 'm'), []);
});

Locate.run();

// ---------------------------------------------------------------------------------------------------------------------
const Lists = suite('List');

Lists('listItems and flattenList (Lists nested in Lists)', () => {
  const a = { kind: 'Deployment', metadata: { name: 'a' } };
  const b = { kind: 'Service' };
  const c = { kind: 'Pod' };
  const list = { apiVersion: 'v1', kind: 'List', items: [a, { kind: 'List', items: [b, { kind: 'List', items: [c] }] }] };
  assert.ok(isList(list));
  assert.is(listItems(list).length, 2);
  assert.equal(flattenList(list), [
    { item: a, path: [0] },
    { item: b, path: [1, 0] },
    { item: c, path: [1, 1, 0] },
  ]);
  assert.equal(listItems({ kind: 'List' }), []);
  assert.equal(listItems({ kind: 'List', items: 'x' }), []);
  assert.equal(listItems(a), []);
});

Lists.run();

// ---------------------------------------------------------------------------------------------------------------------
const Detect = suite('unknown kinds with a pod template');

Detect('finds the first pod template under spec', () => {
  const job = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name: 'x', annotations: { spec: { containers: [] } } },
    spec: { pytorchReplicaSpecs: { Master: { replicas: 1, template: { spec: { containers: [{ name: 'pytorch' }] } } } } },
  };
  assert.equal(detectPodTemplate(job), ['spec', 'pytorchReplicaSpecs', 'Master', 'template']);
  assert.equal(suggestExtraKind(job, ['spec', 'pytorchReplicaSpecs', 'Master', 'template']), {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    podTemplatePath: 'spec.pytorchReplicaSpecs.Master.template',
  });
  assert.equal(detectPodTemplate({ kind: 'Thing', spec: { template: { spec: { containers: [] } } } }), ['spec', 'template']);
  assert.equal(detectPodTemplate({ kind: 'PodLike', spec: { containers: [] } }), []);
});

Detect('no pod template: undefined (lists are not searched)', () => {
  assert.is(detectPodTemplate({ kind: 'ConfigMap', data: { a: 'b' } }), undefined);
  assert.is(detectPodTemplate({ kind: 'Workflow', spec: { templates: [{ spec: { containers: [] } }] } }), undefined);
  assert.is(detectPodTemplate({ kind: 'X', status: { spec: { containers: [] } } }), undefined);
  assert.is(detectPodTemplate(null), undefined);
});

Detect('detectPodSpec: a bare pod spec (a containers list) when there is no pod template', () => {
  const task = { apiVersion: 'batch.example.com/v2', kind: 'Task', spec: { podMetadata: {}, podSpec: { containers: [{ name: 'task' }] } } };
  assert.is(detectPodTemplate(task), undefined);
  assert.equal(detectPodSpec(task), ['spec', 'podSpec']);
  assert.is(detectPodSpec({ kind: 'X', metadata: { containers: [] }, spec: { steps: [] } }), undefined);
  assert.is(detectPodSpec('text'), undefined);
});

Detect('unnamedContainers: containers and init containers without a name', () => {
  assert.equal(unnamedContainers({ containers: [{ image: 'a' }, { name: 'b' }, { name: '' }], initContainers: [{ image: 'i' }] }), [
    'initContainers[0]',
    'containers[0]',
    'containers[2]',
  ]);
  assert.equal(unnamedContainers({ containers: [{ name: 'a' }] }), []);
  assert.equal(unnamedContainers(undefined), []);
});

Detect.run();

// ---------------------------------------------------------------------------------------------------------------------
const Identity = suite('DeploymentMeta / TypeMeta');

const owner = (kind: string, name: string, apiVersion = 'apps/v1', controller: unknown = true): object => ({ apiVersion, kind, name, controller });

Identity('GetDeployMetaFromPod: a plain pod is itself', () => {
  assert.equal(deployMetaFromPod({ metadata: { name: 'hellopod', namespace: 'ns' } }), {
    deploymentMeta: { name: 'hellopod', namespace: 'ns' },
    typeMeta: { apiVersion: 'v1', kind: 'Pod' },
  });
});

Identity('owner references count only with generateName and controller: true', () => {
  const refs = [owner('ReplicaSet', 'web-abc')];
  assert.equal(deployMetaFromPod({ metadata: { name: 'p', ownerReferences: refs } }).typeMeta, { apiVersion: 'v1', kind: 'Pod' });
  const notController = { metadata: { name: 'p', generateName: 'p-', ownerReferences: [owner('Job', 'j', 'batch/v1', false)] } };
  assert.equal(deployMetaFromPod(notController).typeMeta.kind, 'Pod');
  const second = { metadata: { generateName: 'p-', ownerReferences: [owner('Job', 'j', 'batch/v1', false), owner('StatefulSet', 'db')] } };
  assert.equal(deployMetaFromPod(second), { deploymentMeta: { name: 'db', namespace: '' }, typeMeta: { apiVersion: 'apps/v1', kind: 'StatefulSet' } });
});

Identity('ReplicaSet + pod-template-hash → Deployment', () => {
  const pod = { metadata: { generateName: 'web-7d9-', namespace: 'n', labels: { 'pod-template-hash': '7d9' }, ownerReferences: [owner('ReplicaSet', 'web-7d9')] } };
  assert.equal(deployMetaFromPod(pod), { deploymentMeta: { name: 'web', namespace: 'n' }, typeMeta: { apiVersion: 'apps/v1', kind: 'Deployment' } });
  // Without the label the ReplicaSet is the owner.
  const bare = { metadata: { generateName: 'x-', ownerReferences: [owner('ReplicaSet', 'rs1')] } };
  assert.equal(deployMetaFromPod(bare).typeMeta.kind, 'ReplicaSet');
  assert.equal(deployMetaFromPod(bare).deploymentMeta.name, 'rs1');
});

Identity('ReplicaSet + rollouts-pod-template-hash → v1alpha1 Rollout', () => {
  const pod = { metadata: { generateName: 'r-', labels: { 'rollouts-pod-template-hash': 'abc' }, ownerReferences: [owner('ReplicaSet', 'shop-abc')] } };
  assert.equal(deployMetaFromPod(pod), { deploymentMeta: { name: 'shop', namespace: '' }, typeMeta: { apiVersion: 'v1alpha1', kind: 'Rollout' } });
});

Identity('ReplicationController + deploymentconfig label → DeploymentConfig named by the label', () => {
  const pod = { metadata: { generateName: 'r-', labels: { deploymentconfig: 'hello' }, ownerReferences: [owner('ReplicationController', 'hello-3', 'v1')] } };
  assert.equal(deployMetaFromPod(pod), { deploymentMeta: { name: 'hello', namespace: '' }, typeMeta: { apiVersion: 'v1', kind: 'DeploymentConfig' } });
});

Identity('Job named <x>-<8 to 10 digits> → batch/v1 CronJob <x>', () => {
  const job = (name: string): object => ({ metadata: { generateName: 'j-', ownerReferences: [owner('Job', name, 'batch/v1')] } });
  assert.equal(deployMetaFromPod(job('backup-28000000')), { deploymentMeta: { name: 'backup', namespace: '' }, typeMeta: { apiVersion: 'batch/v1', kind: 'CronJob' } });
  assert.equal(deployMetaFromPod(job('a-b-1234567890')).deploymentMeta.name, 'a-b');
  assert.equal(deployMetaFromPod(job('backup-1234567')).typeMeta.kind, 'Job');
  assert.equal(deployMetaFromPod(job('backup-12345678901')).typeMeta.kind, 'Job');
  assert.equal(deployMetaFromPod(job('-12345678')).typeMeta.kind, 'Job');
});

Identity('an owner without a name falls back to the pod name', () => {
  const pod = { metadata: { name: 'p1', generateName: 'p', ownerReferences: [{ kind: 'Thing', apiVersion: 'x/v1', controller: true }] } };
  assert.equal(deployMetaFromPod(pod), { deploymentMeta: { name: 'p1', namespace: '' }, typeMeta: { apiVersion: 'x/v1', kind: 'Thing' } });
});

Identity('workloads other than Pod: the object name/namespace and its TypeMeta as written', () => {
  const d = { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'hello', namespace: 'ns' } };
  assert.equal(workloadIdentity(d, kindOf(d)), { deploymentMeta: { name: 'hello', namespace: 'ns' }, typeMeta: { apiVersion: 'extensions/v1beta1', kind: 'Deployment' } });
  const noVersion = { kind: 'Job', metadata: { name: 'j' } };
  assert.equal(workloadIdentity(noVersion, kindOf(noVersion)).typeMeta, { apiVersion: '', kind: 'Job' });
});

Identity('webhook identity follows the controller chain', () => {
  const cases: [object, object][] = [
    [{ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'web', namespace: 'n' } }, { deploymentMeta: { name: 'web', namespace: 'n' }, typeMeta: { apiVersion: 'apps/v1', kind: 'Deployment' } }],
    [{ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' } }, { deploymentMeta: { name: 'c', namespace: '' }, typeMeta: { apiVersion: 'batch/v1', kind: 'CronJob' } }],
    [{ apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', metadata: { name: 'dc' }, spec: { template: {} } }, { deploymentMeta: { name: 'dc', namespace: '' }, typeMeta: { apiVersion: 'v1', kind: 'DeploymentConfig' } }],
    [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' } }, { deploymentMeta: { name: 'db', namespace: '' }, typeMeta: { apiVersion: 'apps/v1', kind: 'StatefulSet' } }],
    [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'ro' }, spec: { template: {} } }, { deploymentMeta: { name: 'ro', namespace: '' }, typeMeta: { apiVersion: 'v1alpha1', kind: 'Rollout' } }],
    [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet', metadata: { name: 'cs' }, spec: { template: {} } }, { deploymentMeta: { name: 'cs', namespace: '' }, typeMeta: { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' } }],
    [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, { deploymentMeta: { name: 'p', namespace: '' }, typeMeta: { apiVersion: 'v1', kind: 'Pod' } }],
  ];
  for (const [obj, want] of cases) assert.equal(webhookIdentity(obj, kindOf(obj)), want, JSON.stringify(obj));
});

Identity.run();

// ---------------------------------------------------------------------------------------------------------------------
const Goldens = suite('identity against the kube-inject goldens');

interface Case {
  id: string;
  input: string;
  golden: string;
  expectError: string | null;
}

const casesFile = sharedPath('conformance/istio/cases.json', 'workload identity golden checks');

function docs(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
}

function workloadsIn(path: string): unknown[] {
  return docs(path).flatMap((d) => (isList(d) ? flattenList(d).map((x) => x.item) : [d])).filter((d) => findWorkloadKind(d, table));
}

function proxyEnv(obj: unknown): Map<string, string> | undefined {
  const kind = findWorkloadKind(obj, table);
  if (!kind) return undefined;
  const loc = locatePodTemplate(obj, kind);
  if (loc.status !== 'ok' || !loc.podSpec) return undefined;
  const all = [...((loc.podSpec['containers'] as unknown[]) ?? []), ...((loc.podSpec['initContainers'] as unknown[]) ?? [])];
  const proxy = all.find((c) => (c as { name?: string }).name === 'istio-proxy') as { env?: { name: string; value?: string }[] } | undefined;
  if (!proxy?.env) return undefined;
  return new Map(proxy.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
}

if (casesFile) {
  const root = join(casesFile, '..');
  const cases = (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: Case[] }).cases.filter((c) => !c.expectError);
  Goldens('ISTIO_META_OWNER and ISTIO_META_WORKLOAD_NAME follow workloadIdentity', () => {
    let checked = 0;
    for (const c of cases) {
      const inputs = workloadsIn(join(root, c.input));
      const outputs = workloadsIn(join(root, c.golden));
      assert.is(outputs.length, inputs.length, c.id);
      inputs.forEach((input, i) => {
        const env = proxyEnv(outputs[i]);
        if (!env) return; // skipped (hostNetwork, inject: false) or a template without these variables
        const kind = findWorkloadKind(input, table) as WorkloadKind;
        const loc = locatePodTemplate(input, kind);
        const { deploymentMeta, typeMeta } = workloadIdentity(input, kind);
        const labels = (loc.status === 'ok' && (loc.metadata?.['labels'] as Record<string, string> | undefined)) || {};
        const workloadName = labels['service.istio.io/workload-name'] || deploymentMeta.name;
        if (env.has('ISTIO_META_WORKLOAD_NAME')) assert.is(env.get('ISTIO_META_WORKLOAD_NAME'), workloadName, c.id);
        const owner =
          typeMeta.apiVersion && deploymentMeta.name
            ? `kubernetes://apis/${typeMeta.apiVersion}/namespaces/${deploymentMeta.namespace || 'default'}/${typeMeta.kind.toLowerCase()}s/${deploymentMeta.name}`
            : undefined;
        if (env.has('ISTIO_META_WORKLOAD_NAME')) assert.is(env.get('ISTIO_META_OWNER'), owner, c.id);
        checked++;
      });
    }
    assert.ok(checked > 80, `checked ${checked} workloads`);
  });
}

Goldens.run();
