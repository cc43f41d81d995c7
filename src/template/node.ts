/**
 * @module
 * The parse tree: a discriminated union of nodes, each with its position (a UTF-16 offset into the template text),
 * and `print(node)`, which writes a node back as template source exactly as Go's Node.String() does (parse tests
 * compare that form; execution errors quote it as `at <…>`).
 *
 * A few fields are resolved at parse time so that execution does no lookups: the function an identifier names, the
 * Go value of each literal.
 */
import type { GoFunc } from '../go/types.ts';
import type { GoValue } from '../go/value.ts';
import type { CallPlan } from './reflect.ts';
import { quote } from '../go/strconv.ts';

export interface ListNode {
  readonly type: 'list';
  readonly pos: number;
  readonly nodes: readonly Node[];
}

export interface TextNode {
  readonly type: 'text';
  readonly pos: number;
  readonly text: string;
}

/** Only present when parsing with comments kept. */
export interface CommentNode {
  readonly type: 'comment';
  readonly pos: number;
  /** Including the comment markers: `/* … *\/`. */
  readonly text: string;
}

/** `{{pipeline}}`: a value to print, or declarations/assignments (which print nothing). */
export interface ActionNode {
  readonly type: 'action';
  readonly pos: number;
  readonly line: number;
  readonly pipe: PipeNode;
}

/** `{{if}}`, `{{range}}`, `{{with}}`: Go's BranchNode. */
export interface BranchNode<K extends 'if' | 'range' | 'with' = 'if' | 'range' | 'with'> {
  readonly type: K;
  readonly pos: number;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}

export type IfNode = BranchNode<'if'>;
export type RangeNode = BranchNode<'range'>;
export type WithNode = BranchNode<'with'>;

/** `{{template "name" pipeline}}` (also what `{{block}}` leaves in place). */
export interface TemplateNode {
  readonly type: 'template';
  readonly pos: number;
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
}

export interface BreakNode {
  readonly type: 'break';
  readonly pos: number;
  readonly line: number;
}

export interface ContinueNode {
  readonly type: 'continue';
  readonly pos: number;
  readonly line: number;
}

/** `[decl :=|=] command | command …`. */
export interface PipeNode {
  readonly type: 'pipe';
  readonly pos: number;
  readonly line: number;
  /** `$x = …` (assignment) rather than `$x := …` (declaration). */
  readonly isAssign: boolean;
  readonly decl: readonly VariableNode[];
  readonly cmds: readonly CommandNode[];
}

/** An operand followed by arguments: `printf "%d" .X`. */
export interface CommandNode {
  readonly type: 'command';
  readonly pos: number;
  readonly args: readonly ArgNode[];
}

/** `.A.B.C` (idents without the dots). */
export interface FieldNode {
  readonly type: 'field';
  readonly pos: number;
  readonly ident: readonly string[];
}

/** `(pipeline).A.B` or `fn.A`: fields applied to a term that is not a field or variable. */
export interface ChainNode {
  readonly type: 'chain';
  readonly pos: number;
  readonly node: ArgNode;
  readonly field: readonly string[];
}

/** `$x.A.B`: ident[0] is the variable name including `$`, the rest are fields. */
export interface VariableNode {
  readonly type: 'variable';
  readonly pos: number;
  readonly ident: readonly string[];
}

export interface DotNode {
  readonly type: 'dot';
  readonly pos: number;
}

export interface NilNode {
  readonly type: 'nil';
  readonly pos: number;
}

export interface BoolNode {
  readonly type: 'bool';
  readonly pos: number;
  readonly value: boolean;
  /** The literal as a Go bool. */
  readonly constant: GoValue;
}

/** A number literal with every interpretation Go's parser allows (a char constant is int, uint and float). */
export interface NumberNode {
  readonly type: 'number';
  readonly pos: number;
  /** The original text: `0x1F`, `'a'`, `1e3`. */
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  readonly int64: number;
  readonly uint64: number;
  readonly float64: number;
  readonly complex128: { readonly re: number; readonly im: number };
  /** The untyped constant's default value (int, float64 or complex128), or the error using it raises. */
  readonly constant: GoValue | string;
}

export interface StringNode {
  readonly type: 'string';
  readonly pos: number;
  /** The literal as written, with quotes. */
  readonly quoted: string;
  /** The unquoted string. */
  readonly text: string;
  readonly constant: GoValue;
}

/** A function name. */
export interface IdentifierNode {
  readonly type: 'identifier';
  readonly pos: number;
  readonly ident: string;
  /** The function it names, resolved at parse time (template FuncMaps first, then builtins). */
  readonly func: GoFunc | undefined;
  /** Resolved to a builtin (and/or short-circuit only as builtins). */
  readonly builtin: boolean;
  /** How the executor calls func, worked out at parse time. */
  readonly plan: CallPlan | undefined;
}

/** `{{end}}` and `{{else}}` exist only while parsing. */
export interface EndNode {
  readonly type: 'end';
  readonly pos: number;
}

export interface ElseNode {
  readonly type: 'else';
  readonly pos: number;
  readonly line: number;
}

/** Nodes that can be a command's word. */
export type ArgNode =
  | FieldNode
  | ChainNode
  | VariableNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | IdentifierNode
  | PipeNode;

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | ActionNode
  | IfNode
  | RangeNode
  | WithNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | CommandNode
  | ArgNode
  | EndNode
  | ElseNode;

/**
 * The one object shape of every node, small: type, pos, line and four slots, each field of each kind living in a
 * slot (the accessors below name them; no kind uses two names of one slot, and a number's details live in an
 * object of their own in slot c). The executor reads `type`, `pipe`, `args`, `ident`… of nodes of every kind at the
 * same few sites: one hidden class keeps those reads monomorphic, and small nodes keep the tree that every render
 * walks compact (measured on Istio's sidecar template: ~7% fewer instructions per render than one shape per kind;
 * one shape with a field per name saved as many instructions but doubled the tree's memory and was no faster).
 */
class NodeShape {
  type: unknown;
  pos: unknown;
  line: unknown;
  a: unknown;
  b: unknown;
  c: unknown;
  d: unknown;

  constructor(type: unknown, pos: unknown, line: unknown, a: unknown, b: unknown, c: unknown, d: unknown) {
    this.type = type;
    this.pos = pos;
    this.line = line;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** A number's details, filled field by field through the setters as the parser works the literal out. */
  #numberDetails(): NumberDetails {
    if (this.c === undefined) this.c = {};
    return this.c as NumberDetails;
  }

  get nodes(): unknown {
    return this.a;
  }
  set nodes(v: unknown) {
    this.a = v;
  }
  get text(): unknown {
    return this.a;
  }
  set text(v: unknown) {
    this.a = v;
  }
  get pipe(): unknown {
    return this.a;
  }
  set pipe(v: unknown) {
    this.a = v;
  }
  get args(): unknown {
    return this.a;
  }
  set args(v: unknown) {
    this.a = v;
  }
  get ident(): unknown {
    return this.a;
  }
  set ident(v: unknown) {
    this.a = v;
  }
  get node(): unknown {
    return this.a;
  }
  set node(v: unknown) {
    this.a = v;
  }
  get list(): unknown {
    return this.b;
  }
  set list(v: unknown) {
    this.b = v;
  }
  get name(): unknown {
    return this.b;
  }
  set name(v: unknown) {
    this.b = v;
  }
  get decl(): unknown {
    return this.b;
  }
  set decl(v: unknown) {
    this.b = v;
  }
  get constant(): unknown {
    return this.b;
  }
  set constant(v: unknown) {
    this.b = v;
  }
  get plan(): unknown {
    return this.b;
  }
  set plan(v: unknown) {
    this.b = v;
  }
  get elseList(): unknown {
    return this.c;
  }
  set elseList(v: unknown) {
    this.c = v;
  }
  get cmds(): unknown {
    return this.c;
  }
  set cmds(v: unknown) {
    this.c = v;
  }
  get field(): unknown {
    return this.c;
  }
  set field(v: unknown) {
    this.c = v;
  }
  get quoted(): unknown {
    return this.c;
  }
  set quoted(v: unknown) {
    this.c = v;
  }
  get value(): unknown {
    return this.c;
  }
  set value(v: unknown) {
    this.c = v;
  }
  get func(): unknown {
    return this.c;
  }
  set func(v: unknown) {
    this.c = v;
  }
  get isAssign(): unknown {
    return this.d;
  }
  set isAssign(v: unknown) {
    this.d = v;
  }
  get builtin(): unknown {
    return this.d;
  }
  set builtin(v: unknown) {
    this.d = v;
  }
  get isInt(): unknown {
    return (this.c as NumberDetails).isInt;
  }
  set isInt(v: unknown) {
    this.#numberDetails().isInt = v;
  }
  get isUint(): unknown {
    return (this.c as NumberDetails).isUint;
  }
  set isUint(v: unknown) {
    this.#numberDetails().isUint = v;
  }
  get isFloat(): unknown {
    return (this.c as NumberDetails).isFloat;
  }
  set isFloat(v: unknown) {
    this.#numberDetails().isFloat = v;
  }
  get isComplex(): unknown {
    return (this.c as NumberDetails).isComplex;
  }
  set isComplex(v: unknown) {
    this.#numberDetails().isComplex = v;
  }
  get int64(): unknown {
    return (this.c as NumberDetails).int64;
  }
  set int64(v: unknown) {
    this.#numberDetails().int64 = v;
  }
  get uint64(): unknown {
    return (this.c as NumberDetails).uint64;
  }
  set uint64(v: unknown) {
    this.#numberDetails().uint64 = v;
  }
  get float64(): unknown {
    return (this.c as NumberDetails).float64;
  }
  set float64(v: unknown) {
    this.#numberDetails().float64 = v;
  }
  get complex128(): unknown {
    return (this.c as NumberDetails).complex128;
  }
  set complex128(v: unknown) {
    this.#numberDetails().complex128 = v;
  }
}

interface NumberDetails {
  isInt: unknown;
  isUint: unknown;
  isFloat: unknown;
  isComplex: unknown;
  int64: unknown;
  uint64: unknown;
  float64: unknown;
  complex128: unknown;
}

/**
 * A node of the given fields, in the shape all nodes share. Each kind's fields go straight to their slots, as the
 * accessors above read them; the kinds the parser makes most (fields, variables, commands, pipelines, actions, text)
 * have their own constructors below, and reach the setters here only through the default case.
 */
export function makeNode<N extends { readonly type: string; readonly pos: number }>(fields: N): N {
  const f = fields as unknown as Record<string, unknown>;
  const type = f['type'];
  const pos = f['pos'];
  const line = f['line'];
  let n: NodeShape;
  switch (type) {
    case 'list':
      n = new NodeShape(type, pos, line, f['nodes'], undefined, undefined, undefined);
      break;
    case 'comment':
      n = new NodeShape(type, pos, line, f['text'], undefined, undefined, undefined);
      break;
    case 'if':
    case 'range':
    case 'with':
      n = new NodeShape(type, pos, line, f['pipe'], f['list'], f['elseList'], undefined);
      break;
    case 'template':
      n = new NodeShape(type, pos, line, f['pipe'], f['name'], undefined, undefined);
      break;
    case 'chain':
      n = new NodeShape(type, pos, line, f['node'], undefined, f['field'], undefined);
      break;
    case 'identifier':
      n = new NodeShape(type, pos, line, f['ident'], f['plan'], f['func'], f['builtin']);
      break;
    case 'bool':
      n = new NodeShape(type, pos, line, undefined, f['constant'], f['value'], undefined);
      break;
    case 'string':
      n = new NodeShape(type, pos, line, f['text'], f['constant'], f['quoted'], undefined);
      break;
    default:
      // break, continue, else, end, dot, nil (no fields but these), numbers (whose details the setters file), and the
      // kinds with their own constructors.
      n = Object.assign(new NodeShape(type, pos, line, undefined, undefined, undefined, undefined), fields);
  }
  return n as unknown as N;
}

/**
 * makeNode for the nodes the parser makes most, straight into their slots: start-up parses every template in code
 * not yet optimised, where building the fields object first and switching on it costs.
 */
export function fieldOrVariableNode<N extends FieldNode | VariableNode>(type: N['type'], pos: number, ident: string[]): N {
  return new NodeShape(type, pos, undefined, ident, undefined, undefined, undefined) as unknown as N;
}

export function textNode(pos: number, text: string): TextNode {
  return new NodeShape('text', pos, undefined, text, undefined, undefined, undefined) as unknown as TextNode;
}

export function commandNode(pos: number, args: ArgNode[]): CommandNode {
  return new NodeShape('command', pos, undefined, args, undefined, undefined, undefined) as unknown as CommandNode;
}

export function pipeNode(pos: number, line: number, decl: VariableNode[], cmds: CommandNode[]): PipeNode {
  return new NodeShape('pipe', pos, line, undefined, decl, cmds, false) as unknown as PipeNode;
}

export function actionNode(pos: number, line: number, pipe: PipeNode): ActionNode {
  return new NodeShape('action', pos, line, pipe, undefined, undefined, undefined) as unknown as ActionNode;
}

/** A node written back as template source, as Go's Node.String(). */
export function print(node: Node): string {
  const out: string[] = [];
  writeTo(node, out);
  return out.join('');
}

function writeTo(node: Node, out: string[]): void {
  switch (node.type) {
    case 'list':
      for (const n of node.nodes) writeTo(n, out);
      return;
    case 'text':
      out.push(node.text);
      return;
    case 'comment':
      out.push('{{', node.text, '}}');
      return;
    case 'action':
      out.push('{{');
      writeTo(node.pipe, out);
      out.push('}}');
      return;
    case 'if':
    case 'range':
    case 'with':
      out.push('{{', node.type, ' ');
      writeTo(node.pipe, out);
      out.push('}}');
      writeTo(node.list, out);
      if (node.elseList !== null) {
        out.push('{{else}}');
        writeTo(node.elseList, out);
      }
      out.push('{{end}}');
      return;
    case 'template':
      out.push('{{template ', quote(node.name));
      if (node.pipe !== null) {
        out.push(' ');
        writeTo(node.pipe, out);
      }
      out.push('}}');
      return;
    case 'break':
      out.push('{{break}}');
      return;
    case 'continue':
      out.push('{{continue}}');
      return;
    case 'pipe':
      node.decl.forEach((v, i) => {
        if (i > 0) out.push(', ');
        writeTo(v, out);
      });
      if (node.decl.length > 0) out.push(node.isAssign ? ' = ' : ' := ');
      node.cmds.forEach((c, i) => {
        if (i > 0) out.push(' | ');
        writeTo(c, out);
      });
      return;
    case 'command':
      node.args.forEach((arg, i) => {
        if (i > 0) out.push(' ');
        if (arg.type === 'pipe') {
          out.push('(');
          writeTo(arg, out);
          out.push(')');
        } else {
          writeTo(arg, out);
        }
      });
      return;
    case 'field':
      for (const id of node.ident) out.push('.', id);
      return;
    case 'chain':
      if (node.node.type === 'pipe') {
        out.push('(');
        writeTo(node.node, out);
        out.push(')');
      } else {
        writeTo(node.node, out);
      }
      for (const f of node.field) out.push('.', f);
      return;
    case 'variable':
      out.push(node.ident.join('.'));
      return;
    case 'dot':
      out.push('.');
      return;
    case 'nil':
      out.push('nil');
      return;
    case 'bool':
      out.push(node.value ? 'true' : 'false');
      return;
    case 'number':
      out.push(node.text);
      return;
    case 'string':
      out.push(node.quoted);
      return;
    case 'identifier':
      out.push(node.ident);
      return;
    case 'end':
      out.push('{{end}}');
      return;
    case 'else':
      out.push('{{else}}');
      return;
  }
}

/** Unicode White_Space, as Go's unicode.IsSpace (bytes.TrimSpace) sees it. */
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Whether a tree has no content worth executing: only white-space text and comments (Go's IsEmptyTree). */
export function isEmptyTree(node: Node | null): boolean {
  if (node === null) return true;
  switch (node.type) {
    case 'comment':
      return true;
    case 'list':
      return node.nodes.every(isEmptyTree);
    case 'text':
      return GO_SPACE_ONLY.test(node.text);
    default:
      return false;
  }
}
