/**
 * @module
 * Sprig's `urlParse` and `urlJoin` over Go's net/url: `url.Parse` split into a dict of scheme, host, hostname,
 * path (unescaped), query, opaque, fragment and userinfo, and `URL.String()` back. Go works on bytes, so the
 * parsing and escaping below run over "byte strings" (one char per UTF-8 byte) and convert at the edges.
 */
import { utf8String } from '../../go/strconv.ts';
import { T, TC, type FuncMap } from '../../go/types.ts';
import { GoError } from '../../go/value.ts';
import { goFunc, kindName, mapStore, mapValue, newMapRep, nilDereference, utf8Encode } from './sprig-support.ts';

type Mode = 'path' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

function toBytes(s: string): string {
  let out = '';
  for (const b of utf8Encode(s)) out += String.fromCharCode(b);
  return out;
}

function fromBytes(b: string): string {
  return utf8String(Array.from(b, (c) => c.charCodeAt(0)));
}

function isAlnum(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?';
      case 'userPassword':
        return c === '@' || c === '/' || c === '?' || c === ':';
      case 'queryComponent':
        return true;
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c);
}

/** url's unescape over a byte string; errors are Go's EscapeError / InvalidHostError texts. */
function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    const c = s[i] ?? '';
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        throw new GoError(`invalid URL escape ${JSON.stringify(fromBytes(s.slice(i, i + 3)))}`);
      }
      const v = parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === 'host' && v < 0x80 && s.slice(i, i + 3) !== '%25') {
        throw new GoError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      }
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(String.fromCharCode(v), 'host')) {
        throw new GoError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      }
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) {
      throw new GoError(`invalid character ${JSON.stringify(c)} in host name`);
    }
    i++;
  }
  return s.replace(/%([0-9A-Fa-f]{2})|\+/g, (_match, hex: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : mode === 'queryComponent' ? ' ' : '+',
  );
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const c of s) {
    if (c === ' ' && mode === 'queryComponent') out += '+';
    else if (shouldEscape(c, mode)) out += '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    else out += c;
  }
  return out;
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const c of s) {
    if (`!$&'()*+,;=:@[]%`.includes(c)) continue;
    if (shouldEscape(c, mode)) return false;
  }
  return true;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

interface Userinfo {
  readonly username: string;
  readonly password?: string;
}

/** The parts of a url.URL that Sprig reads or writes, all as byte strings. */
interface Url {
  scheme: string;
  opaque: string;
  user: Userinfo | undefined;
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

function emptyUrl(): Url {
  return {
    scheme: '', opaque: '', user: undefined, host: '', path: '', rawPath: '',
    omitHost: false, forceQuery: false, rawQuery: '', fragment: '', rawFragment: '',
  };
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new GoError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new GoError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${JSON.stringify(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${JSON.stringify(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

function parseAuthority(authority: string): [Userinfo | undefined, string] {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return [undefined, host];
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new GoError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return [{ username: unescape(userinfo, 'userPassword') }, host];
  return [
    { username: unescape(userinfo.slice(0, colon), 'userPassword'), password: unescape(userinfo.slice(colon + 1), 'userPassword') },
    host,
  ];
}

/** url.Parse (not via a request). */
function parseUrl(rawUrl: string): Url {
  const hash = rawUrl.indexOf('#');
  const raw = hash < 0 ? rawUrl : rawUrl.slice(0, hash);
  const url = emptyUrl();
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new GoError('net/url: invalid control character in URL');
  if (raw === '*') {
    url.path = '*';
  } else {
    let rest: string;
    [url.scheme, rest] = getScheme(raw);
    url.scheme = url.scheme.toLowerCase();
    if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
      url.forceQuery = true;
      rest = rest.slice(0, -1);
    } else {
      const q = rest.indexOf('?');
      if (q >= 0) {
        url.rawQuery = rest.slice(q + 1);
        rest = rest.slice(0, q);
      }
    }
    if (!rest.startsWith('/')) {
      if (url.scheme !== '') {
        url.opaque = rest;
        return withFragment(url, hash < 0 ? undefined : rawUrl.slice(hash + 1));
      }
      const slash = rest.indexOf('/');
      if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) {
        throw new GoError('first path segment in URL cannot contain colon');
      }
    }
    if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      rest = '';
      const slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.slice(slash);
        authority = authority.slice(0, slash);
      }
      [url.user, url.host] = parseAuthority(authority);
    } else if (url.scheme !== '' && rest.startsWith('/')) {
      url.omitHost = true;
    }
    url.path = unescape(rest, 'path');
    url.rawPath = escape(url.path, 'path') === rest ? '' : rest;
  }
  return withFragment(url, hash < 0 ? undefined : rawUrl.slice(hash + 1));
}

function withFragment(url: Url, fragment: string | undefined): Url {
  if (fragment === undefined || fragment === '') return url;
  url.fragment = unescape(fragment, 'fragment');
  url.rawFragment = escape(url.fragment, 'fragment') === fragment ? '' : fragment;
  return url;
}

function userinfoString(u: Userinfo): string {
  return escape(u.username, 'userPassword') + (u.password === undefined ? '' : ':' + escape(u.password, 'userPassword'));
}

function escapedPath(u: Url): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch {
      // fall through to the default encoding
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function escapedFragment(u: Url): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (unescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment;
    } catch {
      // fall through to the default encoding
    }
  }
  return escape(u.fragment, 'fragment');
}

/** URL.String. */
function urlString(u: Url): string {
  let out = '';
  if (u.scheme !== '') out += u.scheme + ':';
  if (u.opaque !== '') {
    out += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.user !== undefined) {
      if (!(u.omitHost && u.host === '' && u.user === undefined)) {
        if (u.host !== '' || u.path !== '' || u.user !== undefined) out += '//';
        if (u.user !== undefined) out += userinfoString(u.user) + '@';
        if (u.host !== '') out += escape(u.host, 'host');
      }
    }
    const path = escapedPath(u);
    if (path !== '' && !path.startsWith('/') && u.host !== '') out += '/';
    if (out === '') {
      const slash = path.indexOf('/');
      if ((slash < 0 ? path : path.slice(0, slash)).includes(':')) out += './';
    }
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
  if (u.fragment !== '') out += '#' + escapedFragment(u);
  return out;
}

function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

function urlParse(v: string): Record<string, unknown> {
  let u: Url;
  try {
    u = parseUrl(toBytes(v));
  } catch (e) {
    if (e instanceof GoError) throw new GoError(`unable to parse url: parse ${JSON.stringify(v)}: ${e.message}`);
    throw e;
  }
  const out = newMapRep();
  const put = (key: string, value: string) => mapStore(out, key, fromBytes(value));
  put('scheme', u.scheme);
  put('host', u.host);
  put('hostname', hostname(u.host));
  put('path', u.path);
  put('query', u.rawQuery);
  put('opaque', u.opaque);
  put('fragment', u.fragment);
  put('userinfo', u.user === undefined ? '' : userinfoString(u.user));
  return out;
}

/** Sprig's dictGetOrEmpty: a missing key is "", a non-string value panics. */
function dictString(d: unknown, key: string): string {
  const v = mapValue(d, key);
  if (v === undefined) return '';
  if (v.t.kind === 'iface') throw nilDereference();
  if (v.t.kind !== 'string') {
    throw new GoError(`unable to parse ${key} key, must be of type string, but ${kindName(v)} found`);
  }
  return v.v as string;
}

function urlJoin(d: unknown): string {
  const u = emptyUrl();
  u.scheme = toBytes(dictString(d, 'scheme'));
  u.host = toBytes(dictString(d, 'host'));
  u.path = toBytes(dictString(d, 'path'));
  u.rawQuery = toBytes(dictString(d, 'query'));
  u.opaque = toBytes(dictString(d, 'opaque'));
  u.fragment = toBytes(dictString(d, 'fragment'));
  const userinfo = dictString(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseUrl(toBytes(`proto://${userinfo}@host`)).user;
    } catch (e) {
      if (e instanceof GoError) throw new GoError(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return fromBytes(urlString(u));
}

export const sprigUrlFuncs: FuncMap = {
  urlParse: goFunc([T.string], [TC.mapStringAny], urlParse),
  urlJoin: goFunc([TC.mapStringAny], [T.string], urlJoin),
};
