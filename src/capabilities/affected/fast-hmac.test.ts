import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { hmacBytesInto, hmacInto } from "./fast-hmac.js";

test("hmacInto equals createHmac for every length 0–300 bytes, ASCII and multi-byte UTF-8, and keys of 32 and 64 bytes", () => {
  for (const key of [randomBytes(32), randomBytes(64), Buffer.alloc(32, 0xff)]) {
    const h = hmacInto(key);
    const out = Buffer.alloc(40);
    for (let len = 0; len <= 300; len++) {
      for (const unit of ["a", "ヤ", "\u0000", "😀"]) {
        const msg = unit.repeat(len).slice(0, len);
        out.fill(0xaa);
        h(msg, out, 4);
        assert.deepEqual(out.subarray(4, 36), createHmac("sha256", key).update(msg, "utf8").digest(), `len ${len} unit ${JSON.stringify(unit)}`);
        assert.equal(out[3], 0xaa, "writes nothing before its place");
        assert.equal(out[36], 0xaa, "writes nothing after its 32 bytes");
      }
    }
  }
});

test("hmacInto refuses a short key", () => {
  assert.throws(() => hmacInto(randomBytes(16)), /32 to 64 bytes/);
});

test("hmacBytesInto equals createHmac on UTF-8 bytes taken from the middle of a buffer", () => {
  const key = randomBytes(32);
  const h = hmacBytesInto(key);
  const out = Buffer.alloc(32);
  for (let len = 0; len <= 300; len++) {
    const msg = Buffer.from("メール\u0000a@example.jp😀".repeat(20)).subarray(0, len);
    const src = Buffer.concat([randomBytes(7), msg, randomBytes(5)]);
    h(src, 7, len, out, 0);
    assert.deepEqual(out, createHmac("sha256", key).update(msg).digest(), `len ${len}`);
  }
});
