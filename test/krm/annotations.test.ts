import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isOrchestratorAnnotation, restoreAnnotations, snapshotAnnotations } from '../../src/krm/annotations.ts';
import { deleteIn, getAnnotation, setAnnotation, setIn } from '../../src/krm/object.ts';
import { newDocument, parseStream, stringifyDocument } from '../../src/yaml/codec.ts';
import { yaml } from '../fixtures/krm/support.ts';

const TEXT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    annotations:
      config.kubernetes.io/index: '0'
      config.kubernetes.io/path: 'deploy.yaml'
      internal.config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/path: 'deploy.yaml'
      internal.config.kubernetes.io/seqindent: 'wide'
      internal.config.kubernetes.io/id: '1'
      config.k8s.io/id: '1'
      kustomize.config.k8s.io/id: |
        kind: Deployment
        name: web
      user/annotation: kept
`;

function parse(): ReturnType<typeof newDocument> {
  return parseStream(TEXT).documents[0]!.doc;
}

const Annotations = suite('annotations');

Annotations('which keys belong to orchestrators', () => {
  for (const key of ['internal.config.kubernetes.io/seqindent', 'internal.config.kubernetes.io/package-path', 'config.kubernetes.io/path', 'config.kubernetes.io/index', 'config.k8s.io/id', 'kustomize.config.k8s.io/id']) {
    assert.ok(isOrchestratorAnnotation(key), key);
  }
  for (const key of ['config.kubernetes.io/local-config', 'sidecar.istio.io/status', 'user/annotation']) assert.not.ok(isOrchestratorAnnotation(key), key);
});

Annotations('untouched annotations need no repair, other edits are fine', () => {
  const item = parse();
  const snapshot = snapshotAnnotations([item]);
  setAnnotation(item, 'sidecar.istio.io/status', '{}');
  assert.equal(restoreAnnotations(snapshot, [item]), []);
});

Annotations('changed, removed and added orchestrator annotations are put back exactly', () => {
  const item = parse();
  const snapshot = snapshotAnnotations([item]);
  setAnnotation(item, 'internal.config.kubernetes.io/seqindent', 'compact');
  deleteIn(item, ['metadata', 'annotations', 'kustomize.config.k8s.io/id']);
  setAnnotation(item, 'internal.config.kubernetes.io/new', 'x');
  const repairs = restoreAnnotations(snapshot, [item]).map((r) => [r.key, r.expected, r.found]);
  assert.equal(repairs, [
    ['internal.config.kubernetes.io/seqindent', 'wide', 'compact'],
    ['kustomize.config.k8s.io/id', 'kind: Deployment\nname: web\n', undefined],
    ['internal.config.kubernetes.io/new', undefined, 'x'],
  ]);
  // Values come back with their original quoting; a removed key comes back at the end.
  const kustomizeId = '    kustomize.config.k8s.io/id: |\n      kind: Deployment\n      name: web\n';
  assert.ok(TEXT.includes(kustomizeId));
  assert.is(stringifyDocument(item), TEXT.replace(kustomizeId, '') + kustomizeId);
});

Annotations('a replaced annotations map, or a replaced document body, is repaired', () => {
  const item = parse();
  const snapshot = snapshotAnnotations([item]);
  setIn(item, ['metadata', 'annotations'], { only: 'this' });
  assert.is(restoreAnnotations(snapshot, [item]).length, 8);
  assert.is(getAnnotation(item, 'internal.config.kubernetes.io/id'), '1');
  assert.is(getAnnotation(item, 'only'), 'this');
  item.contents = newDocument({ kind: 'Deployment' }).contents;
  restoreAnnotations(snapshot, [item]);
  assert.is(getAnnotation(item, 'internal.config.kubernetes.io/seqindent'), 'wide');
});

Annotations('items are matched by internal id when the document was replaced; new items are free', () => {
  const item = parse();
  const snapshot = snapshotAnnotations([item]);
  const replacement = parseStream(TEXT.replace("internal.config.kubernetes.io/path: 'deploy.yaml'", "internal.config.kubernetes.io/path: 'other.yaml'")).documents[0]!.doc;
  const fresh = newDocument({ kind: 'ConfigMap', metadata: { annotations: { 'internal.config.kubernetes.io/path': 'new.yaml' } } });
  const repairs = restoreAnnotations(snapshot, [replacement, fresh]);
  assert.equal(repairs.map((r) => r.key), ['internal.config.kubernetes.io/path']);
  assert.is(getAnnotation(replacement, 'internal.config.kubernetes.io/path'), 'deploy.yaml');
  assert.is(getAnnotation(fresh, 'internal.config.kubernetes.io/path'), 'new.yaml');
});

Annotations.run();
