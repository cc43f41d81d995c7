/**
 * The command line: argv → mode (KRM or file), run the processor, print, return the exit code.
 * Runtime-neutral apart from the Host it is given; logs go to stderr only, and stdout carries nothing but output.
 */
import { OPTION_KEYS, SIDECAR_INJECTION_KIND } from '../krm/config.ts';
import type { ConfigOverrides } from '../krm/config.ts';
import { getNodeIn, kindOf, apiVersionOf } from '../krm/object.ts';
import type { Item } from '../krm/object.ts';
import { errorMessage, run, runFiles } from '../krm/processor.ts';
import type { Command, Invocation, Processor } from '../krm/processor.ts';
import { joinDocuments, read } from '../krm/resource-list.ts';
import { formatResult } from '../krm/result.ts';
import { isMap, isScalar } from '../yaml/codec.ts';
import { collectInputs, writeChangedFiles } from './fs.ts';
import type { Host } from './host.ts';
import { malformedStream } from './malformed.ts';
import type { MalformedStream } from './malformed.ts';

/** Output of a command that prints text rather than resources (`iptables`). */
export interface TextOutcome {
  readonly output: string;
  readonly exitCode: number;
  readonly stderr: string;
}

/** What a text command gets: its input and the same config and invocation a processor would get. */
export interface TextCommandInput {
  readonly input: string;
  readonly functionConfig: Item | undefined;
  readonly invocation: Invocation;
}

/** The processors and commands an entry point provides; missing ones are reported as unavailable. */
export interface Commands {
  readonly inject: Processor<unknown>;
  readonly uninject?: Processor<unknown>;
  readonly check?: Processor<unknown>;
  readonly iptables?: (input: TextCommandInput) => TextOutcome;
  /** `uninject`: an entry point (functions/uninject.ts) whose default is uninject (`iptables` still works; `inject` uninjects too). */
  readonly defaultCommand?: 'uninject';
}

export interface MainOptions {
  /** The version for --version; a function is called only then (under Deno, finding it may need read access). */
  readonly version: string | (() => Promise<string>);
  /** The program name in help and messages (default `inject-sidecar`). */
  readonly programName?: string;
}

/** The parsed command line. */
export interface CliArgs {
  readonly command: 'inject' | 'uninject' | 'iptables';
  readonly help: boolean;
  readonly version: boolean;
  readonly config: string | undefined;
  readonly injectConfigFile: string | undefined;
  readonly meshConfigFile: string | undefined;
  readonly valuesFile: string | undefined;
  readonly revision: string | undefined;
  readonly inPlace: boolean;
  readonly check: boolean;
  readonly explain: boolean;
  readonly output: 'resources' | 'patches';
  readonly dropLocalConfig: boolean;
  /** FILE, DIR and `-` arguments, in order. */
  readonly files: readonly string[];
}

export type ParsedArgs = { readonly ok: true; readonly args: CliArgs } | { readonly ok: false; readonly error: string };

const SUBCOMMANDS = new Set(['inject', 'uninject', 'iptables']);
const VALUE_FLAGS: Record<string, keyof Mutable<CliArgs>> = {
  '--config': 'config',
  '--injectConfigFile': 'injectConfigFile',
  '--meshConfigFile': 'meshConfigFile',
  '--valuesFile': 'valuesFile',
  '--revision': 'revision',
  '-r': 'revision',
  '--output': 'output',
};
const BOOLEAN_FLAGS: Record<string, keyof Mutable<CliArgs>> = {
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
  '--in-place': 'inPlace',
  '--check': 'check',
  '--explain': 'explain',
  '--drop-local-config': 'dropLocalConfig',
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every flag the parser accepts (the help text documents each one). */
export const FLAGS: readonly string[] = [...Object.keys(VALUE_FLAGS), ...Object.keys(BOOLEAN_FLAGS)];

/** Parses argv (without the program name). The first positional argument may be a subcommand. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: Mutable<CliArgs> = {
    command: 'inject', help: false, version: false, config: undefined, injectConfigFile: undefined, meshConfigFile: undefined,
    valuesFile: undefined, revision: undefined, inPlace: false, check: false, explain: false, output: 'resources',
    dropLocalConfig: false, files: [],
  };
  const files: string[] = [];
  let flagsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (flagsDone || arg === '-' || !arg.startsWith('-')) {
      if (files.length === 0 && args.command === 'inject' && !flagsDone && SUBCOMMANDS.has(arg) && i === firstPositional(argv)) {
        args.command = arg as CliArgs['command'];
      } else {
        files.push(arg);
      }
      continue;
    }
    if (arg === '--') {
      flagsDone = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const boolean = BOOLEAN_FLAGS[name];
    if (boolean) {
      if (eq > 0) return { ok: false, error: `Flag ${name} takes no value` };
      (args as Record<string, unknown>)[boolean] = true;
      continue;
    }
    const valued = VALUE_FLAGS[name];
    if (!valued) return { ok: false, error: `Unknown flag "${name}"` };
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) return { ok: false, error: `Flag ${name} needs a value` };
    if (valued === 'output') {
      if (value !== 'patches' && value !== 'resources') return { ok: false, error: `Flag --output must be "patches", got "${value}"` };
      args.output = value;
    } else {
      (args as Record<string, unknown>)[valued] = value;
    }
  }
  args.files = files;
  return { ok: true, args };
}

function firstPositional(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return -1;
    if (arg === '-' || !arg.startsWith('-')) return i;
    const name = arg.includes('=') ? '' : arg;
    if (VALUE_FLAGS[name]) i++;
  }
  return -1;
}

/** The help text; it documents every flag. */
export function helpText(program = 'inject-sidecar'): string {
  return `Inject Istio sidecars into Kubernetes manifests, offline, as a KRM function or on files.

Usage:
  ${program} [flags]
      KRM function: a ResourceList (or a List, or a YAML stream) on stdin, the same shape on stdout
  ${program} [flags] [--config FILE | CONFIG] FILE|DIR|- ...
      file mode: inject the manifests and print one YAML stream, like istioctl kube-inject -f
      (DIR: every *.yaml/*.yml below it; -: stdin)
  ${program} uninject [flags] [FILE|DIR|-]...
      restore workloads as they were before injection (KRM mode without FILE arguments)
  ${program} iptables [FILE|-]
      print the iptables rules the init container (or CNI) would install

Flags:
  --config FILE             the functionConfig: a ConfigMap (data: options as strings) or a SidecarInjection
                            (apiVersion: inject-sidecar.dev/v1alpha1, options under spec). Without --config, the
                            first FILE is taken as the config when it is one; without any config, the embedded
                            default (Istio's default profile) is used. In KRM mode it replaces the ResourceList's
                            functionConfig
  --injectConfigFile FILE   the injector config (data.config of ConfigMap istio-sidecar-injector), as in
                            istioctl kube-inject; wins over the functionConfig
  --meshConfigFile FILE     the mesh config (data.mesh of ConfigMap istio); wins over the functionConfig
  --valuesFile FILE         the injector values (data.values of ConfigMap istio-sidecar-injector); wins over the
                            functionConfig
  -r, --revision REV        the Istio revision (.Revision; the status annotation says "default" when empty)
  --check                   change nothing; exit 1 listing workloads whose injection is missing or stale
  --explain                 report the decision and its reason for every workload (info results; printed on
                            stderr in file mode)
  --output patches          print, per workload, the strategic-merge patch that injection applies
  --in-place                file mode: rewrite only the files that changed instead of printing (for pre-commit)
  --drop-local-config       file mode: leave Kptfiles and config.kubernetes.io/local-config objects out of the
                            printed stream (for kpt fn render -o unwrap | ${program} ...)
  -h, --help                show this help
  --version                 print the version

${wrap(`Options in the functionConfig: ${OPTION_KEYS.join(', ')}.`, 116)}

Exit status: 0 on success (warning and info results allowed); 1 when there is an error result, an invalid
functionConfig or an unreadable input. In KRM mode stderr stays silent on success; in file mode results are printed
on stderr as "[severity] apiVersion/kind/namespace/name field: message". Every item is always written back (one that
failed to inject as it was), except when the input cannot be read at all. A YAML stream in which some documents
cannot be parsed is written back unchanged, nothing injected, with an error per malformed document (its number,
resource, field, line and column).
`;
}

/** Breaks a paragraph into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Runs the command line against a host; returns the exit code (the caller sets it). */
export async function main(host: Host, commands: Commands, options: MainOptions): Promise<number> {
  const program = options.programName ?? 'inject-sidecar';
  const parsed = parseArgs(host.args);
  if (!parsed.ok) {
    await host.writeStderr(`${program}: ${parsed.error}\nRun "${program} --help" for usage.\n`);
    return 1;
  }
  const args = parsed.args;
  if (args.help) {
    await host.writeStdout(helpText(program));
    return 0;
  }
  if (args.version) {
    const version = typeof options.version === 'string' ? options.version : await options.version();
    await host.writeStdout(`${program} ${version}\n`);
    return 0;
  }
  const fail = async (message: string): Promise<number> => {
    await host.writeStderr(`${program}: ${message}\n`);
    return 1;
  };

  const overrides = await readOverrides(host, args);
  if (!overrides.ok) return fail(overrides.error);
  const uninject = args.command === 'uninject' || (args.command === 'inject' && commands.defaultCommand === 'uninject');
  const command: Command = uninject ? 'uninject' : args.check ? 'check' : 'inject';
  const invocationBase = {
    command,
    explain: args.explain,
    output: args.output,
    dropLocalConfig: args.dropLocalConfig,
    inPlace: args.inPlace,
    overrides: overrides.overrides,
  };

  let functionConfig: Item | undefined;
  let configPath = args.config;
  let files = args.files;
  if (configPath === undefined && args.command !== 'iptables' && files.length > 0 && files[0] !== '-') {
    const candidate = await configCandidate(host, files[0]!);
    if (candidate) {
      configPath = files[0];
      functionConfig = candidate;
      files = files.slice(1);
      if (files.length === 0) return fail(`no FILE, DIR or "-" after the config file "${configPath}"`);
    }
  } else if (configPath !== undefined) {
    const loaded = await readConfigFile(host, configPath);
    if (!loaded.ok) return fail(loaded.error);
    functionConfig = loaded.item;
  }

  if (args.command === 'iptables') {
    if (!commands.iptables) return fail('the iptables command is not available in this build');
    if (files.length > 1) return fail('iptables takes at most one FILE');
    const file = files[0];
    const input = file === undefined || file === '-' ? await host.readStdin() : await host.readFile(file);
    const outcome = commands.iptables({ input, functionConfig, invocation: { ...invocationBase, mode: files.length > 0 ? 'file' : 'krm' } });
    await host.writeStderr(outcome.stderr);
    await host.writeStdout(outcome.output);
    return outcome.exitCode;
  }

  const processor = command === 'uninject' ? commands.uninject : command === 'check' ? commands.check : commands.inject;
  if (!processor) return fail(`the ${command} command is not available in this build`);

  if (files.length === 0) {
    if (args.inPlace) return fail('--in-place needs FILE or DIR arguments');
    let input: string;
    try {
      input = await host.readStdin();
    } catch (error) {
      return fail(errorMessage(error));
    }
    const outcome = run(processor, input, { ...invocationBase, mode: 'krm', source: 'stdin', ...(functionConfig ? { functionConfig } : {}) });
    if (outcome.outputParts.length === 0 && outcome.exitCode !== 0) {
      const malformed = malformedStream(input, 'stdin');
      if (malformed && malformed.readable > 0) return writeUnchanged(host, input, [malformed]);
    }
    await host.writeStderr(outcome.stderr);
    await writeParts(host, outcome.outputParts);
    return outcome.exitCode;
  }

  const skip = configPath !== undefined ? [host.resolvePath(configPath)] : [];
  const collected = await collectInputs(host, files, { skip });
  if (collected.problems.length > 0) return fail(collected.problems.join(`\n${program}: `));
  const outcome = runFiles(processor, collected.inputs, { ...invocationBase, mode: 'file', ...(functionConfig ? { functionConfig } : {}) });
  if (outcome.files.length === 0 && outcome.exitCode !== 0) {
    // Malformed documents in some files: every file's documents are written back unchanged (nothing in place).
    const described = collected.inputs.map((input) => ({ input, malformed: malformedStream(input.text, input.path === '-' ? 'stdin' : input.path) }));
    // Each failed input must be a stream with some readable documents; one with none is unreadable as a whole.
    const broken = described.flatMap((d) => (d.malformed && d.malformed.readable > 0 ? [d.malformed] : []));
    const failed = collected.inputs.filter((input) => !read(input.text, { allowEmpty: true }).ok).length;
    if (broken.length > 0 && broken.length === failed) {
      return writeUnchanged(host, args.inPlace ? '' : joinDocuments(collected.inputs.map((input) => input.text)), broken);
    }
  }
  await host.writeStderr(outcome.stderr);
  if (outcome.files.length === 0) return outcome.exitCode;
  if (args.inPlace) {
    const written = await writeChangedFiles(host, outcome.files);
    if (written.length > 0) await host.writeStderr(written.map((path) => `Updated ${path}\n`).join(''));
    const fromStdin = outcome.files.find((f) => f.path === '-');
    if (fromStdin) await host.writeStdout(fromStdin.text);
  } else {
    await host.writeStdout(outcome.stream);
  }
  return outcome.exitCode;
}

/** A stream with malformed documents (src/io/malformed.ts): the input as it was on stdout, the errors on stderr, exit 1. */
async function writeUnchanged(host: Host, text: string, malformed: readonly MalformedStream[]): Promise<number> {
  await host.writeStderr(malformed.flatMap((m) => m.results).map((r) => `${formatResult(r)}\n`).join(''));
  await host.writeStdout(text === '' || text.endsWith('\n') ? text : `${text}\n`);
  return 1;
}

async function readOverrides(host: Host, args: CliArgs): Promise<{ ok: true; overrides: ConfigOverrides } | { ok: false; error: string }> {
  const overrides: { -readonly [K in keyof ConfigOverrides]: ConfigOverrides[K] } = {};
  const files: [keyof ConfigOverrides, string | undefined, string][] = [
    ['config', args.injectConfigFile, '--injectConfigFile'],
    ['mesh', args.meshConfigFile, '--meshConfigFile'],
    ['values', args.valuesFile, '--valuesFile'],
  ];
  for (const [key, path, flag] of files) {
    if (path === undefined) continue;
    try {
      overrides[key] = await host.readFile(path);
    } catch (error) {
      return { ok: false, error: `Cannot read ${flag} "${path}": ${errorMessage(error)}` };
    }
  }
  if (args.revision !== undefined) overrides.revision = args.revision;
  return { ok: true, overrides };
}

/** Reads a functionConfig file: exactly one YAML/JSON object. */
async function readConfigFile(host: Host, path: string): Promise<{ ok: true; item: Item } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await host.readFile(path);
  } catch (error) {
    return { ok: false, error: `Cannot read the config "${path}": ${errorMessage(error)}` };
  }
  return configFromText(text, path);
}

/** A functionConfig's text (from `path`): exactly one YAML/JSON object. */
function configFromText(text: string, path: string): { ok: true; item: Item } | { ok: false; error: string } {
  const outcome = read(text, { source: path });
  if (!outcome.ok) return { ok: false, error: outcome.error.message };
  if (outcome.list.wrapping !== 'stream' || outcome.list.items.length !== 1) {
    return { ok: false, error: `Cannot read the config "${path}": expected one object (a ConfigMap or a ${SIDECAR_INJECTION_KIND})` };
  }
  return { ok: true, item: outcome.list.items[0]! };
}

/**
 * The first FILE is the functionConfig (kyaml's standalone convention) when it holds exactly one object that is a
 * SidecarInjection, or a ConfigMap whose data keys are all function options.
 */
async function configCandidate(host: Host, path: string): Promise<Item | undefined> {
  if ((await host.pathKind(path)) !== 'file') return undefined;
  let text: string;
  try {
    text = await host.readFile(path);
  } catch {
    return undefined;
  }
  // Most first files are manifests: without either kind's name the file cannot be a config, and is not parsed twice.
  if (!text.includes('ConfigMap') && !text.includes(SIDECAR_INJECTION_KIND)) return undefined;
  const loaded = configFromText(text, path);
  if (!loaded.ok) return undefined;
  return looksLikeFunctionConfig(loaded.item) ? loaded.item : undefined;
}

export function looksLikeFunctionConfig(item: Item): boolean {
  const kind = kindOf(item);
  if (kind === SIDECAR_INJECTION_KIND) return (apiVersionOf(item) ?? '').startsWith('inject-sidecar.dev/');
  if (kind !== 'ConfigMap') return false;
  const data = getNodeIn(item, ['data']);
  if (!isMap(data) || data.items.length === 0) return false;
  return data.items.every((pair) => isScalar(pair.key) && OPTION_KEYS.includes(String(pair.key.value)));
}

/** Writes an output given in parts, about a megabyte at a time (never the whole output as one more copy). */
async function writeParts(host: Host, parts: readonly string[]): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const part of parts) {
    batch.push(part);
    size += part.length;
    if (size < 1 << 20) continue;
    await host.writeStdout(batch.join(''));
    batch = [];
    size = 0;
  }
  if (batch.length > 0) await host.writeStdout(batch.join(''));
}
