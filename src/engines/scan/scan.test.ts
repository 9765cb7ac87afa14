/**
 * Integration: a generated file with known ground truth, scanned as UTF-8 CSV, Shift_JIS, gzip, TSV, JSON Lines
 * and three SQL dump styles, with 1 and 2 threads; every count must equal the truth exactly.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFile, type GenerateOptions, type GenFormat, type GroundTruth } from "./generate.js";
import { scan } from "./scan.js";
import type { ScanResult } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-scan-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const OPTS: GenerateOptions = {
  records: 50_000,
  people: 42_800,
  passports: 400,
  validPassports: 190,
  referenceDate: 20160614,
  keylessEvery: 1000,
  newlineEvery: 97,
};

function assertTruth(r: ScanResult, t: GroundTruth): void {
  assert.equal(r.records, t.records, "records");
  assert.equal(r.people.count, t.people, "people");
  assert.equal(r.people.recordsWithoutKeys, t.keylessPeople, "records without keys");
  assert.equal(r.recordsWithName, t.recordsWithName, "records with a name");
  assert.deepEqual(r.recordsByType, t.recordsByType, "records by type");
  assert.equal(r.passports.distinct, t.passports.distinct, "passports");
  assert.equal(r.passports.valid, t.passports.valid, "valid passports");
  assert.equal(r.passports.expired, t.passports.expired, "expired passports");
  assert.equal(r.passports.unknown, 0);
  assert.deepEqual(r.bySource?.records, t.bySource, "by site");
  assert.deepEqual(r.diagnostics, []);
}

const variants: { name: string; file: string; format: GenFormat; encoding?: "shift_jis"; gzip?: boolean; threads: number[] }[] = [
  { name: "UTF-8 CSV", file: "jtb.csv", format: "csv", threads: [1, 2] },
  { name: "Shift_JIS CSV", file: "jtb-sjis.csv", format: "csv", encoding: "shift_jis", threads: [1, 2] },
  { name: "gzip CSV", file: "jtb.csv.gz", format: "csv", gzip: true, threads: [1] },
  { name: "Shift_JIS TSV gzip", file: "jtb.tsv.gz", format: "tsv", encoding: "shift_jis", gzip: true, threads: [1] },
  { name: "JSON Lines", file: "jtb.jsonl", format: "jsonl", threads: [1] },
  { name: "PostgreSQL COPY dump", file: "jtb-copy.sql", format: "sql-copy", threads: [1] },
  { name: "MySQL INSERT dump", file: "jtb-mysql.sql", format: "sql-insert-mysql", threads: [1] },
  { name: "PostgreSQL INSERT dump", file: "jtb-pg.sql", format: "sql-insert-pg", threads: [1] },
];

describe("counts equal the generator's ground truth", () => {
  const truths = new Map<string, GroundTruth>();
  before(async () => {
    for (const v of variants)
      truths.set(v.file, await generateFile(join(dir, v.file), { ...OPTS, format: v.format, ...(v.encoding ? { encoding: v.encoding } : {}), ...(v.gzip ? { gzip: true } : {}) }));
  });
  for (const v of variants)
    for (const threads of v.threads)
      test(`${v.name}, ${threads} thread(s)`, async () => {
        const r = await scan([join(dir, v.file)], { referenceDate: OPTS.referenceDate, threads, ...(threads > 1 ? { rangeBytes: 256 << 10 } : {}) });
        assertTruth(r, truths.get(v.file)!);
        if (v.encoding) assert.equal(r.encoding, "shift_jis");
        assert.equal(r.compressed, v.gzip === true);
      });
  test("the generator's truth is the same for every format", () => {
    const all = [...truths.values()].map((t) => JSON.stringify(t));
    assert.equal(new Set(all).size, 1);
  });
});

describe("worker cut points inside quoted fields", () => {
  test("many quoted line breaks, tiny ranges: threads agree with one thread", async () => {
    const rows = ["氏名,メールアドレス,住所,備考"];
    for (let i = 0; i < 4000; i++) {
      const note = i % 3 === 0 ? `"line one\nline two, with ""quotes""\n\nend"` : "plain";
      rows.push(`山田 太郎${i % 7 === 0 ? "" : ""},user${i}@example.jp,"東京都品川区東品川\n${i % 9}-3-11",${note}`);
    }
    const path = join(dir, "quoted.csv");
    writeFileSync(path, rows.join("\r\n") + "\r\n");
    const one = await scan([path], { referenceDate: 20160614, threads: 1 });
    for (const rangeBytes of [997, 4096, 65536]) {
      const two = await scan([path], { referenceDate: 20160614, threads: 2, rangeBytes });
      assert.equal(two.records, 4000);
      assert.equal(two.records, one.records);
      assert.equal(two.people.count, one.people.count);
      assert.deepEqual(two.recordsByType, one.recordsByType);
      assert.deepEqual(two.diagnostics, one.diagnostics);
    }
    assert.equal(one.people.count, 4000);
    assert.equal(one.recordsByType.address, 4000);
  });
});
