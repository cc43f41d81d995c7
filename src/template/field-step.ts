/**
 * @module
 * Planned field steps: how `.Name` is read from a receiver of one type, worked out once per (field site, receiver
 * type) and kept by the compiled field chain (compile.ts) as its inline cache.
 */
import { T, type GoField, type GoType } from '../go/types.ts';
import { GoValue, findMethod } from '../go/value.ts';
import { acceptsStringKey, fieldPath, isExported } from './reflect.ts';

export const STEP_GENERAL = 0;
export const STEP_STRUCT = 1;
export const STEP_PTR_STRUCT = 2;
export const STEP_MAP = 3;

/**
 * How a field name is read from a receiver of one type: a struct field (directly or through a non-nil pointer) or
 * a string-keyed map entry, when no method of that name can intervene; STEP_GENERAL otherwise. One class, so that
 * the hot path reads one object shape.
 */
export class FieldStep {
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

export function planFieldStep(typ: GoType, name: string): FieldStep {
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
