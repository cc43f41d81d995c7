import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sharedPath } from '../support/shared.ts';
import { ANNOTATION_CHECKS, clusterAndNetwork, parseInjectEnvs, parsePrefix, validateAnnotations } from '../../src/inject/validate.ts';
import { buildKindTable, findWorkloadKind, flattenList, isList, locatePodTemplate } from '../../src/inject/workloads.ts';

/** The reason part of the single problem for `{key: value}`, or undefined when valid. */
function reason(key: string, value: string): string | undefined {
  const problems = validateAnnotations({ [key]: value });
  if (problems.length === 0) return undefined;
  assert.is(problems.length, 1);
  const p = problems[0]!;
  const prefix = `invalid value '${value}' for annotation '${key}': `;
  assert.ok(p.message.startsWith(prefix), p.message);
  assert.is(p.annotation, key);
  assert.is(p.value, value);
  return p.message.slice(prefix.length);
}

// ---------------------------------------------------------------------------------------------------------------------
const Rules = suite('validateAnnotations: each rule');

Rules('sidecar.istio.io/interceptionMode', () => {
  const k = 'sidecar.istio.io/interceptionMode';
  for (const v of ['REDIRECT', 'TPROXY', 'NONE']) assert.is(reason(k, v), undefined);
  assert.is(reason(k, 'redirect'), 'interceptionMode invalid, use REDIRECT,TPROXY,NONE: redirect');
  assert.is(reason(k, 'REDIRECT\n'), 'interceptionMode invalid, use REDIRECT,TPROXY,NONE: REDIRECT\n');
  assert.is(reason(k, ''), 'interceptionMode invalid, use REDIRECT,TPROXY,NONE: ');
});

Rules('status.sidecar.istio.io/port: uint16 after TrimSpace (Istio names excludeInboundPorts in the message)', () => {
  const k = 'status.sidecar.istio.io/port';
  for (const v of ['0', '15020', '65535', ' 15020 ', '015020']) assert.is(reason(k, v), undefined, v);
  assert.is(reason(k, '65536'), `excludeInboundPorts invalid: failed parsing port '65536': strconv.ParseUint: parsing "65536": value out of range`);
  assert.is(reason(k, 'abc'), `excludeInboundPorts invalid: failed parsing port 'abc': strconv.ParseUint: parsing "abc": invalid syntax`);
  assert.is(reason(k, ' x '), `excludeInboundPorts invalid: failed parsing port ' x ': strconv.ParseUint: parsing "x": invalid syntax`);
  assert.is(reason(k, ''), `excludeInboundPorts invalid: failed parsing port '': strconv.ParseUint: parsing "": invalid syntax`);
  assert.is(reason(k, '+1'), `excludeInboundPorts invalid: failed parsing port '+1': strconv.ParseUint: parsing "+1": invalid syntax`);
});

Rules('readiness values: uint32, not trimmed', () => {
  for (const k of [
    'readiness.status.sidecar.istio.io/initialDelaySeconds',
    'readiness.status.sidecar.istio.io/periodSeconds',
    'readiness.status.sidecar.istio.io/failureThreshold',
  ]) {
    for (const v of ['0', '15', '4294967295']) assert.is(reason(k, v), undefined);
    assert.is(reason(k, '4294967296'), 'strconv.ParseUint: parsing "4294967296": value out of range');
    assert.is(reason(k, ' 5'), 'strconv.ParseUint: parsing " 5": invalid syntax');
    assert.is(reason(k, '1.5'), 'strconv.ParseUint: parsing "1.5": invalid syntax');
    assert.is(reason(k, '-1'), 'strconv.ParseUint: parsing "-1": invalid syntax');
  }
});

Rules('includeOutboundIPRanges: * or a CIDR list; empty is fine', () => {
  const k = 'traffic.sidecar.istio.io/includeOutboundIPRanges';
  for (const v of ['*', '', '10.0.0.0/8', '127.0.0.1/24,10.96.0.1/24', '0.0.0.0/0', '::/0', 'fd00::/8,10.0.0.0/8', '::ffff:1.2.3.4/128', '10.0.0.1/32']) {
    assert.is(reason(k, v), undefined, v);
  }
  const p = (v: string, why: string): void => assert.is(reason(k, v), `includeIPRanges invalid: failed parsing cidr '${v.split(',').find((c) => !parsePrefix(c).ok)}': ${why}`, v);
  p('10.0.0.0/33', 'netip.ParsePrefix("10.0.0.0/33"): prefix length out of range');
  p('1.2.3', `netip.ParsePrefix("1.2.3"): no '/'`);
  p('01.2.3.4/8', 'netip.ParsePrefix("01.2.3.4/8"): ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero');
  p('bad', `netip.ParsePrefix("bad"): no '/'`);
  p('*,10.0.0.0/8', `netip.ParsePrefix("*"): no '/'`);
  p('10.0.0.0/8, 10.1.0.0/16', 'netip.ParsePrefix(" 10.1.0.0/16"): ParseAddr(" 10.1.0.0"): unexpected character (at " 10.1.0.0")');
  p('10.0.0.0/8,', `netip.ParsePrefix(""): no '/'`);
});

Rules('netip.ParsePrefix errors', () => {
  const err = (s: string): string => {
    const r = parsePrefix(s);
    return r.ok ? 'ok' : r.error;
  };
  assert.is(err('1.2.3/8'), 'netip.ParsePrefix("1.2.3/8"): ParseAddr("1.2.3"): IPv4 address too short');
  assert.is(err('1.2.3.4.5/8'), 'netip.ParsePrefix("1.2.3.4.5/8"): ParseAddr("1.2.3.4.5"): IPv4 address too long');
  assert.is(err('256.0.0.0/8'), 'netip.ParsePrefix("256.0.0.0/8"): ParseAddr("256.0.0.0"): IPv4 field has value >255');
  assert.is(err('1..2.3/8'), 'netip.ParsePrefix("1..2.3/8"): ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")');
  assert.is(err('.1.2.3/8'), 'netip.ParsePrefix(".1.2.3/8"): ParseAddr(".1.2.3"): IPv4 field must have at least one digit (at ".1.2.3")');
  assert.is(err('1.2.3./8'), 'netip.ParsePrefix("1.2.3./8"): ParseAddr("1.2.3."): IPv4 field must have at least one digit (at ".")');
  assert.is(err('1.2.3.4:80/8'), 'netip.ParsePrefix("1.2.3.4:80/8"): ParseAddr("1.2.3.4:80"): unexpected character (at ":80")');
  assert.is(err('/8'), 'netip.ParsePrefix("/8"): ParseAddr(""): unable to parse IP');
  assert.is(err('abc/8'), 'netip.ParsePrefix("abc/8"): ParseAddr("abc"): unable to parse IP');
  assert.is(err('10.0.0.0/08'), 'netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"');
  assert.is(err('10.0.0.0/'), 'netip.ParsePrefix("10.0.0.0/"): bad bits after slash: ""');
  assert.is(err('10.0.0.0/-1'), 'netip.ParsePrefix("10.0.0.0/-1"): bad bits after slash: "-1"');
  assert.is(err('10.0.0.0/+8'), 'netip.ParsePrefix("10.0.0.0/+8"): bad bits after slash: "+8"');
  assert.is(err('10.0.0.0/8 '), 'netip.ParsePrefix("10.0.0.0/8 "): bad bits after slash: "8 "');
  assert.is(err('10.0.0.0/99999999999999999999'), 'netip.ParsePrefix("10.0.0.0/99999999999999999999"): bad bits after slash: "99999999999999999999"');
  assert.is(err('10.0.0.0/0'), 'ok');
  assert.is(err('10.0.0.0/32'), 'ok');
  assert.is(err('::/128'), 'ok');
  assert.is(err('::/129'), 'netip.ParsePrefix("::/129"): prefix length out of range');
  assert.is(err('fe80::1%eth0/64'), 'netip.ParsePrefix("fe80::1%eth0/64"): IPv6 zones cannot be present in a prefix');
  assert.is(err('fe80::1%/64'), 'netip.ParsePrefix("fe80::1%/64"): ParseAddr("fe80::1%"): zone must be a non-empty string');
  assert.is(err('%eth0/8'), 'netip.ParsePrefix("%eth0/8"): ParseAddr("%eth0"): missing IPv6 address');
  assert.is(err('1:2:3:4:5:6:7:8:9/64'), 'netip.ParsePrefix("1:2:3:4:5:6:7:8:9/64"): ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")');
  assert.is(err('1::2::3/64'), 'netip.ParsePrefix("1::2::3/64"): ParseAddr("1::2::3"): multiple :: in address (at ":3")');
  assert.is(err('12345::/16'), 'netip.ParsePrefix("12345::/16"): ParseAddr("12345::"): each colon-separated field must have at most 4 hex digits (at "12345::")');
  assert.is(err('1:2:3:4:5:6:7:8::/64'), 'netip.ParsePrefix("1:2:3:4:5:6:7:8::/64"): ParseAddr("1:2:3:4:5:6:7:8::"): the :: must expand to at least one field of zeros');
  assert.is(err('1:2:3/64'), 'netip.ParsePrefix("1:2:3/64"): ParseAddr("1:2:3"): address string too short');
  assert.is(err('1:/64'), 'netip.ParsePrefix("1:/64"): ParseAddr("1:"): colon must be followed by more characters (at ":")');
  assert.is(err(':1/64'), 'netip.ParsePrefix(":1/64"): ParseAddr(":1"): each colon-separated field must have at least one digit (at ":1")');
  assert.is(err('1:2:3:4:5:6:1.2.3.4/64'), 'ok');
  assert.is(err('1:2:3:4:5:1.2.3.4/64'), 'netip.ParsePrefix("1:2:3:4:5:1.2.3.4/64"): ParseAddr("1:2:3:4:5:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")');
  assert.is(err('::1.2.3/64'), 'netip.ParsePrefix("::1.2.3/64"): ParseAddr("::1.2.3"): IPv4 address too short');
  assert.is(err('::g/64'), 'netip.ParsePrefix("::g/64"): ParseAddr("::g"): each colon-separated field must have at least one digit (at "g")');
  const v4 = parsePrefix('192.168.1.0/24');
  assert.equal(v4.ok && [v4.addr.bytes, v4.addr.is6, v4.bits], [[192, 168, 1, 0], false, 24]);
  const v6 = parsePrefix('2001:db8::1/64');
  assert.equal(v6.ok && v6.addr.bytes, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
});

Rules('excludeOutboundIPRanges: a CIDR list, no *', () => {
  const k = 'traffic.sidecar.istio.io/excludeOutboundIPRanges';
  assert.is(reason(k, ''), undefined);
  assert.is(reason(k, '10.96.0.2/24,10.96.0.3/24'), undefined);
  assert.is(reason(k, '*'), `excludeIPRanges invalid: failed parsing cidr '*': netip.ParsePrefix("*"): no '/'`);
});

Rules('port lists: * only for includeInboundPorts; the item error is wrapped twice', () => {
  const inc = 'traffic.sidecar.istio.io/includeInboundPorts';
  for (const v of ['*', '', ' ', '80', '80,443', '80, 443', ' 80 ,443 ']) assert.is(reason(inc, v), undefined, v);
  assert.is(reason(inc, 'bad'), `includeInboundPorts invalid: failed parsing port 'bad': failed parsing port 'bad': strconv.ParseUint: parsing "bad": invalid syntax`);
  assert.is(reason(inc, '80,,443'), `includeInboundPorts invalid: failed parsing port '': failed parsing port '': strconv.ParseUint: parsing "": invalid syntax`);
  assert.is(reason(inc, '70000'), `includeInboundPorts invalid: failed parsing port '70000': failed parsing port '70000': strconv.ParseUint: parsing "70000": value out of range`);
  const exIn = 'traffic.sidecar.istio.io/excludeInboundPorts';
  assert.is(reason(exIn, '4,5,6'), undefined);
  assert.is(reason(exIn, '*'), `excludeInboundPorts invalid: failed parsing port '*': failed parsing port '*': strconv.ParseUint: parsing "*": invalid syntax`);
  const exOut = 'traffic.sidecar.istio.io/excludeOutboundPorts';
  assert.is(reason(exOut, '7,8,9'), undefined);
  assert.is(reason(exOut, ' 443, x'), `excludeOutboundPorts invalid: failed parsing port ' x': failed parsing port ' x': strconv.ParseUint: parsing "x": invalid syntax`);
});

Rules('interface lists: Linux interface names', () => {
  const cases: [string, string][] = [
    ['traffic.sidecar.istio.io/excludeInterfaces', 'excludeInterfaces'],
    ['traffic.sidecar.istio.io/kubevirtInterfaces', 'kubevirtInterfaces'],
    ['istio.io/reroute-virtual-interfaces', 'rerouteVirtualInterfaces'],
  ];
  for (const [k, param] of cases) {
    for (const v of ['', 'net1', 'net1,net2', 'net1ps5,net2qr9', 'eth0, eth1', 'eth0.100', 'veth_1-a@b', 'abcdefghijklmno', 'eth+', ' , ']) assert.is(reason(k, v), undefined, v);
    assert.is(reason(k, 'abcdefghijklmnop'), `${param} invalid: invalid interface name 'abcdefghijklmnop': longer than 15 bytes`);
    const only = 'only letters, digits and _ . - @ + = are allowed';
    assert.is(reason(k, 'eth 0'), `${param} invalid: invalid interface name 'eth 0': ${only}`);
    assert.is(reason(k, 'eth0,a/b'), `${param} invalid: invalid interface name 'a/b': ${only}`);
    assert.is(reason(k, 'eth0:1'), `${param} invalid: invalid interface name 'eth0:1': ${only}`);
    // Flow-mapping break-outs without ':' or spaces: `x",evil,"` would add a key to the template's annotations.
    assert.is(reason(k, 'x",evil,"'), `${param} invalid: invalid interface name 'x"': ${only}`);
    assert.is(reason(k, 'a{b}'), `${param} invalid: invalid interface name 'a{b}': ${only}`);
    assert.is(reason(k, '..'), `${param} invalid: invalid interface name '..': not a name`);
    assert.is(reason(k, 'eth0\n- x'), `${param} invalid: value contains control characters`);
  }
});

Rules('prometheus.istio.io/merge-metrics: strconv.ParseBool', () => {
  const k = 'prometheus.istio.io/merge-metrics';
  for (const v of ['1', 't', 'T', 'true', 'TRUE', 'True', '0', 'f', 'F', 'false', 'FALSE', 'False']) assert.is(reason(k, v), undefined, v);
  assert.is(reason(k, 'yes'), 'strconv.ParseBool: parsing "yes": invalid syntax');
  assert.is(reason(k, 'tRue'), 'strconv.ParseBool: parsing "tRue": invalid syntax');
  assert.is(reason(k, ''), 'strconv.ParseBool: parsing "": invalid syntax');
});

Rules('proxy.istio.io/config: a YAML or JSON mapping', () => {
  const k = 'proxy.istio.io/config';
  for (const v of ['', '{}', 'holdApplicationUntilProxyStarts: true', '{"concurrency": 2}', 'proxyMetadata:\n  A: b\n', '# comment only\n']) {
    assert.is(reason(k, v), undefined, v);
  }
  assert.is(reason(k, 'foo'), 'failed to convert to apply proxy config: expected a mapping of ProxyConfig fields');
  assert.is(reason(k, '- a'), 'failed to convert to apply proxy config: expected a mapping of ProxyConfig fields');
  assert.ok(reason(k, 'a: [')?.startsWith('failed to convert to apply proxy config: line '));
  // Deeper validation is pluggable.
  const problems = validateAnnotations({ [k]: 'concurrency: -1' }, { validateProxyConfig: (c) => (Number(c['concurrency']) < 0 ? 'concurrency must be >= 0' : undefined) });
  assert.equal(problems.map((p) => p.message), [`invalid value 'concurrency: -1' for annotation '${k}': concurrency must be >= 0`]);
});

Rules('resource annotations: Kubernetes quantities without control characters (TestValidateResourceQuantity)', () => {
  for (const k of ['sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyMemory', 'sidecar.istio.io/proxyCPULimit', 'sidecar.istio.io/proxyMemoryLimit']) {
    for (const v of ['100m', '128Mi', '2', '1Gi', '0', '1.5', '1e3']) assert.is(reason(k, v), undefined, v);
    for (const v of ['100m"\n  - name: injected\n    image: "busybox', '100m\r', '100m\t', '100m\x00', '128Mi\nmalicious', '1Gi\x7f', '1\u0085']) {
      assert.is(reason(k, v), 'value contains control characters', JSON.stringify(v));
    }
    const format = `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
    assert.is(reason(k, 'invalid'), format);
    assert.is(reason(k, 'notaquantity'), format);
    assert.is(reason(k, ''), format);
    assert.is(reason(k, '100 m'), format);
    assert.is(reason(k, '1mm'), "unable to parse quantity's suffix");
  }
});

Rules('our addition: a line break in a templated annotation is refused; document annotations and others may hold one', () => {
  const refused = 'a line break in a value the injection templates print could add YAML of its own (inject-sidecar refuses it)';
  for (const k of ['sidecar.istio.io/logLevel', 'sidecar.istio.io/proxyImage', 'istio.io/rev', 'k8s.v1.cni.cncf.io/networks']) {
    for (const v of ['anything\n', 'evil/x"\n  - name: intruder\n    image: "x', 'a\rb', 'a\u2028b', 'a\u0085b']) {
      assert.is(reason(k, v), refused, `${k}: ${JSON.stringify(v)}`);
    }
  }
  for (const k of ['proxy.istio.io/config', 'sidecar.istio.io/userVolume', 'sidecar.istio.io/userVolumeMount', 'example.com/notes']) {
    assert.is(reason(k, k === 'proxy.istio.io/config' ? 'concurrency: 2\n' : '{\n}\n'), undefined, k);
  }
});

Rules('other annotations, non-string values and several problems', () => {
  assert.equal(validateAnnotations({ 'sidecar.istio.io/logLevel': 'anything', 'foo': 'bar\nbaz' }), []);
  assert.equal(validateAnnotations({ 'status.sidecar.istio.io/port': 15020 }), []);
  assert.equal(validateAnnotations(null), []);
  assert.equal(
    validateAnnotations({
      'traffic.sidecar.istio.io/excludeOutboundPorts': 'x',
      'sidecar.istio.io/interceptionMode': 'BAD',
      'prometheus.istio.io/merge-metrics': 'true',
    }).map((p) => p.annotation),
    ['traffic.sidecar.istio.io/excludeOutboundPorts', 'sidecar.istio.io/interceptionMode'],
  );
});

Rules('no validated annotation can carry a YAML break-out', () => {
  const payload = '1"\n  - name: injected\n    image: "busybox';
  for (const k of Object.keys(ANNOTATION_CHECKS)) {
    if (k === 'proxy.istio.io/config') continue; // YAML by design; it is merged into ProxyConfig, never interpolated
    assert.is(validateAnnotations({ [k]: payload }).length, 1, k);
    assert.is(validateAnnotations({ [k]: '*\n- evil: 1' }).length, 1, k);
    assert.is(validateAnnotations({ [k]: 'x",evil,"' }).length, 1, k);
  }
});

Rules.run();

// ---------------------------------------------------------------------------------------------------------------------
const Goldens = suite('validateAnnotations on the golden inputs');

interface Case {
  id: string;
  input: string;
  expectError: string | null;
}

const casesFile = sharedPath('conformance/istio/cases.json', 'annotation validation on golden inputs');
if (casesFile) {
  const root = join(casesFile, '..');
  const kinds = buildKindTable().kinds;
  const cases = (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: Case[] }).cases;
  const problemsOf = (input: string): string[] =>
    parseAllDocuments(readFileSync(join(root, input), 'utf8'))
      .map((d) => d.toJS() as unknown)
      .flatMap((d) => (isList(d) ? flattenList(d).map((x) => x.item) : [d]))
      .flatMap((obj) => {
        const kind = findWorkloadKind(obj, kinds);
        const loc = kind && locatePodTemplate(obj, kind);
        return loc && loc.status === 'ok' ? validateAnnotations(loc.metadata?.['annotations']).map((p) => p.message) : [];
      });

  Goldens('the five bad-annotation cases fail with the expected text', () => {
    const bad = cases.filter((c) => c.expectError);
    assert.is(bad.length, 5);
    for (const c of bad) {
      const problems = problemsOf(c.input);
      assert.is(problems.length, 1, c.id);
      assert.ok(problems[0]!.toLowerCase().includes(c.expectError!.toLowerCase()), `${c.id}: ${problems[0]}`);
    }
    assert.equal(problemsOf('inject/traffic-annotations-bad-includeipranges.yaml'), [
      `invalid value 'bad' for annotation 'traffic.sidecar.istio.io/includeOutboundIPRanges': includeIPRanges invalid: failed parsing cidr 'bad': netip.ParsePrefix("bad"): no '/'`,
    ]);
  });

  Goldens('every other golden input is valid', () => {
    const inputs = [...new Set(cases.filter((c) => !c.expectError).map((c) => c.input))];
    assert.ok(inputs.length > 70, `${inputs.length} inputs`);
    for (const input of inputs) assert.equal(problemsOf(input), [], input);
  });
}

Goldens.run();

// ---------------------------------------------------------------------------------------------------------------------
const Cluster = suite('cluster and network (§6 step 2)');

Cluster('values, then non-empty overrides, then the pod network label', () => {
  const values = { global: { multiCluster: { clusterName: 'c1' }, network: 'n1' } };
  assert.equal(clusterAndNetwork(values, {}), { cluster: 'c1', network: 'n1', proxyEnvs: { ISTIO_META_CLUSTER_ID: 'c1', ISTIO_META_NETWORK: 'n1' } });
  assert.equal(clusterAndNetwork(values, {}, { clusterID: 'c2', network: '' }).proxyEnvs, { ISTIO_META_CLUSTER_ID: 'c2', ISTIO_META_NETWORK: 'n1' });
  assert.equal(clusterAndNetwork(values, { 'topology.istio.io/network': 'n9' }, { network: 'n2' }).network, 'n9');
  // The label wins even when empty, which removes the network.
  assert.equal(clusterAndNetwork(values, { 'topology.istio.io/network': '' }).proxyEnvs, { ISTIO_META_CLUSTER_ID: 'c1' });
  assert.equal(clusterAndNetwork({}, null), { cluster: '', network: '', proxyEnvs: {} });
  assert.equal(clusterAndNetwork({ global: { network: 5 } }, {}).network, '');
});

Cluster('webhook URL parameters (parseInjectEnvs, Test_updateClusterEnvs)', () => {
  assert.equal(parseInjectEnvs('/inject/net/network1/cluster/cluster1'), { ISTIO_META_NETWORK: 'network1', ISTIO_META_CLUSTER_ID: 'cluster1' });
  assert.equal(parseInjectEnvs('/inject/cluster/c1/net/n1/'), { ISTIO_META_CLUSTER_ID: 'c1', ISTIO_META_NETWORK: 'n1' });
  assert.equal(parseInjectEnvs('/inject/cluster/a--slash--b/my_env/x/odd'), { ISTIO_META_CLUSTER_ID: 'a/b', MY_ENV: 'x' });
  assert.equal(parseInjectEnvs('/inject/:ENV:cluster=c1:ENV:net=:ENV:=x:ENV:bad:ENV:k=a--slash--b'), { ISTIO_META_CLUSTER_ID: 'c1', ISTIO_META_NETWORK: '', K: 'a--slash--b' });
  assert.equal(parseInjectEnvs('/inject'), {});
  assert.equal(parseInjectEnvs('/inject/'), {});
  // URL variables all reach proxyEnvs; empty ones do not override values.
  const values = { global: { multiCluster: { clusterName: 'c0' }, network: 'n0' } };
  assert.equal(clusterAndNetwork(values, {}, { urlEnvs: parseInjectEnvs('/inject/cluster//net/n1/foo/bar') }), {
    cluster: 'c0',
    network: 'n1',
    proxyEnvs: { ISTIO_META_CLUSTER_ID: 'c0', ISTIO_META_NETWORK: 'n1', FOO: 'bar' },
  });
});

const valuesFile = sharedPath('conformance/istio/settings/cni-default-network1/inject-values.json', 'network from golden settings');
if (valuesFile) {
  Cluster('settings cni-default-network1: ISTIO_META_NETWORK=network1 and no cluster env (golden hello.yaml.cni.injected)', () => {
    const values = JSON.parse(readFileSync(valuesFile, 'utf8')) as unknown;
    assert.equal(clusterAndNetwork(values, { app: 'hello' }).proxyEnvs, { ISTIO_META_NETWORK: 'network1' });
  });
}

Cluster.run();
