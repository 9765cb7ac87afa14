/**
 * The person stream: one record per unique person (as many as the scan counts), no person twice, no HMAC twice,
 * the same stream for 1 and 2 threads in pass 1, and no raw key in the output.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFile, type GroundTruth } from "./generate.js";
import { keyedHasher } from "./keyed-hash.js";
import { streamPeople, type PersonRecord } from "./people-stream.js";
import type { ScanResult } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-people-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "jtb.csv");
const hmacKey = Buffer.alloc(32, 7);
let truth: GroundTruth;

async function collect(threads: number): Promise<{ people: PersonRecord[]; scanned: number }> {
  const people: PersonRecord[] = [];
  let scanned = -1;
  for await (const p of streamPeople([file], { referenceDate: 20160614, threads, rangeBytes: 256 << 10, hmacKey, onScan: (r) => (scanned = r.people.count) }))
    people.push(p);
  return { people, scanned };
}

describe("streamPeople", () => {
  before(async () => {
    truth = await generateFile(file, { records: 20_000, people: 17_100, passports: 160, validPassports: 80, referenceDate: 20160614, keylessEvery: 1000, newlineEvery: 97 });
  });

  test("one record per person, nobody twice", async () => {
    const { people, scanned } = await collect(1);
    assert.equal(scanned, truth.people);
    assert.equal(people.length, truth.people);
    assert.equal(new Set(people.map((p) => p.personId)).size, people.length, "personId unique");
    const hmacs = people.flatMap((p) => p.keys.map((k) => k.hmac));
    assert.equal(new Set(hmacs).size, hmacs.length, "no match key belongs to two people");
    assert.equal(people.reduce((n, p) => n + p.records, 0), truth.records, "every record belongs to exactly one person");
    assert.equal(people.filter((p) => p.keys.length === 0).length, truth.keylessPeople);
    const p = people.find((x) => x.records > 1)!;
    assert.ok(p.contact.email && p.contact.nameKanji, "contact fields of the first record");
    assert.match(p.keys[0]!.hmac, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(p.keys).includes("@"), "no raw key in the output");
    assert.equal(p.keyTexts, undefined, "no key texts when the stream hashes");
    for (const t of ["name_kanji", "name_kana", "email", "birth_date"] as const) assert.ok(p.items.includes(t), `items name ${t}`);
    assert.ok(people.some((x) => x.items.includes("passport_number")) && people.some((x) => !x.items.includes("passport_number")), "passport named only for those who have one");
  });

  test("without a key, the same keys come as texts for the caller to hash", async () => {
    const hashed = await collect(1);
    const texts: PersonRecord[] = [];
    for await (const p of streamPeople([file], { referenceDate: 20160614, threads: 1 })) texts.push(p);
    assert.equal(texts.length, hashed.people.length);
    const h = keyedHasher(hmacKey);
    for (let i = 0; i < texts.length; i += 97) {
      const t = texts[i]!;
      assert.deepEqual(t.keys, []);
      assert.deepEqual(t.keyTexts!.map((k) => ({ kind: k.slice(0, k.indexOf("\u0000")), hmac: h(k) })), hashed.people[i]!.keys);
    }
  });

  test("the same stream when pass 1 uses two threads", async () => {
    const one = await collect(1);
    const two = await collect(2);
    assert.deepEqual(two.people.map((p) => [p.personId, p.records, p.keys.length]), one.people.map((p) => [p.personId, p.records, p.keys.length]));
  });

  test("records with no personal data (order lines, test card numbers only) are no person, in the scan and the stream", async () => {
    const dump = join(dir, "shop.sql");
    writeFileSync(
      dump,
      "CREATE TABLE users (id int, name text, email text);\nINSERT INTO users VALUES (1,'山田 太郎','taro@example.jp'),(2,'佐藤 花子','hanako@example.jp');\n" +
        "CREATE TABLE orders (id int, user_id int, amount int, card_no text);\nINSERT INTO orders VALUES (10,1,500,NULL),(11,2,700,'4111111111111111'),(12,1,900,NULL);\n",
    );
    const people: PersonRecord[] = [];
    let scanned: ScanResult | null = null;
    for await (const p of streamPeople([dump], { referenceDate: 20160614, hmacKey, onScan: (r) => (scanned = r) })) people.push(p);
    const r = scanned as ScanResult | null;
    assert.equal(r?.records, 5);
    assert.equal(r?.people.count, 2);
    assert.equal(r?.people.recordsWithoutKeys, 0);
    assert.equal(r?.columns.find((c) => c.name === "card_no")?.type, "card_number", "a test-number column is still a card column");
    assert.equal(people.length, 2);
  });
});
