/** Evidence sealed at rest: the contract still holds, the bytes on disk are not the file, and tampering is caught. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createHash, randomBytes } from "node:crypto";
import { blobStoreContract } from "./contract.js";
import { createLocalBlobStore } from "./local.js";
import { BlobDamagedError, CHUNK_BYTES, createEncryptedBlobStore, evidenceWrapKey, SEALED_MAGIC } from "./encrypted.js";
import { hashStream, newBlobKey } from "./blob-store.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-sealed-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const wrapKey = evidenceWrapKey(Buffer.alloc(32, 1));
const local = createLocalBlobStore(dir);
const store = createEncryptedBlobStore(local, wrapKey);
const pathOf = (key: string) => join(dir, key.slice(0, 2), key);
const bytes = async (s: Readable): Promise<Buffer> => {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c as Buffer);
  return Buffer.concat(out);
};
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

blobStoreContract(test, () => store, { root: dir });

/** A leaked customer list: it must not be readable from the folder. */
const secret = Buffer.from("氏名,メール\n山田 花子,hanako@example.jp\n".repeat(5000));

const putSecret = async () => {
  const key = newBlobKey();
  const r = await store.put(key, Readable.from([secret.subarray(0, 100_001), secret.subarray(100_001)]), { maxBytes: 1e9 });
  return { key, r };
};

test("the stored bytes are sealed: a marker, no plaintext, and the plaintext's size and hash reported", async () => {
  const { key, r } = await putSecret();
  assert.deepEqual(r, { size: secret.length, sha256: sha(secret) });
  const raw = readFileSync(pathOf(key));
  assert.ok(raw.subarray(0, 8).equals(SEALED_MAGIC));
  assert.equal(raw.includes(Buffer.from("山田")), false);
  assert.equal(raw.includes(Buffer.from("hanako@example.jp")), false);
  assert.ok((await bytes(await store.get(key))).equals(secret));
  assert.deepEqual(await hashStream(await store.get(key)), r);
});

test("sizes around the chunk boundary round-trip, empty included", async () => {
  for (const n of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES]) {
    const data = randomBytes(n);
    const key = newBlobKey();
    assert.equal((await store.put(key, Readable.from([data]), { maxBytes: n })).size, n);
    assert.ok((await bytes(await store.get(key))).equals(data), `${n} bytes`);
  }
});

const tampered = async (edit: (raw: Buffer) => Buffer, pattern: RegExp) => {
  const { key } = await putSecret();
  writeFileSync(pathOf(key), edit(readFileSync(pathOf(key))));
  await assert.rejects(hashStream(await store.get(key)), (e: unknown) => e instanceof BlobDamagedError && pattern.test(e.message));
};
const RECORD = 12 + CHUNK_BYTES + 16;
const HEADER = 74;

test("a blob cut off after a whole chunk is caught (the last-chunk flag)", () =>
  tampered((raw) => raw.subarray(0, HEADER + RECORD), /chunk 0 \(the last\) fails/));
test("a blob cut inside a chunk is caught", () => tampered((raw) => raw.subarray(0, raw.length - 100), /fails authentication/));
test("two chunks swapped are caught (the index)", () =>
  tampered((raw) => Buffer.concat([raw.subarray(0, HEADER), raw.subarray(HEADER + RECORD, HEADER + 2 * RECORD), raw.subarray(HEADER, HEADER + RECORD), raw.subarray(HEADER + 2 * RECORD)]), /chunk 0 fails/));
test("one flipped bit is caught", () => tampered((raw) => {
  raw[HEADER + 500]! ^= 1;
  return raw;
}, /chunk 0 fails/));
test("a header cut short is caught", () => tampered((raw) => raw.subarray(0, 40), /header is cut short/));

test("another server key, or the header moved onto another blob, does not open", async () => {
  const { key } = await putSecret();
  const other = createEncryptedBlobStore(local, evidenceWrapKey(Buffer.alloc(32, 2)));
  await assert.rejects(bytes(await other.get(key)), /the file key fails authentication/);
  const moved = newBlobKey();
  mkdirSync(join(dir, moved.slice(0, 2)), { recursive: true });
  writeFileSync(pathOf(moved), readFileSync(pathOf(key)));
  await assert.rejects(bytes(await store.get(moved)), /the file key fails authentication/);
});

test("files stored in clear before encryption are still read as they are", async () => {
  for (const data of [secret, Buffer.from("abc"), Buffer.alloc(0), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2])]) {
    const key = newBlobKey();
    await local.put(key, Readable.from([data]), { maxBytes: 1e9 });
    assert.ok((await bytes(await store.get(key))).equals(data));
  }
});
