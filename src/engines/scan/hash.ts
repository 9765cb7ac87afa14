/**
 * A 64-bit non-cryptographic hash (two 32-bit lanes) for counting and joining inside one run. Not an identifier
 * outside the process: anything that leaves the engine uses HMAC (see people-stream.ts).
 * With 25M distinct keys the chance of any 64-bit collision is about 2e-5.
 *
 * Two levels, so that the byte path (recognizers/bytes.ts) and the string path give the same key:
 * - a value's normal form is hashed unit by unit (UTF-16 code units, whether they come from a string or are
 *   decoded from UTF-8 bytes) into two running lanes; a value split over columns (family + given name) simply
 *   continues the lanes;
 * - a match key mixes the lanes of its components under the key kind's tag, then finishes.
 */

/** The lanes a value's hash starts from. */
export const SEED_A = 0x811c9dc5 | 0;
export const SEED_B = 0x9747b28c | 0;
export const MUL_A = 0x01000193;
export const MUL_B = 0x5bd1e995;

/**
 * Continue the value lanes st[0], st[1] with the code units of `s`. The byte path repeats this step inline:
 * a = imul(a ^ unit, MUL_A); b = imul(b ^ unit, MUL_B); b ^= b >>> 13.
 */
export function hashUnits(s: string, st: Int32Array): void {
  let a = st[0] as number;
  let b = st[1] as number;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, MUL_A);
    b = Math.imul(b ^ c, MUL_B);
    b ^= b >>> 13;
  }
  st[0] = a;
  st[1] = b;
}

/** Lanes of a number component (a date as yyyymmdd). */
export function numberLanes(n: number, st: Int32Array): void {
  st[0] = n | 0;
  st[1] = Math.imul(n | 0, MUL_B) ^ 0x2545f491;
}

let h1 = 0;
let h2 = 0;

/** The lanes a key of kind `tag` starts from, so keys of different kinds never meet. */
export const tagLane1 = (tag: number): number => Math.imul(0x811c9dc5 ^ tag, 0x01000193);
export const tagLane2 = (tag: number): number => Math.imul(0x9747b28c ^ tag, 0x5bd1e995);
/** Start a key with a small tag (the key kind). */
export function hashStart(tag: number): void {
  h1 = tagLane1(tag);
  h2 = tagLane2(tag);
}
/** One 32-bit word into a murmur3-style lane. */
export function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}
/**
 * Add one component (its value lanes) to the key being built (Tally.emitKeys inlines the same two lines). Each lane
 * takes one word; finishLanes mixes the lanes into each other and is a bijection, so two keys collide only if both
 * lanes do.
 */
export function hashLanes(a: number, b: number): void {
  h1 = mixWord(h1, a);
  h2 = mixWord(h2, b);
}
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
/** Finish: writes the two lanes to out[o], out[o+1]; never returns the all-zero value (the empty-slot marker). */
export function hashFinish(out: Uint32Array, o: number): void {
  finishLanes(h1, h2, out, o);
}
export function finishLanes(l1: number, l2: number, out: Uint32Array, o: number): void {
  const a = fmix(l1 ^ Math.imul(l2, 0x27d4eb2d));
  let b = fmix(l2 ^ Math.imul(a, 0x165667b1));
  if (a === 0 && b === 0) b = 1;
  out[o] = a;
  out[o + 1] = b;
}
