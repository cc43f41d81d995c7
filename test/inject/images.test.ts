import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sharedPath } from '../support/shared.ts';
import {
  formatTag,
  imageURL,
  proxyImage,
  proxyInitImage,
  templateImage,
  updateImageTypeIfPresent,
  type ProxyImageConfig,
} from '../../src/inject/images.ts';
import { buildKindTable, findWorkloadKind, flattenList, isList, locatePodTemplate } from '../../src/inject/workloads.ts';

const values = (hub: string, tag: unknown, global: object = {}): object => ({ global: { hub, tag, ...global } });
const pc = (imageType: string): ProxyImageConfig => ({ imageType });
const ann = (imageType: string): Record<string, string> | null => (imageType === '' ? null : { 'sidecar.istio.io/proxyImageType': imageType });

// ---------------------------------------------------------------------------------------------------------------------
const Proxy = suite('ProxyImage (TestProxyImage)');

const table: [string, object, ProxyImageConfig | null, Record<string, string> | null, string][] = [
  ['vals-only-int-tag', values('docker.io/istio', 11), null, null, 'docker.io/istio/proxyv2:11'],
  ['pc overrides imageType - float tag', values('docker.io/istio', 1.12), pc('distroless'), null, 'docker.io/istio/proxyv2:1.12-distroless'],
  ['annotation overrides imageType', values('gcr.io/gke-release/asm', '1.11.2-asm.17'), null, ann('distroless'), 'gcr.io/gke-release/asm/proxyv2:1.11.2-asm.17-distroless'],
  ['pc and annotation overrides imageType', values('gcr.io/gke-release/asm', '1.11.2-asm.17'), pc('distroless'), ann('debug'), 'gcr.io/gke-release/asm/proxyv2:1.11.2-asm.17-debug'],
  ['pc and annotation overrides imageType, ann is default', values('gcr.io/gke-release/asm', '1.11.2-asm.17'), pc('debug'), ann('default'), 'gcr.io/gke-release/asm/proxyv2:1.11.2-asm.17'],
  ['pc overrides imageType with default, tag also has image type', values('gcr.io/gke-release/asm', '1.11.2-asm.17-distroless'), pc('default'), null, 'gcr.io/gke-release/asm/proxyv2:1.11.2-asm.17'],
  ['ann overrides imageType with default, tag also has image type', values('gcr.io/gke-release/asm', '1.11.2-asm.17-distroless'), null, ann('default'), 'gcr.io/gke-release/asm/proxyv2:1.11.2-asm.17'],
  ['pc overrides imageType, tag also has image type', values('docker.io/istio', '1.12-debug'), pc('distroless'), null, 'docker.io/istio/proxyv2:1.12-distroless'],
  ['annotation overrides imageType, tag also has the same image type', values('docker.io/istio', '1.12-distroless'), null, ann('distroless'), 'docker.io/istio/proxyv2:1.12-distroless'],
  ['unusual tag should work', values('private-repo/istio', '1.12-this-is-unusual-tag'), null, null, 'private-repo/istio/proxyv2:1.12-this-is-unusual-tag'],
  ['unusual tag should work, default override', values('private-repo/istio', '1.12-this-is-unusual-tag-distroless'), pc('default'), null, 'private-repo/istio/proxyv2:1.12-this-is-unusual-tag'],
  ['annotation overrides imageType with unusual tag', values('private-repo/istio', '1.12-this-is-unusual-tag'), null, ann('distroless'), 'private-repo/istio/proxyv2:1.12-this-is-unusual-tag-distroless'],
  ['variant from values when there is no ProxyConfig image', values('docker.io/istio', '1.30.0', { variant: 'distroless' }), null, null, 'docker.io/istio/proxyv2:1.30.0-distroless'],
];

for (const [desc, v, image, annotations, want] of table) {
  Proxy(desc, () => {
    assert.is(proxyImage(v, image, annotations), want);
  });
}

Proxy('a ProxyConfig image replaces the variant even with an empty type (Go: image != nil)', () => {
  const v = values('hub', '1.0', { variant: 'distroless' });
  assert.is(proxyImage(v, {}, null), 'hub/proxyv2:1.0');
  assert.is(proxyImage(v, null, null), 'hub/proxyv2:1.0-distroless');
  assert.is(proxyImage(v, {}, { 'sidecar.istio.io/proxyImageType': 'debug' }), 'hub/proxyv2:1.0-debug');
  // An empty annotation is present: it clears the type.
  assert.is(proxyImage(v, null, { 'sidecar.istio.io/proxyImageType': '' }), 'hub/proxyv2:1.0');
});

Proxy('image name from values.global.proxy.image; missing parts stay empty', () => {
  assert.is(proxyImage(values('hub', 'latest', { proxy: { image: 'proxyTest' } }), null, null), 'hub/proxyTest:latest');
  assert.is(proxyImage(values('hub', 'latest', { proxy: { image: '' } }), null, null), 'hub/proxyv2:latest');
  assert.is(proxyImage({}, null, null), '/proxyv2:');
  assert.is(proxyImage({ global: { hub: 'h' } }, null, null), 'h/proxyv2:');
});

Proxy.run();

// ---------------------------------------------------------------------------------------------------------------------
const Parts = suite('tags, types and URLs');

Parts('fmt.Sprintf("%v", tag) of values (outputs from Go)', () => {
  const tag = (t: unknown): string => formatTag({ global: { tag: t } });
  assert.is(tag(11), '11');
  assert.is(tag(1.12), '1.12');
  assert.is(tag(1.3), '1.3');
  assert.is(tag(1000000), '1e+06');
  assert.is(tag(123456), '123456');
  assert.is(tag(0.00001), '1e-05');
  assert.is(tag(true), 'true');
  assert.is(tag(null), '<nil>');
  assert.is(tag('latest'), 'latest');
  assert.is(formatTag({ global: {} }), '');
  assert.is(formatTag({}), '');
});

Parts('updateImageTypeIfPresent', () => {
  assert.is(updateImageTypeIfPresent('1.2', ''), '1.2');
  assert.is(updateImageTypeIfPresent('1.2-debug', ''), '1.2-debug');
  assert.is(updateImageTypeIfPresent('1.2-debug', 'default'), '1.2');
  assert.is(updateImageTypeIfPresent('1.2-distroless-debug', 'default'), '1.2-distroless');
  assert.is(updateImageTypeIfPresent('1.2', 'custom'), '1.2-custom');
  assert.is(updateImageTypeIfPresent('1.2-custom', 'debug'), '1.2-custom-debug');
  assert.is(updateImageTypeIfPresent('-debug', 'distroless'), '-distroless');
});

Parts('imageURL always joins with / and :', () => {
  assert.is(imageURL('docker.io/istio', 'proxyv2', '1.0', ''), 'docker.io/istio/proxyv2:1.0');
  assert.is(imageURL('', 'proxyv2', '', ''), '/proxyv2:');
});

Parts('ProxyInitImage: values.global.proxy_init.image, no ProxyConfig type', () => {
  assert.is(proxyInitImage(values('hub', 'latest', { proxy_init: { image: 'proxyInitTest' } }), null), 'hub/proxyInitTest:latest');
  assert.is(proxyInitImage(values('hub', 'latest', { variant: 'distroless', proxy: { image: 'other' } }), null), 'hub/proxyv2:latest-distroless');
  assert.is(proxyInitImage(values('hub', 1.12), { 'sidecar.istio.io/proxyImageType': 'debug' }), 'hub/proxyv2:1.12-debug');
});

Parts('the template rule: an image with / is used verbatim', () => {
  const v = values('hub', 'latest', { proxy: { image: 'proxyv2' }, proxy_init: { image: 'my.registry/init:1' } });
  const computed = proxyImage(v, null, null);
  assert.is(templateImage('proxy', v, { 'sidecar.istio.io/proxyImage': 'registry.istio.io/release/proxy2_debug:unittest' }, computed), 'registry.istio.io/release/proxy2_debug:unittest');
  assert.is(templateImage('proxy', v, { 'sidecar.istio.io/proxyImage': 'no-slash' }, computed), 'hub/proxyv2:latest');
  assert.is(templateImage('proxy', v, null, computed), 'hub/proxyv2:latest');
  assert.is(templateImage('proxy_init', v, null, 'computed'), 'my.registry/init:1');
  assert.is(templateImage('proxy', {}, {}, 'computed'), 'computed');
});

Parts.run();

// ---------------------------------------------------------------------------------------------------------------------
const Goldens = suite('images against the kube-inject goldens');

interface Case {
  id: string;
  input: string;
  golden: string;
  settings: string;
  expectError: string | null;
}

const casesFile = sharedPath('conformance/istio/cases.json', 'proxy images on golden cases');
if (casesFile) {
  const root = join(casesFile, '..');
  const kinds = buildKindTable().kinds;
  const workloads = (path: string): { meta: Record<string, unknown>; spec: Record<string, unknown> }[] =>
    parseAllDocuments(readFileSync(join(root, path), 'utf8'))
      .map((d) => d.toJS() as unknown)
      .flatMap((d) => (isList(d) ? flattenList(d).map((x) => x.item) : [d]))
      .flatMap((obj) => {
        const kind = findWorkloadKind(obj, kinds);
        const loc = kind && locatePodTemplate(obj, kind);
        return loc && loc.status === 'ok' ? [{ meta: loc.metadata ?? {}, spec: loc.podSpec ?? {} }] : [];
      });
  const containers = (spec: Record<string, unknown>): { name: string; image?: string }[] => [
    ...((spec['containers'] as { name: string }[] | undefined) ?? []),
    ...((spec['initContainers'] as { name: string }[] | undefined) ?? []),
  ];

  Goldens('istio-proxy and istio-init/istio-validation images of the default templates', () => {
    let checked = 0;
    for (const c of (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: Case[] }).cases) {
      if (c.expectError) continue;
      const values = JSON.parse(readFileSync(join(root, 'settings', c.settings, 'inject-values.json'), 'utf8')) as unknown;
      const ins = workloads(c.input);
      const outs = workloads(c.golden);
      ins.forEach((input, i) => {
        const out = outs[i];
        const annotations = input.meta['annotations'];
        // Only the stock sidecar template, and no user container standing in for an injected one.
        if (!out || (annotations as Record<string, string> | undefined)?.['inject.istio.io/templates']) return;
        if (c.settings.startsWith('iop-custom') || c.settings.startsWith('iop-spire')) return;
        const userNames = new Set(containers(input.spec).map((x) => x.name));
        for (const ct of containers(out.spec)) {
          if (userNames.has(ct.name)) continue;
          if (ct.name === 'istio-proxy') {
            assert.is(ct.image, templateImage('proxy', values, annotations, proxyImage(values, null, annotations)), `${c.id} ${ct.name}`);
            checked++;
          } else if (ct.name === 'istio-init' || ct.name === 'istio-validation') {
            assert.is(ct.image, templateImage('proxy_init', values, annotations, proxyInitImage(values, annotations)), `${c.id} ${ct.name}`);
            checked++;
          }
        }
      });
    }
    assert.ok(checked > 150, `checked ${checked} containers`);
  });
}

Goldens.run();
