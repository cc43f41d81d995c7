/**
 * Istio's own injection templates through our engine: every template of the default settings parses, and the
 * `sidecar` template renders for the pod of inject/hello.yaml with that folder's values and mesh, giving the
 * containers and volumes the golden shows (the full comparison is the conformance suite's job).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../support/shared.ts';
import { deploymentTemplateData } from '../support/istio-data.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';
import { loadInjectorConfig } from '../../src/inject/injector-config.ts';
import { unmarshalYAML11 } from '../../src/go/yaml.ts';

const Render = suite('istio sidecar template');
const settings = sharedPath('conformance/istio/settings/default', 'rendering Istio templates');

if (settings) {
  const read = (f: string): string => readFileSync(join(settings, f), 'utf8');
  const funcs = [sprigFuncs, istioFuncs()];
  const loaded = loadInjectorConfig(read('inject-config.yaml'), { funcs });

  Render('every template of the default injector config parses', () => {
    assert.equal(loaded.problems, []);
    const names = [...loaded.config.templates.keys()].sort();
    assert.equal(names, [
      'agentgateway', 'agentgateway-waypoint', 'gateway', 'grpc-agent', 'grpc-simple', 'kube-gateway', 'sidecar', 'waypoint',
    ]);
  });

  Render('the sidecar template renders for hello.yaml', () => {
    const data = deploymentTemplateData(settings, join(settings, '../../inject/hello.yaml'));
    const sidecar = loaded.config.templates.get('sidecar');
    assert.ok(sidecar);
    const out = sidecar.execute(data);
    const overlay = unmarshalYAML11(out) as {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: { initContainers: { name: string; image: string; args: string[] }[]; volumes: { name: string }[] };
    };
    assert.equal(overlay.spec.initContainers.map((c) => c.name), ['istio-init', 'istio-proxy']);
    assert.equal(overlay.spec.volumes.map((v) => v.name), [
      'workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token',
      'istiod-ca-cert', 'istio-ca-crl',
    ]);
    const init = overlay.spec.initContainers[0]!;
    assert.equal(init.image, 'registry.istio.io/testing/proxyv2:latest');
    assert.equal(init.args, [
      'istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d',
      '15090,15021,15020', '--log_output_level=default:info',
    ]);
    assert.equal(overlay.metadata.labels['service.istio.io/canonical-name'], 'hello');
    assert.equal(overlay.metadata.labels['service.istio.io/canonical-revision'], 'latest');
    assert.equal(overlay.metadata.annotations['kubectl.kubernetes.io/default-container'], 'hello');
  });

  Render('a parsed template is reusable: a second execution gives the same output', () => {
    const sidecar = loaded.config.templates.get('grpc-simple');
    assert.ok(sidecar);
    const data = { Values: {} };
    assert.is(sidecar.execute(data), sidecar.execute(data));
  });
}

if (!settings) Render.skip('Istio templates render (../shared is absent)', () => {});

Render.run();
