/**
 * HMAC-SHA-256 for many short messages (RFC 2104), built on the one-shot `crypto.hash`.
 *
 * Why by hand: `createHmac(...).update(m).digest()` builds a stream object per call; the registry import hashes
 * ~18M match keys for a JTB-size file. Measured here on 300,000 keys: createHmac 6.9 µs a key, this 4.3 µs (the
 * same bytes; `keyed-hash.test.ts` compares both on every input it tries).
 */
import { hash } from "node:crypto";

const BLOCK = 64;

export type KeyedHash = (message: string) => string;
export type KeyedHashBytes = (message: string) => Buffer;

/** `m => the outer block (K ⊕ opad) ‖ SHA-256((K ⊕ ipad) ‖ utf8(m))`, ready for the final hash. */
function outerBlock(key: Buffer): (message: string) => Buffer {
  if (key.length < 32) throw new Error("the HMAC key must be at least 32 bytes");
  const k = key.length > BLOCK ? hash("sha256", key, "buffer") : key;
  const inner = Buffer.alloc(BLOCK + 1024);
  const outer = Buffer.alloc(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = (k[i] ?? 0) ^ 0x36;
    outer[i] = (k[i] ?? 0) ^ 0x5c;
  }
  let scratch = inner;
  return (message) => {
    const need = BLOCK + Buffer.byteLength(message, "utf8");
    if (need > scratch.length) {
      scratch = Buffer.alloc(need);
      inner.copy(scratch, 0, 0, BLOCK);
    }
    const n = scratch.write(message, BLOCK, "utf8");
    hash("sha256", scratch.subarray(0, BLOCK + n), "buffer").copy(outer, BLOCK);
    return outer;
  };
}

/** Returns `m => hex(HMAC-SHA-256(key, utf8(m)))`; the key is at least 32 bytes (a key longer than a block is hashed first, as the RFC says). */
export function keyedHasher(key: Buffer): KeyedHash {
  const outer = outerBlock(key);
  return (message) => hash("sha256", outer(message), "hex");
}

/** The same, returning the 32 bytes. */
export function keyedHasherBytes(key: Buffer): KeyedHashBytes {
  const outer = outerBlock(key);
  return (message) => hash("sha256", outer(message), "buffer");
}
