/**
 * `yaml` for Deno (deno.json maps the bare specifier here). At run time: the package's runtime-neutral ESM build
 * (browser/), because its Node build reads process.env (LOG_TOKENS, LOG_STREAM) on every parse, which Deno refuses
 * without --allow-env. For `deno check`: the package's own declarations, from node_modules (nodeModulesDir manual),
 * since the browser build ships none.
 */
// @ts-types="npm:yaml@^2"
export * from '../node_modules/yaml/browser/index.js';
