/**
 * @module
 * OpenShift: the proxy's UID/GID from the pod's Namespace (istio-injection.md §14), and the reset of a user
 * `istio-proxy` whose `runAsUser` equals the app's (OpenShift assigns the same UID to every container).
 *
 * `ProxyUID` = the end of the `openshift.io/sa.scc.uid-range` block; `ProxyGID` = the end of the first block of
 * `openshift.io/sa.scc.supplemental-groups` (falling back to the uid-range annotation). Blocks are `start/size`
 * (end = start + size − 1, uint32 arithmetic) or `start-end`, read with `fmt.Sscanf`. Anything unreadable leaves 1337,
 * as Istio does silently; the reasons are returned as notes.
 */

export const DEFAULT_PROXY_ID = 1337;
export const UID_RANGE_ANNOTATION = 'openshift.io/sa.scc.uid-range';
export const SUPPLEMENTAL_GROUPS_ANNOTATION = 'openshift.io/sa.scc.supplemental-groups';

const UINT32 = 2 ** 32;

export interface Block {
  readonly start: number;
  readonly end: number;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `fmt.Sscanf(in, "%d<sep>%d", &a, &b)` into two uint32s: spaces (not newlines) may precede each number, the
 * separator must follow the first number directly, anything after the second number is ignored.
 */
function scanPair(input: string, sep: '/' | '-'): { a: number; b: number } | { error: string } {
  let i = 0;
  const scanUint = (): number | { error: string } => {
    while (i < input.length) {
      const c = input[i] as string;
      if (c === '\n') return { error: 'unexpected newline' };
      if (c === '\r' && input[i + 1] === '\n') {
        i++;
        continue;
      }
      if (!/[\t\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(c)) break;
      i++;
    }
    if (i >= input.length) return { error: 'unexpected EOF' };
    const start = i;
    while (i < input.length && (input[i] as string) >= '0' && (input[i] as string) <= '9') i++;
    if (i === start) return { error: 'expected integer' };
    const tok = input.slice(start, i);
    const n = BigInt(tok);
    if (n > 18446744073709551615n) return { error: `strconv.ParseUint: parsing "${tok}": value out of range` };
    if (n >= BigInt(UINT32)) return { error: `unsigned integer overflow on token ${tok}` };
    return Number(n);
  };
  const a = scanUint();
  if (typeof a !== 'number') return a;
  if (i >= input.length) return { error: 'unexpected EOF' };
  if (input[i] !== sep) return { error: 'input does not match format' };
  i++;
  const b = scanUint();
  if (typeof b !== 'number') return b;
  return { a, b };
}

/** OpenShift's `ParseBlock`: `start/size` when the text contains `/`, else `start-end`. */
export function parseBlock(text: string): Block | { error: string } {
  if (text.includes('/')) {
    const r = scanPair(text, '/');
    if ('error' in r) return r;
    return { start: r.a, end: (r.a + r.b - 1 + UINT32) % UINT32 };
  }
  const r = scanPair(text, '-');
  if ('error' in r) return r;
  return { start: r.a, end: r.b };
}

export interface ProxyIDs {
  readonly uid: number;
  readonly gid: number;
  /** Why an annotation that was present could not be used. */
  readonly notes: readonly string[];
}

/**
 * `GetProxyIDs(namespace)`: 1337/1337 without a namespace or without the annotations. A supplemental-groups
 * annotation that is present but empty does not fall back to the uid range; one bad block makes the whole list unusable.
 */
export function proxyIDs(namespace: unknown): ProxyIDs {
  const notes: string[] = [];
  let uid = DEFAULT_PROXY_ID;
  let gid = DEFAULT_PROXY_ID;
  const meta = isObject(namespace) && isObject(namespace['metadata']) ? namespace['metadata'] : undefined;
  const annotations = meta && isObject(meta['annotations']) ? meta['annotations'] : {};
  const read = (key: string): string | undefined => (typeof annotations[key] === 'string' ? (annotations[key] as string) : undefined);

  const uidRange = read(UID_RANGE_ANNOTATION);
  if (uidRange !== undefined) {
    if (uidRange === '') notes.push(`found annotation ${UID_RANGE_ANNOTATION} but it was empty`);
    else {
      const block = parseBlock(uidRange);
      if ('error' in block) notes.push(`${UID_RANGE_ANNOTATION} ${JSON.stringify(uidRange)}: ${block.error}`);
      else uid = block.end;
    }
  }

  const groups = read(SUPPLEMENTAL_GROUPS_ANNOTATION) ?? uidRange;
  if (groups !== undefined) {
    if (groups === '') {
      notes.push(`unable to find groups using ${SUPPLEMENTAL_GROUPS_ANNOTATION} and ${UID_RANGE_ANNOTATION} annotations`);
    } else {
      const blocks = groups.split(',').map(parseBlock);
      const bad = blocks.find((b): b is { error: string } => 'error' in b);
      if (bad) notes.push(`supplemental groups ${JSON.stringify(groups)}: ${bad.error}`);
      else gid = (blocks[0] as Block).end;
    }
  }
  return { uid, gid, notes };
}

// --- user istio-proxy with the app's UID -----------------------------------------------------------------------------

const PROXY = 'istio-proxy';
const NOT_APP = new Set([PROXY, 'istio-validation', 'istio-init']);

function runAsUser(c: Json): number {
  const sc = c['securityContext'];
  return isObject(sc) && typeof sc['runAsUser'] === 'number' ? sc['runAsUser'] : 0;
}

function containersOf(spec: Json): Json[] {
  const list = (k: string): Json[] => (Array.isArray(spec[k]) ? (spec[k] as unknown[]).filter(isObject) : []);
  return [...list('containers'), ...list('initContainers')];
}

/**
 * `isSidecarUserMatchingAppUser`: the last `istio-proxy`'s runAsUser equals the last app container's (containers,
 * then init containers; init/validation containers are not apps; unset counts as 0, so both unset match).
 */
export function sidecarUserMatchesApp(podSpec: unknown): boolean {
  if (!isObject(podSpec)) return true;
  let sidecarUser = 0;
  let appUser = 0;
  for (const c of containersOf(podSpec)) {
    if (c['name'] === PROXY) {
      if (isObject(c['securityContext']) && typeof c['securityContext']['runAsUser'] === 'number') sidecarUser = runAsUser(c);
    } else if (!NOT_APP.has(String(c['name']))) {
      if (isObject(c['securityContext']) && typeof c['securityContext']['runAsUser'] === 'number') appUser = runAsUser(c);
    }
  }
  return sidecarUser === appUser;
}

/**
 * The webhook's OpenShift step before injection: when the user's `istio-proxy` (containers first, then init
 * containers) has a securityContext and `sidecarUserMatchesApp`, drop its `runAsUser` and `runAsGroup`. Returns a
 * new pod spec when something changed, else the same object.
 */
export function clearSidecarUserMatchingApp(podSpec: unknown): unknown {
  if (!isObject(podSpec)) return podSpec;
  const where = (['containers', 'initContainers'] as const).find(
    (k) => Array.isArray(podSpec[k]) && (podSpec[k] as unknown[]).some((c) => isObject(c) && c['name'] === PROXY),
  );
  if (!where) return podSpec;
  const list = podSpec[where] as unknown[];
  const index = list.findIndex((c) => isObject(c) && c['name'] === PROXY);
  const proxy = list[index] as Json;
  const sc = proxy['securityContext'];
  if (!isObject(sc) || !sidecarUserMatchesApp(podSpec)) return podSpec;
  const { runAsUser: _u, runAsGroup: _g, ...rest } = sc;
  const next = [...list];
  next[index] = { ...proxy, securityContext: rest };
  return { ...podSpec, [where]: next };
}
