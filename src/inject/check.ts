/**
 * @module
 * `--check` (ARCHITECTURE.md §5, §7): changes nothing, and reports every workload whose injection is not what inject
 * would produce now — for CI and pre-commit. Each item is uninjected and injected again on a copy, with the inject
 * command's own configuration and processing (a fresh injection: re-injecting in place, as Istio does, would keep what
 * an older injection set and the current templates no longer set, e.g. `imagePullPolicy: Never`); the copy is
 * compared with the item, workload by workload (Lists too):
 * - `check:missing` (error): not injected, and inject would inject it;
 * - `check:stale` (error): injected (`sidecar.istio.io/status`), but inject would now write something else — another
 *   proxy image or tag, other values, another template; the first differing field is named, with both values;
 * - `check:unexpected` (error): injected, though the injection policy now says no (e.g. `sidecar.istio.io/inject: "false"`);
 * - `check:ok` (info, only with `--explain`).
 * Inject's own warnings and errors (an invalid annotation, a template error) are passed on. Every item is written out
 * unchanged; the exit code is 1 when any workload is missing, stale or unexpected.
 */
import { describeItem, resourceRef } from '../krm/object.ts';
import type { Item, ItemLike } from '../krm/object.ts';
import type { ProcessContext, Processor } from '../krm/processor.ts';
import { result } from '../krm/result.ts';
import type { Result } from '../krm/result.ts';
import { injectProcessor } from './inject.ts';
import type { InjectorContext } from './inject.ts';
import { annotationOf, isObject } from './overrides.ts';
import { STATUS_ANNOTATION } from './status.ts';
import { uninjectItem, workloadsOf } from './uninject.ts';
import { jsonEqual } from './writeback.ts';

export type CheckReason = 'check:missing' | 'check:stale' | 'check:unexpected' | 'check:ok';

/** Where two JSON values first differ: the path, and the value on each side (undefined: absent). */
export interface Difference {
  readonly path: readonly (string | number)[];
  readonly current: unknown;
  readonly wanted: unknown;
}

/** The first difference between `current` and `wanted` (map keys in `current`'s order, then keys only `wanted` has). */
export function firstDifference(current: unknown, wanted: unknown, path: readonly (string | number)[] = []): Difference | undefined {
  if (jsonEqual(current, wanted)) return undefined;
  if (isObject(current) && isObject(wanted)) {
    for (const key of Object.keys(current)) {
      if (!Object.hasOwn(wanted, key)) return { path: [...path, key], current: current[key], wanted: undefined };
      const d = firstDifference(current[key], wanted[key], [...path, key]);
      if (d) return d;
    }
    for (const key of Object.keys(wanted)) {
      if (!Object.hasOwn(current, key)) return { path: [...path, key], current: undefined, wanted: wanted[key] };
    }
  }
  if (Array.isArray(current) && Array.isArray(wanted)) {
    for (let i = 0; i < Math.max(current.length, wanted.length); i++) {
      const d = firstDifference(current[i], wanted[i], [...path, i]);
      if (d) return d;
    }
  }
  return { path, current, wanted };
}

/** `spec.template.metadata.annotations["sidecar.istio.io/status"]`: keys with dots or slashes in brackets. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `.${step}`;
    else if (/[./\s"[\]]/.test(step) || step === '') out += `[${JSON.stringify(step)}]`;
    else out += out === '' ? step : `.${step}`;
  }
  return out.startsWith('.') ? out.slice(1) : out;
}

const SHOWN_LENGTH = 120;

/** A value for a message: JSON, shortened. */
function shown(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1)}…` : text;
}

function sameRef(r: Result, node: ItemLike): boolean {
  return r.resourceRef !== undefined && JSON.stringify(r.resourceRef) === JSON.stringify(resourceRef(node));
}

function withReasonOnly(r: Result): Result {
  const reason = r.tags?.['reason'];
  const { tags: _tags, ...rest } = r;
  return reason === undefined ? rest : { ...rest, tags: { reason } };
}

function checkResult(reason: CheckReason, message: string, node: ItemLike, field?: Result['field']): Result {
  return result(reason === 'check:ok' ? 'info' : 'error', message, node, { tags: { reason }, ...(field ? { field } : {}) });
}

function processItem(item: Item, context: ProcessContext<InjectorContext>): readonly Result[] {
  const current = workloadsOf(item, context.config);
  // What inject makes now of the workload as it was before injection: re-injecting in place would keep fields an
  // older injection set that the current templates no longer set (Istio merges the new sidecar over the old one).
  const copy = item.clone();
  const explained = { ...context, invocation: { ...context.invocation, explain: true } };
  const uninjectResults = uninjectItem(copy, { ...context, invocation: { ...context.invocation, explain: false } });
  const injectResults = [...uninjectResults, ...(injectProcessor.processItem?.(copy, explained) ?? [])];
  const wanted = workloadsOf(copy, context.config);
  // Inject's own warnings and errors are passed on with their reason only (its decisions are not check's to explain).
  const out: Result[] = injectResults.filter((r) => r.severity !== 'info').map(withReasonOnly);
  current.forEach((found, i) => {
    const after = wanted[i];
    const node = found.node;
    const injected = annotationOf(found.pod, STATUS_ANNOTATION) !== undefined;
    const skipped = injectResults.find((r) => sameRef(r, node) && (r.tags?.['reason'] ?? '').startsWith('skipped:'));
    if (injected && skipped) {
      const why = skipped.message.startsWith(`Skipped ${describeItem(node)}: `) ? skipped.message.slice(`Skipped ${describeItem(node)}: `.length) : skipped.message;
      out.push(checkResult('check:unexpected', `${describeItem(node)} is injected, but inject would not inject it now: ${why}`, node, {
        path: found.prefix + formatFieldPath([...found.metadataPath, 'annotations', STATUS_ANNOTATION]),
      }));
      return;
    }
    const difference = after ? firstDifference(found.obj, after.obj) : undefined;
    if (difference === undefined) {
      if (context.invocation.explain) {
        out.push(checkResult('check:ok', `${describeItem(node)} is ${injected ? 'injected and up to date' : 'not to be injected'}`, node));
      }
      return;
    }
    const field = {
      path: found.prefix + formatFieldPath(difference.path),
      ...(difference.current !== undefined ? { currentValue: difference.current } : {}),
      ...(difference.wanted !== undefined ? { proposedValue: difference.wanted } : {}),
    };
    if (!injected) {
      const status = after ? annotationOf(after.pod, STATUS_ANNOTATION) : undefined;
      const missing = {
        path: found.prefix + formatFieldPath([...found.metadataPath, 'annotations', STATUS_ANNOTATION]),
        ...(status !== undefined ? { proposedValue: status } : {}),
      };
      out.push(checkResult('check:missing', `${describeItem(node)} is not injected: inject would add the sidecar`, node, status !== undefined ? missing : field));
    } else {
      const what = `${field.path} is ${shown(difference.current)}, inject would make it ${shown(difference.wanted)}`;
      out.push(checkResult('check:stale', `${describeItem(node)} has a stale injection: ${what}`, node, field));
    }
  });
  return out;
}

/** The check command (`--check`): the inject command's configuration, nothing changed. */
export const checkProcessor: Processor<InjectorContext> = {
  name: 'inject-sidecar --check',
  ...(injectProcessor.configure ? { configure: injectProcessor.configure } : {}),
  ...(injectProcessor.prepare ? { prepare: injectProcessor.prepare } : {}),
  processItem,
};
