import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { keyedHasher, keyedHasherBytes } from "./keyed-hash.js";

test("keyedHasher equals createHmac('sha256') for any key of 32+ bytes and any message", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 200 }), fc.array(fc.string({ unit: "binary", maxLength: 2000 }), { maxLength: 5 }), (keyBytes, messages) => {
      const key = Buffer.from(keyBytes);
      const h = keyedHasher(key);
      const b = keyedHasherBytes(key);
      for (const m of messages) {
        assert.equal(h(m), createHmac("sha256", key).update(m, "utf8").digest("hex"));
        assert.deepEqual(b(m), createHmac("sha256", key).update(m, "utf8").digest());
      }
    }),
  );
});

test("keyedHasher refuses a short key", () => {
  assert.throws(() => keyedHasher(Buffer.alloc(16)), /at least 32 bytes/);
});
