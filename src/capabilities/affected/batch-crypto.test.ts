/**
 * The WebAssembly encoding (batch-crypto.wat) equals node:crypto: HMAC-SHA-256 against createHmac, AES-256-GCM
 * against createCipheriv and platform/crypto `decrypt`; the whole WebAssembly encoder against the JavaScript one; and
 * the committed module against its assembled source.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createHmac, createSecretKey, randomBytes, randomInt } from "node:crypto";
import { fileURLToPath } from "node:url";
import { assemble } from "../../../scripts/build-wasm.js";
import { decrypt } from "../../platform/crypto/keys.js";
import { makePackedEncoder } from "./batch.js";
import { BatchCrypto, HEAP, batchCryptoModule } from "./batch-crypto.js";
import { wasmBase64 } from "./batch-crypto.wasm.js";
import { ecbWith } from "./gcm-batch.js";
import { forEachPacked, PackWriter } from "./packed.js";
import { copyRows } from "./copy-rows.testing.js";

const module = batchCryptoModule();

test("the committed module is batch-crypto.wat assembled (scripts/build-wasm.ts), and this Node runs it", async () => {
  const bytes = await assemble(fileURLToPath(new URL("./batch-crypto.wat", import.meta.url)));
  assert.equal(wasmBase64, Buffer.from(bytes).toString("base64"), "run: node --import tsx scripts/build-wasm.ts src/capabilities/affected/batch-crypto.wat");
  assert.ok(module, "WebAssembly with SIMD is available");
});

const instance = (hmacKey: Buffer, encKey: Buffer): BatchCrypto => new BatchCrypto(module!, hmacKey, ecbWith(createSecretKey(encKey))(Buffer.alloc(16)));

test("wasm HMAC equals createHmac for every length 0–300, ASCII and multi-byte UTF-8, in groups of 1–9 (lane remainders)", () => {
  for (const key of [randomBytes(32), randomBytes(64), Buffer.alloc(32, 0xff)]) {
    const wc = instance(key, randomBytes(32));
    for (const unit of ["a", "ヤ", "\u0000", "😀"]) {
      const messages = Array.from({ length: 301 }, (_, len) => Buffer.from(unit.repeat(len)).subarray(0, len));
      // by block count, as batch.ts does; each group cut into calls of 1–9 messages
      const byBlocks = new Map<number, Buffer[]>();
      for (const m of messages) byBlocks.set((m.length + 72) >> 6, [...(byBlocks.get((m.length + 72) >> 6) ?? []), m]);
      for (const [blocks, group] of byBlocks) {
        for (let from = 0, size = 1; from < group.length; from += size, size = (size % 9) + 1) {
          const part = group.slice(from, from + size);
          wc.ensure(HEAP + (1 << 20));
          let at = HEAP + 4096 + 3; // odd addresses, as in a packed batch
          const jobs = HEAP;
          const outs: number[] = [];
          part.forEach((m, i) => {
            wc.heap.set(m, at);
            wc.i32[(jobs >> 2) + 3 * i] = at;
            wc.i32[(jobs >> 2) + 3 * i + 1] = m.length;
            at += m.length + 1;
            outs.push(at);
            wc.i32[(jobs >> 2) + 3 * i + 2] = at;
            wc.heap.fill(0xaa, at - 1, at + 33);
            at += 33;
          });
          wc.hmac(jobs, part.length, blocks);
          part.forEach((m, i) => {
            const o = outs[i]!;
            assert.deepEqual(wc.heap.subarray(o, o + 32), createHmac("sha256", key).update(m).digest(), `length ${m.length} unit ${JSON.stringify(unit)}`);
            assert.equal(wc.heap[o - 1], 0xaa, "writes nothing before its place");
            assert.equal(wc.heap[o + 32], 0xaa, "writes nothing after its 32 bytes");
          });
        }
      }
    }
  }
});

test("wasm GCM gives createCipheriv's ciphertext and tag for every length 0–300, and platform decrypt opens the box", () => {
  for (let round = 0; round < 3; round++) {
    const encKey = randomBytes(32);
    const wc = instance(randomBytes(32), encKey);
    const ecb = ecbWith(createSecretKey(encKey));
    for (let from = 0, size = 1; from <= 300; from += size, size = (size % 9) + 1) {
      const lengths = Array.from({ length: Math.min(size, 301 - from) }, (_, i) => (round === 0 ? from + i : randomInt(0, 301)));
      const bodies = lengths.map((l, i) => (i % 2 ? randomBytes(l) : Buffer.from("東京都千代田区丸の内😀a".repeat(30)).subarray(0, l)));
      const n = bodies.length;
      wc.ensure(HEAP + (1 << 20));
      const jobs = HEAP;
      const nonces = HEAP + 1024;
      const ctr = HEAP + 4096;
      let off = 0;
      let at = HEAP + 65536 + 1;
      const boxes: number[] = [];
      bodies.forEach((b, i) => {
        wc.heap.set(b, at);
        const box = at + b.length + 3;
        wc.heap.fill(0xaa, box - 1, box + 29 + b.length + 1);
        wc.heap[box] = 1;
        wc.i32.set([off, at, b.length, box + 29], (jobs >> 2) + 4 * i);
        boxes.push(box);
        off += 16 * (1 + Math.ceil(b.length / 16));
        at = box + 29 + b.length + 2;
      });
      const nonceBytes = randomBytes(12 * n);
      wc.heap.set(nonceBytes, nonces);
      wc.ctr(jobs, n, nonces, ctr);
      const ks = ctr + off;
      wc.heap.set(ecb(wc.heap.subarray(ctr, ctr + off)), ks);
      wc.seal(jobs, n, ks);
      bodies.forEach((b, i) => {
        const box = boxes[i]!;
        const nonce = nonceBytes.subarray(12 * i, 12 * i + 12);
        const c = createCipheriv("aes-256-gcm", encKey, nonce);
        const ct = Buffer.concat([c.update(b), c.final()]);
        const got = Buffer.from(wc.heap.subarray(box, box + 29 + b.length));
        assert.deepEqual(got.subarray(1, 13), nonce, `nonce, length ${b.length}`);
        assert.deepEqual(got.subarray(13, 29), c.getAuthTag(), `tag, length ${b.length}`);
        assert.deepEqual(got.subarray(29), ct, `ciphertext, length ${b.length}`);
        assert.equal(decrypt(encKey, got), b.toString("utf8"));
        assert.equal(wc.heap[box - 1], 0xaa);
        assert.equal(wc.heap[box + 29 + b.length], 0xaa);
      });
    }
  }
});

/** A packed batch of `n` people with varied contacts and keys (long ones past the module's 16 blocks too). */
const packedBatch = (n: number, seed: number): { buf: Uint8Array; kinds: string[] } => {
  const w = new PackWriter();
  const names = ["k", "a", "e", "p", "d"];
  const units = ["a", "ヤ", "😀", "\u0000", '"\\'];
  for (let i = 0; i < n; i++) {
    const r = (i * 7919 + seed) % 1000;
    w.head(i + seed, r, 1 + (r % 5), r % 3, 10 * i);
    w.contact(names, names.map((_, k) => ((r >> k) & 1 ? units[(r + k) % units.length]!.repeat((r * (k + 3)) % 120) : undefined)));
    const keys = r % 6;
    w.u16(keys);
    for (let k = 0; k < keys; k++) {
      w.u8(k % 3);
      const len = r === 999 && k === 0 ? 2000 : (r * (k + 1)) % (k === 4 ? 300 : 70);
      w.text(`${["email", "phone", "name_dob"][k % 3]}\u0000${units[(r + k) % units.length]!.repeat(len)}`);
    }
  }
  return { buf: w.take(), kinds: ["email", "phone", "name_dob"] };
};



test("the WebAssembly encoder gives the JavaScript encoder's rows: identifiers byte for byte, people but for nonce, tag and ciphertext, which decrypt to the contact", () => {
  const keys = { identifier: randomBytes(32), encryption: randomBytes(32) };
  const prefix = { importId: "00000000-0000-4000-8000-000000000001", orgId: "00000000-0000-4000-8000-000000000002", incidentId: "00000000-0000-4000-8000-000000000003" };
  const wasm = makePackedEncoder(keys, prefix);
  const js = makePackedEncoder(keys, prefix, { js: true });
  // sizes up and down: the module's memory grows between batches; an empty batch too
  for (const [n, seed] of [[0, 1], [1, 2], [9, 3], [5000, 4], [200, 5], [30_000, 6], [1001, 999]] as const) {
    const batch = packedBatch(n, seed);
    const a = wasm({ buf: batch.buf.slice(), kinds: batch.kinds });
    const b = js({ buf: batch.buf.slice(), kinds: batch.kinds });
    assert.equal(a.identifierCount, b.identifierCount);
    assert.deepEqual(Buffer.from(a.identifiers), Buffer.from(b.identifiers), `identifiers of ${n} people`);
    const contacts: string[] = [];
    const bytes = Buffer.from(batch.buf);
    forEachPacked(batch.buf, (_no, _i, _r, _f, _l, at, len) => contacts.push(bytes.toString("utf8", at, at + len)), () => {});
    const ra = copyRows(a.people);
    const rb = copyRows(b.people);
    assert.equal(ra.length, n);
    assert.equal(a.people.length, b.people.length);
    ra.forEach((row, i) => {
      const other = rb[i]!;
      assert.deepEqual(row.filter((_, f) => f !== 4), other.filter((_, f) => f !== 4), `row ${i}`);
      assert.equal(decrypt(keys.encryption, row[4]!), contacts[i], `contact ${i}`);
    });
  }
});
