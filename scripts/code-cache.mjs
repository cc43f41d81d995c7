#!/usr/bin/env node
// The bundle's fast start (issue #7). scripts/bundle.mjs writes three files for an entry FILE.js:
//   FILE.js          a small entry (shebang, executable): compiles FILE.core.js with the code cache and runs it;
//                    CommonJS (faster to start than an ES module) unless FILE ends in .mjs;
//   FILE.core.js     the whole function as a classic script that evaluates to `async (require, url) => …`;
//   FILE.core.cache  V8's code cache for that script, made after running it on TRAINING, so that the functions
//                    a run compiles lazily are in it too. It starts with the build id of the script it belongs to:
//                    V8 itself checks its version, its flags and the lengths of the source and of the data, not
//                    the content. (No digest of the data: it would cost ~4 ms a run, node:crypto included, to guard
//                    against a damaged file, which the core script, unguarded, is as likely to be.)
// Node cannot cache an ES module's compiled code (no module.enableCompileCache on Node 20), a vm.Script's it can.
// When V8 rejects the cache (another Node or V8 version, other V8 flags) or the cache is missing or belongs to
// another build, the entry compiles the script as usual: still correct, only slower.
//
//   node scripts/code-cache.mjs train FILE.core.js FILE.core.cache    (run by bundle.mjs in a fresh process)
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** The last line of a core script: this marker, then the build id. */
const BUILD_MARK = '\n//# inject-sidecar-build=';
/** Hex digits of a build id; the cache file starts with it, in ASCII, then V8's data. */
const ID_LENGTH = 32;

/** The build id a core script ends with ('' when it has none). */
function buildIdOf(source) {
  const mark = source.lastIndexOf(BUILD_MARK);
  return mark < 0 ? '' : source.slice(mark + BUILD_MARK.length).trim();
}

/** The companion files of an entry: dist/inject-sidecar.js → dist/inject-sidecar.core.js, dist/inject-sidecar.core.cache. */
export function companionPaths(entryPath) {
  const stem = basename(entryPath).replace(/\.[cm]?js$/, '');
  return { core: join(dirname(entryPath), `${stem}.core.js`), cache: join(dirname(entryPath), `${stem}.core.cache`) };
}

/**
 * The classic script for esbuild's ESM output `body`, which must have no import/export statements and no
 * `import.meta` left (bundle.mjs routes Node built-ins through `require` and defines import.meta.url as __bundleUrl).
 * Strict, like the module it replaces; its value is an async function of (require, url) that runs the entry.
 */
export function coreScript(body) {
  const leftover = /^(?:import|export)\b.*$/m.exec(body) ?? /\bimport\.meta\b.*$/m.exec(body);
  if (leftover) throw new Error(`the bundled code still needs an ES module: ${leftover[0].slice(0, 120)}`);
  // esbuild escapes non-ASCII characters in code, not in the comments it keeps: escaped there too, the file is
  // ASCII and Node reads it into a one-byte string, faster and half the size.
  const ascii = body.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const script = `'use strict';\n(async function (require, __bundleUrl) {\n${ascii}\n})`;
  const id = createHash('sha256').update(script).digest('hex').slice(0, ID_LENGTH);
  return `${script}${BUILD_MARK}${id}\n`;
}

/**
 * V8 flags the entry sets before it compiles the core, and the training before it makes the cache (V8 rejects a
 * cache made under other flags), by V8 major version: only where they exist and were measured. A profiler tick
 * budget ~15 times V8's default (67,584) keeps TurboFan from optimising what a small run only warms up: one
 * workload ends before TurboFan's code repays its compilation, which runs on other threads but counts in the CPU
 * time (~25 % of that run), while a large run's hot code is still optimised, a little later (docs/PERFORMANCE.md,
 * seventh round). V8 12 and later have no such flag (they count invocations), and an unknown flag makes
 * setFlagsFromString print an error: other versions start with V8's defaults.
 */
export const START_FLAGS_BY_V8_MAJOR = Object.freeze({ 11: '--interrupt-budget=1000000' });

/** The start flags for this process's V8, or undefined. */
export function startFlags() {
  return START_FLAGS_BY_V8_MAJOR[process.versions.v8.split('.')[0]];
}

/** How an entry loads its own URL and `require`, per module format ('esm' for .mjs, 'cjs' starts faster). */
const ENTRY_PRELUDE = {
  esm: `import { createRequire } from 'node:module';

const here = import.meta.url;
const require = createRequire(here);`,
  cjs: `'use strict';

const here = require('node:url').pathToFileURL(__filename).href;`,
};

/**
 * The entry, an ES module or a CommonJS one (`format`): `programName` prefixes the one-line message when the core
 * itself cannot be loaded.
 */
export function entrySource(entryPath, programName, format) {
  const { core, cache } = companionPaths(entryPath);
  return `#!/usr/bin/env node
// Generated by scripts/bundle.mjs (see scripts/code-cache.mjs): runs ${basename(core)}, compiled with the V8 code
// cache ${basename(cache)} when this Node accepts it, else compiled as usual.
${ENTRY_PRELUDE[format]}
const { readFileSync } = require('node:fs');
const { fileURLToPath } = require('node:url');
const { Script } = require('node:vm');

// V8 flags for a fast start, when this V8 has them (START_FLAGS_BY_V8_MAJOR in scripts/code-cache.mjs).
const startFlags = ${JSON.stringify(START_FLAGS_BY_V8_MAJOR)}[process.versions.v8.split('.')[0]];
if (startFlags !== undefined) require('node:v8').setFlagsFromString(startFlags);

const entry = fileURLToPath(here);
const core = fileURLToPath(new URL(${JSON.stringify(`./${basename(core)}`)}, here));
const cache = fileURLToPath(new URL(${JSON.stringify(`./${basename(cache)}`)}, here));

/** V8's data when the cache was made for this very script (its build id), else undefined. */
function cacheFor(source) {
  const mark = source.lastIndexOf(${JSON.stringify(BUILD_MARK)});
  const id = mark < 0 ? '' : source.slice(mark + ${BUILD_MARK.length}).trim();
  try {
    const file = readFileSync(cache);
    if (id.length === ${ID_LENGTH} && file.toString('latin1', 0, ${ID_LENGTH}) === id) return file.subarray(${ID_LENGTH});
  } catch {
    // no cache: compile as usual
  }
  return undefined;
}

function readCore() {
  try {
    return readFileSync(core, 'utf8');
  } catch (error) {
    if (error?.code === 'ENOENT') throw new Error(\`\${core} is missing; it must stay beside \${entry}\`);
    throw error;
  }
}

async function run() {
  const source = readCore();
  const script = new Script(source, { filename: core, cachedData: cacheFor(source) });
  await script.runInThisContext()(require, here);
}

run().catch((error) => {
  process.exitCode = 1;
  console.error(\`${programName}: \${error instanceof Error ? error.message : String(error)}\`);
});
`;
}

/** Writes `data` to `path` through a temporary file, so that a concurrent reader sees the old file or the new one. */
export function writeAtomically(path, data) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

// --- training --------------------------------------------------------------------------------------------------------

/** A Deployment with what injection reads: probes, ports, resources, env, volumes, Prometheus annotations. */
const DEPLOYMENT = `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: orders # the order service
    namespace: shop
    labels:
      app: orders
    annotations:
      config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/path: 'orders.yaml'
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: orders
    template:
      metadata:
        labels:
          app: orders
          version: v2
        annotations:
          prometheus.io/scrape: "true"
          prometheus.io/port: "9102"
          proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": false}'
      spec:
        serviceAccountName: orders
        containers:
        - name: api
          image: registry.example.com/orders:3.1.0
          args: ["serve", "--port=8000"]
          ports:
          - name: http
            containerPort: 8000
          - name: metrics
            containerPort: 9102
          env:
          - name: NAMESPACE
            valueFrom:
              fieldRef:
                fieldPath: metadata.namespace
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              cpu: "2"
              memory: 1Gi
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          livenessProbe:
            tcpSocket:
              port: 8000
            initialDelaySeconds: 5
          volumeMounts:
          - name: data
            mountPath: /data
        volumes:
        - name: data
          emptyDir: {}
`;

const SERVICE = `- apiVersion: v1
  kind: Service
  metadata:
    name: orders
    namespace: shop
  spec:
    selector:
      app: orders
    ports:
    - port: 80
      targetPort: http
`;

const CONFIG_MAP = `functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: injector-config
  data:
    nativeSidecars: auto
    kubernetesVersion: "1.32"
    mesh: |
      defaultConfig:
        holdApplicationUntilProxyStarts: true
`;

const RESOURCE_LIST = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

/**
 * The runs the cache is made from, each [argv, stdin]: injection with the embedded default and with a ConfigMap,
 * then uninject on the first run's output (stdin given as that run's index).
 */
const TRAINING = [
  [[], `${RESOURCE_LIST}${DEPLOYMENT}${SERVICE}`],
  [[], `${RESOURCE_LIST}${DEPLOYMENT}${CONFIG_MAP}`],
  [['uninject'], 0],
];

/** Runs the core's `main` once with `argv` and `stdin` through stand-ins for node:process, node:fs and node:v8; returns its stdout. */
async function runOnce(main, url, argv, stdin) {
  const require = createRequire(import.meta.url);
  let stdout = '';
  const sink = (keep) => new Writable({
    write(chunk, _encoding, done) {
      if (keep) stdout += String(chunk);
      done();
    },
  });
  const standIn = Object.create(process, {
    argv: { value: [process.argv[0], 'entry', ...argv] },
    stdin: { value: Readable.from([Buffer.from(stdin)]) },
    stdout: { value: sink(true) },
    stderr: { value: sink(false) },
    exitCode: { value: 0, writable: true },
  });
  // V8 rejects a cache made under other flags: the host's heap tuning (src/io/node.ts) must not change them here.
  const v8StandIn = { ...require('node:v8'), setFlagsFromString() {} };
  // The host reads fd 0 with readSync and writes fds 1 and 2 with writeSync (src/io/node.ts): this run's stdin is
  // served from memory, and what it writes is kept (stdout) or dropped (stderr).
  const realFs = require('node:fs');
  const writeSync = (fd, buffer, offset = 0, length = buffer.length - offset, position) => {
    if (fd === 1) stdout += Buffer.from(buffer.buffer, buffer.byteOffset + offset, length).toString('utf8');
    else if (fd !== 2) return realFs.writeSync(fd, buffer, offset, length, position);
    return length;
  };
  const fsStandIn = { ...realFs, readSync: readSyncFrom(Buffer.from(stdin), realFs.readSync), writeSync };
  const standIns = { process: standIn, v8: v8StandIn, fs: fsStandIn };
  const standInFor = (id) => {
    const name = id.replace(/^node:/, '');
    return Object.hasOwn(standIns, name) ? standIns[name] : require(id);
  };
  await main(standInFor, url);
  // A run that failed (its input not read, say) would leave most of the code out of the cache, silently.
  if (standIn.exitCode !== 0 || stdout === '') throw new Error(`a training run failed (exit code ${standIn.exitCode}): the code cache would miss most of the code`);
  return stdout;
}

/** A readSync that reads fd 0 from `input` (in pieces, as from a pipe) and any other fd with `real`. */
function readSyncFrom(input, real) {
  let at = 0;
  return (fd, buffer, offset, length, position) => {
    if (fd !== 0) return real(fd, buffer, offset, length, position);
    const n = Math.min(length, input.length - at, 64 * 1024);
    input.copy(buffer, offset, at, at + n);
    at += n;
    return n;
  };
}

/** Compiles the core, runs TRAINING through it and writes the build id and the code cache to `cachePath`. */
async function train(corePath, cachePath) {
  const source = readFileSync(corePath, 'utf8');
  const id = buildIdOf(source);
  if (id.length !== ID_LENGTH) throw new Error(`${corePath} has no build id`);
  const flags = startFlags();
  if (flags !== undefined) setFlagsFromString(flags);
  const script = new Script(source, { filename: corePath });
  const main = script.runInThisContext();
  const outputs = [];
  for (const [argv, stdin] of TRAINING) outputs.push(await runOnce(main, pathToFileURL(corePath).href, argv, typeof stdin === 'number' ? outputs[stdin] ?? '' : stdin));
  writeAtomically(cachePath, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]) && process.argv[2] === 'train') {
  const [corePath, cachePath] = process.argv.slice(3);
  if (!corePath || !cachePath) {
    console.error('usage: node scripts/code-cache.mjs train FILE.core.js FILE.core.cache');
    process.exit(2);
  }
  await train(corePath, cachePath);
}
