import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CopyWriter, uuidBytes } from "./copy-binary.js";
import { countItems, identifierPartition, importFingerprint, importSourceKey, isStrongKind, packContact, unpackContact } from "./domain.js";
import { piiMask, piiTypesOf } from "../../engines/scan/types.js";

const files = [{ name: "leak.csv", bytes: 1_350_000_000, mtimeMs: 1_463_100_000_123.4 }];

test("the fingerprint changes with the files and the options that change the stream, not with option order", () => {
  const a = importFingerprint({ files, options: { referenceDate: 20160614, matchKeys: [["email"]] } });
  assert.equal(a, importFingerprint({ files, options: { matchKeys: [["email"]], referenceDate: 20160614 } }));
  assert.notEqual(a, importFingerprint({ files, options: { referenceDate: 20160615, matchKeys: [["email"]] } }));
  assert.notEqual(a, importFingerprint({ files: [{ ...files[0]!, bytes: 1 }], options: { referenceDate: 20160614, matchKeys: [["email"]] } }));
  assert.notEqual(a, importFingerprint({ files: [{ ...files[0]!, mtimeMs: 1 }], options: { referenceDate: 20160614, matchKeys: [["email"]] } }));
});

test("items survive the bit mask, and counting adds one per item", () => {
  const items = ["name_kanji", "email", "passport_number", "ip_address"] as const;
  assert.deepEqual(piiTypesOf(piiMask([...items])), [...items]);
  const counts: Record<string, number> = {};
  countItems(counts, piiMask(["email", "passport_number"]));
  countItems(counts, piiMask(["email"]));
  assert.deepEqual(counts, { email: 2, passport_number: 1 });
});

test("contact details round-trip through their stored form, which keeps only what was given", () => {
  const c = { nameKanji: "山田 太郎", email: "taro@example.jp", address: "東京都千代田区\t1-1\n\"2\"" };
  const packed = packContact(c);
  assert.deepEqual(JSON.parse(packed), { k: "山田 太郎", e: "taro@example.jp", d: c.address });
  assert.deepEqual(unpackContact(packed), c);
  assert.throws(() => unpackContact(JSON.stringify({ e: 5 })));
});

test("a partition name is made only from an import id", () => {
  assert.equal(identifierPartition("0a1b2c3d-0000-4000-8000-00000000abcd"), "affected_identifiers_0a1b2c3d00004000800000000000abcd");
  assert.throws(() => identifierPartition("x'; DROP TABLE users; --"));
});

test("binary COPY: signature, header, one row per call with 32-bit lengths, and the -1 trailer", () => {
  const w = new CopyWriter(8);
  w.row(3).bytes(uuidBytes("0a1b2c3d-0000-4000-8000-00000000abcd")).int8(2 ** 40 + 5).text("メール");
  const out = Buffer.from(w.finish());
  assert.equal(out.subarray(0, 11).toString("latin1"), "PGCOPY\n\xff\r\n\0");
  assert.equal(out.readInt32BE(11), 0);
  assert.equal(out.readInt32BE(15), 0);
  let at = 19;
  assert.equal(out.readInt16BE(at), 3);
  at += 2;
  assert.equal(out.readInt32BE(at), 16);
  assert.equal(out.subarray(at + 4, at + 20).toString("hex"), "0a1b2c3d00004000800000000000abcd");
  at += 20;
  assert.equal(out.readInt32BE(at), 8);
  assert.equal(out.readBigInt64BE(at + 4), BigInt(2 ** 40 + 5));
  at += 12;
  assert.equal(out.readInt32BE(at), Buffer.byteLength("メール"));
  assert.equal(out.subarray(at + 4, at + 4 + 9).toString("utf8"), "メール");
  at += 13;
  assert.equal(out.readInt16BE(at), -1);
  assert.equal(out.length, at + 2, "nothing after the trailer, though the writer grew past its size hint");
});

test("binary COPY: a bigint column holds any safe non-negative integer", () => {
  for (const v of [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 7_930_000, 2 ** 53 - 1]) {
    const w = new CopyWriter(8);
    w.row(1).int8(v);
    const out = Buffer.from(w.finish());
    assert.equal(out.readInt32BE(21), 8);
    assert.equal(out.readBigInt64BE(25), BigInt(v), String(v));
  }
});

describe("merge rule and source key", () => {
  test("strong identifiers merge, weak ones never", () => {
    for (const k of ["email", "phone", "passport", "my_number", "kana+birth", "kanji+birth", "romaji+birth", "phone+birth", "email+kana"]) assert.equal(isStrongKind(k), true, k);
    for (const k of ["kana", "kanji", "birth", "kana+kanji", "kana+romaji"]) assert.equal(isStrongKind(k), false, k);
  });
  test("the source key ignores sizes and times, the fingerprint does not", () => {
    const a = { files: [{ name: "leak.csv", bytes: 10, mtimeMs: 1 }], options: { matchKeys: undefined } };
    const b = { files: [{ name: "leak.csv", bytes: 11, mtimeMs: 2 }], options: { matchKeys: undefined } };
    assert.equal(importSourceKey(a), importSourceKey(b));
    assert.notEqual(importFingerprint(a), importFingerprint(b));
    assert.notEqual(importSourceKey(a), importSourceKey({ ...a, files: [{ name: "other.csv", bytes: 10, mtimeMs: 1 }] }));
  });
});
