/**
 * Figure 3, in-process: the time per workload of the pipeline (render + strategic merge + post-process, `injectPod`)
 * and of the whole item step (`processItem`: that plus reading the item as JSON, the decision and the minimal-edit
 * write-back), against the YAML floor per workload (`yaml` parsing the items and stringifying their injected output).
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import { injectProcessor } from '../src/inject/inject.ts';
import type { InjectorContext } from '../src/inject/inject.ts';
import { injectPod } from '../src/inject/pipeline.ts';
import type { JSONObject } from '../src/inject/typed-pod.ts';
import { findWorkloadKind, locatePodTemplate, workloadIdentity } from '../src/inject/workloads.ts';
import { DEFAULT_INVOCATION } from '../src/krm/processor.ts';
import type { ProcessContext } from '../src/krm/processor.ts';
import { read, write } from '../src/krm/resource-list.ts';
import type { ResourceList } from '../src/krm/resource-list.ts';
import { toJS } from '../src/yaml/codec.ts';
import { FLOOR_PARSE_OPTIONS, FLOOR_PRINT_OPTIONS } from './floor.ts';
import { resourceListYAML } from './package.ts';
import type { InjectorSettings } from './package.ts';
import { median } from './stats.ts';

export interface WorkloadFigure {
  /** Medians in microseconds per workload, wall-clock and CPU. */
  readonly pipeline: { wall: number; cpu: number };
  readonly item: { wall: number; cpu: number };
  readonly floor: { wall: number; cpu: number };
}

function readList(text: string): ResourceList {
  const outcome = read(text);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.list;
}

function contextFor(list: ResourceList): ProcessContext<InjectorContext> {
  const configured = injectProcessor.configure!({ functionConfig: list.functionConfig, items: list.items, invocation: DEFAULT_INVOCATION });
  if (!configured.ok) throw new Error(`the benchmark functionConfig is invalid: ${JSON.stringify(configured.results)}`);
  const context = { config: configured.config, functionConfig: list.functionConfig, items: list.items, invocation: DEFAULT_INVOCATION };
  injectProcessor.prepare?.(context);
  return context;
}

/** Times `fn` once: [wall µs, CPU µs]. */
function timed(fn: () => void): [number, number] {
  const cpu = process.cpuUsage();
  const started = performance.now();
  fn();
  const wall = (performance.now() - started) * 1000;
  const used = process.cpuUsage(cpu);
  return [wall, used.user + used.system];
}

export function benchWorkload(settings: InjectorSettings, options: { runs: number; batch: number }): WorkloadFigure {
  const text = resourceListYAML(options.batch, settings);
  const pipeline: [number, number][] = [];
  const item: [number, number][] = [];
  const floor: [number, number][] = [];
  const per = (t: [number, number]): [number, number] => [t[0] / options.batch, t[1] / options.batch];
  // One untimed round first: warms the JIT and gives the expected output for the floor.
  const warm = readList(text);
  const warmContext = contextFor(warm);
  for (const it of warm.items) injectProcessor.processItem!(it, warmContext);
  const expectedText = write(warm);
  const itemsOnly = text.slice(0, text.indexOf('functionConfig:'));
  const expectedOnly = expectedText.slice(0, expectedText.indexOf('functionConfig:'));
  const expectedDoc = parseDocument(expectedOnly, FLOOR_PARSE_OPTIONS);

  for (let r = 0; r < options.runs; r++) {
    const list = readList(text);
    const context = contextFor(list);
    const pods = list.items.map((it) => {
      const obj = toJS(it) as JSONObject;
      const kind = findWorkloadKind(obj, context.config.kinds)!;
      const located = locatePodTemplate(obj, kind);
      if (located.status !== 'ok') throw new Error('a generated Deployment has no pod template');
      return { pod: { metadata: located.metadata ?? {}, spec: located.podSpec ?? {} } as JSONObject, identity: workloadIdentity(obj, kind) };
    });
    pipeline.push(per(timed(() => {
      for (const p of pods) {
        const outcome = injectPod(p.pod, { identity: p.identity }, context.config.runtime);
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.failures));
      }
    })));
    item.push(per(timed(() => {
      for (const it of list.items) injectProcessor.processItem!(it, context);
    })));
    floor.push(per(timed(() => {
      parseAllDocuments(itemsOnly, FLOOR_PARSE_OPTIONS);
      expectedDoc.toString(FLOOR_PRINT_OPTIONS);
    })));
  }
  const med = (xs: [number, number][]): { wall: number; cpu: number } => ({ wall: median(xs.map((x) => x[0])), cpu: median(xs.map((x) => x[1])) });
  return { pipeline: med(pipeline), item: med(item), floor: med(floor) };
}
