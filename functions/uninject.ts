/**
 * The uninject-sidecar entry point: the same command line as functions/inject.ts with `uninject` as the default
 * command, so a kpt pipeline or kustomize can run it as a function of its own. `deno run --quiet functions/uninject.ts`
 * runs it from source. KRM mode reads a ResourceList on stdin; file mode takes FILE|DIR|- arguments.
 */
import { cli } from '../src/io/cli.ts';
import { iptablesCommand } from '../src/inject/inject.ts';
import { uninjectProcessor } from '../src/inject/uninject.ts';
import { checkProcessor } from '../src/inject/check.ts';
import { actionProcessor } from '../src/inject/action.ts';

await cli({ inject: actionProcessor, uninject: uninjectProcessor, check: checkProcessor, iptables: iptablesCommand, defaultCommand: 'uninject' }, 'uninject-sidecar');
