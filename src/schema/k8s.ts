/**
 * @module
 * The Kubernetes API types injection templates see (k8s.io/api core/v1 and apimachinery meta/v1 at v0.36.1), as Go
 * types over the value model of `go/types.ts`: Go field names (`.Spec.Containers`, `$c.Ports`, `.ContainerPort`),
 * JSON names, `omitempty` and declaration order, so that templates address them as Go does and `json.Marshal`
 * writes them in Go's field order (`{"name":"http","containerPort":80}`).
 *
 * A struct's rep is the pod JSON object itself (keyed by JSON name, absent keys are zero values); embedded
 * `json:",inline"` structs (Volume's VolumeSource, Probe's ProbeHandler, the selectors' LocalObjectReference) share
 * their parent's rep. `resource.Quantity` and `intstr.IntOrString` keep their JSON value as rep and print and marshal
 * through `String()` / `MarshalJSON()` as apimachinery does (`2000m` → `2`).
 *
 * Parts templates never look into (affinity, label selectors, `fieldsV1`, pod status lists, ephemeral and cloud
 * volume sources, pod certificate projections) are opaque `interface {}` fields: kept as given, at their Go position.
 * Field lists were checked against Go's own marshaling of a typed Pod (kubectl 1.33) plus the v1.34 additions
 * (`restartPolicyRules`, `fileKeyRef`, `podCertificate`, `hostnameOverride`); later additions, if any, are unknown.
 */
import { T, TC, mapOf, named, ptrTo, sliceOf, type GoField, type GoMethod, type GoType } from '../go/types.ts';
import { GoValue } from '../go/value.ts';
import { QuantityError, formatQuantity, isZeroQuantity, quantityFromJSON } from '../go/quantity.ts';
import { utf8Bytes } from '../go/strconv.ts';

// --- field DSL ------------------------------------------------------------------------------------------------------

/** A field that is always marshaled (`json:"name"`). */
function req(name: string, type: GoType, json: string): GoField {
  return { name, type, json };
}

/** A field with `json:"name,omitempty"`. */
function opt(name: string, type: GoType, json: string): GoField {
  return { name, type, json, omitempty: true };
}

/** An embedded struct whose fields are flattened into the parent's JSON (`json:",inline"`). */
function inline(type: GoType): GoField {
  const short = type.name.slice(type.name.indexOf('.') + 1);
  return { name: short, type, embedded: true, inline: true };
}

function struct(name: string, fields: readonly GoField[], methods?: Readonly<Record<string, GoMethod>>): GoType {
  return named(name, 'struct', methods ? { fields, methods } : { fields });
}

const namedStrings = new Map<string, GoType>();

/** A defined string type such as `v1.Protocol` (compares with string constants, prints as its value). */
function str(name: string): GoType {
  let t = namedStrings.get(name);
  if (!t) {
    t = named(name, T.string);
    namedStrings.set(name, t);
  }
  return t;
}

const S = T.string;
const ANY = T.any;
const bool = T.bool;
const int32 = T.int32;
const int64 = T.int64;
const pBool = ptrTo(T.bool);
const pInt32 = ptrTo(T.int32);
const pInt64 = ptrTo(T.int64);
const pString = ptrTo(T.string);
const sliceString = TC.sliceString;
const mapSS = TC.mapStringString;
const anySlice = TC.sliceAny;

/** The rep of a Go `[]byte` holding this text (what a `MarshalJSON() ([]byte, error)` method returns). */
function jsonBytes(text: string): number[] {
  return Array.from(utf8Bytes(text));
}

// --- apimachinery scalar types -----------------------------------------------------------------------------------------

/** A quantity rep (the JSON value, or absent) in canonical form; an unparsable one is printed as given. */
export function quantityText(rep: unknown): string {
  if (typeof rep !== 'string' && typeof rep !== 'number') return '0';
  try {
    return formatQuantity(quantityFromJSON(rep));
  } catch (e) {
    if (e instanceof QuantityError) return String(rep);
    throw e;
  }
}

function quantityIsZero(rep: unknown): boolean {
  if (typeof rep !== 'string' && typeof rep !== 'number') return true;
  try {
    return isZeroQuantity(quantityFromJSON(rep));
  } catch {
    return false;
  }
}

/**
 * `resource.Quantity`: rep is the JSON string (or number) as written; `String()` and `MarshalJSON()` give
 * apimachinery's canonical form. (Go's String has a pointer receiver; here it also serves non-addressable values.)
 */
export const QuantityType: GoType = struct('resource.Quantity', [], {
  String: { params: [], results: [S], ptr: false, impl: (rep: unknown) => quantityText(rep) },
  MarshalJSON: {
    params: [],
    results: [TC.bytes],
    error: true,
    ptr: false,
    impl: (rep: unknown) => jsonBytes(JSON.stringify(quantityText(rep))),
  },
  IsZero: { params: [], results: [bool], ptr: true, impl: (rep: unknown) => quantityIsZero(rep) },
});

/** `IntOrString.String()`: the number in decimal or the string as is; absent is the int 0. */
export function intOrStringText(rep: unknown): string {
  if (typeof rep === 'string') return rep;
  if (typeof rep === 'number') return String(Math.trunc(rep) | 0);
  return '0';
}

/** `intstr.IntOrString`: rep is a JSON number or string; marshals back to the same kind. */
export const IntOrStringType: GoType = struct('intstr.IntOrString', [], {
  String: { params: [], results: [S], ptr: false, impl: (rep: unknown) => intOrStringText(rep) },
  MarshalJSON: {
    params: [],
    results: [TC.bytes],
    error: true,
    ptr: false,
    impl: (rep: unknown) => jsonBytes(typeof rep === 'string' ? JSON.stringify(rep) : intOrStringText(rep)),
  },
  IntValue: {
    params: [],
    results: [T.int],
    ptr: true,
    impl: (rep: unknown) => {
      if (typeof rep === 'number') return Math.trunc(rep) | 0;
      if (typeof rep === 'string' && /^[+-]?[0-9]+$/.test(rep)) return Number(rep);
      return 0;
    },
  },
});

const ZERO_TIME = '0001-01-01 00:00:00 +0000 UTC';

/** Go's `time.Time.String()` for an RFC 3339 rep, in UTC (the zero time for ""). */
export function timeText(rep: unknown): string {
  if (typeof rep !== 'string' || rep === '') return ZERO_TIME;
  const ms = Date.parse(rep);
  if (Number.isNaN(ms)) return rep;
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.000Z
  const frac = /\.(\d+)/.exec(rep)?.[1]?.replace(/0+$/, '') ?? '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + frac : ''} +0000 UTC`;
}

/**
 * `metav1.Time`: rep is the RFC 3339 string ("" is the zero time). Modelled on a string so that `omitempty`
 * drops the zero time, as apimachinery v0.36's `omitzero` does; marshals as the string or `null`.
 */
export const TimeType: GoType = named('v1.Time', T.string, {
  methods: {
    String: { params: [], results: [S], ptr: false, impl: (rep: unknown) => timeText(rep) },
    MarshalJSON: {
      params: [],
      results: [TC.bytes],
      error: true,
      ptr: false,
      impl: (rep: unknown) => jsonBytes(typeof rep === 'string' && rep !== '' ? JSON.stringify(rep) : 'null'),
    },
    IsZero: { params: [], results: [bool], ptr: true, impl: (rep: unknown) => typeof rep !== 'string' || rep === '' },
  },
});

export const ResourceNameType: GoType = str('v1.ResourceName');
/** `v1.ResourceList` = `map[ResourceName]resource.Quantity`. */
export const ResourceListType: GoType = named('v1.ResourceList', mapOf(ResourceNameType, QuantityType));

// --- meta/v1 -----------------------------------------------------------------------------------------------------------

export const TypeMetaType: GoType = struct('v1.TypeMeta', [opt('Kind', S, 'kind'), opt('APIVersion', S, 'apiVersion')]);

export const OwnerReferenceType: GoType = struct('v1.OwnerReference', [
  req('APIVersion', S, 'apiVersion'),
  req('Kind', S, 'kind'),
  req('Name', S, 'name'),
  req('UID', str('types.UID'), 'uid'),
  opt('Controller', pBool, 'controller'),
  opt('BlockOwnerDeletion', pBool, 'blockOwnerDeletion'),
]);

export const ManagedFieldsEntryType: GoType = struct('v1.ManagedFieldsEntry', [
  opt('Manager', S, 'manager'),
  opt('Operation', str('v1.ManagedFieldsOperationType'), 'operation'),
  opt('APIVersion', S, 'apiVersion'),
  opt('Time', ptrTo(TimeType), 'time'),
  opt('FieldsType', S, 'fieldsType'),
  opt('FieldsV1', ANY, 'fieldsV1'),
  opt('Subresource', S, 'subresource'),
]);

export const ObjectMetaType: GoType = struct('v1.ObjectMeta', [
  opt('Name', S, 'name'),
  opt('GenerateName', S, 'generateName'),
  opt('Namespace', S, 'namespace'),
  opt('SelfLink', S, 'selfLink'),
  opt('UID', str('types.UID'), 'uid'),
  opt('ResourceVersion', S, 'resourceVersion'),
  opt('Generation', int64, 'generation'),
  opt('CreationTimestamp', TimeType, 'creationTimestamp'),
  opt('DeletionTimestamp', ptrTo(TimeType), 'deletionTimestamp'),
  opt('DeletionGracePeriodSeconds', pInt64, 'deletionGracePeriodSeconds'),
  opt('Labels', mapSS, 'labels'),
  opt('Annotations', mapSS, 'annotations'),
  opt('OwnerReferences', sliceOf(OwnerReferenceType), 'ownerReferences'),
  opt('Finalizers', sliceString, 'finalizers'),
  opt('ManagedFields', sliceOf(ManagedFieldsEntryType), 'managedFields'),
]);

/** `types.NamespacedName` (Istio's `.DeploymentMeta`): no JSON tags. */
export const NamespacedNameType: GoType = struct('types.NamespacedName', [
  { name: 'Namespace', type: S },
  { name: 'Name', type: S },
]);

// --- core/v1: references and selectors ---------------------------------------------------------------------------------

export const LocalObjectReferenceType: GoType = struct('v1.LocalObjectReference', [opt('Name', S, 'name')]);

export const ObjectFieldSelectorType: GoType = struct('v1.ObjectFieldSelector', [
  opt('APIVersion', S, 'apiVersion'),
  req('FieldPath', S, 'fieldPath'),
]);

export const ResourceFieldSelectorType: GoType = struct('v1.ResourceFieldSelector', [
  opt('ContainerName', S, 'containerName'),
  req('Resource', S, 'resource'),
  opt('Divisor', QuantityType, 'divisor'),
]);

export const ConfigMapKeySelectorType: GoType = struct('v1.ConfigMapKeySelector', [
  inline(LocalObjectReferenceType),
  req('Key', S, 'key'),
  opt('Optional', pBool, 'optional'),
]);

export const SecretKeySelectorType: GoType = struct('v1.SecretKeySelector', [
  inline(LocalObjectReferenceType),
  req('Key', S, 'key'),
  opt('Optional', pBool, 'optional'),
]);

export const FileKeySelectorType: GoType = struct('v1.FileKeySelector', [
  req('VolumeName', S, 'volumeName'),
  req('Path', S, 'path'),
  req('Key', S, 'key'),
  opt('Optional', pBool, 'optional'),
]);

export const EnvVarSourceType: GoType = struct('v1.EnvVarSource', [
  opt('FieldRef', ptrTo(ObjectFieldSelectorType), 'fieldRef'),
  opt('ResourceFieldRef', ptrTo(ResourceFieldSelectorType), 'resourceFieldRef'),
  opt('ConfigMapKeyRef', ptrTo(ConfigMapKeySelectorType), 'configMapKeyRef'),
  opt('SecretKeyRef', ptrTo(SecretKeySelectorType), 'secretKeyRef'),
  opt('FileKeyRef', ptrTo(FileKeySelectorType), 'fileKeyRef'),
]);

export const EnvVarType: GoType = struct('v1.EnvVar', [
  req('Name', S, 'name'),
  opt('Value', S, 'value'),
  opt('ValueFrom', ptrTo(EnvVarSourceType), 'valueFrom'),
]);

const ConfigMapEnvSourceType: GoType = struct('v1.ConfigMapEnvSource', [
  inline(LocalObjectReferenceType),
  opt('Optional', pBool, 'optional'),
]);
const SecretEnvSourceType: GoType = struct('v1.SecretEnvSource', [
  inline(LocalObjectReferenceType),
  opt('Optional', pBool, 'optional'),
]);

export const EnvFromSourceType: GoType = struct('v1.EnvFromSource', [
  opt('Prefix', S, 'prefix'),
  opt('ConfigMapRef', ptrTo(ConfigMapEnvSourceType), 'configMapRef'),
  opt('SecretRef', ptrTo(SecretEnvSourceType), 'secretRef'),
]);

// --- core/v1: container ---------------------------------------------------------------------------------------------

export const ProtocolType: GoType = str('v1.Protocol');

export const ContainerPortType: GoType = struct('v1.ContainerPort', [
  opt('Name', S, 'name'),
  opt('HostPort', int32, 'hostPort'),
  req('ContainerPort', int32, 'containerPort'),
  opt('Protocol', ProtocolType, 'protocol'),
  opt('HostIP', S, 'hostIP'),
]);

export const ResourceClaimType: GoType = struct('v1.ResourceClaim', [req('Name', S, 'name'), opt('Request', S, 'request')]);

export const ResourceRequirementsType: GoType = struct('v1.ResourceRequirements', [
  opt('Limits', ResourceListType, 'limits'),
  opt('Requests', ResourceListType, 'requests'),
  opt('Claims', sliceOf(ResourceClaimType), 'claims'),
]);

export const ContainerResizePolicyType: GoType = struct('v1.ContainerResizePolicy', [
  req('ResourceName', ResourceNameType, 'resourceName'),
  req('RestartPolicy', str('v1.ResourceResizeRestartPolicy'), 'restartPolicy'),
]);

const ContainerRestartRuleOnExitCodesType: GoType = struct('v1.ContainerRestartRuleOnExitCodes', [
  opt('Operator', str('v1.ContainerRestartRuleOnExitCodesOperator'), 'operator'),
  opt('Values', sliceOf(int32), 'values'),
]);

export const ContainerRestartRuleType: GoType = struct('v1.ContainerRestartRule', [
  opt('Action', str('v1.ContainerRestartRuleAction'), 'action'),
  opt('ExitCodes', ptrTo(ContainerRestartRuleOnExitCodesType), 'exitCodes'),
]);

export const VolumeMountType: GoType = struct('v1.VolumeMount', [
  req('Name', S, 'name'),
  opt('ReadOnly', bool, 'readOnly'),
  opt('RecursiveReadOnly', ptrTo(str('v1.RecursiveReadOnlyMode')), 'recursiveReadOnly'),
  req('MountPath', S, 'mountPath'),
  opt('SubPath', S, 'subPath'),
  opt('MountPropagation', ptrTo(str('v1.MountPropagationMode')), 'mountPropagation'),
  opt('SubPathExpr', S, 'subPathExpr'),
]);

export const VolumeDeviceType: GoType = struct('v1.VolumeDevice', [req('Name', S, 'name'), req('DevicePath', S, 'devicePath')]);

export const ExecActionType: GoType = struct('v1.ExecAction', [opt('Command', sliceString, 'command')]);

export const HTTPHeaderType: GoType = struct('v1.HTTPHeader', [req('Name', S, 'name'), req('Value', S, 'value')]);

export const HTTPGetActionType: GoType = struct('v1.HTTPGetAction', [
  opt('Path', S, 'path'),
  req('Port', IntOrStringType, 'port'),
  opt('Host', S, 'host'),
  opt('Scheme', str('v1.URIScheme'), 'scheme'),
  opt('HTTPHeaders', sliceOf(HTTPHeaderType), 'httpHeaders'),
]);

export const TCPSocketActionType: GoType = struct('v1.TCPSocketAction', [
  req('Port', IntOrStringType, 'port'),
  opt('Host', S, 'host'),
]);

/** `service` is a pointer without omitempty: Go writes `"service":null`. */
export const GRPCActionType: GoType = struct('v1.GRPCAction', [req('Port', int32, 'port'), req('Service', pString, 'service')]);

export const SleepActionType: GoType = struct('v1.SleepAction', [req('Seconds', int64, 'seconds')]);

export const ProbeHandlerType: GoType = struct('v1.ProbeHandler', [
  opt('Exec', ptrTo(ExecActionType), 'exec'),
  opt('HTTPGet', ptrTo(HTTPGetActionType), 'httpGet'),
  opt('TCPSocket', ptrTo(TCPSocketActionType), 'tcpSocket'),
  opt('GRPC', ptrTo(GRPCActionType), 'grpc'),
]);

export const ProbeType: GoType = struct('v1.Probe', [
  inline(ProbeHandlerType),
  opt('InitialDelaySeconds', int32, 'initialDelaySeconds'),
  opt('TimeoutSeconds', int32, 'timeoutSeconds'),
  opt('PeriodSeconds', int32, 'periodSeconds'),
  opt('SuccessThreshold', int32, 'successThreshold'),
  opt('FailureThreshold', int32, 'failureThreshold'),
  opt('TerminationGracePeriodSeconds', pInt64, 'terminationGracePeriodSeconds'),
]);

export const LifecycleHandlerType: GoType = struct('v1.LifecycleHandler', [
  opt('Exec', ptrTo(ExecActionType), 'exec'),
  opt('HTTPGet', ptrTo(HTTPGetActionType), 'httpGet'),
  opt('TCPSocket', ptrTo(TCPSocketActionType), 'tcpSocket'),
  opt('Sleep', ptrTo(SleepActionType), 'sleep'),
]);

export const LifecycleType: GoType = struct('v1.Lifecycle', [
  opt('PostStart', ptrTo(LifecycleHandlerType), 'postStart'),
  opt('PreStop', ptrTo(LifecycleHandlerType), 'preStop'),
  opt('StopSignal', ptrTo(str('v1.Signal')), 'stopSignal'),
]);

export const CapabilitiesType: GoType = struct('v1.Capabilities', [
  opt('Add', sliceOf(str('v1.Capability')), 'add'),
  opt('Drop', sliceOf(str('v1.Capability')), 'drop'),
]);

export const SELinuxOptionsType: GoType = struct('v1.SELinuxOptions', [
  opt('User', S, 'user'),
  opt('Role', S, 'role'),
  opt('Type', S, 'type'),
  opt('Level', S, 'level'),
]);

export const WindowsSecurityContextOptionsType: GoType = struct('v1.WindowsSecurityContextOptions', [
  opt('GMSACredentialSpecName', pString, 'gmsaCredentialSpecName'),
  opt('GMSACredentialSpec', pString, 'gmsaCredentialSpec'),
  opt('RunAsUserName', pString, 'runAsUserName'),
  opt('HostProcess', pBool, 'hostProcess'),
]);

export const SeccompProfileType: GoType = struct('v1.SeccompProfile', [
  req('Type', str('v1.SeccompProfileType'), 'type'),
  opt('LocalhostProfile', pString, 'localhostProfile'),
]);

export const AppArmorProfileType: GoType = struct('v1.AppArmorProfile', [
  req('Type', str('v1.AppArmorProfileType'), 'type'),
  opt('LocalhostProfile', pString, 'localhostProfile'),
]);

export const SecurityContextType: GoType = struct('v1.SecurityContext', [
  opt('Capabilities', ptrTo(CapabilitiesType), 'capabilities'),
  opt('Privileged', pBool, 'privileged'),
  opt('SELinuxOptions', ptrTo(SELinuxOptionsType), 'seLinuxOptions'),
  opt('WindowsOptions', ptrTo(WindowsSecurityContextOptionsType), 'windowsOptions'),
  opt('RunAsUser', pInt64, 'runAsUser'),
  opt('RunAsGroup', pInt64, 'runAsGroup'),
  opt('RunAsNonRoot', pBool, 'runAsNonRoot'),
  opt('ReadOnlyRootFilesystem', pBool, 'readOnlyRootFilesystem'),
  opt('AllowPrivilegeEscalation', pBool, 'allowPrivilegeEscalation'),
  opt('ProcMount', ptrTo(str('v1.ProcMountType')), 'procMount'),
  opt('SeccompProfile', ptrTo(SeccompProfileType), 'seccompProfile'),
  opt('AppArmorProfile', ptrTo(AppArmorProfileType), 'appArmorProfile'),
]);

/** The fields of `v1.Container`, shared with `v1.EphemeralContainerCommon` (same names, order and tags). */
function containerFields(): GoField[] {
  return [
    req('Name', S, 'name'),
    opt('Image', S, 'image'),
    opt('Command', sliceString, 'command'),
    opt('Args', sliceString, 'args'),
    opt('WorkingDir', S, 'workingDir'),
    opt('Ports', sliceOf(ContainerPortType), 'ports'),
    opt('EnvFrom', sliceOf(EnvFromSourceType), 'envFrom'),
    opt('Env', sliceOf(EnvVarType), 'env'),
    opt('Resources', ResourceRequirementsType, 'resources'),
    opt('ResizePolicy', sliceOf(ContainerResizePolicyType), 'resizePolicy'),
    opt('RestartPolicy', ptrTo(str('v1.ContainerRestartPolicy')), 'restartPolicy'),
    opt('RestartPolicyRules', sliceOf(ContainerRestartRuleType), 'restartPolicyRules'),
    opt('VolumeMounts', sliceOf(VolumeMountType), 'volumeMounts'),
    opt('VolumeDevices', sliceOf(VolumeDeviceType), 'volumeDevices'),
    opt('LivenessProbe', ptrTo(ProbeType), 'livenessProbe'),
    opt('ReadinessProbe', ptrTo(ProbeType), 'readinessProbe'),
    opt('StartupProbe', ptrTo(ProbeType), 'startupProbe'),
    opt('Lifecycle', ptrTo(LifecycleType), 'lifecycle'),
    opt('TerminationMessagePath', S, 'terminationMessagePath'),
    opt('TerminationMessagePolicy', str('v1.TerminationMessagePolicy'), 'terminationMessagePolicy'),
    opt('ImagePullPolicy', str('v1.PullPolicy'), 'imagePullPolicy'),
    opt('SecurityContext', ptrTo(SecurityContextType), 'securityContext'),
    opt('Stdin', bool, 'stdin'),
    opt('StdinOnce', bool, 'stdinOnce'),
    opt('TTY', bool, 'tty'),
  ];
}

export const ContainerType: GoType = struct('v1.Container', containerFields());

export const EphemeralContainerCommonType: GoType = struct('v1.EphemeralContainerCommon', containerFields());

export const EphemeralContainerType: GoType = struct('v1.EphemeralContainer', [
  inline(EphemeralContainerCommonType),
  opt('TargetContainerName', S, 'targetContainerName'),
]);

// --- core/v1: volumes ----------------------------------------------------------------------------------------------------

export const KeyToPathType: GoType = struct('v1.KeyToPath', [req('Key', S, 'key'), req('Path', S, 'path'), opt('Mode', pInt32, 'mode')]);

export const HostPathVolumeSourceType: GoType = struct('v1.HostPathVolumeSource', [
  req('Path', S, 'path'),
  opt('Type', ptrTo(str('v1.HostPathType')), 'type'),
]);

export const EmptyDirVolumeSourceType: GoType = struct('v1.EmptyDirVolumeSource', [
  opt('Medium', str('v1.StorageMedium'), 'medium'),
  opt('SizeLimit', ptrTo(QuantityType), 'sizeLimit'),
]);

export const SecretVolumeSourceType: GoType = struct('v1.SecretVolumeSource', [
  opt('SecretName', S, 'secretName'),
  opt('Items', sliceOf(KeyToPathType), 'items'),
  opt('DefaultMode', pInt32, 'defaultMode'),
  opt('Optional', pBool, 'optional'),
]);

export const PersistentVolumeClaimVolumeSourceType: GoType = struct('v1.PersistentVolumeClaimVolumeSource', [
  req('ClaimName', S, 'claimName'),
  opt('ReadOnly', bool, 'readOnly'),
]);

export const DownwardAPIVolumeFileType: GoType = struct('v1.DownwardAPIVolumeFile', [
  req('Path', S, 'path'),
  opt('FieldRef', ptrTo(ObjectFieldSelectorType), 'fieldRef'),
  opt('ResourceFieldRef', ptrTo(ResourceFieldSelectorType), 'resourceFieldRef'),
  opt('Mode', pInt32, 'mode'),
]);

export const DownwardAPIVolumeSourceType: GoType = struct('v1.DownwardAPIVolumeSource', [
  opt('Items', sliceOf(DownwardAPIVolumeFileType), 'items'),
  opt('DefaultMode', pInt32, 'defaultMode'),
]);

export const ConfigMapVolumeSourceType: GoType = struct('v1.ConfigMapVolumeSource', [
  inline(LocalObjectReferenceType),
  opt('Items', sliceOf(KeyToPathType), 'items'),
  opt('DefaultMode', pInt32, 'defaultMode'),
  opt('Optional', pBool, 'optional'),
]);

const SecretProjectionType: GoType = struct('v1.SecretProjection', [
  inline(LocalObjectReferenceType),
  opt('Items', sliceOf(KeyToPathType), 'items'),
  opt('Optional', pBool, 'optional'),
]);

const ConfigMapProjectionType: GoType = struct('v1.ConfigMapProjection', [
  inline(LocalObjectReferenceType),
  opt('Items', sliceOf(KeyToPathType), 'items'),
  opt('Optional', pBool, 'optional'),
]);

const DownwardAPIProjectionType: GoType = struct('v1.DownwardAPIProjection', [
  opt('Items', sliceOf(DownwardAPIVolumeFileType), 'items'),
]);

export const ServiceAccountTokenProjectionType: GoType = struct('v1.ServiceAccountTokenProjection', [
  opt('Audience', S, 'audience'),
  opt('ExpirationSeconds', pInt64, 'expirationSeconds'),
  req('Path', S, 'path'),
]);

const ClusterTrustBundleProjectionType: GoType = struct('v1.ClusterTrustBundleProjection', [
  opt('Name', pString, 'name'),
  opt('SignerName', pString, 'signerName'),
  opt('LabelSelector', ANY, 'labelSelector'),
  opt('Optional', pBool, 'optional'),
  req('Path', S, 'path'),
]);

export const VolumeProjectionType: GoType = struct('v1.VolumeProjection', [
  opt('Secret', ptrTo(SecretProjectionType), 'secret'),
  opt('DownwardAPI', ptrTo(DownwardAPIProjectionType), 'downwardAPI'),
  opt('ConfigMap', ptrTo(ConfigMapProjectionType), 'configMap'),
  opt('ServiceAccountToken', ptrTo(ServiceAccountTokenProjectionType), 'serviceAccountToken'),
  opt('ClusterTrustBundle', ptrTo(ClusterTrustBundleProjectionType), 'clusterTrustBundle'),
  opt('PodCertificate', ANY, 'podCertificate'),
]);

export const ProjectedVolumeSourceType: GoType = struct('v1.ProjectedVolumeSource', [
  opt('Sources', sliceOf(VolumeProjectionType), 'sources'),
  opt('DefaultMode', pInt32, 'defaultMode'),
]);

export const CSIVolumeSourceType: GoType = struct('v1.CSIVolumeSource', [
  req('Driver', S, 'driver'),
  opt('ReadOnly', pBool, 'readOnly'),
  opt('FSType', pString, 'fsType'),
  opt('VolumeAttributes', mapSS, 'volumeAttributes'),
  opt('NodePublishSecretRef', ptrTo(LocalObjectReferenceType), 'nodePublishSecretRef'),
]);

export const ImageVolumeSourceType: GoType = struct('v1.ImageVolumeSource', [
  opt('Reference', S, 'reference'),
  opt('PullPolicy', str('v1.PullPolicy'), 'pullPolicy'),
]);

/** One of its members may be set; the ones injection never writes are opaque. */
export const VolumeSourceType: GoType = struct('v1.VolumeSource', [
  opt('HostPath', ptrTo(HostPathVolumeSourceType), 'hostPath'),
  opt('EmptyDir', ptrTo(EmptyDirVolumeSourceType), 'emptyDir'),
  opt('GCEPersistentDisk', ANY, 'gcePersistentDisk'),
  opt('AWSElasticBlockStore', ANY, 'awsElasticBlockStore'),
  opt('GitRepo', ANY, 'gitRepo'),
  opt('Secret', ptrTo(SecretVolumeSourceType), 'secret'),
  opt('NFS', ANY, 'nfs'),
  opt('ISCSI', ANY, 'iscsi'),
  opt('Glusterfs', ANY, 'glusterfs'),
  opt('PersistentVolumeClaim', ptrTo(PersistentVolumeClaimVolumeSourceType), 'persistentVolumeClaim'),
  opt('RBD', ANY, 'rbd'),
  opt('FlexVolume', ANY, 'flexVolume'),
  opt('Cinder', ANY, 'cinder'),
  opt('CephFS', ANY, 'cephfs'),
  opt('Flocker', ANY, 'flocker'),
  opt('DownwardAPI', ptrTo(DownwardAPIVolumeSourceType), 'downwardAPI'),
  opt('FC', ANY, 'fc'),
  opt('AzureFile', ANY, 'azureFile'),
  opt('ConfigMap', ptrTo(ConfigMapVolumeSourceType), 'configMap'),
  opt('VsphereVolume', ANY, 'vsphereVolume'),
  opt('Quobyte', ANY, 'quobyte'),
  opt('AzureDisk', ANY, 'azureDisk'),
  opt('PhotonPersistentDisk', ANY, 'photonPersistentDisk'),
  opt('Projected', ptrTo(ProjectedVolumeSourceType), 'projected'),
  opt('PortworxVolume', ANY, 'portworxVolume'),
  opt('ScaleIO', ANY, 'scaleIO'),
  opt('StorageOS', ANY, 'storageos'),
  opt('CSI', ptrTo(CSIVolumeSourceType), 'csi'),
  opt('Ephemeral', ANY, 'ephemeral'),
  opt('Image', ptrTo(ImageVolumeSourceType), 'image'),
]);

export const VolumeType: GoType = struct('v1.Volume', [req('Name', S, 'name'), inline(VolumeSourceType)]);

// --- core/v1: pod ----------------------------------------------------------------------------------------------------------

export const SysctlType: GoType = struct('v1.Sysctl', [req('Name', S, 'name'), req('Value', S, 'value')]);

export const PodSecurityContextType: GoType = struct('v1.PodSecurityContext', [
  opt('SELinuxOptions', ptrTo(SELinuxOptionsType), 'seLinuxOptions'),
  opt('WindowsOptions', ptrTo(WindowsSecurityContextOptionsType), 'windowsOptions'),
  opt('RunAsUser', pInt64, 'runAsUser'),
  opt('RunAsGroup', pInt64, 'runAsGroup'),
  opt('RunAsNonRoot', pBool, 'runAsNonRoot'),
  opt('SupplementalGroups', sliceOf(int64), 'supplementalGroups'),
  opt('SupplementalGroupsPolicy', ptrTo(str('v1.SupplementalGroupsPolicy')), 'supplementalGroupsPolicy'),
  opt('FSGroup', pInt64, 'fsGroup'),
  opt('Sysctls', sliceOf(SysctlType), 'sysctls'),
  opt('FSGroupChangePolicy', ptrTo(str('v1.PodFSGroupChangePolicy')), 'fsGroupChangePolicy'),
  opt('SeccompProfile', ptrTo(SeccompProfileType), 'seccompProfile'),
  opt('AppArmorProfile', ptrTo(AppArmorProfileType), 'appArmorProfile'),
  opt('SELinuxChangePolicy', ptrTo(str('v1.PodSELinuxChangePolicy')), 'seLinuxChangePolicy'),
]);

export const TolerationType: GoType = struct('v1.Toleration', [
  opt('Key', S, 'key'),
  opt('Operator', str('v1.TolerationOperator'), 'operator'),
  opt('Value', S, 'value'),
  opt('Effect', str('v1.TaintEffect'), 'effect'),
  opt('TolerationSeconds', pInt64, 'tolerationSeconds'),
]);

export const HostAliasType: GoType = struct('v1.HostAlias', [req('IP', S, 'ip'), opt('Hostnames', sliceString, 'hostnames')]);

export const PodDNSConfigOptionType: GoType = struct('v1.PodDNSConfigOption', [opt('Name', S, 'name'), opt('Value', pString, 'value')]);

export const PodDNSConfigType: GoType = struct('v1.PodDNSConfig', [
  opt('Nameservers', sliceString, 'nameservers'),
  opt('Searches', sliceString, 'searches'),
  opt('Options', sliceOf(PodDNSConfigOptionType), 'options'),
]);

export const PodReadinessGateType: GoType = struct('v1.PodReadinessGate', [
  req('ConditionType', str('v1.PodConditionType'), 'conditionType'),
]);

export const TopologySpreadConstraintType: GoType = struct('v1.TopologySpreadConstraint', [
  req('MaxSkew', int32, 'maxSkew'),
  req('TopologyKey', S, 'topologyKey'),
  req('WhenUnsatisfiable', str('v1.UnsatisfiableConstraintAction'), 'whenUnsatisfiable'),
  opt('LabelSelector', ANY, 'labelSelector'),
  opt('MinDomains', pInt32, 'minDomains'),
  opt('NodeAffinityPolicy', ptrTo(str('v1.NodeInclusionPolicy')), 'nodeAffinityPolicy'),
  opt('NodeTaintsPolicy', ptrTo(str('v1.NodeInclusionPolicy')), 'nodeTaintsPolicy'),
  opt('MatchLabelKeys', sliceString, 'matchLabelKeys'),
]);

export const PodOSType: GoType = struct('v1.PodOS', [req('Name', str('v1.OSName'), 'name')]);

export const PodSchedulingGateType: GoType = struct('v1.PodSchedulingGate', [req('Name', S, 'name')]);

export const PodResourceClaimType: GoType = struct('v1.PodResourceClaim', [
  req('Name', S, 'name'),
  opt('ResourceClaimName', pString, 'resourceClaimName'),
  opt('ResourceClaimTemplateName', pString, 'resourceClaimTemplateName'),
]);

export const PodSpecType: GoType = struct('v1.PodSpec', [
  opt('Volumes', sliceOf(VolumeType), 'volumes'),
  opt('InitContainers', sliceOf(ContainerType), 'initContainers'),
  req('Containers', sliceOf(ContainerType), 'containers'),
  opt('EphemeralContainers', sliceOf(EphemeralContainerType), 'ephemeralContainers'),
  opt('RestartPolicy', str('v1.RestartPolicy'), 'restartPolicy'),
  opt('TerminationGracePeriodSeconds', pInt64, 'terminationGracePeriodSeconds'),
  opt('ActiveDeadlineSeconds', pInt64, 'activeDeadlineSeconds'),
  opt('DNSPolicy', str('v1.DNSPolicy'), 'dnsPolicy'),
  opt('NodeSelector', mapSS, 'nodeSelector'),
  opt('ServiceAccountName', S, 'serviceAccountName'),
  opt('DeprecatedServiceAccount', S, 'serviceAccount'),
  opt('AutomountServiceAccountToken', pBool, 'automountServiceAccountToken'),
  opt('NodeName', S, 'nodeName'),
  opt('HostNetwork', bool, 'hostNetwork'),
  opt('HostPID', bool, 'hostPID'),
  opt('HostIPC', bool, 'hostIPC'),
  opt('ShareProcessNamespace', pBool, 'shareProcessNamespace'),
  opt('SecurityContext', ptrTo(PodSecurityContextType), 'securityContext'),
  opt('ImagePullSecrets', sliceOf(LocalObjectReferenceType), 'imagePullSecrets'),
  opt('Hostname', S, 'hostname'),
  opt('Subdomain', S, 'subdomain'),
  opt('Affinity', ANY, 'affinity'),
  opt('SchedulerName', S, 'schedulerName'),
  opt('Tolerations', sliceOf(TolerationType), 'tolerations'),
  opt('HostAliases', sliceOf(HostAliasType), 'hostAliases'),
  opt('PriorityClassName', S, 'priorityClassName'),
  opt('Priority', pInt32, 'priority'),
  opt('DNSConfig', ptrTo(PodDNSConfigType), 'dnsConfig'),
  opt('ReadinessGates', sliceOf(PodReadinessGateType), 'readinessGates'),
  opt('RuntimeClassName', pString, 'runtimeClassName'),
  opt('EnableServiceLinks', pBool, 'enableServiceLinks'),
  opt('PreemptionPolicy', ptrTo(str('v1.PreemptionPolicy')), 'preemptionPolicy'),
  opt('Overhead', ResourceListType, 'overhead'),
  opt('TopologySpreadConstraints', sliceOf(TopologySpreadConstraintType), 'topologySpreadConstraints'),
  opt('SetHostnameAsFQDN', pBool, 'setHostnameAsFQDN'),
  opt('OS', ptrTo(PodOSType), 'os'),
  opt('HostUsers', pBool, 'hostUsers'),
  opt('SchedulingGates', sliceOf(PodSchedulingGateType), 'schedulingGates'),
  opt('ResourceClaims', sliceOf(PodResourceClaimType), 'resourceClaims'),
  opt('Resources', ptrTo(ResourceRequirementsType), 'resources'),
  opt('HostnameOverride', pString, 'hostnameOverride'),
]);

/** Pod status: never read by injection; its lists are opaque. */
export const PodStatusType: GoType = struct('v1.PodStatus', [
  opt('ObservedGeneration', int64, 'observedGeneration'),
  opt('Phase', str('v1.PodPhase'), 'phase'),
  opt('Conditions', anySlice, 'conditions'),
  opt('Message', S, 'message'),
  opt('Reason', S, 'reason'),
  opt('NominatedNodeName', S, 'nominatedNodeName'),
  opt('HostIP', S, 'hostIP'),
  opt('HostIPs', anySlice, 'hostIPs'),
  opt('PodIP', S, 'podIP'),
  opt('PodIPs', anySlice, 'podIPs'),
  opt('StartTime', ptrTo(TimeType), 'startTime'),
  opt('InitContainerStatuses', anySlice, 'initContainerStatuses'),
  opt('ContainerStatuses', anySlice, 'containerStatuses'),
  opt('QOSClass', str('v1.PodQOSClass'), 'qosClass'),
  opt('EphemeralContainerStatuses', anySlice, 'ephemeralContainerStatuses'),
  opt('Resize', str('v1.PodResizeStatus'), 'resize'),
  opt('ResourceClaimStatuses', anySlice, 'resourceClaimStatuses'),
  opt('ExtendedResourceClaimStatus', ANY, 'extendedResourceClaimStatus'),
]);

/** `metav1.ObjectMeta` is embedded but keeps its own JSON key (`json:"metadata,omitempty"`): promoted, not flattened. */
function embeddedMeta(): GoField {
  return { name: 'ObjectMeta', type: ObjectMetaType, json: 'metadata', omitempty: true, embedded: true };
}

export const PodType: GoType = struct('v1.Pod', [
  inline(TypeMetaType),
  embeddedMeta(),
  opt('Spec', PodSpecType, 'spec'),
  opt('Status', PodStatusType, 'status'),
]);

export const PodTemplateSpecType: GoType = struct('v1.PodTemplateSpec', [embeddedMeta(), opt('Spec', PodSpecType, 'spec')]);

// --- wrapping pod JSON -------------------------------------------------------------------------------------------------

type JSONObject = Record<string, unknown>;

/** A pod's JSON (`{apiVersion, kind, metadata, spec}`) as the Go value `*v1.Pod`; null gives a nil pointer. */
export function podValue(pod: JSONObject | null): GoValue {
  return new GoValue(ptrTo(PodType), pod);
}

/** Pod (template) metadata as `metav1.ObjectMeta` (the template's `.ObjectMeta`); absent is the zero struct. */
export function objectMetaValue(meta: JSONObject | null | undefined): GoValue {
  return new GoValue(ObjectMetaType, meta ?? {});
}

/** A pod spec as `corev1.PodSpec` (the template's `.Spec`); absent is the zero struct. */
export function podSpecValue(spec: JSONObject | null | undefined): GoValue {
  return new GoValue(PodSpecType, spec ?? {});
}

/** `metav1.TypeMeta{Kind, APIVersion}` (the template's `.TypeMeta`). */
export function typeMetaValue(kind: string, apiVersion: string): GoValue {
  const rep: JSONObject = {};
  if (kind !== '') rep['kind'] = kind;
  if (apiVersion !== '') rep['apiVersion'] = apiVersion;
  return new GoValue(TypeMetaType, rep);
}

/** `types.NamespacedName{Namespace, Name}` (the template's `.DeploymentMeta`). */
export function namespacedNameValue(namespace: string, name: string): GoValue {
  return new GoValue(NamespacedNameType, { Namespace: namespace, Name: name });
}
