/**
 * @module
 * The template lexer: a synchronous pull lexer. `nextItem()` runs named state methods in a loop until one emits an
 * item, as Go's text/template/parse/lex.go does with state functions. Trim markers (`{{- ` and ` -}}`) are handled
 * entirely here: the parser never sees them. Positions are UTF-16 offsets into the input; lines are 1-based.
 */

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'comment'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // Keywords (Go's items after itemKeyword); printed as <val> in messages.
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  readonly type: ItemType;
  /** UTF-16 offset of the item in the input. */
  readonly pos: number;
  readonly val: string;
  /** 1-based line of the item's start. */
  readonly line: number;
}

/** Words that lex as keywords (plus `.`, which lexes as 'dot'). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);

const KEYWORD_ITEMS: ReadonlySet<ItemType> = new Set<ItemType>([...(KEYWORDS as Set<ItemType>), 'dot']);

export function isKeywordItem(type: ItemType): boolean {
  return KEYWORD_ITEMS.has(type);
}

export interface LexOptions {
  /** Emit comment items instead of dropping them. */
  readonly emitComment?: boolean;
  /** `break` is a keyword (false when a function named `break` is defined). */
  readonly breakOK?: boolean;
  readonly continueOK?: boolean;
  /** Only the state machine, without the whole-token fast path (the reference the tests compare the fast path with). */
  readonly stateMachineOnly?: boolean;
}

type State =
  | 'text'
  | 'leftDelim'
  | 'comment'
  | 'rightDelim'
  | 'insideAction'
  | 'space'
  | 'quote'
  | 'rawQuote'
  | 'variable'
  | 'field'
  | 'char'
  | 'number'
  | 'identifier';

const EOF = -1;
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2;
const NO_DELIM = 0;
const DELIM = 1;
const DELIM_TRIM = 2;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;
/** A run of ASCII word characters (Go's isAlphaNumeric for ASCII), matched where lastIndex says. */
const ASCII_WORD = /[A-Za-z0-9_]+/y;
/** A run of characters that neither end nor escape a quoted string, nor end the line (no line breaks inside). */
const QUOTED_RUN = /[^"\\\n]+/y;

/** Go's isAlphaNumeric: `_`, a Unicode letter or a decimal digit. */
function isAlphaNumeric(c: number): boolean {
  if (c < 0x80) {
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
  }
  return c !== EOF && LETTER_OR_DIGIT.test(String.fromCodePoint(c));
}

/** `- ` (minus then one white-space character) right after a left delimiter. */
function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.charCodeAt(at) === 0x2d && isSpace(s.charCodeAt(at + 1));
}

/** ` -` (white space then minus) right before a right delimiter. */
function hasRightTrimMarker(s: string, at: number): boolean {
  return isSpace(s.charCodeAt(at)) && s.charCodeAt(at + 1) === 0x2d;
}

/** Go's %#U: `U+0023 '#'` (the character only when printable). */
export function formatRune(c: number): string {
  const hex = c.toString(16).toUpperCase().padStart(4, '0');
  const printable = c > 0x20 && c !== 0x7f && !/^[\p{C}\p{Z}]$/u.test(String.fromCodePoint(c));
  return printable || c === 0x20 ? `U+${hex} '${String.fromCodePoint(c)}'` : `U+${hex}`;
}

export class Lexer {
  readonly #input: string;
  readonly #leftDelim: string;
  readonly #rightDelim: string;
  readonly #rightDelimFirst: number;
  readonly #options: LexOptions;
  #pos = 0;
  #start = 0;
  #atEOF = false;
  #parenDepth = 0;
  #line = 1;
  #startLine = 1;
  #item: Item = { type: 'eof', pos: 0, val: 'EOF', line: 1 };
  #insideAction = false;
  /** Set once an error item was emitted: the scan is over. */
  #done = false;

  /** The whole-token patterns for these delimiters (see actionTokenPatterns), or null for the state machine only. */
  readonly #token: ActionTokenPatterns | null;

  constructor(input: string, leftDelim = '', rightDelim = '', options: LexOptions = {}) {
    this.#input = input;
    this.#leftDelim = leftDelim === '' ? '{{' : leftDelim;
    this.#rightDelim = rightDelim === '' ? '}}' : rightDelim;
    this.#rightDelimFirst = this.#rightDelim.charCodeAt(0);
    this.#options = { emitComment: false, breakOK: true, continueOK: true, ...options };
    this.#token = options.stateMachineOnly === true ? null : actionTokenPatterns(this.#rightDelim);
  }

  /** Scans and returns the next item; after EOF or an error, keeps returning EOF. */
  nextItem(): Item {
    if (this.#done) return { type: 'eof', pos: this.#pos, val: 'EOF', line: this.#startLine };
    if (this.#insideAction && this.#token !== null) {
      const item = this.#actionToken(this.#token);
      if (item !== null) return item;
    }
    let state: State | null = this.#insideAction ? 'insideAction' : 'text';
    while (state !== null) state = this.#run(state);
    return this.#item;
  }

  /**
   * The fast path inside an action: the common tokens (spaces, fields, identifiers and keywords, variables, quoted
   * strings, `|`, parentheses, `=`, `:=`) in one match of a sticky pattern, each giving the item the state machine
   * gives. Anything else — the right delimiter, a trim marker, numbers, raw strings, characters, errors, non-ASCII
   * words — returns null, and the state machine takes it from the same position. Lexing runs once per template at
   * start-up, in code not yet optimised, where the state machine's calls per character are what costs.
   */
  #actionToken(patterns: ActionTokenPatterns): Item | null {
    const s = this.#input;
    const start = this.#pos;
    const c = s.charCodeAt(start);
    // The state machine looks for a right delimiter (or ` -` before one) first, whatever it is made of: anything
    // that may start one is left to it. (A trim marker starts with white space, which the space pattern refuses
    // before a `-`.)
    if (c === this.#rightDelimFirst) return null;
    let type: ItemType;
    let end = start + 1;
    switch (c) {
      case 0x7c: // |
        type = 'pipe';
        break;
      case 0x28: // (
        type = 'leftParen';
        break;
      case 0x29: // )
        if (this.#parenDepth === 0) return null; // the state machine reports it
        type = 'rightParen';
        break;
      case 0x3d: // =
        type = 'assign';
        break;
      case 0x3a: // :
        if (s.charCodeAt(start + 1) !== 0x3d) return null;
        type = 'declare';
        end = start + 2;
        break;
      default: {
        // Each kind of token starts with its own characters: the first one says which pattern to try.
        let pattern: RegExp;
        if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
          pattern = patterns.space;
          type = 'space';
        } else if (c === 0x2e) {
          pattern = patterns.field;
          type = 'field';
        } else if (c === 0x24) {
          pattern = patterns.variable;
          type = 'variable';
        } else if (c === 0x22) {
          pattern = patterns.quoted;
          type = 'string';
        } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) {
          pattern = patterns.word;
          type = 'identifier';
        } else return null;
        pattern.lastIndex = start;
        if (!pattern.test(s)) return null;
        end = pattern.lastIndex;
        if (type === 'field' && end === start + 1) {
          if (end < s.length) type = 'dot';
          else return null; // a `.` that ends the input lexes as a number (and fails as one)
        }
      }
    }
    if (type === 'leftParen') this.#parenDepth++;
    else if (type === 'rightParen') this.#parenDepth--;
    const val = s.slice(start, end);
    if (type === 'identifier') type = this.#wordType(val);
    const item: Item = { type, pos: start, val, line: this.#startLine };
    // Only spaces can hold a line break here (quoted strings cannot).
    if (type === 'space') this.#line += countNewlines(s, start, end);
    this.#pos = end;
    this.#start = end;
    this.#startLine = this.#line;
    return item;
  }

  /** The item type of a word in an action: a keyword, a bool, or an identifier. */
  #wordType(word: string): ItemType {
    if (KEYWORDS.has(word)) {
      if ((word === 'break' && !this.#options.breakOK) || (word === 'continue' && !this.#options.continueOK)) return 'identifier';
      return word as ItemType;
    }
    if (word === 'true' || word === 'false') return 'bool';
    return 'identifier';
  }

  #run(state: State): State | null {
    switch (state) {
      case 'text':
        return this.#lexText();
      case 'leftDelim':
        return this.#lexLeftDelim();
      case 'comment':
        return this.#lexComment();
      case 'rightDelim':
        return this.#lexRightDelim();
      case 'insideAction':
        return this.#lexInsideAction();
      case 'space':
        return this.#lexSpace();
      case 'quote':
        return this.#lexQuote();
      case 'rawQuote':
        return this.#lexRawQuote();
      case 'variable':
        return this.#lexFieldOrVariable('variable');
      case 'field':
        return this.#lexFieldOrVariable('field');
      case 'char':
        return this.#lexChar();
      case 'number':
        return this.#lexNumber();
      case 'identifier':
        return this.#lexIdentifier();
    }
  }

  // --- primitives ----------------------------------------------------------------------------------------------

  #next(): number {
    if (this.#pos >= this.#input.length) {
      this.#atEOF = true;
      return EOF;
    }
    const c = this.#input.codePointAt(this.#pos) as number;
    this.#pos += c > 0xffff ? 2 : 1;
    if (c === 0x0a) this.#line++;
    return c;
  }

  #peek(): number {
    if (this.#pos >= this.#input.length) return EOF;
    return this.#input.codePointAt(this.#pos) as number;
  }

  #backup(): void {
    if (this.#atEOF || this.#pos <= 0) return;
    const lo = this.#input.charCodeAt(this.#pos - 1);
    const pair = lo >= 0xdc00 && lo <= 0xdfff && this.#pos >= 2 && isHighSurrogate(this.#input.charCodeAt(this.#pos - 2));
    this.#pos -= pair ? 2 : 1;
    if (lo === 0x0a) this.#line--;
  }

  #thisItem(type: ItemType): Item {
    const item: Item = { type, pos: this.#start, val: this.#input.slice(this.#start, this.#pos), line: this.#startLine };
    this.#start = this.#pos;
    this.#startLine = this.#line;
    return item;
  }

  #emit(type: ItemType): null {
    this.#item = this.#thisItem(type);
    return null;
  }

  #emitItem(item: Item): null {
    this.#item = item;
    return null;
  }

  #ignore(): void {
    this.#line += countNewlines(this.#input, this.#start, this.#pos);
    this.#start = this.#pos;
    this.#startLine = this.#line;
  }

  #accept(valid: string): boolean {
    const c = this.#next();
    if (c !== EOF && valid.includes(String.fromCodePoint(c))) return true;
    this.#backup();
    return false;
  }

  #acceptRun(valid: string): void {
    for (;;) {
      const c = this.#next();
      if (c === EOF || !valid.includes(String.fromCodePoint(c))) break;
    }
    this.#backup();
  }

  /** Emits an error item and ends the scan. */
  #errorf(message: string): null {
    this.#item = { type: 'error', pos: this.#start, val: message, line: this.#startLine };
    this.#done = true;
    return null;
  }

  /** At a right delimiter: NO_DELIM, DELIM, or DELIM_TRIM (with a ` -` trim marker before it). */
  #atRightDelim(): number {
    const s = this.#input;
    if (hasRightTrimMarker(s, this.#pos) && s.startsWith(this.#rightDelim, this.#pos + TRIM_MARKER_LEN)) return DELIM_TRIM;
    if (s.startsWith(this.#rightDelim, this.#pos)) return DELIM;
    return NO_DELIM;
  }

  /** Whether the next character ends a word: space, end of input, punctuation or the right delimiter. */
  #atTerminator(): boolean {
    const c = this.#peek();
    if (isSpace(c)) return true;
    switch (c) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.#input.startsWith(this.#rightDelim, this.#pos);
  }

  // --- states --------------------------------------------------------------------------------------------------

  /** Scans text up to the next left delimiter, trimming its trailing space when the action starts with `{{- `. */
  #lexText(): State | null {
    const s = this.#input;
    const x = s.indexOf(this.#leftDelim, this.#pos);
    if (x >= 0) {
      if (x > this.#pos) {
        this.#pos = x;
        let trimLength = 0;
        const delimEnd = this.#pos + this.#leftDelim.length;
        if (hasLeftTrimMarker(s, delimEnd)) trimLength = rightTrimLength(s, this.#start, this.#pos);
        this.#pos -= trimLength;
        this.#line += countNewlines(s, this.#start, this.#pos);
        const item = this.#thisItem('text');
        this.#pos += trimLength;
        this.#ignore();
        if (item.val.length > 0) return this.#emitItem(item);
      }
      return 'leftDelim';
    }
    this.#pos = s.length;
    if (this.#pos > this.#start) {
      this.#line += countNewlines(s, this.#start, this.#pos);
      return this.#emit('text');
    }
    return this.#emit('eof');
  }

  #lexLeftDelim(): State | null {
    this.#pos += this.#leftDelim.length;
    const trimSpace = hasLeftTrimMarker(this.#input, this.#pos);
    const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (this.#input.startsWith(LEFT_COMMENT, this.#pos + afterMarker)) {
      this.#pos += afterMarker;
      this.#ignore();
      return 'comment';
    }
    const item = this.#thisItem('leftDelim');
    this.#insideAction = true;
    this.#pos += afterMarker;
    this.#ignore();
    this.#parenDepth = 0;
    return this.#emitItem(item);
  }

  #lexComment(): State | null {
    this.#pos += LEFT_COMMENT.length;
    const x = this.#input.indexOf(RIGHT_COMMENT, this.#pos);
    if (x < 0) return this.#errorf('unclosed comment');
    this.#pos = x + RIGHT_COMMENT.length;
    const delim = this.#atRightDelim();
    if (delim === NO_DELIM) return this.#errorf('comment ends before closing delimiter');
    const trimSpaces = delim === DELIM_TRIM;
    const item = this.#thisItem('comment');
    if (trimSpaces) this.#pos += TRIM_MARKER_LEN;
    this.#pos += this.#rightDelim.length;
    if (trimSpaces) this.#pos += leftTrimLength(this.#input, this.#pos);
    this.#ignore();
    if (this.#options.emitComment) return this.#emitItem(item);
    return 'text';
  }

  #lexRightDelim(): State | null {
    const trimSpaces = this.#atRightDelim() === DELIM_TRIM;
    if (trimSpaces) {
      this.#pos += TRIM_MARKER_LEN;
      this.#ignore();
    }
    this.#pos += this.#rightDelim.length;
    const item = this.#thisItem('rightDelim');
    if (trimSpaces) {
      this.#pos += leftTrimLength(this.#input, this.#pos);
      this.#ignore();
    }
    this.#insideAction = false;
    return this.#emitItem(item);
  }

  #lexInsideAction(): State | null {
    if (this.#atRightDelim() !== NO_DELIM) {
      if (this.#parenDepth === 0) return 'rightDelim';
      return this.#errorf('unclosed left paren');
    }
    const c = this.#next();
    if (c === EOF) return this.#errorf('unclosed action');
    if (isSpace(c)) {
      this.#backup(); // Put the space back in case we have " -}}".
      return 'space';
    }
    switch (c) {
      case 0x3d: // =
        return this.#emit('assign');
      case 0x3a: // :
        if (this.#next() !== 0x3d) return this.#errorf('expected :=');
        return this.#emit('declare');
      case 0x7c: // |
        return this.#emit('pipe');
      case 0x22: // "
        return 'quote';
      case 0x60: // `
        return 'rawQuote';
      case 0x24: // $
        return 'variable';
      case 0x27: // '
        return 'char';
      case 0x2e: {
        // "." followed by a digit starts a number; otherwise a field (or dot).
        if (this.#pos < this.#input.length) {
          const d = this.#input.charCodeAt(this.#pos);
          if (!(d >= 0x30 && d <= 0x39)) return 'field';
        }
        this.#backup();
        return 'number';
      }
      case 0x28: // (
        this.#parenDepth++;
        return this.#emit('leftParen');
      case 0x29: // )
        this.#parenDepth--;
        if (this.#parenDepth < 0) return this.#errorf('unexpected right paren');
        return this.#emit('rightParen');
    }
    if (c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.#backup();
      return 'number';
    }
    if (isAlphaNumeric(c)) {
      this.#backup();
      return 'identifier';
    }
    if (c < 0x80 && c >= 0x20 && c !== 0x7f) return this.#emit('char');
    return this.#errorf(`unrecognized character in action: ${formatRune(c)}`);
  }

  #lexSpace(): State | null {
    const s = this.#input;
    const from = this.#pos;
    let at = from;
    while (at < s.length && isSpace(s.charCodeAt(at))) {
      if (s.charCodeAt(at) === 0x0a) this.#line++;
      at++;
    }
    this.#pos = at;
    const numSpaces = at - from;
    // A trim-marked closing delimiter has a minus after a space: leave " -}}" to lexRightDelim.
    if (hasRightTrimMarker(s, this.#pos - 1) && s.startsWith(this.#rightDelim, this.#pos - 1 + TRIM_MARKER_LEN)) {
      this.#backup(); // Before the space.
      if (numSpaces === 1) return 'rightDelim';
    }
    return this.#emit('space');
  }

  #lexQuote(): State | null {
    for (;;) {
      QUOTED_RUN.lastIndex = this.#pos;
      if (QUOTED_RUN.test(this.#input)) this.#pos = QUOTED_RUN.lastIndex;
      let c = this.#next();
      if (c === 0x5c) {
        c = this.#next();
        if (c !== EOF && c !== 0x0a) continue;
      }
      if (c === EOF || c === 0x0a) return this.#errorf('unterminated quoted string');
      if (c === 0x22) break;
    }
    return this.#emit('string');
  }

  #lexRawQuote(): State | null {
    for (;;) {
      const c = this.#next();
      if (c === EOF) return this.#errorf('unterminated raw quoted string');
      if (c === 0x60) break;
    }
    return this.#emit('rawString');
  }

  #lexChar(): State | null {
    for (;;) {
      let c = this.#next();
      if (c === 0x5c) {
        c = this.#next();
        if (c !== EOF && c !== 0x0a) continue;
      }
      if (c === EOF || c === 0x0a) return this.#errorf('unterminated character constant');
      if (c === 0x27) break;
    }
    return this.#emit('charConstant');
  }

  /**
   * Skips the ASCII letters, digits and underscores at the position in one step (the per-character loop that
   * follows handles the rest, Unicode letters included, exactly as before).
   */
  #skipAsciiWord(): void {
    ASCII_WORD.lastIndex = this.#pos;
    if (ASCII_WORD.test(this.#input)) this.#pos = ASCII_WORD.lastIndex;
  }

  /** `$`, `$x`, `.`, `.Field`: the `$` or `.` has been consumed. */
  #lexFieldOrVariable(type: 'field' | 'variable'): State | null {
    if (this.#atTerminator()) return this.#emit(type === 'variable' ? 'variable' : 'dot');
    this.#skipAsciiWord();
    let c: number;
    for (;;) {
      c = this.#next();
      if (!isAlphaNumeric(c)) {
        this.#backup();
        break;
      }
    }
    if (!this.#atTerminator()) return this.#errorf(`bad character ${formatRune(c)}`);
    return this.#emit(type);
  }

  #lexIdentifier(): State | null {
    this.#skipAsciiWord();
    for (;;) {
      const c = this.#next();
      if (isAlphaNumeric(c)) continue;
      this.#backup();
      const word = this.#input.slice(this.#start, this.#pos);
      if (!this.#atTerminator()) return this.#errorf(`bad character ${formatRune(c)}`);
      return this.#emit(this.#wordType(word));
    }
  }

  /** Numbers are lexed permissively; the parser converts them and reports bad syntax. */
  #lexNumber(): State | null {
    if (!this.#scanNumber()) return this.#errorf(`bad number syntax: ${quoteForMessage(this.#input.slice(this.#start, this.#pos))}`);
    const sign = this.#peek();
    if (sign === 0x2b || sign === 0x2d) {
      // Complex: 1+2i. No spaces, must end in 'i'.
      if (!this.#scanNumber() || this.#input.charCodeAt(this.#pos - 1) !== 0x69) {
        return this.#errorf(`bad number syntax: ${quoteForMessage(this.#input.slice(this.#start, this.#pos))}`);
      }
      return this.#emit('complex');
    }
    return this.#emit('number');
  }

  #scanNumber(): boolean {
    this.#accept('+-');
    let digits = '0123456789_';
    if (this.#accept('0')) {
      // A leading 0 does not mean octal in floats.
      if (this.#accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.#accept('oO')) digits = '01234567_';
      else if (this.#accept('bB')) digits = '01_';
    }
    this.#acceptRun(digits);
    if (this.#accept('.')) this.#acceptRun(digits);
    if (digits.length === 11 && this.#accept('eE')) {
      this.#accept('+-');
      this.#acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.#accept('pP')) {
      this.#accept('+-');
      this.#acceptRun('0123456789_');
    }
    this.#accept('i');
    // The next thing mustn't be alphanumeric.
    if (isAlphaNumeric(this.#peek())) {
      this.#next();
      return false;
    }
    return true;
  }
}

/**
 * The common tokens inside an action, each matched whole at lastIndex by a sticky pattern, for Lexer.#actionToken:
 * a run of white space (not followed by more white space or by `-`, which may start a trim marker or a number);
 * `.` or a field; a word; a variable; a quoted string. Names are ASCII, taken whole (no backtracking to a shorter
 * one), and must end where the state machine's atTerminator says a word ends (anything else, a Unicode letter say, is
 * left to the state machine). As there, a `.` or `$` right before the right delimiter stands alone, a word starts
 * with a letter or `_` (a digit starts a number), and so does a field's name (`.5` is a number).
 */
interface ActionTokenPatterns {
  readonly space: RegExp;
  readonly field: RegExp;
  readonly word: RegExp;
  readonly variable: RegExp;
  readonly quoted: RegExp;
}

/**
 * Made once per right delimiter and shared by every lexer (a lexer sets lastIndex before each use): a new RegExp
 * starts in V8's regexp interpreter, and start-up lexes a dozen templates.
 */
const actionTokenPatternsByDelim = new Map<string, ActionTokenPatterns>();

function actionTokenPatterns(rightDelim: string): ActionTokenPatterns {
  let patterns = actionTokenPatternsByDelim.get(rightDelim);
  if (patterns === undefined) {
    const delim = escapeRegExp(rightDelim);
    const terminator = `(?=[ \\t\\r\\n.,|:()]|$|${delim})`;
    const wholeName = (first: string): string => `(?!${delim})${first}[A-Za-z0-9_]*(?![A-Za-z0-9_])`;
    patterns = {
      space: /[ \t\r\n]+(?![ \t\r\n-])/y,
      field: new RegExp(`\\.(?:${wholeName('[A-Za-z_]')})?${terminator}`, 'y'),
      word: new RegExp(`${wholeName('[A-Za-z_]')}${terminator}`, 'y'),
      variable: new RegExp(`\\$(?:${wholeName('[A-Za-z0-9_]')})?${terminator}`, 'y'),
      quoted: /"(?:[^"\\\n]|\\[^\n])*"/y,
    };
    actionTokenPatternsByDelim.set(rightDelim, patterns);
  }
  return patterns;
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Length of the white space at the end of s[from:to]. */
function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(s.charCodeAt(i - 1))) i--;
  return to - i;
}

/** Length of the white space at the start of s[at:]. */
function leftTrimLength(s: string, at: number): number {
  let i = at;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i - at;
}

/** Go's %q for lexer messages; JSON escaping is close enough for the ASCII text numbers are made of. */
function quoteForMessage(s: string): string {
  return JSON.stringify(s);
}

/** Lexes the whole input (for tests and tools): every item up to and including EOF or the first error. */
export function lexAll(input: string, leftDelim = '', rightDelim = '', options: LexOptions = {}): Item[] {
  const lexer = new Lexer(input, leftDelim, rightDelim, options);
  const items: Item[] = [];
  for (;;) {
    const item = lexer.nextItem();
    items.push(item);
    if (item.type === 'eof' || item.type === 'error') return items;
  }
}
