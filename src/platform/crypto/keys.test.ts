import { test } from "node:test";
import assert from "node:assert/strict";
import { decrypt, deriveKeys, encrypt, hmac, normalizeEmail } from "./keys.js";

const secret = Buffer.alloc(32, 7);

test("keys for different purposes differ", () => {
  const k = deriveKeys(secret);
  assert.notDeepEqual(k.identifier, k.encryption);
  assert.notDeepEqual(k.encryption, k.audit);
});

test("encryption round-trips, uses a fresh nonce and detects tampering", () => {
  const { encryption } = deriveKeys(secret);
  const a = encrypt(encryption, "山田太郎 <taro@example.jp>");
  const b = encrypt(encryption, "山田太郎 <taro@example.jp>");
  assert.notDeepEqual(a, b);
  assert.equal(decrypt(encryption, a), "山田太郎 <taro@example.jp>");
  const tampered = Buffer.from(a);
  tampered[tampered.length - 1]! ^= 1;
  assert.throws(() => decrypt(encryption, tampered));
});

test("identifier hashes depend on the key and on the normalised value", () => {
  const k1 = deriveKeys(secret).identifier;
  const k2 = deriveKeys(Buffer.alloc(32, 8)).identifier;
  assert.deepEqual(hmac(k1, normalizeEmail(" Taro@Example.JP ")), hmac(k1, "taro@example.jp"));
  assert.deepEqual(hmac(k1, normalizeEmail("ｔａｒｏ@example.jp")), hmac(k1, "taro@example.jp"));
  assert.notDeepEqual(hmac(k1, "taro@example.jp"), hmac(k2, "taro@example.jp"));
});

test("a key of the wrong size is refused", () => {
  assert.throws(() => deriveKeys(Buffer.alloc(16)));
});
