/**
 * AES-256-GCM (NIST SP 800-38D, 96-bit nonces, 128-bit tags) for the many short messages of one import batch, with
 * the AES itself from node:crypto (OpenSSL) and only the counter layout and GHASH here.
 *
 * Why: `createCipheriv("aes-256-gcm")` per person (key schedule, GHASH key, a native object and four calls each)
 * was the largest single cost of the registry import's encoding (≈ 5 µs a person, plus its garbage). Here one
 * AES-256-ECB pass per batch encrypts every counter block of every person at once (each person has its own random
 * nonce, so its counter blocks J0, J0+1, … are laid out one after the other), the ciphertext is the message XOR
 * those blocks, and the tag is E(K, J0) XOR GHASH(H, C). GHASH is Shoup's 8-bit table method (as OpenSSL's
 * `gcm_gmult_8bit`): a table of the 256 multiples of H (4 KB) made once per key. `gcm-batch.test.ts` compares every output
 * with `createCipheriv`'s for the same key and nonce (lengths 0–300, random bytes) and decrypts with
 * platform/crypto `decrypt`.
 *
 * The table look-ups depend on H (secret), as in OpenSSL's table GHASH on CPUs without carry-less multiply: a
 * process sharing the CPU cache could in principle learn about H by timing; the import runs in its own process
 * on the operator's machine.
 *
 * The import now runs the same method in WebAssembly (batch-crypto.wat, with one table a byte position); this is
 * its fallback where WebAssembly SIMD is unavailable, and its reference in batch-crypto.test.ts.
 */
import { createCipheriv, type KeyObject } from "node:crypto";

/**
 * Per byte r shifted out of Z by an 8-bit right shift, what the reduction (x^128 = x^7 + x^2 + x + 1, 0xe1 in GCM's
 * bit order) adds to Z's top 32 bits: OpenSSL's rem_8bit (0x0000, 0x01c2, 0x0384, …), computed here by shifting r
 * out one bit at a time.
 */
export const REM8 = Int32Array.from({ length: 256 }, (_, r) => {
  let hi = 0; // the top 32 bits; the bits shifted in below them never reach them within 8 shifts
  let lo = r;
  for (let i = 0; i < 8; i++) {
    const carry = lo & 1;
    lo >>>= 1;
    hi = (hi >>> 1) ^ (carry ? 0xe1000000 : 0);
  }
  return hi;
});

/** The 256 multiples of H by byte values (GCM's bit order), 4 big-endian words each (OpenSSL's gcm_init_8bit). */
export function table(h: Buffer): Int32Array {
  const t = new Int32Array(1024);
  let v0 = h.readInt32BE(0);
  let v1 = h.readInt32BE(4);
  let v2 = h.readInt32BE(8);
  let v3 = h.readInt32BE(12);
  for (let i = 128; i > 0; i >>= 1) {
    t[4 * i] = v0;
    t[4 * i + 1] = v1;
    t[4 * i + 2] = v2;
    t[4 * i + 3] = v3;
    // V · x: a right shift in GCM's bit order, reduced by 0xe1 || 0^120
    const carry = v3 & 1;
    v3 = (v3 >>> 1) | (v2 << 31);
    v2 = (v2 >>> 1) | (v1 << 31);
    v1 = (v1 >>> 1) | (v0 << 31);
    v0 = (v0 >>> 1) ^ (carry ? 0xe1000000 : 0);
  }
  for (let i = 2; i < 256; i <<= 1) for (let j = 1; j < i; j++) for (let w = 0; w < 4; w++) t[4 * (i + j) + w] = (t[4 * i + w] as number) ^ (t[4 * j + w] as number);
  return t;
}

export interface GcmBatch {
  /**
   * The AES blocks of `n` messages: message i has nonce `nonces[12i, 12i+12)` and `lengths[i]` bytes; its blocks
   * start at `offsets[i]` (bytes) of the result: E(K, J0) for the tag, then the keystream.
   */
  blocks(nonces: Uint8Array, lengths: Int32Array, n: number, offsets: Int32Array): Buffer;
  /**
   * Encrypts `len` bytes of `src` at `from` into `out` at `to` with the keystream at `ks[at + 16, …)` and writes the
   * 16-byte tag (E(K, J0) at `ks[at]` XOR GHASH) into `out` at `tagAt`.
   */
  seal(ks: Uint8Array, at: number, src: Uint8Array, from: number, len: number, out: Uint8Array, to: number, tagAt: number): void;
}

/** AES-256-ECB of whole blocks (one cipher object a call). */
export const ecbWith =
  (key: KeyObject) =>
  (input: Uint8Array): Buffer => {
    const c = createCipheriv("aes-256-ecb", key, null);
    c.setAutoPadding(false);
    const a = c.update(input);
    const b = c.final();
    return b.length === 0 ? a : Buffer.concat([a, b]);
  };

export function gcmBatch(key: KeyObject): GcmBatch {
  const ecb = ecbWith(key);
  const t = table(ecb(Buffer.alloc(16)));
  // the running GHASH value
  let x0 = 0;
  let x1 = 0;
  let x2 = 0;
  let x3 = 0;
  /** X = X · H (OpenSSL's gcm_gmult_8bit on four 32-bit words): the bytes of X from the last to the first */
  const mult = (): void => {
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let w = 3; w >= 0; w--) {
      const word = w === 3 ? x3 : w === 2 ? x2 : w === 1 ? x1 : x0;
      for (let shift = 0; shift < 32; shift += 8) {
        // Z · x^8 (harmless while Z is still 0), then Z ^= byte · H
        const rem = z3 & 0xff;
        z3 = (z3 >>> 8) | (z2 << 24);
        z2 = (z2 >>> 8) | (z1 << 24);
        z1 = (z1 >>> 8) | (z0 << 24);
        z0 = (z0 >>> 8) ^ (REM8[rem] as number);
        const o = ((word >>> shift) & 0xff) << 2;
        z0 ^= t[o] as number;
        z1 ^= t[o + 1] as number;
        z2 ^= t[o + 2] as number;
        z3 ^= t[o + 3] as number;
      }
    }
    x0 = z0;
    x1 = z1;
    x2 = z2;
    x3 = z3;
  };
  const be = (b: Uint8Array, i: number): number => ((b[i] as number) << 24) | ((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number);
  return {
    blocks(nonces, lengths, n, offsets) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        offsets[i] = total;
        total += 16 * (1 + Math.ceil((lengths[i] as number) / 16));
      }
      const c = Buffer.allocUnsafe(total);
      for (let i = 0; i < n; i++) {
        const start = offsets[i] as number;
        const end = i + 1 < n ? (offsets[i + 1] as number) : total;
        for (let at = start, counter = 1; at < end; at += 16, counter++) {
          for (let j = 0; j < 12; j++) c[at + j] = nonces[12 * i + j] as number;
          c.writeUInt32BE(counter, at + 12);
        }
      }
      return ecb(c);
    },
    seal(ks, at, src, from, len, out, to, tagAt) {
      for (let j = 0; j < len; j++) out[to + j] = (src[from + j] as number) ^ (ks[at + 16 + j] as number);
      x0 = x1 = x2 = x3 = 0;
      const whole = len & ~15;
      for (let j = 0; j < whole; j += 16) {
        const p = to + j;
        x0 ^= be(out, p);
        x1 ^= be(out, p + 4);
        x2 ^= be(out, p + 8);
        x3 ^= be(out, p + 12);
        mult();
      }
      if (whole < len) {
        // the last partial block, zero-padded
        const w = [0, 0, 0, 0];
        for (let j = whole; j < len; j++) {
          const k = j - whole;
          w[k >> 2] = (w[k >> 2] as number) | ((out[to + j] as number) << ((3 - (k & 3)) << 3));
        }
        x0 ^= w[0] as number;
        x1 ^= w[1] as number;
        x2 ^= w[2] as number;
        x3 ^= w[3] as number;
        mult();
      }
      // lengths block: 64-bit bit length of the (empty) AAD, then of the ciphertext
      const bits = len * 8;
      x2 ^= Math.floor(bits / 0x100000000);
      x3 ^= bits >>> 0;
      mult();
      const tag = [x0, x1, x2, x3];
      for (let w = 0; w < 4; w++) {
        const v = (tag[w] as number) ^ be(ks, at + 4 * w);
        const o = tagAt + 4 * w;
        out[o] = v >>> 24;
        out[o + 1] = (v >>> 16) & 0xff;
        out[o + 2] = (v >>> 8) & 0xff;
        out[o + 3] = v & 0xff;
      }
    },
  };
}
