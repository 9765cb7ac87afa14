/**
 * The packed person source equals the scanner's person stream (people-stream.ts): same people in the same order,
 * same items, records, file and line, same contact (as `packContact` writes it) and same key texts; a resume
 * position skips exactly that many people; the packed encoder's rows decrypt to the contact and hash to the keys.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFile } from "../../engines/scan/generate.js";
import { streamPeople } from "../../engines/scan/people-stream.js";
import { PII_TYPES, piiMask } from "../../engines/scan/types.js";
import { decrypt } from "../../platform/crypto/keys.js";
import { makePackedEncoder } from "./batch.js";
import { packContact } from "./domain.js";
import type { HeldSizes } from "./held.js";
import { forEachPacked, PackWriter } from "./packed.js";
import { peopleBatches, type SourceBatch } from "./people-source.js";
import { copyRows } from "./copy-rows.testing.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-people-source-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const files = [join(dir, "a.csv"), join(dir, "b.csv")];
const scan = { referenceDate: 20160614, threads: 1 };

type Flat = { n: number; items: number; records: number; file: number; line: number; contact: string; keys: string[] };
const unpack = (batches: SourceBatch[]): Flat[] => {
  const out: Flat[] = [];
  for (const b of batches) {
    const src = Buffer.from(b.buf.buffer, b.buf.byteOffset, b.buf.byteLength);
    forEachPacked(
      b.buf,
      (n, items, records, file, line, at, length) => out.push({ n, items, records, file, line, contact: src.toString("utf8", at, at + length), keys: [] }),
      (kind, at, length) => {
        const text = src.toString("utf8", at, at + length);
        assert.equal(text.slice(0, text.indexOf("\u0000")), b.kinds[kind]);
        out.at(-1)!.keys.push(text);
      },
    );
  }
  return out;
};
const source = async (resumedFrom: number, batchSize = 700, heldArena?: HeldSizes): Promise<SourceBatch[]> => {
  const batches: SourceBatch[] = [];
  for await (const b of peopleBatches({ files, scan, resumedFrom, batchSize, fileNames: ["a.csv", "b.csv"], onScan: () => {}, ...(heldArena ? { heldArena } : {}) })) batches.push(b);
  return batches;
};

before(async () => {
  // people spread over both files, some with several records, dirt, a record without personal data
  await generateFile(files[0]!, { records: 3000, people: 2100, passports: 40, validPassports: 20, referenceDate: 20160614, keylessEvery: 500, newlineEvery: 700, dirt: 0.05 });
  writeFileSync(files[1]!, "氏名,フリガナ,メールアドレス,備考\n山田 太郎,ヤマダ タロウ,a@example.jp,x\n,,,なし\n山田 太郎,ヤマダ タロウ,A@example.jp,y\n\"佐藤\n花子\",サトウ ハナコ,b@example.jp,z\n");
});

test("the packed source gives the person stream's people, in its order, with the same fields", async () => {
  const expected: Flat[] = [];
  for await (const p of streamPeople(files, scan))
    expected.push({ n: p.personId, items: piiMask(p.items), records: p.records, file: p.source.file === "a.csv" ? 0 : 1, line: p.source.line, contact: packContact(p.contact), keys: p.keyTexts ?? [] });
  const batches = await source(0);
  const got = unpack(batches);
  assert.ok(expected.length > 1500 && expected.some((p) => p.records > 1) && expected.some((p) => p.file === 1));
  assert.deepEqual(got, expected);
  assert.equal(batches.reduce((n, b) => n + b.count, 0), expected.length);
  assert.ok(batches.slice(0, -1).every((b) => b.count === 700), "full batches of batchSize");
  // item counts per batch add up to the people per item
  const counts: Record<string, number> = {};
  for (const b of batches) for (const [k, v] of Object.entries(b.counts)) counts[k] = (counts[k] ?? 0) + v;
  for (const t of PII_TYPES) assert.equal(counts[t] ?? 0, expected.filter((p) => (p.items & piiMask([t])) !== 0).length, t);

  // resuming after 1,234 people: exactly the rest
  assert.deepEqual(unpack(await source(1234)), expected.slice(1234));
  // the held people's arena grown, its blocks moved and compacted many times: the same people
  assert.deepEqual(unpack(await source(0, 700, { initial: 256, compactAbove: 0 })), expected);
});

test("with a tiny in-memory budget (held people spilled to the file and read back) the batches are byte-identical", async () => {
  const plain = await source(0);
  const spilled = await source(0, 700, { initial: 256, compactAbove: 0, budget: 2048 });
  assert.equal(spilled.length, plain.length);
  for (let i = 0; i < plain.length; i++) {
    assert.ok(Buffer.from(spilled[i]!.buf).equals(Buffer.from(plain[i]!.buf)), `batch ${i} differs`);
    assert.deepEqual({ ...spilled[i]!, buf: null }, { ...plain[i]!, buf: null });
  }
  // and a resume skips the same people
  const resumed = await source(1234, 700, { initial: 256, compactAbove: 0, budget: 2048 });
  assert.deepEqual(unpack(resumed), unpack(plain).slice(1234));
});

test("the packed encoder's rows decrypt to the contact and carry the HMAC of each key", async () => {
  const keys = { identifier: randomBytes(32), encryption: randomBytes(32) };
  const encode = makePackedEncoder(keys, { importId: "00000000-0000-4000-8000-000000000001", orgId: "00000000-0000-4000-8000-000000000002", incidentId: "00000000-0000-4000-8000-000000000003" });
  const batch = (await source(0, 100_000))[0]!;
  const people = unpack([batch]);
  const copy = { ...batch, buf: batch.buf.slice() };
  const out = encode(copy);
  assert.equal(out.identifierCount, people.reduce((n, p) => n + p.keys.length, 0));

  const peopleRows = copyRows(out.people);
  const idRows = copyRows(out.identifiers);
  assert.equal(peopleRows.length, people.length);
  let k = 0;
  for (let i = 0; i < people.length; i += 97) {
    const p = people[i]!;
    const row = peopleRows[i]!;
    assert.equal(Number(row[1]!.readBigInt64BE()), p.n);
    assert.equal(decrypt(keys.encryption, row[4]!), p.contact);
    assert.equal(row[5]!.readInt32BE(), p.items);
  }
  for (const p of people)
    for (const text of p.keys) {
      const row = idRows[k++]!;
      assert.equal(Number(row[1]!.readBigInt64BE()), p.n);
      assert.equal(row[4]!.toString("utf8"), text.slice(0, text.indexOf("\u0000")));
      assert.deepEqual(row[5], createHmac("sha256", keys.identifier).update(text, "utf8").digest());
    }
});

test("a contact written in place is the JSON of packContact, escapes and all", () => {
  const names = ["k", "a", "r", "e", "p", "z", "d"];
  const hostile = ['山田 "太郎"', "a\\b", "改\n行\t", "\u0000\u001f", "lone \ud800 high", "lone \udc00 low", "😀 pair", "ｶﾅ", "", "plain@example.jp"];
  for (let i = 0; i < 200; i++) {
    const values: (string | undefined)[] = names.map((_, k) => ((i >> k) & 1 ? hostile[(i * 7 + k) % hostile.length] : undefined));
    const expected = JSON.parse(JSON.stringify(Object.fromEntries(names.flatMap((n, k) => (values[k] === undefined ? [] : [[n, values[k]]])))));
    const w = new PackWriter();
    w.contact(names, values.slice());
    const buf = Buffer.from(w.take());
    const text = buf.toString("utf8", 4, 4 + buf.readUInt32LE(0));
    assert.equal(text, JSON.stringify(expected));
  }
});
