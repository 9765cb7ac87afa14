/**
 * Evidence at rest, encrypted: a BlobStore that seals every blob before the provider (folder or bucket) sees it.
 * Each file gets its own random AES-256 key, wrapped (AES-256-GCM) by a key derived from the server secret and
 * written in the blob's header; the bytes follow as chunks of 64 KiB, each sealed with AES-256-GCM under its own
 * random nonce, with the chunk's index and a "last chunk" flag as additional data, so that a chunk dropped, moved
 * or cut off at the end fails authentication. Size and SHA-256 are of the plaintext, computed on the way in; reading
 * decrypts as it streams.
 *
 *   header  "\x89SKHEV\r\n" | version 1 | wrap-key id 1 | chunk size u32 | wrap nonce 12 | wrapped key 32 | wrap tag 16
 *   chunk   nonce 12 | ciphertext (chunk size, the last one shorter or empty) | tag 16
 *
 * Files stored before encryption (no marker) are still read as they are: `get` looks at the first bytes.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HashingLimit, type BlobStore } from "./blob-store.js";

export const SEALED_MAGIC = Buffer.from([0x89, 0x53, 0x4b, 0x48, 0x45, 0x56, 0x0d, 0x0a]);
const VERSION = 1;
const WRAP_KEY_ID = 1;
export const CHUNK_BYTES = 64 * 1024;
const NONCE = 12;
const TAG = 16;
const PREFIX = SEALED_MAGIC.length + 1 + 1 + 4;
const HEADER = PREFIX + NONCE + 32 + TAG;

/** The stored bytes fail authentication: truncated, reordered, edited, or sealed with another key. */
export class BlobDamagedError extends Error {
  constructor(detail: string) {
    super(`stored evidence is damaged or was altered: ${detail}`);
  }
}

/** The key that wraps the per-file keys, derived from the platform's encryption key for this one use. */
export const evidenceWrapKey = (encryptionKey: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), "sokuho/evidence-wrap/v1", 32));

const chunkAad = (index: number, isLast: boolean): Buffer => {
  const aad = Buffer.alloc(9);
  aad.writeBigUInt64BE(BigInt(index));
  aad[8] = isLast ? 1 : 0;
  return aad;
};
// The wrapped key is bound to the header and to the blob's key: a header copied onto another blob does not open.
const wrapAad = (prefix: Buffer, blobKey: string): Buffer => Buffer.concat([prefix, Buffer.from(blobKey, "ascii")]);

const seal = (key: Buffer, plain: Buffer, aad: Buffer): Buffer => {
  const nonce = randomBytes(NONCE);
  const c = createCipheriv("aes-256-gcm", key, nonce).setAAD(aad);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
};
const open = (key: Buffer, box: Buffer, aad: Buffer, what: string): Buffer => {
  if (box.length < NONCE + TAG) throw new BlobDamagedError(`${what} is cut short`);
  const d = createDecipheriv("aes-256-gcm", key, box.subarray(0, NONCE)).setAAD(aad);
  d.setAuthTag(box.subarray(box.length - TAG));
  try {
    return Buffer.concat([d.update(box.subarray(NONCE, box.length - TAG)), d.final()]);
  } catch {
    throw new BlobDamagedError(`${what} fails authentication`);
  }
};

/** Plaintext in, header and sealed chunks out. A full chunk is held back until it is known not to be the last. */
export class SealStream extends Transform {
  #fileKey = randomBytes(32);
  #pending: Buffer = Buffer.alloc(0);
  #index = 0;
  constructor(wrapKey: Buffer, blobKey: string, readonly chunkBytes = CHUNK_BYTES) {
    super();
    const prefix = Buffer.alloc(PREFIX);
    SEALED_MAGIC.copy(prefix);
    prefix[SEALED_MAGIC.length] = VERSION;
    prefix[SEALED_MAGIC.length + 1] = WRAP_KEY_ID;
    prefix.writeUInt32BE(chunkBytes, SEALED_MAGIC.length + 2);
    this.push(Buffer.concat([prefix, seal(wrapKey, this.#fileKey, wrapAad(prefix, blobKey))]));
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    let at = 0;
    while (this.#pending.length - at > this.chunkBytes) {
      this.push(seal(this.#fileKey, this.#pending.subarray(at, at + this.chunkBytes), chunkAad(this.#index++, false)));
      at += this.chunkBytes;
    }
    this.#pending = this.#pending.subarray(at);
    done();
  }
  override _flush(done: TransformCallback): void {
    this.push(seal(this.#fileKey, this.#pending, chunkAad(this.#index++, true)));
    this.#fileKey.fill(0);
    done();
  }
}

/** Stored bytes in, plaintext out: opens sealed blobs, passes files stored before encryption through unchanged. */
export class OpenStream extends Transform {
  #buf: Buffer = Buffer.alloc(0);
  #mode: "unknown" | "clear" | "sealed" = "unknown";
  #fileKey: Buffer | null = null;
  #record = 0;
  #index = 0;
  constructor(readonly wrapKey: Buffer, readonly blobKey: string) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.#mode === "clear") return done(null, chunk);
      this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
      const mode = this.#mode === "unknown" ? this.#decide() : this.#mode;
      if (mode === "unknown") return done();
      if (mode === "clear") {
        const all = this.#buf;
        this.#buf = Buffer.alloc(0);
        return done(null, all);
      }
      this.#drain(false);
      done();
    } catch (err) {
      done(err as Error);
    }
  }
  override _flush(done: TransformCallback): void {
    try {
      if (this.#mode === "unknown") {
        // The marker and then the end before a whole header: a sealed blob cut short.
        if (this.#buf.length >= SEALED_MAGIC.length) throw new BlobDamagedError("the header is cut short");
        // Fewer bytes than the marker: a tiny file from before encryption (a cut-off sealed blob then fails its hash).
        if (this.#buf.length > 0) this.push(this.#buf);
        return done();
      }
      if (this.#mode === "sealed") this.#drain(true);
      done();
    } catch (err) {
      done(err as Error);
    }
  }
  /** Reads the marker, and for a sealed blob the header; "unknown" while more bytes are needed. */
  #decide(): "unknown" | "clear" | "sealed" {
    const n = Math.min(this.#buf.length, SEALED_MAGIC.length);
    if (!this.#buf.subarray(0, n).equals(SEALED_MAGIC.subarray(0, n))) return (this.#mode = "clear");
    if (this.#buf.length < HEADER) return "unknown";
    const prefix = this.#buf.subarray(0, PREFIX);
    if (prefix[SEALED_MAGIC.length] !== VERSION || prefix[SEALED_MAGIC.length + 1] !== WRAP_KEY_ID) throw new BlobDamagedError("unknown format version");
    const chunkBytes = prefix.readUInt32BE(SEALED_MAGIC.length + 2);
    if (chunkBytes === 0 || chunkBytes > 16 * 1024 * 1024) throw new BlobDamagedError("implausible chunk size");
    this.#fileKey = open(this.wrapKey, this.#buf.subarray(PREFIX, HEADER), wrapAad(Buffer.from(prefix), this.blobKey), "the file key");
    this.#record = NONCE + chunkBytes + TAG;
    this.#buf = this.#buf.subarray(HEADER);
    return (this.#mode = "sealed");
  }
  /** Opens every complete chunk that is surely not the last; at the end, the rest as the last chunk. */
  #drain(atEnd: boolean): void {
    let at = 0;
    while (this.#buf.length - at > this.#record) {
      this.push(open(this.#fileKey!, this.#buf.subarray(at, at + this.#record), chunkAad(this.#index, false), `chunk ${this.#index}`));
      this.#index++;
      at += this.#record;
    }
    this.#buf = this.#buf.subarray(at);
    if (!atEnd) return;
    this.push(open(this.#fileKey!, this.#buf, chunkAad(this.#index, true), `chunk ${this.#index} (the last)`));
    this.#buf = Buffer.alloc(0);
    this.#fileKey!.fill(0);
  }
}

/** Upper bound of the stored size for `plainBytes` of plaintext. */
const sealedBytes = (plainBytes: number, chunkBytes: number): number =>
  HEADER + (Math.floor(plainBytes / chunkBytes) + 1) * (NONCE + TAG) + plainBytes;

export const createEncryptedBlobStore = (inner: BlobStore, wrapKey: Buffer, chunkBytes = CHUNK_BYTES): BlobStore => ({
  kind: inner.kind,

  put: async (key, body, { maxBytes }) => {
    const meter = new HashingLimit(maxBytes);
    const sealer = new SealStream(wrapKey, key, chunkBytes);
    const [fed, stored] = await Promise.allSettled([
      pipeline(body, meter, sealer),
      inner.put(key, sealer, { maxBytes: sealedBytes(Math.min(maxBytes, Number.MAX_SAFE_INTEGER / 2), chunkBytes) }),
    ]);
    // The plaintext side's error says what went wrong (too large, the client's connection); the provider's follows from it.
    if (fed.status === "rejected") {
      if (stored.status === "fulfilled") await inner.delete(key).catch(() => {});
      throw fed.reason;
    }
    if (stored.status === "rejected") throw stored.reason;
    return meter.result();
  },

  get: async (key) => {
    const stored: Readable = await inner.get(key);
    const opener = new OpenStream(wrapKey, key);
    stored.on("error", (err) => opener.destroy(err));
    return stored.pipe(opener);
  },

  delete: (key) => inner.delete(key),
  list: () => inner.list(),
  sweepTemp: (olderThan) => inner.sweepTemp(olderThan),
});
