/**
 * Figure: the median time to execute Istio's `sidecar` template for one pod (inject/hello.yaml with the default
 * settings), the template parsed once. Baseline, measured in the same run: reading the rendered output with
 * unmarshalYAML11, the step that follows every render in the pipeline. A calibration loop runs between the
 * batches of each, so that the report says how fast the machine ran while it was measured, and compares the render
 * with its baseline at equal machine speed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '../test/support/shared.ts';
import { deploymentTemplateData } from '../test/support/istio-data.ts';
import { sprigFuncs } from '../src/template/funcs/sprig.ts';
import { istioFuncs } from '../src/inject/funcmap.ts';
import { loadInjectorConfig } from '../src/inject/injector-config.ts';
import { unmarshalYAML11 } from '../src/go/yaml.ts';
import { calibrationLoop, fmtMicros, median, pairedRatio, sampleInterleaved, type Samples } from './stats.ts';

export interface RenderFigure {
  readonly renderMedianMicros: number;
  readonly renderCpuMedianMicros: number;
  readonly yamlParseMedianMicros: number;
  readonly yamlParseCpuMedianMicros: number;
  readonly targetMicros: number;
  /** The calibration loop's median CPU time next to the render (bench/stats.ts calibrationLoop) and its fastest batch. */
  readonly calibrationMedianMicros: number;
  readonly calibrationBestMicros: number;
  /**
   * The render's CPU time as a multiple of the calibration loop's, batch by batch (median of the paired ratios):
   * a figure of the code, not of the machine's state, which moves the absolute times by up to 2× on a shared host.
   */
  readonly renderPerCalibration: number;
  /** The same for the baseline, sampled beside its own calibration batches. */
  readonly yamlParsePerCalibration: number;
}

export function benchRenderSidecar(): RenderFigure | undefined {
  const shared = sharedDir();
  if (!shared) {
    console.log('render-sidecar: skipped (../shared with Istio\'s templates is not beside the repository)');
    return undefined;
  }
  const settings = join(shared, 'conformance/istio/settings/default');
  const read = (f: string): string => readFileSync(join(settings, f), 'utf8');
  const parseStarted = performance.now();
  const { config, problems } = loadInjectorConfig(read('inject-config.yaml'), { funcs: [sprigFuncs, istioFuncs()] });
  const parseMillis = performance.now() - parseStarted;
  if (problems.length > 0) throw new Error(`the default injector config has problems: ${JSON.stringify(problems)}`);
  const sidecar = config.templates.get('sidecar');
  if (!sidecar) throw new Error('no sidecar template');

  const data = deploymentTemplateData(settings, join(shared, 'conformance/istio/inject/hello.yaml'));
  const output = sidecar.execute(data);
  // The render and the calibration loop, interleaved batch by batch (see stats.ts); then the baseline, likewise. The
  // render is not interleaved with its baseline: reading YAML between its batches (garbage, other code) slowed it
  // by a fifth, which a render in a run does not pay in that form. Each is measured against the loop beside it, so
  // that their ratio holds even when the machine's speed changes between the two.
  const [render, calibration] = sampleInterleaved(
    [
      { fn: () => sidecar.execute(data), batch: 200 },
      { fn: calibrationLoop, batch: 20 },
    ],
    { runs: 41, warmup: 500 },
  ) as [Samples, Samples];
  // Read in full every time, as a render's output is when it is new (remembered texts are patched: yaml-reuse.ts).
  const [yamlParse, yamlCalibration] = sampleInterleaved(
    [
      { fn: () => unmarshalYAML11(output, { remember: false }), batch: 100 },
      { fn: calibrationLoop, batch: 20 },
    ],
    { runs: 21, warmup: 200 },
  ) as [Samples, Samples];
  const renderWall = median(render.wall);
  const renderCpu = median(render.cpu);
  const yamlParseWall = median(yamlParse.wall);
  const yamlParseCpu = median(yamlParse.cpu);
  const calibrationMedian = median(calibration.cpu);
  const calibrationBest = Math.min(...calibration.cpu);
  const renderPerCalibration = pairedRatio(render.cpu, calibration.cpu);
  const yamlParsePerCalibration = pairedRatio(yamlParse.cpu, yamlCalibration.cpu);
  const target = 150;
  console.log(`render-sidecar: parsing the 8 templates of the default config once: ${parseMillis.toFixed(1)} ms`);
  console.log(
    `render-sidecar: median ${fmtMicros(renderWall)} per pod; baseline unmarshalYAML11 of the ${output.length}-char output: ` +
      `${fmtMicros(yamlParseWall)} (CPU ${fmtMicros(yamlParseCpu)})`,
  );
  console.log(`render-sidecar: median CPU time ${fmtMicros(renderCpu)} per pod (target ≤ ${target} µs: ${renderCpu <= target ? 'met' : 'NOT met'})`);
  console.log(
    `render-sidecar: machine speed: the calibration loop took ${fmtMicros(calibrationMedian)} CPU (median; its fastest batch ` +
      `${fmtMicros(calibrationBest)}, ${(calibrationMedian / calibrationBest).toFixed(2)}× slower at the median); ` +
      `the render took ${renderPerCalibration.toFixed(2)}× the loop beside it (median of ${render.cpu.length} paired batches), ` +
      `${fmtMicros(renderPerCalibration * calibrationBest)} at the loop's fastest; the baseline ${yamlParsePerCalibration.toFixed(2)}×, ` +
      `so the render is ${(renderPerCalibration / yamlParsePerCalibration).toFixed(2)}× its baseline at equal machine speed`,
  );
  return {
    renderMedianMicros: renderWall,
    renderCpuMedianMicros: renderCpu,
    yamlParseMedianMicros: yamlParseWall,
    yamlParseCpuMedianMicros: yamlParseCpu,
    targetMicros: target,
    calibrationMedianMicros: calibrationMedian,
    calibrationBestMicros: calibrationBest,
    renderPerCalibration,
    yamlParsePerCalibration,
  };
}
