import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import {
  formatInjectionStatus,
  injectedContainerNames,
  injectionStatusAnnotation,
  injectionStatusOf,
  parseInjectionStatus,
} from '../../src/inject/status.ts';
import { readShared, sharedPath } from '../support/shared.ts';

// Default native injection (spec §8 and e.g. hello.yaml.injected).
const NATIVE_DEFAULT =
  '{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert","istio-ca-crl"],"imagePullSecrets":null,"revision":"default"}';
// Offline non-native injection (spec §8, istioctl CLI goldens).
const OFFLINE_NON_NATIVE =
  '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":null,"imagePullSecrets":null,"revision":"default"}';

const named = (...names: string[]) => names.map((name) => ({ name, image: 'x' }));

const Build = suite('status: build');

Build('default native template pod (spec §8, hello.yaml.injected)', () => {
  const templatePod = {
    metadata: { annotations: { 'istio.io/rev': 'default' } },
    spec: {
      initContainers: named('istio-init', 'istio-proxy'),
      volumes: named(
        'workload-socket',
        'credential-socket',
        'workload-certs',
        'istio-envoy',
        'istio-data',
        'istio-podinfo',
        'istio-token',
        'istiod-ca-cert',
        'istio-ca-crl',
      ),
    },
  };
  assert.is(injectionStatusAnnotation(templatePod, ''), NATIVE_DEFAULT);
});

Build('offline non-native (spec §8): empty lists are null, empty revision is "default"', () => {
  const spec = { initContainers: named('istio-init'), containers: named('istio-proxy'), volumes: [], imagePullSecrets: [] };
  assert.is(formatInjectionStatus(injectionStatusOf(spec, '')), OFFLINE_NON_NATIVE);
});

Build('a custom template touching the app container lists it (custom-template.yaml.injected)', () => {
  assert.is(
    injectionStatusAnnotation({ spec: { containers: named('hello') } }, ''),
    '{"initContainers":null,"containers":["hello"],"volumes":null,"imagePullSecrets":null,"revision":"default"}',
  );
});

Build('revision and image pull secrets (spec §8 key order)', () => {
  const spec = { imagePullSecrets: [{ name: 'barSecret' }], containers: named('istio-proxy') };
  assert.is(
    formatInjectionStatus(injectionStatusOf(spec, 'canary')),
    '{"initContainers":null,"containers":["istio-proxy"],"volumes":null,"imagePullSecrets":["barSecret"],"revision":"canary"}',
  );
});

Build('names are Go-JSON escaped (HTML characters)', () => {
  assert.is(
    formatInjectionStatus(injectionStatusOf({ containers: named('a<b>&c') }, '')),
    '{"initContainers":null,"containers":["a\\u003cb\\u003e\\u0026c"],"volumes":null,"imagePullSecrets":null,"revision":"default"}',
  );
});

Build.run();

// ---

const Parse = suite('status: parse');

Parse('legacy status with a version key (Istio TestParseStatus shape)', () => {
  const legacy =
    '{"version":"e2cb9d4837cda9584fd272bfa1f348525bcaacfadb7e9b9efbd21a3bb44ad7a1","initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["istio-envoy","istio-certs"],"imagePullSecrets":null}';
  assert.equal(parseInjectionStatus(legacy), {
    initContainers: ['istio-init'],
    containers: ['istio-proxy'],
    volumes: ['istio-envoy', 'istio-certs'],
    imagePullSecrets: null,
    revision: '',
  });
});

Parse('Go decoding rules: case-insensitive keys, null elements, literal null', () => {
  assert.equal(parseInjectionStatus('{"Containers":["a",null],"REVISION":"x"}'), {
    initContainers: null,
    containers: ['a', ''],
    volumes: null,
    imagePullSecrets: null,
    revision: 'x',
  });
  assert.equal(parseInjectionStatus('null'), {
    initContainers: null,
    containers: null,
    volumes: null,
    imagePullSecrets: null,
    revision: '',
  });
});

Parse('invalid JSON or a type error means no status (stripPod does nothing)', () => {
  for (const text of ['', 'not json', '"str"', '[]', '{"containers":"istio-proxy"}', '{"containers":[1]}', '{"revision":3}']) {
    assert.is(parseInjectionStatus(text), undefined, text);
  }
});

Parse('__proto__ keys stay data', () => {
  const status = parseInjectionStatus('{"__proto__":{"containers":["x"]},"containers":["istio-proxy"]}');
  assert.equal(status?.containers, ['istio-proxy']);
  assert.is(({} as Record<string, unknown>)['containers'], undefined);
});

Parse('injectedContainerNames: exact keys only, lenient', () => {
  assert.equal(injectedContainerNames(OFFLINE_NON_NATIVE), { containers: ['istio-proxy'], initContainers: ['istio-init'] });
  assert.equal(injectedContainerNames(NATIVE_DEFAULT), { containers: [], initContainers: ['istio-init', 'istio-proxy'] });
  assert.equal(injectedContainerNames('garbage'), { containers: [], initContainers: [] });
  assert.equal(injectedContainerNames('{"Containers":["x"]}'), { containers: [], initContainers: [] });
});

Parse.run();

// ---

const Goldens = suite('status: every Istio golden');

interface GoldenCase {
  readonly golden: string;
  readonly expectError: string | null;
}

/** Every `sidecar.istio.io/status` value found in the golden files (pod templates and pods). */
function statusValues(text: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'sidecar.istio.io/status' && typeof v === 'string') out.push(v);
        else visit(v);
      }
    }
  };
  for (const doc of parseAllDocuments(text)) visit(doc.toJS());
  return out;
}

Goldens('parse then format reproduces each golden status byte for byte (versions stripped)', () => {
  if (!sharedPath('conformance/istio/cases.json', 'status golden round trip')) return;
  const cases = (JSON.parse(readShared('conformance/istio/cases.json')) as { cases: GoldenCase[] }).cases;
  const goldens = [...new Set(cases.filter((c) => c.expectError === null).map((c) => c.golden))];
  let seen = 0;
  for (const golden of goldens) {
    for (const value of statusValues(readShared(`conformance/istio/${golden}`))) {
      const parsed = parseInjectionStatus(value);
      assert.ok(parsed, `${golden}: ${value}`);
      if (!parsed) continue;
      assert.is(formatInjectionStatus(parsed), value.replace(/"version":"[^"]*",/, ''), golden);
      seen++;
    }
  }
  assert.ok(seen > 90, `only ${seen} status annotations found`);
});

Goldens.run();
