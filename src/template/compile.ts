/**
 * @module
 * The compiler: turns a parsed tree into a tree of closures, once per tree, that the executor runs (exec.ts). Each
 * closure does what Go's exec.go does for its node — the same evaluation order, the same `s.at(node)` positions
 * for errors, the same checks — but what is fixed by the template text is decided here, once: which kind of node
 * it is, which function a command calls and how its arguments reach it, how a literal converts to a parameter's
 * type. No code is generated: there is no `eval` and no `new Function`, only closures over the immutable nodes.
 *
 * Arity and literal errors found here are not raised here: they become closures that raise them when (and only
 * when) execution reaches them, as Go does.
 */
import { quote } from '../go/strconv.ts';
import { T, TC, type GoType } from '../go/types.ts';
import { charge } from '../go/limits.ts';
import { GoValue, INVALID, findMethod, sortedMapEntries, valueAt, zeroRep, zeroValue } from '../go/value.ts';
import { sprint } from '../go/fmt.ts';
import { truth } from './funcs/builtins.ts';
import {
  type ActionNode,
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  type PipeNode,
  type RangeNode,
  type TemplateNode,
  type VariableNode,
  print,
} from './node.ts';
import type { Tree } from './parse.ts';
import type { ExecState } from './exec.ts';
import { FieldStep, STEP_MAP, STEP_PTR_STRUCT, STEP_STRUCT, planFieldStep } from './field-step.ts';
import {
  REFLECT_VALUE,
  acceptsStringKey,
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

/** What a statement returns: continue normally, or unwind to the enclosing range for {{break}} / {{continue}}. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export type Control = typeof NORMAL | typeof BREAK | typeof CONTINUE;

/** The missingkey option as ExecState.missingKey holds it. */
export const MISSING_INVALID = 0;
export const MISSING_ZERO = 1;
export const MISSING_ERROR = 2;

/** A compiled statement (text, action, if, range, …). */
export type Stmt = (s: ExecState, dot: GoValue) => Control;
/** A compiled expression: an argument or a pipeline. */
type Expr = (s: ExecState, dot: GoValue) => GoValue;
/** A compiled command; final is the value piped in from the previous command, which becomes its last argument. */
type Cmd = (s: ExecState, dot: GoValue, final: GoValue | undefined) => GoValue;
/** A compiled chain of field names (.X.Y.Z) applied to a receiver. */
type Chain = (s: ExecState, dot: GoValue, receiver: GoValue, final: GoValue | undefined) => GoValue;

const roots = new WeakMap<Tree, Stmt>();

/** The compiled root of a tree, compiled on first use and kept as long as the tree is. */
export function compiledRoot(tree: Tree): Stmt {
  let root = roots.get(tree);
  if (root === undefined) {
    root = compileStmt(tree.root);
    roots.set(tree, root);
  }
  return root;
}

// --- statements ------------------------------------------------------------------------------------------------

function compileStmt(node: Node): Stmt {
  switch (node.type) {
    case 'action':
      return compileAction(node);
    case 'list':
      return compileList(node);
    case 'text': {
      const text = node.text;
      return (s) => {
        s.enter(node);
        s.write(text);
        return NORMAL;
      };
    }
    case 'if':
    case 'with':
      return compileIfOrWith(node);
    case 'range':
      return compileRange(node);
    case 'template':
      return compileTemplateCall(node);
    case 'break':
      return (s) => {
        s.enter(node);
        return BREAK;
      };
    case 'continue':
      return (s) => {
        s.enter(node);
        return CONTINUE;
      };
    case 'comment':
      return (s) => {
        s.enter(node);
        return NORMAL;
      };
    default:
      return (s) => {
        s.enter(node);
        return s.errorf(`unknown node: ${print(node)}`);
      };
  }
}

function compileList(node: ListNode): Stmt {
  const parts = node.nodes.map(compileStmt);
  return (s, dot) => {
    s.enter(node);
    for (let i = 0; i < parts.length; i++) {
      const control = (parts[i] as Stmt)(s, dot);
      if (control !== NORMAL) return control;
    }
    return NORMAL;
  };
}

function compileAction(node: ActionNode): Stmt {
  const pipe = compilePipe(node.pipe);
  // Variables declared here persist until the enclosing {{end}}; a declaration prints nothing.
  const prints = node.pipe.decl.length === 0;
  return (s, dot) => {
    s.enter(node);
    const value = pipe(s, dot);
    if (prints) s.printValue(node, value);
    return NORMAL;
  };
}

function compileIfOrWith(node: BranchNode): Stmt {
  const pipe = compilePipe(node.pipe);
  const list = compileStmt(node.list);
  const elseList = node.elseList === null ? null : compileStmt(node.elseList);
  const isWith = node.type === 'with';
  return (s, dot) => {
    s.enter(node);
    const mark = s.varTop;
    const value = pipe(s, dot);
    let control: Control = NORMAL;
    // Conditions are mostly booleans (eq, not, isset…): decide those without the general truth.
    const cond = value.t === T.bool ? value.v === true : truth(value);
    if (cond) control = list(s, isWith ? value : dot);
    else if (elseList !== null) control = elseList(s, dot);
    s.varTop = mark;
    return control;
  };
}

function compileRange(node: RangeNode): Stmt {
  const pipe = compilePipe(node.pipe);
  const body = compileStmt(node.list);
  const elseList = node.elseList === null ? null : compileStmt(node.elseList);
  const decl = node.pipe.decl;
  const isAssign = node.pipe.isAssign;
  const first = decl.length > 0 ? ((decl[0] as VariableNode).ident[0] as string) : '';
  const second = decl.length > 1 ? ((decl[1] as VariableNode).ident[0] as string) : '';

  /** One iteration: sets the range variables, runs the body, pops the body's variables. */
  const iterate = (s: ExecState, mark: number, index: GoValue, elem: GoValue): Control => {
    if (decl.length > 0) {
      // With two variables the index comes first; with one, it gets the element.
      if (isAssign) s.setVar(first, decl.length > 1 ? index : elem);
      else s.setTopVar(1, elem); // The last declared variable gets the element.
    }
    if (decl.length > 1) {
      if (isAssign) s.setVar(second, elem);
      else s.setTopVar(2, index);
    }
    const control = body(s, elem);
    s.varTop = mark;
    return control;
  };

  return (s, dot) => {
    s.enter(node);
    const outerMark = s.varTop;
    const value = indirect(pipe(s, dot)).value;
    // Mark the top of the stack before any variables in the body are pushed.
    const mark = s.varTop;
    let ran = false;
    switch (value.t.kind) {
      case 'slice':
      case 'array': {
        const items = (value.v ?? []) as unknown[];
        const elemType = value.t.elem ?? T.any;
        for (let i = 0; i < items.length; i++) {
          ran = true;
          if (iterate(s, mark, new GoValue(T.int, i), valueAt(elemType, items[i])) === BREAK) break;
        }
        break;
      }
      case 'map': {
        for (const { key, value: elem } of sortedMapEntries(value)) {
          ran = true;
          if (iterate(s, mark, key, elem) === BREAK) break;
        }
        break;
      }
      case 'int':
      case 'uint': {
        // Go ≥ 1.24: range over an integer n runs 0..n-1, each of the integer's type.
        if (decl.length > 1) s.errorf(`can't use ${sprint([value])} to iterate over more than one variable`);
        const n = value.v as number;
        for (let i = 0; i < n; i++) {
          ran = true;
          if (iterate(s, mark, INVALID, new GoValue(value.t, i)) === BREAK) break;
        }
        break;
      }
      case 'invalid':
        break; // A nil map or missing value: not an error.
      default:
        s.errorf(`range can't iterate over ${sprint([value])}`);
    }
    let control: Control = NORMAL;
    if (!ran && elseList !== null) {
      // A {{continue}} in the else list belongs to an enclosing range; a {{break}} ends at this one (as in Go).
      if (elseList(s, dot) === CONTINUE) control = CONTINUE;
    }
    s.varTop = outerMark;
    return control;
  };
}

function compileTemplateCall(node: TemplateNode): Stmt {
  const name = node.name;
  const pipe = node.pipe === null ? null : compilePipe(node.pipe);
  return (s, dot) => {
    s.enter(node);
    const tree = s.set.get(name);
    if (tree === undefined) return s.errorf(`template ${quote(name)} not defined`);
    if (s.depth >= s.maxDepth) s.errorf(`exceeded maximum template depth (${s.maxDepth})`);
    // Variables declared by the pipeline persist in the caller.
    const newDot = pipe === null ? INVALID : pipe(s, dot);
    const savedTree = s.tree;
    const savedBase = s.varBase;
    const mark = s.varTop;
    // No dynamic scoping: the called template sees only its own $.
    s.tree = tree;
    s.varBase = mark;
    s.depth++;
    s.push('$', newDot);
    compiledRoot(tree)(s, newDot);
    s.depth--;
    s.varTop = mark;
    s.varBase = savedBase;
    s.tree = savedTree;
    return NORMAL;
  };
}

// --- pipelines and commands ------------------------------------------------------------------------------------

/** A value of static type interface {} is replaced by what it holds (a nil interface by the invalid value). */
function unwrapEmptyInterface(value: GoValue): GoValue {
  const t = value.t;
  return t === T.any || (t.kind === 'iface' && isEmptyInterface(t)) ? indirectInterface(value) : value;
}

function compilePipe(pipe: PipeNode): Expr {
  // The previous command's value is the next one's final argument: only the first command has none.
  const cmds = pipe.cmds.map((cmd, i) => compileCommand(cmd, i > 0));
  const names = pipe.decl.map((d) => d.ident[0] as string);
  const isAssign = pipe.isAssign;
  if (cmds.length === 1 && names.length === 0) {
    const only = cmds[0] as Cmd;
    return (s, dot) => {
      s.node = pipe;
      return unwrapEmptyInterface(only(s, dot, undefined));
    };
  }
  return (s, dot) => {
    s.node = pipe;
    let value: GoValue | undefined;
    for (let i = 0; i < cmds.length; i++) value = unwrapEmptyInterface((cmds[i] as Cmd)(s, dot, value));
    const result = value as GoValue;
    for (let i = 0; i < names.length; i++) {
      if (isAssign) s.setVar(names[i] as string, result);
      else s.push(names[i] as string, result);
    }
    return result;
  };
}

function compileCommand(cmd: CommandNode, piped: boolean): Cmd {
  const words = cmd.args;
  const first = words[0] as ArgNode;
  switch (first.type) {
    case 'field': {
      const chain = compileChain(first, first.ident, 0, words);
      return (s, dot, final) => {
        s.node = first;
        return chain(s, dot, dot, final);
      };
    }
    case 'chain':
      return compileChainNode(first, words);
    case 'identifier':
      return compileCall(first, cmd, words, piped);
    case 'pipe': {
      // A parenthesised pipeline: its arguments are inside it, so there must be no others.
      const pipe = compilePipe(first);
      return (s, dot, final) => {
        notAFunction(s, words, final);
        return pipe(s, dot);
      };
    }
    case 'variable':
      return compileVariable(first, words);
    case 'bool':
    case 'string': {
      const constant = first.constant;
      return (s, _dot, final) => {
        s.node = first;
        notAFunction(s, words, final);
        return constant;
      };
    }
    case 'dot':
      return (s, dot, final) => {
        s.node = first;
        notAFunction(s, words, final);
        return dot;
      };
    case 'nil':
      return (s, _dot, final) => {
        s.node = first;
        notAFunction(s, words, final);
        return s.errorf('nil is not a command');
      };
    case 'number': {
      const constant = first.constant;
      return (s, _dot, final) => {
        s.node = first;
        notAFunction(s, words, final);
        return typeof constant === 'string' ? s.errorf(constant) : constant;
      };
    }
  }
}

function notAFunction(s: ExecState, words: readonly ArgNode[], final: GoValue | undefined): void {
  if (words.length > 1 || final !== undefined) s.errorf(`can't give argument to non-function ${print(words[0] as ArgNode)}`);
}

// --- fields ----------------------------------------------------------------------------------------------------

function compileChainNode(chain: ChainNode, words: readonly ArgNode[] | null): Cmd {
  // (pipe).Field1.Field2: evaluate the pipeline, then the fields.
  const receiver = chain.node.type === 'nil' ? null : compileArg(chain.node, null);
  const fields = compileChain(chain, chain.field, 0, words);
  return (s, dot, final) => {
    s.node = chain;
    if (receiver === null) return s.errorf(`indirection through explicit nil in ${print(chain)}`);
    return fields(s, dot, receiver(s, dot), final);
  };
}

function compileVariable(variable: VariableNode, words: readonly ArgNode[] | null): Cmd {
  const name = variable.ident[0] as string;
  if (variable.ident.length === 1) {
    return (s, _dot, final) => {
      s.node = variable;
      const value = s.varValue(name);
      if (words !== null) notAFunction(s, words, final);
      else if (final !== undefined) s.errorf(`can't give argument to non-function ${print(variable)}`);
      return value;
    };
  }
  const fields = compileChain(variable, variable.ident, 1, words);
  return (s, dot, final) => {
    s.node = variable;
    return fields(s, dot, s.varValue(name), final);
  };
}

/** The inline cache of one field name in a chain: the receiver type seen last there and how to read the field. */
class FieldSite {
  type: GoType | null = null;
  step: FieldStep | null = null;
}

/** .X.Y.Z from ident[start]: only the last name gets the command's arguments (if it is a method). */
function compileChain(
  node: FieldNode | ChainNode | VariableNode,
  ident: readonly string[],
  start: number,
  words: readonly ArgNode[] | null,
): Chain {
  const last = ident.length - 1;
  const sites = ident.map(() => new FieldSite());
  const args = words === null ? null : new CompiledArgs(words);
  const wordsAreArgs = words !== null && words.length > 1;
  return (s, dot, receiver, final) => {
    let r = receiver;
    let i = start;
    while (i < last) {
      if (r.t === TC.mapStringAny) {
        // .Values.global.proxy…: while each entry is itself a map[string]interface {} decoded from JSON, step
        // through the reps directly; the value is wrapped once, where the chain leaves the maps. Same results as
        // fieldOf (a map has no methods, and dynamicValue makes such a rep a map[string]interface {}).
        const rep = r.v;
        let cur = rep;
        for (; i < last; i++) {
          const next = ownRep(cur, ident[i] as string);
          if (!isPlainMapRep(next)) break;
          cur = next;
        }
        if (cur !== rep) r = new GoValue(TC.mapStringAny, cur);
        if (i === last) break;
      }
      r = fieldOf(s, dot, ident[i] as string, sites[i] as FieldSite, node, null, undefined, false, r);
      i++;
    }
    return fieldOf(s, dot, ident[last] as string, sites[last] as FieldSite, node, args, final, wordsAreArgs || final !== undefined, r);
  };
}

/** A field name on a receiver: a method, a struct field or a map key. */
function fieldOf(
  s: ExecState,
  dot: GoValue,
  fieldName: string,
  site: FieldSite,
  node: FieldNode | ChainNode | VariableNode,
  args: CompiledArgs | null,
  final: GoValue | undefined,
  hasArgs: boolean,
  receiver: GoValue,
): GoValue {
  const typ = receiver.t;
  // The fast path, through the site's planned step for this receiver type; anything unusual takes fieldSlow.
  let step: FieldStep;
  if (site.type === typ) {
    step = site.step as FieldStep;
  } else {
    step = planFieldStep(typ, fieldName);
    site.type = typ;
    site.step = step;
  }
  if (!hasArgs) {
    switch (step.op) {
      case STEP_STRUCT:
        return readStep(s, step, receiver.v);
      case STEP_PTR_STRUCT: {
        const rep = receiver.v;
        if (rep !== null && rep !== undefined) return readStep(s, step, rep);
        break;
      }
      case STEP_MAP: {
        const rep = mapLookupString(receiver, fieldName);
        if (rep !== undefined) return step.elemIsIface ? dynamicValue(rep) : new GoValue(step.elem, rep);
        if (s.missingKey === MISSING_ZERO) return zeroValue(step.elem);
        if (s.missingKey === MISSING_ERROR) s.errorf(`map has no entry for key ${quote(fieldName)}`);
        return INVALID;
      }
    }
  }
  return fieldSlow(s, dot, fieldName, node, args, final, receiver, hasArgs);
}

/** A struct field read through a planned step (the rep is the struct's, non-nil for a pointer receiver). */
function readStep(s: ExecState, step: FieldStep, rep: unknown): GoValue {
  if (step.path === null) {
    const f = step.inline ? rep : ownRep(rep, step.rep);
    if (step.elemIsIface) return dynamicValue(f);
    return new GoValue(step.elem, f === undefined ? zeroRep(step.elem) : f);
  }
  try {
    return readField(new GoValue(step.struct, rep), step.path);
  } catch (e) {
    s.errorf((e as Error).message, e);
  }
}

/** The general field step: methods, pointers and interfaces, nil receivers and every error. */
function fieldSlow(
  s: ExecState,
  dot: GoValue,
  fieldName: string,
  node: FieldNode | ChainNode | VariableNode,
  args: CompiledArgs | null,
  final: GoValue | undefined,
  receiver: GoValue,
  hasArgs: boolean,
): GoValue {
  const typ = receiver.t;
  if (typ.kind === 'invalid') {
    if (s.missingKey === MISSING_ERROR) s.errorf(`nil data; no entry for key ${quote(fieldName)}`);
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
    s.errorf(`nil pointer evaluating ${typ.name}.${fieldName}`);
  }
  // Methods first (value and pointer receivers, also on a nil pointer).
  if (t.methods !== undefined || (kind === 'ptr' && t.elem?.methods !== undefined)) {
    const method = findMethod(r, fieldName);
    if (method !== undefined) return callGeneral(s, dot, callPlan(method), node, fieldName, args, final, r);
  }
  switch (kind) {
    case 'struct': {
      const path = fieldPath(t, fieldName);
      if (path === null) break;
      if (!isExported(fieldName)) s.errorf(`${fieldName} is an unexported field of struct type ${typ.name}`);
      if (hasArgs) s.errorf(`${fieldName} has arguments but cannot be invoked as function`);
      try {
        return readField(r, path);
      } catch (e) {
        s.errorf((e as Error).message, e);
      }
    }
    case 'map': {
      if (!acceptsStringKey(t.key ?? T.string)) break;
      if (hasArgs) s.errorf(`${fieldName} is not a method but has arguments`);
      const elemType = t.elem ?? T.any;
      const rep = mapLookupString(r, fieldName);
      if (rep !== undefined) return slotValue(elemType, rep);
      if (s.missingKey === MISSING_ZERO) return zeroValue(elemType);
      if (s.missingKey === MISSING_ERROR) s.errorf(`map has no entry for key ${quote(fieldName)}`);
      return INVALID;
    }
    case 'ptr': {
      const elem = t.elem ?? T.any;
      if (elem.kind === 'struct' && fieldPath(elem, fieldName) === null) break;
      if (isNil) s.errorf(`nil pointer evaluating ${typ.name}.${fieldName}`);
      break;
    }
  }
  s.errorf(`can't evaluate field ${fieldName} in type ${typ.name}`);
}

// --- calls -----------------------------------------------------------------------------------------------------

/**
 * A command's words compiled as arguments on demand, for calls whose parameter types are known only when the call
 * happens (methods, found on the receiver): one compiled form per word and parameter type.
 */
class CompiledArgs {
  readonly words: readonly ArgNode[];
  readonly #compiled: (Map<GoType | null, Expr> | undefined)[] = [];
  constructor(words: readonly ArgNode[]) {
    this.words = words;
  }
  /** The number of words, the first (the function or method) included. */
  get length(): number {
    return this.words.length;
  }
  /** Evaluates word k for a parameter of type t. */
  eval(s: ExecState, dot: GoValue, k: number, t: GoType | null): GoValue {
    let byType = this.#compiled[k];
    if (byType === undefined) {
      byType = new Map();
      this.#compiled[k] = byType;
    }
    let expr = byType.get(t);
    if (expr === undefined) {
      expr = compileArg(this.words[k] as ArgNode, t);
      byType.set(t, expr);
    }
    return expr(s, dot);
  }
}

/**
 * A function call (the function is known from the parse): at is where a failing call is reported (the command,
 * or the identifier itself when it is an argument), words the command's words (null for an argument), piped
 * whether a value is piped in as the last argument.
 */
function compileCall(ident: IdentifierNode, at: Node, words: readonly ArgNode[] | null, piped: boolean): Cmd {
  const plan = ident.plan;
  const name = ident.ident;
  if (plan === undefined) return failAt(ident, `${quote(name)} is not a defined function`);
  const nArgs = words === null ? 0 : words.length - 1;
  const numIn = piped ? nArgs + 1 : nArgs;
  const arity = arityError(plan, name, nArgs, numIn);
  if (arity !== null) return failAt(ident, arity);
  if (ident.builtin && (name === 'and' || name === 'or') && words !== null) return compileAndOr(ident, name === 'or', words);
  if (numIn <= 3) return compileDirectCall(ident, at, plan, name, words, nArgs, piped);
  const args = words === null ? null : new CompiledArgs(words);
  return (s, dot, final) => {
    s.node = ident;
    return callGeneral(s, dot, plan, at, name, args, final, null);
  };
}

/** A closure that fails at node with detail (an error decided by the template text, raised when reached). */
function failAt(node: Node, detail: string): Cmd {
  return (s) => {
    s.node = node;
    return s.errorf(detail);
  };
}

/** Go's argument count and result checks of a call, as an error message, or null. */
function arityError(plan: CallPlan, name: string, nArgs: number, numIn: number): string | null {
  if (plan.variadic !== null) {
    if (numIn < plan.numParams) return `wrong number of args for ${name}: want at least ${plan.numParams} got ${nArgs}`;
  } else if (numIn !== plan.numParams) {
    return `wrong number of args for ${name}: want ${plan.numParams} got ${numIn}`;
  }
  if (!plan.validResults) return `function ${name} has ${plan.numResults} return values; should be 1 or 2`;
  return null;
}

/** The builtin and/or: they return the first falsy/truthy argument without evaluating the rest. */
function compileAndOr(ident: IdentifierNode, wantTruth: boolean, words: readonly ArgNode[]): Cmd {
  const operands = words.slice(1).map((w) => compileArg(w, REFLECT_VALUE));
  return (s, dot, final) => {
    s.node = ident;
    let v: GoValue = INVALID;
    for (let i = 0; i < operands.length; i++) {
      v = (operands[i] as Expr)(s, dot);
      if (truth(v) === wantTruth) return v;
    }
    if (final !== undefined) v = final;
    return v;
  };
}

/**
 * A function called with at most three arguments, the count already checked: the arguments (fixed, then
 * variadic, then the piped value) go straight to the impl, evaluated in that order, without an argument array.
 */
function compileDirectCall(
  ident: IdentifierNode,
  at: Node,
  plan: CallPlan,
  name: string,
  words: readonly ArgNode[] | null,
  nArgs: number,
  piped: boolean,
): Cmd {
  const arg = (k: number): Expr | null => (k < nArgs ? compileArg((words as readonly ArgNode[])[k + 1] as ArgNode, paramType(plan, k)) : null);
  const e0 = arg(0);
  const e1 = arg(1);
  const e2 = arg(2);
  const m0 = paramMode(plan, 0);
  const m1 = paramMode(plan, 1);
  const m2 = paramMode(plan, 2);
  const finalType = piped ? paramType(plan, nArgs) : null;
  const finalMode = paramMode(plan, nArgs);
  const numIn = piped ? nArgs + 1 : nArgs;
  const impl = plan.impl;
  return (s, dot, final) => {
    s.node = ident;
    let a0: unknown;
    let a1: unknown;
    let a2: unknown;
    if (e0 !== null) {
      a0 = planArg(e0(s, dot), m0);
      if (e1 !== null) {
        a1 = planArg(e1(s, dot), m1);
        if (e2 !== null) a2 = planArg(e2(s, dot), m2);
      }
    }
    if (piped) {
      const last = planArg(s.validateType(final as GoValue, finalType), finalMode);
      if (nArgs === 0) a0 = last;
      else if (nArgs === 1) a1 = last;
      else a2 = last;
    }
    let ret: unknown;
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
      s.node = at;
      s.errorf(`error calling ${name}: ${errorMessage(e)}`, e);
    }
    return planResult(plan, ret);
  };
}

/**
 * Any call: a method (with its receiver) or a function of more than three arguments (never the builtin and/or,
 * which compileAndOr takes). args holds the command's words (the first names the function and is skipped); final
 * is the value piped in, which becomes the last argument.
 */
function callGeneral(
  s: ExecState,
  dot: GoValue,
  plan: CallPlan,
  node: Node,
  name: string,
  args: CompiledArgs | null,
  final: GoValue | undefined,
  receiver: GoValue | null,
): GoValue {
  const nArgs = args === null ? 0 : args.length - 1;
  const numIn = final === undefined ? nArgs : nArgs + 1;
  const arity = arityError(plan, name, nArgs, numIn);
  if (arity !== null) s.errorf(arity);

  // A method's receiver rep goes first.
  const base = receiver === null ? 0 : 1;
  const argv: unknown[] = new Array<unknown>(numIn + base);
  if (receiver !== null) {
    if (receiver.t.kind === 'ptr' && receiver.v === null && !plan.ptrReceiver) {
      s.errorf(`error calling ${name}: nil pointer evaluating ${receiver.t.name}.${name}`);
    }
    argv[0] = receiver.v;
  }
  for (let i = 0; i < nArgs; i++) {
    argv[base + i] = planArg((args as CompiledArgs).eval(s, dot, i + 1, paramType(plan, i)), paramMode(plan, i));
  }
  if (final !== undefined) argv[base + nArgs] = planArg(s.validateType(final, paramType(plan, nArgs)), paramMode(plan, nArgs));

  let ret: unknown;
  try {
    ret = plan.impl(...argv);
    chargeLargeResult(ret);
  } catch (e) {
    s.node = node;
    s.errorf(`error calling ${name}: ${errorMessage(e)}`, e);
  }
  return planResult(plan, ret);
}

/** The type of a call's k-th argument: its parameter's, or the variadic element type past the fixed ones. */
function paramType(plan: CallPlan, k: number): GoType {
  return k < plan.numParams ? (plan.params[k] as GoType) : (plan.variadic as GoType);
}

/** How a call's k-th argument reaches the impl (see paramType). */
function paramMode(plan: CallPlan, k: number): number {
  return k < plan.numParams ? (plan.modes[k] as number) : plan.variadicMode;
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

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

// --- arguments -------------------------------------------------------------------------------------------------

/** An argument for a parameter of type t (null: no type, as for the head of a chain). */
function compileArg(n: ArgNode, t: GoType | null): Expr {
  switch (n.type) {
    case 'dot':
      return (s, dot) => {
        s.node = n;
        return dot.t === t ? dot : s.validateType(dot, t);
      };
    case 'nil':
      return (s) => {
        s.node = n;
        if (t !== null && canBeNil(t)) return nilOf(t);
        return s.errorf(`cannot assign nil to ${t === null ? 'nil' : t.name}`);
      };
    case 'field': {
      const chain = compileChain(n, n.ident, 0, null);
      return (s, dot) => {
        s.node = n;
        const v = chain(s, dot, dot, undefined);
        return v.t === t ? v : s.validateType(v, t);
      };
    }
    case 'variable':
      return typed(compileVariable(n, null), n, t);
    case 'pipe': {
      const pipe = compilePipe(n);
      return (s, dot) => {
        s.node = n;
        const v = pipe(s, dot);
        return v.t === t ? v : s.validateType(v, t);
      };
    }
    case 'identifier':
      return typed(compileCall(n, n, null, false), n, t);
    case 'chain':
      return typed(compileChainNode(n, null), n, t);
  }
  if (t === null || t === REFLECT_VALUE || isEmptyInterface(t)) return compileEmptyInterfaceArg(n);
  const constant = literalFor(n, t);
  if (typeof constant === 'string') {
    return (s) => {
      s.node = n;
      return s.errorf(constant);
    };
  }
  return (s) => {
    s.node = n;
    return constant;
  };
}

/** An argument computed by a command (with no piped value), checked against the parameter type t. */
function typed(cmd: Cmd, n: ArgNode, t: GoType | null): Expr {
  return (s, dot) => {
    s.node = n;
    const v = cmd(s, dot, undefined);
    return v.t === t ? v : s.validateType(v, t);
  };
}

/** A literal converted to a parameter of type t (not an interface), or the error message saying why it can't be. */
function literalFor(n: ArgNode, t: GoType): GoValue | string {
  switch (t.kind) {
    case 'bool':
      if (n.type === 'bool') return t === T.bool ? n.constant : new GoValue(t, n.value);
      return `expected bool; found ${print(n)}`;
    case 'string':
      if (n.type === 'string') return t === T.string ? n.constant : new GoValue(t, n.text);
      return `expected string; found ${print(n)}`;
    case 'int':
      if (n.type === 'number' && n.isInt) return new GoValue(t, convertInt(n.int64, t));
      return `expected integer; found ${print(n)}`;
    case 'uint':
      if (n.type === 'number' && n.isUint) return new GoValue(t, convertInt(n.uint64, t));
      return `expected unsigned integer; found ${print(n)}`;
    case 'float':
      if (n.type === 'number' && n.isFloat) return new GoValue(t, t.bits === 32 ? Math.fround(n.float64) : n.float64);
      return `expected float; found ${print(n)}`;
    case 'complex':
      if (n.type === 'number' && n.isComplex) return new GoValue(t, n.complex128);
      return `expected complex; found ${print(n)}`;
  }
  return `can't handle ${print(n)} for arg of type ${t.name}`;
}

/** An argument for an `interface {}` (or reflect.Value) parameter: literals take their default types. */
function compileEmptyInterfaceArg(n: ArgNode): Expr {
  switch (n.type) {
    case 'bool':
    case 'string': {
      const constant = n.constant;
      return (s) => {
        s.node = n;
        return constant;
      };
    }
    case 'number': {
      const constant = n.constant;
      return (s) => {
        s.node = n;
        return typeof constant === 'string' ? s.errorf(constant) : constant;
      };
    }
    default:
      return (s) => {
        s.node = n;
        return s.errorf(`can't handle assignment of ${print(n)} to empty interface argument`);
      };
  }
}

/** A rep that dynamicValue turns into a map[string]interface {}: a plain or prototype-free object. */
function isPlainMapRep(rep: unknown): rep is object {
  if (typeof rep !== 'object' || rep === null || Array.isArray(rep)) return false;
  const proto = Object.getPrototypeOf(rep) as unknown;
  return proto === Object.prototype || proto === null;
}
