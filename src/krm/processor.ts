/**
 * The pure driver (no I/O): read → configure → process → restore orchestrator annotations → write.
 *
 * Shaped after kyaml's fn framework: a processor turns the functionConfig into its typed config first (problems
 * become error results and nothing is touched), then works item by item, or on the whole list when it must add or
 * remove items. Whatever happens, the full item list is written, results are appended after existing ones, and the
 * exit code is 1 exactly when there is an error result. Only an input that cannot be read gives no output (exit 1,
 * one line on stderr): kpt deletes a package's files when a function exits 0 with an empty output.
 */
import { restoreAnnotations, snapshotAnnotations } from './annotations.ts';
import type { AnnotationRepair } from './annotations.ts';
import type { ConfigOverrides } from './config.ts';
import { describeItem, fileOf, isKptfile, isLocalConfig, apiVersionOf, kindOf, nameOf, namespaceOf } from './object.ts';
import type { Item, ItemFile } from './object.ts';
import { canSeal, isUnchanged, itemPosition, joinDocuments, pristineContents, read, rereader, sealItem, write, writeParts } from './resource-list.ts';
import type { ResourceList } from './resource-list.ts';
import { errorResult, formatResult, hasErrors, warningResult } from './result.ts';
import type { Result } from './result.ts';
import { cloneNode } from '../yaml/codec.ts';
import type { Node } from '../yaml/codec.ts';

export type Command = 'inject' | 'uninject' | 'check';

/** How the function was invoked; the CLI fills it from its flags, the library from its options. */
export interface Invocation {
  /** `krm`: one input in, the same shape out. `file`: files and directories in, a bare multi-document stream out. */
  readonly mode: 'krm' | 'file';
  readonly command: Command;
  /** `--explain`: report the decision for every item (info results). */
  readonly explain: boolean;
  /** `--output patches`: print the patches instead of the resources (for processors that support it). */
  readonly output: 'resources' | 'patches';
  /** `--drop-local-config`: leave Kptfiles and local-config items out of the file-mode stream. */
  readonly dropLocalConfig: boolean;
  /** `--in-place`: file mode rewrites the changed files instead of printing them. */
  readonly inPlace: boolean;
  /** Options given literally on the command line (`--injectConfigFile`, `--revision`, …); they win over the functionConfig. */
  readonly overrides: ConfigOverrides;
}

export const DEFAULT_INVOCATION: Invocation = {
  mode: 'krm',
  command: 'inject',
  explain: false,
  output: 'resources',
  dropLocalConfig: false,
  inPlace: false,
  overrides: {},
};

/** What `configure` sees. */
export interface ConfigureInput {
  /** The functionConfig: `--config FILE`, else the ResourceList's; undefined when there is none. */
  readonly functionConfig: Item | undefined;
  /** Every item, e.g. to read ConfigMaps named by the config. */
  readonly items: readonly Item[];
  readonly invocation: Invocation;
}

/** The outcome of `configure`: a config (plus any warnings), or the reasons there is none. */
export type Configured<Config> =
  | { readonly ok: true; readonly config: Config; readonly results?: readonly Result[] }
  | { readonly ok: false; readonly results: readonly Result[] };

/** What the processing steps see. */
export interface ProcessContext<Config> {
  readonly config: Config;
  readonly functionConfig: Item | undefined;
  /** Every item, in order (for lookups such as Namespace items); edit only the item you are given. */
  readonly items: readonly Item[];
  readonly invocation: Invocation;
}

/** A whole-list step may return a new item list and results. */
export interface ListOutcome {
  readonly items?: Item[];
  readonly results?: readonly Result[];
}

/**
 * A KRM function's logic. Every step is optional except `name`:
 * - `configure` validates the functionConfig into a typed config; an error result stops before any item is touched.
 * - `prepare` runs once before the items (collect facts across items).
 * - `processItem` runs for every item in order; it edits the item in place and returns results. When it throws, the
 *   item is put back as it was and an error result names it.
 * - `processList` runs last, for processors that add, remove or reorder items; `listWanted` says whether it has work
 *   in this run (default: yes), which spares the items' backups when it has none.
 * Skipping Kptfiles and local-config items is the processor's choice (see `isLocalConfig`, `isKptfile`).
 */
export interface Processor<Config = undefined> {
  readonly name: string;
  configure?(input: ConfigureInput): Configured<Config>;
  prepare?(context: ProcessContext<Config>): readonly Result[] | void;
  processItem?(item: Item, context: ProcessContext<Config>): readonly Result[] | void;
  processList?(items: readonly Item[], context: ProcessContext<Config>): ListOutcome | void;
  listWanted?(context: ProcessContext<Config>): boolean;
  /**
   * True when `processItem` reads no item but the one it is given (`prepare` may read them all): each item may then
   * be written out as soon as it is processed, so that a large list is never held in memory twice over.
   */
  itemsIndependent?(context: ProcessContext<Config>): boolean;
}

export interface RunOptions extends Partial<Invocation> {
  /** A functionConfig given separately (`--config FILE`); it replaces the one in the ResourceList. */
  readonly functionConfig?: Item;
  /** Names the input in messages (default `stdin`). */
  readonly source?: string;
  /**
   * Read, process and write the items of a ResourceList or List one by one, so that a large list is never held in
   * memory whole (default true). The output is the same either way; false is for tests that show it.
   */
  readonly itemByItem?: boolean;
}

export interface RunOutcome {
  /** The whole output; empty only when the input could not be read (then exitCode is 1). */
  readonly output: string;
  /** The same output as consecutive parts, to write one after the other (`output` joins them when first read). */
  readonly outputParts: readonly string[];
  readonly exitCode: 0 | 1;
  /** Text for stderr ('' when there is nothing to say). */
  readonly stderr: string;
  /** The results this run produced (existing ones excluded). */
  readonly results: readonly Result[];
}

// --- KRM mode ------------------------------------------------------------------------------------------------------

/** Runs a processor over one input (ResourceList, List or stream) and returns the output in the same shape. */
export function run<Config>(processor: Processor<Config>, inputText: string, options: RunOptions = {}): RunOutcome {
  const invocation = invocationOf(options, 'krm');
  const itemByItem = options.itemByItem ?? true;
  const outcome = read(inputText, { source: options.source ?? 'stdin', itemByItem });
  if (!outcome.ok) return fatal(outcome.error.message);
  const list = outcome.list;
  const duplicates = duplicateResults(list.items);
  const functionConfig = options.functionConfig ?? list.functionConfig;
  const seal = itemByItem && canSeal(list) ? (item: Item): void => sealItem(list, item) : undefined;
  const executed = execute(processor, list.items, functionConfig, invocation, fileOf, seal);
  list.items = executed.items;
  const results = [...duplicates, ...executed.results];
  let parts: readonly string[];
  try {
    parts = writeParts(list, results);
  } catch (error) {
    return fatal(`Cannot write the output: ${errorMessage(error)}`);
  }
  const failed = hasErrors(results) || list.results.some((r) => r.severity === 'error');
  if (!parts.some((part) => /\S/.test(part))) {
    return outcomeOf([], 1, `${processor.name}: no items are left to write; refusing to write an empty output\n`, results);
  }
  const holdsResults = list.wrapping === 'ResourceList';
  const shown = holdsResults ? (failed ? results.filter((r) => r.severity === 'error') : []) : results;
  return outcomeOf(parts, failed ? 1 : 0, formatLines(shown), results);
}

function outcomeOf(outputParts: readonly string[], exitCode: 0 | 1, stderr: string, results: readonly Result[]): RunOutcome {
  let joined: string | undefined;
  return {
    get output(): string {
      joined ??= outputParts.join('');
      return joined;
    },
    outputParts,
    exitCode,
    stderr,
    results,
  };
}

// --- file mode -----------------------------------------------------------------------------------------------------

export interface FileInput {
  /** The path as given (used in messages and results); `-` for stdin. */
  readonly path: string;
  readonly text: string;
}

export interface FileOutput {
  readonly path: string;
  readonly text: string;
  readonly changed: boolean;
}

export interface FilesOutcome {
  /** Every input with its new text (for `--in-place`). */
  readonly files: readonly FileOutput[];
  /** The bare multi-document stream to print (local-config items dropped with `dropLocalConfig`). */
  readonly stream: string;
  readonly exitCode: 0 | 1;
  readonly stderr: string;
  readonly results: readonly Result[];
}

/**
 * Runs a processor over several inputs at once (so that facts such as Namespace items are shared), then splits
 * the items back into their files. Items the processor did not change keep their exact source text.
 */
export function runFiles<Config>(processor: Processor<Config>, inputs: readonly FileInput[], options: RunOptions = {}): FilesOutcome {
  const invocation = invocationOf(options, 'file');
  if (invocation.inPlace && invocation.output === 'patches') {
    return { files: [], stream: '', exitCode: 1, stderr: `${processor.name}: --in-place and --output patches cannot be combined (the files would be replaced by their patches)\n`, results: [] };
  }
  const lists: ResourceList[] = [];
  const problems: string[] = [];
  for (const input of inputs) {
    const outcome = read(input.text, { source: input.path === '-' ? 'stdin' : input.path, allowEmpty: true });
    if (outcome.ok) lists.push(outcome.list);
    else problems.push(outcome.error.message);
  }
  if (problems.length > 0) return { files: [], stream: '', exitCode: 1, stderr: formatLines(problems), results: [] };

  const origin = new Map<Item, { file: number; index: number }>();
  lists.forEach((list, file) => list.items.forEach((item, index) => origin.set(item, { file, index })));
  const allItems = lists.flatMap((list) => list.items);
  if (allItems.length === 0 && !invocation.inPlace) {
    return { files: [], stream: '', exitCode: 1, stderr: `${processor.name}: no resources found in the input\n`, results: [] };
  }
  const fileFor = (item: Item): ItemFile | undefined => {
    const from = origin.get(item);
    if (!from) return fileOf(item);
    return { path: inputs[from.file]!.path, index: from.index };
  };
  const executed = execute(processor, allItems, options.functionConfig, invocation, fileFor);

  // Give every output item back to its file; a new item follows the item before it.
  const perFile: Item[][] = lists.map(() => []);
  let current = 0;
  for (const item of executed.items) {
    const from = origin.get(item);
    if (from) current = from.file;
    perFile[current]!.push(item);
  }
  const pieces: string[] = [];
  const files: FileOutput[] = [];
  try {
    lists.forEach((list, i) => {
      list.items = invocation.dropLocalConfig ? perFile[i]!.filter((item) => !isLocalConfig(item) && !isKptfile(item)) : perFile[i]!;
      pieces.push(write(list));
    });
    lists.forEach((list, i) => {
      list.items = perFile[i]!;
      const text = write(list);
      files.push({ path: inputs[i]!.path, text, changed: text !== inputs[i]!.text });
    });
  } catch (error) {
    return { files: [], stream: '', exitCode: 1, stderr: `Cannot write the output: ${errorMessage(error)}\n`, results: executed.results };
  }
  const failed = hasErrors(executed.results);
  const table = invocation.explain ? explainTable(executed.results) : '';
  return { files, stream: joinDocuments(pieces), exitCode: failed ? 1 : 0, stderr: formatLines(executed.results) + table, results: executed.results };
}

// --- the --explain table -------------------------------------------------------------------------------------------

/** `apps/v1/Deployment/shop/web`: a result's resource as kpt prints it. */
export function resourceId(r: Result): string {
  const ref = r.resourceRef;
  return ref ? [ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name].filter((p) => p !== '').join('/') : '';
}

const TABLE_COLUMNS: readonly (readonly [string, (r: Result) => string])[] = [
  ['RESOURCE', resourceId],
  ['DECISION', (r) => r.tags?.['decision'] ?? ''],
  ['REASON', (r) => r.tags?.['reason'] ?? ''],
  ['RULE', (r) => r.tags?.['rule'] ?? ''],
  ['TEMPLATES', (r) => r.tags?.['templates'] ?? ''],
  ['CONTAINERS', (r) => r.tags?.['containers'] ?? ''],
];

/**
 * File mode `--explain`: one row per workload, from the results whose tags carry a `decision` (the first one of each
 * resource), columns padded like `kubectl get`. Empty when no result has one.
 */
export function explainTable(results: readonly Result[]): string {
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const r of results) {
    if (r.tags?.['decision'] === undefined) continue;
    const key = JSON.stringify([r.resourceRef ?? null, r.file ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(TABLE_COLUMNS.map(([, cell]) => cell(r)));
  }
  if (rows.length === 0) return '';
  const all = [TABLE_COLUMNS.map(([title]) => title), ...rows];
  const widths = TABLE_COLUMNS.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all.map((row) => `${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`).join('');
}

// --- the shared core -----------------------------------------------------------------------------------------------

function execute<Config>(
  processor: Processor<Config>,
  items: Item[],
  functionConfig: Item | undefined,
  invocation: Invocation,
  fileFor: (item: Item) => ItemFile | undefined,
  seal?: (item: Item) => void,
): { items: Item[]; results: Result[] } {
  const results: Result[] = [];
  const addFor = (item: Item | undefined, found: readonly Result[] | void): void => {
    for (const r of found ?? []) {
      if (item !== undefined && r.file === undefined && r.resourceRef !== undefined) {
        const file = fileFor(item);
        results.push(file ? { ...r, file } : r);
      } else {
        results.push(r);
      }
    }
  };

  let config: Config;
  if (processor.configure) {
    let configured: Configured<Config>;
    try {
      configured = processor.configure({ functionConfig, items, invocation });
    } catch (error) {
      results.push(errorResult(`Cannot read the functionConfig: internal error: ${errorMessage(error)}`, functionConfig));
      return { items, results };
    }
    addFor(undefined, configured.results);
    if (!configured.ok || hasErrors(configured.results ?? [])) return { items, results };
    config = configured.config;
  } else {
    config = undefined as Config;
  }

  const snapshot = snapshotAnnotations(items);
  const context: ProcessContext<Config> = { config, functionConfig, items, invocation };
  if (processor.prepare) {
    try {
      addFor(undefined, processor.prepare(context));
    } catch (error) {
      results.push(errorResult(`Cannot run ${processor.name}: internal error: ${errorMessage(error)}`));
      return { items, results };
    }
  }
  const listWanted = processor.processList !== undefined && (processor.listWanted?.(context) ?? true);
  // Items are written out one by one only when nothing reads them after their turn.
  const sealing = seal !== undefined && !listWanted && processor.itemsIndependent?.(context) === true;
  const repairs: ReturnType<typeof restoreAnnotations> = [];
  // Warnings for repairs made before an item was sealed (they name the item, which is gone afterwards).
  const earlyWarnings: Result[] = [];
  const restoredEarly = new Set<Item>();
  let repairFailure: unknown;
  if (processor.processItem) {
    for (const item of items) {
      const backup = backupOf(item);
      try {
        addFor(item, processor.processItem(item, context));
      } catch (error) {
        item.contents = backup();
        results.push(withFile(errorResult(`Cannot process ${describeItem(item)}: internal error: ${errorMessage(error)}`, item), item, fileFor));
      }
      if (!sealing || repairFailure !== undefined) continue;
      try {
        for (const repair of restoreAnnotations(snapshot, [item])) earlyWarnings.push(repairWarning(repair, processor.name, fileFor));
        restoredEarly.add(item);
        seal(item);
      } catch (error) {
        repairFailure = error;
      }
    }
  }
  let outItems = items;
  if (listWanted && processor.processList) {
    const backups = items.map((item) => cloneContents(item));
    try {
      const outcome = processor.processList(items, context);
      if (outcome?.items) outItems = outcome.items;
      addFor(undefined, outcome?.results);
    } catch (error) {
      items.forEach((item, i) => (item.contents = backups[i]!));
      outItems = items;
      results.push(errorResult(`Cannot run ${processor.name}: internal error: ${errorMessage(error)}`));
    }
  }
  try {
    if (repairFailure !== undefined) throw repairFailure;
    repairs.push(...restoreAnnotations(snapshot, restoredEarly.size === 0 ? outItems : outItems.filter((item) => !restoredEarly.has(item))));
  } catch (error) {
    results.push(errorResult(`Cannot restore the orchestrator annotations: ${errorMessage(error)}`));
  }
  results.push(...earlyWarnings);
  for (const repair of repairs) results.push(repairWarning(repair, processor.name, fileFor));
  return { items: outItems, results };
}

function repairWarning(repair: AnnotationRepair, processorName: string, fileFor: (item: Item) => ItemFile | undefined): Result {
  const what = repair.expected === undefined ? 'added' : repair.found === undefined ? 'removed' : 'changed';
  return withFile(warningResult(`Restored orchestrator annotation "${repair.key}" that ${processorName} ${what}`, repair.item), repair.item, fileFor);
}

function withFile(r: Result, item: Item, fileFor: (item: Item) => ItemFile | undefined): Result {
  if (r.file) return r;
  const file = fileFor(item);
  return file ? { ...r, file } : r;
}

function cloneContents(item: Item): Node | null {
  const contents = item.contents;
  return contents === null ? null : cloneNode(contents);
}

/**
 * A way back to the item as it is now. An item still as it was read is restored from the copy kept by
 * `read` (copied only when needed) or parsed again from its text; others are copied now.
 */
function backupOf(item: Item): () => Node | null {
  // Before its turn an item is as read (configure and prepare only look), so one read on its own is parsed again.
  const reread = rereader(item);
  if (reread) return reread;
  if (isUnchanged(item)) {
    return () => {
      const pristine = pristineContents(item);
      return pristine === null || pristine === undefined ? null : cloneNode(pristine);
    };
  }
  const copy = cloneContents(item);
  return () => copy;
}

/** An error result for every item that repeats an earlier item's apiVersion, kind, namespace and name. */
function duplicateResults(items: readonly Item[]): Result[] {
  const seen = new Map<string, Item>();
  const out: Result[] = [];
  for (const item of items) {
    const name = nameOf(item);
    if (name === undefined || isLocalConfig(item) || isKptfile(item)) continue;
    const key = JSON.stringify([apiVersionOf(item) ?? '', kindOf(item) ?? '', namespaceOf(item) ?? '', name]);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, item);
      continue;
    }
    const at = itemPosition(first);
    out.push(errorResult(`Duplicate item: ${describeItem(item)} appears more than once${at ? ` (first at line ${at.line})` : ''}`, item));
  }
  return out;
}

function invocationOf(options: RunOptions, mode: 'krm' | 'file'): Invocation {
  return {
    mode: options.mode ?? mode,
    command: options.command ?? DEFAULT_INVOCATION.command,
    explain: options.explain ?? DEFAULT_INVOCATION.explain,
    output: options.output ?? DEFAULT_INVOCATION.output,
    dropLocalConfig: options.dropLocalConfig ?? DEFAULT_INVOCATION.dropLocalConfig,
    inPlace: options.inPlace ?? DEFAULT_INVOCATION.inPlace,
    overrides: options.overrides ?? DEFAULT_INVOCATION.overrides,
  };
}

function fatal(message: string): RunOutcome {
  return outcomeOf([], 1, `${message}\n`, []);
}

function formatLines(lines: readonly (Result | string)[]): string {
  return lines.map((line) => `${typeof line === 'string' ? line : formatResult(line)}\n`).join('');
}

/** The message of anything thrown, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
