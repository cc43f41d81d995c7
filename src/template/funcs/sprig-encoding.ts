/**
 * @module
 * Sprig's encodings and digests: `b64enc b64dec b32enc b32dec` (Go encoding/base64 and base32 StdEncoding,
 * including their exact "illegal … data at input byte N" errors, which the decoders return as text) and
 * `sha1sum sha256sum sha512sum adler32sum` over the UTF-8 bytes. Synchronous on purpose: Web Crypto is async.
 */
import { T, type FuncMap } from '../../go/types.ts';
import { goFunc, utf8Decode, utf8Encode } from './sprig-support.ts';

// --- base64 / base32 --------------------------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PAD = 0x3d; // '='
const LF = 0x0a;
const CR = 0x0d;

function decodeMap(alphabet: string): Int16Array {
  const map = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) map[alphabet.charCodeAt(i)] = i;
  return map;
}

const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);

class CorruptInput extends Error {
  constructor(kind: string, offset: number) {
    super(`illegal ${kind} data at input byte ${offset}`);
  }
}

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = bytes.length - i;
    const v = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(v >> 18) & 63] ?? '';
    out += B64[(v >> 12) & 63] ?? '';
    out += n > 1 ? (B64[(v >> 6) & 63] ?? '') : '=';
    out += n > 2 ? (B64[v & 63] ?? '') : '=';
  }
  return out;
}

/** Go base64.StdEncoding.DecodeString, quantum by quantum, so that errors carry Go's offsets. */
export function base64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailingError: CorruptInput | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new CorruptInput('base64', si - j);
      }
      const c = src[si] ?? 0;
      si++;
      const d = B64_MAP[c] ?? -1;
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) throw new CorruptInput('base64', si - 1);
      if (j === 2) {
        // "==" is expected: the first "=" is consumed, skip newlines to the second.
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw new CorruptInput('base64', src.length);
        if (src[si] !== PAD) throw new CorruptInput('base64', si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailingError = new CorruptInput('base64', si);
      dlen = j;
      break;
    }
    const val = ((dbuf[0] ?? 0) << 18) | ((dbuf[1] ?? 0) << 12) | ((dbuf[2] ?? 0) << 6) | (dbuf[3] ?? 0);
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailingError) throw trailingError;
    if (dlen < 4) return Uint8Array.from(out);
  }
}

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    const b = [0, 1, 2, 3, 4].map((k) => chunk[k] ?? 0);
    const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = b;
    const digits = [
      b0 >> 3,
      ((b0 & 7) << 2) | (b1 >> 6),
      (b1 >> 1) & 31,
      ((b1 & 1) << 4) | (b2 >> 4),
      ((b2 & 15) << 1) | (b3 >> 7),
      (b3 >> 2) & 31,
      ((b3 & 3) << 3) | (b4 >> 5),
      b4 & 31,
    ];
    const used = [0, 2, 4, 5, 7, 8][chunk.length] ?? 8;
    out += digits.map((d, k) => (k < used ? (B32[d] ?? '') : '=')).join('');
  }
  return out;
}

/** Go base32.StdEncoding.DecodeString: newlines are stripped first, then 8-character quanta decoded. */
export function base32Decode(input: Uint8Array): Uint8Array {
  const src = input.filter((c) => c !== LF && c !== CR);
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < olen && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (pos === olen) throw new CorruptInput('base32', olen - (olen - pos) - j);
      const c = src[pos] ?? 0;
      pos++;
      const left = olen - pos;
      if (c === PAD && j >= 2 && left < 8) {
        if (left + j < 7) throw new CorruptInput('base32', olen);
        for (let k = 0; k < 7 - j; k++) {
          if (left > k && src[pos + k] !== PAD) throw new CorruptInput('base32', olen - left + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInput('base32', olen - left - 1);
        break;
      }
      const d = B32_MAP[c] ?? -1;
      if (d < 0) throw new CorruptInput('base32', olen - left - 1);
      dbuf[j] = d;
      j++;
    }
    const [d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0] = dbuf;
    const bytes = [
      ((d0 << 3) | (d1 >> 2)) & 0xff,
      ((d1 << 6) | (d2 << 1) | (d3 >> 4)) & 0xff,
      ((d3 << 4) | (d4 >> 1)) & 0xff,
      ((d4 << 7) | (d5 << 2) | (d6 >> 3)) & 0xff,
      ((d6 << 5) | d7) & 0xff,
    ];
    const count = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    out.push(...bytes.slice(0, count));
  }
  return Uint8Array.from(out);
}

function decodeOrMessage(decode: (b: Uint8Array) => Uint8Array, s: string): string {
  try {
    return utf8Decode(decode(utf8Encode(s)));
  } catch (e) {
    if (e instanceof CorruptInput) return e.message;
    throw e;
  }
}

// --- digests ----------------------------------------------------------------------------------------------------

function hex(bytes: Iterable<number>): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Message padding shared by SHA-1/256 (64-byte blocks) and SHA-512 (128-byte blocks), big-endian bit length. */
function pad(bytes: Uint8Array, blockSize: number, lengthBytes: number): Uint8Array {
  const total = Math.ceil((bytes.length + 1 + lengthBytes) / blockSize) * blockSize;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[bytes.length] = 0x80;
  const bits = BigInt(bytes.length) * 8n;
  for (let i = 0; i < 8; i++) out[total - 1 - i] = Number((bits >> BigInt(8 * i)) & 0xffn);
  return out;
}

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

function rotr(x: number, n: number): number {
  return ((x >>> n) | (x << (32 - n))) >>> 0;
}

function words32(block: Uint8Array, offset: number): number[] {
  const w: number[] = [];
  for (let i = 0; i < 16; i++) {
    const p = offset + i * 4;
    w.push((((block[p] ?? 0) << 24) | ((block[p + 1] ?? 0) << 16) | ((block[p + 2] ?? 0) << 8) | (block[p + 3] ?? 0)) >>> 0);
  }
  return w;
}

function bigEndian32(words: readonly number[]): number[] {
  return words.flatMap((w) => [(w >>> 24) & 0xff, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff]);
}

export function sha1(bytes: Uint8Array): string {
  const msg = pad(bytes, 64, 8);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  for (let off = 0; off < msg.length; off += 64) {
    const w = words32(msg, off);
    for (let i = 16; i < 80; i++) w.push(rotl((w[i - 3] ?? 0) ^ (w[i - 8] ?? 0) ^ (w[i - 14] ?? 0) ^ (w[i - 16] ?? 0), 1));
    let [a = 0, b = 0, c = 0, d = 0, e = 0] = h;
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20 ? [(b & c) | (~b & d), 0x5a827999] : i < 40 ? [b ^ c ^ d, 0x6ed9eba1] : i < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc] : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + (f >>> 0) + e + k + (w[i] ?? 0)) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    [a, b, c, d, e].forEach((x, i) => {
      h[i] = ((h[i] ?? 0) + x) >>> 0;
    });
  }
  return hex(bigEndian32(h));
}

const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

export function sha256(bytes: Uint8Array): string {
  const msg = pad(bytes, 64, 8);
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  for (let off = 0; off < msg.length; off += 64) {
    const w = words32(msg, off);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15] ?? 0;
      const y = w[i - 2] ?? 0;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w.push(((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) >>> 0);
    }
    let [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, hh = 0] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + (K256[i] ?? 0) + (w[i] ?? 0)) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => {
      h[i] = ((h[i] ?? 0) + x) >>> 0;
    });
  }
  return hex(bigEndian32(h));
}

const MASK64 = (1n << 64n) - 1n;
const K512 = [
  '428a2f98d728ae22', '7137449123ef65cd', 'b5c0fbcfec4d3b2f', 'e9b5dba58189dbbc', '3956c25bf348b538', '59f111f1b605d019',
  '923f82a4af194f9b', 'ab1c5ed5da6d8118', 'd807aa98a3030242', '12835b0145706fbe', '243185be4ee4b28c', '550c7dc3d5ffb4e2',
  '72be5d74f27b896f', '80deb1fe3b1696b1', '9bdc06a725c71235', 'c19bf174cf692694', 'e49b69c19ef14ad2', 'efbe4786384f25e3',
  '0fc19dc68b8cd5b5', '240ca1cc77ac9c65', '2de92c6f592b0275', '4a7484aa6ea6e483', '5cb0a9dcbd41fbd4', '76f988da831153b5',
  '983e5152ee66dfab', 'a831c66d2db43210', 'b00327c898fb213f', 'bf597fc7beef0ee4', 'c6e00bf33da88fc2', 'd5a79147930aa725',
  '06ca6351e003826f', '142929670a0e6e70', '27b70a8546d22ffc', '2e1b21385c26c926', '4d2c6dfc5ac42aed', '53380d139d95b3df',
  '650a73548baf63de', '766a0abb3c77b2a8', '81c2c92e47edaee6', '92722c851482353b', 'a2bfe8a14cf10364', 'a81a664bbc423001',
  'c24b8b70d0f89791', 'c76c51a30654be30', 'd192e819d6ef5218', 'd69906245565a910', 'f40e35855771202a', '106aa07032bbd1b8',
  '19a4c116b8d2d0c8', '1e376c085141ab53', '2748774cdf8eeb99', '34b0bcb5e19b48a8', '391c0cb3c5c95a63', '4ed8aa4ae3418acb',
  '5b9cca4f7763e373', '682e6ff3d6b2b8a3', '748f82ee5defb2fc', '78a5636f43172f60', '84c87814a1f0ab72', '8cc702081a6439ec',
  '90befffa23631e28', 'a4506cebde82bde9', 'bef9a3f7b2c67915', 'c67178f2e372532b', 'ca273eceea26619c', 'd186b8c721c0c207',
  'eada7dd6cde0eb1e', 'f57d4f7fee6ed178', '06f067aa72176fba', '0a637dc5a2c898a6', '113f9804bef90dae', '1b710b35131c471b',
  '28db77f523047d84', '32caab7b40c72493', '3c9ebe0a15c9bebc', '431d67c49c100d4c', '4cc5d4becb3e42b6', '597f299cfc657e2a',
  '5fcb6fab3ad6faec', '6c44198c4a475817',
].map((h) => BigInt('0x' + h));

function rotr64(x: bigint, n: bigint): bigint {
  return ((x >> n) | (x << (64n - n))) & MASK64;
}

export function sha512(bytes: Uint8Array): string {
  const msg = pad(bytes, 128, 16);
  const h = [
    '6a09e667f3bcc908', 'bb67ae8584caa73b', '3c6ef372fe94f82b', 'a54ff53a5f1d36f1',
    '510e527fade682d1', '9b05688c2b3e6c1f', '1f83d9abfb41bd6b', '5be0cd19137e2179',
  ].map((x) => BigInt('0x' + x));
  for (let off = 0; off < msg.length; off += 128) {
    const w: bigint[] = [];
    for (let i = 0; i < 16; i++) {
      let x = 0n;
      for (let k = 0; k < 8; k++) x = (x << 8n) | BigInt(msg[off + i * 8 + k] ?? 0);
      w.push(x);
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 15] ?? 0n;
      const y = w[i - 2] ?? 0n;
      const s0 = rotr64(x, 1n) ^ rotr64(x, 8n) ^ (x >> 7n);
      const s1 = rotr64(y, 19n) ^ rotr64(y, 61n) ^ (y >> 6n);
      w.push(((w[i - 16] ?? 0n) + s0 + (w[i - 7] ?? 0n) + s1) & MASK64);
    }
    let [a = 0n, b = 0n, c = 0n, d = 0n, e = 0n, f = 0n, g = 0n, hh = 0n] = h;
    for (let i = 0; i < 80; i++) {
      const S1 = rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n);
      const ch = (e & f) ^ (~e & MASK64 & g);
      const t1 = (hh + S1 + ch + (K512[i] ?? 0n) + (w[i] ?? 0n)) & MASK64;
      const S0 = rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) & MASK64;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) & MASK64;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) & MASK64;
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => {
      h[i] = ((h[i] ?? 0n) + x) & MASK64;
    });
  }
  return h.map((x) => x.toString(16).padStart(16, '0')).join('');
}

/** hash/adler32 checksum, printed as a decimal uint32 (Sprig formats it with %d). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const S = T.string;

export const sprigEncodingFuncs: FuncMap = {
  b64enc: goFunc([S], [S], (s: string) => base64Encode(utf8Encode(s))),
  b64dec: goFunc([S], [S], (s: string) => decodeOrMessage(base64Decode, s)),
  b32enc: goFunc([S], [S], (s: string) => base32Encode(utf8Encode(s))),
  b32dec: goFunc([S], [S], (s: string) => decodeOrMessage(base32Decode, s)),
  sha1sum: goFunc([S], [S], (s: string) => sha1(utf8Encode(s))),
  sha256sum: goFunc([S], [S], (s: string) => sha256(utf8Encode(s))),
  sha512sum: goFunc([S], [S], (s: string) => sha512(utf8Encode(s))),
  adler32sum: goFunc([S], [S], (s: string) => String(adler32(utf8Encode(s)))),
};
