/**
 * The inject-sidecar entry point: `deno run --quiet functions/inject.ts` runs it from source, scripts/bundle.mjs
 * bundles it into dist/inject-sidecar.js. KRM mode reads a ResourceList on stdin; file mode takes FILE|DIR|- arguments.
 */
import { cli } from '../src/io/cli.ts';
import { injectProcessor } from '../src/inject/inject.ts';

await cli({ inject: injectProcessor });
