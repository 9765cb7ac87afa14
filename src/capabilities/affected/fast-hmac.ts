/**
 * HMAC-SHA-256 (RFC 2104, FIPS 180-4) for millions of short messages, in plain JavaScript, writing the 32 bytes
 * straight into the caller's buffer.
 *
 * Why not `node:crypto`: the registry import hashes ~21M match keys for a JTB-size file, each one short (one or two
 * 64-byte blocks). Native SHA-256 of such a message is a fraction of a microsecond; the cost is the call (argument
 * checks, a Buffer per result) and, for HMAC, hashing the two key blocks again every time. Here the states after
 * the key blocks (K ⊕ ipad, K ⊕ opad) are computed once, so a key costs its own blocks plus one block for the
 * outer hash, and nothing is allocated per key. `fast-hmac.test.ts` compares it with `createHmac` on every input it
 * tries (lengths 0–300 bytes, multi-byte UTF-8). The import hashes four keys at a time in WebAssembly
 * (batch-crypto.wat, the same midstates); this stays its fallback, and serves the keys too long for the module.
 */
/** SHA-256's round constants (also written into batch-crypto.wat's memory). */
export const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const W = new Int32Array(64);

/** One SHA-256 compression of the 64 bytes of `b` at `o` into the state `h` (8 words). */
function compress(h: Int32Array, b: Uint8Array, o: number): void {
  for (let i = 0; i < 16; i++) {
    const j = o + 4 * i;
    W[i] = ((b[j] as number) << 24) | ((b[j + 1] as number) << 16) | ((b[j + 2] as number) << 8) | (b[j + 3] as number);
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15] as number;
    const y = W[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = ((W[i - 16] as number) + s0 + (W[i - 7] as number) + s1) | 0;
  }
  let a = h[0] as number, bb = h[1] as number, c = h[2] as number, d = h[3] as number;
  let e = h[4] as number, f = h[5] as number, g = h[6] as number, hh = h[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + (K[i] as number) + (W[i] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & bb) ^ (a & c) ^ (bb & c);
    const t2 = (S0 + maj) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = bb;
    bb = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + bb) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + hh) | 0;
}

/** The state after one key block (K ⊕ pad). */
const midstate = (key: Uint8Array, pad: number): Int32Array => {
  const block = new Uint8Array(64);
  for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ pad;
  const h = IV.slice();
  compress(h, block, 0);
  return h;
};

/** Writes the 8 words of `h` big-endian into `out` at `o`. */
const putState = (h: Int32Array, out: Uint8Array, o: number): void => {
  for (let i = 0; i < 8; i++) {
    const v = h[i] as number;
    out[o + 4 * i] = v >>> 24;
    out[o + 4 * i + 1] = (v >>> 16) & 0xff;
    out[o + 4 * i + 2] = (v >>> 8) & 0xff;
    out[o + 4 * i + 3] = v & 0xff;
  }
};

/** The SHA-256 states after the key's inner and outer pad blocks (the HMAC midstates; batch-crypto.ts uses them too). */
export function hmacMidstates(key: Uint8Array): { inner: Int32Array; outer: Int32Array } {
  if (key.length < 32 || key.length > 64) throw new Error("the HMAC key must be 32 to 64 bytes");
  return { inner: midstate(key, 0x36), outer: midstate(key, 0x5c) };
}

/** The HMAC of the first `n` bytes of the scratch buffer (which has room for the padding), written into `out` at `at`. */
type Core = { scratch: (n: number) => Buffer; digest: (n: number, out: Uint8Array, at: number) => void };

function core(key: Buffer): Core {
  const { inner: inner0, outer: outer0 } = hmacMidstates(key);
  const h = new Int32Array(8);
  let buf = Buffer.alloc(1024);
  const outerBlock = new Uint8Array(64);
  outerBlock[32] = 0x80;
  // total outer length: 64 (key block) + 32 bytes = 768 bits
  outerBlock[62] = 0x03;
  outerBlock[63] = 0x00;
  return {
    scratch: (n) => {
      if (buf.length < n + 72) buf = Buffer.alloc(n + 72);
      return buf;
    },
    digest: (n, out, at) => {
      // padding: 0x80, zeros, the bit length of (key block + message) in the last 8 bytes
      const blocks = (n + 9 + 63) >>> 6;
      const end = blocks << 6;
      buf[n] = 0x80;
      buf.fill(0, n + 1, end - 8);
      const bits = (64 + n) * 8;
      buf.writeUInt32BE(Math.floor(bits / 0x100000000), end - 8);
      buf.writeUInt32BE(bits >>> 0, end - 4);
      h.set(inner0);
      for (let b = 0; b < blocks; b++) compress(h, buf, b << 6);
      putState(h, outerBlock, 0);
      h.set(outer0);
      compress(h, outerBlock, 0);
      putState(h, out, at);
    },
  };
}

/**
 * Returns `(message, out, at) => void`, writing HMAC-SHA-256(key, utf8(message)) into `out[at .. at+32)`. The key is
 * 32–64 bytes (the platform's derived keys are 32). Not re-entrant across threads (each thread builds its own).
 */
export function hmacInto(key: Buffer): (message: string, out: Uint8Array, at: number) => void {
  const c = core(key);
  return (message, out, at) => {
    const n = c.scratch(message.length * 3).write(message, 0, "utf8");
    c.digest(n, out, at);
  };
}

/** The same for a message already in UTF-8: `src[from .. from+length)` (the packed batches of people-source.ts). */
export function hmacBytesInto(key: Buffer): (src: Uint8Array, from: number, length: number, out: Uint8Array, at: number) => void {
  const c = core(key);
  return (src, from, length, out, at) => {
    const b = c.scratch(length);
    for (let i = 0; i < length; i++) b[i] = src[from + i] as number; // keys are short: no view object a key
    c.digest(length, out, at);
  };
}
