/**
 * Generated benchmark inputs: a kpt ResourceList of N Deployments with realistic pod specs (several containers,
 * ports, env, resources, probes, volumes, comments), configured with the injector config, values and mesh of
 * ../shared/conformance/istio/settings/default/, or with the embedded default when ../shared is absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedDefaults } from '../src/inject/defaults.ts';
import { sharedDir } from '../test/support/shared.ts';

export interface InjectorSettings {
  readonly config: string;
  readonly values: string;
  readonly mesh: string;
  /** Where the settings came from, for the report. */
  readonly source: string;
}

/** Istio's default settings from ../shared, or the embedded default. */
export function benchSettings(): InjectorSettings {
  const shared = sharedDir();
  if (shared) {
    const dir = join(shared, 'conformance/istio/settings/default');
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    return { config: read('inject-config.yaml'), values: read('inject-values.json'), mesh: read('mesh.yaml'), source: '../shared/conformance/istio/settings/default' };
  }
  return { ...embeddedDefaults(), source: 'the embedded default (src/inject/defaults.ts)' };
}

/** `text` as a YAML literal block under a key at `indent` spaces. */
function literal(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return '|\n' + text.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : pad + l)).join('\n');
}

/** The functionConfig: a ConfigMap carrying the settings as strings (kpt's `--fn-config` form). */
function functionConfigYAML(settings: InjectorSettings): string {
  return [
    'functionConfig:',
    '  apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: inject-sidecar-config',
    '  data:',
    `    config: ${literal(settings.config, 6)}`,
    `    values: ${literal(settings.values, 6)}`,
    `    mesh: ${literal(settings.mesh, 6)}`,
  ].join('\n');
}

/** One Deployment as a ResourceList item (indented under `items:`), varied by `i`. */
export function deploymentItem(i: number): string {
  const name = `svc-${String(i).padStart(5, '0')}`;
  const ns = `team-${i % 7}`;
  return `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${name} # generated workload ${i}
    namespace: ${ns}
    labels:
      app: ${name}
      app.kubernetes.io/part-of: shop
      version: v${1 + (i % 3)}
    annotations:
      config.kubernetes.io/index: '${i}'
      internal.config.kubernetes.io/path: 'deployments/${name}.yaml'
  spec:
    replicas: ${1 + (i % 4)}
    selector:
      matchLabels:
        app: ${name}
    template:
      metadata:
        labels:
          app: ${name}
          version: v${1 + (i % 3)}
        annotations:
          prometheus.io/scrape: "true"
          prometheus.io/port: "9090"
      spec:
        serviceAccountName: ${name}
        # The application and its log shipper.
        containers:
        - name: app
          image: registry.example.com/shop/${name}:1.${i % 10}.0
          imagePullPolicy: IfNotPresent
          args: ["--port=8080", "--metrics-port=9090", "--log-level=info"]
          ports:
          - name: http
            containerPort: 8080
          - name: metrics
            containerPort: 9090
          env:
          - name: SERVICE_NAME
            value: ${name}
          - name: POD_NAMESPACE
            valueFrom:
              fieldRef:
                fieldPath: metadata.namespace
          - name: DB_URL
            valueFrom:
              secretKeyRef:
                name: ${name}-db
                key: url
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: "1"
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 10
          volumeMounts:
          - name: config
            mountPath: /etc/app
            readOnly: true
          - name: cache
            mountPath: /var/cache/app
        - name: log-shipper
          image: registry.example.com/infra/log-shipper:2.4.1
          resources:
            requests:
              cpu: 10m
              memory: 32Mi
          volumeMounts:
          - name: cache
            mountPath: /var/cache/app
            readOnly: true
        volumes:
        - name: config
          configMap:
            name: ${name}-config
        - name: cache
          emptyDir: {}
`;
}

/** A ResourceList of `count` Deployments with the settings as its functionConfig. */
export function resourceListYAML(count: number, settings: InjectorSettings): string {
  const parts = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:\n'];
  const items: string[] = [];
  for (let i = 0; i < count; i++) items.push(deploymentItem(i));
  return parts.join('\n') + items.join('') + functionConfigYAML(settings) + '\n';
}

/** The Deployment of `deploymentItem(i)` as a standalone file (items are indented by two under `- `). */
export function deploymentFile(i: number): string {
  return deploymentItem(i).split('\n').map((line) => line.slice(2)).join('\n');
}

/** A kpt package of `count` Deployments, one file each, with a Kptfile and the ConfigMap functionConfig `fn-config.yaml`. */
export function kptPackageFiles(count: number, settings: InjectorSettings): Map<string, string> {
  const files = new Map<string, string>();
  files.set('Kptfile', 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: bench\n  annotations:\n    config.kubernetes.io/local-config: "true"\n');
  for (let i = 0; i < count; i++) files.set(`deployments/svc-${String(i).padStart(5, '0')}.yaml`, deploymentFile(i).replace(/\n {2}annotations:\n(?: {4}.*\n)+/, '\n'));
  // local-config keeps kpt from passing the functionConfig's own file to the function as an item.
  const config = functionConfigYAML(settings).split('\n').slice(1).map((line) => line.slice(2)).join('\n')
    .replace('  name: inject-sidecar-config\n', '  name: inject-sidecar-config\n  annotations:\n    config.kubernetes.io/local-config: "true"\n');
  files.set('fn-config.yaml', config + '\n');
  return files;
}
