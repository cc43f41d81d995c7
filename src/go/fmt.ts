/**
 * @module
 * Go's fmt over GoValues: Sprint, Sprintln, Sprintf and the %v printing of every kind, with Go's inline
 * diagnostics (`%!d(string=x)`, `%!d(MISSING)`, `%!(EXTRA …)`, `%!(NOVERB)`, `%!(BADWIDTH)`, `%!(BADPREC)`).
 *
 * The printer mirrors fmt's two layers: `printArg` for an operand (an interface value) and `printValue` for a
 * value reached by reflection at some depth; Stringer/error methods are honoured for the string verbs.
 * Deviation: a non-nil pointer that Go prints as an address prints a fixed fake address (`0xc000010000`).
 */
import { T, TC, type GoMethod, type GoType } from './types.ts';
import { GoValue, callMethod, fieldRep, findMethod, sortedMapEntries, toDynamic, valueAt } from './value.ts';
import { OutputMeter } from './limits.ts';
import {
  canBackquote,
  formatFloat,
  isPrint,
  quote,
  quoteRune,
  quoteRuneToASCII,
  quoteToASCII,
  runeCount,
  utf8Bytes,
  utf8String,
  type FloatFormat,
} from './strconv.ts';

/** Address printed for non-nil pointers, maps, slices and funcs (Go prints a real, run-dependent address). */
const FAKE_ADDRESS = 0xc000010000;
const MAX_RUNE = 0x10ffff;
const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

/** An operand: a nil interface is null. */
type Arg = GoValue | null;

function isInvalidValue(v: GoValue): boolean {
  return v.t.kind === 'invalid';
}

/** The operand an `interface {}` argument holds: its dynamic value, or null for nil (and for the invalid value). */
function operand(v: GoValue): Arg {
  if (v.t.kind === 'invalid') return null;
  if (v.t.kind === 'iface') {
    if (v.v === null || v.v === undefined) return null;
    const d = toDynamic(v.v);
    return d.t.kind === 'iface' && (d.v === null || d.v === undefined) ? null : d;
  }
  return v;
}

function usableStringMethod(v: GoValue, name: string): GoMethod | undefined {
  const m = findMethod(v, name);
  if (!m) return undefined;
  if (m.params.length !== 0 || m.variadic || m.error || m.results.length !== 1) return undefined;
  if (m.results[0]?.kind !== 'string') return undefined;
  // A pointer-receiver method is not in the method set of a (non-addressable) value.
  if (m.ptr && v.t.kind !== 'ptr') return undefined;
  return m;
}

function isNilRep(rep: unknown): boolean {
  return rep === null || rep === undefined;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

class Printer {
  buf = '';
  /** Counts what values print to the execution's budget (see limits.ts). */
  readonly meter = new OutputMeter();
  // flags
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  widPresent = false;
  prec = 0;
  precPresent = false;
  // state
  erroring = false;
  panicking = false;
  /** The operand being printed by printArg (badVerb prints it), or undefined when printing a reflected value. */
  arg: Arg | undefined = undefined;
  value: GoValue | undefined = undefined;

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
  }

  saveFlags(): Flags {
    const { plus, minus, sharp, space, zero, plusV, sharpV, wid, widPresent, prec, precPresent } = this;
    return { plus, minus, sharp, space, zero, plusV, sharpV, wid, widPresent, prec, precPresent };
  }

  restoreFlags(f: Flags): void {
    Object.assign(this, f);
  }

  // --- padding (fmt/format.go) ---

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  truncate(s: string): string {
    if (!this.precPresent) return s;
    let n = this.prec;
    for (let i = 0; i < s.length; i++) {
      if (--n < 0) return s.slice(0, i);
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  /** %x/%X of a string or byte slice. */
  fmtSbx(bytes: ArrayLike<number>, digits: string): void {
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.sharp) out += '0' + digits[16];
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + digits[16];
      }
      const c = bytes[i] as number;
      out += (digits[c >> 4] as string) + digits[c & 0xf];
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtBoolean(b: boolean): void {
    this.pad(b ? 'true' : 'false');
  }

  /** fmt.fmtInteger: the magnitude and sign are passed separately so uint64 values above 2^63 print right. */
  fmtIntegerDigits(mag: number | bigint, negative: boolean, base: number, verb: string, digits: string): void {
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && (mag === 0 || mag === 0n)) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = typeof mag === 'bigint' || mag >= 2 ** 53 ? BigInt(mag).toString(base) : mag.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmtC(c: number): void {
    const r = c > MAX_RUNE || c < 0 || (c >= 0xd800 && c <= 0xdfff) ? 0xfffd : c;
    this.pad(String.fromCodePoint(r));
  }

  fmtQc(c: number): void {
    const r = c > MAX_RUNE || c < 0 ? 0xfffd : c;
    this.pad(this.plus ? quoteRuneToASCII(r) : quoteRune(r));
  }

  fmtUnicode(u: number): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    // A negative signed value is a huge uint64 in Go.
    let hex = u < 0 ? (BigInt.asUintN(64, BigInt(u)) as bigint).toString(16).toUpperCase() : u.toString(16).toUpperCase();
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = 'U+' + hex;
    if (this.sharp && u >= 0 && u <= MAX_RUNE && isPrint(u)) s += " '" + String.fromCodePoint(u) + "'";
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  /** fmt.fmtFloat (format.go): sign, NaN/Inf, `#` handling, zero padding after the sign. */
  fmtFloatFormat(v: number, size: 32 | 64, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb as FloatFormat, prec, size);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 1; i < num.length; i++) {
        const ch = num[i] as string;
        if (ch === '.') {
          hasDecimalPoint = true;
          continue;
        }
        if (ch === 'p' || ch === 'P' || ((ch === 'e' || ch === 'E') && verb !== 'x' && verb !== 'X')) {
          tail = num.slice(i);
          num = num.slice(0, i);
          break;
        }
        if (ch !== '0') sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
      if (!hasDecimalPoint) {
        if (num.length === 2 && num[1] === '0') digits--;
        num += '.';
      }
      if (digits > 0) num += '0'.repeat(digits);
      num += tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // --- pp layer (fmt/print.go) ---

  badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (this.arg !== undefined && this.arg !== null) {
      this.buf += this.arg.t.name + '=';
      this.printArg(this.arg, 'v');
    } else if (this.arg === undefined && this.value !== undefined && !isInvalidValue(this.value)) {
      this.buf += this.value.t.name + '=';
      this.printValue(this.value, 'v', 0);
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  fmtBool(b: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(b);
    else this.badVerb(verb);
  }

  fmt0x64(u: number, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtIntegerDigits(u, false, 16, 'v', LDIGITS);
    this.sharp = sharp;
  }

  fmtInteger(n: number | bigint, signed: boolean, verb: string): void {
    const negative = signed && n < 0;
    const mag = negative ? -n : n;
    switch (verb) {
      case 'v':
        if (this.sharpV && !signed) this.fmt0x64(Number(n), true);
        else this.fmtIntegerDigits(mag, negative, 10, verb, LDIGITS);
        return;
      case 'd':
        this.fmtIntegerDigits(mag, negative, 10, verb, LDIGITS);
        return;
      case 'b':
        this.fmtIntegerDigits(mag, negative, 2, verb, LDIGITS);
        return;
      case 'o':
      case 'O':
        this.fmtIntegerDigits(mag, negative, 8, verb, LDIGITS);
        return;
      case 'x':
        this.fmtIntegerDigits(mag, negative, 16, verb, LDIGITS);
        return;
      case 'X':
        this.fmtIntegerDigits(mag, negative, 16, verb, UDIGITS);
        return;
      case 'c':
        this.fmtC(Number(n));
        return;
      case 'q':
        this.fmtQc(Number(n));
        return;
      case 'U':
        this.fmtUnicode(Number(n));
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtFloat(v: number, size: 32 | 64, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloatFormat(v, size, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatFormat(v, size, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatFormat(v, size, verb, 6);
        return;
      case 'F':
        this.fmtFloatFormat(v, size, 'f', 6);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtComplex(c: { re: number; im: number }, size: 64 | 128, verb: string): void {
    switch (verb) {
      case 'v':
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
      case 'f':
      case 'F':
      case 'e':
      case 'E': {
        const oldPlus = this.plus;
        const half = size === 64 ? 32 : 64;
        this.buf += '(';
        this.fmtFloat(c.re, half, verb);
        this.plus = true;
        this.fmtFloat(c.im, half, verb);
        this.buf += 'i)';
        this.plus = oldPlus;
        return;
      }
      default:
        this.badVerb(verb);
    }
  }

  fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
        this.fmtSbx(utf8Bytes(s), LDIGITS);
        return;
      case 'X':
        this.fmtSbx(utf8Bytes(s), UDIGITS);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtBytes(v: GoValue, bytes: readonly number[] | null, verb: string, typeString: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.buf += typeString;
          if (bytes === null) {
            this.buf += '(nil)';
            return;
          }
          this.buf += '{';
          bytes.forEach((c, i) => {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(c, true);
          });
          this.buf += '}';
        } else {
          this.buf += '[';
          (bytes ?? []).forEach((c, i) => {
            if (i > 0) this.buf += ' ';
            this.fmtIntegerDigits(c, false, 10, verb, LDIGITS);
          });
          this.buf += ']';
        }
        return;
      case 's':
        this.pad(this.truncate(utf8String(bytes ?? [])));
        return;
      case 'x':
        this.fmtSbx(bytes ?? [], LDIGITS);
        return;
      case 'X':
        this.fmtSbx(bytes ?? [], UDIGITS);
        return;
      case 'q':
        this.fmtQ(utf8String(bytes ?? []));
        return;
      default:
        this.printValue(v, verb, 0);
    }
  }

  fmtPointer(v: GoValue, verb: string): void {
    switch (v.t.kind) {
      case 'chan':
      case 'func':
      case 'map':
      case 'ptr':
      case 'slice':
        break;
      default:
        this.badVerb(verb);
        return;
    }
    const u = isNilRep(v.v) ? 0 : FAKE_ADDRESS;
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += '(' + v.t.name + ')(';
          if (u === 0) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0) {
          this.pad('<nil>');
        } else {
          this.fmt0x64(u, !this.sharp);
        }
        return;
      case 'p':
        this.fmt0x64(u, !this.sharp);
        return;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtInteger(u, false, verb);
        return;
      default:
        this.badVerb(verb);
    }
  }

  catchPanic(v: GoValue, verb: string, method: string, err: unknown): void {
    // A nil pointer receiver that panics prints <nil>, as fmt does.
    if (v.t.kind === 'ptr' && isNilRep(v.v)) {
      this.buf += '<nil>';
      return;
    }
    if (this.panicking) throw err;
    const saved = this.saveFlags();
    this.clearFlags();
    this.buf += '%!' + verb + '(PANIC=' + method + ' method: ';
    this.panicking = true;
    this.printArg(new GoValue(T.string, messageOf(err)), 'v');
    this.panicking = false;
    this.buf += ')';
    this.restoreFlags(saved);
  }

  /** Error() / String() for the string verbs; returns whether it printed. */
  handleMethods(v: GoValue, verb: string): boolean {
    if (this.erroring || this.sharpV) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    if (!v.t.methods && !(v.t.kind === 'ptr' && v.t.elem?.methods)) return false;
    for (const name of ['Error', 'String']) {
      const m = usableStringMethod(v, name);
      if (!m) continue;
      let s: string;
      try {
        s = callMethod(v, m, name, []) as string;
      } catch (e) {
        this.catchPanic(v, verb, name, e);
        return true;
      }
      this.fmtString(s, verb);
      return true;
    }
    return false;
  }

  printArg(arg: Arg, verb: string): void {
    this.arg = arg;
    this.value = undefined;
    if (arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(arg.t.name);
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, 'p');
      return;
    }
    // The exact type []byte takes fmt's fast path (its %#v says []byte, not []uint8).
    if (arg.t === TC.bytes) {
      this.fmtBytes(arg, arg.v as number[] | null, verb, '[]byte');
      return;
    }
    if (this.handleMethods(arg, verb)) return;
    this.printValue(arg, verb, 0);
  }

  printValue(v: GoValue, verb: string, depth: number): void {
    this.meter.check(this.buf);
    if (depth > 0 && !isInvalidValue(v) && this.handleMethods(v, verb)) return;
    this.arg = undefined;
    this.value = v;
    const t = v.t;
    switch (t.kind) {
      case 'invalid':
        if (depth === 0) this.buf += '<invalid reflect.Value>';
        else if (verb === 'v') this.buf += '<nil>';
        else this.badVerb(verb);
        return;
      case 'bool':
        this.fmtBool(v.v as boolean, verb);
        return;
      case 'int':
        this.fmtInteger(v.v as number, true, verb);
        return;
      case 'uint':
        this.fmtInteger(v.v as number, false, verb);
        return;
      case 'float':
        this.fmtFloat(v.v as number, t.bits === 32 ? 32 : 64, verb);
        return;
      case 'complex':
        this.fmtComplex(v.v as { re: number; im: number }, t.bits === 64 ? 64 : 128, verb);
        return;
      case 'string':
        this.fmtString(v.v as string, verb);
        return;
      case 'map':
        this.printMap(v, verb, depth);
        return;
      case 'struct':
        this.printStruct(v, verb, depth);
        return;
      case 'iface': {
        if (isNilRep(v.v)) {
          if (this.sharpV) this.buf += t.name + '(nil)';
          else this.buf += '<nil>';
          return;
        }
        this.printValue(toDynamic(v.v), verb, depth + 1);
        return;
      }
      case 'array':
      case 'slice':
        this.printList(v, verb, depth);
        return;
      case 'ptr':
        if (depth === 0 && !isNilRep(v.v)) {
          const elem = t.elem ?? T.any;
          if (elem.kind === 'array' || elem.kind === 'slice' || elem.kind === 'struct' || elem.kind === 'map') {
            this.buf += '&';
            this.printValue(new GoValue(elem, v.v), verb, depth + 1);
            return;
          }
        }
        this.fmtPointer(v, verb);
        return;
      case 'chan':
      case 'func':
        this.fmtPointer(v, verb);
        return;
    }
  }

  printMap(v: GoValue, verb: string, depth: number): void {
    if (this.sharpV) {
      this.buf += v.t.name;
      if (isNilRep(v.v)) {
        this.buf += '(nil)';
        return;
      }
      this.buf += '{';
    } else {
      this.buf += 'map[';
    }
    const entries = sortedMapEntries(v);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as { key: GoValue; value: GoValue };
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      this.printValue(e.key, verb, depth + 1);
      this.buf += ':';
      this.printValue(e.value, verb, depth + 1);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  printStruct(v: GoValue, verb: string, depth: number): void {
    if (this.sharpV) this.buf += v.t.name;
    this.buf += '{';
    const fields = v.t.fields ?? [];
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (!f) continue;
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += f.name + ':';
      this.printValue(valueAt(f.type, fieldRep(v.v, f)), verb, depth + 1);
    }
    this.buf += '}';
  }

  printList(v: GoValue, verb: string, depth: number): void {
    const elemT: GoType = v.t.elem ?? T.any;
    const items = v.v as unknown[] | null | undefined;
    if ((verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') && elemT.kind === 'uint' && elemT.bits === 8) {
      this.fmtBytes(v, (items ?? []) as number[], verb, v.t.name);
      return;
    }
    if (this.sharpV) {
      this.buf += v.t.name;
      if (v.t.kind === 'slice' && isNilRep(items)) {
        this.buf += '(nil)';
        return;
      }
      this.buf += '{';
      (items ?? []).forEach((rep, i) => {
        if (i > 0) this.buf += ', ';
        this.printValue(valueAt(elemT, rep), verb, depth + 1);
      });
      this.buf += '}';
      return;
    }
    this.buf += '[';
    const n = items ? items.length : 0;
    for (let i = 0; i < n; i++) {
      if (i > 0) this.buf += ' ';
      this.printValue(valueAt(elemT, (items as unknown[])[i]), verb, depth + 1);
    }
    this.buf += ']';
  }

  // --- Printf ---

  doPrintf(format: string, args: readonly Arg[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    let reordered = false;
    let goodArgNum = true;

    const argNumber = (i: number): number => {
      // Parses an explicit argument index `[n]` at i; updates argNum, afterIndex, goodArgNum; returns the new i.
      if (i >= end || format[i] !== '[') {
        afterIndex = false;
        return i;
      }
      reordered = true;
      let close = -1;
      for (let j = i + 1; j < end; j++) {
        if (format[j] === ']') {
          close = j;
          break;
        }
      }
      if (end - i < 3 || close < 0) {
        goodArgNum = false;
        afterIndex = false;
        return i + 1;
      }
      const text = format.slice(i + 1, close);
      const ok = /^[0-9]+$/.test(text) && text.length < 8;
      const index = ok ? Number(text) - 1 : -1;
      if (ok && index >= 0 && index < args.length) {
        argNum = index;
        afterIndex = true;
        return close + 1;
      }
      goodArgNum = false;
      afterIndex = ok;
      return close + 1;
    };

    const intFromArg = (): { num: number; isInt: boolean } => {
      let num = 0;
      let isInt = false;
      if (argNum < args.length) {
        const a = args[argNum];
        if (a && (a.t.kind === 'int' || a.t.kind === 'uint')) {
          num = Number(a.v);
          isInt = Number.isSafeInteger(num);
        }
        argNum++;
        if (num > 1e6 || num < -1e6) {
          num = 0;
          isInt = false;
        }
      }
      return { num, isInt };
    };

    const parseNum = (i: number): { num: number; isNum: boolean; i: number } => {
      let num = 0;
      let isNum = false;
      let j = i;
      for (; j < end; j++) {
        const c = format.charCodeAt(j);
        if (c < 0x30 || c > 0x39) break;
        if (num > 1e6 || num < -1e6) return { num: 0, isNum: false, i: end };
        num = num * 10 + (c - 0x30);
        isNum = true;
      }
      return { num, isNum, i: j };
    };

    for (let i = 0; i < end; ) {
      goodArgNum = true;
      const lasti = i;
      while (i < end && format.charCodeAt(i) !== 0x25) i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++; // skip %
      this.clearFlags();
      flags: for (; i < end; i++) {
        switch (format[i]) {
          case '#':
            this.sharp = true;
            break;
          case '0':
            this.zero = !this.minus;
            break;
          case '+':
            this.plus = true;
            break;
          case '-':
            this.minus = true;
            this.zero = false;
            break;
          case ' ':
            this.space = true;
            break;
          default:
            break flags;
        }
      }
      i = argNumber(i);
      if (i < end && format[i] === '*') {
        i++;
        const { num, isInt } = intFromArg();
        this.wid = num;
        this.widPresent = isInt;
        if (!isInt) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        const r = parseNum(i);
        this.wid = r.num;
        this.widPresent = r.isNum;
        i = r.i;
        if (afterIndex && this.widPresent) goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        i = argNumber(i);
        if (i < end && format[i] === '*') {
          i++;
          const { num, isInt } = intFromArg();
          this.prec = num;
          this.precPresent = isInt;
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const r = parseNum(i);
          this.prec = r.num;
          this.precPresent = r.isNum;
          i = r.i;
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }
      if (!afterIndex) i = argNumber(i);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const cp = format.codePointAt(i) as number;
      const verb = String.fromCodePoint(cp);
      i += verb.length;
      if (verb === '%') {
        this.buf += '%';
      } else if (!goodArgNum) {
        this.buf += '%!' + verb + '(BADINDEX)';
      } else if (argNum >= args.length) {
        this.buf += '%!' + verb + '(MISSING)';
      } else {
        if (verb === 'v') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(args[argNum] ?? null, verb);
        argNum++;
      }
    }

    if (!reordered && argNum < args.length) {
      this.clearFlags();
      this.buf += '%!(EXTRA ';
      for (let k = argNum; k < args.length; k++) {
        if (k > argNum) this.buf += ', ';
        const a = args[k] ?? null;
        if (a === null) this.buf += '<nil>';
        else {
          this.buf += a.t.name + '=';
          this.printArg(a, 'v');
        }
      }
      this.buf += ')';
    }
  }
}

/**
 * What %v prints for a non-pointer value whose type has an Error or String method (an enum, mostly), as
 * handleMethods does without flags; undefined when the method is not usable or panics (the printer then says so).
 */
function viaStringMethod(v: GoValue): string | undefined {
  if (v.t.kind === 'ptr' || v.t.kind === 'iface') return undefined;
  for (const name of STRING_METHODS) {
    const m = usableStringMethod(v, name);
    if (m === undefined) continue;
    try {
      return callMethod(v, m, name, []) as string;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const STRING_METHODS = ['Error', 'String'] as const;

const PERCENT = 0x25;
const VERB_D = 0x64;
const VERB_S = 0x73;
const VERB_T = 0x74;
const VERB_V = 0x76;

/**
 * Sprintf for the formats templates use most: text with %s, %d, %t, %v or %% (no flags, width, precision or
 * argument index), over exactly as many operands as verbs, each a string, bool or integer without methods and
 * printed by its own verb. Undefined for anything else, which the general printer handles (with Go's diagnostics).
 */
function simpleSprintf(format: string, args: readonly GoValue[]): string | undefined {
  let out = '';
  let start = 0;
  let argNum = 0;
  for (let i = format.indexOf('%'); i >= 0; i = format.indexOf('%', start)) {
    out += format.slice(start, i);
    const verb = format.charCodeAt(i + 1);
    start = i + 2;
    if (verb === PERCENT) {
      out += '%';
      continue;
    }
    if (argNum >= args.length) return undefined;
    const text = simpleOperand(verb, operand(args[argNum++] as GoValue));
    if (text === undefined) return undefined;
    out += text;
  }
  if (argNum !== args.length) return undefined;
  return out + format.slice(start);
}

/** One operand of simpleSprintf, or undefined when the general printer must print it. */
function simpleOperand(verb: number, a: Arg): string | undefined {
  if (a === null || a.t.methods !== undefined) return undefined;
  switch (a.t.kind) {
    case 'string':
      return verb === VERB_S || verb === VERB_V ? (a.v as string) : undefined;
    case 'bool':
      return verb === VERB_T || verb === VERB_V ? (a.v === true ? 'true' : 'false') : undefined;
    case 'int':
    case 'uint':
      return (verb === VERB_D || verb === VERB_V) && Number.isSafeInteger(a.v) ? String(a.v) : undefined;
    default:
      return undefined;
  }
}

function isStringOperand(a: Arg): boolean {
  return a !== null && a.t.kind === 'string';
}

/** fmt.Sprint: operands with %v, a space between two operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  if (args.length === 1) {
    const only = args[0] as GoValue;
    if (only.t === T.string) return only.v as string;
    if (only.t === T.float64) return formatFloat(only.v as number, 'g', -1, 64);
    if (only.t.methods !== undefined) {
      const s = viaStringMethod(only);
      if (s !== undefined) return s;
    }
  }
  const p = new Printer();
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const a = operand(args[i] as GoValue);
    const isString = isStringOperand(a);
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(a, 'v');
    prevString = isString;
  }
  return p.meter.finish(p.buf);
}

/** fmt.Sprintln: operands with %v, always separated by spaces, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  for (let i = 0; i < args.length; i++) {
    if (i > 0) p.buf += ' ';
    p.printArg(operand(args[i] as GoValue), 'v');
  }
  return p.meter.finish(p.buf) + '\n';
}

/** fmt.Sprintf. Errors are written inline, as Go does; it never throws for bad formats or operands. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const simple = simpleSprintf(format, args);
  if (simple !== undefined) return simple;
  const p = new Printer();
  p.doPrintf(format, args.map(operand));
  return p.meter.finish(p.buf);
}

/**
 * One value formatted with a verb and optional flags (`'v'`, `'+v'`, `'#v'`, `'s'`, `'d'`, …), as
 * `fmt.Sprintf("%"+verb, v)` would print it. The invalid value prints `<invalid reflect.Value>`.
 */
export function formatValue(v: GoValue, verb = 'v'): string {
  if (v.t.kind === 'invalid') {
    const p = new Printer();
    p.printValue(v, verb.slice(-1), 0);
    return p.meter.finish(p.buf);
  }
  if (verb === 'v') {
    if (v.t === T.string) return v.v as string;
    if (v.t === T.float64) return formatFloat(v.v as number, 'g', -1, 64);
  }
  return sprintf('%' + verb, [v]);
}

/** The Go type name fmt's %T prints for a value (`<nil>` for a nil interface). */
export function typeName(v: GoValue): string {
  const a = operand(v);
  return a === null ? '<nil>' : a.t.name;
}
