/**
 * @module
 * The embedded default mesh config: the `data.mesh` an istiod of the default profile publishes in ConfigMap `istio`
 * (istio-injection.md §4.2). It is applied onto DefaultMeshConfig like any configured mesh, so only the fields the
 * profile sets differently are listed.
 */

/** Mesh config YAML of the default profile (revision "", namespace istio-system, tracer none, Prometheus metrics). */
export const DEFAULT_MESH_CONFIG: string = `# The default profile's mesh config (ConfigMap istio, key mesh).
rootNamespace: istio-system
trustDomain: cluster.local
# Agents merge their own metrics into the application's Prometheus scrape.
enablePrometheusMerge: true
defaultProviders:
  metrics: [prometheus]
defaultConfig:
  # Where proxies reach istiod for configuration and certificates.
  discoveryAddress: istiod.istio-system.svc:15012
`;
