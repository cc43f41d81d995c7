/**
 * The embedded default (src/inject/defaults.ts) against Istio's own templates, differentially: for every workload
 * of ../shared/conformance/istio/inject/*.yaml (plus small pods of our own for annotations the inputs do not use),
 * under Istio's test settings, values variants, mesh variants and both native-sidecar modes, Istio's `sidecar`
 * template and ours are executed over the same template data and their overlays, parsed as YAML 1.1, must be equal
 * (the first differing path is reported). The same for `gateway` and `grpc-agent`; `grpc-simple` writes its
 * bootstrap with a script of our own, checked by running it. Then the embedded values and mesh: with them, injection
 * gives Istio's default-profile pods, images aside. Without ../shared the comparisons are skipped.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sharedPath } from '../support/shared.ts';
import { decodeTypedJSON } from '../support/typed-json.ts';
import { EMBEDDED_TEMPLATES, embeddedDefaults } from '../../src/inject/defaults.ts';
import { DEFAULT_HUB, DEFAULT_TAG, defaultValues } from '../../src/inject/defaults/values.ts';
import { unmarshalYAML11 } from '../../src/go/yaml.ts';
import type { GoValue } from '../../src/go/value.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';
import { parse, type Template } from '../../src/template/mod.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';
import { proxyImage, proxyInitImage } from '../../src/inject/images.ts';
import { loadInjectorConfig, type InjectorConfig } from '../../src/inject/injector-config.ts';
import { reinsertOverrides, stringMapOf, stripPod } from '../../src/inject/overrides.ts';
import { createRuntime, injectPod } from '../../src/inject/pipeline.ts';
import { sidecarTemplateData } from '../../src/inject/template-data.ts';
import { roundTripPod } from '../../src/inject/typed-pod.ts';
import { validateAnnotations } from '../../src/inject/validate.ts';
import { findWorkloadKind, flattenList, isList, locatePodTemplate, workloadIdentity, type WorkloadIdentity } from '../../src/inject/workloads.ts';
import { applyMeshConfig, inboundTrafficPolicyMode, meshWithProxyConfigAnnotation, type MeshConfigRep } from '../../src/mesh/mesh-config.ts';
import { validateProxyConfigAnnotation, type ProxyConfigRep } from '../../src/mesh/proxy-config.ts';
import { parseValues } from '../../src/mesh/values.ts';

type JSONObject = Record<string, unknown>;

const FUNCS = [sprigFuncs, istioFuncs()];

function isObject(x: unknown): x is JSONObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function clone<V>(v: V): V {
  return JSON.parse(JSON.stringify(v)) as V;
}

/** Sets `value` at a dotted path, creating objects on the way. */
function setPath(target: JSONObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(cur[key])) cur[key] = {};
    cur = cur[key] as JSONObject;
  }
  cur[keys[keys.length - 1]!] = value;
}

function withPatch(base: JSONObject, patch: Readonly<Record<string, unknown>>): JSONObject {
  const out = clone(base);
  for (const [path, value] of Object.entries(patch)) setPath(out, path, clone(value));
  return out;
}

function show(v: unknown): string {
  const text = v === undefined ? 'absent' : JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** The first path where two parsed overlays differ (map key order ignored, list order kept), or undefined. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return `${path}[${i}]: ${show(a[i])} vs ${show(b[i])}`;
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const inA = Object.hasOwn(a, key);
      const inB = Object.hasOwn(b, key);
      if (!inA || !inB) return `${path}.${key}: ${inA ? show(a[key]) : 'absent'} vs ${inB ? show(b[key]) : 'absent'}`;
      const d = firstDifference(a[key], b[key], `${path}.${key}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path || '.'}: ${show(a)} vs ${show(b)}`;
}

/** Parsed outputs by text: many scenarios render the same text, and parsing costs more than rendering. */
const parsedOutputs = new Map<string, { overlay: unknown } | { error: string }>();

/** Executes a template and parses its output; an error (execution or YAML) is returned as its message. */
function overlayOf(template: Template, data: GoValue): { overlay: unknown } | { error: string } {
  let text: string;
  try {
    text = template.execute(data);
  } catch (e) {
    return { error: `execute: ${(e as Error).message}` };
  }
  let parsed = parsedOutputs.get(text);
  if (parsed === undefined) {
    try {
      parsed = { overlay: unmarshalYAML11(text) };
    } catch (e) {
      parsed = { error: `yaml: ${(e as Error).message}` };
    }
    parsedOutputs.set(text, parsed);
  }
  return parsed;
}

/** Compares ours with Istio's for one template and data; the first difference, or undefined when equal. */
function compareTemplates(ours: Template, istio: Template, data: GoValue): string | undefined {
  const mine = overlayOf(ours, data);
  const theirs = overlayOf(istio, data);
  if ('error' in theirs || 'error' in mine) {
    // Both failing is agreement (e.g. a values file Istio's template cannot use); one failing is not.
    if ('error' in theirs && 'error' in mine) return undefined;
    return `ours: ${'error' in mine ? mine.error : 'rendered'}; Istio's: ${'error' in theirs ? theirs.error : 'rendered'}`;
  }
  return firstDifference(mine.overlay, theirs.overlay);
}

function loadTemplates(configText: string): ReadonlyMap<string, Template> {
  const loaded = loadInjectorConfig(configText, { funcs: FUNCS });
  assert.equal(loaded.problems, []);
  return loaded.config.templates;
}

// --- workloads and template data -------------------------------------------------------------------------------------

interface Workload {
  readonly label: string;
  /** `{metadata, spec}` of the pod template. */
  readonly pod: JSONObject;
  readonly identity: WorkloadIdentity;
}

/** Every injectable workload of a YAML stream (Lists flattened), its pod after Go's typed round trip. */
function workloadsOf(text: string, label: string): Workload[] {
  const out: Workload[] = [];
  parseAllDocuments(text, { version: '1.1' }).forEach((doc, d) => {
    if (doc.errors.length > 0) return;
    const obj: unknown = doc.toJS();
    const items = isList(obj) ? flattenList(obj).map((e) => ({ item: e.item, at: `${d}.${e.path.join('.')}` })) : [{ item: obj, at: `${d}` }];
    for (const { item, at } of items) {
      const kind = findWorkloadKind(item);
      if (!kind) continue;
      const loc = locatePodTemplate(item, kind);
      if (loc.status !== 'ok') continue;
      let pod: JSONObject;
      try {
        pod = roundTripPod({ metadata: loc.metadata ?? {}, spec: loc.podSpec ?? {} });
      } catch {
        continue; // Istio would reject the object before injecting.
      }
      out.push({ label: `${label}#${at}`, pod, identity: workloadIdentity(item, kind) });
    }
  });
  return out;
}

interface Scenario {
  readonly label: string;
  readonly values: JSONObject;
  readonly mesh: MeshConfigRep;
  readonly native: boolean;
  readonly revision?: string;
  readonly compliancePolicy?: string;
  readonly proxyIDs?: readonly [number, number];
}

/** The template data kube-inject builds for a workload (istio-injection.md §5, §6 steps 1-4), or undefined if rejected. */
function templateData(w: Workload, s: Scenario): GoValue | undefined {
  const annotations = stringMapOf(w.pod, 'annotations');
  if (validateAnnotations(annotations, { validateProxyConfig: validateProxyConfigAnnotation }).length > 0) return undefined;
  let mesh: MeshConfigRep;
  try {
    mesh = meshWithProxyConfigAnnotation(s.mesh, Object.hasOwn(annotations, 'proxy.istio.io/config') ? annotations['proxy.istio.io/config'] : undefined);
  } catch {
    return undefined;
  }
  const proxyConfig = (mesh['defaultConfig'] as ProxyConfigRep | null) ?? null;
  const statusPort = (s.mesh['defaultConfig'] as ProxyConfigRep | null)?.['statusPort'];
  const reinserted = reinsertOverrides(stripPod(w.pod, typeof statusPort === 'number' ? statusPort : 0));
  if (!reinserted.ok) return undefined;
  const pod = reinserted.pod;
  const podAnnotations = stringMapOf(pod, 'annotations');
  return sidecarTemplateData({
    typeMeta: w.identity.typeMeta,
    deploymentMeta: w.identity.deploymentMeta,
    metadata: (pod['metadata'] as JSONObject | undefined) ?? {},
    spec: (pod['spec'] as JSONObject | undefined) ?? {},
    proxyConfig,
    meshConfig: mesh,
    values: s.values,
    revision: s.revision ?? '',
    nativeSidecars: s.native,
    proxyImage: proxyImage(s.values, (proxyConfig?.['image'] as { imageType?: string } | null | undefined) ?? null, podAnnotations),
    proxyInitImage: proxyInitImage(s.values, podAnnotations),
    proxyUID: s.proxyIDs?.[0] ?? 1337,
    proxyGID: s.proxyIDs?.[1] ?? 1337,
    inboundTrafficPolicyMode: inboundTrafficPolicyMode(mesh),
    compliancePolicy: s.compliancePolicy ?? '',
  });
}

/** A pod of our own (kind Deployment "web" in namespace "shop" unless the metadata says otherwise). */
function ownPod(name: string, metadata: JSONObject, spec?: JSONObject): Workload {
  const pod = roundTripPod({
    metadata,
    spec: spec ?? {
      containers: [
        { name: 'web', image: 'example.com/web:1.0', ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }] },
        { name: 'worker', image: 'example.com/worker:1.0' },
      ],
    },
  });
  return { label: `own:${name}`, pod, identity: { typeMeta: { apiVersion: 'apps/v1', kind: 'Deployment' }, deploymentMeta: { name: 'web', namespace: 'shop' } } };
}

const PROXY_CONFIG = 'proxy.istio.io/config';

/** Annotations and labels the conformance inputs do not exercise (or not in these combinations). */
const OWN_PODS: readonly Workload[] = [
  ownPod('plain', {}),
  ownPod('no-containers', { labels: { app: 'empty' } }, { containers: [] }),
  ownPod('log-levels', {
    annotations: { 'sidecar.istio.io/logLevel': 'debug', 'sidecar.istio.io/componentLogLevel': 'misc:info,rbac:debug', 'sidecar.istio.io/agentLogLevel': 'default:debug' },
  }),
  ownPod('bootstrap-override', { annotations: { 'sidecar.istio.io/bootstrapOverride': 'my-bootstrap' } }),
  ownPod('cap-net-bind', { annotations: { 'sidecar.istio.io/capNetBindService': 'true' } }),
  ownPod('cap-net-bind-tproxy', { annotations: { 'sidecar.istio.io/capNetBindService': 'true', 'sidecar.istio.io/interceptionMode': 'TPROXY' } }),
  ownPod('tproxy', { annotations: { 'sidecar.istio.io/interceptionMode': 'TPROXY' } }),
  ownPod('interception-none', { annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' } }),
  ownPod('native-true', { annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } }),
  ownPod('native-false', { annotations: { 'sidecar.istio.io/nativeSidecar': 'false' } }),
  ownPod('native-yes', { annotations: { 'sidecar.istio.io/nativeSidecar': 'yes' } }),
  ownPod('none-native-false', { annotations: { 'sidecar.istio.io/interceptionMode': 'NONE', 'sidecar.istio.io/nativeSidecar': 'false' } }),
  ownPod('outbound-ports', {
    annotations: {
      'traffic.sidecar.istio.io/includeOutboundPorts': '80,443',
      'traffic.sidecar.istio.io/excludeOutboundPorts': '9000',
      'traffic.sidecar.istio.io/excludeInterfaces': 'eth1',
      'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1',
      'traffic.sidecar.istio.io/includeInboundPorts': '',
      'traffic.sidecar.istio.io/excludeInboundPorts': '15020,8081',
    },
  }),
  ownPod('status-port-zero', { annotations: { 'status.sidecar.istio.io/port': '0' } }),
  ownPod('status-port-readiness', {
    annotations: {
      'status.sidecar.istio.io/port': '15099',
      'readiness.status.sidecar.istio.io/initialDelaySeconds': '7',
      'readiness.status.sidecar.istio.io/periodSeconds': '9',
      'readiness.status.sidecar.istio.io/failureThreshold': '11',
    },
  }),
  ownPod('resources-limits-only', { annotations: { 'sidecar.istio.io/proxyCPULimit': '3', 'sidecar.istio.io/proxyMemoryLimit': '2Gi' } }),
  ownPod('resources-memory-only', { annotations: { 'sidecar.istio.io/proxyMemory': '300Mi' } }),
  ownPod('proxy-image-with-slash', { annotations: { 'sidecar.istio.io/proxyImage': 'mirror.example/istio/proxyv2:1.2.3' } }),
  ownPod('proxy-image-without-slash', { annotations: { 'sidecar.istio.io/proxyImage': 'proxyv2-custom', 'sidecar.istio.io/proxyImageType': 'distroless' } }),
  ownPod('templates-annotation', { annotations: { 'inject.istio.io/templates': 'sidecar,grpc-agent' } }),
  ownPod('default-container-set', { annotations: { 'kubectl.kubernetes.io/default-container': 'worker' } }),
  ownPod('user-volumes', {
    annotations: {
      'sidecar.istio.io/userVolume': '{"cache":{"emptyDir":{"medium":"Memory"}},"creds":{"secret":{"secretName":"creds"}}}',
      'sidecar.istio.io/userVolumeMount': '{"cache":{"mountPath":"/cache"},"creds":{"mountPath":"/creds","readOnly":true,"subPath":"x"}}',
    },
  }),
  ownPod('datadog-env', { annotations: { 'apm.datadoghq.com/env': '{"DD_ENV":"prod","DD_SERVICE":"web","DD_VERSION":2}' } }),
  ownPod('hold-by-proxy-config', { annotations: { [PROXY_CONFIG]: 'holdApplicationUntilProxyStarts: true' } }),
  ownPod('proxy-metadata', {
    annotations: { [PROXY_CONFIG]: '{"proxyMetadata":{"ISTIO_META_DNS_CAPTURE":"true","ISTIO_META_ENABLE_HBONE":"true","ISTIO_META_DNS_AUTO_ALLOCATE":"true"}}' },
  }),
  ownPod('iptables-trace', { annotations: { [PROXY_CONFIG]: '{"proxyMetadata":{"IPTABLES_TRACE_LOGGING":"true"}}' } }),
  ownPod('tproxy-by-proxy-config', { annotations: { [PROXY_CONFIG]: 'interceptionMode: TPROXY\nconcurrency: 2' } }),
  ownPod('enable-core-dump', { annotations: { [PROXY_CONFIG]: '{"proxyMetadata":{"ISTIO_META_ENABLE_CORE_DUMP":"true"}}' } }),
  ownPod('lightstep-tls', { annotations: { [PROXY_CONFIG]: 'tracing: {tlsSettings: {caCertificates: /etc/lightstep/cacert.pem}}' } }),
  ownPod('rewrite-probers-off', { annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'false' } }),
  ownPod('labels', {
    labels: {
      app: 'app-label',
      'app.kubernetes.io/name': `${'n'.repeat(62)}-._x`,
      version: 'v1',
      'security.istio.io/tlsMode': 'disabled',
      'networking.istio.io/tunnel': 'h2',
      'service.istio.io/workload-name': 'workload-label',
    },
    annotations: { [PROXY_CONFIG]: '{"proxyMetadata":{"ISTIO_META_ENABLE_HBONE":"true"}}' },
  }),
  ownPod('canonical-labels', { labels: { 'service.istio.io/canonical-name': 'canon', 'service.istio.io/canonical-revision': 'r7', 'app.kubernetes.io/version': 'v9' } }),
  ownPod('multus-existing', { annotations: { 'k8s.v1.cni.cncf.io/networks': '[{"name": "macvlan"}]', 'istio.io/reroute-virtual-interfaces': 'net1,net2' } }),
  ownPod('service-account', {}, { serviceAccountName: 'reviews', containers: [{ name: 'reviews', image: 'example.com/reviews:1' }] }),
  ownPod('user-istio-proxy', {}, {
    containers: [
      { name: 'app', image: 'example.com/app:1' },
      { name: 'istio-proxy', image: 'auto', securityContext: { runAsUser: 1234 } },
    ],
  }),
];

/** Values variations (dotted paths set onto Istio's default values), each exercising a template branch. */
const VALUES_PATCHES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'logAsJson': { 'global.logAsJson': true },
  'sts-port': { 'global.sts.servicePort': 15012 },
  'outlier-log': { 'global.proxy.outlierLogPath': '/dev/stdout' },
  'lifecycle': { 'global.proxy.lifecycle': { preStop: { exec: { command: ['sleep', '5'] } }, postStart: { exec: { command: ['true'] } } } },
  'seccomp': { 'global.proxy.seccompProfile': { type: 'RuntimeDefault' } },
  'nftables-force-apply': { 'global.nativeNftables': true, 'global.proxy_init.forceApplyIptables': true },
  'gke-ca': { 'global.caName': 'GkeWorkloadCertificate' },
  'kubernetes-certs': { 'global.pilotCertProvider': 'kubernetes' },
  'cluster-trust-bundle': { 'pilot.env': { ENABLE_CLUSTER_TRUST_BUNDLE_API: true }, 'global.trustBundleName': 'my-bundle', 'pilot.crlConfigMapName': 'my-crl' },
  'trust-bundle-configmap': { 'global.trustBundleName': 'my-root-cert' },
  'multicluster': { 'global.meshID': 'mesh1', 'global.network': 'net1', 'global.multiCluster.clusterName': 'cluster1' },
  'ca-address': { 'global.caAddress': 'ca.example.com:15012', 'global.istioNamespace': 'mesh-system' },
  'revision': { revision: 'canary' },
  'cap-net-bind': { 'global.proxy.capNetBindService': true },
  'startup-probe-off': { 'global.proxy.startupProbe.enabled': false },
  'privileged': { 'global.proxy.privileged': true },
  'datadog': { 'global.proxy.tracer': 'datadog' },
  'lightstep': { 'global.proxy.tracer': 'lightstep' },
  'pull-policy-secrets': { 'global.imagePullPolicy': 'IfNotPresent', 'global.imagePullSecrets': ['one', 'two'] },
  'resources-null': { 'global.proxy.resources': null },
  'resources-empty': { 'global.proxy.resources': {} },
  'resources-numbers': { 'global.proxy.resources': { requests: { cpu: 1, memory: '1Gi' }, limits: { cpu: null } } },
  'outbound-ports-values': { 'global.proxy.includeOutboundPorts': '8080', 'global.proxy.excludeOutboundPorts': '9090' },
  'hold-values': { 'global.proxy.holdApplicationUntilProxyStarts': true },
  'variant': { 'global.variant': 'distroless', 'global.tag': 1.3 },
  'gateway-security-context': { 'gateways.securityContext': { runAsUser: 1000, sysctls: [{ name: 'a', value: 'b' }] } },
  'cni-multus-status-zero': { 'pilot.cni.enabled': true, 'pilot.cni.provider': 'multus', 'global.proxy.statusPort': 0 },
  'cni-tproxy-values': { 'pilot.cni.enabled': true, 'global.proxy.includeIPRanges': '', 'global.proxy.excludeIPRanges': '10.0.0.0/8' },
};

/** Mesh config overlays (applied onto the settings' mesh like a configured mesh). */
const MESH_OVERLAYS: Readonly<Record<string, JSONObject>> = {
  'tproxy': { defaultConfig: { interceptionMode: 'TPROXY' } },
  'interception-none': { defaultConfig: { interceptionMode: 'NONE' } },
  'tracing-empty': { defaultConfig: { tracing: {} } },
  'localhost-inbound': { inboundTrafficPolicy: { mode: 'LOCALHOST' } },
  'otel': {
    extensionProviders: [
      { name: 'otel', opentelemetry: { service: 'otel-collector.observability.svc.cluster.local', port: 4317, serviceAttributeEnrichment: 'OTEL_SEMANTIC_CONVENTIONS' } },
    ],
  },
  'hold': { defaultConfig: { holdApplicationUntilProxyStarts: true } },
  'metadata': { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_TLS_CLIENT_KEY: '/etc/identity2/client/keys/client-key.pem' } } },
  'drain-concurrency': { defaultConfig: { drainDuration: '23s', concurrency: 0, discoveryAddress: 'foo:123' } },
  'no-trust-domain-alias': { trustDomain: 'example.org' },
};

const Differential = suite('embedded templates vs Istio templates');
const Defaults = suite('embedded values and mesh');
const Text = suite('embedded templates are our own text');
const Constructs = suite('template constructs of the embedded templates');

const settingsDir = sharedPath('conformance/istio/settings', 'the embedded-default differential tests');
const inputsDir = sharedPath('conformance/istio/inject', 'the embedded-default differential tests');

if (settingsDir && inputsDir) {
  const readSetting = (name: string, file: string): string => readFileSync(join(settingsDir, name, file), 'utf8');
  const istioTemplates = loadTemplates(readSetting('default', 'inject-config.yaml'));
  const ourTemplates = loadTemplates(embeddedDefaults().config);
  const istioValues = parseValues(readSetting('default', 'inject-values.json')) as JSONObject;
  const istioMesh = applyMeshConfig(readSetting('default', 'mesh.yaml'));
  const settingsNames = readdirSync(settingsDir).filter((n) => existsSync(join(settingsDir, n, 'inject-values.json'))).sort();

  const inputFiles = readdirSync(inputsDir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.iop.yaml')).sort();
  const inputWorkloads = inputFiles.flatMap((f) => workloadsOf(readFileSync(join(inputsDir, f), 'utf8'), f));
  const allWorkloads = [...inputWorkloads, ...OWN_PODS];
  const byFile = (...names: string[]): Workload[] => inputWorkloads.filter((w) => names.some((n) => w.label.startsWith(`${n}#`)));

  /** Runs a template over the workloads × scenarios; returns the differences found (at most `limit` reported). */
  const differences = (template: string, workloads: readonly Workload[], scenarios: readonly Scenario[]): { compared: number; found: string[] } => {
    const ours = ourTemplates.get(template);
    const istio = istioTemplates.get(template);
    assert.ok(ours && istio, `template ${template} exists in both configs`);
    const found: string[] = [];
    let compared = 0;
    for (const s of scenarios) {
      for (const w of workloads) {
        const data = templateData(w, s);
        if (!data) continue;
        compared++;
        const d = compareTemplates(ours, istio, data);
        if (d !== undefined) found.push(`${template} ${w.label} [${s.label}]: ${d}`);
      }
    }
    return { compared, found };
  };

  const nativeBoth = (base: Omit<Scenario, 'native' | 'label'> & { label: string }): Scenario[] => [
    { ...base, native: true, label: `${base.label}, native` },
    { ...base, native: false, label: `${base.label}, not native` },
  ];


  const defaultScenarios = nativeBoth({ label: 'default', values: istioValues, mesh: istioMesh });
  const cniValues = withPatch(istioValues, { 'pilot.cni.enabled': true });

  /** Workloads that take the template's optional branches (annotations, interception modes, user volumes, …). */
  const branchy: Workload[] = [
    ...byFile('traffic-annotations-wildcards.yaml', 'status_annotations.yaml', 'resource_annotations.yaml', 'user-volume.yaml'),
    ...OWN_PODS.filter((w) =>
      ['own:plain', 'own:interception-none', 'own:tproxy', 'own:bootstrap-override', 'own:status-port-zero', 'own:outbound-ports',
        'own:datadog-env', 'own:lightstep-tls', 'own:proxy-metadata', 'own:user-istio-proxy'].includes(w.label)),
  ];

  /** Alternates native and non-native over a list of scenario bases, so both modes meet every variation kind. */
  const alternating = (bases: (Omit<Scenario, 'native'>)[]): Scenario[] =>
    bases.map((b, i) => ({ ...b, native: i % 2 === 0, label: `${b.label}, ${i % 2 === 0 ? 'native' : 'not native'}` }));

  const check = (results: { compared: number; found: string[] }[], minimum: number): void => {
    const compared = results.reduce((n, r) => n + r.compared, 0);
    const found = results.flatMap((r) => r.found);
    assert.ok(compared >= minimum, `compared ${compared}, expected at least ${minimum}`);
    assert.equal(found.slice(0, 5), [], `${found.length} of ${compared} renders differ`);
  };

  Differential('our own pods all pass validation and reach the templates', () => {
    const rejected = OWN_PODS.filter((w) => templateData(w, defaultScenarios[0]!) === undefined).map((w) => w.label);
    assert.equal(rejected, []);
  });

  Differential('sidecar: every input workload, default setting, native and not', () => {
    assert.ok(inputWorkloads.length > 100, `found ${inputWorkloads.length} input workloads`);
    check([differences('sidecar', inputWorkloads, defaultScenarios)], 180);
  });

  Differential('sidecar: sample inputs under every other Istio test setting, native and not', () => {
    const sample = byFile('hello.yaml', 'traffic-annotations-wildcards.yaml', 'traffic-annotations-empty-includes.yaml',
      'proxy-override-runas.yaml', 'kubevirtInterfaces.yaml', 'hello-existing-cncf-networks.yaml', 'status_annotations.yaml');
    const scenarios = settingsNames.filter((n) => n !== 'default').flatMap((name) =>
      nativeBoth({ label: name, values: parseValues(readSetting(name, 'inject-values.json')) as JSONObject, mesh: applyMeshConfig(readSetting(name, 'mesh.yaml')) }));
    check([differences('sidecar', sample, scenarios)], 200);
  });

  Differential('sidecar: our own pods (default, CNI, multus, FIPS, OpenShift ids)', () => {
    const scenarios: Scenario[] = [
      ...defaultScenarios,
      ...nativeBoth({ label: 'cni', values: cniValues, mesh: istioMesh }),
      ...nativeBoth({ label: 'multus', values: withPatch(istioValues, { 'pilot.cni.enabled': true, 'pilot.cni.provider': 'multus' }), mesh: istioMesh }),
      { label: 'fips, openshift ids', native: true, values: istioValues, mesh: istioMesh, compliancePolicy: 'fips-140-3', proxyIDs: [1000620000, 1000620001] },
      { label: 'other policy, openshift ids, cni', native: false, values: cniValues, mesh: istioMesh, compliancePolicy: 'other', proxyIDs: [1000620000, 1000620001] },
    ];
    check([differences('sidecar', OWN_PODS, scenarios)], 200);
  });

  Differential('sidecar: values variations', () => {
    const scenarios = alternating(Object.entries(VALUES_PATCHES).map(([label, patch]) => ({ label: `values ${label}`, values: withPatch(istioValues, patch), mesh: istioMesh })));
    const flipped = scenarios.map((s) => ({ ...s, native: !s.native, label: `${s.label} (flipped)` }));
    check([differences('sidecar', branchy, scenarios), differences('sidecar', OWN_PODS.slice(0, 1), flipped)], 300);
  });

  Differential('sidecar: mesh variations, with and without CNI', () => {
    const bases: Omit<Scenario, 'native'>[] = [];
    for (const [label, overlay] of Object.entries(MESH_OVERLAYS)) {
      const mesh = applyMeshConfig(overlay, istioMesh);
      bases.push({ label: `mesh ${label}`, values: istioValues, mesh }, { label: `mesh ${label} + cni`, values: cniValues, mesh });
    }
    bases.push({ label: 'lightstep', values: withPatch(istioValues, { 'global.proxy.tracer': 'lightstep' }), mesh: istioMesh });
    bases.push({ label: 'datadog', values: withPatch(istioValues, { 'global.proxy.tracer': 'datadog' }), mesh: istioMesh });
    check([differences('sidecar', branchy, alternating(bases))], 200);
  });

  Differential('gateway and grpc-agent: gateway/grpc inputs and our pods, default setting and variations', () => {
    const variations = alternating([
      ...Object.entries(VALUES_PATCHES).map(([label, patch]) => ({ label: `values ${label}`, values: withPatch(istioValues, patch), mesh: istioMesh })),
      ...Object.entries(MESH_OVERLAYS).map(([label, overlay]) => ({ label: `mesh ${label}`, values: istioValues, mesh: applyMeshConfig(overlay, istioMesh) })),
      { label: 'fips, openshift ids', values: istioValues, mesh: istioMesh, compliancePolicy: 'fips-140-3', proxyIDs: [1000620000, 1000620001] as const },
    ]);
    const gatewayInputs = byFile('gateway.yaml', 'gateway-with-default-container.yaml', 'grpc-agent.yaml', 'grpc-simple.yaml');
    assert.ok(gatewayInputs.length >= 4, 'the gateway and grpc inputs were found');
    const variationPods = [...gatewayInputs.slice(0, 2), ...branchy.filter((w) => w.label === 'own:plain' || w.label === 'own:bootstrap-override')];
    for (const template of ['gateway', 'grpc-agent']) {
      check([
        differences(template, [...gatewayInputs, ...OWN_PODS], defaultScenarios.slice(0, 1)),
        differences(template, variationPods, variations),
      ], 150);
    }
  });

  Differential('grpc-simple: the same overlay as Istio\'s except the bootstrap script, which writes the bootstrap', () => {
    const ours = ourTemplates.get('grpc-simple');
    const istio = istioTemplates.get('grpc-simple');
    assert.ok(ours && istio);
    const [w] = byFile('grpc-simple.yaml');
    assert.ok(w);
    const data = templateData(w, { label: 'default', native: true, values: istioValues, mesh: istioMesh });
    assert.ok(data);
    const mine = unmarshalYAML11(ours.execute(data)) as { spec: { initContainers: JSONObject[] } };
    const theirs = unmarshalYAML11(istio.execute(data)) as { spec: { initContainers: JSONObject[] } };
    const script = (mine.spec.initContainers[0]!['command'] as string[])[2]!;
    for (const o of [mine, theirs]) {
      const init = o.spec.initContainers[0]!;
      init['command'] = (init['command'] as string[]).slice(0, 2);
      // Istio's value is a literal block, so it ends with a newline; ours does not.
      for (const env of init['env'] as JSONObject[]) if (env['name'] === 'ISTIO_NAMESPACE') env['value'] = String(env['value']).trim();
    }
    assert.is(firstDifference(mine, theirs), undefined);

    const sh = spawnSync('sh', ['-c', 'true']);
    if (sh.error) {
      console.error('SKIP running the grpc-simple bootstrap script: no sh');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'grpc-bootstrap-'));
    try {
      const run = spawnSync('sh', ['-c', script.replaceAll('/var/lib/grpc/data/', `${dir}/`)], {
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', INSTANCE_IP: '10.1.2.3', POD_NAME: 'hello-abc', POD_NAMESPACE: 'shop', ISTIO_NAMESPACE: 'istio-system' },
        encoding: 'utf8',
      });
      assert.is(run.status, 0, run.stderr);
      const bootstrap = JSON.parse(readFileSync(join(dir, 'bootstrap.json'), 'utf8')) as unknown;
      assert.equal(bootstrap, {
        xds_servers: [{ server_uri: 'dns:///istiod.istio-system.svc:15010', channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
        node: { id: 'sidecar~10.1.2.3~hello-abc.shop~cluster.local', metadata: { GENERATOR: 'grpc' } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // --- the embedded values and mesh ---------------------------------------------------------------------------------

  const embedded = embeddedDefaults();
  const ourValues = parseValues(embedded.values) as JSONObject;
  const ourMesh = applyMeshConfig(embedded.mesh);
  const ourImage = `${DEFAULT_HUB}/proxyv2:${DEFAULT_TAG}`;
  const istioImage = 'registry.istio.io/testing/proxyv2:latest';

  /**
   * The pod with the grpc-simple bootstrap script (ours differs in text, see the grpc-simple test) and the trailing
   * newline of Istio's ISTIO_NAMESPACE value taken out.
   */
  const withoutGrpcScript = (pod: unknown): unknown => {
    const copy = clone(pod) as { spec?: { initContainers?: JSONObject[] } };
    for (const init of copy.spec?.initContainers ?? []) {
      if (init['name'] !== 'grpc-bootstrap-init') continue;
      delete init['command'];
      for (const env of (init['env'] as JSONObject[] | undefined) ?? []) if (env['name'] === 'ISTIO_NAMESPACE') env['value'] = String(env['value']).trim();
    }
    return copy;
  };

  /** Replaces the registry and tag of the two default images by placeholders, so that only those may differ. */
  const withoutImages = (v: unknown): unknown => {
    if (typeof v === 'string') {
      for (const image of [ourImage, istioImage]) if (v.startsWith(image)) return `<proxy image>${v.slice(image.length)}`;
      return v;
    }
    if (Array.isArray(v)) return v.map(withoutImages);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, withoutImages(e)]));
    return v;
  };

  Defaults('the embedded mesh is the default profile\'s mesh config', () => {
    assert.is(firstDifference(ourMesh, istioMesh), undefined);
  });

  Defaults('the embedded values are the default profile\'s, images aside', () => {
    // Every value we set is Istio's (hub and tag excepted), and every value Istio's templates read that we omit is one
    // whose absence renders the same (all templates compared below).
    const expected = withPatch(istioValues, { 'global.hub': DEFAULT_HUB, 'global.tag': DEFAULT_TAG });
    const walk = (ours: unknown, theirs: unknown, path: string): void => {
      if (isObject(ours) && isObject(theirs)) {
        for (const [k, v] of Object.entries(ours)) walk(v, theirs[k], `${path}.${k}`);
        return;
      }
      assert.equal(ours, theirs, `values${path}`);
    };
    walk(ourValues, expected, '');
    assert.is(firstDifference(defaultValues(), ourValues), undefined);
  });

  Defaults('every template renders with the embedded defaults as Istio\'s templates do with Istio\'s defaults, images aside', () => {
    const found: string[] = [];
    for (const template of ['sidecar', 'gateway', 'grpc-agent']) {
      const ours = ourTemplates.get(template)!;
      const istio = istioTemplates.get(template)!;
      const workloads = template === 'sidecar' ? allWorkloads : [...byFile('gateway.yaml', 'grpc-agent.yaml'), ...OWN_PODS.slice(0, 4)];
      for (const w of workloads) {
        for (const native of template === 'sidecar' && w.label.startsWith('own:') ? [true, false] : [true]) {
          const mineData = templateData(w, { label: 'embedded', native, values: ourValues, mesh: ourMesh });
          const theirData = templateData(w, { label: 'istio', native, values: istioValues, mesh: istioMesh });
          if (!mineData || !theirData) continue;
          const mine = overlayOf(ours, mineData);
          const theirs = overlayOf(istio, theirData);
          const d = 'overlay' in mine && 'overlay' in theirs
            ? firstDifference(withoutImages(mine.overlay), withoutImages(theirs.overlay))
            : 'error' in mine && 'error' in theirs ? undefined : `ours ${JSON.stringify(mine).slice(0, 200)}, Istio's ${JSON.stringify(theirs).slice(0, 200)}`;
          if (d !== undefined) found.push(`${template} ${w.label} native=${native}: ${d}`);
        }
      }
    }
    assert.equal(found.slice(0, 5), [], `${found.length} renders differ`);
  });

  Defaults('injection with the embedded default gives the pods of Istio\'s default-setting goldens, images aside', () => {
    const cases = (JSON.parse(readFileSync(join(settingsDir, '..', 'cases.json'), 'utf8')) as { cases: JSONObject[] }).cases;
    const runtimeFor = (injector: InjectorConfig, values: JSONObject, mesh: MeshConfigRep, options: JSONObject) =>
      createRuntime({
        injector,
        values,
        mesh,
        mode: 'manual',
        revision: '',
        globalNative: options['nativeSidecars'] !== false && options['kubernetesVersion'] === undefined,
        platform: '',
        compliancePolicy: typeof options['compliancePolicy'] === 'string' ? options['compliancePolicy'] : '',
      });
    const istioInjector = loadInjectorConfig(readSetting('default', 'inject-config.yaml'), { funcs: FUNCS }).config;
    const ourInjector = loadInjectorConfig(embedded.config, { funcs: FUNCS }).config;
    const found: string[] = [];
    let compared = 0;
    for (const c of cases) {
      if (c['settings'] !== 'default' || c['expectError'] !== null) continue;
      const options = (c['options'] as JSONObject | null) ?? {};
      const overlay = c['meshOverlay'] as JSONObject | null;
      const meshOverlay = overlay && isObject(overlay['$append']) ? (overlay['$append'] as JSONObject) : overlay;
      const theirs = runtimeFor(istioInjector, istioValues, meshOverlay ? applyMeshConfig(meshOverlay, istioMesh) : istioMesh, options);
      const mine = runtimeFor(ourInjector, ourValues, meshOverlay ? applyMeshConfig(meshOverlay, ourMesh) : ourMesh, options);
      const input = String(c['input']);
      for (const w of workloadsOf(readFileSync(join(inputsDir, '..', input), 'utf8'), input)) {
        const a = injectPod(w.pod, { identity: w.identity }, mine);
        const b = injectPod(w.pod, { identity: w.identity }, theirs);
        compared++;
        const d = a.ok && b.ok
          ? firstDifference(withoutImages(withoutGrpcScript(a.pod)), withoutImages(withoutGrpcScript(b.pod)))
          : a.ok === b.ok ? undefined : `ours ok=${a.ok}, Istio's ok=${b.ok}`;
        if (d !== undefined) found.push(`${c['id']} ${w.label}: ${d}`);
      }
    }
    assert.ok(compared >= 80, `compared ${compared}`);
    assert.equal(found.slice(0, 5), [], `${found.length} of ${compared} pods differ`);
  });
}

// --- engine constructs our templates use (Istio's templates do not) ------------------------------------------------------

/**
 * Go's output for each construct our templates rely on and Istio's do not (range over a `list` with a named element,
 * `with … else`, `default` on int64, list building with `append`, `splitList`/`first`/`last`, `toJson`, variables
 * holding missing values, `or` with a missing value, nested ranges assigning outer variables, …). Expected outputs
 * were produced by the reference renderer (Go text/template + Sprig); data is in the typed JSON of gotmpl/cases.json.
 */
const CONSTRUCTS: readonly { template: string; data: unknown; output: string }[] = [
  { template: '{{- $m := .M }}{{- range $k := list "a" "b" "c" }}{{- with index $m $k }}[{{ $k }}={{ . }}]{{ end }}{{ end }}', data: {"M": {"$map": "string:string", "entries": [["a", "1"], ["c", ""], ["b", "2"]]}}, output: '[a=1][b=2]' },
  { template: '{{- $m := .M }}{{- range $k := list "a" "b" }}{{- with index $m $k }}[{{ $k }}={{ . }}]{{ end }}{{ end }}|', data: {"M": {"$map": "string:string", "entries": [], "nil": true}}, output: '|' },
  { template: '{{ with .X }}yes{{ else }}no{{ end }}', data: {"X": {}}, output: 'no' },
  { template: '{{ default 1337 .U }}/{{ .U | default "1337" }}', data: {"U": {"$int64": 0}}, output: '1337/1337' },
  { template: '{{ default 1337 .U }}/{{ .U | default "1337" }}', data: {"U": {"$int64": 1000620000}}, output: '1000620000/1000620000' },
  { template: '{{ $l := list }}{{ range .S }}{{ if ne . "istio-proxy" }}{{ $l = append $l . }}{{ end }}{{ end }}{{ join "," $l | quote }}|{{ with $l }}{{ first $l }}{{ end }}|{{ if $l }}t{{ else }}f{{ end }}', data: {"S": ["istio-proxy", "a", "b"]}, output: '"a,b"|a|t' },
  { template: '{{ $l := list }}{{ range .S }}{{ if ne . "istio-proxy" }}{{ $l = append $l . }}{{ end }}{{ end }}{{ join "," $l | quote }}|{{ with $l }}{{ first $l }}{{ end }}|{{ if $l }}t{{ else }}f{{ end }}', data: {"S": ["istio-proxy"]}, output: '""||f' },
  { template: '{{ $p := splitList "=" "A=b.c" }}{{ first $p }}/{{ last $p }}', data: {}, output: 'A/b.c' },
  { template: '{{ $a := list }}{{ $a = append $a "NET_ADMIN" }}{{ $a = append $a "NET_BIND_SERVICE" }}{{ toJson $a }}', data: {}, output: '["NET_ADMIN","NET_BIND_SERVICE"]' },
  { template: '{{ $e := (.V.env).FLAG }}{{ eq $e true }}/{{ eq (.V.env).FLAG true }}', data: {"V": {}}, output: 'false/false' },
  { template: '{{ $e := (.V.env).FLAG }}{{ eq $e true }}/{{ eq (.V.env).FLAG true }}', data: {"V": {"env": {}}}, output: 'false/false' },
  { template: '{{ $e := (.V.env).FLAG }}{{ eq $e true }}/{{ eq (.V.env).FLAG true }}', data: {"V": {"env": {"FLAG": true}}}, output: 'true/true' },
  { template: '{{ $e := (.V.env).FLAG }}{{ eq $e true }}', data: {"V": {"env": null}}, output: 'false' },
  { template: '{{ eq (.V.env).FLAG true }}', data: {"V": {"env": null}}, output: 'false' },
  { template: '{{ with .D }}{{ if .Name }}{{ .Name }}/{{ valueOrDefault .Namespace "default" }}{{ end }}{{ end }}', data: {"D": {"$struct": [["Namespace", ""], ["Name", "web"]]}}, output: 'web/default' },
  { template: '{{ .SA | default "default" }}', data: {"SA": ""}, output: 'default' },
  { template: '[{{ with .P }}{{ . }}{{ end }}][{{ with .Q }}{{ . }}{{ end }}]', data: {"P": 0, "Q": 15012}, output: '[][15012]' },
  { template: '{{ $h := or .B .Missing }}{{ if and $h (not .N) }}hold{{ else }}no{{ end }}', data: {"B": false, "N": false}, output: 'no' },
  { template: '{{ $h := or .B .Missing }}{{ if and $h (not .N) }}hold{{ else }}no{{ end }}', data: {"B": false, "Missing": true, "N": false}, output: 'hold' },
  { template: '{{ $s := "" }}{{ $sep := "" }}{{ range .A }}{{ range . }}{{ $s = printf "%s\\n    %s%s" $s $sep . }}{{ $sep = "," }}{{ end }}{{ end }}{{ printf "[%s\\n]" $s | quote }}', data: {"A": [["x", "y"], [], ["z"]]}, output: '"[\\n    x\\n    ,y\\n    ,z\\n]"' },
  { template: '{{ $pv := .V.proxy }}[{{ $pv.clusterDomain }}][{{ .V.proxy.clusterDomain }}]', data: {"V": {}}, output: '[<no value>][<no value>]' },
  { template: '{{ $pv := .V.proxy }}[{{ $pv.clusterDomain }}]', data: {"V": {"proxy": null}}, output: '[<no value>]' },
  { template: '{{ .N | trunc 63 | trimAll "-_." | quote }}', data: {"N": "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn-._x"}, output: '"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"' },
  { template: '{{- $native := ne (index .A "k" | default (printf "%t" .N)) "false" }}{{ $native }}', data: {"A": {"$map": "string:string", "entries": [], "nil": true}, "N": true}, output: 'true' },
  { template: '{{ $x := .M.missing }}[{{ $x }}]{{ with $x }}w{{ end }}{{ if $x }}i{{ end }}', data: {"M": {}}, output: '[<no value>]' },
  { template: '{{ default "default" .R | quote }}', data: {"R": ""}, output: '"default"' },
  { template: '{{ printf "%s\\n" "{\\"a\\":\\"<b>\\"}" | quote }}', data: {}, output: '"{\\"a\\":\\"<b>\\"}\\n"' },
  { template: '{{ $t := eq "TPROXY" "TPROXY" }}{{ $c := false }}{{ $a := list }}{{ if $t }}{{ $a = append $a "NET_ADMIN" }}{{ end }}{{ if $c }}{{ $a = append $a "X" }}{{ end }}{{ with $a }}add: {{ toJson . }}{{ end }}', data: {}, output: 'add: ["NET_ADMIN"]' },
  { template: '{{ range $n, $v := .M }}- {name: {{ $n }}, value: "{{ $v }}"}\n{{ end }}', data: {"M": {"DD_ENV": "prod", "DD_VERSION": 2, "X": null, "Y": {"a": 1}}}, output: '- {name: DD_ENV, value: "prod"}\n- {name: DD_VERSION, value: "2"}\n- {name: X, value: "<no value>"}\n- {name: Y, value: "map[a:1]"}\n' },
  { template: '{{ $m := .M }}{{ range list "x" "y" }}{{ if not (isset $m .) }}{{ . }};{{ end }}{{ end }}', data: {"M": {"$map": "string:string", "entries": [["x", "1"]]}}, output: 'y;' },
];

Constructs('the engine renders them as Go does', () => {
  for (const c of CONSTRUCTS) {
    const out = parse(c.template, { name: 't', funcs: FUNCS }).execute(decodeTypedJSON(c.data));
    assert.is(out, c.output, c.template);
  }
});

// --- our own text ------------------------------------------------------------------------------------------------------

Text('the embedded config lists our four templates, sidecar by default, policy enabled', () => {
  const loaded = loadInjectorConfig(embeddedDefaults().config, { funcs: FUNCS });
  assert.equal(loaded.problems, []);
  assert.is(loaded.config.policy, 'enabled');
  assert.equal(loaded.config.defaultTemplates, ['sidecar']);
  assert.equal([...loaded.config.templates.keys()], ['sidecar', 'gateway', 'grpc-simple', 'grpc-agent']);
  for (const [name, text] of Object.entries(EMBEDDED_TEMPLATES)) assert.is(loaded.config.templateSources.get(name), text, name);
});

Text('the embedded values name the public proxy image', () => {
  const values = parseValues(embeddedDefaults().values) as { global: { hub: string; tag: string; proxy: { image: string } } };
  assert.is(values.global.hub, 'docker.io/istio');
  assert.is(values.global.tag, '1.30.3');
  assert.is(proxyImage(values, null, {}), 'docker.io/istio/proxyv2:1.30.3');
});

if (settingsDir) {
  Text('fewer than 5 long lines of our templates are lines of Istio\'s injector config', () => {
    const istioLines = new Set(readFileSync(join(settingsDir, 'default', 'inject-config.yaml'), 'utf8').split('\n').map((l) => l.trimStart()));
    const shared: string[] = [];
    for (const [name, text] of Object.entries(EMBEDDED_TEMPLATES)) {
      for (const line of text.split('\n')) {
        const trimmed = line.trimStart();
        if (trimmed.length > 40 && istioLines.has(trimmed)) shared.push(`${name}: ${trimmed}`);
      }
    }
    assert.ok(shared.length < 5, `identical long lines:\n${shared.join('\n')}`);
  });
}

Differential.run();
Defaults.run();
Text.run();
Constructs.run();
