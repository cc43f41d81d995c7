/**
 * The inject-sidecar entry point: `deno run --quiet functions/inject.ts` runs it from source, scripts/bundle.mjs
 * bundles it into dist/inject-sidecar.js. KRM mode reads a ResourceList on stdin; file mode takes FILE|DIR|- arguments.
 */
import { cli } from '../src/io/cli.ts';
import { iptablesCommand } from '../src/inject/inject.ts';
import { uninjectProcessor } from '../src/inject/uninject.ts';
import { checkProcessor } from '../src/inject/check.ts';
import { actionProcessor } from '../src/inject/action.ts';

await cli({ inject: actionProcessor, uninject: uninjectProcessor, check: checkProcessor, iptables: iptablesCommand });
