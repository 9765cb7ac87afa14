import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { assertBlobKey, BlobTooLargeError, hashStream, newBlobKey } from "./blob-store.js";

const chunks = (sizes: number[]): Readable => Readable.from(sizes.map((n, i) => Buffer.alloc(n, i + 1)));

test("hashStream gives the SHA-256 and size of what passed, across chunks", async () => {
  const whole = Buffer.concat([Buffer.alloc(1000, 1), Buffer.alloc(70_000, 2), Buffer.alloc(1, 3)]);
  const r = await hashStream(chunks([1000, 70_000, 1]));
  assert.equal(r.size, whole.length);
  assert.equal(r.sha256, createHash("sha256").update(whole).digest("hex"));
});

test("the SHA-256 of nothing is the well-known empty digest", async () => {
  const r = await hashStream(Readable.from([]));
  assert.deepEqual(r, { size: 0, sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" });
});

test("exactly the limit passes; one byte more fails with BlobTooLargeError", async () => {
  assert.equal((await hashStream(chunks([60, 40]), 100)).size, 100);
  await assert.rejects(hashStream(chunks([60, 41]), 100), (e: unknown) => e instanceof BlobTooLargeError && e.limit === 100);
});

test("the limit stops the stream early, without reading the rest", async () => {
  let pulled = 0;
  const endless = new Readable({
    read() {
      pulled++;
      this.push(Buffer.alloc(1024));
    },
  });
  await assert.rejects(hashStream(endless, 10_000), BlobTooLargeError);
  assert.ok(pulled < 100, `read ${pulled} chunks`);
});

test("keys are 128 random bits in hex; anything else is refused", () => {
  const a = newBlobKey();
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, newBlobKey());
  assert.doesNotThrow(() => assertBlobKey(a));
  for (const bad of ["../etc/passwd", `${a}/x`, a.toUpperCase(), "", `${a}.exe`]) assert.throws(() => assertBlobKey(bad), bad);
});
