/**
 * The sidecar template's data for a Deployment under one of ../shared's settings folders, as kube-inject builds it
 * for a first injection (no revision, native sidecars, no OpenShift): shared by the render tests and the benchmark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYAML } from 'yaml';
import type { GoValue } from '../../src/go/value.ts';
import { sidecarTemplateData } from '../../src/inject/template-data.ts';
import { applyMeshConfig } from '../../src/mesh/mesh-config.ts';
import { parseValues } from '../../src/mesh/values.ts';
import { proxyImage, proxyInitImage } from '../../src/inject/images.ts';

export function deploymentTemplateData(settingsDir: string, deploymentFile: string): GoValue {
  const read = (f: string): string => readFileSync(join(settingsDir, f), 'utf8');
  const deployment = parseYAML(readFileSync(deploymentFile, 'utf8')) as {
    metadata: { name: string };
    spec: { template: { metadata: Record<string, unknown>; spec: Record<string, unknown> } };
  };
  const mesh = applyMeshConfig(read('mesh.yaml'));
  const values = parseValues(read('inject-values.json'));
  const metadata = deployment.spec.template.metadata;
  return sidecarTemplateData({
    typeMeta: { kind: 'Deployment', apiVersion: 'apps/v1' },
    deploymentMeta: { namespace: '', name: deployment.metadata.name },
    metadata,
    spec: deployment.spec.template.spec,
    proxyConfig: mesh['defaultConfig'],
    meshConfig: mesh,
    values,
    revision: '',
    nativeSidecars: true,
    proxyImage: proxyImage(values, null, metadata['annotations']),
    proxyInitImage: proxyInitImage(values, metadata['annotations']),
    proxyUID: 1337,
    proxyGID: 1337,
    inboundTrafficPolicyMode: 'passthrough',
    compliancePolicy: '',
  });
}
