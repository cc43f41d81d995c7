/**
 * @module
 * The fast reader (yaml-fast.ts) with a memory of its last few documents. Rendered sidecars differ from pod to pod in
 * a handful of lines — a name, a label, a port list — so a new text is compared line by line with a remembered one;
 * when every line that differs held a single-line scalar in the remembered parse, and still does with the same text
 * before the value (the same key, the same indentation), the result is a copy of the remembered value with those
 * scalars read anew. Anything else is read in full, and remembered.
 *
 * Why this is the same as reading in full: the reader decides structure line by line from what comes before each
 * value; a line whose value is a one-line scalar in both texts is consumed whole either way, so every other line,
 * being the same, is read the same. The value is read by the very function the full reader uses (lineScalar), and
 * the caller always gets a fresh copy it may change.
 */
import { FastParser, ScalarSlot, UNSUPPORTED, isGiveUp, isLineScalar, lineScalar, parseFastYAML, setOwn, subsetLines, type FastYAMLHooks } from './yaml-fast.ts';

/** A document read in full: its lines, its value (never handed out: callers get copies) and its scalar slots. */
interface Remembered {
  readonly lines: readonly string[];
  readonly value: unknown;
  readonly slots: readonly (ScalarSlot | undefined)[];
}

/**
 * How many documents are remembered, and the longest text that is: rendered sidecars are 5–10 KiB, while configs
 * (an injector config is 111 KiB), read once, are not worth the slots and the copy.
 */
const REMEMBERED = 4;
const MAX_REMEMBERED_TEXT = 64 * 1024;

/** One new scalar value for a slot of the remembered value. */
type Patches = Map<object, [string | number, unknown][]>;

export class RememberingFastReader {
  readonly #hooks: FastYAMLHooks;
  /** Most recently read or reused first. */
  #remembered: Remembered[] = [];
  /** How many reads were answered from a remembered document, and how many were read in full (for tests). */
  readonly counts = { reused: 0, readInFull: 0 };

  constructor(hooks: FastYAMLHooks) {
    this.#hooks = hooks;
  }

  /** parseFastYAML(text, hooks): the same value, or UNSUPPORTED. Hooks may throw to give up. */
  read(text: string): unknown {
    const lines = subsetLines(text);
    if (lines === undefined) return UNSUPPORTED;
    try {
      for (let i = 0; i < this.#remembered.length; i++) {
        const base = this.#remembered[i] as Remembered;
        const patches = this.#patchesFrom(base, lines);
        if (patches === undefined) continue;
        if (i > 0) this.#remembered = [base, ...this.#remembered.filter((r) => r !== base)];
        this.counts.reused++;
        return copyOf(base.value, patches);
      }
      this.counts.readInFull++;
      if (text.length > MAX_REMEMBERED_TEXT) return new FastParser(lines, this.#hooks).document();
      const slots: (ScalarSlot | undefined)[] = [];
      const value = new FastParser(lines, this.#hooks, slots).document();
      if (value === null || typeof value !== 'object') return value;
      this.#remembered = [{ lines, value, slots }, ...this.#remembered.slice(0, REMEMBERED - 1)];
      return copyOf(value, undefined);
    } catch (e) {
      if (isGiveUp(e)) return UNSUPPORTED;
      throw e;
    }
  }

  /** parseFastYAML(text, hooks), without looking at or adding to the memory. */
  readInFull(text: string): unknown {
    return parseFastYAML(text, this.#hooks);
  }

  /** The scalars to change in base's value to get the value of `lines`, or undefined when base does not fit. */
  #patchesFrom(base: Remembered, lines: readonly string[]): Patches | undefined {
    if (base.lines.length !== lines.length) return undefined;
    const patches: Patches = new Map();
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const old = base.lines[i] as string;
      if (line === old) continue;
      const slot = base.slots[i];
      if (slot === undefined || line.length < slot.col || line.slice(0, slot.col) !== old.slice(0, slot.col)) return undefined;
      let value: unknown;
      try {
        value = lineScalar(line, slot.col, slot.seqItem, this.#hooks);
      } catch (e) {
        if (isGiveUp(e)) return undefined;
        throw e;
      }
      if (!isLineScalar(value)) return undefined;
      const list = patches.get(slot.container);
      if (list) list.push([slot.key, value]);
      else patches.set(slot.container, [[slot.key, value]]);
    }
    return patches;
  }
}

/** A deep copy of a value the reader made (plain objects, arrays, scalars), with `patches` applied on the way. */
function copyOf(value: unknown, patches: Patches | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = value.map((item) => copyOf(item, patches));
    const changes = patches?.get(value);
    if (changes) for (const [index, item] of changes) out[index as number] = item;
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value; // a hook's own value (immutable)
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) setOwn(out, key, copyOf(source[key], patches));
  const changes = patches?.get(value);
  if (changes) for (const [key, item] of changes) setOwn(out, key as string, item);
  return out;
}
