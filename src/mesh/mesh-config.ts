/**
 * @module
 * The mesh config injection sees (`data.mesh` of ConfigMap `istio[-<rev>]`) as Istio's pkg/config/mesh builds it:
 * DefaultMeshConfig, ApplyMeshConfig (user YAML onto the defaults with Istio's merge rules) and its validation.
 *
 * Reps are those of `src/schema/mesh.ts`; functions never modify their inputs.
 */
import { applyProtoJSON, newRep, ProtoJSONError } from '../go/protojson.ts';
import { compareStrings } from '../go/value.ts';
import { durationRepToNanos } from '../go/duration.ts';
import { DefaultProviders, meshConfigFromJSON } from '../schema/mesh.ts';
import { decodeConfigText, toJSONData, type JSONData } from './values.ts';
import {
  applyProxyConfigAnnotation,
  defaultProxyConfig,
  durationProblem,
  isDNS1123Label,
  mergeProxyConfig,
  portProblem,
  ProxyConfigError,
  proxyConfigProblems,
  type ProxyConfigRep,
} from './proxy-config.ts';

export type MeshConfigRep = Record<string, unknown>;

/** Mesh config that cannot be read, applied or validated; `field` names where, when known. */
export class MeshConfigError extends SyntaxError {
  override readonly name = 'MeshConfigError';
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

function rep(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(newRep(), entries);
}

/** mesh.DefaultMeshConfig(): a fresh rep. */
export function defaultMeshConfig(): MeshConfigRep {
  return rep({
    enableTracing: true,
    accessLogEncoding: 0, // TEXT
    protocolDetectionTimeout: rep({ seconds: 0 }),
    ingressService: 'istio-ingressgateway',
    ingressControllerMode: 3, // STRICT
    ingressClass: 'istio',
    trustDomain: 'cluster.local',
    trustDomainAliases: [],
    enableAutoMtls: rep({ value: true }),
    outboundTrafficPolicy: rep({ mode: 1 }), // ALLOW_ANY
    inboundTrafficPolicy: rep({ mode: 0 }), // PASSTHROUGH
    localityLbSetting: rep({ enabled: rep({ value: true }) }),
    certificates: [],
    defaultConfig: defaultProxyConfig(),
    rootNamespace: 'istio-system',
    proxyListenPort: 15001,
    proxyInboundListenPort: 15006,
    connectTimeout: rep({ seconds: 10 }),
    defaultServiceExportTo: ['*'],
    defaultVirtualServiceExportTo: ['*'],
    defaultDestinationRuleExportTo: ['*'],
    dnsRefreshRate: rep({ seconds: 60 }),
    serviceSettings: [],
    enablePrometheusMerge: rep({ value: true }),
    defaultProviders: newRep(),
    extensionProviders: [
      rep({ name: 'prometheus', prometheus: newRep() }),
      rep({ name: 'stackdriver', stackdriver: newRep() }),
      rep({ name: 'envoy', envoyFileAccessLog: rep({ path: '/dev/stdout' }) }),
    ],
  });
}

/** The oneof members of ExtensionProvider other than `name`: a provider is replaced by swapping these. */
function withProvider(existing: Record<string, unknown>, replacement: Record<string, unknown>): Record<string, unknown> {
  const out = rep({ name: existing['name'] });
  for (const k of Object.keys(replacement)) if (k !== 'name') out[k] = replacement[k];
  return out;
}

function isMapping(v: JSONData): v is { [key: string]: JSONData } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function protoError(prefix: string, e: unknown): never {
  if (e instanceof ProtoJSONError) throw new MeshConfigError(`${prefix}${e.message}`, e.path || undefined);
  throw e;
}

/**
 * mesh.ApplyMeshConfig: the user's mesh config (YAML/JSON text, or already-decoded data) applied onto `base`
 * (DefaultMeshConfig by default). Top-level fields replace; `defaultConfig` is merged onto the previous proxy config
 * (MergeProxyConfig: proxyMetadata kept unless overridden); `defaultProviders` is applied onto the previous one;
 * `extensionProviders` merge by name (same name: provider replaced in place; else appended); `trustDomainAliases`
 * become the sorted union with the previous ones. The result is validated. Throws MeshConfigError.
 */
export function applyMeshConfig(input: unknown, base: MeshConfigRep = defaultMeshConfig()): MeshConfigRep {
  let raw: JSONData;
  try {
    raw = typeof input === 'string' ? decodeConfigText(input) : toJSONData(input, '');
  } catch (e) {
    throw new MeshConfigError(`failed to convert to proto. ${(e as Error).message}`);
  }
  let mc: MeshConfigRep;
  try {
    // The YAML's defaultConfig is parsed into a throwaway default here (for errors), then merged below.
    mc = meshConfigFromJSON(raw, rep({ ...base, defaultConfig: defaultProxyConfig() }));
  } catch (e) {
    protoError('failed to convert to proto. ', e);
  }
  const fields: { [key: string]: JSONData } = isMapping(raw) ? raw : {};

  mc['defaultConfig'] = base['defaultConfig'] ?? null;
  const pcFragment = fields['defaultConfig'];
  if (pcFragment !== undefined && pcFragment !== null) {
    try {
      mc['defaultConfig'] = mergeProxyConfig(pcFragment, (base['defaultConfig'] as ProxyConfigRep | null) ?? newRep());
    } catch (e) {
      if (e instanceof ProxyConfigError) {
        throw new MeshConfigError(e.message, e.field === undefined ? 'defaultConfig' : `defaultConfig.${e.field}`);
      }
      throw e;
    }
  }

  mc['defaultProviders'] = base['defaultProviders'] ?? null;
  const dpFragment = fields['defaultProviders'];
  if (dpFragment !== undefined && dpFragment !== null) {
    try {
      mc['defaultProviders'] = applyProtoJSON(DefaultProviders, base['defaultProviders'] ?? null, dpFragment, 'defaultProviders');
    } catch (e) {
      protoError('could not parse default providers: ', e);
    }
  }

  const merged = [...(((base['extensionProviders'] as Record<string, unknown>[] | null) ?? []))];
  for (const p of (mc['extensionProviders'] as Record<string, unknown>[] | null) ?? []) {
    const at = merged.findIndex((e) => (e['name'] ?? '') === (p['name'] ?? ''));
    if (at >= 0) merged[at] = withProvider(merged[at]!, p);
    else merged.push(p);
  }
  mc['extensionProviders'] = merged;

  const aliases = new Set<string>([
    ...(((mc['trustDomainAliases'] as string[] | null) ?? [])),
    ...(((base['trustDomainAliases'] as string[] | null) ?? [])),
  ]);
  mc['trustDomainAliases'] = [...aliases].sort(compareStrings);

  const problems = meshConfigProblems(mc);
  if (problems.length > 0) throw new MeshConfigError(problems.map((p) => p.message).join('; '), problems[0]!.field);
  return mc;
}

/**
 * kube-inject's view of one pod (mesh.ApplyProxyConfig): the mesh with the pod's `proxy.istio.io/config`
 * annotation merged into `defaultConfig`. `.MeshConfig` is this mesh and `.ProxyConfig` its `defaultConfig`.
 * Throws ProxyConfigError naming the annotation.
 */
export function meshWithProxyConfigAnnotation(mesh: MeshConfigRep, annotation: string | undefined): MeshConfigRep {
  if (annotation === undefined) return mesh;
  const defaultConfig = applyProxyConfigAnnotation(annotation, (mesh['defaultConfig'] as ProxyConfigRep | null) ?? defaultProxyConfig());
  return rep({ ...mesh, defaultConfig });
}

/**
 * Whether some extension provider is OpenTelemetry with `serviceAttributeEnrichment: OTEL_SEMANTIC_CONVENTIONS`,
 * the condition under which `otelResourceAttributes` produces anything (go-template.md §9).
 */
export function wantsOtelSemanticConventions(mc: MeshConfigRep | null): boolean {
  const providers = (mc?.['extensionProviders'] as Record<string, unknown>[] | null | undefined) ?? [];
  return providers.some((p) => {
    const otel = p?.['opentelemetry'] as Record<string, unknown> | null | undefined;
    return otel?.['serviceAttributeEnrichment'] === OTEL_SEMANTIC_CONVENTIONS;
  });
}

/** The number of ServiceAttributeEnrichment's OTEL_SEMANTIC_CONVENTIONS. */
const OTEL_SEMANTIC_CONVENTIONS = 1;

/** The pod's `.InboundTrafficPolicyMode`: `localhost` when the mesh's inboundTrafficPolicy.mode is LOCALHOST. */
export function inboundTrafficPolicyMode(mc: MeshConfigRep): 'localhost' | 'passthrough' {
  const policy = mc['inboundTrafficPolicy'] as Record<string, unknown> | null | undefined;
  return policy?.['mode'] === 1 ? 'localhost' : 'passthrough';
}

// --- validation (agent.ValidateMeshConfig) -----------------------------------------------------------------------------

export interface MeshConfigProblem {
  readonly field: string;
  readonly message: string;
}

function trustDomainProblem(domain: string): string | undefined {
  if (domain.length === 0) return 'empty domain name not allowed';
  const parts = domain.split('.');
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i]!;
    if (i === parts.length - 1 && label === '') return undefined;
    if (!isDNS1123Label(label)) return `trust domain name ${JSON.stringify(domain)} invalid`;
  }
  return undefined;
}

/** The problems agent.ValidateMeshConfig reports, each with the field it concerns. */
export function meshConfigProblems(mc: MeshConfigRep): MeshConfigProblem[] {
  const out: MeshConfigProblem[] = [];
  const add = (field: string, message: string | undefined): void => {
    if (message !== undefined) out.push({ field, message });
  };
  const listenPort = portProblem(typeof mc['proxyListenPort'] === 'number' ? mc['proxyListenPort'] : 0);
  add('proxyListenPort', listenPort && `invalid proxy listen port: ${listenPort}`);

  const connect = durationProblem(mc['connectTimeout'] ?? null);
  if (connect) add('connectTimeout', `invalid connect timeout: ${connect}`);
  else if (durationRepToNanos(mc['connectTimeout']) > 1_000_000_000n * (1n << 29n)) {
    add('connectTimeout', 'invalid connect timeout: time exceeds the maximum');
  }

  const detection = durationRepToNanos(mc['protocolDetectionTimeout'] ?? null);
  if (detection < 0n) add('protocolDetectionTimeout', 'invalid protocol detection timeout: duration must be non-negative');
  else if (detection % 1_000_000n !== 0n) {
    add('protocolDetectionTimeout', 'invalid protocol detection timeout: only durations to ms precision are supported');
  }

  const pc = mc['defaultConfig'];
  if (pc === null || pc === undefined) add('defaultConfig', 'missing default config');
  else for (const p of proxyConfigProblems(pc as ProxyConfigRep)) add('defaultConfig', p);

  const td = trustDomainProblem(typeof mc['trustDomain'] === 'string' ? mc['trustDomain'] : '');
  add('trustDomain', td && `trustDomain: ${td}`);
  ((mc['trustDomainAliases'] as string[] | null) ?? []).forEach((alias, i) => {
    const p = trustDomainProblem(alias);
    add(`trustDomainAliases[${i}]`, p && `trustDomainAliases[${i}], domain \`${alias}\` : ${p}`);
  });

  const meshMTLS = mc['meshMTLS'] as Record<string, unknown> | null | undefined;
  if (Array.isArray(meshMTLS?.['ecdhCurves']) && (meshMTLS['ecdhCurves'] as unknown[]).length > 0) {
    add('meshMTLS.ecdhCurves', 'mesh TLS does not support ECDH curves configuration');
  }
  return out;
}
