/**
 * @module
 * The injection template's `.`: Istio's SidecarTemplateData as a Go struct over the pod JSON, the mesh and proxy
 * configs and the values, addressed by Go field names (`.ObjectMeta.Annotations`, `.Spec.Containers`,
 * `.ProxyConfig.InterceptionMode.String`, `.Values.global.hub`). Nothing is converted: the struct's rep holds the
 * JSON as it is, and each field's Go type gives it its Go semantics.
 */
import { T, TC, named, ptrTo, type GoField, type GoType } from '../go/types.ts';
import { GoValue } from '../go/value.ts';
import { NamespacedNameType, ObjectMetaType, PodSpecType, TypeMetaType } from '../schema/k8s.ts';
import { MeshConfigType, ProxyConfigType } from '../schema/mesh.ts';

function field(name: string, type: GoType): GoField {
  return { name, type };
}

/** `inject.SidecarTemplateData`, fields in Istio's declaration order. */
export const SidecarTemplateDataType: GoType = named('inject.SidecarTemplateData', 'struct', {
  fields: [
    field('TypeMeta', TypeMetaType),
    field('DeploymentMeta', NamespacedNameType),
    field('ObjectMeta', ObjectMetaType),
    field('Spec', PodSpecType),
    field('ProxyConfig', ptrTo(ProxyConfigType)),
    field('MeshConfig', ptrTo(MeshConfigType)),
    field('Values', TC.mapStringAny),
    field('Revision', T.string),
    field('NativeSidecars', T.bool),
    field('ProxyImage', T.string),
    field('ProxyInitImage', T.string),
    field('ProxyUID', T.int64),
    field('ProxyGID', T.int64),
    field('InboundTrafficPolicyMode', T.string),
    field('CompliancePolicy', T.string),
  ],
});

export interface SidecarTemplateInput {
  readonly typeMeta: { readonly kind: string; readonly apiVersion: string };
  readonly deploymentMeta: { readonly namespace: string; readonly name: string };
  /** Pod (template) metadata JSON, after stripPod and reinsertOverrides. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Pod spec JSON, after stripPod and reinsertOverrides. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** ProxyConfig rep (src/schema/mesh.ts), mesh defaultConfig with the pod's `proxy.istio.io/config` applied. */
  readonly proxyConfig: unknown;
  /** MeshConfig rep. */
  readonly meshConfig: unknown;
  /** Values as decoded JSON (numbers are float64 to templates). */
  readonly values: Readonly<Record<string, unknown>> | null;
  readonly revision: string;
  readonly nativeSidecars: boolean;
  readonly proxyImage: string;
  readonly proxyInitImage: string;
  readonly proxyUID: number;
  readonly proxyGID: number;
  readonly inboundTrafficPolicyMode: string;
  readonly compliancePolicy: string;
}

/** Builds the template data value; cheap: no copying, only the struct rep that points at the inputs. */
export function sidecarTemplateData(input: SidecarTemplateInput): GoValue {
  const typeMeta: Record<string, string> = {};
  if (input.typeMeta.kind !== '') typeMeta['kind'] = input.typeMeta.kind;
  if (input.typeMeta.apiVersion !== '') typeMeta['apiVersion'] = input.typeMeta.apiVersion;
  return new GoValue(SidecarTemplateDataType, {
    TypeMeta: typeMeta,
    DeploymentMeta: { Namespace: input.deploymentMeta.namespace, Name: input.deploymentMeta.name },
    ObjectMeta: input.metadata,
    Spec: input.spec,
    ProxyConfig: input.proxyConfig ?? null,
    MeshConfig: input.meshConfig ?? null,
    Values: input.values,
    Revision: input.revision,
    NativeSidecars: input.nativeSidecars,
    ProxyImage: input.proxyImage,
    ProxyInitImage: input.proxyInitImage,
    ProxyUID: input.proxyUID,
    ProxyGID: input.proxyGID,
    InboundTrafficPolicyMode: input.inboundTrafficPolicyMode,
    CompliancePolicy: input.compliancePolicy,
  });
}
