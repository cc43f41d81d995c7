/**
 * @module
 * The embedded default: what inject-sidecar injects with an empty functionConfig. Our own injector config (policy
 * enabled, default template `sidecar`, templates sidecar, gateway, grpc-simple, grpc-agent), our default-profile
 * values and the default profile's mesh config — together equivalent to an istiod installed with Istio's default
 * profile (ARCHITECTURE.md §6, §8 decision 9).
 */
import { GATEWAY_TEMPLATE } from './defaults/gateway-template.ts';
import { GRPC_AGENT_TEMPLATE, GRPC_SIMPLE_TEMPLATE } from './defaults/grpc-templates.ts';
import { DEFAULT_MESH_CONFIG } from './defaults/mesh.ts';
import { SIDECAR_TEMPLATE } from './defaults/sidecar-template.ts';
import { defaultValuesJSON } from './defaults/values.ts';

/** Our templates by name, in the order the config lists them. */
export const EMBEDDED_TEMPLATES: Readonly<Record<string, string>> = Object.freeze({
  sidecar: SIDECAR_TEMPLATE,
  gateway: GATEWAY_TEMPLATE,
  'grpc-simple': GRPC_SIMPLE_TEMPLATE,
  'grpc-agent': GRPC_AGENT_TEMPLATE,
});

/**
 * A YAML literal block scalar holding `text` exactly, content lines indented by `indent` spaces. Our templates start
 * with a non-space character and end with one newline, which is what the plain `|` header (clip chomping) keeps.
 */
function literalBlock(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = text.replace(/\n$/, '').split('\n').map((line) => (line === '' ? '' : pad + line));
  return `|${text.endsWith('\n') ? '' : '-'}\n${lines.join('\n')}`;
}

function injectorConfigYAML(): string {
  const parts = [
    '# inject-sidecar embedded injector config (the istio-sidecar-injector ConfigMap, key config).',
    'policy: enabled',
    'defaultTemplates: [sidecar]',
    'templates:',
  ];
  for (const [name, text] of Object.entries(EMBEDDED_TEMPLATES)) {
    parts.push(`  ${name}: ${literalBlock(text, 4)}`);
  }
  return parts.join('\n') + '\n';
}

/**
 * The embedded injector config as its YAML decodes (`unmarshalYAML11(embeddedDefaults().config)`, a test checks
 * it): a run with the embedded default reads its templates from here, without writing and re-reading YAML.
 */
export function embeddedInjectorConfigData(): { policy: string; defaultTemplates: string[]; templates: Record<string, string> } {
  return { policy: 'enabled', defaultTemplates: ['sidecar'], templates: { ...EMBEDDED_TEMPLATES } };
}

/**
 * The embedded default as ConfigMap data: `config` (injector config YAML), `values` (JSON) and `mesh` (mesh
 * config YAML). Each call returns fresh strings.
 */
export function embeddedDefaults(): { config: string; values: string; mesh: string } {
  return { config: injectorConfigYAML(), values: defaultValuesJSON(), mesh: DEFAULT_MESH_CONFIG };
}
