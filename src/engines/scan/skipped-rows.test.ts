/**
 * Rows that are no records — total rows (合計, 小計, Total …) under a table or between its groups, rows of empty cells
 * (,,,,) — on the text path and the byte path, with one and two threads, in the person stream too; a row holding
 * personal data is never one.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scan } from "./scan.js";
import { streamPeople } from "./people-stream.js";
import { hasTotalWord, HeaderRow, isEmptyRow, isEmptyRowBytes, isTotalWord } from "./skipped-rows.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-totals-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("total words", () => {
  test("the whole cell, trimmed, any case, a final colon", () => {
    for (const w of ["合計", " 合計 ", "小計", "総計", "計", "以上", "Total", "TOTAL:", "Grand Total", "subtotal", "合計：", "\u3000合計"]) assert.ok(isTotalWord(w), w);
    for (const w of ["合計金額", "Total Tours Ltd.", "計画", "山田 計", "", "totally", "sum of", "合計 2"]) assert.ok(!isTotalWord(w), w);
    assert.ok(hasTotalWord([null, "", "合計", "120,000"], 4));
    assert.ok(hasTotalWord([" ", "\u3000", "Total:", "5"], 4));
    assert.ok(!hasTotalWord(["合計"], 0), "only the record's own fields");
    assert.ok(!hasTotalWord(["5", "total"], 2), "a status after an id is no total's label");
  });
  test("with its figure after a colon, as a report's last line (件数: 40)", () => {
    for (const w of ["件数: 40", "件数：40件", "合計：1,234件", "総件数: 7930000", "Total: 40 records", "TOTAL: 12 rows", "件数", "小計: 3名"]) assert.ok(isTotalWord(w), w);
    for (const w of ["件数: abc", "件数: 40 山田", "合計 2", "Total 40", ": 40", "件数: -4", "合計:1,234円分の内訳"]) assert.ok(!isTotalWord(w), w);
  });
});

/** A record of the byte path: the row's fields split on commas, as offsets into its UTF-8 bytes. */
function byteRecord(row: string): { buf: Buffer; offs: Int32Array; n: number } {
  const fields = row.split(",");
  const buf = Buffer.from(row, "utf8");
  const offs = new Int32Array(2 * fields.length);
  let at = 0;
  fields.forEach((f, k) => {
    offs[2 * k] = at;
    at += Buffer.byteLength(f);
    offs[2 * k + 1] = at;
    at += 1;
  });
  return { buf, offs, n: fields.length };
}

describe("the header row repeated in the data", () => {
  test("every field the header's (a BOM before the first allowed), on text and on bytes", () => {
    const h = new HeaderRow(["氏名", "フリガナ", "メールアドレス"]);
    for (const [row, same] of [["氏名,フリガナ,メールアドレス", true], ["\ufeff氏名,フリガナ,メールアドレス", true], ["氏名,フリガナ", false], ["氏名,フリガナ,メールアドレス,", false], ["氏名,フリガナ,メール", false], [" 氏名,フリガナ,メールアドレス", false], ["山田 太郎,ヤマダ タロウ,taro@example.jp", false], ["\ufeff\ufeff氏名,フリガナ,メールアドレス", false]] as const) {
      const fields = row.split(",");
      assert.equal(h.matches(fields, fields.length), same, JSON.stringify(row));
      const { buf, offs, n } = byteRecord(row);
      assert.equal(h.matchesBytes(buf, offs, 0, n), same, `bytes ${JSON.stringify(row)}`);
    }
  });
  for (const threads of [1, 2]) {
    for (const textPath of [false, true]) {
      test(`${threads} thread(s), ${textPath ? "text" : "byte"} path: exports joined with cat (each with its header, the later ones with a BOM): REPEATED_HEADER at their lines, no record, no name counted`, async () => {
        const n = 3000;
        const parts = [0, 1, 2].map((k) => customers(n, { subtotal: false, total: `件数: ${n}` }).replace(/taro(\d+)@/g, (_, i: string) => `taro${k}-${i}@`));
        const file = join(dir, `joined-${threads}-${textPath}.csv`);
        writeFileSync(file, Buffer.concat(parts.map((p, k) => Buffer.from(k === 0 ? p : `\ufeff${p}`, "utf8"))));
        const r = await scan([file], { threads, rangeBytes: 64 << 10, textPath, referenceDate: 20160614 });
        assert.equal(r.records, 3 * n);
        assert.equal(r.people.count, n, "the same people in each export (kana + birth date), with e-mails of their own");
        assert.deepEqual(r.diagnostics.map((d) => `${d.code}@${d.line}x${d.count}`).sort(), [`REPEATED_HEADER@${n + 3}x2`, `TOTAL_ROWS@${n + 2}x3`]);
        const name = r.columns.find((c) => c.name === "氏名")!;
        assert.equal(name.valid, 3 * n, "氏名 passes for a kanji name: not counted as one");
        assert.equal(name.nonNull, 3 * n);
      });
    }
  }
});

/** A customer file of `n` people (e-mail, kana + birth date), a subtotal after the first half and a total at the end. */
function customers(n: number, opts: { subtotal: boolean; total: string }): string {
  const rows = ["氏名,フリガナ,生年月日,メールアドレス,電話番号,金額"];
  for (let i = 0; i < n; i++) {
    // a birth date of each one's own (kana + birth date must not join them)
    const birth = `${1940 + (i % 60)}-${String(1 + (Math.floor(i / 60) % 12)).padStart(2, "0")}-${10 + (Math.floor(i / 720) % 18)}`;
    rows.push(`山田 太郎,ヤマダ タロウ,${birth},taro${i}@example.jp,090-${String(1000 + i).padStart(4, "0")}-${String(i % 10000).padStart(4, "0")},${1000 + i}`);
    if (opts.subtotal && i === Math.floor(n / 2)) rows.push(`小計,,,,,${i * 1000}`);
  }
  rows.push(opts.total);
  return rows.join("\n") + "\n";
}

describe("a file with total rows", () => {
  for (const threads of [1, 2]) {
    for (const textPath of [false, true]) {
      test(`${threads} thread(s), ${textPath ? "text" : "byte"} path: records and people without the totals, TOTAL_ROWS at their lines, no column counted`, async () => {
        const n = 6000;
        const file = join(dir, `customers-${threads}-${textPath}.csv`);
        writeFileSync(file, customers(n, { subtotal: true, total: "合計,,,,,99999999" }));
        const r = await scan([file], { threads, rangeBytes: 64 << 10, textPath, referenceDate: 20160614 });
        assert.equal(r.records, n);
        assert.equal(r.people.count, n);
        const d = r.diagnostics.find((x) => x.code === "TOTAL_ROWS");
        assert.ok(d, JSON.stringify(r.diagnostics));
        assert.equal(d.count, 2);
        assert.equal(d.line, 2 + Math.floor(n / 2) + 1, "the subtotal's line");
        assert.deepEqual(r.diagnostics.filter((x) => x.code === "RAGGED_ROW"), []);
        const name = r.columns.find((c) => c.name === "氏名")!;
        assert.equal(name.nonNull, n, "合計 in the name column is no value of it");
        assert.equal(name.nulls, 0);
        assert.equal(name.valid, n, "合計 passes for a kanji name: not counted as one");
      });
    }
  }

  test("a short total row (fewer cells) is no ragged row either; an English total with a colon", async () => {
    const file = join(dir, "short-total.csv");
    writeFileSync(file, customers(50, { subtotal: false, total: ",,,,Total:" }));
    const r = await scan([file], { referenceDate: 20160614 });
    assert.equal(r.records, 50);
    assert.deepEqual(r.diagnostics.map((d) => `${d.code}@${d.line}x${d.count}`), ["TOTAL_ROWS@52x1"]);
    // a short subtotal before a ragged record: the ragged row reported is the record's
    const rows = customers(10, { subtotal: false, total: "合計,,,,,1" }).trim().split("\n");
    rows.splice(4, 0, ",,小計");
    rows.splice(8, 0, "高橋 一郎,タカハシ イチロウ,1970-01-15,ichiro@example.jp");
    writeFileSync(file, rows.join("\n") + "\n");
    const again = await scan([file], { referenceDate: 20160614 });
    assert.equal(again.records, 11);
    assert.deepEqual(again.diagnostics.map((d) => `${d.code}@${d.line}x${d.count}`), ["TOTAL_ROWS@5x2", "RAGGED_ROW@9x1"]);
  });

  test("hostile: a row with personal data and a total word stays a record; 合計金額 and a company named Total are no totals", async () => {
    const file = join(dir, "not-totals.csv");
    // (a name alone beside 合計 too: a person's row with no other personal data)
    // (and a row of no one whose label column follows another value: "R-9,,計" is a record of no one, not a total)
    const rows = ["氏名,メールアドレス,区分", "山田 太郎,taro@example.jp,合計", "佐藤 花子,hanako@example.jp,計", "鈴木 一郎,,合計", ",,合計金額", ",,Total Tours Ltd.", "R-9,,計"];
    writeFileSync(file, rows.join("\n") + "\n");
    const r = await scan([file], { referenceDate: 20160614 });
    assert.equal(r.records, 6);
    assert.equal(r.people.count, 3);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === "TOTAL_ROWS"), []);
  });

  test("the person stream sees the same records as the scan (a subtotal between them does not shift the record numbers)", async () => {
    const file = join(dir, "stream.csv");
    writeFileSync(file, customers(3000, { subtotal: true, total: "総計,,,,,1" }));
    let count = 0;
    for await (const p of streamPeople([file], { referenceDate: 20160614, threads: 2, rangeBytes: 32 << 10, hmacKey: Buffer.alloc(32, 3) })) {
      assert.ok(p.items.length > 0);
      count++;
    }
    assert.equal(count, 3000);
  });
});

describe("empty rows", () => {
  test("every field empty or blank (spaces, tabs, U+3000), on text and on bytes", () => {
    for (const [row, empty] of [[",,,", true], [" ,\t,\u3000, ", true], [",,5,", false], [",,-,", false], ["", true], [",,\u3001,", false], [",\u00a0,", false]] as const) {
      const fields = row.split(",");
      assert.equal(isEmptyRow(fields, fields.length), empty, JSON.stringify(row));
      const { buf, offs, n } = byteRecord(row);
      assert.equal(isEmptyRowBytes(buf, offs, 0, n), empty, `bytes ${JSON.stringify(row)}`);
    }
  });
  for (const threads of [1, 2]) {
    for (const textPath of [false, true]) {
      test(`${threads} thread(s), ${textPath ? "text" : "byte"} path: rows of empty cells are no records (EMPTY_ROWS); a row with one value is one`, async () => {
        const n = 4000;
        const rows = customers(n, { subtotal: false, total: ",,,,," }).trim().split("\n");
        for (let k = rows.length - 1; k > 1; k -= 400) rows.splice(k, 0, k % 800 === 1 ? ", ,\u3000,,," : ",,,,,");
        rows.push(",,,,,120", ",,");
        const file = join(dir, `empty-${threads}-${textPath}.csv`);
        writeFileSync(file, rows.join("\n") + "\n");
        const r = await scan([file], { threads, rangeBytes: 64 << 10, textPath, referenceDate: 20160614 });
        assert.equal(r.records, n + 1, "the people and the row with 120");
        assert.equal(r.people.count, n);
        const d = r.diagnostics.find((x) => x.code === "EMPTY_ROWS");
        assert.ok(d, JSON.stringify(r.diagnostics));
        assert.equal(d.count, rows.length - 1 - n - 1);
        assert.deepEqual(r.diagnostics.filter((x) => x.code === "RAGGED_ROW").map((x) => x.count), [], "the short empty row is no ragged row either");
      });
    }
  }
});
