/**
 * @module
 * Running `yaml`'s parser without stack traces for the errors it makes.
 */

/** V8's `Error.stackTraceLimit` (Node and Deno both have it), which the standard library's types do not declare. */
const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number };

/**
 * Runs `body` with no stack traces captured for new errors. `yaml` makes an Error for every problem it meets, and
 * text that is not YAML at all (a broken template's output, a binary file) has one per token: capturing their
 * stacks, which are never read, took two thirds of the time and memory of reading such text.
 */
export function withoutStackTraces<T>(body: () => T): T {
  const limit = V8Error.stackTraceLimit;
  if (limit === undefined) return body();
  V8Error.stackTraceLimit = 0;
  try {
    return body();
  } finally {
    V8Error.stackTraceLimit = limit;
  }
}
