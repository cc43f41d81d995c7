/**
 * @module
 * A budget for what one template execution may build, print and encode: the characters encoders produce (fmt's
 * printing, encoding/json, and everything built on them, counted as they grow) and the long strings and lists that
 * functions return (`repeat`, `indent`, `until`, `concat`, …, counted by the executor; an encoder's output that a
 * function returns counts twice). Go would build whatever it is asked for; here a value that shares its parts
 * prints as every copy of them (a list holding the same list twice, forty levels deep, prints 2^40 copies), a loop
 * can build a million-element list at every step, and a template from a repository must not be able to exhaust the
 * memory or the time of the job that renders it. Outside an execution nothing is counted.
 */

/** Thrown when the budget is spent. Not a GoError: functions that swallow Go errors (`toJson`) must not hide it. */
export class RenderBudgetError extends Error {
  override readonly name = 'RenderBudgetError';
}

/**
 * How often an encoder settles its output. Built from many small pieces, a V8 string is a rope of about twenty
 * bytes per piece; flattened, one byte per character.
 */
const SETTLE_STEP = 1024 * 1024;

let budget = Infinity;
let spent = 0;

/** Runs `body` (one execution) with a budget of `limit` characters or list elements, then restores the outer one. */
export function withRenderBudget<T>(limit: number, body: () => T): T {
  const [outerBudget, outerSpent] = [budget, spent];
  budget = limit;
  spent = 0;
  try {
    return body();
  } finally {
    budget = outerBudget;
    spent = outerSpent;
  }
}

/** Counts `units` (characters or list elements) against the execution's budget; throws once it is spent. */
export function charge(units: number): void {
  spent += units;
  if (spent > budget) throw new RenderBudgetError(`values built, printed or encoded by this execution exceed ${budget} characters or list elements in all`);
}

/**
 * An encoder's count of its own output: `check` is a length comparison until the next settling point, where the
 * output is charged to the budget and flattened; `finish` charges the rest.
 */
export class OutputMeter {
  #charged = 0;
  #next = nextPoint(0);

  check(out: string): void {
    if (out.length >= this.#next) this.#settle(out);
  }

  finish(out: string): string {
    charge(out.length - this.#charged);
    this.#charged = out.length;
    return out;
  }

  #settle(out: string): void {
    this.finish(out);
    out.charCodeAt(0); // V8 flattens a rope in place when a character is read
    this.#next = nextPoint(out.length);
  }
}

/** The next length to settle at: a step on, or just past the rest of the budget. */
function nextPoint(length: number): number {
  return length + Math.min(SETTLE_STEP, budget - spent + 1);
}
