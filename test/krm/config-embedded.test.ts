import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unmarshalYAML11 } from '../../src/go/yaml.ts';
import { embeddedDefaults, embeddedInjectorConfigData } from '../../src/inject/defaults.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';
import { injectorConfigFromData, loadInjectorConfig } from '../../src/inject/injector-config.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';

const Embedded = suite('the embedded injector config: read from its data, as its YAML text reads');

const funcs = [sprigFuncs, istioFuncs()];

Embedded('the data is exactly what the embedded YAML text decodes to', () => {
  assert.equal(embeddedInjectorConfigData(), unmarshalYAML11(embeddedDefaults().config));
});

Embedded('the config read from the data equals the config read from the text, templates included', () => {
  const fromText = loadInjectorConfig(embeddedDefaults().config, { funcs });
  const fromData = injectorConfigFromData(embeddedInjectorConfigData(), { funcs });
  assert.equal(fromData.problems, []);
  assert.equal(fromText.problems, []);
  const { templates: textTemplates, ...textRest } = fromText.config;
  const { templates: dataTemplates, ...dataRest } = fromData.config;
  assert.equal(dataRest, textRest);
  assert.equal([...dataTemplates.keys()], ['sidecar', 'gateway', 'grpc-simple', 'grpc-agent']);
  assert.equal([...dataTemplates.keys()], [...textTemplates.keys()]);
  for (const [name, template] of dataTemplates) {
    const other = textTemplates.get(name)!;
    assert.equal(template.names(), other.names(), name);
    for (const defined of template.names()) assert.is(template.source(defined), other.source(defined), `${name}: ${defined}`);
  }
});

Embedded('a YAML error is one problem and an empty config, as before', () => {
  const loaded = loadInjectorConfig('templates: [unclosed', { funcs });
  assert.is(loaded.problems.length, 1);
  assert.is(loaded.problems[0]!.field, 'config');
  assert.ok(loaded.problems[0]!.message.startsWith('cannot parse the injector config as YAML: '));
  assert.is(loaded.config.templates.size, 0);
  assert.equal(loaded.config.defaultTemplates, ['sidecar']);
});

Embedded.run();
