/**
 * The behaviour every BlobStore provider must show, as a test suite a provider's test file runs against its own
 * instance. With `root` (the local provider), also checks what lies on disk: modes, names, no leftovers.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import type { test as nodeTest } from "node:test";
import { BlobNotFoundError, BlobTooLargeError, newBlobKey, type BlobStore } from "./blob-store.js";

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

const bytes = async (s: Readable): Promise<Buffer> => {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c as Buffer);
  return Buffer.concat(out);
};

export const blobStoreContract = (test: typeof nodeTest, make: () => BlobStore, opts: { root?: string } = {}): void => {
  const store = make();

  void test(`${store.kind}: put hashes a known file, get returns its bytes`, async () => {
    const key = newBlobKey();
    const r = await store.put(key, Readable.from([Buffer.from("abc")]), { maxBytes: 100 });
    // FIPS 180-2 test vector.
    assert.deepEqual(r, { size: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" });
    assert.equal(await text(await store.get(key)), "abc");
  });

  void test(`${store.kind}: a multi-megabyte stream in odd chunks keeps every byte`, async () => {
    const data = Buffer.alloc(9 * 1024 * 1024 + 7);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    const parts = [];
    for (let i = 0; i < data.length; i += 1_000_003) parts.push(data.subarray(i, i + 1_000_003));
    const key = newBlobKey();
    const r = await store.put(key, Readable.from(parts), { maxBytes: data.length });
    assert.equal(r.size, data.length);
    assert.equal(r.sha256, createHash("sha256").update(data).digest("hex"));
    assert.ok((await bytes(await store.get(key))).equals(data));
  });

  void test(`${store.kind}: over the limit the upload fails and leaves nothing`, async () => {
    const before = opts.root ? filesUnder(opts.root).length : 0;
    const key = newBlobKey();
    const big = Readable.from((function* () {
      for (let i = 0; i < 40; i++) yield Buffer.alloc(64 * 1024, i);
    })());
    await assert.rejects(store.put(key, big, { maxBytes: 1024 * 1024 }), (e: unknown) => e instanceof BlobTooLargeError && e.limit === 1024 * 1024);
    await assert.rejects(store.get(key), BlobNotFoundError);
    if (opts.root) assert.equal(filesUnder(opts.root).length, before);
  });

  void test(`${store.kind}: a failing source leaves nothing`, async () => {
    const before = opts.root ? filesUnder(opts.root).length : 0;
    const key = newBlobKey();
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error("connection reset"));
      },
    });
    await assert.rejects(store.put(key, broken, { maxBytes: 1e9 }), /connection reset/);
    await assert.rejects(store.get(key), BlobNotFoundError);
    // Late work of the failed upload (a file opened after the failure) would show only after a moment.
    await new Promise((r) => setTimeout(r, 50));
    if (opts.root) assert.equal(filesUnder(opts.root).length, before);
  });

  void test(`${store.kind}: delete removes, and removing twice is fine`, async () => {
    const key = newBlobKey();
    await store.put(key, Readable.from([Buffer.from("x")]), { maxBytes: 10 });
    await store.delete(key);
    await assert.rejects(store.get(key), BlobNotFoundError);
    await store.delete(key);
  });

  void test(`${store.kind}: list names every stored blob with its time`, async () => {
    const key = newBlobKey();
    const before = Date.now();
    await store.put(key, Readable.from([Buffer.from("listed")]), { maxBytes: 10 });
    const all: Array<{ key: string; modifiedAt: Date }> = [];
    for await (const page of store.list()) all.push(...page);
    const mine = all.find((b) => b.key === key);
    assert.ok(mine, "the new blob is listed");
    assert.ok(Math.abs(mine.modifiedAt.getTime() - before) < 60_000);
    await store.delete(key);
    const after: string[] = [];
    for await (const page of store.list()) after.push(...page.map((b) => b.key));
    assert.equal(after.includes(key), false);
  });

  void test(`${store.kind}: a key that is not ours is refused`, async () => {
    await assert.rejects(store.get("../../secret.key"), /invalid blob key/);
    await assert.rejects(store.put("a/b", Readable.from([]), { maxBytes: 1 }), /invalid blob key/);
  });

  if (opts.root) {
    const root = opts.root;
    void test("local: files are 0600 under their random key, nothing in .tmp", async () => {
      const key = newBlobKey();
      await store.put(key, Readable.from([Buffer.from("MZ\x90\x00 not run")]), { maxBytes: 100 });
      const path = join(root, key.slice(0, 2), key);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.deepEqual(readdirSync(join(root, ".tmp")), []);
    });

    void test("local: the sweep removes stale temporary files of interrupted uploads, not fresh ones", async () => {
      const tmp = join(root, ".tmp");
      mkdirSync(tmp, { recursive: true });
      writeFileSync(join(tmp, "stale.part"), "half an upload");
      writeFileSync(join(tmp, "fresh.part"), "an upload under way");
      const dayAgo = new Date(Date.now() - 86_400_000);
      utimesSync(join(tmp, "stale.part"), dayAgo, dayAgo);
      assert.equal(await store.sweepTemp(new Date(Date.now() - 3_600_000)), 1);
      assert.deepEqual(readdirSync(tmp), ["fresh.part"]);
      rmSync(join(tmp, "fresh.part"));
    });
  }
};
