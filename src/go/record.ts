/**
 * @module
 * Objects without a prototype, for string-keyed maps and message reps, so that keys such as `__proto__` and
 * `constructor` are plain data.
 */

/**
 * A fresh, empty object without a prototype. It is made with `Object.setPrototypeOf({}, null)` rather than
 * `Object.create(null)`: V8 keeps the former in fast mode (shared hidden classes), while the latter starts in
 * dictionary mode, where listing its keys costs several times more and each read is a hash lookup. Values, mesh
 * and proxy configs are read thousands of times per run, so this matters (docs/PERFORMANCE.md).
 */
export function nullProtoRecord<V = unknown>(): Record<string, V> {
  return Object.setPrototypeOf({}, null) as Record<string, V>;
}
