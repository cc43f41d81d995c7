/**
 * File-mode inputs: files, directories (every `*.yaml`/`*.yml` below, sorted, hidden entries and node_modules left
 * out) and `-` for stdin; the CONFIG file is skipped when it shows up again (pre-commit passes every YAML file).
 * And `--in-place` output: only files whose text changed are written.
 */
import type { FileInput, FileOutput } from '../krm/processor.ts';
import type { Host } from './host.ts';

export interface CollectedInputs {
  readonly inputs: FileInput[];
  /** One line per argument that could not be read. */
  readonly problems: string[];
}

export interface CollectOptions {
  /** Absolute paths to leave out (the functionConfig file). */
  readonly skip?: readonly string[];
}

export async function collectInputs(host: Host, args: readonly string[], options: CollectOptions = {}): Promise<CollectedInputs> {
  const inputs: FileInput[] = [];
  const problems: string[] = [];
  const seen = new Set(options.skip ?? []);
  let stdinRead = false;
  const addFile = async (path: string): Promise<void> => {
    const absolute = host.resolvePath(path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    inputs.push({ path, text: await host.readFile(path) });
  };
  for (const arg of args) {
    if (arg === '-') {
      if (stdinRead) {
        problems.push('Cannot read "-" twice: stdin can be given once');
        continue;
      }
      stdinRead = true;
      inputs.push({ path: '-', text: await host.readStdin() });
      continue;
    }
    try {
      const kind = await host.pathKind(arg);
      if (kind === 'file') await addFile(arg);
      else if (kind === 'directory') for (const file of await yamlFilesUnder(host, arg)) await addFile(file);
      else if (kind === 'missing') problems.push(`Cannot read "${arg}": no such file or directory`);
      else problems.push(`Cannot read "${arg}": not a file or directory`);
    } catch (error) {
      problems.push(`Cannot read "${arg}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { inputs, problems };
}

/** Every `*.yaml`/`*.yml` file under `dir`, depth first, names sorted, hidden entries and node_modules skipped. */
export async function yamlFilesUnder(host: Host, dir: string): Promise<string[]> {
  const out: string[] = [];
  const names = (await host.listDir(dir)).filter((name) => !name.startsWith('.') && name !== 'node_modules').sort();
  for (const name of names) {
    const path = `${dir.replace(/[\\/]+$/, '')}/${name}`;
    const kind = await host.pathKind(path);
    if (kind === 'directory') out.push(...(await yamlFilesUnder(host, path)));
    else if (kind === 'file' && /\.ya?ml$/i.test(name)) out.push(path);
  }
  return out;
}

/** Writes the outputs whose text changed (never stdin's); returns the written paths. */
export async function writeChangedFiles(host: Host, outputs: readonly FileOutput[]): Promise<string[]> {
  const written: string[] = [];
  for (const output of outputs) {
    if (!output.changed || output.path === '-') continue;
    await host.writeFile(output.path, output.text);
    written.push(output.path);
  }
  return written;
}
