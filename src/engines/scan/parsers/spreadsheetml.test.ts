/** XML Spreadsheet 2003: the ".xls" that is XML; worksheets as tables, rows as records. */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { encodeShiftJis } from "../encode-sjis.js";
import { scan } from "../scan.js";
import { SpreadsheetMlParser } from "./spreadsheetml.js";

const fixture = fileURLToPath(new URL("../fixtures/members-2003.xls", import.meta.url));
const text = readFileSync(fixture, "utf8");
const dir = mkdtempSync(join(tmpdir(), "sokuho-xmlss-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function read(parts: string[]): { rows: string[]; diags: string[] } {
  const out = { rows: [] as string[], diags: [] as string[] };
  let table = "";
  const p = new SpreadsheetMlParser({ onTable: (n) => (table = n), onRecord: (f, n, l) => out.rows.push(`${table}@${l} ${f.slice(0, n).map((v) => v ?? "∅").join("|")}`), onDiag: (c, l) => out.diags.push(`${c}@${l}`) });
  for (const t of parts) p.push(t);
  p.end();
  return out;
}

describe("XML Spreadsheet 2003", () => {
  test("worksheets as tables; ss:Index and ss:MergeAcross keep the columns; DateTime as a date; comments are not values", () => {
    assert.deepEqual(read([text]).rows, [
      "会員@6 会員一覧",
      "会員@7 氏名|メール|生年月日|電話",
      "会員@8 山田 太郎|taro@example.jp|1970-01-15|090-1234-5678",
      "会員@9 佐藤 花子|∅|1985-12-03|03-1234-5678",
      "会員@10 鈴木 一郎|ichiro@example.jp|1962-09-22 09:30:00",
      "売上@13 商品|1200",
    ]);
    const merged = '<Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="s"><Table><Row><Cell ss:MergeAcross="1"><Data>A</Data></Cell><Cell><Data>B</Data></Cell></Row></Table></Worksheet></Workbook>';
    assert.deepEqual(read([merged]).rows, ["s@1 A|∅|B"]);
  });
  test("scanned as a user would (UTF-8 and Shift_JIS): the title row skipped, people counted", async () => {
    for (const [name, data] of [["members.xls", Buffer.from(text)], ["members-sjis.xls", encodeShiftJis(text.replace('encoding="UTF-8"', 'encoding="Shift_JIS"'))]] as const) {
      const path = join(dir, name);
      writeFileSync(path, data);
      const r = await scan([path], { referenceDate: 20160614 });
      assert.equal(r.format, "spreadsheetml");
      assert.equal(r.people.count, 3);
      assert.deepEqual(r.recordsByType, { name_kanji: 3, email: 2, birth_date: 3, phone: 2 });
      assert.deepEqual(r.diagnostics.map((d) => d.code), ["TITLE_ROWS"]);
    }
  });
  test("damaged XML: reported at its line, the rows before it kept; any split into chunks gives the same records", () => {
    const cut = text.replace("<Cell><Data ss:Type=\"String\">鈴木 一郎</Data></Cell>", "<Cell><Data>鈴木 一郎</Cell>");
    const r = read([cut]);
    assert.equal(r.rows.length, 4);
    assert.deepEqual(r.diags, ["XLSX_SYNTAX@10"]);
    const whole = read([text]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 8 }), (cuts) => {
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        assert.deepEqual(read([0, ...at].map((c, i) => text.slice(c, at[i] ?? text.length))), whole);
      }),
      { numRuns: 200 },
    );
  });
});
