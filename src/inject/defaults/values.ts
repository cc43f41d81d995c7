/**
 * @module
 * The embedded default `values` (istio-injection.md §4.1, §5, §20): what the `istio-sidecar-injector` ConfigMap of an
 * istiod installed with the default profile carries, limited to what injection reads — the templates' `.Values`
 * paths, `sidecarInjectorWebhook.rewriteAppHTTPProbe` (probe rewriting) and the image coordinates.
 *
 * Images: `docker.io/istio/proxyv2:1.30.3`. The hub is Istio's public registry; the tag is the newest GA patch
 * release at the Istio baseline our templates follow (86c9f01, see istio-injection.md). Users pin their mesh's
 * version by overriding `global.hub` / `global.tag` (or whole values) in the functionConfig.
 */

/** A JSON value, as the values file holds. */
export type ValuesData = null | boolean | number | string | ValuesData[] | { [key: string]: ValuesData };

/** Istio's public image registry. */
export const DEFAULT_HUB = 'docker.io/istio';
/** The Istio release whose proxy image the embedded default injects. */
export const DEFAULT_TAG = '1.30.3';

/** Our default-profile values as data. Fresh on every call, so callers may change their copy. */
export function defaultValues(): { [key: string]: ValuesData } {
  return {
    revision: '',
    global: {
      hub: DEFAULT_HUB,
      tag: DEFAULT_TAG,
      variant: '',
      imagePullPolicy: '',
      imagePullSecrets: [],
      istioNamespace: 'istio-system',
      // An empty caAddress means istiod[-<revision>].<istioNamespace>.svc:15012.
      caAddress: '',
      caName: '',
      pilotCertProvider: 'istiod',
      sds: { token: { aud: 'istio-ca' } },
      sts: { servicePort: 0 },
      meshID: '',
      network: '',
      multiCluster: { clusterName: '' },
      logAsJson: false,
      logging: { level: 'default:info' },
      mountMtlsCerts: false,
      nativeNftables: false,
      proxy: {
        image: 'proxyv2',
        clusterDomain: 'cluster.local',
        logLevel: 'warning',
        componentLogLevel: 'misc:error',
        // Capture everything outbound and inbound; the status port is excluded by the template.
        includeIPRanges: '*',
        excludeIPRanges: '',
        includeInboundPorts: '*',
        excludeInboundPorts: '',
        includeOutboundPorts: '',
        excludeOutboundPorts: '',
        statusPort: 15020,
        readinessInitialDelaySeconds: 0,
        readinessPeriodSeconds: 15,
        readinessFailureThreshold: 4,
        startupProbe: { enabled: true, failureThreshold: 600 },
        resources: {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { cpu: '2000m', memory: '1024Mi' },
        },
        privileged: false,
        seccompProfile: {},
        outlierLogPath: '',
        tracer: 'none',
        autoInject: 'enabled',
      },
      proxy_init: { image: 'proxyv2', forceApplyIptables: false },
    },
    pilot: {
      cni: { enabled: false, provider: 'default' },
      env: {},
    },
    gateways: { securityContext: {}, seccompProfile: {} },
    sidecarInjectorWebhook: {
      rewriteAppHTTPProbe: true,
      defaultTemplates: [],
      templates: {},
      injectedAnnotations: {},
      neverInjectSelector: [],
      alwaysInjectSelector: [],
      enableNamespacesByDefault: false,
      reinvocationPolicy: 'Never',
    },
  };
}

/** The same values as the JSON text of a ConfigMap's `data.values`. */
export function defaultValuesJSON(): string {
  return JSON.stringify(defaultValues(), null, 2);
}
