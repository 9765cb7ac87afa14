/**
 * A 64-bit non-cryptographic string hash (two independent 32-bit lanes) for counting and joining inside one
 * run. Not an identifier outside the process: anything that leaves the engine uses HMAC (see people-stream.ts).
 * With 25M distinct keys the chance of any 64-bit collision is about 2e-5.
 */

let h1 = 0;
let h2 = 0;

/** Start a hash with a small tag (the key kind), so keys of different kinds never meet. */
export function hashStart(tag: number): void {
  h1 = Math.imul(0x811c9dc5 ^ tag, 0x01000193);
  h2 = Math.imul(0x9747b28c ^ tag, 0x5bd1e995);
}
export function hashString(s: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  // a separator so that ("ab","c") and ("a","bc") differ
  h1 = Math.imul(a ^ 0xffff, 0x01000193);
  h2 = Math.imul(b ^ 0xffff, 0x5bd1e995);
}
export function hashNumber(n: number): void {
  h1 = Math.imul(h1 ^ (n | 0), 0x01000193);
  h2 = Math.imul(h2 ^ (n | 0), 0x5bd1e995);
  h2 ^= h2 >>> 13;
}
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
/** Finish: writes the two lanes to out[o], out[o+1]; never returns the all-zero value (the empty-slot marker). */
export function hashFinish(out: Uint32Array, o: number): void {
  const a = fmix(h1 ^ Math.imul(h2, 0x27d4eb2d));
  let b = fmix(h2 ^ Math.imul(a, 0x165667b1));
  if (a === 0 && b === 0) b = 1;
  out[o] = a;
  out[o + 1] = b;
}
const tmp = new Uint32Array(2);
/** Convenience for cold paths: hash of one string under a tag. */
export function hash64(tag: number, s: string): [number, number] {
  hashStart(tag);
  hashString(s);
  hashFinish(tmp, 0);
  return [tmp[0] as number, tmp[1] as number];
}
