import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  annotationsOf, apiVersionOf, deleteAnnotation, deleteIn, describeItem, fileOf, formatPath, getAnnotation, getIn, getLabel,
  getNodeIn, getPlainIn, getStringIn, idOf, isKptfile, isLocalConfig, itemMap, kindOf, labelsOf, nameOf, namespaceOf,
  resourceRef, setAnnotation, setIn, setLabel, deleteLabel,
} from '../../src/krm/object.ts';
import { parseStream, stringifyDocument } from '../../src/yaml/codec.ts';
import type { Document } from '../../src/yaml/codec.ts';
import { yaml } from '../fixtures/krm/support.ts';

function item(text: string): Document {
  return parseStream(text).documents[0]!.doc;
}

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: prod
    labels:
      app: web
      version: 2
    annotations:
      internal.config.kubernetes.io/path: apps/web.yaml
      internal.config.kubernetes.io/index: '1'
      internal.config.kubernetes.io/id: '7'
  spec:
    replicas: 3
    template:
      spec:
        containers:
        - name: app
          image: nginx
`;

const Identity = suite('object: identity and reading');

Identity('apiVersion, kind, name, namespace, resourceRef, describeItem', () => {
  const d = item(DEPLOYMENT);
  assert.is(apiVersionOf(d), 'apps/v1');
  assert.is(kindOf(d), 'Deployment');
  assert.is(nameOf(d), 'web');
  assert.is(namespaceOf(d), 'prod');
  assert.equal(resourceRef(d), { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'prod' });
  assert.is(describeItem(d), 'Deployment "prod/web"');
  const bare = item('kind: ConfigMap\n');
  assert.equal(resourceRef(bare), { apiVersion: '', kind: 'ConfigMap', name: '' });
  assert.is(describeItem(bare), 'ConfigMap without a name');
});

Identity('getIn, getNodeIn, getStringIn, getPlainIn by path', () => {
  const d = item(DEPLOYMENT);
  assert.is(getIn(d, ['spec', 'replicas']), 3);
  assert.is(getStringIn(d, ['spec', 'replicas']), '3');
  assert.is(getStringIn(d, ['spec', 'template', 'spec', 'containers', 0, 'image']), 'nginx');
  assert.is(getIn(d, ['spec', 'missing', 'deeper']), undefined);
  assert.is(getIn(d, ['spec', 'template', 'spec', 'containers', 5]), undefined);
  assert.equal(getPlainIn(d, ['spec', 'template', 'spec', 'containers']), [{ name: 'app', image: 'nginx' }]);
  assert.ok(getNodeIn(d, ['metadata']) !== undefined);
  assert.is(itemMap(d), d.contents);
});

Identity('labels and annotations as string records (numbers in their source spelling)', () => {
  const d = item(DEPLOYMENT);
  assert.equal({ ...labelsOf(d) }, { app: 'web', version: '2' });
  assert.is(getLabel(d, 'version'), '2');
  assert.is(Object.getPrototypeOf(annotationsOf(d)), null);
  assert.is(getAnnotation(d, 'internal.config.kubernetes.io/index'), '1');
  assert.equal({ ...labelsOf(item('kind: X\n')) }, {});
});

Identity('orchestrator facts: file (with the legacy fallback), id, local-config, Kptfile', () => {
  const d = item(DEPLOYMENT);
  assert.equal(fileOf(d), { path: 'apps/web.yaml', index: 1 });
  assert.is(idOf(d), '7');
  const legacy = item("metadata:\n  annotations:\n    config.kubernetes.io/path: a.yaml\n    config.kubernetes.io/index: '0'\n    config.k8s.io/id: '3'\n");
  assert.equal(fileOf(legacy), { path: 'a.yaml', index: 0 });
  assert.is(idOf(legacy), '3');
  assert.is(fileOf(item('kind: X\n')), undefined);
  assert.ok(isLocalConfig(item('metadata:\n  annotations:\n    config.kubernetes.io/local-config: "true"\n')));
  assert.ok(isLocalConfig(item('metadata:\n  annotations:\n    config.kubernetes.io/local-config: true\n')));
  assert.not.ok(isLocalConfig(item('metadata:\n  annotations:\n    config.kubernetes.io/local-config: "false"\n')));
  assert.ok(isKptfile(item('apiVersion: kpt.dev/v1\nkind: Kptfile\n')));
  assert.not.ok(isKptfile(item('apiVersion: example.com/v1\nkind: Kptfile\n')));
});

Identity.run();

const Writing = suite('object: writing');

Writing('setIn creates block maps on the way and replaces null values', () => {
  const d = item('kind: X\nmetadata:\n  labels:\n');
  setIn(d, ['metadata', 'labels', 'app'], 'web');
  setIn(d, ['spec', 'template', 'metadata', 'annotations', 'a'], 'b');
  assert.is(stringifyDocument(d), 'kind: X\nmetadata:\n  labels:\n    app: web\nspec:\n  template:\n    metadata:\n      annotations:\n        a: b\n');
});

Writing('setIn on an empty flow map switches it to block style', () => {
  const d = item('metadata:\n  annotations: {}\n');
  setAnnotation(d, 'k', 'v');
  assert.is(stringifyDocument(d), 'metadata:\n  annotations:\n    k: v\n');
});

Writing('setIn into sequences, and its errors', () => {
  const d = item('list:\n- a\nscalar: 1\n');
  setIn(d, ['list', 0], 'z');
  setIn(d, ['list', 1], 'y');
  assert.equal(getPlainIn(d, ['list']), ['z', 'y']);
  assert.throws(() => setIn(d, ['list', 5], 'x'), /index 5 is out of range/);
  assert.throws(() => setIn(d, ['scalar', 'x'], 1), /Cannot set scalar.x: scalar is not a map/);
  assert.throws(() => setIn(item('- 1\n'), ['a'], 1), /not a map/);
});

Writing('set and delete labels and annotations; values YAML 1.1 would misread are quoted', () => {
  const d = item('kind: X\n');
  setAnnotation(d, 'sidecar.istio.io/inject', 'true');
  setLabel(d, 'enabled', 'on');
  assert.is(stringifyDocument(d), 'kind: X\nmetadata:\n  annotations:\n    sidecar.istio.io/inject: "true"\n  labels:\n    enabled: "on"\n');
  assert.ok(deleteAnnotation(d, 'sidecar.istio.io/inject'));
  assert.not.ok(deleteAnnotation(d, 'sidecar.istio.io/inject'));
  assert.ok(deleteLabel(d, 'enabled'));
  assert.ok(deleteIn(d, ['metadata']));
  assert.is(stringifyDocument(d), 'kind: X\n');
});

Writing('values stored raw by map.set() are reachable and editable', () => {
  const d = item('kind: X\n');
  d.set('spec', { nested: { a: 1 } });
  setIn(d, ['spec', 'nested', 'b'], 2);
  assert.equal(getPlainIn(d, ['spec']), { nested: { a: 1, b: 2 } });
});

Writing('formatPath', () => {
  assert.is(formatPath(['spec', 'ports', 0, 'port']), 'spec.ports.0.port');
});

Writing.run();
