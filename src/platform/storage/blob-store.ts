/**
 * Where evidence files live: a BlobStore keeps opaque byte streams under random keys. The platform never opens,
 * parses or executes what it stores; it only counts, hashes and hands the bytes back. Providers are chosen by
 * configuration (`SOKUHO_STORAGE`): a local folder by default, or an S3-compatible bucket.
 */
import { createHash, randomBytes, type Hash } from "node:crypto";
import { Transform, Writable, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";

export type PutResult = { size: number; sha256: string };

export type BlobStore = {
  readonly kind: "local" | "s3";
  /** Streams `body` under `key`, hashing and counting it; over `maxBytes` it fails with BlobTooLargeError and keeps nothing. */
  put: (key: string, body: Readable, opts: { maxBytes: number }) => Promise<PutResult>;
  /** The stored bytes; BlobNotFoundError when there are none. */
  get: (key: string) => Promise<Readable>;
  /** Removes the blob; removing a missing one is not an error. */
  delete: (key: string) => Promise<void>;
  /** Every stored blob, a page at a time, with when it was last written: for the orphan sweep. */
  list: () => AsyncIterable<StoredBlob[]>;
  /** Removes what interrupted uploads left behind before `olderThan`; returns how many. */
  sweepTemp: (olderThan: Date) => Promise<number>;
};

export type StoredBlob = { key: string; modifiedAt: Date };

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob larger than ${limit} bytes`);
  }
}
export class BlobNotFoundError extends Error {
  constructor() {
    super("blob not found");
  }
}

/** A new storage key: 128 random bits as hex, never derived from the user's filename. */
export const newBlobKey = (): string => randomBytes(16).toString("hex");
const KEY = /^[0-9a-f]{32}$/;
/** Keys come from our own database, but a provider still refuses anything that could name another path. */
export const assertBlobKey = (key: string): void => {
  if (!KEY.test(key)) throw new Error("invalid blob key");
};

/** A pass-through stream that counts bytes and computes their SHA-256, failing once more than `maxBytes` pass. */
export class HashingLimit extends Transform {
  #hash: Hash = createHash("sha256");
  #size = 0;
  #digest: string | null = null;
  constructor(readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.maxBytes) return done(new BlobTooLargeError(this.maxBytes));
    this.#hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    this.#digest = this.#hash.digest("hex");
    done();
  }
  /** Size and hash; only once the stream has ended. */
  result(): PutResult {
    if (this.#digest === null) throw new Error("stream not finished");
    return { size: this.#size, sha256: this.#digest };
  }
}

/** Reads a stream to its end through a HashingLimit, discarding the bytes: for re-hashing stored evidence. */
export const hashStream = async (body: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<PutResult> => {
  const meter = new HashingLimit(maxBytes);
  await pipeline(body, meter, new Writable({ write: (_chunk, _enc, done) => done() }));
  return meter.result();
};
