/**
 * @module
 * Go text/template for TypeScript: parse once, execute many times over Go values (or raw JSON, which is treated
 * as `interface {}` the way encoding/json decodes it).
 *
 * ```ts
 * const t = parse('{{range $k, $v := .}}{{$k}}={{$v}} {{end}}', { funcs: [sprigFuncs, istioFuncs()] });
 * t.execute({ b: 2, a: 1 }); // "a=1 b=2 "
 * ```
 *
 * Function resolution: the template FuncMaps (later maps override earlier ones), then Go's builtins.
 */
import type { FuncMap } from '../go/types.ts';
import { GoValue, toDynamic } from '../go/value.ts';
import { TemplateExecError } from './errors.ts';
import { DEFAULT_EXEC_LIMITS, executeTree, type ExecLimits, type MissingKey } from './exec.ts';
import { builtins } from './funcs/builtins.ts';
import { print, type ListNode } from './node.ts';
import { DEFAULT_PARSE_LIMITS, parseInto, type ParseLimits, type Tree } from './parse.ts';

export { TemplateExecError, TemplateSyntaxError } from './errors.ts';
export type { ExecErrorInit } from './errors.ts';
export type { MissingKey } from './exec.ts';
export { REFLECT_VALUE } from './reflect.ts';
export { builtins } from './funcs/builtins.ts';
export type { Tree } from './parse.ts';
export type { Node } from './node.ts';
export { print as printNode } from './node.ts';

export interface TemplateLimits {
  /** Nesting of parentheses and control structures accepted by the parser (default 1000). */
  readonly maxParseDepth?: number;
  /** Commands in one pipeline (default 1000). */
  readonly maxPipelineCommands?: number;
  /** Nested {{template}} calls during execution (default 1000). */
  readonly maxExecDepth?: number;
  /** Output length in UTF-16 code units (default 64 Mi). */
  readonly maxOutputSize?: number;
  /** Nodes walked in one execution (default 50 million), so that no template runs away. */
  readonly maxSteps?: number;
  /**
   * Characters or list elements that functions build (`until`, `repeat`, `indent`) and that printing and encoding
   * values (fmt, JSON, YAML) produce, all together in one execution (default 16 Mi).
   */
  readonly maxBuilt?: number;
}

export interface ParseOptions {
  /** The template's name, used in error messages (Go's template.New(name)); default `template`. */
  readonly name?: string;
  /** Action delimiters; empty strings mean `{{` and `}}`. */
  readonly delims?: readonly [string, string];
  /** Functions; with several maps, later ones override earlier ones. All override the builtins. */
  readonly funcs?: FuncMap | readonly FuncMap[];
  /** What a missing map key yields (Go's Option("missingkey=…")); default `default` (= `invalid`). */
  readonly missingkey?: MissingKey;
  readonly limits?: TemplateLimits;
}

interface Config {
  readonly leftDelim: string;
  readonly rightDelim: string;
  readonly funcs: readonly FuncMap[];
  readonly missingkey: MissingKey;
  readonly parseLimits: Required<ParseLimits>;
  readonly execLimits: Required<ExecLimits>;
}

/** A parsed template and the templates it defines. Immutable: execute it any number of times. */
export class Template {
  /** The name of the template `execute` runs. */
  readonly name: string;
  readonly #set: ReadonlyMap<string, Tree>;
  readonly #config: Config;

  /** Use `parse()`. */
  private constructor(name: string, set: ReadonlyMap<string, Tree>, config: Config) {
    this.name = name;
    this.#set = set;
    this.#config = config;
  }

  /** @internal */
  static create(name: string, text: string, config: Config): Template {
    const set = new Map<string, Tree>();
    parseText(name, text, config, set);
    return new Template(name, set, config);
  }

  /** Executes this template with dot = $ = data; returns the output or throws TemplateExecError. */
  execute(data?: unknown): string {
    return this.executeTemplate(this.name, data);
  }

  /** Executes the associated template of that name. */
  executeTemplate(name: string, data?: unknown): string {
    const tree = this.#set.get(name);
    if (tree === undefined) {
      throw new TemplateExecError({
        templateName: name,
        parseName: name,
        line: 0,
        col: 0,
        nodeText: '',
        detail: `no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.name)}`,
      });
    }
    const value = data instanceof GoValue ? data : toDynamic(data);
    return executeTree(this.#set, tree, value, { missingkey: this.#config.missingkey, limits: this.#config.execLimits });
  }

  /** The associated template of that name (sharing this one's set), or undefined. */
  lookup(name: string): Template | undefined {
    return this.#set.has(name) ? new Template(name, this.#set, this.#config) : undefined;
  }

  /** Names of all templates in the set, sorted. */
  names(): string[] {
    return [...this.#set.keys()].sort();
  }

  /** The parse tree of a template in the set (default: this one). */
  tree(name: string = this.name): Tree | undefined {
    return this.#set.get(name);
  }

  /** A template written back as source (Go's Tree.Root.String()). */
  source(name: string = this.name): string | undefined {
    const tree = this.#set.get(name);
    return tree === undefined ? undefined : print(tree.root as ListNode);
  }

  /**
   * A new template set with text parsed as template `name` (and its own defines) added, as Go's
   * `t.New(name).Parse(text)` does; this template is unchanged. Returns the new set's view of this template.
   */
  define(name: string, text: string): Template {
    const set = new Map(this.#set);
    parseText(name, text, this.#config, set);
    return new Template(this.name, set, this.#config);
  }
}

function parseText(name: string, text: string, config: Config, set: Map<string, Tree>): void {
  parseInto(
    text,
    {
      name,
      leftDelim: config.leftDelim,
      rightDelim: config.rightDelim,
      funcs: config.funcs,
      builtins,
      limits: config.parseLimits,
    },
    set,
  );
}

function defined<V>(v: V | undefined, fallback: V): V {
  return v === undefined ? fallback : v;
}

/** Parses a template. Throws TemplateSyntaxError. */
export function parse(text: string, options: ParseOptions = {}): Template {
  const funcs = options.funcs === undefined ? [] : Array.isArray(options.funcs) ? (options.funcs as readonly FuncMap[]) : [options.funcs as FuncMap];
  const limits = options.limits ?? {};
  const config: Config = {
    leftDelim: options.delims?.[0] ?? '',
    rightDelim: options.delims?.[1] ?? '',
    funcs,
    missingkey: options.missingkey ?? 'default',
    parseLimits: {
      maxDepth: defined(limits.maxParseDepth, DEFAULT_PARSE_LIMITS.maxDepth),
      maxPipelineCommands: defined(limits.maxPipelineCommands, DEFAULT_PARSE_LIMITS.maxPipelineCommands),
    },
    execLimits: {
      maxDepth: defined(limits.maxExecDepth, DEFAULT_EXEC_LIMITS.maxDepth),
      maxOutputSize: defined(limits.maxOutputSize, DEFAULT_EXEC_LIMITS.maxOutputSize),
      maxSteps: defined(limits.maxSteps, DEFAULT_EXEC_LIMITS.maxSteps),
      maxBuilt: defined(limits.maxBuilt, DEFAULT_EXEC_LIMITS.maxBuilt),
    },
  };
  return Template.create(options.name ?? 'template', text, config);
}
