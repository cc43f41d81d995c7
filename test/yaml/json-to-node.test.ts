/**
 * `jsonToNode` builds its nodes without `yaml`'s constructors (see `lightNodes` in codec.ts): every reader of a
 * Document must still see ordinary nodes — `yaml`'s type guards and methods, our copy, comparison, signature and
 * conversion, and both printers.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { cloneNode, createNode, isCollection, isMap, isNode, isPair, isScalar, isSeq, jsonToNode, newDocument, nodeSignature, parseStream, sameNode, stringifyDocument, toJS } from '../../src/yaml/codec.ts';

const POD = {
  metadata: { annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}', 'prometheus.io/port': '15020' }, labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'istio-proxy', args: ['proxy', 'sidecar'], ports: [{ containerPort: 15090, protocol: 'TCP' }], tty: false, ratio: 0.5, nothing: null }],
    volumes: [],
    securityContext: {},
  },
};

const Light = suite('jsonToNode: light nodes');

Light('the nodes are of yaml\'s classes and pass its type guards', () => {
  const map = jsonToNode(POD) as YAMLMap;
  assert.ok(isMap(map) && isCollection(map) && isNode(map));
  assert.is(Object.getPrototypeOf(map), YAMLMap.prototype);
  assert.ok(map instanceof YAMLMap);
  const pair = map.items[0]!;
  assert.ok(isPair(pair));
  assert.is(Object.getPrototypeOf(pair), Pair.prototype);
  assert.ok(isScalar(pair.key));
  assert.is(Object.getPrototypeOf(pair.key), Scalar.prototype);
  assert.is((pair.key as Scalar).constructor, Scalar);
  const containers = (map.getIn(['spec', 'containers'], true) as YAMLSeq);
  assert.ok(isSeq(containers));
  assert.is(Object.getPrototypeOf(containers), YAMLSeq.prototype);
  assert.ok(isScalar(jsonToNode('x')) && isScalar(jsonToNode(null)) && isScalar(jsonToNode(1)) && isScalar(jsonToNode(true)));
  // Nodes built by yaml itself are unaffected.
  assert.ok(isScalar(new Scalar(1)) && isMap(new YAMLMap()) && isPair(new Pair('a')) && !isScalar(new YAMLSeq()));
  assert.ok(!isMap(new Scalar(1)) && !isPair(map) && !isSeq(map));
});

Light('the same enumerable properties as createNode\'s nodes: sameNode, nodeSignature, cloneNode and toJS agree', () => {
  const light = jsonToNode(POD);
  const made = createNode(POD);
  assert.ok(sameNode(light, made));
  assert.is(nodeSignature(light), nodeSignature(made));
  const copy = cloneNode(light);
  assert.ok(sameNode(copy, light));
  assert.is(nodeSignature(copy), nodeSignature(light));
  assert.equal(toJS(light), POD);
  assert.equal(toJS(copy), POD);
  assert.equal(light.toJSON(), POD);
  // yaml's own copy keeps the class and the type.
  const cloned = light.clone() as YAMLMap;
  assert.ok(isMap(cloned) && sameNode(cloned, light));
});

Light('yaml\'s collection methods work on them', () => {
  const map = jsonToNode({ a: 1, b: { c: 'x' } }) as YAMLMap;
  assert.is(map.get('a'), 1);
  assert.is(map.getIn(['b', 'c']), 'x');
  assert.ok(map.has('b'));
  map.set('a', 2);
  map.setIn(['b', 'd'], 'y');
  map.add(new Pair(new Scalar('e'), new Scalar(true)));
  assert.ok(map.delete('b') && !map.has('b'));
  assert.equal(map.toJSON(), { a: 2, e: true });
  const seq = jsonToNode([1, 'two']) as YAMLSeq;
  seq.add('three');
  assert.is(seq.get(1), 'two');
  assert.equal(seq.toJSON(), [1, 'two', 'three']);
});

Light('every call gives new nodes: editing one result never shows in another', () => {
  const first = jsonToNode({ k: 'v', list: ['a'] }) as YAMLMap;
  const second = jsonToNode({ k: 'v', list: ['a'] }) as YAMLMap;
  (first.get('k', true) as Scalar).value = 'changed';
  (first.get('list', true) as unknown as YAMLSeq).items.push(new Scalar('b'));
  assert.equal(second.toJSON(), { k: 'v', list: ['a'] });
  assert.is.not(first.items[0], second.items[0]);
});

Light('documents holding them print as the same document built by createNode, with both printers', () => {
  const viaLight = newDocument();
  viaLight.contents = jsonToNode(POD);
  const viaCreate = newDocument(POD);
  const expected = viaCreate.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indent: 2, indentSeq: false });
  assert.is(viaLight.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indent: 2, indentSeq: false }), expected);
  assert.is(stringifyDocument(viaLight), expected);
  assert.is(
    expected,
    [
      'metadata:',
      '  annotations:',
      `    sidecar.istio.io/status: '{"containers":["istio-proxy"]}'`,
      '    prometheus.io/port: "15020"',
      '  labels:',
      '    app: web',
      'spec:',
      '  containers:',
      '  - name: istio-proxy',
      '    args:',
      '    - proxy',
      '    - sidecar',
      '    ports:',
      '    - containerPort: 15090',
      '      protocol: TCP',
      '    tty: false',
      '    ratio: 0.5',
      '    nothing: null',
      '  volumes: []',
      '  securityContext: {}',
      '',
    ].join('\n'),
  );
});

Light('inside a parsed document, next to parsed nodes', () => {
  const doc: Document = parseStream('# top\nkind: Pod # k\nspec: {}\n').documents[0]!.doc;
  (doc.contents as YAMLMap).set('spec', jsonToNode({ containers: [{ name: 'app' }] }));
  assert.is(stringifyDocument(doc), '# top\nkind: Pod # k\nspec:\n  containers:\n  - name: app\n');
});

Light.run();
