/**
 * KRM function results (krm-integration.md §1): the spec's spellings (`warning`, `proposedValue`), `severity` always
 * set, `resourceRef` and `file` taken from the item, and the text form kpt's SDK prints:
 * `[severity] apiVersion/kind/namespace/name field.path: message` (parts that are empty are left out).
 */
import { fileOf, resourceRef } from './object.ts';
import type { ItemFile, ItemLike, ResourceRef } from './object.ts';
import { setOwn } from '../yaml/codec.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface ResultField {
  path: string;
  currentValue?: unknown;
  proposedValue?: unknown;
}

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: ResultField;
  file?: ItemFile;
  tags?: Record<string, string>;
}

/** What a builder may add besides the item's reference and file. */
export interface ResultDetails {
  field?: ResultField;
  /** Overrides the file taken from the item's annotations. */
  file?: ItemFile;
  tags?: Record<string, string>;
}

/** A result about `item` (or about nothing in particular when `item` is undefined). */
export function result(severity: Severity, message: string, item?: ItemLike, details: ResultDetails = {}): Result {
  const out: Result = { message, severity };
  if (item !== undefined) out.resourceRef = resourceRef(item);
  if (details.field) out.field = details.field;
  const file = details.file ?? (item !== undefined ? fileOf(item) : undefined);
  if (file) out.file = file;
  if (details.tags) out.tags = details.tags;
  return out;
}

export function errorResult(message: string, item?: ItemLike, details?: ResultDetails): Result {
  return result('error', message, item, details);
}

export function warningResult(message: string, item?: ItemLike, details?: ResultDetails): Result {
  return result('warning', message, item, details);
}

export function infoResult(message: string, item?: ItemLike, details?: ResultDetails): Result {
  return result('info', message, item, details);
}

/** True when any result is an error: the function then exits 1. */
export function hasErrors(results: readonly Result[]): boolean {
  return results.some((r) => r.severity === 'error');
}

/** `[error] apps/v1/Deployment/prod/web spec.template: message`, as kpt's Go SDK prints a result. */
export function formatResult(r: Result): string {
  let text = `[${r.severity}]`;
  const ref = r.resourceRef;
  if (ref) {
    const id = [ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name].filter((part) => part !== '').join('/');
    if (id !== '') text += ` ${id}`;
  }
  if (r.field) text += ` ${r.field.path}`;
  return `${text}: ${r.message}`;
}

/** The result as a plain object in the spec's key order, ready to become YAML. */
export function resultToPlain(r: Result): Record<string, unknown> {
  const out: Record<string, unknown> = { message: r.message, severity: r.severity };
  if (r.resourceRef) {
    const ref: Record<string, unknown> = { apiVersion: r.resourceRef.apiVersion, kind: r.resourceRef.kind, name: r.resourceRef.name };
    if (r.resourceRef.namespace) ref['namespace'] = r.resourceRef.namespace;
    out['resourceRef'] = ref;
  }
  if (r.field) {
    const field: Record<string, unknown> = { path: r.field.path };
    if (r.field.currentValue !== undefined) field['currentValue'] = r.field.currentValue;
    if (r.field.proposedValue !== undefined) field['proposedValue'] = r.field.proposedValue;
    out['field'] = field;
  }
  if (r.file) out['file'] = r.file.index === undefined ? { path: r.file.path } : { path: r.file.path, index: r.file.index };
  if (r.tags) {
    const tags: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(r.tags)) setOwn(tags, key, value);
    out['tags'] = tags;
  }
  return out;
}

/**
 * Reads a result written by someone else (an earlier function), best effort. A missing or unknown severity stays
 * undefined here: it is neither counted as an error nor rewritten.
 */
export function resultFromPlain(value: unknown): (Omit<Result, 'severity'> & { severity?: Severity }) | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const out: Omit<Result, 'severity'> & { severity?: Severity } = { message: typeof v['message'] === 'string' ? v['message'] : '' };
  const severity = v['severity'];
  if (severity === 'error' || severity === 'warning' || severity === 'info') out.severity = severity;
  return out;
}
