/** The batch AES-256-GCM equals node:crypto's createCipheriv("aes-256-gcm") byte for byte: ciphertext and tag. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createSecretKey, randomBytes, randomInt } from "node:crypto";
import { gcmBatch } from "./gcm-batch.js";

const reference = (key: Buffer, nonce: Uint8Array, body: Uint8Array): { ct: Buffer; tag: Buffer } => {
  const c = createCipheriv("aes-256-gcm", key, nonce);
  const ct = Buffer.concat([c.update(body), c.final()]);
  return { ct, tag: c.getAuthTag() };
};

test("batch GCM gives createCipheriv's ciphertext and tag for every length 0–300 and random keys", () => {
  for (let round = 0; round < 4; round++) {
    const raw = randomBytes(32);
    const g = gcmBatch(createSecretKey(raw));
    const n = 301;
    const lengths = Int32Array.from({ length: n }, (_, i) => (round === 0 ? i : randomInt(0, 301)));
    const nonces = randomBytes(12 * n);
    const bodies = Array.from(lengths, (l) => randomBytes(l));
    const offsets = new Int32Array(n);
    const ks = g.blocks(nonces, lengths, n, offsets);
    for (let i = 0; i < n; i++) {
      const body = bodies[i]!;
      // written at an odd offset of a bigger buffer, source too, as in a COPY row
      const src = Buffer.concat([randomBytes(3), body]);
      const out = Buffer.alloc(body.length + 40, 0xaa);
      g.seal(ks, offsets[i]!, src, 3, body.length, out, 21, 5);
      const want = reference(raw, nonces.subarray(12 * i, 12 * i + 12), body);
      assert.deepEqual(out.subarray(21, 21 + body.length), want.ct, `ciphertext, length ${body.length}`);
      assert.deepEqual(out.subarray(5, 21), want.tag, `tag, length ${body.length}`);
    }
  }
});

test("batch GCM: the same nonce and key give the same output as the reference on UTF-8 JSON", () => {
  const raw = randomBytes(32);
  const g = gcmBatch(createSecretKey(raw));
  const body = Buffer.from(JSON.stringify({ k: "山田 太郎", a: "ﾔﾏﾀﾞ ﾀﾛｳ", e: "taro@example.jp", d: "東京都千代田区丸の内1-1-1" }));
  const nonce = randomBytes(12);
  const offsets = new Int32Array(1);
  const ks = g.blocks(nonce, Int32Array.of(body.length), 1, offsets);
  const out = Buffer.alloc(body.length + 16);
  g.seal(ks, offsets[0]!, body, 0, body.length, out, 16, 0);
  const want = reference(raw, nonce, body);
  assert.deepEqual(out.subarray(16), want.ct);
  assert.deepEqual(out.subarray(0, 16), want.tag);
});
