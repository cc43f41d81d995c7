/**
 * @module
 * The Go type model that the template engine and the Go runtime pieces (fmt, json, yaml) share.
 *
 * A Go value is a pair (type, representation). The representation ("rep") of each kind is a plain JS value,
 * chosen so that JSON-backed data (Values, pod specs, mesh config) needs no conversion:
 *
 * | kind                      | rep                                                                       |
 * |---------------------------|---------------------------------------------------------------------------|
 * | bool                      | boolean                                                                   |
 * | int*, uint*, float*       | number (integers are safe JS integers; int64 beyond 2^53 is unsupported)  |
 * | complex                   | {re: number, im: number}                                                  |
 * | string                    | string                                                                    |
 * | slice, array              | unknown[] of element reps; a nil slice is null                            |
 * | map                       | a JS Map, or a plain object for string keys; a nil map is null            |
 * | ptr                       | the element's rep; a nil pointer is null                                  |
 * | struct                    | an object keyed by each field's `json` name, else its Go name; an absent  |
 * |                           | key is the field's zero value; an `inline` embedded field shares the rep  |
 * | iface (interface {})      | a dynamic rep: null (nil), a GoValue, or raw JSON (boolean → bool,        |
 * |                           | number → float64, string, array → []interface {}, object → map[string]…) |
 * | func                      | a GoFunc                                                                  |
 */

export type GoKind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'complex'
  | 'string'
  | 'slice'
  | 'array'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'iface'
  | 'func'
  | 'chan';

export type GoBits = 8 | 16 | 32 | 64;

/** A struct field, in declaration order. */
export interface GoField {
  /** The Go field name templates use (`Annotations`). */
  readonly name: string;
  readonly type: GoType;
  /** The JSON name the rep is keyed by (`annotations`); also used by json.Marshal. Absent: the Go name. */
  readonly json?: string;
  readonly omitempty?: boolean;
  /** An embedded (anonymous) field: its fields and methods are promoted. */
  readonly embedded?: boolean;
  /** The embedded struct's fields live in the parent's rep (Go JSON flattening of embedded structs). */
  readonly inline?: boolean;
}

/** A Go function signature. `error: true` means the function returns (T, error) or just error. */
export interface GoSignature {
  readonly params: readonly GoType[];
  /** Element type of a final `...T` parameter. */
  readonly variadic?: GoType;
  readonly results: readonly GoType[];
  readonly error?: boolean;
}

/**
 * A function callable from templates. `impl` receives, per parameter, the rep converted to the parameter's type;
 * for `interface {}` parameters it receives a GoValue (a nil interface is NIL). Variadic arguments are spread.
 * It returns the rep of its result type (for an `interface {}` result: a GoValue or a dynamic rep), or
 * undefined when there is no result. It throws GoError to return a Go error.
 */
export interface GoFunc extends GoSignature {
  readonly impl: (...args: never[]) => unknown;
}

/** A method: `ptr` says it has a pointer receiver, so it is callable on a nil pointer (recv = null). */
export interface GoMethod extends GoFunc {
  readonly ptr: boolean;
  readonly impl: (recv: never, ...args: never[]) => unknown;
}

export interface GoType {
  readonly kind: GoKind;
  /** The name Go prints for %T and in errors: `int64`, `map[string]interface {}`, `*v1.ObjectMeta`. */
  readonly name: string;
  /** A defined (named) type such as an enum, as opposed to a type literal. */
  readonly named: boolean;
  readonly bits?: GoBits | undefined;
  /** slice, array, ptr, map value, chan element. */
  readonly elem?: GoType | undefined;
  /** map key. */
  readonly key?: GoType | undefined;
  /** array length. */
  readonly len?: number | undefined;
  readonly fields?: readonly GoField[] | undefined;
  /** Methods declared on this type (value and pointer receivers alike, see GoMethod.ptr). */
  readonly methods?: Readonly<Record<string, GoMethod>> | undefined;
  /** func types. */
  readonly sig?: GoSignature | undefined;
}

/**
 * Every type object gets the same keys in the same order, absent ones undefined: the executor reads `t.kind`,
 * `t.elem`, … on every step, and one object shape keeps those reads monomorphic (measured: it matters).
 */
function shaped(t: GoType): GoType {
  return Object.freeze({
    kind: t.kind,
    name: t.name,
    named: t.named,
    bits: t.bits,
    elem: t.elem,
    key: t.key,
    len: t.len,
    fields: t.fields,
    methods: t.methods,
    sig: t.sig,
  });
}

function basic(kind: GoKind, name: string, bits?: GoBits): GoType {
  return shaped({ kind, name, named: false, bits });
}

/** The predeclared types. */
export const T = Object.freeze({
  invalid: basic('invalid', '<invalid>'),
  bool: basic('bool', 'bool'),
  int: basic('int', 'int', 64),
  int8: basic('int', 'int8', 8),
  int16: basic('int', 'int16', 16),
  int32: basic('int', 'int32', 32),
  int64: basic('int', 'int64', 64),
  uint: basic('uint', 'uint', 64),
  uint8: basic('uint', 'uint8', 8),
  uint16: basic('uint', 'uint16', 16),
  uint32: basic('uint', 'uint32', 32),
  uint64: basic('uint', 'uint64', 64),
  uintptr: basic('uint', 'uintptr', 64),
  float32: basic('float', 'float32', 32),
  float64: basic('float', 'float64', 64),
  complex64: basic('complex', 'complex64', 64),
  complex128: basic('complex', 'complex128', 64),
  string: basic('string', 'string'),
  any: basic('iface', 'interface {}'),
  /** The `error` interface: a value of it prints through Error(). */
  error: basic('iface', 'error'),
});

// Type literals are interned by name so that identical types are the same object (Go's type identity).
const interned = new Map<string, GoType>();

function intern(t: GoType): GoType {
  const seen = interned.get(t.name);
  if (seen) return seen;
  const frozen = shaped(t);
  interned.set(t.name, frozen);
  return frozen;
}

export function sliceOf(elem: GoType): GoType {
  return intern({ kind: 'slice', name: `[]${elem.name}`, named: false, elem });
}

export function arrayOf(len: number, elem: GoType): GoType {
  return intern({ kind: 'array', name: `[${len}]${elem.name}`, named: false, elem, len });
}

export function mapOf(key: GoType, elem: GoType): GoType {
  return intern({ kind: 'map', name: `map[${key.name}]${elem.name}`, named: false, key, elem });
}

export function ptrTo(elem: GoType): GoType {
  return intern({ kind: 'ptr', name: `*${elem.name}`, named: false, elem });
}

export function funcOf(sig: GoSignature): GoType {
  const params = sig.params.map((p) => p.name);
  if (sig.variadic) params.push(`...${sig.variadic.name}`);
  const results = [...sig.results.map((r) => r.name), ...(sig.error ? ['error'] : [])];
  const res = results.length === 0 ? '' : results.length === 1 ? ` ${results[0]}` : ` (${results.join(', ')})`;
  return intern({ kind: 'func', name: `func(${params.join(', ')})${res}`, named: false, sig });
}

/** An unnamed struct type; Go prints it as `struct { A int; B string }`. */
export function structOf(fields: readonly GoField[]): GoType {
  const body = fields.map((f) => (f.embedded ? f.type.name : `${f.name} ${f.type.name}`)).join('; ');
  return intern({ kind: 'struct', name: body ? `struct { ${body} }` : 'struct {}', named: false, fields });
}

export interface NamedTypeSpec {
  readonly fields?: readonly GoField[];
  readonly elem?: GoType;
  readonly key?: GoType;
  readonly methods?: Readonly<Record<string, GoMethod>>;
}

/**
 * A defined type `type name underlying`, e.g. `named('v1.ObjectMeta', 'struct', {fields})` or an enum
 * `named('v1alpha1.ProxyConfig_InboundInterceptionMode', T.int32, {methods: {String}})`. Not interned: each call is a new type.
 */
export function named(name: string, underlying: GoType | GoKind, spec: NamedTypeSpec = {}): GoType {
  const base: GoType = typeof underlying === 'string' ? { kind: underlying, name, named: true } : { ...underlying, name, named: true };
  return shaped({ ...base, ...spec });
}

/**
 * A defined struct type whose fields and methods are built by `build` on first use, once: large generated type graphs
 * (protobuf messages) then cost nothing at start-up for the parts a run never reads. Same keys, same order as
 * `named(name, 'struct', build())`; `fields` and `methods` are getters.
 */
export function lazyNamedStruct(name: string, build: () => { readonly fields: readonly GoField[]; readonly methods: Readonly<Record<string, GoMethod>> }): GoType {
  let built: { readonly fields: readonly GoField[]; readonly methods: Readonly<Record<string, GoMethod>> } | undefined;
  const spec = (): NonNullable<typeof built> => (built ??= build());
  return Object.freeze({
    kind: 'struct',
    name,
    named: true,
    bits: undefined,
    elem: undefined,
    key: undefined,
    len: undefined,
    get fields(): readonly GoField[] {
      return spec().fields;
    },
    get methods(): Readonly<Record<string, GoMethod>> {
      return spec().methods;
    },
    sig: undefined,
  });
}

export function isNumericKind(kind: GoKind): boolean {
  return kind === 'int' || kind === 'uint' || kind === 'float' || kind === 'complex';
}

/** Kinds whose zero value is nil. */
export function isNillableKind(kind: GoKind): boolean {
  return kind === 'ptr' || kind === 'map' || kind === 'slice' || kind === 'iface' || kind === 'func' || kind === 'chan';
}

/** Common composite types. */
export const TC = Object.freeze({
  sliceAny: sliceOf(T.any),
  sliceString: sliceOf(T.string),
  sliceInt: sliceOf(T.int),
  mapStringAny: mapOf(T.string, T.any),
  mapStringString: mapOf(T.string, T.string),
  bytes: sliceOf(T.uint8),
});

/** Functions by name, as a template's FuncMap. When several maps are given, later ones override earlier ones. */
export type FuncMap = Readonly<Record<string, GoFunc>>;
