/**
 * @module
 * The template parser: recursive descent over the lexer's items with Go's three-token lookahead. One method per
 * production, its grammar in the comment above it. Variables are lexically scoped (an undefined variable is a parse
 * error); every function name is checked against the FuncMaps and the builtins, and resolved here once; `define`
 * and `block` add trees to the template set.
 */
import { T, type FuncMap, type GoFunc } from '../go/types.ts';
import { GoValue, utf8Length } from '../go/value.ts';
import { parseFloat, parseInt, parseUint, quote, unquote } from '../go/strconv.ts';
import { TemplateSyntaxError } from './errors.ts';
import { callPlan } from './reflect.ts';
import { Lexer, isKeywordItem, type Item, type ItemType } from './lex.ts';
import {
  actionNode,
  commandNode,
  fieldOrVariableNode,
  isEmptyTree,
  makeNode,
  pipeNode,
  textNode,
  print,
  type ArgNode,
  type BoolNode,
  type BranchNode,
  type CommandNode,
  type ElseNode,
  type EndNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type StringNode,
  type TemplateNode,
  type VariableNode,
} from './node.ts';

/** A parsed template: its name, the text it came from (for error positions) and its root list. */
export interface Tree {
  readonly name: string;
  /** The name of the top-level template whose text this tree was parsed from (used in error locations). */
  readonly parseName: string;
  readonly text: string;
  readonly root: ListNode;
}

export interface ParseLimits {
  /** Maximum nesting of parenthesised pipelines and control structures (Go: maxStackDepth, 10000; 1000 on wasm). */
  readonly maxDepth?: number;
  /** Maximum number of commands in one pipeline. */
  readonly maxPipelineCommands?: number;
}

export const DEFAULT_PARSE_LIMITS: Required<ParseLimits> = Object.freeze({ maxDepth: 1000, maxPipelineCommands: 1000 });

export interface ParseConfig {
  /** The name of the template being parsed (Go's ParseName). */
  readonly name: string;
  /** Empty strings mean the default `{{` `}}`. */
  readonly leftDelim: string;
  readonly rightDelim: string;
  /** Template FuncMaps; later maps override earlier ones, and all of them override the builtins. */
  readonly funcs: readonly FuncMap[];
  readonly builtins: FuncMap;
  /** Keep comments as nodes (Go's ParseComments mode). */
  readonly keepComments?: boolean;
  readonly limits?: ParseLimits;
}

/** Where a function name resolves: a FuncMap entry, a builtin, or nothing. */
export function findFunction(name: string, funcs: readonly FuncMap[], builtins: FuncMap): { func: GoFunc; builtin: boolean } | undefined {
  for (let i = funcs.length - 1; i >= 0; i--) {
    const map = funcs[i] as FuncMap;
    if (Object.hasOwn(map, name) && map[name]) return { func: map[name] as GoFunc, builtin: false };
  }
  if (Object.hasOwn(builtins, name) && builtins[name]) return { func: builtins[name] as GoFunc, builtin: true };
  return undefined;
}

/**
 * Parses text into trees and adds them to treeSet: the template itself under config.name, plus every
 * `define`/`block`. A non-empty redefinition is an error; an empty one is ignored. Throws TemplateSyntaxError.
 */
export function parseInto(text: string, config: ParseConfig, treeSet: Map<string, Tree>): void {
  const shared: Shared = {
    parseName: config.name,
    text,
    lexer: new Lexer(text, config.leftDelim, config.rightDelim, {
      emitComment: config.keepComments === true,
      breakOK: findFunction('break', config.funcs, config.builtins) === undefined,
      continueOK: findFunction('continue', config.funcs, config.builtins) === undefined,
    }),
    config,
    limits: { ...DEFAULT_PARSE_LIMITS, ...(config.limits ?? {}) },
    treeSet,
    depth: 0,
  };
  try {
    new TreeParser(config.name, shared).parseTop();
  } catch (e) {
    if (isStackOverflow(e)) {
      throw new TemplateSyntaxError(config.name, 0, 'template nesting too deep for the JavaScript stack');
    }
    throw e;
  }
}

/** Parses one template text (for tests and tools) and returns its set of trees. */
export function parse(text: string, config: ParseConfig): Map<string, Tree> {
  const set = new Map<string, Tree>();
  parseInto(text, config, set);
  return set;
}

export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

interface Shared {
  readonly parseName: string;
  readonly text: string;
  readonly lexer: Lexer;
  readonly config: ParseConfig;
  readonly limits: Required<ParseLimits>;
  readonly treeSet: Map<string, Tree>;
  /** Current nesting (parentheses and control structures), shared by all trees since they share the JS stack. */
  depth: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_ITEM: Item = { type: 'eof', pos: 0, val: '', line: 0 };

class TreeParser {
  #name: string;
  readonly #shared: Shared;
  readonly #token: [Item, Item, Item] = [NO_ITEM, NO_ITEM, NO_ITEM];
  #peekCount = 0;
  /** Variables defined at the moment. */
  #vars: string[] = ['$'];
  /** Line of the left delimiter starting the current action, for "in action started at" messages. */
  #actionLine = 0;
  #rangeDepth = 0;

  constructor(name: string, shared: Shared) {
    this.#name = name;
    this.#shared = shared;
  }

  // --- token stream ------------------------------------------------------------------------------------------

  #next(): Item {
    if (this.#peekCount > 0) this.#peekCount--;
    else this.#token[0] = this.#shared.lexer.nextItem();
    return this.#token[this.#peekCount] as Item;
  }

  #backup(): void {
    this.#peekCount++;
  }

  /** Backs up two tokens; t1 is the one read before the current token[0]. */
  #backup2(t1: Item): void {
    this.#token[1] = t1;
    this.#peekCount = 2;
  }

  /** Backs up three tokens; t2 then t1 were read before the current token[0]. */
  #backup3(t2: Item, t1: Item): void {
    this.#token[1] = t1;
    this.#token[2] = t2;
    this.#peekCount = 3;
  }

  #peek(): Item {
    if (this.#peekCount > 0) return this.#token[this.#peekCount - 1] as Item;
    this.#peekCount = 1;
    this.#token[0] = this.#shared.lexer.nextItem();
    return this.#token[0];
  }

  // #next and #backup written out: these two run for nearly every token, and at start-up, in code not yet
  // optimised, each call costs (parsing Istio's templates: -10 %).
  #nextNonSpace(): Item {
    const tokens = this.#token;
    for (;;) {
      let token: Item;
      if (this.#peekCount > 0) token = tokens[--this.#peekCount] as Item;
      else token = tokens[0] = this.#shared.lexer.nextItem();
      if (token.type !== 'space') return token;
    }
  }

  #peekNonSpace(): Item {
    const token = this.#nextNonSpace();
    this.#peekCount++;
    return token;
  }

  // --- errors ----------------------------------------------------------------------------------------------------

  #errorf(message: string): never {
    throw new TemplateSyntaxError(this.#shared.parseName, this.#token[0].line, message);
  }

  #expect(expected: ItemType, context: string): Item {
    const token = this.#nextNonSpace();
    if (token.type !== expected) this.#unexpected(token, context);
    return token;
  }

  #expectOneOf(a: ItemType, b: ItemType, context: string): Item {
    const token = this.#nextNonSpace();
    if (token.type !== a && token.type !== b) this.#unexpected(token, context);
    return token;
  }

  #unexpected(token: Item, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.#actionLine !== 0 && this.#actionLine !== token.line) {
        extra = ` in action started at ${this.#shared.parseName}:${this.#actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.#errorf(`${token.val}${extra}`);
    }
    this.#errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  #enter(): void {
    if (++this.#shared.depth > this.#shared.limits.maxDepth) this.#errorf('max expression depth exceeded');
  }

  #leave(): void {
    this.#shared.depth--;
  }

  #unquote(token: Item): string {
    try {
      return unquote(token.val);
    } catch (e) {
      this.#errorf(e instanceof Error ? e.message : String(e));
    }
  }

  // --- trees ---------------------------------------------------------------------------------------------------

  /** Adds this tree to the set: a non-empty redefinition is an error, an empty one is dropped. */
  #add(root: ListNode): void {
    const set = this.#shared.treeSet;
    const existing = set.get(this.#name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      set.set(this.#name, { name: this.#name, parseName: this.#shared.parseName, text: this.#shared.text, root });
      return;
    }
    if (!isEmptyTree(root)) this.#errorf(`template: multiple definition of template ${quote(this.#name)}`);
  }

  /** The top level: text and actions, with `{{define}}` clauses split off into their own trees. */
  parseTop(): void {
    const nodes: Node[] = [];
    const root = makeNode<ListNode>({ type: 'list', pos: this.#peek().pos, nodes });
    while (this.#peek().type !== 'eof') {
      if (this.#peek().type === 'leftDelim') {
        const delim = this.#next();
        if (this.#nextNonSpace().type === 'define') {
          new TreeParser('definition', this.#shared).#parseDefinition();
          continue;
        }
        this.#backup2(delim);
      }
      const n = this.#textOrAction();
      if (n.type === 'end' || n.type === 'else') this.#errorf(`unexpected ${print(n)}`);
      nodes.push(n);
    }
    this.#add(root);
  }

  // Definition: '{{define' STRING '}}' itemList '{{end}}' (the '{{define' has been consumed).
  #parseDefinition(): void {
    const context = 'define clause';
    const name = this.#expectOneOf('string', 'rawString', context);
    this.#name = this.#unquote(name);
    this.#expect('rightDelim', context);
    const { list, next } = this.#itemList();
    if (next.type !== 'end') this.#errorf(`unexpected ${print(next)} in ${context}`);
    this.#add(list);
  }

  // itemList: textOrAction* ending at {{end}} or {{else}}, which is returned as next.
  #itemList(): { list: ListNode; next: EndNode | ElseNode } {
    const nodes: Node[] = [];
    const list = makeNode<ListNode>({ type: 'list', pos: this.#peekNonSpace().pos, nodes });
    while (this.#peekNonSpace().type !== 'eof') {
      const n = this.#textOrAction();
      if (n.type === 'end' || n.type === 'else') return { list, next: n };
      nodes.push(n);
    }
    this.#errorf('unexpected EOF');
  }

  // textOrAction: text | comment | action
  #textOrAction(): Node {
    const token = this.#nextNonSpace();
    switch (token.type) {
      case 'text':
        return textNode(token.pos, token.val);
      case 'leftDelim': {
        this.#actionLine = token.line;
        try {
          return this.#action();
        } finally {
          this.#actionLine = 0;
        }
      }
      case 'comment':
        return makeNode<Node>({ type: 'comment', pos: token.pos, text: token.val });
      default:
        this.#unexpected(token, 'input');
    }
  }

  // Action: control | command ("pipeline")
  // Left delim is past. Now get actions. First word could be a keyword such as range.
  #action(): Node {
    const token = this.#nextNonSpace();
    switch (token.type) {
      case 'block':
        return this.#blockControl();
      case 'break':
        return this.#breakOrContinue('break', token);
      case 'continue':
        return this.#breakOrContinue('continue', token);
      case 'else':
        return this.#elseControl();
      case 'end':
        return this.#endControl();
      case 'if':
        return this.#branch('if');
      case 'range':
        return this.#branch('range');
      case 'template':
        return this.#templateControl();
      case 'with':
        return this.#branch('with');
    }
    this.#backup();
    const first = this.#peek();
    // Variables declared here persist until the enclosing {{end}}.
    return actionNode(first.pos, first.line, this.#pipeline('command', 'rightDelim'));
  }

  // Break: '{{break}}' / Continue: '{{continue}}', only inside {{range}}.
  #breakOrContinue(kind: 'break' | 'continue', keyword: Item): Node {
    const token = this.#nextNonSpace();
    if (token.type !== 'rightDelim') this.#unexpected(token, `{{${kind}}}`);
    if (this.#rangeDepth === 0) this.#errorf(`{{${kind}}} outside {{range}}`);
    return makeNode<Node>({ type: kind, pos: keyword.pos, line: keyword.line });
  }

  // Pipeline: declarations? command ('|' command)*
  #pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.#peekNonSpace();
    const decl: VariableNode[] = [];
    const cmds: CommandNode[] = [];
    const pipe: Mutable<PipeNode> = pipeNode(start.pos, start.line, decl, cmds);
    this.#declarations(pipe, decl, context);
    for (;;) {
      const token = this.#nextNonSpace();
      switch (token.type) {
        case end:
          this.#checkPipeline(pipe, context);
          return pipe;
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.#backup();
          if (cmds.length >= this.#shared.limits.maxPipelineCommands) {
            this.#errorf(`pipeline has more than ${this.#shared.limits.maxPipelineCommands} commands`);
          }
          cmds.push(this.#command());
          break;
        default:
          this.#unexpected(token, context);
      }
    }
  }

  // Declarations: VAR ':=' | VAR '=' | VAR ',' VAR (':=' | '=') (the two-variable form only in range).
  // Space is a token, so telling "$x := …" from "$x foo" needs three tokens of lookahead.
  #declarations(pipe: Mutable<PipeNode>, decl: VariableNode[], context: string): void {
    for (;;) {
      const v = this.#peekNonSpace();
      if (v.type !== 'variable') return;
      this.#next();
      const tokenAfterVariable = this.#peek();
      const next = this.#peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.#nextNonSpace();
        decl.push(variableNode(v.pos, v.val));
        this.#vars.push(v.val);
        return;
      }
      if (next.type === 'char' && next.val === ',') {
        this.#nextNonSpace();
        decl.push(variableNode(v.pos, v.val));
        this.#vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const t = this.#peekNonSpace().type;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue; // The second variable.
          this.#errorf('range can only initialize variables');
        }
        this.#errorf(`too many declarations in ${context}`);
      }
      if (tokenAfterVariable.type === 'space') this.#backup3(v, tokenAfterVariable);
      else this.#backup2(v);
      return;
    }
  }

  #checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.#errorf(`missing value for ${context}`);
    // Only the first command of a pipeline can start with a non-executable operand.
    for (let i = 1; i < pipe.cmds.length; i++) {
      const first = (pipe.cmds[i] as CommandNode).args[0] as ArgNode;
      switch (first.type) {
        case 'bool':
        case 'dot':
        case 'nil':
        case 'number':
        case 'string':
          this.#errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  // Control: pipeline '}}' itemList ('{{else}}' itemList)? '{{end}}', with {{else if}} / {{else with}} chains.
  // Variables declared in the pipeline or the lists are popped at the end.
  #branch<K extends 'if' | 'range' | 'with'>(kind: K): BranchNode<K> {
    this.#enter();
    const varCount = this.#vars.length;
    try {
      const pipe = this.#pipeline(kind, 'rightDelim');
      if (kind === 'range') this.#rangeDepth++;
      let { list, next } = this.#itemList();
      if (kind === 'range') this.#rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // {{if a}}_{{else if b}}_{{end}} is {{if a}}_{{else}}{{if b}}_{{end}}{{end}}: elseControl left the
        // "if"/"with" pending; parse it as a nested branch whose {{end}} closes both.
        const chained = this.#peek().type;
        if ((kind === 'if' && chained === 'if') || (kind === 'with' && chained === 'with')) {
          this.#next();
          elseList = makeNode<ListNode>({ type: 'list', pos: next.pos, nodes: [this.#branch(kind) as Node] });
        } else {
          ({ list: elseList, next } = this.#itemList());
          if (next.type !== 'end') this.#errorf(`expected end; found ${print(next)}`);
        }
      }
      return makeNode<BranchNode<K>>({ type: kind, pos: pipe.pos, line: pipe.line, pipe, list, elseList });
    } finally {
      this.#vars.length = varCount;
      this.#leave();
    }
  }

  // Else: '{{else}}', or the start of '{{else if …}}' / '{{else with …}}' (Go ≥ 1.23 for with).
  #elseControl(): ElseNode {
    const peek = this.#peekNonSpace();
    if (peek.type === 'if' || peek.type === 'with') return makeNode<ElseNode>({ type: 'else', pos: peek.pos, line: peek.line });
    const token = this.#expect('rightDelim', 'else');
    return makeNode<ElseNode>({ type: 'else', pos: token.pos, line: token.line });
  }

  // End: '{{end}}'
  #endControl(): EndNode {
    return makeNode<EndNode>({ type: 'end', pos: this.#expect('rightDelim', 'end').pos });
  }

  // Block: '{{block' STRING pipeline '}}' itemList '{{end}}' = a define plus {{template STRING pipeline}}.
  #blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.#nextNonSpace();
    const name = this.#templateName(token, context);
    const pipe = this.#pipeline(context, 'rightDelim');
    this.#enter();
    try {
      const block = new TreeParser(name, this.#shared);
      const { list, next } = block.#itemList();
      if (next.type !== 'end') this.#errorf(`unexpected ${print(next)} in ${context}`);
      block.#add(list);
    } finally {
      this.#leave();
    }
    return makeNode<TemplateNode>({ type: 'template', pos: token.pos, line: token.line, name, pipe });
  }

  // Template: '{{template' STRING pipeline? '}}'
  #templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.#nextNonSpace();
    const name = this.#templateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.#nextNonSpace().type !== 'rightDelim') {
      this.#backup();
      // Variables declared here persist until the enclosing {{end}}.
      pipe = this.#pipeline(context, 'rightDelim');
    }
    return makeNode<TemplateNode>({ type: 'template', pos: token.pos, line: token.line, name, pipe });
  }

  #templateName(token: Item, context: string): string {
    if (token.type === 'string' || token.type === 'rawString') return this.#unquote(token);
    this.#unexpected(token, context);
  }

  // Command: operand (space operand)*, ended by '}}', ')' or '|'.
  #command(): CommandNode {
    const args: ArgNode[] = [];
    const cmd = commandNode(this.#peekNonSpace().pos, args);
    for (;;) {
      this.#peekNonSpace(); // Skip leading spaces.
      const operand = this.#operand();
      if (operand !== null) args.push(operand);
      const token = this.#next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.#backup();
      else if (token.type !== 'pipe') this.#unexpected(token, 'operand');
      break;
    }
    if (args.length === 0) this.#errorf('empty command');
    return cmd;
  }

  // Operand: term ('.' Field)*. Fields after a field or variable extend it; after anything else they form a chain.
  #operand(): ArgNode | null {
    const node = this.#term();
    if (node === null) return null;
    if (this.#peek().type !== 'field') return node;
    const chainPos = this.#peek().pos;
    const fields: string[] = [];
    while (this.#peek().type === 'field') fields.push(this.#next().val.slice(1));
    switch (node.type) {
      case 'field':
      case 'variable':
        return fieldOrVariableNode(node.type, chainPos, [...node.ident, ...fields]);
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.#errorf(`unexpected . after term ${quote(print(node))}`);
      default:
        return makeNode<ArgNode>({ type: 'chain', pos: chainPos, node, field: fields });
    }
  }

  // Term: literal | 'nil' | '.' | .Field | $var | IDENT (a function) | '(' pipeline ')'
  #term(): ArgNode | null {
    const token = this.#nextNonSpace();
    switch (token.type) {
      case 'identifier': {
        const found = findFunction(token.val, this.#shared.config.funcs, this.#shared.config.builtins);
        if (found === undefined) this.#errorf(`function ${quote(token.val)} not defined`);
        return makeNode<ArgNode>({
          type: 'identifier',
          pos: token.pos,
          ident: token.val,
          func: found.func,
          builtin: found.builtin,
          plan: callPlan(found.func),
        });
      }
      case 'dot':
        return makeNode<ArgNode>({ type: 'dot', pos: token.pos });
      case 'nil':
        return makeNode<ArgNode>({ type: 'nil', pos: token.pos });
      case 'variable':
        return this.#useVar(token);
      case 'field':
        return fieldOrVariableNode('field', token.pos, [token.val.slice(1)]);
      case 'bool': {
        const value = token.val === 'true';
        const node = makeNode<BoolNode>({ type: 'bool', pos: token.pos, value, constant: new GoValue(T.bool, value) });
        return node;
      }
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.#number(token);
      case 'leftParen': {
        this.#enter();
        try {
          return this.#pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.#leave();
        }
      }
      case 'string':
      case 'rawString': {
        const text = this.#unquote(token);
        const node = makeNode<StringNode>({ type: 'string', pos: token.pos, quoted: token.val, text, constant: new GoValue(T.string, text) });
        return node;
      }
    }
    this.#backup();
    return null;
  }

  #useVar(token: Item): VariableNode {
    const v = variableNode(token.pos, token.val);
    if (!this.#vars.includes(v.ident[0] as string)) this.#errorf(`undefined variable ${quote(v.ident[0] as string)}`);
    return v;
  }

  #number(token: Item): NumberNode {
    const result = numberNode(token.pos, token.val, token.type);
    if (typeof result === 'string') this.#errorf(result);
    return result;
  }
}

function variableNode(pos: number, text: string): VariableNode {
  const ident = text.split('.');
  return fieldOrVariableNode('variable', pos, ident);
}

/** Go's item.String(): how a token appears in "unexpected …" messages. */
function itemString(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'error') return item.val;
  if (isKeywordItem(item.type)) return `<${item.val}>`;
  if (utf8Length(item.val) > 10) return `${quote([...item.val].slice(0, 10).join(''))}...`;
  return quote(item.val);
}

// --- numbers ---------------------------------------------------------------------------------------------------

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

function tryNumber(f: () => number): number | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * A number literal with all of Go's interpretations (NewNumber in parse/node.go), or an error message.
 * Integer syntax is tried first (so 0x123 is an int), then float; an integral float is also an int.
 */
export function numberNode(pos: number, text: string, itemType: ItemType): NumberNode | string {
  const n: Mutable<NumberNode> = makeNode<NumberNode>({
    type: 'number',
    pos,
    text,
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0,
    uint64: 0,
    float64: 0,
    complex128: { re: 0, im: 0 },
    constant: '',
  });
  if (itemType === 'charConstant') {
    let decoded: string;
    try {
      decoded = unquote(text);
    } catch {
      return `malformed character constant: ${text}`;
    }
    const rune = decoded.codePointAt(0) ?? 0;
    if (decoded.length === 0 || String.fromCodePoint(rune) !== decoded) return `malformed character constant: ${text}`;
    n.isInt = n.isUint = n.isFloat = true;
    n.int64 = n.uint64 = n.float64 = rune;
    n.constant = idealConstant(n);
    return n;
  }
  if (itemType === 'complex') {
    const c = parseComplex(text);
    if (c === undefined) return `bad number syntax: ${quote(text)}`;
    n.isComplex = true;
    n.complex128 = c;
    simplifyComplex(n);
    n.constant = idealConstant(n);
    return n;
  }
  // Plain decimal integers (nearly every literal in real templates) need no strconv round trip.
  if (/^[+-]?(?:0|[1-9][0-9]{0,14})$/.test(text)) {
    const v = Number(text) || 0; // Normalises -0.
    n.isInt = n.isFloat = true;
    n.int64 = n.float64 = v;
    // strconv.ParseUint takes no sign; a signed zero still counts as unsigned (Go's "-0" rule).
    n.isUint = v === 0 || (text[0] !== '+' && text[0] !== '-');
    n.uint64 = n.isUint ? v : 0;
    n.constant = idealConstant(n);
    return n;
  }
  // Imaginary constants can only be complex unless they are zero.
  if (text.endsWith('i')) {
    const f = tryNumber(() => parseFloat(text.slice(0, -1), 64));
    if (f !== undefined) {
      n.isComplex = true;
      n.complex128 = { re: 0, im: f };
      simplifyComplex(n);
      n.constant = idealConstant(n);
      return n;
    }
  }
  const u = tryNumber(() => parseUint(text, 0, 64));
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = tryNumber(() => parseInt(text, 0, 64));
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0) {
      n.isUint = true; // In case of -0.
      n.uint64 = u ?? 0;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = n.int64;
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = n.uint64;
  } else {
    const f = tryNumber(() => parseFloat(text, 64));
    if (f !== undefined) {
      // Parsed as a float but looks like an integer: a huge integer that fits no int type.
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${quote(text)}`;
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && f >= -TWO_63 && f < TWO_63) {
        n.isInt = true;
        n.int64 = f;
      }
      if (Number.isInteger(f) && f >= 0 && f < TWO_64) {
        n.isUint = true;
        n.uint64 = f;
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${quote(text)}`;
  n.constant = idealConstant(n);
  return n;
}

function simplifyComplex(n: Mutable<NumberNode>): void {
  n.isFloat = n.complex128.im === 0;
  if (!n.isFloat) return;
  const f = n.complex128.re;
  n.float64 = f;
  n.isInt = Number.isInteger(f) && f >= -TWO_63 && f < TWO_63;
  if (n.isInt) n.int64 = f;
  n.isUint = Number.isInteger(f) && f >= 0 && f < TWO_64;
  if (n.isUint) n.uint64 = f;
}

/** `1+2i`, `-1.5e3-0.5i`: the real part is what the lexer scanned as the first number, the rest is imaginary. */
function parseComplex(text: string): { re: number; im: number } | undefined {
  const k = scanNumberEnd(text);
  if (k <= 0 || k >= text.length || !text.endsWith('i')) return undefined;
  const re = tryNumber(() => parseFloat(text.slice(0, k), 64));
  const im = tryNumber(() => parseFloat(text.slice(k, -1), 64));
  if (re === undefined || im === undefined) return undefined;
  return { re, im };
}

/** Where the lexer's scanNumber would stop in s (sign, base prefix, digits, fraction, exponent). */
function scanNumberEnd(s: string): number {
  let i = 0;
  const accept = (valid: string): boolean => {
    if (i < s.length && valid.includes(s[i] as string)) {
      i++;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (i < s.length && valid.includes(s[i] as string)) i++;
  };
  accept('+-');
  let digits = '0123456789_';
  if (accept('0')) {
    if (accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (accept('oO')) digits = '01234567_';
    else if (accept('bB')) digits = '01_';
  }
  acceptRun(digits);
  if (accept('.')) acceptRun(digits);
  if (digits.length === 11 && accept('eE')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  if (digits.length === 23 && accept('pP')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  return i;
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

/** The value an untyped constant takes where no type is known (Go's idealConstant): int, float64 or complex128. */
function idealConstant(n: NumberNode): GoValue | string {
  if (n.isComplex) return new GoValue(T.complex128, n.complex128);
  if (n.isFloat && !isHexInt(n.text) && n.text[0] !== "'" && /[.eEpP]/.test(n.text)) return new GoValue(T.float64, n.float64);
  if (n.isInt) return new GoValue(T.int, n.int64);
  if (n.isUint) return `${n.text} overflows int`;
  return `illegal number syntax: ${quote(n.text)}`;
}
