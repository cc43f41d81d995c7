import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getAnnotation, nameOf } from '../../src/krm/object.ts';
import type { Item } from '../../src/krm/object.ts';
import { run, runFiles } from '../../src/krm/processor.ts';
import type { Processor } from '../../src/krm/processor.ts';
import { errorResult, infoResult } from '../../src/krm/result.ts';
import { parseStream } from '../../src/yaml/codec.ts';
import { SEEN_ANNOTATION, testProcessor } from '../fixtures/krm/test-processor.ts';
import { yaml } from '../fixtures/krm/support.ts';

/** A kpt-like ResourceList: a Kptfile, a local-config function config, two Deployments, a Service. */
function resourceList(data = '{}'): string {
  return yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: kpt.dev/v1
      kind: Kptfile
      metadata:
        name: pkg
        annotations:
          config.kubernetes.io/local-config: "true"
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: fn-config
        annotations:
          config.kubernetes.io/local-config: "true"
      data:
        value: "no"
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        annotations:
          internal.config.kubernetes.io/path: 'deploy.yaml'
          internal.config.kubernetes.io/index: '0'
          internal.config.kubernetes.io/id: '1'
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
        annotations:
          internal.config.kubernetes.io/path: 'deploy.yaml'
          internal.config.kubernetes.io/index: '1'
          internal.config.kubernetes.io/id: '2'
    - apiVersion: v1
      kind: Service
      metadata:
        name: web
    functionConfig:
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: function-input
      data: ${data}
  `;
}

/** The input with the test annotation added after the last annotation of the named Deployment (web: id 1, api: id 2). */
function annotated(text: string, name: 'web' | 'api', value = '"true"'): string {
  const anchor = `      internal.config.kubernetes.io/id: '${name === 'web' ? 1 : 2}'\n`;
  assert.ok(text.includes(anchor), `no ${name} in the input`);
  return text.replace(anchor, `${anchor}      ${SEEN_ANNOTATION}: ${value}\n`);
}

const Krm = suite('processor: run (KRM mode)');

Krm('processes items in order; Kptfile and local-config items are left alone; silent on success', () => {
  const input = resourceList();
  const out = run(testProcessor, input);
  assert.is(out.exitCode, 0);
  assert.is(out.stderr, '');
  assert.equal(out.results, []);
  assert.is(out.output, annotated(annotated(input, 'web'), 'api'));
});

Krm('the functionConfig reaches configure', () => {
  const out = run(testProcessor, resourceList('{value: "on"}'));
  assert.ok(out.output.includes(`${SEEN_ANNOTATION}: "on"\n`));
});

Krm('an error result: full output, results appended, exit 1, the error on stderr', () => {
  const input = resourceList('{errorOn: api}');
  const out = run(testProcessor, input);
  assert.is(out.exitCode, 1);
  assert.is(out.stderr, '[error] apps/v1/Deployment/api spec.replicas: this Deployment is not acceptable\n');
  assert.is(out.output, annotated(annotated(input, 'web'), 'api') + yaml`
    results:
    - message: this Deployment is not acceptable
      severity: error
      resourceRef:
        apiVersion: apps/v1
        kind: Deployment
        name: api
      field:
        path: spec.replicas
      file:
        path: deploy.yaml
        index: 1
      tags:
        reason: test
  `);
});

Krm('warnings keep exit 0 and stay off stderr in a ResourceList', () => {
  const out = run(testProcessor, resourceList('{warnOn: web}'));
  assert.is(out.exitCode, 0);
  assert.is(out.stderr, '');
  assert.ok(out.output.endsWith('results:\n- message: this Deployment is suspicious\n  severity: warning\n  resourceRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  file:\n    path: deploy.yaml\n    index: 0\n'));
});

Krm('results already in the input come first and count for the exit code', () => {
  const input = resourceList('{warnOn: web}') + 'results:\n- message: earlier\n  severity: error\n';
  const out = run(testProcessor, input);
  assert.is(out.exitCode, 1);
  assert.ok(out.output.includes('results:\n- message: earlier\n  severity: error\n- message: this Deployment is suspicious\n'));
});

Krm('a processor that throws: that item unchanged, an error result naming it, the others processed', () => {
  const input = resourceList('{throwOn: web}');
  const out = run(testProcessor, input);
  assert.is(out.exitCode, 1);
  assert.is(out.stderr, '[error] apps/v1/Deployment/web: Cannot process Deployment "web": internal error: boom on web\n');
  assert.ok(out.output.startsWith(annotated(input, 'api')));
  assert.not.ok(out.output.includes('name: web\n    annotations:\n      test.inject-sidecar.dev'));
  assert.not.ok(out.output.includes('at '), 'no stack trace');
});

Krm('a config error touches nothing and exits 1 with the full output', () => {
  const input = resourceList().replace('  kind: ConfigMap\n  metadata:\n    name: function-input', '  kind: Secret\n  metadata:\n    name: function-input');
  assert.ok(input.includes('kind: Secret'));
  const out = run(testProcessor, input);
  assert.is(out.exitCode, 1);
  assert.is(out.stderr, '[error] v1/Secret/function-input: expected a ConfigMap\n');
  assert.ok(out.output.startsWith(input));
});

Krm('orchestrator annotations changed by the processor are restored, with a warning', () => {
  const input = resourceList('{touchInternal: "true"}');
  const out = run(testProcessor, input);
  assert.is(out.exitCode, 0);
  assert.ok(out.output.startsWith(annotated(annotated(input, 'web'), 'api')));
  assert.equal(out.results.map((r) => r.message), [
    'Restored orchestrator annotation "internal.config.kubernetes.io/path" that test-fn changed',
    'Restored orchestrator annotation "internal.config.kubernetes.io/path" that test-fn changed',
  ]);
});

Krm('added and removed items', () => {
  const added = run(testProcessor, resourceList('{addItem: extra}'));
  assert.ok(added.output.includes('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: extra\n  data:\n    answer: "yes"\nfunctionConfig:'));
  const dropped = run(testProcessor, resourceList('{dropAll: "true"}'));
  assert.is(dropped.exitCode, 0);
  assert.ok(dropped.output.includes('items: []\n'));
});

Krm('a stream that would come out empty is refused (kpt would delete the package)', () => {
  const out = run(testProcessor, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', { functionConfig: parseStream('kind: ConfigMap\ndata:\n  dropAll: "true"\n').documents[0]!.doc });
  assert.is(out.exitCode, 1);
  assert.is(out.output, '');
  assert.is(out.stderr, 'test-fn: no items are left to write; refusing to write an empty output\n');
});

Krm('unreadable input: exit 1, one line, no output', () => {
  for (const input of ['', '   \n', 'a: [1\n', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- 1\n']) {
    const out = run(testProcessor, input);
    assert.is(out.exitCode, 1);
    assert.is(out.output, '');
    assert.is(out.stderr.split('\n').length, 2, out.stderr);
    assert.ok(out.stderr.startsWith('Cannot read stdin: '), out.stderr);
  }
});

Krm('duplicate items are error results', () => {
  const input = yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: same
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: same
  `;
  const out = run(testProcessor, input);
  assert.is(out.exitCode, 1);
  assert.equal(out.results.map((r) => r.message), ['Duplicate item: ConfigMap "same" appears more than once (first at line 4)']);
});

Krm('a stream keeps its shape; results go to stderr', () => {
  const input = '# keep me\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web # svc\n';
  const out = run(testProcessor, input, { functionConfig: parseStream('kind: ConfigMap\ndata:\n  warnOn: web\n').documents[0]!.doc });
  assert.is(out.exitCode, 0);
  assert.is(out.output, input.replace('  name: web\n---', `  name: web\n  annotations:\n    ${SEEN_ANNOTATION}: "true"\n---`));
  assert.is(out.stderr, '[warning] apps/v1/Deployment/web: this Deployment is suspicious\n');
});

Krm('a List keeps its shape', () => {
  const input = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n';
  const out = run(testProcessor, input);
  assert.is(out.output, `${input}    annotations:\n      ${SEEN_ANNOTATION}: "true"\n`);
});

Krm('JSON in, block YAML out', () => {
  const input = '{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}]}';
  assert.is(run(testProcessor, input).output, yaml`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        annotations:
          ${SEEN_ANNOTATION}: "true"
  `);
});

Krm('steps see the invocation and all items; prepare and processList results are kept', () => {
  const seen: string[] = [];
  const processor: Processor<string> = {
    name: 'spy',
    configure: ({ invocation }) => ({ ok: true, config: invocation.command, results: [infoResult('configured')] }),
    prepare: ({ items, config }) => {
      seen.push(`prepare ${config} ${items.length}`);
      return [infoResult('prepared')];
    },
    processItem: (item: Item, { invocation }) => {
      seen.push(`item ${nameOf(item)} explain=${invocation.explain}`);
    },
    processList: () => ({ results: [errorResult('list-level')] }),
  };
  const out = run(processor, 'kind: A\nmetadata:\n  name: a\n---\nkind: B\nmetadata:\n  name: b\n', { command: 'check', explain: true });
  assert.equal(seen, ['prepare check 2', 'item a explain=true', 'item b explain=true']);
  assert.equal(out.results.map((r) => r.message), ['configured', 'prepared', 'list-level']);
  assert.is(out.exitCode, 1);
});

Krm('a processList that throws restores every item', () => {
  const processor: Processor = {
    name: 'breaker',
    processList: (items) => {
      for (const item of items) item.contents = null;
      throw new TypeError('nope');
    },
  };
  const input = 'kind: A\nmetadata:\n  name: a\n';
  const out = run(processor, input);
  assert.is(out.output, input);
  assert.is(out.stderr, '[error]: Cannot run breaker: internal error: nope\n');
});

Krm.run();

// --- file mode -------------------------------------------------------------------------------------------------------

const Files = suite('processor: runFiles (file mode)');

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: web   # four-space indent\n';
const SERVICE = '# untouched\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n';
const KPTFILE = 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n  annotations:\n    config.kubernetes.io/local-config: "true"\n';

Files('items of all files are processed together and go back to their files', () => {
  const out = runFiles(testProcessor, [{ path: 'a.yaml', text: DEPLOY }, { path: 'b.yaml', text: SERVICE }, { path: 'Kptfile', text: KPTFILE }]);
  // A changed document is printed anew (comment spacing normalized), with its own four-space indentation.
  const changedDeploy = `${DEPLOY.replace('web   #', 'web #')}    annotations:\n        ${SEEN_ANNOTATION}: "true"\n`;
  assert.is(out.exitCode, 0);
  assert.equal(out.files, [
    { path: 'a.yaml', text: changedDeploy, changed: true },
    { path: 'b.yaml', text: SERVICE, changed: false },
    { path: 'Kptfile', text: KPTFILE, changed: false },
  ]);
  assert.is(out.stream, `${changedDeploy}---\n${SERVICE}---\n${KPTFILE}`);
});

Files('--drop-local-config leaves Kptfiles and local-config items out of the stream only', () => {
  const out = runFiles(testProcessor, [{ path: 'a.yaml', text: SERVICE }, { path: 'Kptfile', text: KPTFILE }], { dropLocalConfig: true });
  assert.is(out.stream, SERVICE);
  assert.is(out.files[1]!.text, KPTFILE);
});

Files('results name the file and the document index; they are printed on stderr', () => {
  const out = runFiles(testProcessor, [{ path: 'a.yaml', text: `${SERVICE}---\n${DEPLOY}` }], {
    functionConfig: parseStream('kind: ConfigMap\ndata:\n  errorOn: web\n').documents[0]!.doc,
  });
  assert.is(out.exitCode, 1);
  assert.equal(out.results[0]!.file, { path: 'a.yaml', index: 1 });
  assert.is(out.stderr, '[error] apps/v1/Deployment/web spec.replicas: this Deployment is not acceptable\n');
});

Files('an unreadable file fails the whole run with no output', () => {
  const out = runFiles(testProcessor, [{ path: 'a.yaml', text: DEPLOY }, { path: 'bad.yaml', text: 'a: [\n' }]);
  assert.is(out.exitCode, 1);
  assert.is(out.stream, '');
  assert.equal(out.files, []);
  assert.ok(out.stderr.startsWith('Cannot read bad.yaml: line 2, column 1: '), out.stderr);
});

Files('no resources at all is an error unless writing in place', () => {
  assert.is(runFiles(testProcessor, [{ path: 'empty.yaml', text: '# nothing\n' }]).exitCode, 1);
  const inPlace = runFiles(testProcessor, [{ path: 'empty.yaml', text: '# nothing\n' }], { inPlace: true });
  assert.is(inPlace.exitCode, 0);
  assert.equal(inPlace.files, [{ path: 'empty.yaml', text: '# nothing\n', changed: false }]);
});

Files('new items follow the item before them, in the style of their file', () => {
  const out = runFiles(testProcessor, [{ path: 'a.yaml', text: SERVICE }, { path: 'b.yaml', text: DEPLOY.replace('Deployment', 'StatefulSet') }], {
    functionConfig: parseStream('kind: ConfigMap\ndata:\n  addItem: extra\n').documents[0]!.doc,
  });
  assert.is(out.files[1]!.text, `${DEPLOY.replace('Deployment', 'StatefulSet')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: extra\ndata:\n    answer: "yes"\n`);
  assert.is(getAnnotation(parseStream(out.files[0]!.text).documents[0]!.doc, SEEN_ANNOTATION), undefined);
});

Files.run();
