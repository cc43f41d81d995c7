/**
 * @module
 * Template errors with Go-shaped messages, so Istio users recognise them:
 * parse errors `template: NAME:LINE: …`, execution errors `template: NAME:LINE:COL: executing "NAME" at <NODE>: …`.
 * Line and column are computed only when an error is reported.
 */

/** A template that cannot be parsed (lexing, grammar, undefined variable or function, limits). */
export class TemplateSyntaxError extends SyntaxError {
  override readonly name = 'TemplateSyntaxError';
  /** The name of the template being parsed (Go's ParseName). */
  readonly templateName: string;
  /** 1-based line of the token where the error was found. */
  readonly line: number;
  /** The message without the `template: NAME:LINE: ` prefix. */
  readonly detail: string;

  constructor(templateName: string, line: number, detail: string) {
    super(`template: ${templateName}:${line}: ${detail}`);
    this.templateName = templateName;
    this.line = line;
    this.detail = detail;
  }
}

export interface ExecErrorInit {
  /** The template being executed (`executing "NAME"`). */
  readonly templateName: string;
  /** The template whose text holds the failing node (Go's ParseName); line and col refer to that text. */
  readonly parseName: string;
  /** 1-based line; 0 when no node is known. */
  readonly line: number;
  /** Byte offset within the line, as Go prints it (0-based). */
  readonly col: number;
  /** The failing node printed back as template source; empty when no node is known. */
  readonly nodeText: string;
  readonly detail: string;
  readonly cause?: unknown;
}

/** A failure while executing a template. */
export class TemplateExecError extends Error {
  override readonly name = 'TemplateExecError';
  readonly templateName: string;
  readonly parseName: string;
  readonly line: number;
  readonly col: number;
  readonly nodeText: string;
  /** The message without the location prefix (e.g. `error calling eq: incompatible types for comparison`). */
  readonly detail: string;

  constructor(init: ExecErrorInit) {
    const message =
      init.line === 0
        ? `template: ${init.templateName}: ${init.detail}`
        : `template: ${init.parseName}:${init.line}:${init.col}: executing ${goQuote(init.templateName)} at <${init.nodeText}>: ${init.detail}`;
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.templateName = init.templateName;
    this.parseName = init.parseName;
    this.line = init.line;
    this.col = init.col;
    this.nodeText = init.nodeText;
    this.detail = init.detail;
  }
}

/** Line (1-based) and Go column (UTF-8 byte offset within the line, 0-based) of a UTF-16 offset in text. */
export function lineAndColumn(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: utf8Bytes(text, lineStart, pos) };
}

function utf8Bytes(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A minimal %q for template names in messages (names are almost always plain ASCII). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}
