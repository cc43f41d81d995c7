/**
 * The bad-input corpus: every way an input, a functionConfig, a template or an annotation can be wrong, with the exact
 * outcome the function must give (corpus.test.ts runs each case through the real bundle, in its own process with a
 * time limit and a heap cap). The outcome rules, checked for every case:
 *   - readable input: the full item list on stdout, every item not named as changed byte-identical to the input, the
 *     listed results (severity, resource, field, message) and no others, exit 1 exactly when one is an error;
 *   - unreadable input: nothing on stdout, exactly the given line on stderr, exit 1;
 *   - always: no stack trace, no JavaScript error name, no "internal error", bounded time and memory.
 * Large inputs (100 MiB, 10,000 levels deep) are generated here when a case runs, never committed.
 */

import { parseAllDocuments } from 'yaml';

export type Severity = 'error' | 'warning' | 'info';

export interface ExpectedResult {
  readonly severity: Severity;
  /** `apiVersion/kind/[namespace/]name` as formatted on stderr; '' when the result names no resource. */
  readonly resource: string;
  /** The field path; '' when the result names no field. */
  readonly field: string;
  /** A part of the message that says what is wrong (the whole message when it is short). */
  readonly message: string;
}

export interface CorpusCase {
  readonly name: string;
  /** stdin: text, raw bytes, or a generator (for inputs too big to keep in the source). */
  readonly input: string | Uint8Array | (() => string);
  readonly args?: readonly string[];
  /** Files written to a temporary directory first; `$DIR` in args is replaced by its path. */
  readonly files?: Readonly<Record<string, string>>;
  readonly exit: 0 | 1;
  /** Unreadable input: the only line on stderr (stdout empty). */
  readonly stderr?: string;
  /** Readable input: the results the run adds, in order. */
  readonly results?: readonly ExpectedResult[];
  /** Indexes of the input items that change (are injected); every other item must come back byte-identical. */
  readonly changed?: readonly number[];
  /** The whole stdout must equal stdin (a malformed stream handed back untouched). */
  readonly stdoutIsInput?: boolean;
  /** A check on the output beyond the common rules (returns a problem description, or undefined). */
  readonly check?: (stdout: string) => string | undefined;
  readonly heapMb?: number;
  readonly timeoutMs?: number;
}

// --- input builders --------------------------------------------------------------------------------------------------

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

/** A ResourceList from item texts (each `- ...` block) and an optional functionConfig block. */
export function resourceList(items: readonly string[], functionConfig = ''): string {
  return `${HEADER}items:\n${items.join('')}${functionConfig === '' ? '' : `functionConfig:\n${functionConfig}`}`;
}

const SERVICE = '- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web # the front door\n  spec:\n    ports:\n    - port: 80\n';
const CONFIGMAP = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: settings\n  data:\n    debug: 'no'\n    mode: yes\n";

/** A Deployment item with one container; `annotations` are added to the pod template (values written as given). */
export function deployment(name: string, annotations: Readonly<Record<string, string>> = {}, podSpec?: string): string {
  const entries = Object.entries(annotations);
  const meta = entries.length === 0 ? '' : `        annotations:\n${entries.map(([k, v]) => `          ${k}: ${v}\n`).join('')}`;
  const spec = podSpec ?? '      spec:\n        containers:\n        - name: app\n          image: nginx:1.25\n';
  return `- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: ${name}\n  spec:\n    template:\n      metadata:\n        labels:\n          app: ${name}\n${meta}${spec}`;
}

/** A ConfigMap functionConfig with `data` entries (values written as given). */
function configMap(data: Readonly<Record<string, string>>): string {
  return `  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: injector-config\n  data:\n${Object.entries(data).map(([k, v]) => `    ${k}: ${v}\n`).join('')}`;
}

/** A SidecarInjection functionConfig with the given `spec` block (indented by four spaces). */
function sidecarInjection(spec: string): string {
  return `  apiVersion: inject-sidecar.dev/v1alpha1\n  kind: SidecarInjection\n  metadata:\n    name: injection\n  spec:\n${spec}`;
}

/** A ConfigMap functionConfig whose injector config has one template, `sidecar` (the one manual mode renders). */
function withTemplate(template: string): string {
  const config = `policy: enabled\ntemplates:\n  sidecar: |\n${template.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
  return configMap({ config: `|\n${config.split('\n').map((l) => (l === '' ? '' : `      ${l}`)).join('\n')}` });
}

const CM_REF = 'v1/ConfigMap/injector-config';
const SI_REF = 'inject-sidecar.dev/v1alpha1/SidecarInjection/injection';
const dep = (name: string): string => `apps/v1/Deployment/${name}`;
const annotationField = (key: string): string => `spec.template.metadata.annotations["${key}"]`;

/** Nesting `depth` levels deep: `[[[…]]]` as the value of a ConfigMap's data key. */
function deepFlow(depth: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

/** The names of every container and init container of every item in a ResourceList output. */
function containerNames(stdout: string): string[] {
  const list = parseAllDocuments(stdout)[0]?.toJS() as { items?: { spec?: { template?: { spec?: Record<string, { name?: string }[]> } } }[] } | undefined;
  return (list?.items ?? []).flatMap((item) => {
    const spec = item.spec?.template?.spec ?? {};
    return [...(spec['containers'] ?? []), ...(spec['initContainers'] ?? [])].map((c) => c.name ?? '');
  });
}

// --- the cases ---------------------------------------------------------------------------------------------------------

const UNREADABLE: CorpusCase[] = [
  { name: 'empty stdin', input: '', exit: 1, stderr: 'Cannot read stdin: the input is empty (expected a ResourceList, a List or YAML documents)' },
  { name: 'only comments and blank lines', input: '# nothing here\n\n# still nothing\n', exit: 1, stderr: 'Cannot read stdin: the input is empty (expected a ResourceList, a List or YAML documents)' },
  { name: 'only document markers', input: '---\n---\n...\n', exit: 1, stderr: 'Cannot read stdin: the input is empty (expected a ResourceList, a List or YAML documents)' },
  {
    name: 'bytes that are not UTF-8',
    input: new Uint8Array([...new TextEncoder().encode('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), 0xe9, 0x0a]),
    exit: 1,
    stderr: 'inject-sidecar: Cannot read input: it is not valid UTF-8',
  },
  {
    name: 'UTF-16 text (a BOM and NUL bytes) is not UTF-8 YAML',
    input: new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x00, 0x0a, 0x00]),
    exit: 1,
    stderr: 'inject-sidecar: Cannot read input: it is not valid UTF-8',
  },
  {
    name: 'a ResourceList truncated inside a flow map',
    input: `${HEADER}items:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: web, labels: {app: w`,
    exit: 1,
    stderr: 'Cannot read stdin: line 6, column 40: Flow map in block collection must be sufficiently indented and end with a } (and 1 more problem)',
  },
  {
    name: 'a ResourceList truncated inside a double-quoted string',
    input: `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: "sett`,
    exit: 1,
    stderr: 'Cannot read stdin: line 7, column 16: Missing closing "quote',
  },
  {
    name: 'malformed JSON: a trailing comma and a missing brace',
    input: '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "Service",}]\n',
    exit: 1,
    stderr: 'Cannot read stdin: line 2, column 1: Flow map must end with a }',
  },
  {
    name: 'a tab used for indentation',
    input: `${HEADER}items:\n- apiVersion: v1\n  kind: Service\n  metadata:\n\tname: web\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 7, column 1: Tabs are not allowed as indentation',
  },
  {
    name: 'a duplicate key inside a ResourceList item',
    input: resourceList(['- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    name: b\n']),
    exit: 1,
    stderr: 'Cannot read stdin: line 8, column 5: Map keys must be unique',
  },
  {
    name: 'an alias to an anchor that does not exist',
    input: resourceList(['- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: *missing\n']),
    exit: 1,
    stderr: 'Cannot read stdin: line 7, column 11: Aliased anchor not found: missing',
  },
  { name: 'a ResourceList whose items is a map', input: `${HEADER}items: {a: 1}\n`, exit: 1, stderr: 'Cannot read stdin: line 3, column 8: items is not a list (found a map)' },
  { name: 'a ResourceList whose items is a string', input: `${HEADER}items: none\n`, exit: 1, stderr: 'Cannot read stdin: line 3, column 8: items is not a list (found string "none")' },
  {
    name: 'an item that is a number',
    input: `${HEADER}items:\n${SERVICE}- 42\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 11, column 3: items[1] is not a map (found number 42)',
  },
  {
    name: 'an item that is a list',
    input: `${HEADER}items:\n- [apiVersion, v1]\n${SERVICE}`,
    exit: 1,
    stderr: 'Cannot read stdin: line 4, column 3: items[0] is not a map (found a list)',
  },
  { name: 'an item that is null', input: `${HEADER}items:\n-\n${SERVICE}`, exit: 1, stderr: 'Cannot read stdin: line 4, column 2: items[0] is not a map (found null)' },
  {
    name: 'a functionConfig that is a list',
    input: `${resourceList([SERVICE])}functionConfig: [a, b]\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 11, column 17: functionConfig is not a map (found a list)',
  },
  {
    name: 'results that are a string',
    input: `${resourceList([SERVICE])}results: all good\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 11, column 10: results is not a list (found string "all good")',
  },
  {
    name: 'a ResourceList of an unknown apiVersion',
    input: 'apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n',
    exit: 1,
    stderr: 'Cannot read stdin: line 1, column 1: unsupported ResourceList apiVersion "config.kubernetes.io/v2" (expected "config.kubernetes.io/v1" or "config.kubernetes.io/v1beta1")',
  },
  { name: 'a document that is a plain string', input: 'hello world\n', exit: 1, stderr: 'Cannot read stdin: line 1, column 1: the document is not a map (found string "hello world")' },
  { name: 'a document that is a list', input: '- apiVersion: v1\n  kind: Service\n', exit: 1, stderr: 'Cannot read stdin: line 1, column 1: the document is not a map (found a list)' },
  {
    name: 'the second document of a stream is a number',
    input: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\n42\n',
    exit: 1,
    stderr: 'Cannot read stdin: line 6, column 1: document 2 is not a map (found number 42)',
  },
  { name: 'a List whose items is a string', input: 'apiVersion: v1\nkind: List\nitems: nope\n', exit: 1, stderr: 'Cannot read stdin: line 3, column 8: items is not a list (found string "nope")' },
  {
    name: 'a malformed ResourceList (an unclosed flow sequence)',
    input: `${HEADER}items:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n  spec:\n    ports: [80, 443\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 10, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'a 100 MiB input is refused before parsing',
    input: () => `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big\n  data:\n    blob: "${'x'.repeat(100 * 1024 * 1024)}"\n`,
    exit: 1,
    stderr: 'Cannot read stdin: the input is 100.0 MiB, more than the limit of 32 MiB',
    heapMb: 768,
    timeoutMs: 60_000,
  },
  {
    name: '10,000 levels of flow sequences',
    input: () => deepFlow(10_000),
    exit: 1,
    stderr: 'Cannot read stdin: line 6, column 504: collections are nested more than 500 levels deep',
  },
  {
    name: '10,000 levels of JSON objects',
    input: () => `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deep"}, "x": ${'{"a": '.repeat(10_000)}1${'}'.repeat(10_000)}}\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 1, column 3072: collections are nested more than 500 levels deep',
  },
  {
    name: '10,000 levels of block sequences',
    input: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx:\n${'- '.repeat(10_000)}end\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 6, column 999: collections are nested more than 500 levels deep',
  },
  {
    name: '10,000 levels inside a ResourceList item: no item list can be trusted',
    input: () => resourceList([SERVICE, `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data:\n    x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`]),
    exit: 1,
    stderr: 'Cannot read stdin: line 16, column 1992: collections are nested more than 500 levels deep',
  },
  {
    name: 'a missing --config file',
    input: resourceList([SERVICE]),
    args: ['--config', '$DIR/missing.yaml'],
    exit: 1,
    stderr: 'inject-sidecar: Cannot read the config "$DIR/missing.yaml": ENOENT: no such file or directory, open \'$DIR/missing.yaml\'',
  },
  {
    name: 'a --config file with malformed YAML',
    input: resourceList([SERVICE]),
    files: { 'config.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: {mode: [\n' },
    args: ['--config', '$DIR/config.yaml'],
    exit: 1,
    stderr: 'inject-sidecar: Cannot read $DIR/config.yaml: line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ] (and 1 more problem)',
  },
  {
    name: 'a --config file holding two objects',
    input: resourceList([SERVICE]),
    files: { 'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n' },
    args: ['--config', '$DIR/config.yaml'],
    exit: 1,
    stderr: 'inject-sidecar: Cannot read the config "$DIR/config.yaml": expected one object (a ConfigMap or a SidecarInjection)',
  },
];

/** A stream with one unparsable document: handed back byte for byte, nothing injected (src/io/malformed.ts). */
const MALFORMED_STREAMS: CorpusCase[] = [
  {
    name: 'a stream with a duplicate key in one document',
    input: `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\n${deployment('api').slice(2).replace(/^ {2}/gm, '')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: "1"\n  a: "2"\n`,
    exit: 1,
    stdoutIsInput: true,
    results: [{ severity: 'error', resource: 'v1/ConfigMap/dup', field: 'data.a', message: 'cannot parse document 3 of stdin: line 26, column 3: Map keys must be unique' }],
  },
  {
    name: 'a stream with a tab-indented document between readable ones',
    input: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabbed\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n',
    exit: 1,
    stdoutIsInput: true,
    results: [{ severity: 'error', resource: 'v1/ConfigMap', field: 'metadata', message: 'cannot parse document 2 of stdin: line 9, column 1: Tabs are not allowed as indentation' }],
  },
  {
    name: 'a stream with an alias bomb (a billion laughs) in one document',
    input: `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n${['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k, i) => `  ${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]\n`).join('')}---\n${deployment('api').slice(2).replace(/^ {2}/gm, '')}`,
    exit: 1,
    stdoutIsInput: true,
    results: [{ severity: 'error', resource: 'v1/ConfigMap/bomb', field: 'data.b', message: 'cannot parse document 2 of stdin: line 12, column 30: Aliases expand more than 1000 times (an alias bomb)' }],
  },
  {
    name: 'a stream whose unterminated quote swallows every later document: no readable document is left',
    input: `${deployment('api').slice(2).replace(/^ {2}/gm, '').replace('nginx:1.25', '"nginx:1.25')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n`,
    exit: 1,
    stderr: 'Cannot read stdin: line 19, column 1: Missing closing "quote',
  },
];

const FUNCTION_CONFIG: CorpusCase[] = [
  {
    name: 'ConfigMap: an unknown option',
    input: resourceList([deployment('web'), SERVICE], configMap({ nativeSidecar: 'true' })),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.nativeSidecar', message: 'Unknown option "nativeSidecar" (known options: config, values, mesh, action,' }],
  },
  {
    name: 'ConfigMap: kubernetesVersion that is not a version',
    input: resourceList([deployment('web')], configMap({ kubernetesVersion: 'one.thirty' })),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.kubernetesVersion', message: 'must be a Kubernetes version such as "1.33"' }],
  },
  {
    name: 'ConfigMap: an unknown action',
    input: resourceList([deployment('web')], configMap({ action: 'explode' })),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.action', message: 'must be one of inject, uninject, check' }],
  },
  {
    name: 'ConfigMap: data.config that is not YAML',
    input: resourceList([deployment('web')], configMap({ config: '"policy: [enabled"' })),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.config', message: 'Invalid injector config: config: cannot parse the injector config as YAML: yaml: line 1: ' }],
  },
  {
    name: 'ConfigMap: data.values that is not JSON or YAML',
    input: resourceList([deployment('web')], configMap({ values: "'{\"global\": {\"proxy\": '" })),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.values', message: 'Invalid injector values: error converting YAML to JSON: yaml: line 1: ' }],
  },
  {
    name: 'ConfigMap: data.mesh that is not YAML',
    input: resourceList([deployment('web')], configMap({ mesh: '"defaultConfig: {a: [}"' })),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.mesh', message: 'Invalid mesh config: failed to convert to proto. error converting YAML to JSON: yaml: line 1: ' }],
  },
  {
    name: 'ConfigMap: a __proto__ option',
    input: resourceList([deployment('web')], configMap({ ['__proto__']: '"x"', constructor: '"y"' })),
    exit: 1,
    results: [
      { severity: 'error', resource: CM_REF, field: 'data.__proto__', message: 'Unknown option "__proto__"' },
      { severity: 'error', resource: CM_REF, field: 'data.constructor', message: 'Unknown option "constructor"' },
    ],
  },
  {
    name: 'ConfigMap: injectorConfigMap naming a ConfigMap that is not among the items',
    input: resourceList([deployment('web')], configMap({ injectorConfigMap: 'istio-system/istio-sidecar-injector' })),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.injectorConfigMap', message: 'was not found among the items' }],
  },
  {
    // Reported: src/go/yaml.ts parses these strings recursively; one is "Maximum call stack size exceeded", the three
    // together kill the process (V8: "FATAL ERROR: RegExpCompiler Allocation failed").
    name: 'ConfigMap: 10,000 levels of nesting in data.values, data.mesh and data.config',
    input: () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      return resourceList([deployment('web')], configMap({ values: `'{"x": ${deep}}'`, mesh: `'defaultConfig: {x: ${deep}}'`, config: `'policy: ${deep}'` }));
    },
    exit: 1,
    results: [
      { severity: 'error', resource: CM_REF, field: 'data.config', message: 'deep' },
      { severity: 'error', resource: CM_REF, field: 'data.values', message: 'deep' },
      { severity: 'error', resource: CM_REF, field: 'data.mesh', message: 'deep' },
    ],
  },
  {
    name: 'SidecarInjection: nativeSidecars of the wrong type',
    input: resourceList([deployment('web'), CONFIGMAP], sidecarInjection('    nativeSidecars: [true]\n')),
    exit: 1,
    results: [{ severity: 'error', resource: SI_REF, field: 'spec.nativeSidecars', message: 'must be' }],
  },
  {
    name: 'SidecarInjection: spec that is a string',
    input: resourceList([deployment('web')], sidecarInjection('    everything\n')),
    exit: 1,
    results: [{ severity: 'error', resource: SI_REF, field: 'spec', message: 'must be' }],
  },
  {
    name: 'SidecarInjection: env that is a list, a nested unknown key',
    input: resourceList([deployment('web')], sidecarInjection('    env: [A, B]\n    podTemplatePaths:\n    - {kind: Rollout, sepc: x}\n')),
    exit: 1,
    results: [
      { severity: 'error', resource: SI_REF, field: 'spec.env', message: 'must be' },
      { severity: 'error', resource: SI_REF, field: 'spec.podTemplatePaths.0.sepc', message: 'Unknown field "sepc"' },
    ],
  },
  {
    name: 'SidecarInjection: __proto__ and constructor keys in spec.env, values and config',
    input: resourceList([deployment('web')], sidecarInjection('    env:\n      __proto__: {polluted: "yes"}\n      constructor: "c"\n')),
    exit: 1,
    results: [{ severity: 'error', resource: SI_REF, field: 'spec.env.__proto__', message: 'must be a string' }],
  },
  {
    name: 'a functionConfig of an unsupported kind',
    input: resourceList([deployment('web')], '  apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n  data:\n    mode: d2ViaG9vaw==\n'),
    exit: 1,
    results: [{ severity: 'error', resource: 'v1/Secret/s', field: 'kind', message: 'Unsupported functionConfig: expected a ConfigMap (v1) or a SidecarInjection (inject-sidecar.dev/v1alpha1), found kind "Secret"' }],
  },
  {
    name: 'SidecarInjection of an unknown apiVersion',
    input: resourceList([deployment('web')], '  apiVersion: inject-sidecar.dev/v9\n  kind: SidecarInjection\n  metadata:\n    name: x\n  spec: {}\n'),
    exit: 1,
    results: [{ severity: 'error', resource: 'inject-sidecar.dev/v9/SidecarInjection/x', field: 'apiVersion', message: 'must be "inject-sidecar.dev/v1alpha1"' }],
  },
  {
    name: '__proto__ and constructor keys in the injector config, values and mesh are plain data',
    input: resourceList(
      [deployment('web')],
      configMap({
        config: '|\n      policy: enabled\n      __proto__:\n        policy: disabled\n      constructor: {prototype: {x: 1}}\n      templates:\n        sidecar: |\n          spec:\n            containers:\n            - name: proxy\n              image: "{{ .Values.__proto__ }}/{{ .Values.constructor }}"',
        values: '\'{"__proto__": "P", "constructor": "C"}\'',
        mesh: '|\n      __proto__: {x: 1}',
      }),
    ),
    exit: 0,
    changed: [0],
    check: (stdout) => (stdout.includes('image: P/C') ? undefined : 'the template did not read .Values.__proto__ and .Values.constructor as data'),
  },
  {
    name: 'a template with a syntax error: the template and its line named',
    input: resourceList([deployment('web'), SERVICE], withTemplate('spec:\n  containers:\n  - name: proxy\n    image: {{ .Values.global.hub }\n')),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.config', message: 'template: sidecar:4: ' }],
  },
  {
    name: 'a template calling a function that does not exist',
    input: resourceList([deployment('web')], withTemplate('spec:\n  containers:\n  - name: proxy\n    image: {{ readFile "/etc/passwd" }}\n')),
    exit: 1,
    results: [{ severity: 'error', resource: CM_REF, field: 'data.config', message: 'function "readFile" not defined' }],
  },
];

const TEMPLATES: CorpusCase[] = [
  {
    name: 'a template failing at run time: the workload and the template line named, others untouched',
    input: resourceList([SERVICE, deployment('web')], withTemplate('spec:\n  containers:\n  - name: proxy\n    image: {{ index .Values "global" "hub" "x" }}\n')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'template: sidecar:4:' }],
  },
  {
    name: 'a template that calls itself without end',
    input: resourceList([deployment('web')], withTemplate('{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'exceeded maximum template depth (1000)' }],
  },
  {
    name: 'a template with runaway output',
    input: resourceList([deployment('web')], withTemplate(`{{ range until 100000 }}{{ range until 100000 }}${'x'.repeat(1000)}{{ end }}{{ end }}`)),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'output exceeds the maximum size (524288 characters)' }],
    timeoutMs: 60_000,
  },
  {
    // Found by the fuzzer: 3 MB of such text took yaml's error reporting minutes (quadratic) and seconds without it.
    name: 'a template printing megabytes of text that is not YAML',
    input: resourceList([deployment('web')], withTemplate('{{ range until 100000 }}{xxxxxxxxxxxxxxxxxxxxxxxxxend }}{{ end }}')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'output exceeds the maximum size (524288 characters)' }],
    timeoutMs: 60_000,
  },
  {
    name: 'a template building strings in a loop',
    input: resourceList([deployment('web')], withTemplate('{{ range until 100000 }}{{ $x := repeat 100000 "x" }}{{ end }}')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'error calling repeat: values built, printed or encoded by this execution exceed 16777216 characters or list elements in all' }],
    timeoutMs: 60_000,
  },
  {
    name: 'a template building a list of a hundred million elements',
    input: resourceList([deployment('web')], withTemplate('metadata:\n  labels:\n    n: "{{ until 100000000 | len }}"\n')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'error calling until: a list of 100000000 elements is over the limit of 1000000' }],
  },
  {
    name: 'a template whose output is not YAML',
    input: resourceList([deployment('web')], withTemplate('spec: {containers: [\n  - name: x\n')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'yaml' }],
  },
  {
    name: 'a template whose output is a list, not a Pod overlay',
    input: resourceList([deployment('web')], withTemplate('- name: proxy\n  image: x\n')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'The output of template "sidecar" is not a YAML mapping (a Pod overlay)' }],
  },
  {
    name: 'a template whose containers are strings',
    input: resourceList([deployment('web')], withTemplate('spec:\n  containers: [proxy]\n')),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'cannot unmarshal' }],
  },
  {
    name: 'a template nesting its output 10,000 levels deep',
    input: resourceList([deployment('web')], withTemplate(`metadata:\n  labels:\n    x: {{ repeat 10000 "[" }}{{ repeat 10000 "]" }}\n`)),
    exit: 1,
    // Reported: src/go/yaml.ts overflows the JavaScript stack ("Maximum call stack size exceeded") instead.
    results: [{ severity: 'error', resource: dep('web'), field: '', message: 'Cannot read the output of template "sidecar" as YAML: yaml: line 3: ' }],
  },
];

/** Istio's validation of the pod template annotations (istio-injection.md §4): an error for the workload, others injected. */
const ANNOTATIONS: CorpusCase[] = [
  ...([
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '"10.0.0.0/8,not-a-cidr"', "includeIPRanges invalid: failed parsing cidr 'not-a-cidr'"],
    ['traffic.sidecar.istio.io/excludeInboundPorts', '"80,http"', "excludeInboundPorts invalid: failed parsing port 'http'"],
    ['traffic.sidecar.istio.io/includeInboundPorts', '"70000"', 'includeInboundPorts invalid'],
    ['traffic.sidecar.istio.io/excludeOutboundPorts', '"-1"', 'excludeOutboundPorts invalid'],
    ['sidecar.istio.io/interceptionMode', 'BOGUS', 'interceptionMode invalid'],
    ['status.sidecar.istio.io/port', '"99999"', 'port'],
    ['sidecar.istio.io/proxyCPU', 'lots', 'quantities must match the regular expression'],
    ['sidecar.istio.io/proxyMemoryLimit', '"1.5.5Gi"', 'quantities must match the regular expression'],
    ['readiness.status.sidecar.istio.io/periodSeconds', '"-3"', 'periodSeconds'],
    ['readiness.status.sidecar.istio.io/failureThreshold', '"4294967296"', 'strconv.ParseUint: parsing "4294967296": value out of range'],
    ['prometheus.istio.io/merge-metrics', '"maybe"', 'strconv.ParseBool: parsing "maybe": invalid syntax'],
    ['traffic.sidecar.istio.io/excludeInterfaces', '"eth0,not/valid"', "invalid interface name 'not/valid'"],
    ['istio.io/reroute-virtual-interfaces', '"a b"', "invalid interface name 'a b'"],
    ['sidecar.istio.io/proxyMemory', '"100Mi\\u0007"', 'value contains control characters'],
  ] as const).map(([key, value, message]): CorpusCase => ({
    name: `annotation ${key}: ${value}`,
    input: resourceList([SERVICE, deployment('bad', { [key]: value }), deployment('good')]),
    exit: 1,
    changed: [2],
    results: [{ severity: 'error', resource: dep('bad'), field: annotationField(key), message }],
  })),
  {
    name: 'sidecar.istio.io/inject: "maybe" is a warning and the default decides',
    input: resourceList([deployment('web', { 'sidecar.istio.io/inject': 'maybe' })]),
    exit: 0,
    changed: [0],
    results: [{ severity: 'warning', resource: dep('web'), field: '', message: 'Invalid value for sidecar.istio.io/inject: "maybe". Only \'true\' and \'false\' are accepted. Falling back to default injection policy.' }],
  },
  {
    name: 'proxy.istio.io/config that is not YAML',
    input: resourceList([deployment('bad', { 'proxy.istio.io/config': '"concurrency: [2"' }), deployment('good')]),
    exit: 1,
    changed: [1],
    results: [{ severity: 'error', resource: dep('bad'), field: annotationField('proxy.istio.io/config'), message: 'proxy.istio.io/config' }],
  },
  {
    // Istio's template writes the value between quotes (`image: "{{ annotation … }}"`): a quote and a line break in it
    // would end the string and add YAML of the value's choosing to the overlay.
    name: 'an annotation value with a quote and a line break cannot add a container',
    input: resourceList([deployment('web', { 'sidecar.istio.io/proxyImage': '"evil/x\\"\\n  - name: intruder\\n    image: \\"x"' }), deployment('good')]),
    exit: 1,
    changed: [1],
    results: [{ severity: 'error', resource: dep('web'), field: annotationField('sidecar.istio.io/proxyImage'), message: 'sidecar.istio.io/proxyImage' }],
    check: (stdout) => (containerNames(stdout).includes('intruder') ? 'the annotation added a container' : undefined),
  },
  {
    name: 'an annotation value of YAML 1.1 words is quoted on output',
    input: resourceList([deployment('web', { 'sidecar.istio.io/logLevel': '"off"', 'sidecar.istio.io/componentLogLevel': '"yes"' })]),
    exit: 0,
    changed: [0],
    check: (stdout) => (/: (?:off|yes)$/m.test(stdout) ? 'a plain `off` or `yes` was written (a boolean for YAML 1.1 readers)' : undefined),
  },
];

const WORKLOADS: CorpusCase[] = [
  {
    name: 'a pod template with spec: null is injected like an empty PodSpec (as kube-inject does)',
    input: resourceList([SERVICE, deployment('web', {}, '      spec: null\n')]),
    exit: 0,
    changed: [1],
  },
  {
    name: 'a Deployment without spec.template is injected like an empty template (as kube-inject does)',
    input: resourceList(['- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec: {}\n', CONFIGMAP]),
    exit: 0,
    changed: [0],
  },
  {
    name: 'a ReplicationController without a template is an error (kube-inject: spec.template is required value)',
    input: resourceList(['- apiVersion: v1\n  kind: ReplicationController\n  metadata:\n    name: rc\n  spec:\n    replicas: 1\n', deployment('good')]),
    exit: 1,
    changed: [1],
    results: [{ severity: 'error', resource: 'v1/ReplicationController/rc', field: 'spec.template', message: 'spec.template is required value' }],
  },
  {
    name: 'a container without a name is injected (the API server, not injection, rejects it)',
    input: resourceList([deployment('web', {}, '      spec:\n        containers:\n        - image: nginx\n')]),
    exit: 0,
    changed: [0],
  },
  {
    name: 'a hostNetwork pod is skipped with a warning and left byte-identical',
    input: resourceList([deployment('net', {}, '      spec:\n        hostNetwork: true\n        containers:\n        - name: app\n          image: nginx\n'), deployment('web')]),
    exit: 0,
    changed: [1],
    results: [{ severity: 'warning', resource: dep('net'), field: '', message: 'Skipping injection because Deployment "net" has host networking enabled' }],
  },
  {
    name: 'containers that are a number',
    input: resourceList(['- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n    containers: 7\n', deployment('good')]),
    exit: 1,
    changed: [1],
    results: [{ severity: 'error', resource: 'v1/Pod/p', field: 'spec.containers', message: 'cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container' }],
  },
  {
    name: 'a pod spec that is a string',
    input: resourceList(['- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec: "hello"\n']),
    exit: 1,
    results: [{ severity: 'error', resource: 'v1/Pod/p', field: 'spec', message: 'expected an object, got the string "hello"' }],
  },
  {
    name: 'pod template metadata that is a list',
    input: resourceList(['- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    template:\n      metadata: [a]\n      spec:\n        containers:\n        - name: a\n          image: b\n']),
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: 'spec.template.metadata', message: 'expected an object' }],
  },
  {
    name: 'a CronJob whose jobTemplate is null',
    input: resourceList(['- apiVersion: batch/v1\n  kind: CronJob\n  metadata:\n    name: nightly\n  spec:\n    schedule: "@daily"\n    jobTemplate: null\n', SERVICE]),
    exit: 0,
    changed: [0],
  },
  {
    name: 'two items with the same apiVersion, kind, namespace and name',
    input: resourceList([CONFIGMAP, SERVICE, CONFIGMAP]),
    exit: 1,
    results: [{ severity: 'error', resource: 'v1/ConfigMap/settings', field: '', message: 'Duplicate item: ConfigMap "settings" appears more than once (first at line 4)' }],
  },
  {
    name: '__proto__ and constructor keys in items stay data and the pod is injected',
    input: resourceList([
      '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    annotations:\n      __proto__: "x"\n    labels:\n      constructor: "y"\n  spec:\n    __proto__:\n      polluted: "yes"\n    containers:\n    - name: a\n      image: nginx\n      constructor: {prototype: {polluted: "yes"}}\n',
      '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    __proto__: "z"\n    toString: "t"\n',
    ]),
    exit: 0,
    changed: [0],
    check: (stdout) => (stdout.includes('__proto__: "x"') && stdout.includes('constructor: "y"') ? undefined : 'a __proto__ or constructor key was lost'),
  },
  {
    name: 'an alias inside its own anchor (endless) in a ResourceList item',
    input: resourceList([SERVICE, '- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: self\n  spec: &a\n    template:\n      spec:\n        containers: [{name: a, image: b}]\n        x: *a\n']),
    exit: 1,
    stderr: 'Cannot read stdin: line 19, column 12: Alias *a is inside its own anchor',
  },
  {
    name: 'anchors and aliases in a Deployment are kept as written',
    input: resourceList([deployment('web').replace('app: web\n', 'app: &app web\n          tier: *app\n')]),
    exit: 0,
    changed: [0],
    check: (stdout) => (stdout.includes('app: &app web\n          tier: *app\n') ? undefined : 'the anchor or the alias was not kept'),
  },
  {
    name: 'items left alone keep their exact text: escapes, quoting, folding, flow spacing, tags',
    input: resourceList([
      '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: quirks\n  data:\n    a: "100Mi\\u0007"\n    b: \'it\'\'s\'\n    c: "\\x41\\t"\n    d: plain\n      multi line\n    e: >\n      folded\n      text\n    f: !!str 12\n    g: {x: 1,   y: 2}\n    h:    spaced\n',
      deployment('bad', { 'sidecar.istio.io/interceptionMode': 'BOGUS' }),
      deployment('good'),
    ]),
    exit: 1,
    changed: [2],
    results: [{ severity: 'error', resource: dep('bad'), field: annotationField('sidecar.istio.io/interceptionMode'), message: 'interceptionMode invalid' }],
  },
  {
    name: 'a List item that is a string inside a v1 List',
    input: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n- just a string\n',
    exit: 1,
    stderr: 'Cannot read stdin: line 8, column 3: items[1] is not a map (found string "just a string")',
  },
  {
    name: 'uninject: a status annotation that is not JSON',
    input: resourceList([deployment('web', { 'sidecar.istio.io/status': "'{not json'" }), SERVICE]),
    args: ['uninject'],
    exit: 1,
    results: [{ severity: 'error', resource: dep('web'), field: annotationField('sidecar.istio.io/status'), message: 'status' }],
  },
];

export const CORPUS: readonly CorpusCase[] = [...UNREADABLE, ...MALFORMED_STREAMS, ...FUNCTION_CONFIG, ...TEMPLATES, ...ANNOTATIONS, ...WORKLOADS];
