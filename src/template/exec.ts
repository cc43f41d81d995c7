/**
 * @module
 * Execution with Go's text/template semantics (exec.go): `executeTree` runs a tree compiled into closures
 * (compile.ts) over an ExecState, which holds what changes while a template runs — the output, the variable stack,
 * the current node, the template depth — apart from the immutable trees. `break`/`continue` travel back up as
 * return codes rather than exceptions; errors are TemplateExecErrors positioned at the node being evaluated, as
 * Go's `s.at(node)` does.
 */
import { formatValue, sprint } from '../go/fmt.ts';
import { T, ptrTo, type GoType } from '../go/types.ts';
import { RenderBudgetError, withRenderBudget } from '../go/limits.ts';
import { GoValue, INVALID, NIL, findMethod, toDynamic } from '../go/value.ts';
import { TemplateExecError, lineAndColumn } from './errors.ts';
import { print, type Node } from './node.ts';
import { isStackOverflow, type Tree } from './parse.ts';
import { MISSING_ERROR, MISSING_INVALID, MISSING_ZERO, compiledRoot } from './compile.ts';
import { REFLECT_VALUE, assignable, canBeNil, indirect, indirectInterface, nilOf } from './reflect.ts';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export interface ExecLimits {
  /** Maximum depth of nested {{template}} calls (Go: 100000; 1000 on wasm). */
  readonly maxDepth?: number;
  /** Maximum output length in UTF-16 code units (bytes for ASCII output). */
  readonly maxOutputSize?: number;
  /** Maximum number of nodes walked, so that runaway loops end. */
  readonly maxSteps?: number;
  /**
   * Maximum characters or list elements that functions build and that printing and encoding values produce, all
   * together, so that neither a loop building large lists nor a value sharing its parts (2^n copies when printed)
   * runs away (see go/limits.ts).
   */
  readonly maxBuilt?: number;
}

export const DEFAULT_EXEC_LIMITS: Required<ExecLimits> = Object.freeze({
  maxDepth: 1000,
  maxOutputSize: 64 * 1024 * 1024,
  maxSteps: 50_000_000,
  maxBuilt: 16 * 1024 * 1024,
});

export interface ExecOptions {
  readonly missingkey: MissingKey;
  readonly limits: Required<ExecLimits>;
}

/** Executes tree with dot = $ = data; other trees of the set are reachable through {{template}}. */
export function executeTree(set: ReadonlyMap<string, Tree>, tree: Tree, data: GoValue, options: ExecOptions): string {
  const state = new ExecState(set, tree, options);
  const dot = data.t.kind === 'iface' ? indirectInterface(data) : data;
  try {
    withRenderBudget(options.limits.maxBuilt, () => {
      state.push('$', dot);
      compiledRoot(tree)(state, dot);
    });
  } catch (e) {
    if (isStackOverflow(e)) state.errorf('template execution nested too deeply for the JavaScript stack', e);
    // Printing a value for an error message can spend the budget too.
    if (e instanceof RenderBudgetError) state.errorf(e.message, e);
    throw e;
  }
  return state.out;
}

/**
 * The state of one execution. Its fields are read and written by the compiled closures (compile.ts), which is why
 * they are public; nothing outside the template package sees an ExecState.
 */
export class ExecState {
  readonly set: ReadonlyMap<string, Tree>;
  /** The template being executed (for error positions; {{template}} swaps it). */
  tree: Tree;
  /** MISSING_INVALID, MISSING_ZERO or MISSING_ERROR. */
  readonly missingKey: number;
  readonly maxDepth: number;
  readonly #maxOutputSize: number;
  readonly #maxSteps: number;
  /** The variable stack: names and values, with varBase marking where the current template's variables start. */
  readonly #names: string[] = [];
  readonly #values: GoValue[] = [];
  /** The stack height (the arrays are reused above it, never truncated: that is much faster). */
  varTop = 0;
  varBase = 0;
  depth = 0;
  #steps = 0;
  /** The node being evaluated, for error positions (Go's s.at(node)). */
  node: Node | null = null;
  out = '';

  constructor(set: ReadonlyMap<string, Tree>, tree: Tree, options: ExecOptions) {
    this.set = set;
    this.tree = tree;
    this.missingKey =
      options.missingkey === 'zero' ? MISSING_ZERO : options.missingkey === 'error' ? MISSING_ERROR : MISSING_INVALID;
    this.maxDepth = options.limits.maxDepth;
    this.#maxOutputSize = options.limits.maxOutputSize;
    this.#maxSteps = options.limits.maxSteps;
  }

  // --- errors and steps ----------------------------------------------------------------------------------------

  errorf(detail: string, cause?: unknown): never {
    const node = this.node;
    const tree = this.tree;
    if (node === null) {
      throw new TemplateExecError({ templateName: tree.name, parseName: tree.parseName, line: 0, col: 0, nodeText: '', detail, cause });
    }
    const { line, col } = lineAndColumn(tree.text, node.pos);
    throw new TemplateExecError({
      templateName: tree.name,
      parseName: tree.parseName,
      line,
      col,
      nodeText: print(node),
      detail,
      cause,
    });
  }

  /** Starts a statement: positions errors at it and counts it against maxSteps, so that runaway loops end. */
  enter(node: Node): void {
    this.node = node;
    if (++this.#steps > this.#maxSteps) {
      this.errorf(`exceeded the maximum number of execution steps (${this.#maxSteps})`);
    }
  }

  write(s: string): void {
    this.out += s;
    if (this.out.length > this.#maxOutputSize) {
      this.errorf(`output exceeds the maximum size (${this.#maxOutputSize} characters)`);
    }
  }

  // --- variables -----------------------------------------------------------------------------------------------

  push(name: string, value: GoValue): void {
    this.#names[this.varTop] = name;
    this.#values[this.varTop] = value;
    this.varTop++;
  }

  /** Assigns the nearest variable of that name (`$x = …`). */
  setVar(name: string, value: GoValue): void {
    for (let i = this.varTop - 1; i >= this.varBase; i--) {
      if (this.#names[i] === name) {
        this.#values[i] = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  /** Sets the value of the n-th variable from the top (1 = the last pushed). */
  setTopVar(n: number, value: GoValue): void {
    this.#values[this.varTop - n] = value;
  }

  varValue(name: string): GoValue {
    for (let i = this.varTop - 1; i >= this.varBase; i--) {
      if (this.#names[i] === name) return this.#values[i] as GoValue;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // --- printing ------------------------------------------------------------------------------------------------

  printValue(node: Node, value: GoValue): void {
    this.node = node;
    if (value.t === T.string) {
      // What templates print most: a plain string is written as it is.
      this.write(value.v as string);
      return;
    }
    let v = value;
    if (v.t.kind === 'ptr') {
      // Go prints what a pointer points to, but still through String()/Error() when the value or its pointer has
      // one (printableValue takes the address of the addressable value): keep the pointer for fmt then.
      const target = indirect(v).value;
      const hasMethods = target.t.kind !== 'ptr' && (findMethod(target, 'String') !== undefined || findMethod(target, 'Error') !== undefined);
      v = hasMethods ? pointerTo(v, target) : target;
    }
    const kind = v.t.kind;
    if (kind === 'invalid') {
      this.write('<no value>');
      return;
    }
    if (v.t.methods === undefined) {
      // Fast paths for what templates print most; everything else goes through fmt.Sprint.
      switch (kind) {
        case 'string':
          this.write(v.v as string);
          return;
        case 'int':
        case 'uint':
          if (Number.isSafeInteger(v.v)) {
            this.write(String(v.v));
            return;
          }
          break;
        case 'float':
          this.write(formatValue(v));
          return;
        case 'bool':
          this.write(v.v ? 'true' : 'false');
          return;
      }
    }
    if ((kind === 'chan' || kind === 'func') && findMethod(v, 'String') === undefined && findMethod(v, 'Error') === undefined) {
      this.errorf(`can't print ${print(node)} of type ${v.t.name}`);
    }
    let printed: string;
    try {
      printed = sprint([v]);
    } catch (e) {
      if (e instanceof RenderBudgetError) this.errorf(`printing the value: ${e.message}`, e);
      throw e;
    }
    this.write(printed);
  }

  // --- argument types ------------------------------------------------------------------------------------------

  /** Checks that a computed value fits a parameter of type t, dereferencing or unwrapping once if that helps. */
  validateType(value: GoValue, t: GoType | null): GoValue {
    // The common cases first: the parameter's own type, or `interface {}` (which takes any valid value).
    if (value.t === t) return value;
    if (t === T.any) return value.t.kind === 'invalid' ? NIL : value;
    if (value.t.kind === 'invalid') {
      if (t === null) return INVALID; // An untyped nil: accept it as a proper nil value.
      if (canBeNil(t)) return nilOf(t);
      this.errorf(`invalid value; expected ${t.name}`);
    }
    if (t === null || t === REFLECT_VALUE || assignable(value.t, t)) return value;
    let v = value;
    if (v.t.kind === 'iface' && v.v !== null && v.v !== undefined) {
      v = toDynamic(v.v);
      if (assignable(v.t, t)) return v;
    }
    // One dereference or one address-of.
    if (v.t.kind === 'ptr' && v.t.elem !== undefined && assignable(v.t.elem, t)) {
      if (v.v === null) this.errorf(`dereference of nil pointer of type ${t.name}`);
      return new GoValue(v.t.elem, v.v);
    }
    if (t.kind === 'ptr' && assignable(ptrTo(v.t), t)) return new GoValue(ptrTo(v.t), v.v);
    this.errorf(`wrong type for value; expected ${t.name}; got ${v.t.name}`);
  }
}

/** The pointer directly above target in a chain of pointers starting at v (v itself for a single pointer). */
function pointerTo(v: GoValue, target: GoValue): GoValue {
  let cur = v;
  while (cur.t.elem !== undefined && cur.t.elem !== target.t && cur.t.elem.kind === 'ptr') cur = new GoValue(cur.t.elem, cur.v);
  return cur;
}
