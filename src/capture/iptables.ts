/**
 * @module
 * Traffic-capture preview: what istio-iptables (or the istio-cni plugin) installs in a pod's network namespace,
 * computed from the rendered `istio-init` arguments (istio-injection.md §15) or, in CNI mode, from the pod
 * annotations the CNI plugin reads (§16), and printed like `iptables -t nat -S` (and `-t mangle -S` for TPROXY).
 *
 * Three steps, each usable alone: `captureFromInitArgs` / `captureFromCniAnnotations` → a `CaptureConfig`;
 * `buildRuleOps` → the append/insert operations in istio-iptables' order; `listRules` → the `-S` text after those
 * operations ran on empty tables.
 *
 * Behaviour learned from istio/istio (no code taken): `tools/istio-iptables/pkg/capture/run.go` (rule order,
 * `Run()`, `handleInboundPortsInclude`, `handleOutboundIncludeRules`, `shortCircuit*`), its
 * `testdata/*.golden` (`empty`, `outbound-ports-exclude`, `outbound-ports-exclude-single`,
 * `inbound-wildcard-exclude`: port lists as `-m multiport --dports`, one port as `--dport`; `tproxy`;
 * `ipnets-with-kube-virt-interfaces`; `basic-exclude-nic`), and `cni/pkg/plugin/sidecar_redirect.go` (CNI
 * defaults). The printed form (`-m tcp` added for `--dport`, `-s`/`-d` before `-i`/`-o` before `-p`, marks in hex,
 * `MARK --set-xmark`, `CONNMARK … --nfmask 0xffffffff --ctmask 0xffffffff`, `TPROXY --on-port … --on-ip 0.0.0.0
 * --tproxy-mark …`, user chains sorted by name) is iptables-save's, checked against a real sidecar's
 * `iptables-save` (istio 1.25, iptables v1.8.11) and Istio's ambient documentation.
 *
 * Not modelled (said so in the output): DNS capture (its rules depend on the pod's /etc/resolv.conf), IPv6
 * (ip6tables gets the same rules with `::1/128` and `::6/128` when the pod is dual-stack), INVALID_DROP.
 */

/** The istio-iptables settings that shape the rules. Lists are comma-separated as on the command line. */
export interface CaptureConfig {
  /** Where the settings came from: the init container's arguments or the CNI plugin's annotations. */
  readonly source: 'istio-init' | 'cni';
  /** `-p`: Envoy's outbound port. */
  readonly proxyPort: string;
  /** `-z`: the inbound capture port. */
  readonly inboundCapturePort: string;
  /** `-e`: the HBONE tunnel port, never redirected. */
  readonly inboundTunnelPort: string;
  /** `-u` / `-g`: the proxy's UID and GID, whose traffic is never redirected (comma-separated lists). */
  readonly proxyUID: string;
  readonly proxyGID: string;
  /** `-m`: REDIRECT or TPROXY. */
  readonly interceptionMode: string;
  /** `-i` / `-x`: outbound CIDRs redirected (`*` all) and excluded. */
  readonly includeIPRanges: string;
  readonly excludeIPRanges: string;
  /** `-b` / `-d`: inbound ports redirected (`*` all, empty none) and excluded. */
  readonly includeInboundPorts: string;
  readonly excludeInboundPorts: string;
  /** `-q` / `-o`: outbound ports redirected and excluded. */
  readonly includeOutboundPorts: string;
  readonly excludeOutboundPorts: string;
  /** `-k`: interfaces whose inbound traffic is treated as outbound. */
  readonly rerouteVirtualInterfaces: string;
  /** `-c`: interfaces left alone entirely. */
  readonly excludeInterfaces: string;
  /** `--redirect-dns` or ISTIO_META_DNS_CAPTURE=true (not modelled, reported). */
  readonly dnsCapture: boolean;
}

export type CaptureOutcome =
  | { readonly ok: true; readonly config: CaptureConfig; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problem: string };

// istio-iptables' defaults (tools/istio-iptables/pkg/cmd/root.go flags; constants.go for the marks).
const DEFAULTS: Omit<CaptureConfig, 'source'> = {
  proxyPort: '15001',
  inboundCapturePort: '15006',
  inboundTunnelPort: '15008',
  proxyUID: '1337',
  proxyGID: '',
  interceptionMode: 'REDIRECT',
  includeIPRanges: '',
  excludeIPRanges: '',
  includeInboundPorts: '',
  excludeInboundPorts: '',
  includeOutboundPorts: '',
  excludeOutboundPorts: '',
  rerouteVirtualInterfaces: '',
  excludeInterfaces: '',
  dnsCapture: false,
};
const HOST_IPV4_LOOPBACK_CIDR = '127.0.0.1/32';
const INBOUND_PASSTHROUGH_SOURCE = '127.0.0.6/32';
const INBOUND_TPROXY_MARK = 1337;
const OUTBOUND_MARK = 1338;
/** xt_multiport takes at most 15 ports per rule. */
const MULTIPORT_MAX = 15;

type StringKey = Exclude<keyof CaptureConfig, 'source' | 'dnsCapture'>;

/** istio-iptables flags that take a value (short and long spellings). */
const VALUE_FLAGS: Readonly<Record<string, StringKey>> = {
  '-p': 'proxyPort', '--envoy-port': 'proxyPort',
  '-z': 'inboundCapturePort', '--inbound-capture-port': 'inboundCapturePort',
  '-e': 'inboundTunnelPort', '--inbound-tunnel-port': 'inboundTunnelPort',
  '-u': 'proxyUID', '--proxy-uid': 'proxyUID',
  '-g': 'proxyGID', '--proxy-gid': 'proxyGID',
  '-m': 'interceptionMode', '--istio-inbound-interception-mode': 'interceptionMode',
  '-i': 'includeIPRanges', '--istio-service-cidr': 'includeIPRanges',
  '-x': 'excludeIPRanges', '--istio-service-exclude-cidr': 'excludeIPRanges',
  '-b': 'includeInboundPorts', '--istio-inbound-ports': 'includeInboundPorts',
  '-d': 'excludeInboundPorts', '--istio-local-exclude-ports': 'excludeInboundPorts',
  '-q': 'includeOutboundPorts', '--istio-outbound-ports': 'includeOutboundPorts',
  '-o': 'excludeOutboundPorts', '--istio-local-outbound-ports-exclude': 'excludeOutboundPorts',
  '-k': 'rerouteVirtualInterfaces', '--virtual-interfaces': 'rerouteVirtualInterfaces',
  '-c': 'excludeInterfaces', '--istio-exclude-interfaces': 'excludeInterfaces',
};
/** Value flags that do not change the rules shown here. */
const IGNORED_VALUE_FLAGS = new Set(['-t', '--inbound-tproxy-mark', '-r', '--inbound-tproxy-route-table', '--log_output_level', '--iptables-probe-port', '--probe-timeout']);

/**
 * The settings istio-iptables reads from its arguments (the init container's `args` after `istio-iptables`, or
 * including it). `env` is the init container's environment (ISTIO_META_DNS_CAPTURE). Returns `ok: false` when the
 * container only validates (`--skip-rule-apply`: the CNI plugin installs the rules) or the arguments are unusable.
 */
export function captureFromInitArgs(args: readonly string[], env: Readonly<Record<string, string>> = {}): CaptureOutcome {
  const values: Record<string, string | boolean> = { ...DEFAULTS };
  const notes: string[] = [];
  let skipRuleApply = false;
  const list = args[0] === 'istio-iptables' ? args.slice(1) : args;
  for (let i = 0; i < list.length; i++) {
    const arg = list[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[name];
    if (key !== undefined || IGNORED_VALUE_FLAGS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : list[++i];
      if (value === undefined) return { ok: false, problem: `istio-iptables flag ${name} needs a value` };
      if (key !== undefined) values[key] = value;
      continue;
    }
    if (name === '--skip-rule-apply') skipRuleApply = true;
    else if (name === '--native-nftables') notes.push('--native-nftables: istio-iptables installs these rules as nftables rules (tables inet istio-proxy-*), not with iptables');
    else if (name === '--redirect-dns') values['dnsCapture'] = eq > 0 ? arg.slice(eq + 1) === 'true' : true;
    else if (!name.startsWith('-')) notes.push(`ignored argument "${arg}"`);
  }
  if (skipRuleApply) return { ok: false, problem: 'the init container only validates (--skip-rule-apply): the CNI plugin installs the rules' };
  if (env['ISTIO_META_DNS_CAPTURE'] === 'true') values['dnsCapture'] = true;
  return finish({ ...(values as unknown as Omit<CaptureConfig, 'source'>), source: 'istio-init' }, notes);
}

/** Annotation keys the CNI plugin reads (istio-injection.md §16, Appendix B). */
export const CNI_ANNOTATIONS = {
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  kubevirtInterfaces: 'traffic.sidecar.istio.io/kubevirtInterfaces',
  rerouteVirtualInterfaces: 'istio.io/reroute-virtual-interfaces',
  excludeInterfaces: 'traffic.sidecar.istio.io/excludeInterfaces',
} as const;

export interface CniPodInfo {
  readonly annotations: Readonly<Record<string, string>>;
  /** The istio-proxy container's runAsUser/runAsGroup (0 or absent: 1337). */
  readonly proxyUID?: number | undefined;
  readonly proxyGID?: number | undefined;
  /** The istio-proxy container's environment (ISTIO_META_DNS_CAPTURE). */
  readonly proxyEnv?: Readonly<Record<string, string>>;
}

/**
 * The settings the istio-cni plugin builds from the pod (`NewRedirect` in sidecar_redirect.go): each annotation or
 * the plugin's default (`*` for outbound CIDRs and inbound ports, `15020` for excluded inbound *and* outbound
 * ports); `15020,15021,15090` are always added to the excluded inbound ports (duplicates dropped).
 */
export function captureFromCniAnnotations(pod: CniPodInfo): CaptureOutcome {
  const a = pod.annotations;
  const get = (key: string, fallback: string): string => (Object.hasOwn(a, key) ? a[key]! : fallback);
  const mode = get(CNI_ANNOTATIONS.interceptionMode, 'REDIRECT');
  if (mode !== 'REDIRECT' && mode !== 'TPROXY') return { ok: false, problem: `the CNI plugin rejects the pod: interceptionMode invalid: ${mode}` };
  let excludeInbound = get(CNI_ANNOTATIONS.excludeInboundPorts, '15020').trim();
  if (excludeInbound !== '' && !excludeInbound.endsWith(',')) excludeInbound += ',';
  excludeInbound = [...new Set(`${excludeInbound}15020,15021,15090`.split(','))].join(',');
  const reroute = Object.hasOwn(a, CNI_ANNOTATIONS.rerouteVirtualInterfaces)
    ? a[CNI_ANNOTATIONS.rerouteVirtualInterfaces]!
    : get(CNI_ANNOTATIONS.kubevirtInterfaces, '');
  const id = (n: number | undefined): string => (n !== undefined && n !== 0 ? String(n) : '1337');
  return finish({
    ...DEFAULTS,
    source: 'cni',
    proxyUID: id(pod.proxyUID),
    proxyGID: id(pod.proxyGID),
    interceptionMode: mode,
    includeIPRanges: get(CNI_ANNOTATIONS.includeOutboundIPRanges, '*'),
    excludeIPRanges: get(CNI_ANNOTATIONS.excludeOutboundIPRanges, ''),
    includeInboundPorts: get(CNI_ANNOTATIONS.includeInboundPorts, '*'),
    excludeInboundPorts: excludeInbound,
    includeOutboundPorts: get(CNI_ANNOTATIONS.includeOutboundPorts, ''),
    excludeOutboundPorts: get(CNI_ANNOTATIONS.excludeOutboundPorts, '15020'),
    rerouteVirtualInterfaces: reroute,
    excludeInterfaces: get(CNI_ANNOTATIONS.excludeInterfaces, ''),
    dnsCapture: pod.proxyEnv?.['ISTIO_META_DNS_CAPTURE'] === 'true',
  }, []);
}

function finish(config: CaptureConfig, notes: string[]): CaptureOutcome {
  // istio-iptables: an empty GID list means "the same as the UID list".
  const withGID = config.proxyGID === '' ? { ...config, proxyGID: config.proxyUID } : config;
  if (withGID.excludeIPRanges.trim() === '*') return { ok: false, problem: 'istio-iptables fails: invalid value for OUTBOUND_IP_RANGES_EXCLUDE ("*")' };
  if (withGID.dnsCapture) {
    notes.push('DNS capture is on: istio-iptables also redirects DNS (port 53) to 15053 for the nameservers of the pod\'s /etc/resolv.conf; those rules are not shown');
  }
  return { ok: true, config: withGID, notes };
}

// --- rules -------------------------------------------------------------------------------------------------------

export type Table = 'nat' | 'mangle';

/** One rule in iptables-save's field order; `matches` and `target` are already in printed form. */
export interface RuleSpec {
  readonly source?: string;
  readonly destination?: string;
  readonly notDestination?: boolean;
  readonly inInterface?: string;
  readonly outInterface?: string;
  readonly protocol?: 'tcp' | 'udp';
  /** `-m module options`, in order, e.g. `tcp ! --dport 15008`, `owner --uid-owner 1337`. */
  readonly matches?: readonly string[];
  /** `-j target options`, e.g. `REDIRECT --to-ports 15001`. */
  readonly target: string;
}

/** An `-A` (append) or `-I` (insert at a 1-based position) operation. */
export interface RuleOp {
  readonly op: 'A' | 'I';
  readonly table: Table;
  readonly chain: string;
  readonly position?: number;
  readonly rule: RuleSpec;
}

/** One IPv4 CIDR, parsed like Go's netip.ParsePrefix (no zone, prefix length required). */
interface Prefix {
  readonly text: string;
  readonly loopback: boolean;
}

function parseIPv4Prefix(text: string): Prefix | 'ipv6' | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (addr.includes(':')) return bits <= 128 ? 'ipv6' : undefined;
  const parts = addr.split('.');
  if (parts.length !== 4 || bits > 32) return undefined;
  const octets: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    octets.push(Number(p));
  }
  // iptables prints the network address: host bits are cleared.
  const value = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (value & mask) >>> 0;
  const printed = [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.');
  return { text: `${printed}/${bits}`, loopback: octets[0] === 127 };
}

/** istio-iptables' `config.Split`: comma-separated, blanks trimmed, empty entries dropped. */
function split(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

interface Ranges {
  readonly wildcard: boolean;
  readonly cidrs: readonly Prefix[];
  readonly hasLoopback: boolean;
}

function ranges(list: string, notes: string[], what: string): Ranges {
  if (list.trim() === '*') return { wildcard: true, cidrs: [], hasLoopback: false };
  const cidrs: Prefix[] = [];
  for (const entry of split(list)) {
    const parsed = parseIPv4Prefix(entry);
    if (parsed === undefined) notes.push(`${what}: "${entry}" is not a CIDR; istio-iptables ignores it`);
    else if (parsed !== 'ipv6') cidrs.push(parsed);
  }
  return { wildcard: false, cidrs, hasLoopback: cidrs.some((c) => c.loopback) };
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** `-p tcp --dport X` for one port, `-p tcp -m multiport --dports a,b,…` for several (chunks of 15). */
function portMatches(ports: readonly string[]): string[] {
  if (ports.length === 1) return [`--dport ${ports[0]}`];
  const out: string[] = [];
  for (let i = 0; i < ports.length; i += MULTIPORT_MAX) out.push(`--dports ${ports.slice(i, i + MULTIPORT_MAX).join(',')}`);
  return out;
}

function portRule(protocol: 'tcp' | 'udp', match: string): Pick<RuleSpec, 'protocol' | 'matches'> {
  return { protocol, matches: [match.startsWith('--dports') ? `multiport ${match}` : `${protocol} ${match}`] };
}

/**
 * The append/insert operations istio-iptables performs for IPv4, in its order (run.go `Run()`). `notes` receives
 * what is ignored or not modelled.
 */
export function buildRuleOps(config: CaptureConfig, notes: string[] = []): RuleOp[] {
  const ops: RuleOp[] = [];
  const append = (table: Table, chain: string, rule: RuleSpec): void => {
    ops.push({ op: 'A', table, chain, rule });
  };
  const insert = (table: Table, chain: string, position: number, rule: RuleSpec): void => {
    ops.push({ op: 'I', table, chain, position, rule });
  };
  const tproxy = config.interceptionMode === 'TPROXY';
  const excludeRanges = ranges(config.excludeIPRanges, notes, 'excluded outbound IP range');
  const includeRanges = ranges(config.includeIPRanges, notes, 'included outbound IP range');
  const uids = split(config.proxyUID);
  const gids = split(config.proxyGID);
  const tunnel = config.inboundTunnelPort;

  // shortCircuitExcludeInterfaces: excluded NICs bypass everything, in nat (and mangle for TPROXY).
  const excluded = split(config.excludeInterfaces);
  for (const nic of excluded) {
    append('nat', 'PREROUTING', { inInterface: nic, target: 'RETURN' });
    append('nat', 'OUTPUT', { outInterface: nic, target: 'RETURN' });
  }
  if (tproxy) {
    for (const nic of excluded) {
      append('mangle', 'PREROUTING', { inInterface: nic, target: 'RETURN' });
      append('mangle', 'OUTPUT', { outInterface: nic, target: 'RETURN' });
    }
  }
  // shortCircuitKubeInternalInterface: each inserted at the top of PREROUTING.
  for (const nic of split(config.rerouteVirtualInterfaces)) insert('nat', 'PREROUTING', 1, { inInterface: nic, target: 'RETURN' });

  // The tunnel port is never captured; the two redirect chains.
  append('nat', 'ISTIO_INBOUND', { protocol: 'tcp', matches: [`tcp --dport ${tunnel}`], target: 'RETURN' });
  append('nat', 'ISTIO_REDIRECT', { protocol: 'tcp', target: `REDIRECT --to-ports ${config.proxyPort}` });
  append('nat', 'ISTIO_IN_REDIRECT', { protocol: 'tcp', target: `REDIRECT --to-ports ${config.inboundCapturePort}` });

  // handleInboundPortsInclude.
  if (config.includeInboundPorts !== '') {
    let table: Table = 'nat';
    if (tproxy) {
      append('mangle', 'ISTIO_DIVERT', { target: `MARK --set-xmark ${hex(INBOUND_TPROXY_MARK)}/0xffffffff` });
      append('mangle', 'ISTIO_DIVERT', { target: 'ACCEPT' });
      append('mangle', 'ISTIO_TPROXY', {
        destination: HOST_IPV4_LOOPBACK_CIDR,
        notDestination: true,
        protocol: 'tcp',
        target: `TPROXY --on-port ${config.inboundCapturePort} --on-ip 0.0.0.0 --tproxy-mark ${hex(INBOUND_TPROXY_MARK)}/0xffffffff`,
      });
      table = 'mangle';
    }
    append(table, 'PREROUTING', { protocol: 'tcp', target: 'ISTIO_INBOUND' });
    if (config.includeInboundPorts.trim() === '*') {
      const exclude = split(config.excludeInboundPorts);
      if (exclude.length > 0) for (const m of portMatches(exclude)) append(table, 'ISTIO_INBOUND', { ...portRule('tcp', m), target: 'RETURN' });
      if (tproxy) {
        append('mangle', 'ISTIO_INBOUND', { protocol: 'tcp', matches: ['conntrack --ctstate RELATED,ESTABLISHED'], target: 'ISTIO_DIVERT' });
        append('mangle', 'ISTIO_INBOUND', { protocol: 'tcp', target: 'ISTIO_TPROXY' });
      } else {
        append('nat', 'ISTIO_INBOUND', { protocol: 'tcp', target: 'ISTIO_IN_REDIRECT' });
      }
    } else {
      for (const port of split(config.includeInboundPorts)) {
        if (tproxy) {
          append('mangle', 'ISTIO_INBOUND', { protocol: 'tcp', matches: [`tcp --dport ${port}`, 'conntrack --ctstate RELATED,ESTABLISHED'], target: 'ISTIO_DIVERT' });
          append('mangle', 'ISTIO_INBOUND', { protocol: 'tcp', matches: [`tcp --dport ${port}`], target: 'ISTIO_TPROXY' });
        } else {
          append('nat', 'ISTIO_INBOUND', { protocol: 'tcp', matches: [`tcp --dport ${port}`], target: 'ISTIO_IN_REDIRECT' });
        }
      }
    }
  }

  // Everything leaving the pod goes through ISTIO_OUTPUT (UDP too: excluded ports return for both).
  append('nat', 'OUTPUT', { target: 'ISTIO_OUTPUT' });
  const outboundExcluded = split(config.excludeOutboundPorts);
  if (outboundExcluded.length > 0) {
    for (const m of portMatches(outboundExcluded)) {
      append('nat', 'ISTIO_OUTPUT', { ...portRule('tcp', m), target: 'RETURN' });
      append('nat', 'ISTIO_OUTPUT', { ...portRule('udp', m), target: 'RETURN' });
    }
  }
  // 127.0.0.6 is the inbound passthrough cluster's bind address.
  append('nat', 'ISTIO_OUTPUT', { source: INBOUND_PASSTHROUGH_SOURCE, outInterface: 'lo', target: 'RETURN' });
  // The 1337 owner rules: the proxy's own traffic back to the pod goes to inbound, everything else it sends is left alone.
  const ownerRules = (flag: '--uid-owner' | '--gid-owner', id: string): void => {
    append('nat', 'ISTIO_OUTPUT', {
      destination: HOST_IPV4_LOOPBACK_CIDR,
      notDestination: true,
      outInterface: 'lo',
      protocol: 'tcp',
      matches: [`tcp ! --dport ${tunnel}`, `owner ${flag} ${id}`],
      target: 'ISTIO_IN_REDIRECT',
    });
    if (!includeRanges.hasLoopback) append('nat', 'ISTIO_OUTPUT', { outInterface: 'lo', matches: [`owner ! ${flag} ${id}`], target: 'RETURN' });
    append('nat', 'ISTIO_OUTPUT', { matches: [`owner ${flag} ${id}`], target: 'RETURN' });
  };
  for (const uid of uids) ownerRules('--uid-owner', uid);
  for (const gid of gids) ownerRules('--gid-owner', gid);
  append('nat', 'ISTIO_OUTPUT', { destination: HOST_IPV4_LOOPBACK_CIDR, target: 'RETURN' });
  for (const cidr of excludeRanges.cidrs) append('nat', 'ISTIO_OUTPUT', { destination: cidr.text, target: 'RETURN' });
  // handleOutboundPortsInclude.
  for (const port of split(config.includeOutboundPorts)) {
    append('nat', 'ISTIO_OUTPUT', { protocol: 'tcp', matches: [`tcp --dport ${port}`], target: 'ISTIO_REDIRECT' });
  }
  // handleOutboundIncludeRules.
  const reroute = split(config.rerouteVirtualInterfaces);
  if (includeRanges.wildcard) {
    append('nat', 'ISTIO_OUTPUT', { target: 'ISTIO_REDIRECT' });
    for (const nic of reroute) insert('nat', 'PREROUTING', 1, { inInterface: nic, target: 'ISTIO_REDIRECT' });
  } else {
    for (const cidr of includeRanges.cidrs) {
      for (const nic of reroute) insert('nat', 'PREROUTING', 1, { destination: cidr.text, inInterface: nic, target: 'ISTIO_REDIRECT' });
      append('nat', 'ISTIO_OUTPUT', { destination: cidr.text, target: 'ISTIO_REDIRECT' });
    }
  }

  if (tproxy) {
    const mark = hex(INBOUND_TPROXY_MARK);
    append('mangle', 'PREROUTING', { protocol: 'tcp', matches: [`mark --mark ${mark}`], target: 'CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff' });
    append('mangle', 'OUTPUT', { outInterface: 'lo', protocol: 'tcp', matches: [`mark --mark ${mark}`], target: 'RETURN' });
    const markOwn = (flag: '--uid-owner' | '--gid-owner', id: string): void => {
      append('mangle', 'OUTPUT', {
        destination: HOST_IPV4_LOOPBACK_CIDR,
        notDestination: true,
        outInterface: 'lo',
        protocol: 'tcp',
        matches: [`owner ${flag} ${id}`],
        target: `MARK --set-xmark ${hex(OUTBOUND_MARK)}/0xffffffff`,
      });
    };
    for (const uid of uids) markOwn('--uid-owner', uid);
    for (const gid of gids) markOwn('--gid-owner', gid);
    append('mangle', 'OUTPUT', { protocol: 'tcp', matches: [`connmark --mark ${mark}`], target: 'CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff' });
    insert('mangle', 'ISTIO_INBOUND', 1, { protocol: 'tcp', matches: [`mark --mark ${mark}`], target: 'RETURN' });
    insert('mangle', 'ISTIO_INBOUND', 2, { source: INBOUND_PASSTHROUGH_SOURCE, inInterface: 'lo', protocol: 'tcp', target: 'RETURN' });
    insert('mangle', 'ISTIO_INBOUND', 3, { inInterface: 'lo', protocol: 'tcp', matches: [`mark ! --mark ${hex(OUTBOUND_MARK)}`], target: 'RETURN' });
  }
  return ops;
}

/** A rule as iptables-save (and `iptables -S`) prints it, without `-A CHAIN`. */
export function formatRule(rule: RuleSpec): string {
  const parts: string[] = [];
  if (rule.source !== undefined) parts.push(`-s ${rule.source}`);
  if (rule.destination !== undefined) parts.push(`${rule.notDestination ? '! ' : ''}-d ${rule.destination}`);
  if (rule.inInterface !== undefined) parts.push(`-i ${rule.inInterface}`);
  if (rule.outInterface !== undefined) parts.push(`-o ${rule.outInterface}`);
  if (rule.protocol !== undefined) parts.push(`-p ${rule.protocol}`);
  for (const m of rule.matches ?? []) parts.push(`-m ${m}`);
  parts.push(`-j ${rule.target}`);
  return parts.join(' ');
}

const BUILTIN_CHAINS: Readonly<Record<Table, readonly string[]>> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
};

/** The tables the operations touch, in the order they are printed. */
export function tablesOf(ops: readonly RuleOp[]): Table[] {
  return (['nat', 'mangle'] as const).filter((t) => ops.some((op) => op.table === t));
}

/**
 * `iptables -t TABLE -S` after the operations ran on an empty table: built-in chain policies (`-P`), user chains
 * (`-N`, sorted by name as libiptc keeps them), then every chain's rules in chain order.
 */
export function listRules(ops: readonly RuleOp[], table: Table): string {
  const chains = new Map<string, RuleSpec[]>();
  for (const name of BUILTIN_CHAINS[table]) chains.set(name, []);
  const user = new Set<string>();
  for (const op of ops) {
    if (op.table !== table) continue;
    if (!chains.has(op.chain)) {
      chains.set(op.chain, []);
      user.add(op.chain);
    }
    const rules = chains.get(op.chain)!;
    if (op.op === 'A') rules.push(op.rule);
    else rules.splice(Math.min(Math.max((op.position ?? 1) - 1, 0), rules.length), 0, op.rule);
  }
  const userChains = [...user].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines: string[] = [];
  for (const name of BUILTIN_CHAINS[table]) lines.push(`-P ${name} ACCEPT`);
  for (const name of userChains) lines.push(`-N ${name}`);
  for (const name of [...BUILTIN_CHAINS[table], ...userChains]) {
    for (const rule of chains.get(name) ?? []) lines.push(`-A ${name} ${formatRule(rule)}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** Every table's `-S` listing, each under a `# iptables -t TABLE -S` line. */
export function listAllRules(ops: readonly RuleOp[]): string {
  return tablesOf(ops).map((t) => `# iptables -t ${t} -S\n${listRules(ops, t)}`).join('');
}

/** One line a reviewer reads: what is captured and what is not. */
export function captureSummary(config: CaptureConfig): string {
  const list = (s: string, none: string): string => (s.trim() === '*' ? 'all' : split(s).length === 0 ? none : split(s).join(','));
  const inbound = config.includeInboundPorts.trim() === ''
    ? 'inbound not captured'
    : `inbound ports ${list(config.includeInboundPorts, 'none')}${config.includeInboundPorts.trim() === '*' && split(config.excludeInboundPorts).length > 0 ? ` except ${split(config.excludeInboundPorts).join(',')}` : ''} → ${config.inboundCapturePort} (${config.interceptionMode})`;
  const outboundRanges = config.includeIPRanges.trim() === '' && split(config.includeOutboundPorts).length === 0
    ? 'outbound not captured'
    : `outbound ${config.includeIPRanges.trim() === '*' ? 'all CIDRs' : `CIDRs ${list(config.includeIPRanges, 'none')}`}${split(config.excludeIPRanges).length > 0 ? ` except ${split(config.excludeIPRanges).join(',')}` : ''}` +
      `${split(config.includeOutboundPorts).length > 0 ? ` and ports ${split(config.includeOutboundPorts).join(',')}` : ''}` +
      `${split(config.excludeOutboundPorts).length > 0 ? `, ports ${split(config.excludeOutboundPorts).join(',')} excluded` : ''} → ${config.proxyPort}`;
  const owners = `uid ${split(config.proxyUID).join(',')} and gid ${split(config.proxyGID).join(',')} bypass`;
  const nics = [
    ...(split(config.excludeInterfaces).length > 0 ? [`interfaces ${split(config.excludeInterfaces).join(',')} excluded`] : []),
    ...(split(config.rerouteVirtualInterfaces).length > 0 ? [`interfaces ${split(config.rerouteVirtualInterfaces).join(',')} rerouted as outbound`] : []),
  ];
  return [inbound, outboundRanges, owners, ...nics].join('; ');
}
