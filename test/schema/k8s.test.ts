/**
 * Kubernetes types as Go values: a pod JSON object wrapped as `*v1.Pod`, addressed by Go field names in templates,
 * and marshaled by encoding/json in Go's field order. The full-pod marshal expectation was produced by kubectl
 * 1.33 (Go json.Marshal of a typed corev1.Pod after `kubectl set env --local … FOO=bar`, which is why every
 * container already carries FOO) and recorded as a literal; other expectations follow from k8s.io/api's struct tags
 * (istio-injection.md Appendix A) and Go's fmt and text/template rules.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { marshal } from '../../src/go/json.ts';
import { GoValue, structField, sliceElements, sortedMapEntries } from '../../src/go/value.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';
import {
  ContainerPortType,
  ContainerType,
  GRPCActionType,
  HTTPGetActionType,
  IntOrStringType,
  ObjectMetaType,
  PodSpecType,
  PodTemplateSpecType,
  PodType,
  QuantityType,
  ResourceFieldSelectorType,
  VolumeType,
  intOrStringText,
  namespacedNameValue,
  objectMetaValue,
  podSpecValue,
  podValue,
  quantityText,
  timeText,
  typeMetaValue,
} from '../../src/schema/k8s.ts';
import { parse } from '../../src/template/mod.ts';

type JSONObject = Record<string, unknown>;

const POD: JSONObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'hello', namespace: 'ns', annotations: { b: '2', a: '1' }, labels: { app: 'hello' } },
  spec: {
    serviceAccountName: 'sa',
    containers: [
      {
        name: 'hello',
        image: 'fake.docker.io/google-samples/hello-go-gke:1.0',
        ports: [{ containerPort: 80, name: 'http' }, { containerPort: 53, protocol: 'UDP' }],
        resources: { limits: { cpu: '2000m', memory: '1024Mi' }, requests: { cpu: '100m' } },
        livenessProbe: { httpGet: { path: '/live', port: 8080 } },
        readinessProbe: { tcpSocket: { port: 'http' } },
      },
      { name: 'istio-proxy', ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }] },
    ],
  },
};

function render(template: string, data: GoValue): string {
  return parse(template, { funcs: [istioFuncs()] }).execute(data);
}

const Access = suite('Go field access');

Access('struct fields by Go name over the JSON rep', () => {
  const pod = new GoValue(PodType, POD);
  const spec = structField(pod, 'Spec');
  assert.is(spec?.t, PodSpecType);
  const containers = sliceElements(structField(spec as GoValue, 'Containers') as GoValue);
  assert.equal(
    containers.map((c) => structField(c, 'Name')?.v),
    ['hello', 'istio-proxy'],
  );
  const port = sliceElements(structField(containers[0] as GoValue, 'Ports') as GoValue)[0] as GoValue;
  assert.is(port.t, ContainerPortType);
  assert.is(structField(port, 'ContainerPort')?.v, 80);
  assert.is(structField(port, 'Protocol')?.v, '');
  assert.is(structField(port, 'Protocol')?.t.name, 'v1.Protocol');
});

Access('fields of embedded structs are promoted (TypeMeta inline, ObjectMeta under "metadata")', () => {
  const pod = new GoValue(PodType, POD);
  assert.is(structField(pod, 'Kind')?.v, 'Pod');
  assert.is(structField(pod, 'APIVersion')?.v, 'v1');
  assert.is(structField(pod, 'Name')?.v, 'hello');
  assert.is(structField(pod, 'Namespace')?.v, 'ns');
  assert.is(structField(pod, 'ObjectMeta')?.t, ObjectMetaType);
  const probe = structField(structField(new GoValue(ContainerType, (POD['spec'] as { containers: JSONObject[] }).containers[0]), 'LivenessProbe') as GoValue, 'HTTPGet');
  assert.is(probe?.t.name, '*v1.HTTPGetAction');
});

Access('absent fields are Go zero values', () => {
  const c = new GoValue(ContainerType, { name: 'x' });
  assert.is(structField(c, 'Image')?.v, '');
  assert.is(structField(c, 'TTY')?.v, false);
  assert.is(structField(c, 'Ports')?.v, null);
  assert.is(structField(c, 'SecurityContext')?.v, null);
  assert.is(structField(c, 'SecurityContext')?.t.name, '*v1.SecurityContext');
  assert.equal(structField(c, 'Resources')?.v, {});
  const limits = structField(structField(c, 'Resources') as GoValue, 'Limits') as GoValue;
  assert.is(limits.t.name, 'v1.ResourceList');
  assert.is(limits.v, null);
});

Access('resource lists hold Quantities printed canonically', () => {
  const c = new GoValue(ContainerType, (POD['spec'] as { containers: JSONObject[] }).containers[0]);
  const limits = structField(structField(c, 'Resources') as GoValue, 'Limits') as GoValue;
  const entries = sortedMapEntries(limits).map(({ key, value }) => [key.v, value.t, quantityText(value.v)]);
  assert.equal(entries, [
    ['cpu', QuantityType, '2'],
    ['memory', QuantityType, '1Gi'],
  ]);
});

Access('wrappers for the template data', () => {
  assert.is(podValue(POD).t.name, '*v1.Pod');
  assert.is(podValue(null).v, null);
  assert.is(objectMetaValue(undefined).t, ObjectMetaType);
  assert.equal(objectMetaValue(undefined).v, {});
  assert.is(podSpecValue(POD['spec'] as JSONObject).t, PodSpecType);
  assert.equal(typeMetaValue('Deployment', 'apps/v1').v, { kind: 'Deployment', apiVersion: 'apps/v1' });
  assert.equal(typeMetaValue('', '').v, {});
  assert.is(structField(namespacedNameValue('ns', 'web'), 'Name')?.v, 'web');
  assert.is(PodTemplateSpecType.fields?.[0]?.json, 'metadata');
});

Access.run();

const Templates = suite('templates over pod values');

Templates('range over containers and ports', () => {
  const out = render('{{ range .Spec.Containers }}{{ .Name }}{{ range .Ports }}{{ .ContainerPort }}{{ end }}{{ end }}', podValue(POD));
  assert.is(out, 'hello8053istio-proxy15090');
});

Templates('annotations print as a sorted Go map', () => {
  assert.is(render('{{ .ObjectMeta.Annotations }}', podValue(POD)), 'map[a:1 b:2]');
  assert.is(render('{{ .Name }}/{{ .Namespace }} {{ .Kind }} {{ .APIVersion }} {{ .Spec.ServiceAccountName }}', podValue(POD)), 'hello/ns Pod v1 sa');
});

Templates('structToJSON of a ContainerPort keeps Go field order', () => {
  const out = render('{{ range $c := .Spec.Containers }}{{ range $p := $c.Ports }}{{ structToJSON $p }};{{ end }}{{ end }}', podValue(POD));
  assert.is(out, '{"name":"http","containerPort":80};{"containerPort":53,"protocol":"UDP"};{"name":"http-envoy-prom","containerPort":15090,"protocol":"TCP"};');
});

Templates('IntOrString ports print their number or name', () => {
  const c = '(index .Spec.Containers 0)';
  assert.is(render(`{{ ${c}.LivenessProbe.HTTPGet.Port }} {{ ${c}.ReadinessProbe.TCPSocket.Port }}`, podValue(POD)), '8080 http');
});

Templates('quantities marshal canonically; a resource list prints them through String()', () => {
  assert.is(render('{{ structToJSON (index .Spec.Containers 0).Resources }}', podValue(POD)), '{"limits":{"cpu":"2","memory":"1Gi"},"requests":{"cpu":"100m"}}');
  // Our liberty: Go's Quantity.String has a pointer receiver, so Go prints map values as raw structs here.
  assert.is(render('{{ (index .Spec.Containers 0).Resources.Limits }}', podValue(POD)), 'map[cpu:2 memory:1Gi]');
});

Templates('index with a string literal on map[ResourceName]… fails as in Go', () => {
  assert.throws(
    () => render('{{ index (index .Spec.Containers 0).Resources.Limits "cpu" }}', podValue(POD)),
    (e: unknown) => e instanceof Error && e.message.includes('value has type string; should be v1.ResourceName'),
  );
});

Templates('nil pointers and zero structs', () => {
  const out = render('{{ (index .Spec.Containers 1).LivenessProbe }} {{ .Spec.SecurityContext }} {{ .Spec.HostNetwork }} {{ (index .Spec.Containers 1).Resources.Limits }}', podValue(POD));
  assert.is(out, '<nil> <nil> false map[]');
  assert.is(render('{{ printf "%T %T %T" . .Spec .ObjectMeta.Labels }}', podValue(POD)), '*v1.Pod v1.PodSpec map[string]string');
});

Templates.run();

/** A pod setting every field k8s.io/api v0.33 knows of (JSON keys deliberately in reverse order). */
const POD_ALL_FIELDS: JSONObject = {
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {
    "name": "p",
    "generateName": "g",
    "namespace": "n",
    "selfLink": "s",
    "uid": "u",
    "resourceVersion": "1",
    "generation": 2,
    "creationTimestamp": "2024-01-02T03:04:05Z",
    "deletionTimestamp": "2024-01-02T03:04:05Z",
    "deletionGracePeriodSeconds": 3,
    "labels": {
      "a": "b"
    },
    "annotations": {
      "c": "d"
    },
    "ownerReferences": [
      {
        "uid": "x",
        "name": "n",
        "kind": "k",
        "apiVersion": "v",
        "controller": true,
        "blockOwnerDeletion": true
      }
    ],
    "finalizers": [
      "f"
    ]
  },
  "spec": {
    "resources": {
      "limits": {
        "cpu": "1"
      }
    },
    "resourceClaims": [
      {
        "name": "r",
        "resourceClaimName": "x",
        "resourceClaimTemplateName": "y"
      }
    ],
    "schedulingGates": [
      {
        "name": "g"
      }
    ],
    "hostUsers": true,
    "os": {
      "name": "linux"
    },
    "setHostnameAsFQDN": true,
    "topologySpreadConstraints": [
      {
        "nodeTaintsPolicy": "Honor",
        "nodeAffinityPolicy": "Honor",
        "matchLabelKeys": [
          "a"
        ],
        "minDomains": 1,
        "labelSelector": {
          "matchLabels": {
            "a": "b"
          }
        },
        "whenUnsatisfiable": "DoNotSchedule",
        "topologyKey": "t",
        "maxSkew": 1
      }
    ],
    "overhead": {
      "cpu": "1"
    },
    "preemptionPolicy": "Never",
    "enableServiceLinks": true,
    "runtimeClassName": "r",
    "readinessGates": [
      {
        "conditionType": "c"
      }
    ],
    "dnsConfig": {
      "options": [
        {
          "value": "v",
          "name": "n"
        }
      ],
      "searches": [
        "s"
      ],
      "nameservers": [
        "1.1.1.1"
      ]
    },
    "priority": 1,
    "priorityClassName": "p",
    "hostAliases": [
      {
        "hostnames": [
          "h"
        ],
        "ip": "1.2.3.4"
      }
    ],
    "tolerations": [
      {
        "tolerationSeconds": 1,
        "effect": "NoExecute",
        "value": "v",
        "operator": "Equal",
        "key": "k"
      }
    ],
    "schedulerName": "s",
    "affinity": {
      "podAntiAffinity": {},
      "podAffinity": {},
      "nodeAffinity": {}
    },
    "subdomain": "s",
    "hostname": "h",
    "imagePullSecrets": [
      {
        "name": "s"
      }
    ],
    "securityContext": {
      "seLinuxChangePolicy": "MountOption",
      "appArmorProfile": {
        "type": "RuntimeDefault"
      },
      "seccompProfile": {
        "localhostProfile": "l",
        "type": "Localhost"
      },
      "fsGroupChangePolicy": "Always",
      "sysctls": [
        {
          "value": "v",
          "name": "n"
        }
      ],
      "fsGroup": 1,
      "supplementalGroupsPolicy": "Merge",
      "supplementalGroups": [
        1
      ],
      "runAsNonRoot": true,
      "runAsGroup": 1,
      "runAsUser": 1,
      "windowsOptions": {
        "hostProcess": false,
        "runAsUserName": "u",
        "gmsaCredentialSpec": "c",
        "gmsaCredentialSpecName": "n"
      },
      "seLinuxOptions": {
        "level": "l",
        "type": "t",
        "role": "r",
        "user": "u"
      }
    },
    "shareProcessNamespace": true,
    "hostIPC": true,
    "hostPID": true,
    "hostNetwork": true,
    "nodeName": "n",
    "automountServiceAccountToken": true,
    "serviceAccount": "sa",
    "serviceAccountName": "san",
    "nodeSelector": {
      "a": "b"
    },
    "dnsPolicy": "None",
    "activeDeadlineSeconds": 1,
    "terminationGracePeriodSeconds": 1,
    "restartPolicy": "Always",
    "ephemeralContainers": [
      {
        "name": "e",
        "targetContainerName": "t",
        "image": "i"
      }
    ],
    "containers": [
      {
        "tty": true,
        "stdinOnce": true,
        "stdin": true,
        "securityContext": {
          "appArmorProfile": {
            "localhostProfile": "x",
            "type": "Localhost"
          },
          "seccompProfile": {
            "type": "RuntimeDefault"
          },
          "procMount": "Default",
          "allowPrivilegeEscalation": true,
          "readOnlyRootFilesystem": true,
          "runAsNonRoot": true,
          "runAsGroup": 1,
          "runAsUser": 1,
          "windowsOptions": {
            "hostProcess": true
          },
          "seLinuxOptions": {
            "user": "u"
          },
          "privileged": true,
          "capabilities": {
            "drop": [
              "ALL"
            ],
            "add": [
              "NET_ADMIN"
            ]
          }
        },
        "imagePullPolicy": "Always",
        "terminationMessagePolicy": "File",
        "terminationMessagePath": "/t",
        "lifecycle": {
          "stopSignal": "SIGTERM",
          "preStop": {
            "sleep": {
              "seconds": 1
            },
            "tcpSocket": {
              "host": "h",
              "port": 1
            },
            "httpGet": {
              "httpHeaders": [
                {
                  "value": "v",
                  "name": "n"
                }
              ],
              "scheme": "HTTP",
              "host": "h",
              "port": "http",
              "path": "/p"
            },
            "exec": {
              "command": [
                "a"
              ]
            }
          },
          "postStart": {
            "exec": {
              "command": [
                "b"
              ]
            }
          }
        },
        "startupProbe": {
          "grpc": {
            "port": 1
          }
        },
        "readinessProbe": {
          "terminationGracePeriodSeconds": 1,
          "failureThreshold": 1,
          "successThreshold": 1,
          "periodSeconds": 1,
          "timeoutSeconds": 1,
          "initialDelaySeconds": 1,
          "tcpSocket": {
            "port": 80
          }
        },
        "livenessProbe": {
          "grpc": {
            "service": "s",
            "port": 1
          }
        },
        "volumeDevices": [
          {
            "devicePath": "/d",
            "name": "n"
          }
        ],
        "volumeMounts": [
          {
            "subPathExpr": "e",
            "mountPropagation": "None",
            "subPath": "s",
            "mountPath": "/m",
            "recursiveReadOnly": "Disabled",
            "readOnly": true,
            "name": "n"
          }
        ],
        "restartPolicy": "Always",
        "resizePolicy": [
          {
            "restartPolicy": "NotRequired",
            "resourceName": "cpu"
          }
        ],
        "resources": {
          "claims": [
            {
              "request": "r",
              "name": "n"
            }
          ],
          "requests": {
            "cpu": "1"
          },
          "limits": {
            "cpu": "1"
          }
        },
        "env": [
          {
            "valueFrom": {
              "secretKeyRef": {
                "optional": true,
                "key": "k",
                "name": "n"
              },
              "configMapKeyRef": {
                "optional": true,
                "key": "k",
                "name": "n"
              },
              "resourceFieldRef": {
                "resource": "limits.cpu",
                "containerName": "c"
              },
              "fieldRef": {
                "fieldPath": "metadata.name",
                "apiVersion": "v1"
              }
            },
            "value": "v",
            "name": "n"
          },
          {
            "name": "FOO",
            "value": "bar"
          }
        ],
        "envFrom": [
          {
            "secretRef": {
              "optional": true,
              "name": "s"
            },
            "configMapRef": {
              "optional": true,
              "name": "c"
            },
            "prefix": "p"
          }
        ],
        "ports": [
          {
            "hostIP": "1.2.3.4",
            "protocol": "TCP",
            "containerPort": 80,
            "hostPort": 80,
            "name": "http"
          }
        ],
        "workingDir": "/w",
        "args": [
          "a"
        ],
        "command": [
          "c"
        ],
        "image": "i",
        "name": "c"
      }
    ],
    "initContainers": [
      {
        "name": "i",
        "env": [
          {
            "name": "FOO",
            "value": "bar"
          }
        ]
      }
    ],
    "volumes": [
      {
        "name": "v1",
        "hostPath": {
          "type": "Directory",
          "path": "/p"
        }
      },
      {
        "name": "v2",
        "emptyDir": {
          "sizeLimit": "1Gi",
          "medium": "Memory"
        }
      },
      {
        "name": "v3",
        "secret": {
          "optional": true,
          "defaultMode": 420,
          "items": [
            {
              "mode": 420,
              "path": "p",
              "key": "k"
            }
          ],
          "secretName": "s"
        }
      },
      {
        "name": "v4",
        "persistentVolumeClaim": {
          "readOnly": true,
          "claimName": "c"
        }
      },
      {
        "name": "v5",
        "downwardAPI": {
          "defaultMode": 420,
          "items": [
            {
              "mode": 1,
              "resourceFieldRef": {
                "resource": "limits.cpu"
              },
              "fieldRef": {
                "fieldPath": "metadata.labels"
              },
              "path": "labels"
            }
          ]
        }
      },
      {
        "name": "v6",
        "configMap": {
          "optional": true,
          "defaultMode": 420,
          "items": [
            {
              "path": "p",
              "key": "k"
            }
          ],
          "name": "c"
        }
      },
      {
        "name": "v7",
        "projected": {
          "defaultMode": 420,
          "sources": [
            {
              "clusterTrustBundle": {
                "path": "p",
                "optional": true,
                "signerName": "s",
                "name": "n",
                "labelSelector": {}
              },
              "serviceAccountToken": {
                "path": "p",
                "expirationSeconds": 3600,
                "audience": "a"
              },
              "configMap": {
                "optional": true,
                "items": [
                  {
                    "path": "p",
                    "key": "k"
                  }
                ],
                "name": "c"
              },
              "downwardAPI": {
                "items": [
                  {
                    "path": "p",
                    "fieldRef": {
                      "fieldPath": "x"
                    }
                  }
                ]
              },
              "secret": {
                "name": "s"
              }
            }
          ]
        }
      },
      {
        "name": "v8",
        "csi": {
          "nodePublishSecretRef": {
            "name": "n"
          },
          "volumeAttributes": {
            "a": "b"
          },
          "fsType": "f",
          "readOnly": true,
          "driver": "d"
        }
      },
      {
        "name": "v10",
        "image": {
          "pullPolicy": "Always",
          "reference": "r"
        }
      }
    ]
  },
  "status": {}
};

const POD_ALL_FIELDS_MARSHALED =
  "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\",\"generateName\":\"g\",\"namespace\":\"n\",\"selfLink\":\"s\",\"uid\"" +
  ":\"u\",\"resourceVersion\":\"1\",\"generation\":2,\"creationTimestamp\":\"2024-01-02T03:04:05Z\",\"deletionTimestamp\":\"2024" +
  "-01-02T03:04:05Z\",\"deletionGracePeriodSeconds\":3,\"labels\":{\"a\":\"b\"},\"annotations\":{\"c\":\"d\"},\"ownerReferences\":" +
  "[{\"apiVersion\":\"v\",\"kind\":\"k\",\"name\":\"n\",\"uid\":\"x\",\"controller\":true,\"blockOwnerDeletion\":true}],\"finalizers\":" +
  "[\"f\"]},\"spec\":{\"volumes\":[{\"name\":\"v1\",\"hostPath\":{\"path\":\"/p\",\"type\":\"Directory\"}},{\"name\":\"v2\",\"emptyDir\":{\"" +
  "medium\":\"Memory\",\"sizeLimit\":\"1Gi\"}},{\"name\":\"v3\",\"secret\":{\"secretName\":\"s\",\"items\":[{\"key\":\"k\",\"path\":\"p\",\"m" +
  "ode\":420}],\"defaultMode\":420,\"optional\":true}},{\"name\":\"v4\",\"persistentVolumeClaim\":{\"claimName\":\"c\",\"readOnly" +
  "\":true}},{\"name\":\"v5\",\"downwardAPI\":{\"items\":[{\"path\":\"labels\",\"fieldRef\":{\"fieldPath\":\"metadata.labels\"},\"res" +
  "ourceFieldRef\":{\"resource\":\"limits.cpu\",\"divisor\":\"0\"},\"mode\":1}],\"defaultMode\":420}},{\"name\":\"v6\",\"configMap\"" +
  ":{\"name\":\"c\",\"items\":[{\"key\":\"k\",\"path\":\"p\"}],\"defaultMode\":420,\"optional\":true}},{\"name\":\"v7\",\"projected\":{\"s" +
  "ources\":[{\"secret\":{\"name\":\"s\"},\"downwardAPI\":{\"items\":[{\"path\":\"p\",\"fieldRef\":{\"fieldPath\":\"x\"}}]},\"configMap" +
  "\":{\"name\":\"c\",\"items\":[{\"key\":\"k\",\"path\":\"p\"}],\"optional\":true},\"serviceAccountToken\":{\"audience\":\"a\",\"expirat" +
  "ionSeconds\":3600,\"path\":\"p\"},\"clusterTrustBundle\":{\"name\":\"n\",\"signerName\":\"s\",\"labelSelector\":{},\"optional\":t" +
  "rue,\"path\":\"p\"}}],\"defaultMode\":420}},{\"name\":\"v8\",\"csi\":{\"driver\":\"d\",\"readOnly\":true,\"fsType\":\"f\",\"volumeAtt" +
  "ributes\":{\"a\":\"b\"},\"nodePublishSecretRef\":{\"name\":\"n\"}}},{\"name\":\"v10\",\"image\":{\"reference\":\"r\",\"pullPolicy\":\"" +
  "Always\"}}],\"initContainers\":[{\"name\":\"i\",\"env\":[{\"name\":\"FOO\",\"value\":\"bar\"}],\"resources\":{}}],\"containers\":[{" +
  "\"name\":\"c\",\"image\":\"i\",\"command\":[\"c\"],\"args\":[\"a\"],\"workingDir\":\"/w\",\"ports\":[{\"name\":\"http\",\"hostPort\":80,\"c" +
  "ontainerPort\":80,\"protocol\":\"TCP\",\"hostIP\":\"1.2.3.4\"}],\"envFrom\":[{\"prefix\":\"p\",\"configMapRef\":{\"name\":\"c\",\"op" +
  "tional\":true},\"secretRef\":{\"name\":\"s\",\"optional\":true}}],\"env\":[{\"name\":\"n\",\"value\":\"v\",\"valueFrom\":{\"fieldRef" +
  "\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.name\"},\"resourceFieldRef\":{\"containerName\":\"c\",\"resource\":\"limits.c" +
  "pu\",\"divisor\":\"0\"},\"configMapKeyRef\":{\"name\":\"n\",\"key\":\"k\",\"optional\":true},\"secretKeyRef\":{\"name\":\"n\",\"key\":\"" +
  "k\",\"optional\":true}}},{\"name\":\"FOO\",\"value\":\"bar\"}],\"resources\":{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"1\"},\"" +
  "claims\":[{\"name\":\"n\",\"request\":\"r\"}]},\"resizePolicy\":[{\"resourceName\":\"cpu\",\"restartPolicy\":\"NotRequired\"}],\"r" +
  "estartPolicy\":\"Always\",\"volumeMounts\":[{\"name\":\"n\",\"readOnly\":true,\"recursiveReadOnly\":\"Disabled\",\"mountPath\":" +
  "\"/m\",\"subPath\":\"s\",\"mountPropagation\":\"None\",\"subPathExpr\":\"e\"}],\"volumeDevices\":[{\"name\":\"n\",\"devicePath\":\"/d" +
  "\"}],\"livenessProbe\":{\"grpc\":{\"port\":1,\"service\":\"s\"}},\"readinessProbe\":{\"tcpSocket\":{\"port\":80},\"initialDelayS" +
  "econds\":1,\"timeoutSeconds\":1,\"periodSeconds\":1,\"successThreshold\":1,\"failureThreshold\":1,\"terminationGracePeri" +
  "odSeconds\":1},\"startupProbe\":{\"grpc\":{\"port\":1,\"service\":null}},\"lifecycle\":{\"postStart\":{\"exec\":{\"command\":[\"" +
  "b\"]}},\"preStop\":{\"exec\":{\"command\":[\"a\"]},\"httpGet\":{\"path\":\"/p\",\"port\":\"http\",\"host\":\"h\",\"scheme\":\"HTTP\",\"htt" +
  "pHeaders\":[{\"name\":\"n\",\"value\":\"v\"}]},\"tcpSocket\":{\"port\":1,\"host\":\"h\"},\"sleep\":{\"seconds\":1}},\"stopSignal\":\"S" +
  "IGTERM\"},\"terminationMessagePath\":\"/t\",\"terminationMessagePolicy\":\"File\",\"imagePullPolicy\":\"Always\",\"securityC" +
  "ontext\":{\"capabilities\":{\"add\":[\"NET_ADMIN\"],\"drop\":[\"ALL\"]},\"privileged\":true,\"seLinuxOptions\":{\"user\":\"u\"},\"" +
  "windowsOptions\":{\"hostProcess\":true},\"runAsUser\":1,\"runAsGroup\":1,\"runAsNonRoot\":true,\"readOnlyRootFilesystem\"" +
  ":true,\"allowPrivilegeEscalation\":true,\"procMount\":\"Default\",\"seccompProfile\":{\"type\":\"RuntimeDefault\"},\"appArm" +
  "orProfile\":{\"type\":\"Localhost\",\"localhostProfile\":\"x\"}},\"stdin\":true,\"stdinOnce\":true,\"tty\":true}],\"ephemeralC" +
  "ontainers\":[{\"name\":\"e\",\"image\":\"i\",\"resources\":{},\"targetContainerName\":\"t\"}],\"restartPolicy\":\"Always\",\"termi" +
  "nationGracePeriodSeconds\":1,\"activeDeadlineSeconds\":1,\"dnsPolicy\":\"None\",\"nodeSelector\":{\"a\":\"b\"},\"serviceAcco" +
  "untName\":\"san\",\"serviceAccount\":\"sa\",\"automountServiceAccountToken\":true,\"nodeName\":\"n\",\"hostNetwork\":true,\"ho" +
  "stPID\":true,\"hostIPC\":true,\"shareProcessNamespace\":true,\"securityContext\":{\"seLinuxOptions\":{\"user\":\"u\",\"role\"" +
  ":\"r\",\"type\":\"t\",\"level\":\"l\"},\"windowsOptions\":{\"gmsaCredentialSpecName\":\"n\",\"gmsaCredentialSpec\":\"c\",\"runAsUse" +
  "rName\":\"u\",\"hostProcess\":false},\"runAsUser\":1,\"runAsGroup\":1,\"runAsNonRoot\":true,\"supplementalGroups\":[1],\"sup" +
  "plementalGroupsPolicy\":\"Merge\",\"fsGroup\":1,\"sysctls\":[{\"name\":\"n\",\"value\":\"v\"}],\"fsGroupChangePolicy\":\"Always\"" +
  ",\"seccompProfile\":{\"type\":\"Localhost\",\"localhostProfile\":\"l\"},\"appArmorProfile\":{\"type\":\"RuntimeDefault\"},\"seL" +
  "inuxChangePolicy\":\"MountOption\"},\"imagePullSecrets\":[{\"name\":\"s\"}],\"hostname\":\"h\",\"subdomain\":\"s\",\"affinity\":{" +
  "\"nodeAffinity\":{},\"podAffinity\":{},\"podAntiAffinity\":{}},\"schedulerName\":\"s\",\"tolerations\":[{\"key\":\"k\",\"operat" +
  "or\":\"Equal\",\"value\":\"v\",\"effect\":\"NoExecute\",\"tolerationSeconds\":1}],\"hostAliases\":[{\"ip\":\"1.2.3.4\",\"hostnames" +
  "\":[\"h\"]}],\"priorityClassName\":\"p\",\"priority\":1,\"dnsConfig\":{\"nameservers\":[\"1.1.1.1\"],\"searches\":[\"s\"],\"option" +
  "s\":[{\"name\":\"n\",\"value\":\"v\"}]},\"readinessGates\":[{\"conditionType\":\"c\"}],\"runtimeClassName\":\"r\",\"enableServiceL" +
  "inks\":true,\"preemptionPolicy\":\"Never\",\"overhead\":{\"cpu\":\"1\"},\"topologySpreadConstraints\":[{\"maxSkew\":1,\"topolo" +
  "gyKey\":\"t\",\"whenUnsatisfiable\":\"DoNotSchedule\",\"labelSelector\":{\"matchLabels\":{\"a\":\"b\"}},\"minDomains\":1,\"nodeA" +
  "ffinityPolicy\":\"Honor\",\"nodeTaintsPolicy\":\"Honor\",\"matchLabelKeys\":[\"a\"]}],\"setHostnameAsFQDN\":true,\"os\":{\"nam" +
  "e\":\"linux\"},\"hostUsers\":true,\"schedulingGates\":[{\"name\":\"g\"}],\"resourceClaims\":[{\"name\":\"r\",\"resourceClaimName" +
  "\":\"x\",\"resourceClaimTemplateName\":\"y\"}],\"resources\":{\"limits\":{\"cpu\":\"1\"}}},\"status\":{}}";

const Marshal = suite('encoding/json');

Marshal('a container: resources always present, omitempty fields gone', () => {
  assert.is(marshal(new GoValue(ContainerType, { name: 'istio-proxy', image: '', tty: false, ports: [] })), '{"name":"istio-proxy","resources":{}}');
});

Marshal('gRPC service is written as null; divisor defaults to "0"', () => {
  assert.is(marshal(new GoValue(GRPCActionType, { port: 1 })), '{"port":1,"service":null}');
  assert.is(marshal(new GoValue(ResourceFieldSelectorType, { resource: 'limits.cpu' })), '{"resource":"limits.cpu","divisor":"0"}');
  assert.is(marshal(new GoValue(ResourceFieldSelectorType, { resource: 'limits.cpu', divisor: '1000m' })), '{"resource":"limits.cpu","divisor":"1"}');
});

Marshal('IntOrString keeps its kind', () => {
  assert.is(marshal(new GoValue(HTTPGetActionType, { path: '/p', port: 8080 })), '{"path":"/p","port":8080}');
  assert.is(marshal(new GoValue(HTTPGetActionType, { port: 'http', scheme: 'HTTPS' })), '{"port":"http","scheme":"HTTPS"}');
  assert.is(marshal(new GoValue(HTTPGetActionType, {})), '{"port":0}');
  assert.is(intOrStringText(undefined), '0');
  assert.is(IntOrStringType.name, 'intstr.IntOrString');
});

Marshal('volumes flatten their source; a sourceless volume is just its name', () => {
  assert.is(marshal(new GoValue(VolumeType, { name: 'workload-socket' })), '{"name":"workload-socket"}');
  assert.is(
    marshal(new GoValue(VolumeType, { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' })),
    '{"name":"istio-envoy","emptyDir":{"medium":"Memory"}}',
  );
});

Marshal('zero creationTimestamp is omitted (apimachinery v0.36 omitzero)', () => {
  assert.is(marshal(new GoValue(PodType, { metadata: { name: 'p' }, spec: { containers: [] } })), '{"metadata":{"name":"p"},"spec":{"containers":[]},"status":{}}');
  assert.is(marshal(new GoValue(PodType, {})), '{"metadata":{},"spec":{"containers":null},"status":{}}');
  assert.is(timeText(''), '0001-01-01 00:00:00 +0000 UTC');
  assert.is(timeText('2024-01-02T03:04:05Z'), '2024-01-02 03:04:05 +0000 UTC');
});

Marshal('every modelled field of a pod, in Go order (kubectl 1.33 output)', () => {
  assert.is(marshal(new GoValue(PodType, POD_ALL_FIELDS)), POD_ALL_FIELDS_MARSHALED);
});

Marshal.run();
