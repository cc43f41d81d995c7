import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultOptions, loadFunctionOptions } from '../../src/krm/config.ts';
import type { FunctionOptions, LoadedOptions } from '../../src/krm/config.ts';
import { parseStream } from '../../src/yaml/codec.ts';
import type { Document } from '../../src/yaml/codec.ts';
import { repoRoot } from '../support/shared.ts';
import { yaml } from '../fixtures/krm/support.ts';

function doc(text: string): Document {
  return parseStream(text).documents[0]!.doc;
}

function options(loaded: LoadedOptions): FunctionOptions {
  if (!loaded.ok) throw new Error(loaded.results.map((r) => `${r.field?.path}: ${r.message}`).join('\n'));
  return loaded.options;
}

function problems(loaded: LoadedOptions): string[] {
  return loaded.results.map((r) => `${r.field?.path}: ${r.message}`);
}

const DEFAULTS = {
  source: 'none',
  config: undefined,
  values: undefined,
  mesh: undefined,
  action: 'inject',
  mode: 'manual',
  revision: '',
  revisionTags: [],
  namespaces: {},
  enableNamespacesByDefault: undefined,
  nativeSidecars: 'auto',
  kubernetesVersion: undefined,
  platform: '',
  compliancePolicy: '',
  clusterID: undefined,
  network: undefined,
  env: {},
  podTemplatePaths: [],
  injectorConfigMap: undefined,
  meshConfigMap: undefined,
};

function plain(o: FunctionOptions): Record<string, unknown> {
  return { ...o, env: { ...o.env }, namespaces: JSON.parse(JSON.stringify(o.namespaces)) };
}

const Forms = suite('config: forms');

Forms('no functionConfig, or kpt\'s empty function-input ConfigMap, means no options (the embedded default)', () => {
  assert.equal(plain(options(loadFunctionOptions(undefined, []))), DEFAULTS);
  assert.equal(plain(defaultOptions()), DEFAULTS);
  const empty = doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\ndata: {}\n');
  assert.equal(plain(options(loadFunctionOptions(empty, []))), { ...DEFAULTS, source: 'ConfigMap' });
  const noData = doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\n');
  assert.equal(plain(options(loadFunctionOptions(noData, []))), { ...DEFAULTS, source: 'ConfigMap' });
});

Forms('a ConfigMap with every key (kpt -- key=value gives strings)', () => {
  const cm = doc(yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: function-input
      annotations:
        config.kubernetes.io/local-config: "true"
    data:
      config: |
        policy: enabled
      values: '{"global":{"proxy":{"image":"proxyv2"}}}'
      mesh: 'defaultConfig: {holdApplicationUntilProxyStarts: true}'
      action: check
      mode: webhook
      revision: canary
      revisionTags: prod, default
      namespaces: |
        shop: {labels: {istio.io/rev: prod}}
      enableNamespacesByDefault: "true"
      nativeSidecars: "false"
      kubernetesVersion: "1.29"
      platform: openshift
      compliancePolicy: fips-140-3
      clusterID: cluster-1
      network: net-1
      env: '{"A": "1", "B": "two"}'
      podTemplatePaths: |
        - apiVersion: argoproj.io/v1alpha1
          kind: Rollout
          podTemplatePath: spec.template
      injectorConfigMap: istio-system/istio-sidecar-injector
      meshConfigMap: istio
  `);
  const items = [
    doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n  namespace: istio-system\ndata:\n  config: from-cm\n  values: "{}"\n'),
    doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: "from: cm"\n'),
  ];
  assert.equal(plain(options(loadFunctionOptions(cm, items))), {
    source: 'ConfigMap',
    config: 'policy: enabled\n',
    values: '{"global":{"proxy":{"image":"proxyv2"}}}',
    mesh: 'defaultConfig: {holdApplicationUntilProxyStarts: true}',
    action: 'check',
    mode: 'webhook',
    revision: 'canary',
    revisionTags: ['prod', 'default'],
    namespaces: { shop: { labels: { 'istio.io/rev': 'prod' } } },
    enableNamespacesByDefault: true,
    nativeSidecars: 'false',
    kubernetesVersion: '1.29',
    platform: 'openshift',
    compliancePolicy: 'fips-140-3',
    clusterID: 'cluster-1',
    network: 'net-1',
    env: { A: '1', B: 'two' },
    podTemplatePaths: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', podTemplatePath: 'spec.template' }],
    injectorConfigMap: { namespace: 'istio-system', name: 'istio-sidecar-injector' },
    meshConfigMap: { name: 'istio' },
  });
});

Forms('a SidecarInjection with YAML objects: config, values and mesh become YAML text (spellings and nulls kept)', () => {
  const typed = doc(yaml`
    apiVersion: inject-sidecar.dev/v1alpha1
    kind: SidecarInjection
    metadata:
      name: inject
    spec:
      config:
        policy: enabled
        templates:
          sidecar: |
            spec: {}
      values:
        global:
          proxy: {image: proxyv2, holdApplicationUntilProxyStarts: null}
          ratio: 1.0
      mesh: "accessLogFile: /dev/stdout"
      nativeSidecars: true
      kubernetesVersion: 1.30
      env:
        NUMBER: 12
        TEXT: x
      podTemplatePaths:
      - kind: Rollout
        metadata: [spec, template, metadata]
        spec: spec.template.spec
  `);
  const o = options(loadFunctionOptions(typed, []));
  assert.is(o.source, 'SidecarInjection');
  assert.is(o.config, 'policy: enabled\ntemplates:\n  sidecar: |\n    spec: {}\n');
  assert.is(o.values, 'global:\n  proxy: {image: proxyv2, holdApplicationUntilProxyStarts: null}\n  ratio: 1.0\n');
  assert.is(o.mesh, 'accessLogFile: /dev/stdout');
  assert.is(o.nativeSidecars, 'true');
  assert.is(o.kubernetesVersion, '1.30');
  assert.equal({ ...o.env }, { NUMBER: '12', TEXT: 'x' });
  assert.equal(o.podTemplatePaths, [{ kind: 'Rollout', metadata: ['spec', 'template', 'metadata'], spec: 'spec.template.spec' }]);
});

Forms('kubernetesVersion: a leading v and a patch number are dropped', () => {
  const cm = (v: string): Document => doc(`apiVersion: v1\nkind: ConfigMap\ndata:\n  kubernetesVersion: "${v}"\n`);
  assert.is(options(loadFunctionOptions(cm('v1.33.2'), [])).kubernetesVersion, '1.33');
  assert.is(options(loadFunctionOptions(cm('1.28'), [])).kubernetesVersion, '1.28');
});

Forms('a SidecarInjection without spec means no options', () => {
  const typed = doc('apiVersion: inject-sidecar.dev/v1alpha1\nkind: SidecarInjection\nmetadata:\n  name: x\n');
  assert.equal(plain(options(loadFunctionOptions(typed, []))), { ...DEFAULTS, source: 'SidecarInjection' });
});

Forms('command-line literals win over the functionConfig', () => {
  const cm = doc('apiVersion: v1\nkind: ConfigMap\ndata:\n  config: a\n  values: b\n  mesh: c\n  revision: d\n');
  const o = options(loadFunctionOptions(cm, [], { config: 'A', values: 'B', mesh: 'C', revision: 'D' }));
  assert.equal([o.config, o.values, o.mesh, o.revision], ['A', 'B', 'C', 'D']);
  assert.is(options(loadFunctionOptions(undefined, [], { revision: 'r' })).revision, 'r');
});

Forms.run();

// --- named ConfigMaps ------------------------------------------------------------------------------------------------

const Named = suite('config: the mesh\'s own ConfigMaps among the items');

const INJECTOR = (ns: string): Document => doc(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n  namespace: ${ns}\ndata:\n  config: "policy: ${ns}"\n  values: '{"ns": "${ns}"}'\n`);
const MESH = doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: "trustDomain: cluster.local"\n');

Named('read from the items; inline keys win', () => {
  const cm = doc('apiVersion: v1\nkind: ConfigMap\ndata:\n  injectorConfigMap: istio-sidecar-injector\n  meshConfigMap: istio-system/istio\n  values: inline\n');
  const o = options(loadFunctionOptions(cm, [INJECTOR('istio-system'), MESH]));
  assert.equal([o.config, o.values, o.mesh], ['policy: istio-system', 'inline', 'trustDomain: cluster.local']);
});

Named('not found, ambiguous, or without the payload', () => {
  const cm = doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn\ndata:\n  injectorConfigMap: istio-sidecar-injector\n  meshConfigMap: istio\n');
  assert.equal(problems(loadFunctionOptions(cm, [])), [
    'data.injectorConfigMap: ConfigMap "istio-sidecar-injector" was not found among the items',
    'data.meshConfigMap: ConfigMap "istio" was not found among the items',
  ]);
  assert.equal(problems(loadFunctionOptions(cm, [INJECTOR('a'), INJECTOR('b'), doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\ndata: {}\n')])), [
    'data.injectorConfigMap: ConfigMap "istio-sidecar-injector" matches 2 items; name its namespace as "namespace/name"',
    'data.meshConfigMap: ConfigMap "istio" has no data.mesh',
  ]);
  const qualified = doc('apiVersion: v1\nkind: ConfigMap\ndata:\n  injectorConfigMap: b/istio-sidecar-injector\n');
  assert.is(options(loadFunctionOptions(qualified, [INJECTOR('a'), INJECTOR('b')])).config, 'policy: b');
});

Named.run();

// --- validation ------------------------------------------------------------------------------------------------------

const Invalid = suite('config: validation (all problems at once)');

Invalid('ConfigMap: unknown keys, enums, patterns, texts that do not parse', () => {
  const cm = doc(yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: function-input
    data:
      nativeSidecars: maybe
      mode: auto
      kubernetesVersion: "one"
      platform: windows
      injectorConfigMap: "Bad Name"
      env: "[a, b]"
      podTemplatePaths: "- {kind: Rollout, extra: 1}"
      colour: blue
  `);
  const loaded = loadFunctionOptions(cm, []);
  assert.not.ok(loaded.ok);
  assert.equal(problems(loaded), [
    'data.colour: Unknown option "colour" (known options: config, values, mesh, action, mode, revision, revisionTags, namespaces, enableNamespacesByDefault, nativeSidecars, kubernetesVersion, platform, compliancePolicy, clusterID, network, env, podTemplatePaths, injectorConfigMap, meshConfigMap)',
    'data.mode: must be one of manual, webhook',
    'data.nativeSidecars: must be one of auto, true, false',
    'data.kubernetesVersion: must be a Kubernetes version such as "1.33"',
    'data.platform: must be one of "" (empty), openshift',
    'data.injectorConfigMap: must be a ConfigMap name, optionally as "namespace/name"',
  ]);
  const second = loadFunctionOptions(doc('kind: ConfigMap\ndata:\n  env: "[a, b]"\n  podTemplatePaths: "- {kind: Rollout, extra: 1}"\n'), []);
  assert.equal(problems(second), [
    'data.env: must be a YAML or JSON map of strings',
    'data.podTemplatePaths.0.extra: Unknown field "extra"',
  ]);
});

Invalid('SidecarInjection: types, apiVersion, unknown keys; each result names the functionConfig and the field', () => {
  const typed = doc(yaml`
    apiVersion: inject-sidecar.dev/v1beta9
    kind: SidecarInjection
    metadata:
      name: inject
      annotations:
        internal.config.kubernetes.io/path: fn/inject.yaml
    spec:
      config: [not, text]
      nativeSidecars: sometimes
      revision: {a: 1}
      podTemplatePaths: [{metadata: x}]
      unknownKey: 1
  `);
  const loaded = loadFunctionOptions(typed, []);
  assert.equal(problems(loaded), [
    'apiVersion: must be "inject-sidecar.dev/v1alpha1"',
    'spec.unknownKey: Unknown option "unknownKey" (known options: config, values, mesh, action, mode, revision, revisionTags, namespaces, enableNamespacesByDefault, nativeSidecars, kubernetesVersion, platform, compliancePolicy, clusterID, network, env, podTemplatePaths, injectorConfigMap, meshConfigMap)',
    'spec.config: must be a string or a map',
    'spec.revision: must be a string',
    'spec.nativeSidecars: must be one of auto, true, false',
    'spec.podTemplatePaths.0.kind: is required',
  ]);
  assert.equal(loaded.results[0], {
    message: 'must be "inject-sidecar.dev/v1alpha1"',
    severity: 'error',
    resourceRef: { apiVersion: 'inject-sidecar.dev/v1beta9', kind: 'SidecarInjection', name: 'inject' },
    field: { path: 'apiVersion' },
    file: { path: 'fn/inject.yaml' },
  });
});

Invalid('an unsupported kind', () => {
  assert.equal(problems(loadFunctionOptions(doc('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n'), [])), [
    'kind: Unsupported functionConfig: expected a ConfigMap (v1) or a SidecarInjection (inject-sidecar.dev/v1alpha1), found kind "Secret"',
  ]);
});

Invalid('__proto__ and constructor keys are unknown options, and pollute nothing', () => {
  const cm = doc('kind: ConfigMap\ndata:\n  __proto__: "x"\n  constructor: "y"\n  env: \'{"__proto__": {"polluted": "1"}, "constructor": "c"}\'\n');
  assert.equal(problems(loadFunctionOptions(cm, [])), [
    'data.__proto__: Unknown option "__proto__" (known options: config, values, mesh, action, mode, revision, revisionTags, namespaces, enableNamespacesByDefault, nativeSidecars, kubernetesVersion, platform, compliancePolicy, clusterID, network, env, podTemplatePaths, injectorConfigMap, meshConfigMap)',
    'data.constructor: Unknown option "constructor" (known options: config, values, mesh, action, mode, revision, revisionTags, namespaces, enableNamespacesByDefault, nativeSidecars, kubernetesVersion, platform, compliancePolicy, clusterID, network, env, podTemplatePaths, injectorConfigMap, meshConfigMap)',
  ]);
  const env = options(loadFunctionOptions(doc('kind: ConfigMap\ndata:\n  env: \'{"__proto__": "p", "constructor": "c"}\'\n'), [])).env;
  assert.equal(Object.keys(env), ['__proto__', 'constructor']);
  assert.is(env['__proto__'], 'p');
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
});

Invalid.run();

// --- webhook-mode options --------------------------------------------------------------------------------------------

const Webhook = suite('config: webhook-mode options (revisionTags, namespaces, enableNamespacesByDefault)');

Webhook('SidecarInjection: YAML list and map, boolean; repeated tags once', () => {
  const typed = doc(yaml`
    apiVersion: inject-sidecar.dev/v1alpha1
    kind: SidecarInjection
    metadata:
      name: inject
    spec:
      mode: webhook
      revision: canary
      revisionTags: [prod, default, prod]
      namespaces:
        shop:
          labels:
            istio-injection: enabled
        tools: {}
      enableNamespacesByDefault: false
  `);
  const o = options(loadFunctionOptions(typed, []));
  assert.equal(o.revisionTags, ['prod', 'default']);
  assert.equal(JSON.parse(JSON.stringify(o.namespaces)), { shop: { labels: { 'istio-injection': 'enabled' } }, tools: { labels: {} } });
  assert.is(o.enableNamespacesByDefault, false);
  const on = doc('apiVersion: inject-sidecar.dev/v1alpha1\nkind: SidecarInjection\nspec:\n  enableNamespacesByDefault: "true"\n');
  assert.is(options(loadFunctionOptions(on, [])).enableNamespacesByDefault, true);
});

Webhook('ConfigMap: revisionTags as a JSON list, a YAML list or comma-separated text (kpt -- revisionTags=a,b)', () => {
  const cm = (value: string): Document => doc(`apiVersion: v1\nkind: ConfigMap\ndata:\n  revisionTags: ${JSON.stringify(value)}\n`);
  assert.equal(options(loadFunctionOptions(cm('["prod", "default"]'), [])).revisionTags, ['prod', 'default']);
  assert.equal(options(loadFunctionOptions(cm('- prod\n- default\n'), [])).revisionTags, ['prod', 'default']);
  assert.equal(options(loadFunctionOptions(cm('prod, default'), [])).revisionTags, ['prod', 'default']);
  assert.equal(options(loadFunctionOptions(cm('prod'), [])).revisionTags, ['prod']);
  assert.equal(options(loadFunctionOptions(cm(''), [])).revisionTags, []);
});

Webhook('ConfigMap: namespaces as JSON or YAML text; enableNamespacesByDefault "false"', () => {
  const cm = doc(yaml`
    apiVersion: v1
    kind: ConfigMap
    data:
      namespaces: '{"shop": {"labels": {"istio.io/rev": "canary"}}, "ops": {"labels": {}}}'
      enableNamespacesByDefault: "false"
  `);
  const o = options(loadFunctionOptions(cm, []));
  assert.equal(JSON.parse(JSON.stringify(o.namespaces)), { shop: { labels: { 'istio.io/rev': 'canary' } }, ops: { labels: {} } });
  assert.is(o.enableNamespacesByDefault, false);
  const empty = doc('apiVersion: v1\nkind: ConfigMap\ndata:\n  namespaces: ""\n');
  assert.equal(JSON.parse(JSON.stringify(options(loadFunctionOptions(empty, [])).namespaces)), {});
});

Webhook('invalid values name the field inside the ConfigMap text as in the typed form', () => {
  const yes = doc('apiVersion: v1\nkind: ConfigMap\ndata:\n  enableNamespacesByDefault: "yes"\n');
  assert.equal(problems(loadFunctionOptions(yes, [])), ['data.enableNamespacesByDefault: must be one of true, false']);
  const texts = doc(yaml`
    apiVersion: v1
    kind: ConfigMap
    data:
      revisionTags: "prod, Bad Tag!"
      namespaces: |
        shop:
          labels: {version: 1, ok: "x"}
          annotations: {a: b}
  `);
  assert.equal(problems(loadFunctionOptions(texts, [])), [
    'data.revisionTags.1: must be a tag name: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    'data.namespaces.shop.annotations: Unknown field "annotations"',
    'data.namespaces.shop.labels.version: must be a string',
  ]);
  const shapes = doc('apiVersion: v1\nkind: ConfigMap\ndata:\n  revisionTags: "{a: b}"\n  namespaces: "[shop]"\n');
  assert.equal(problems(loadFunctionOptions(shapes, [])), [
    'data.revisionTags: must be a YAML or JSON list of tag names, or tag names separated by commas',
    'data.namespaces: must be a YAML or JSON map of namespace names to {labels}',
  ]);
  const typed = doc(yaml`
    apiVersion: inject-sidecar.dev/v1alpha1
    kind: SidecarInjection
    spec:
      revisionTags: prod
      namespaces: [shop]
      enableNamespacesByDefault: 1
  `);
  assert.equal(problems(loadFunctionOptions(typed, [])), [
    'spec.revisionTags: must be a list',
    'spec.namespaces: must be a map',
    'spec.enableNamespacesByDefault: must be one of true, false',
  ]);
});

Webhook('__proto__ as a namespace name or label key is an ordinary key', () => {
  const cm = doc(`apiVersion: v1\nkind: ConfigMap\ndata:\n  namespaces: '{"__proto__": {"labels": {"__proto__": "x"}}}'\n`);
  const o = options(loadFunctionOptions(cm, []));
  assert.equal(Object.keys(o.namespaces), ['__proto__']);
  assert.equal(Object.keys(o.namespaces['__proto__']!.labels), ['__proto__']);
  assert.is(({} as Record<string, unknown>)['labels'], undefined);
});

Webhook('the ConfigMap example in README.md loads, with the webhook-mode options it shows', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = /```yaml\n(apiVersion: v1\nkind: ConfigMap\n[^]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README.md has a ConfigMap example');
  const o = options(loadFunctionOptions(doc(block!), []));
  assert.equal(o.revisionTags, ['prod', 'default']);
  assert.equal(JSON.parse(JSON.stringify(o.namespaces)), { shop: { labels: { 'istio-injection': 'enabled' } } });
  assert.is(o.enableNamespacesByDefault, false);
  assert.equal(o.podTemplatePaths, [{ apiVersion: 'kubeflow.org', kind: 'Notebook', podTemplatePath: 'spec.template' }]);
});

Webhook.run();

// --- the published schema and its precompiled validator --------------------------------------------------------------

const Schema = suite('config: schema/sidecar-injection.schema.json');

Schema('the precompiled validator is up to date (run node scripts/gen-config-validator.mjs)', async () => {
  const script = (await import(pathToFileURL(join(repoRoot, 'scripts', 'gen-config-validator.mjs')).href)) as { generateValidatorSource(): string };
  const committed = readFileSync(join(repoRoot, 'src', 'krm', 'config-validator.generated.ts'), 'utf8');
  assert.ok(committed === script.generateValidatorSource(), 'src/krm/config-validator.generated.ts is stale: run node scripts/gen-config-validator.mjs');
});

Schema('the validator has no runtime code generation and no require', () => {
  const committed = readFileSync(join(repoRoot, 'src', 'krm', 'config-validator.generated.ts'), 'utf8');
  for (const forbidden of ['new Function', 'eval(', 'require(']) assert.not.ok(committed.includes(forbidden), forbidden);
});

Schema('the schema lists every option for both forms', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schema', 'sidecar-injection.schema.json'), 'utf8')) as {
    definitions: Record<string, { properties: Record<string, unknown> }>;
  };
  const keys = ['config', 'values', 'mesh', 'action', 'mode', 'revision', 'revisionTags', 'namespaces', 'enableNamespacesByDefault', 'nativeSidecars', 'kubernetesVersion', 'platform', 'compliancePolicy', 'clusterID', 'network', 'env', 'podTemplatePaths', 'injectorConfigMap', 'meshConfigMap'];
  assert.equal(Object.keys(schema.definitions['configMapData']!.properties), keys);
  assert.equal(Object.keys(schema.definitions['spec']!.properties), keys);
});

Schema.run();
