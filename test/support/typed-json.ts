/**
 * Decodes the typed JSON of ../shared/conformance/gotmpl/cases.json ("dataEncoding") into GoValues, exactly as the
 * reference renderer (../shared/tools/go-template-oracle/main.go, `decode`) builds Go values:
 *
 *   null → invalid (nil) · bool/string → bool/string · number → float64 · array → []interface {}
 *   object → map[string]interface {}, unless a recognised `$` key makes it a typed value:
 *   $int $int8 … $uint64 $float32 $float64 · $slice · $map · $struct · $ptr · $nilptr · $stringer · $enum
 *   $boolValue · $tracing · $func (concat2, errfunc) · $fixture (ours: a value from the file's `fixtures`).
 */
import {
  T,
  funcOf,
  mapOf,
  named,
  ptrTo,
  sliceOf,
  structOf,
  type GoField,
  type GoFunc,
  type GoMethod,
  type GoType,
} from '../../src/go/types.ts';
import { GoError, GoValue, INVALID, zeroRep } from '../../src/go/value.ts';
import { convertInt } from '../../src/template/reflect.ts';

export type Fixtures = Readonly<Record<string, unknown>>;

const TYPE_NAMES: Readonly<Record<string, GoType>> = {
  int: T.int,
  int8: T.int8,
  int32: T.int32,
  int64: T.int64,
  uint: T.uint,
  uint8: T.uint8,
  uint32: T.uint32,
  uint64: T.uint64,
  float64: T.float64,
  string: T.string,
  bool: T.bool,
  any: T.any,
};

const SCALARS: Readonly<Record<string, GoType>> = {
  $int: T.int,
  $int8: T.int8,
  $int16: T.int16,
  $int32: T.int32,
  $int64: T.int64,
  $uint: T.uint,
  $uint8: T.uint8,
  $uint16: T.uint16,
  $uint32: T.uint32,
  $uint64: T.uint64,
  $float32: T.float32,
  $float64: T.float64,
  $float: T.float64,
};

function method(ptr: boolean, results: GoType[], impl: (recv: never) => unknown): GoMethod {
  return { ptr, params: [], results, impl };
}

// The oracle's named types (package main). Enum names are global, as in the oracle: the last name given to a value wins.
const enumNames = new Map<number, string>();

const StringerType = named('main.Stringer', 'struct', {
  fields: [{ name: 's', type: T.string }],
  methods: { String: method(false, [T.string], (recv: { s?: string }) => recv.s ?? '') },
});

const ProtoEnumType = named('main.ProtoEnum', T.int32, {
  methods: { String: method(false, [T.string], (recv: number) => enumNames.get(recv) ?? String(recv)) },
});

const BoolValueType = named('main.BoolValue', 'struct', {
  fields: [{ name: 'Value', type: T.bool }],
  methods: { GetValue: method(true, [T.bool], (recv: { Value?: boolean } | null) => (recv === null ? false : (recv.Value ?? false))) },
});

const TLSType = named('main.TLS', 'struct', {
  fields: [{ name: 'CaCertificates', type: T.string }],
  methods: {
    GetCaCertificates: method(true, [T.string], (recv: { CaCertificates?: string } | null) => (recv === null ? '' : (recv.CaCertificates ?? ''))),
  },
});

const TracingType = named('main.Tracing', 'struct', {
  fields: [{ name: 'TlsSettings', type: ptrTo(TLSType) }],
  methods: {
    GetTlsSettings: method(true, [ptrTo(TLSType)], (recv: { TlsSettings?: unknown } | null) => (recv === null ? null : (recv.TlsSettings ?? null))),
  },
});

const FUNCS: Readonly<Record<string, GoFunc>> = {
  concat2: { params: [T.string, T.string], results: [T.string], impl: (a: string, b: string) => a + b },
  errfunc: {
    params: [],
    results: [T.string],
    error: true,
    impl: () => {
      throw new GoError('boom');
    },
  },
};

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The rep stored in an interface slot: nil for the invalid value, else the value itself. */
function dynRep(v: GoValue): unknown {
  return v.t.kind === 'invalid' ? null : v;
}

/** A map key of interface type: JSON-shaped scalars raw (so string lookups find them), other values as GoValues. */
function dynKeyRep(v: GoValue): unknown {
  if (v.t === T.string || v.t === T.float64 || v.t === T.bool) return v.v;
  return dynRep(v);
}

function isNumeric(t: GoType): boolean {
  return t.kind === 'int' || t.kind === 'uint' || t.kind === 'float';
}

/** Go's reflect Convert as the oracle's conv uses it: to an interface type nothing changes. */
function conv(v: GoValue, t: GoType): GoValue {
  if (v.t.kind === 'invalid') return new GoValue(t, zeroRep(t));
  if (t.kind === 'iface' || v.t === t) return v;
  if (isNumeric(v.t) && isNumeric(t)) {
    let n = v.v as number;
    if (t.kind !== 'float' && v.t.kind === 'float') n = Math.trunc(n);
    if (t.kind === 'float') return new GoValue(t, t.bits === 32 ? Math.fround(n) : n);
    return new GoValue(t, convertInt(n, t));
  }
  if (t.kind === 'string' && (v.t.kind === 'int' || v.t.kind === 'uint')) return new GoValue(t, String.fromCodePoint(v.v as number));
  if (v.t.kind === t.kind && (t.kind === 'string' || t.kind === 'bool')) return new GoValue(t, v.v);
  throw new Error(`cannot convert ${v.t.name} to ${t.name}`);
}

/** The rep a converted value takes in a slot of type t. */
function slotRep(v: GoValue, t: GoType): unknown {
  return t.kind === 'iface' ? dynRep(v) : v.v;
}

function typeNamed(name: unknown): GoType {
  const t = typeof name === 'string' ? TYPE_NAMES[name] : undefined;
  if (t === undefined) throw new Error(`unknown type name ${JSON.stringify(name)}`);
  return t;
}

function asInt(n: unknown): number {
  return typeof n === 'number' && Number.isInteger(n) ? n : 0;
}

/** Decodes typed JSON into a Go value; a top-level null is the invalid value (Go's nil data). */
export function decodeTypedJSON(raw: unknown, fixtures: Fixtures = {}): GoValue {
  return decode(raw, fixtures);
}

function decode(raw: unknown, fixtures: Fixtures): GoValue {
  if (raw === null || raw === undefined) return INVALID;
  switch (typeof raw) {
    case 'boolean':
      return new GoValue(T.bool, raw);
    case 'string':
      return new GoValue(T.string, raw);
    case 'number':
      return new GoValue(T.float64, raw);
  }
  if (Array.isArray(raw)) return new GoValue(sliceOf(T.any), raw.map((e) => dynRep(decode(e, fixtures))));
  if (!isRecord(raw)) throw new Error(`cannot decode ${typeof raw}`);
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith('$')) continue;
    const typed = decodeTyped(k, v, raw, fixtures);
    if (typed !== undefined) return typed;
  }
  const out = new Map<string, unknown>();
  for (const [k, e] of Object.entries(raw)) out.set(k, dynRep(decode(e, fixtures)));
  return new GoValue(mapOf(T.string, T.any), out);
}

/** A `$key` form, or undefined when the key is not one the oracle knows (the object is then a plain map). */
function decodeTyped(k: string, v: unknown, x: Record<string, unknown>, fixtures: Fixtures): GoValue | undefined {
  const scalar = SCALARS[k];
  if (scalar !== undefined) {
    const f = typeof v === 'number' ? v : 0;
    if (scalar.kind === 'float') return new GoValue(scalar, scalar.bits === 32 ? Math.fround(f) : f);
    return new GoValue(scalar, convertInt(asInt(v), scalar));
  }
  switch (k) {
    case '$slice': {
      const et = typeNamed(v);
      const st = sliceOf(et);
      if (x['nil'] === true) return new GoValue(st, null);
      const items = (x['items'] ?? []) as unknown[];
      return new GoValue(
        st,
        items.map((it) => slotRep(conv(decode(it, fixtures), et), et)),
      );
    }
    case '$map': {
      const [kn, vn] = String(v).split(/:(.*)/s) as [string, string];
      const kt = typeNamed(kn);
      const vt = typeNamed(vn);
      const mt = mapOf(kt, vt);
      if (x['nil'] === true) return new GoValue(mt, null);
      const m = new Map<unknown, unknown>();
      for (const entry of (x['entries'] ?? []) as unknown[][]) {
        const key = conv(decode(entry[0], fixtures), kt);
        const value = conv(decode(entry[1], fixtures), vt);
        m.set(kt.kind === 'iface' ? dynKeyRep(key) : key.v, slotRep(value, vt));
      }
      return new GoValue(mt, m);
    }
    case '$struct': {
      const fields: GoField[] = [];
      const values: GoValue[] = [];
      for (const f of v as unknown[][]) {
        const dv = decode(f[1], fixtures);
        let ft: GoType = dv.t.kind === 'invalid' ? T.any : dv.t;
        if (f.length > 2) ft = typeNamed(f[2]);
        fields.push({ name: String(f[0]), type: ft });
        values.push(dv);
      }
      const rep: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      fields.forEach((f, i) => {
        const dv = values[i] as GoValue;
        if (dv.t.kind !== 'invalid') rep[f.name] = slotRep(conv(dv, f.type), f.type);
      });
      return new GoValue(structOf(fields), rep);
    }
    case '$ptr': {
      const d = decode(v, fixtures);
      if (d.t.kind === 'invalid') throw new Error('$ptr of null');
      return new GoValue(ptrTo(d.t), d.v);
    }
    case '$nilptr':
      return new GoValue(ptrTo(typeNamed(v)), null);
    case '$stringer':
      return new GoValue(StringerType, { s: String(v) });
    case '$enum': {
      const n = asInt(x['value']);
      enumNames.set(n, String(v));
      return new GoValue(ProtoEnumType, convertInt(n, T.int32));
    }
    case '$boolValue':
      return new GoValue(ptrTo(BoolValueType), v === null ? null : { Value: v === true });
    case '$tracing':
      return new GoValue(ptrTo(TracingType), v === null ? null : { TlsSettings: { CaCertificates: String(v) } });
    case '$func': {
      const fn = typeof v === 'string' ? FUNCS[v] : undefined;
      return fn === undefined ? undefined : new GoValue(funcOf(fn), fn);
    }
    case '$fixture': {
      if (typeof v !== 'string' || !Object.hasOwn(fixtures, v)) throw new Error(`unknown fixture ${JSON.stringify(v)}`);
      return decode(fixtures[v], fixtures);
    }
  }
  return undefined;
}

/**
 * Replaces every `{"$fixture": name}` by the fixture's typed JSON, for handing data to the oracle (which does not
 * know fixtures).
 */
export function inlineFixtures(raw: unknown, fixtures: Fixtures): unknown {
  if (Array.isArray(raw)) return raw.map((e) => inlineFixtures(e, fixtures));
  if (!isRecord(raw)) return raw;
  if (typeof raw['$fixture'] === 'string' && Object.hasOwn(fixtures, raw['$fixture'])) {
    return inlineFixtures(fixtures[raw['$fixture']], fixtures);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = inlineFixtures(v, fixtures);
  return out;
}
