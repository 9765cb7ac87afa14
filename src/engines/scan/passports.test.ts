/**
 * Passports still valid at a reference date: by the issue date and the first letter (T 10 years, M 5), or, where
 * the file gives it, by the expiry date (旅券有効期限) — which must never be read as an issue date.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classifyTable } from "./classify.js";
import { countPassports } from "./passports.js";
import { scan } from "./scan.js";
import { DEFAULT_PASSPORT_RULE } from "./types.js";

const T = "T".charCodeAt(0);
const M = "M".charCodeAt(0);
/** One batch as the tally writes it: per number a, b, letter, issue, expiry. */
const batch = (...rows: [number, number, number, number, number][]): Uint32Array => Uint32Array.from(rows.flat());

describe("passports still valid", () => {
  test("by issue date and letter; an expiry date decides where there is one; the latest of each counts", () => {
    const r = countPassports(
      [
        batch(
          [1, 1, T, 20100101, 0], // T, 10 years: valid on 2016-06-14
          [2, 2, M, 20100101, 0], // M, 5 years: expired
          [3, 3, M, 20100101, 20260101], // the expiry says valid, whatever the letter's rule says
          [4, 4, T, 20150101, 20160101], // the expiry says expired
          [5, 5, 0, 0, 20170101], // no issue date, an expiry: valid
        ),
        batch([4, 4, T, 0, 20200101]), // the same number again with a later expiry: that one counts
      ],
      20160614,
      DEFAULT_PASSPORT_RULE,
    );
    assert.equal(r.distinct, 5);
    assert.deepEqual([r.valid, r.expired, r.unknown], [4, 1, 0]);
  });

  test("有効期限 beside a passport number is its expiry; without one (a card's, a contract's) a date", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`TK${1000000 + i}`, `20${String(17 + (i % 9)).padStart(2, "0")}/0${1 + (i % 9)}/1${i % 9}`]);
    assert.deepEqual(classifyTable("t", ["旅券番号", "有効期限"], rows).map((p) => p.type), ["passport_number", "passport_expiry_date"]);
    assert.deepEqual(classifyTable("t", ["旅券番号", "旅券有効期限"], rows).map((p) => p.type), ["passport_number", "passport_expiry_date"]);
    const contracts = rows.map(([, d]) => [`C-${d}`, d!]);
    assert.deepEqual(classifyTable("t", ["契約番号", "有効期限"], contracts).map((p) => p.type), ["other", "date"]);
  });

  test("a booking file's 旅券有効期限: the passports' validity comes from it on both paths", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sokuho-passports-"));
    try {
      const file = join(dir, "bookings.csv");
      const rows = ["予約番号,代表者氏名,パスポート番号,旅券有効期限,生年月日"];
      let valid = 0;
      for (let i = 0; i < 3000; i++) {
        // expiry dates from 2014 to 2023 around the reference date 2016-06-14; a T-number issued any time would be
        // "valid" by the 10-year rule if the expiry were read as an issue date
        const y = 2014 + (i % 10);
        const expiry = `${y}/${String(1 + (i % 12)).padStart(2, "0")}/15`;
        if (Number(`${y}${String(1 + (i % 12)).padStart(2, "0")}15`) >= 20160614) valid++;
        rows.push(`R${i},山田 太郎${i},TK${String(1000000 + i)},${expiry},1970/01/15`);
      }
      writeFileSync(file, rows.join("\n") + "\n");
      for (const options of [{ threads: 1, textPath: true }, { threads: 2, rangeBytes: 16384 }]) {
        const r = await scan([file], { referenceDate: 20160614, ...options });
        assert.equal(r.passports.distinct, 3000);
        assert.deepEqual([r.passports.valid, r.passports.expired, r.passports.unknown], [valid, 3000 - valid, 0], JSON.stringify(options));
        assert.equal(r.recordsByType.passport_expiry_date, 3000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
