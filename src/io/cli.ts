/**
 * Picks the host (Deno when `Deno` exists, else Node), runs `main` and sets the exit code. Any unexpected failure
 * becomes one line on stderr and exit 1 — never a stack trace, never exit 0 with empty output.
 */
import { OUTPUT_CLOSED_EXIT_CODE, OutputClosedError, type Host } from './host.ts';
import { main } from './main.ts';
import type { Commands } from './main.ts';
import { denoApi } from './deno.ts';

/** Replaced by the bundler (scripts/bundle.mjs) with the package version. */
declare const INJECT_SIDECAR_VERSION: string | undefined;

export async function cli(commands: Commands, programName = 'inject-sidecar'): Promise<void> {
  let host: Host | undefined;
  try {
    host = await createHost();
    const found = host;
    host.setExitCode(await main(host, commands, { version: () => findVersion(found), programName }));
  } catch (error) {
    if (host && error instanceof OutputClosedError) {
      // `inject-sidecar x.yaml | head`: the reader took what it wanted. No message, as a Unix tool would.
      host.setExitCode(OUTPUT_CLOSED_EXIT_CODE);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (host) {
      host.setExitCode(1);
      await host.writeStderr(`${programName}: ${message}\n`).catch(() => {});
    } else {
      // No host: report through whatever console the runtime has, and fail.
      console.error(`${programName}: ${message}`);
      const g = globalThis as { process?: { exitCode?: number }; Deno?: { exitCode: number } };
      if (g.Deno) g.Deno.exitCode = 1;
      else if (g.process) g.process.exitCode = 1;
    }
  }
}

async function createHost(): Promise<Host> {
  const deno = denoApi();
  if (deno) {
    const { createDenoHost } = await import('./deno.ts');
    return createDenoHost(deno);
  }
  const { createNodeHost } = await import('./node.ts');
  return createNodeHost();
}

/** The bundled version, else the `version` of the nearest package.json named inject-sidecar above this file. */
async function findVersion(host: Host): Promise<string> {
  if (typeof INJECT_SIDECAR_VERSION === 'string') return INJECT_SIDECAR_VERSION;
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 6 && dir.protocol === 'file:'; depth++) {
    try {
      const pkg = JSON.parse(await host.readFile(decodeURIComponent(new URL('package.json', dir).pathname))) as { name?: unknown; version?: unknown };
      if (pkg.name === 'inject-sidecar' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one directory up
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}
