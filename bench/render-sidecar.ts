/**
 * Figure: the median time to execute Istio's `sidecar` template for one pod (inject/hello.yaml with the default
 * settings), the template parsed once. Baseline, measured in the same run: parsing the rendered output with
 * unmarshalYAML11, the step that follows every render in the pipeline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '../test/support/shared.ts';
import { deploymentTemplateData } from '../test/support/istio-data.ts';
import { sprigFuncs } from '../src/template/funcs/sprig.ts';
import { istioFuncs } from '../src/inject/funcmap.ts';
import { loadInjectorConfig } from '../src/inject/injector-config.ts';
import { unmarshalYAML11 } from '../src/go/yaml.ts';
import { fmtMicros, median, sample, sampleCpu } from './stats.ts';

export interface RenderFigure {
  readonly renderMedianMicros: number;
  readonly renderCpuMedianMicros: number;
  readonly yamlParseMedianMicros: number;
  readonly targetMicros: number;
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
  const options = { runs: 21, batch: 200, warmup: 500 };
  const render = median(sample(() => sidecar.execute(data), options));
  const renderCpu = median(sampleCpu(() => sidecar.execute(data), options));
  const yamlParse = median(sample(() => unmarshalYAML11(output), options));
  const target = 150;
  console.log(`render-sidecar: parsing the 8 templates of the default config once: ${parseMillis.toFixed(1)} ms`);
  console.log(
    `render-sidecar: median ${fmtMicros(render)} per pod (target ≤ ${target} µs: ${render <= target ? 'met' : 'NOT met'}); ` +
      `baseline unmarshalYAML11 of the ${output.length}-char output: ${fmtMicros(yamlParse)} (ratio ${(render / yamlParse).toFixed(2)})`,
  );
  console.log(`render-sidecar: median CPU time ${fmtMicros(renderCpu)} per pod (target ≤ ${target} µs: ${renderCpu <= target ? 'met' : 'NOT met'})`);
  return { renderMedianMicros: render, renderCpuMedianMicros: renderCpu, yamlParseMedianMicros: yamlParse, targetMicros: target };
}
