/**
 * @module
 * The executor: walks a parsed tree over a Go value with Go's text/template semantics (exec.go). The state —
 * output, variable stack, current node, template depth — lives in an ExecState separate from the immutable trees.
 * `break`/`continue` travel back up as return codes rather than exceptions; errors are TemplateExecErrors
 * positioned at the node being evaluated, as Go's `s.at(node)` does.
 */
import { formatValue, sprint } from '../go/fmt.ts';
import { quote } from '../go/strconv.ts';
import { T, TC, ptrTo, type GoField, type GoType } from '../go/types.ts';
import { RenderBudgetError, charge, withRenderBudget } from '../go/limits.ts';
import {
  GoValue,
  INVALID,
  NIL,
  findMethod,
  sortedMapEntries,
  zeroRep,
  toDynamic,
  valueAt,
  zeroValue,
} from '../go/value.ts';
import { TemplateExecError, lineAndColumn } from './errors.ts';
import { truth } from './funcs/builtins.ts';
import {
  type ActionNode,
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type RangeNode,
  type TemplateNode,
  type VariableNode,
  print,
} from './node.ts';
import { isStackOverflow, type Tree } from './parse.ts';
import {
  REFLECT_VALUE,
  acceptsStringKey,
  assignable,
  callPlan,
  canBeNil,
  type CallPlan,
  convertInt,
  dynamicValue,
  fieldPath,
  indirect,
  indirectInterface,
  isEmptyInterface,
  isExported,
  mapLookupString,
  nilOf,
  ownRep,
  planArg,
  planResult,
  readField,
  slotValue,
} from './reflect.ts';

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
      state.walk(dot, tree.root);
    });
  } catch (e) {
    if (isStackOverflow(e)) state.errorf('template execution nested too deeply for the JavaScript stack', e);
    // Printing a value for an error message can spend the budget too.
    if (e instanceof RenderBudgetError) state.errorf(e.message, e);
    throw e;
  }
  return state.out;
}

/** Results this long (characters or elements) are counted against the render budget; shorter ones cannot grow fast. */
const LARGE_RESULT = 1024;

/**
 * Counts a long string or list a function returned against the render budget (go/limits.ts), so that doubling a
 * value in a loop (`{{ $l = concat $l $l }}`, `{{ $s = cat $s $s }}`) ends with a template error, not a full heap.
 */
function chargeLargeResult(ret: unknown): void {
  const rep = ret instanceof GoValue ? ret.v : ret;
  if ((typeof rep === 'string' || Array.isArray(rep)) && rep.length >= LARGE_RESULT) charge(rep.length);
}

/** walk results: continue normally, or unwind to the enclosing range for {{break}} / {{continue}}. */
const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
type Control = typeof NORMAL | typeof BREAK | typeof CONTINUE;

const MISSING_INVALID = 0;
const MISSING_ZERO = 1;
const MISSING_ERROR = 2;

class ExecState {
  readonly #set: ReadonlyMap<string, Tree>;
  /** The template being executed. */
  #tree: Tree;
  readonly #missingKey: number;
  readonly #maxDepth: number;
  readonly #maxOutputSize: number;
  readonly #maxSteps: number;
  /** The variable stack: names and values, with #varBase marking where the current template's variables start. */
  readonly #names: string[] = [];
  readonly #values: GoValue[] = [];
  /** The stack height (the arrays are reused above it, never truncated: that is much faster). */
  #varTop = 0;
  #varBase = 0;
  #depth = 0;
  #steps = 0;
  /** The node being evaluated, for error positions. */
  #node: Node | null = null;
  out = '';

  constructor(set: ReadonlyMap<string, Tree>, tree: Tree, options: ExecOptions) {
    this.#set = set;
    this.#tree = tree;
    this.#missingKey =
      options.missingkey === 'zero' ? MISSING_ZERO : options.missingkey === 'error' ? MISSING_ERROR : MISSING_INVALID;
    this.#maxDepth = options.limits.maxDepth;
    this.#maxOutputSize = options.limits.maxOutputSize;
    this.#maxSteps = options.limits.maxSteps;
  }

  // --- errors --------------------------------------------------------------------------------------------------

  #at(node: Node): void {
    this.#node = node;
  }

  errorf(detail: string, cause?: unknown): never {
    const node = this.#node;
    const tree = this.#tree;
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

  #write(s: string): void {
    this.out += s;
    if (this.out.length > this.#maxOutputSize) {
      this.errorf(`output exceeds the maximum size (${this.#maxOutputSize} characters)`);
    }
  }

  // --- variables -----------------------------------------------------------------------------------------------

  push(name: string, value: GoValue): void {
    this.#names[this.#varTop] = name;
    this.#values[this.#varTop] = value;
    this.#varTop++;
  }

  #mark(): number {
    return this.#varTop;
  }

  #pop(mark: number): void {
    this.#varTop = mark;
  }

  /** Assigns the nearest variable of that name (`$x = …`). */
  #setVar(name: string, value: GoValue): void {
    for (let i = this.#varTop - 1; i >= this.#varBase; i--) {
      if (this.#names[i] === name) {
        this.#values[i] = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  /** Sets the value of the n-th variable from the top (1 = the last pushed). */
  #setTopVar(n: number, value: GoValue): void {
    this.#values[this.#varTop - n] = value;
  }

  #varValue(name: string): GoValue {
    for (let i = this.#varTop - 1; i >= this.#varBase; i--) {
      if (this.#names[i] === name) return this.#values[i] as GoValue;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // --- statements ----------------------------------------------------------------------------------------------

  walk(dot: GoValue, node: Node): Control {
    this.#at(node);
    if (++this.#steps > this.#maxSteps) {
      this.errorf(`exceeded the maximum number of execution steps (${this.#maxSteps})`);
    }
    switch (node.type) {
      case 'action':
        return this.#walkAction(dot, node);
      case 'list':
        for (const n of node.nodes) {
          const control = this.walk(dot, n);
          if (control !== NORMAL) return control;
        }
        return NORMAL;
      case 'text':
        this.#write(node.text);
        return NORMAL;
      case 'if':
      case 'with':
        return this.#walkIfOrWith(dot, node);
      case 'range':
        return this.#walkRange(dot, node);
      case 'template':
        this.#walkTemplate(dot, node);
        return NORMAL;
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'comment':
        return NORMAL;
      default:
        this.errorf(`unknown node: ${print(node)}`);
    }
  }

  #walkAction(dot: GoValue, node: ActionNode): Control {
    // Variables declared here persist until the enclosing {{end}}; a declaration prints nothing.
    const value = this.#evalPipeline(dot, node.pipe);
    if (node.pipe.decl.length === 0) this.#printValue(node, value);
    return NORMAL;
  }

  #walkIfOrWith(dot: GoValue, node: BranchNode): Control {
    const mark = this.#mark();
    const value = this.#evalPipeline(dot, node.pipe);
    let control: Control = NORMAL;
    // Conditions are mostly booleans (eq, not, isset…): decide those without the general truth.
    const t = value.t;
    const cond = t === T.bool ? value.v === true : truth(value);
    if (cond) control = this.walk(node.type === 'with' ? value : dot, node.list);
    else if (node.elseList !== null) control = this.walk(dot, node.elseList);
    this.#pop(mark);
    return control;
  }

  #walkRange(dot: GoValue, node: RangeNode): Control {
    this.#at(node);
    const outerMark = this.#mark();
    const value = indirect(this.#evalPipeline(dot, node.pipe)).value;
    // Mark the top of the stack before any variables in the body are pushed.
    const mark = this.#mark();
    let ran = false;
    switch (value.t.kind) {
      case 'slice':
      case 'array': {
        const items = (value.v ?? []) as unknown[];
        const elemType = value.t.elem ?? T.any;
        for (let i = 0; i < items.length; i++) {
          ran = true;
          if (this.#iterate(node, mark, new GoValue(T.int, i), valueAt(elemType, items[i])) === BREAK) break;
        }
        break;
      }
      case 'map': {
        for (const { key, value: elem } of sortedMapEntries(value)) {
          ran = true;
          if (this.#iterate(node, mark, key, elem) === BREAK) break;
        }
        break;
      }
      case 'int':
      case 'uint': {
        // Go ≥ 1.24: range over an integer n runs 0..n-1, each of the integer's type.
        if (node.pipe.decl.length > 1) this.errorf(`can't use ${sprint([value])} to iterate over more than one variable`);
        const n = value.v as number;
        for (let i = 0; i < n; i++) {
          ran = true;
          if (this.#iterate(node, mark, INVALID, new GoValue(value.t, i)) === BREAK) break;
        }
        break;
      }
      case 'invalid':
        break; // A nil map or missing value: not an error.
      default:
        this.errorf(`range can't iterate over ${sprint([value])}`);
    }
    let control: Control = NORMAL;
    if (!ran && node.elseList !== null) {
      // A {{continue}} in the else list belongs to an enclosing range; a {{break}} ends at this one (as in Go).
      if (this.walk(dot, node.elseList) === CONTINUE) control = CONTINUE;
    }
    this.#pop(outerMark);
    return control;
  }

  /** One iteration of a range: sets the range variables, walks the body, pops the body's variables. */
  #iterate(node: RangeNode, mark: number, index: GoValue, elem: GoValue): Control {
    const pipe = node.pipe;
    if (pipe.decl.length > 0) {
      if (pipe.isAssign) {
        // With two variables the index comes first; with one, it gets the element.
        this.#setVar((pipe.decl[0] as VariableNode).ident[0] as string, pipe.decl.length > 1 ? index : elem);
      } else {
        this.#setTopVar(1, elem); // The last declared variable gets the element.
      }
    }
    if (pipe.decl.length > 1) {
      if (pipe.isAssign) this.#setVar((pipe.decl[1] as VariableNode).ident[0] as string, elem);
      else this.#setTopVar(2, index);
    }
    const control = this.walk(elem, node.list);
    this.#pop(mark);
    return control;
  }

  #walkTemplate(dot: GoValue, node: TemplateNode): void {
    this.#at(node);
    const tree = this.#set.get(node.name);
    if (tree === undefined) this.errorf(`template ${quote(node.name)} not defined`);
    if (this.#depth >= this.#maxDepth) this.errorf(`exceeded maximum template depth (${this.#maxDepth})`);
    // Variables declared by the pipeline persist in the caller.
    const newDot = this.#evalPipeline(dot, node.pipe);
    const savedTree = this.#tree;
    const savedBase = this.#varBase;
    const mark = this.#mark();
    // No dynamic scoping: the called template sees only its own $.
    this.#tree = tree;
    this.#varBase = mark;
    this.#depth++;
    this.push('$', newDot);
    this.walk(newDot, tree.root);
    this.#depth--;
    this.#pop(mark);
    this.#varBase = savedBase;
    this.#tree = savedTree;
  }

  // --- printing ------------------------------------------------------------------------------------------------

  #printValue(node: Node, value: GoValue): void {
    this.#at(node);
    if (value.t === T.string) {
      // What templates print most: a plain string is written as it is.
      this.#write(value.v as string);
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
      this.#write('<no value>');
      return;
    }
    if (v.t.methods === undefined) {
      // Fast paths for what templates print most; everything else goes through fmt.Sprint.
      switch (kind) {
        case 'string':
          this.#write(v.v as string);
          return;
        case 'int':
        case 'uint':
          if (Number.isSafeInteger(v.v)) {
            this.#write(String(v.v));
            return;
          }
          break;
        case 'float':
          this.#write(formatValue(v));
          return;
        case 'bool':
          this.#write(v.v ? 'true' : 'false');
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
    this.#write(printed);
  }

  // --- pipelines and commands ----------------------------------------------------------------------------------

  #evalPipeline(dot: GoValue, pipe: PipeNode | null): GoValue {
    if (pipe === null) return INVALID;
    this.#at(pipe);
    const cmds = pipe.cmds;
    let value: GoValue | undefined;
    for (let i = 0; i < cmds.length; i++) {
      value = this.#evalCommand(dot, cmds[i] as CommandNode, value); // The previous value is this one's final argument.
      // A value of static type interface {} is replaced by what it holds (a nil interface by the invalid value).
      const t = value.t;
      if (t === T.any || (t.kind === 'iface' && isEmptyInterface(t))) value = indirectInterface(value);
    }
    const result = value as GoValue;
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      const name = (decl[i] as VariableNode).ident[0] as string;
      if (pipe.isAssign) this.#setVar(name, result);
      else this.push(name, result);
    }
    return result;
  }

  #evalCommand(dot: GoValue, cmd: CommandNode, final: GoValue | undefined): GoValue {
    const first = cmd.args[0] as ArgNode;
    switch (first.type) {
      case 'field':
        return this.#evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.#evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.#evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        // A parenthesised pipeline: its arguments are inside it, so there must be no others.
        this.#notAFunction(cmd.args, final);
        return this.#evalPipeline(dot, first);
      case 'variable':
        return this.#evalVariableNode(dot, first, cmd.args, final);
    }
    this.#at(first);
    this.#notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.constant;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      case 'number':
        return this.#idealConstant(first);
      case 'string':
        return first.constant;
    }
  }

  #notAFunction(args: readonly ArgNode[], final: GoValue | undefined): void {
    if (args.length > 1 || final !== undefined) this.errorf(`can't give argument to non-function ${print(args[0] as ArgNode)}`);
  }

  #idealConstant(node: NumberNode): GoValue {
    this.#at(node);
    if (typeof node.constant === 'string') this.errorf(node.constant);
    return node.constant;
  }

  // --- fields --------------------------------------------------------------------------------------------------

  #evalFieldNode(dot: GoValue, field: FieldNode, args: readonly ArgNode[] | null, final: GoValue | undefined): GoValue {
    this.#at(field);
    return this.#evalFieldChain(dot, dot, field, field.ident, 0, args, final);
  }

  #evalChainNode(dot: GoValue, chain: ChainNode, args: readonly ArgNode[] | null, final: GoValue | undefined): GoValue {
    this.#at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${print(chain)}`);
    // (pipe).Field1.Field2: evaluate the pipeline, then the fields.
    const receiver = this.#evalArg(dot, null, chain.node);
    return this.#evalFieldChain(dot, receiver, chain, chain.field, 0, args, final);
  }

  #evalVariableNode(dot: GoValue, variable: VariableNode, args: readonly ArgNode[] | null, final: GoValue | undefined): GoValue {
    this.#at(variable);
    const value = this.#varValue(variable.ident[0] as string);
    if (variable.ident.length === 1) {
      if (args !== null) this.#notAFunction(args, final);
      else if (final !== undefined) this.errorf(`can't give argument to non-function ${print(variable)}`);
      return value;
    }
    return this.#evalFieldChain(dot, value, variable, variable.ident, 1, args, final);
  }

  /** .X.Y.Z from ident[start]: only the last element gets the arguments (if it is a method). */
  #evalFieldChain(
    dot: GoValue,
    receiver: GoValue,
    node: FieldNode | ChainNode | VariableNode,
    ident: readonly string[],
    start: number,
    args: readonly ArgNode[] | null,
    final: GoValue | undefined,
  ): GoValue {
    const last = ident.length - 1;
    let r = receiver;
    let i = start;
    if (r.t === TC.mapStringAny && i < last) {
      // .Values.global.proxy…: while each entry is itself a map[string]interface {} decoded from JSON, step through
      // the reps directly; the value is wrapped once, where the chain leaves the maps. Same results as #evalField.
      const rep = r.v;
      let cur = rep;
      for (; i < last; i++) {
        const next = ownRep(cur, ident[i] as string);
        if (!isPlainMapRep(next)) break;
        cur = next;
      }
      if (cur !== rep) r = new GoValue(TC.mapStringAny, cur);
    }
    for (; i < last; i++) r = this.#evalField(dot, ident, i, node, null, undefined, r);
    return this.#evalField(dot, ident, last, node, args, final, r);
  }

  /** ident[i] of node on receiver: a method, a struct field or a map key. */
  #evalField(
    dot: GoValue,
    ident: readonly string[],
    i: number,
    node: FieldNode | ChainNode | VariableNode,
    args: readonly ArgNode[] | null,
    final: GoValue | undefined,
    receiver: GoValue,
  ): GoValue {
    const fieldName = ident[i] as string;
    const typ = receiver.t;
    const hasArgs = (args !== null && args.length > 1) || final !== undefined;
    // The fast path: the per-node inline cache holds, per ident index, the receiver type seen last and how a field
    // of that type is read (see planFieldStep); anything unusual takes the general path below.
    const cache = node.cache;
    let step: FieldStep;
    if (cache[2 * i] === typ) {
      step = cache[2 * i + 1] as FieldStep;
    } else {
      step = planFieldStep(typ, fieldName);
      cache[2 * i] = typ;
      cache[2 * i + 1] = step;
    }
    if (!hasArgs) {
      switch (step.op) {
        case STEP_STRUCT:
          return this.#readStep(step, receiver.v);
        case STEP_PTR_STRUCT: {
          const rep = receiver.v;
          if (rep !== null && rep !== undefined) return this.#readStep(step, rep);
          break;
        }
        case STEP_MAP: {
          const rep = mapLookupString(receiver, fieldName);
          if (rep !== undefined) return step.elemIsIface ? dynamicValue(rep) : new GoValue(step.elem, rep);
          if (this.#missingKey === MISSING_ZERO) return zeroValue(step.elem);
          if (this.#missingKey === MISSING_ERROR) this.errorf(`map has no entry for key ${quote(fieldName)}`);
          return INVALID;
        }
      }
    }
    return this.#evalFieldSlow(dot, fieldName, node, args, final, receiver, hasArgs);
  }

  /** A struct field read through a planned step (the rep is the struct's, non-nil for a pointer receiver). */
  #readStep(step: FieldStep, rep: unknown): GoValue {
    if (step.path === null) {
      const f = step.inline ? rep : ownRep(rep, step.rep);
      if (step.elemIsIface) return dynamicValue(f);
      return new GoValue(step.elem, f === undefined ? zeroRep(step.elem) : f);
    }
    try {
      return readField(new GoValue(step.struct, rep), step.path);
    } catch (e) {
      this.errorf((e as Error).message, e);
    }
  }

  /** The general field step: methods, pointers and interfaces, nil receivers and every error. */
  #evalFieldSlow(
    dot: GoValue,
    fieldName: string,
    node: FieldNode | ChainNode | VariableNode,
    args: readonly ArgNode[] | null,
    final: GoValue | undefined,
    receiver: GoValue,
    hasArgs: boolean,
  ): GoValue {
    const typ = receiver.t;
    if (typ.kind === 'invalid') {
      if (this.#missingKey === MISSING_ERROR) this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return INVALID;
    }
    // Follow pointers and interfaces; stop at a nil one (Go's indirect).
    let r = receiver;
    let t = typ;
    let kind = t.kind;
    let isNil = false;
    while (kind === 'ptr' || kind === 'iface') {
      const rep = r.v;
      if (rep === null || rep === undefined) {
        isNil = true;
        break;
      }
      r = kind === 'ptr' ? new GoValue(t.elem ?? T.any, rep) : dynamicValue(rep);
      t = r.t;
      kind = t.kind;
    }
    if (isNil && kind === 'iface') {
      // Calling a method on a nil interface can't work; missingkey does not apply.
      this.errorf(`nil pointer evaluating ${typ.name}.${fieldName}`);
    }
    // Methods first (value and pointer receivers, also on a nil pointer).
    if (t.methods !== undefined || (kind === 'ptr' && t.elem?.methods !== undefined)) {
      const method = findMethod(r, fieldName);
      if (method !== undefined) return this.#evalCall(dot, callPlan(method), false, node, fieldName, args, final, r);
    }
    switch (kind) {
      case 'struct': {
        const path = fieldPath(t, fieldName);
        if (path === null) break;
        if (!isExported(fieldName)) this.errorf(`${fieldName} is an unexported field of struct type ${typ.name}`);
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        try {
          return readField(r, path);
        } catch (e) {
          this.errorf((e as Error).message, e);
        }
      }
      case 'map': {
        if (!acceptsStringKey(t.key ?? T.string)) break;
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        const elemType = t.elem ?? T.any;
        const rep = mapLookupString(r, fieldName);
        if (rep !== undefined) return slotValue(elemType, rep);
        if (this.#missingKey === MISSING_ZERO) return zeroValue(elemType);
        if (this.#missingKey === MISSING_ERROR) this.errorf(`map has no entry for key ${quote(fieldName)}`);
        return INVALID;
      }
      case 'ptr': {
        const elem = t.elem ?? T.any;
        if (elem.kind === 'struct' && fieldPath(elem, fieldName) === null) break;
        if (isNil) this.errorf(`nil pointer evaluating ${typ.name}.${fieldName}`);
        break;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ.name}`);
  }

  // --- functions -----------------------------------------------------------------------------------------------

  #evalFunction(
    dot: GoValue,
    node: IdentifierNode,
    cmd: Node,
    args: readonly ArgNode[] | null,
    final: GoValue | undefined,
  ): GoValue {
    this.#at(node);
    const plan = node.plan;
    if (plan === undefined) this.errorf(`${quote(node.ident)} is not a defined function`);
    return this.#evalCall(dot, plan, node.builtin, cmd, node.ident, args, final, null);
  }

  /**
   * Calls a function or method. args holds the command's words (the first names the function and is skipped);
   * final is the value piped in, which becomes the last argument.
   */
  #evalCall(
    dot: GoValue,
    plan: CallPlan,
    isBuiltin: boolean,
    node: Node,
    name: string,
    args: readonly ArgNode[] | null,
    final: GoValue | undefined,
    receiver: GoValue | null,
  ): GoValue {
    const nArgs = args === null ? 0 : args.length - 1;
    const numIn = final === undefined ? nArgs : nArgs + 1;
    const numParams = plan.numParams;
    const variadic = plan.variadic;
    let numFixed = nArgs;
    if (variadic !== null) {
      numFixed = numParams;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numParams} got ${nArgs}`);
    } else if (numIn !== numParams) {
      this.errorf(`wrong number of args for ${name}: want ${numParams} got ${numIn}`);
    }
    if (!plan.validResults) this.errorf(`function ${name} has ${plan.numResults} return values; should be 1 or 2`);

    // The builtin and/or short-circuit: they return the first falsy/truthy argument without evaluating the rest.
    if (isBuiltin && (name === 'and' || name === 'or') && args !== null) {
      const wantTruth = name === 'or';
      let v: GoValue = INVALID;
      for (let i = 1; i < args.length; i++) {
        v = this.#evalArg(dot, REFLECT_VALUE, args[i] as ArgNode);
        if (truth(v) === wantTruth) return v;
      }
      if (final !== undefined) v = final;
      return v;
    }

    if (receiver === null && numIn <= 3) return this.#callDirect(dot, plan, node, name, args, nArgs, final);

    // A method's receiver rep goes first.
    const base = receiver === null ? 0 : 1;
    const argv: unknown[] = new Array<unknown>(numIn + base);
    if (receiver !== null) {
      if (receiver.t.kind === 'ptr' && receiver.v === null && !plan.ptrReceiver) {
        this.errorf(`error calling ${name}: nil pointer evaluating ${receiver.t.name}.${name}`);
      }
      argv[0] = receiver.v;
    }
    const params = plan.params;
    const modes = plan.modes;
    let i = 0;
    for (; i < numFixed && i < nArgs; i++) {
      argv[base + i] = planArg(this.#evalArg(dot, params[i] as GoType, (args as readonly ArgNode[])[i + 1] as ArgNode), modes[i] as number);
    }
    if (variadic !== null) {
      const mode = plan.variadicMode;
      for (; i < nArgs; i++) argv[base + i] = planArg(this.#evalArg(dot, variadic, (args as readonly ArgNode[])[i + 1] as ArgNode), mode);
    }
    if (final !== undefined) {
      let t: GoType;
      let mode: number;
      if (variadic === null) {
        t = params[numParams - 1] as GoType;
        mode = modes[numParams - 1] as number;
      } else if (numIn - 1 < numFixed) {
        t = params[numIn - 1] as GoType;
        mode = modes[numIn - 1] as number;
      } else {
        t = variadic;
        mode = plan.variadicMode;
      }
      argv[base + i] = planArg(this.#validateType(final, t), mode);
    }

    let ret: unknown;
    const impl = plan.impl;
    try {
      switch (argv.length) {
        case 0:
          ret = impl();
          break;
        case 1:
          ret = impl(argv[0]);
          break;
        case 2:
          ret = impl(argv[0], argv[1]);
          break;
        case 3:
          ret = impl(argv[0], argv[1], argv[2]);
          break;
        default:
          ret = impl(...argv);
      }
      chargeLargeResult(ret);
    } catch (e) {
      this.#at(node);
      this.errorf(`error calling ${name}: ${errorMessage(e)}`, e);
    }
    return planResult(plan, ret);
  }

  /**
   * #evalCall for a function (no receiver) called with at most three arguments, the count already checked: the
   * arguments (fixed, then variadic, then the piped value) go straight to the impl, evaluated in the same order,
   * without an argument array.
   */
  #callDirect(
    dot: GoValue,
    plan: CallPlan,
    node: Node,
    name: string,
    args: readonly ArgNode[] | null,
    nArgs: number,
    final: GoValue | undefined,
  ): GoValue {
    let a0: unknown;
    let a1: unknown;
    let a2: unknown;
    if (nArgs > 0) {
      const words = args as readonly ArgNode[];
      a0 = planArg(this.#evalArg(dot, paramType(plan, 0), words[1] as ArgNode), paramMode(plan, 0));
      if (nArgs > 1) a1 = planArg(this.#evalArg(dot, paramType(plan, 1), words[2] as ArgNode), paramMode(plan, 1));
      if (nArgs > 2) a2 = planArg(this.#evalArg(dot, paramType(plan, 2), words[3] as ArgNode), paramMode(plan, 2));
    }
    let numIn = nArgs;
    if (final !== undefined) {
      const last = planArg(this.#validateType(final, paramType(plan, nArgs)), paramMode(plan, nArgs));
      if (nArgs === 0) a0 = last;
      else if (nArgs === 1) a1 = last;
      else a2 = last;
      numIn++;
    }
    let ret: unknown;
    const impl = plan.impl;
    try {
      switch (numIn) {
        case 0:
          ret = impl();
          break;
        case 1:
          ret = impl(a0);
          break;
        case 2:
          ret = impl(a0, a1);
          break;
        default:
          ret = impl(a0, a1, a2);
      }
      chargeLargeResult(ret);
    } catch (e) {
      this.#at(node);
      this.errorf(`error calling ${name}: ${errorMessage(e)}`, e);
    }
    return planResult(plan, ret);
  }

  // --- arguments -----------------------------------------------------------------------------------------------

  /** Evaluates an argument for a parameter of type t (null: no type, as for the head of a chain). */
  #evalArg(dot: GoValue, t: GoType | null, n: ArgNode): GoValue {
    this.#at(n);
    switch (n.type) {
      case 'dot':
        return this.#validateType(dot, t);
      case 'nil':
        if (t !== null && canBeNil(t)) return nilOf(t);
        this.errorf(`cannot assign nil to ${t === null ? 'nil' : t.name}`);
      case 'field':
        return this.#validateType(this.#evalFieldNode(dot, n, null, undefined), t);
      case 'variable':
        return this.#validateType(this.#evalVariableNode(dot, n, null, undefined), t);
      case 'pipe':
        return this.#validateType(this.#evalPipeline(dot, n), t);
      case 'identifier':
        return this.#validateType(this.#evalFunction(dot, n, n, null, undefined), t);
      case 'chain':
        return this.#validateType(this.#evalChainNode(dot, n, null, undefined), t);
    }
    if (t === null || t === REFLECT_VALUE || isEmptyInterface(t)) return this.#evalEmptyInterface(dot, n);
    switch (t.kind) {
      case 'bool':
        if (n.type === 'bool') return t === T.bool ? n.constant : new GoValue(t, n.value);
        this.errorf(`expected bool; found ${print(n)}`);
      case 'string':
        if (n.type === 'string') return t === T.string ? n.constant : new GoValue(t, n.text);
        this.errorf(`expected string; found ${print(n)}`);
      case 'int':
        if (n.type === 'number' && n.isInt) return new GoValue(t, convertInt(n.int64, t));
        this.errorf(`expected integer; found ${print(n)}`);
      case 'uint':
        if (n.type === 'number' && n.isUint) return new GoValue(t, convertInt(n.uint64, t));
        this.errorf(`expected unsigned integer; found ${print(n)}`);
      case 'float':
        if (n.type === 'number' && n.isFloat) return new GoValue(t, t.bits === 32 ? Math.fround(n.float64) : n.float64);
        this.errorf(`expected float; found ${print(n)}`);
      case 'complex':
        if (n.type === 'number' && n.isComplex) return new GoValue(t, n.complex128);
        this.errorf(`expected complex; found ${print(n)}`);
    }
    this.errorf(`can't handle ${print(n)} for arg of type ${t.name}`);
  }

  /** An argument for an `interface {}` (or reflect.Value) parameter: literals take their default types. */
  #evalEmptyInterface(dot: GoValue, n: ArgNode): GoValue {
    this.#at(n);
    switch (n.type) {
      case 'bool':
      case 'string':
        return n.constant;
      case 'number':
        return this.#idealConstant(n);
      case 'dot':
        return dot;
      default:
        this.errorf(`can't handle assignment of ${print(n)} to empty interface argument`);
    }
  }

  /** Checks that a computed value fits a parameter of type t, dereferencing or unwrapping once if that helps. */
  #validateType(value: GoValue, t: GoType | null): GoValue {
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

/** The type of a call's k-th argument: its parameter's, or the variadic element type past the fixed ones. */
function paramType(plan: CallPlan, k: number): GoType {
  return k < plan.numParams ? (plan.params[k] as GoType) : (plan.variadic as GoType);
}

/** How a call's k-th argument reaches the impl (see paramType). */
function paramMode(plan: CallPlan, k: number): number {
  return k < plan.numParams ? (plan.modes[k] as number) : plan.variadicMode;
}

/** A rep that dynamicValue turns into a map[string]interface {}: a plain or prototype-free object. */
function isPlainMapRep(rep: unknown): rep is object {
  if (typeof rep !== 'object' || rep === null || Array.isArray(rep)) return false;
  const proto = Object.getPrototypeOf(rep) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The pointer directly above target in a chain of pointers starting at v (v itself for a single pointer). */
function pointerTo(v: GoValue, target: GoValue): GoValue {
  let cur = v;
  while (cur.t.elem !== undefined && cur.t.elem !== target.t && cur.t.elem.kind === 'ptr') cur = new GoValue(cur.t.elem, cur.v);
  return cur;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

// --- planned field steps -------------------------------------------------------------------------------------------

const STEP_GENERAL = 0;
const STEP_STRUCT = 1;
const STEP_PTR_STRUCT = 2;
const STEP_MAP = 3;

/**
 * How a field name is read from a receiver of one type, worked out once per (node, ident index, receiver type): a
 * struct field (directly or through a non-nil pointer) or a string-keyed map entry, when no method of that name can
 * intervene; STEP_GENERAL otherwise. One class, so that the hot path reads one object shape.
 */
class FieldStep {
  readonly op: number;
  /** The struct type (STEP_STRUCT, STEP_PTR_STRUCT). */
  readonly struct: GoType;
  /** The field path when it is not a single field; null for a single field, read by `rep`. */
  readonly path: readonly GoField[] | null;
  /** The single field's rep key. */
  readonly rep: string;
  /** The single field is an inline embedded struct: it shares the parent's rep. */
  readonly inline: boolean;
  /** The type of the value read: the field's type or the map's element type. */
  readonly elem: GoType;
  readonly elemIsIface: boolean;
  constructor(op: number, struct: GoType, path: readonly GoField[] | null, rep: string, inline: boolean, elem: GoType) {
    this.op = op;
    this.struct = struct;
    this.path = path;
    this.rep = rep;
    this.inline = inline;
    this.elem = elem;
    this.elemIsIface = elem.kind === 'iface';
  }
}

const GENERAL_STEP = new FieldStep(STEP_GENERAL, T.invalid, null, '', false, T.invalid);

function planFieldStep(typ: GoType, name: string): FieldStep {
  const kind = typ.kind;
  if (kind === 'map') {
    if (findMethod(new GoValue(typ, null), name) !== undefined || !acceptsStringKey(typ.key ?? T.string)) return GENERAL_STEP;
    return new FieldStep(STEP_MAP, typ, null, '', false, typ.elem ?? T.any);
  }
  let struct = typ;
  let op = STEP_STRUCT;
  if (kind === 'ptr') {
    const elem = typ.elem;
    if (elem === undefined || elem.kind !== 'struct') return GENERAL_STEP;
    struct = elem;
    op = STEP_PTR_STRUCT;
  } else if (kind !== 'struct') {
    return GENERAL_STEP;
  }
  // The general path looks for methods on the struct itself (after following the pointer).
  if (findMethod(new GoValue(struct, null), name) !== undefined || !isExported(name)) return GENERAL_STEP;
  const path = fieldPath(struct, name);
  if (path === null) return GENERAL_STEP;
  const only = path.length === 1 ? (path[0] as GoField) : undefined;
  if (only === undefined) return new FieldStep(op, struct, path, '', false, T.invalid);
  return new FieldStep(op, struct, null, only.json ?? only.name, only.inline === true, only.type);
}
