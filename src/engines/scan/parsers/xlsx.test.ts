/**
 * Excel workbooks: fixtures written by two other writers (XlsxWriter, openpyxl: fixtures/make-xlsx.py), and
 * workbooks put together here part by part for what those writers do not write (furigana, inline strings, numbers
 * in E notation, error cells), damaged ones and the formats that cannot be read.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import { writeZip } from "../../common/zip-writer.js";
import { scan } from "../scan.js";
import { excelDate, readXlsx } from "./xlsx.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "sokuho-xlsx-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function rows(path: string): Promise<string[]> {
  const out: string[] = [];
  let table = "";
  const hooks = { onTable: (n: string) => (table = n), onDiag: (c: string, l: number) => out.push(`${c}@${l}`), onRecord: (f: readonly (string | null)[], n: number, l: number) => out.push(`${table}@${l} ${f.slice(0, n).map((v) => v ?? "∅").join("|")}`) };
  for await (const _ of readXlsx(path, hooks)) void _;
  return out;
}

/** A workbook from its sheet XML (the <sheetData> content) and shared strings (the <sst> content). */
function workbook(name: string, sheetData: string, shared = "", styles = ""): string {
  const x = (s: string): Uint8Array => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const path = join(dir, name);
  writeFileSync(
    path,
    zipSync({
      "[Content_Types].xml": x('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      "xl/workbook.xml": x(`<workbook ${ns}><sheets><sheet name="顧客" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      "xl/_rels/workbook.xml.rels": x('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
      "xl/worksheets/sheet1.xml": x(`<worksheet ${ns}><sheetData>${sheetData}</sheetData></worksheet>`),
      ...(shared ? { "xl/sharedStrings.xml": x(`<sst ${ns}>${shared}</sst>`) } : {}),
      ...(styles ? { "xl/styles.xml": x(`<styleSheet ${ns}>${styles}</styleSheet>`) } : {}),
    }),
  );
  return path;
}

describe("Excel workbooks", () => {
  test("XlsxWriter: each sheet a table; dates in yyyy/m/d and 和暦 formats read as dates; people joined across sheets' rows", async () => {
    const path = join(fixtures, "guests-xlsxwriter.xlsx");
    const r = await scan([path], { referenceDate: 20160614 });
    assert.equal(r.format, "xlsx");
    assert.equal(r.records, 11); // 5 guests, 6 sales lines
    assert.equal(r.people.count, 4); // the same guest twice: the e-mail in capitals, the same kana and birth date
    assert.deepEqual(r.recordsByType, { name_kanji: 5, name_kana: 5, birth_date: 5, phone: 5, postal_code: 5, email: 5 });
    const types = Object.fromEntries(r.columns.map((c) => [`${c.table}/${c.name}`, c.type]));
    assert.equal(types["guests-xlsxwriter.xlsx:宿泊者/生年月日"], "birth_date");
    assert.equal(types["guests-xlsxwriter.xlsx:宿泊者/予約日"], "date");
    assert.equal(types["guests-xlsxwriter.xlsx:売上/商品コード"], "other");
    assert.deepEqual(r.diagnostics, []);
    const read = await rows(path);
    assert.equal(read[1], "宿泊者@2 山田 太郎|ヤマダ タロウ|1970-01-15|090-1234-5678|1400002|taro@example.jp|2016-03-11|2");
  });
  test("openpyxl: the 1904 date system, date-times, a blank row, rows that end early (not ragged), a test card number", async () => {
    const path = join(fixtures, "members-openpyxl.xlsx");
    const r = await scan([path], { referenceDate: 20160614 });
    assert.equal(r.records, 5);
    assert.equal(r.recordsByType.birth_date, 5);
    assert.deepEqual(r.diagnostics, []);
    const read = await rows(path);
    assert.equal(read[1], "members@2 山田 太郎|taro@example.jp|1970-01-15 09:30:00");
    assert.equal(read[5], "members@7 伊藤 健|ken@example.jp|1990-07-07|4111111111111111");
  });
  test("cells as Excel shows them: furigana left out, inline and rich strings, E notation, booleans, errors, gaps", async () => {
    const shared = '<si><t>山田 太郎</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si><si><r><t>taro@</t></r><r><t>example.jp</t></r></si>';
    const sheet =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>氏名</t></is></c><c r="B1" t="inlineStr"><is><t>メール</t></is></c><c r="D1" t="inlineStr"><is><t>番号</t></is></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="b"><v>1</v></c><c r="D3"><v>4.1111111111111E+15</v></c><c r="E3" t="e"><v>#N/A</v></c></row>' +
      '<row r="4"><c r="B4" t="str"><f>A1&amp;""</f><v>x &lt;y&gt;</v></c><c r="AA4"><v>0.5</v></c></row>';
    const read = await rows(workbook("cells.xlsx", sheet, shared));
    assert.deepEqual(read, ["顧客@1 氏名|メール|∅|番号", "顧客@3 山田 太郎|taro@example.jp|TRUE|4111111111111100", `顧客@4 ∅|x <y>|${"∅|".repeat(24)}0.5`]);
  });
  test("a namespace prefix on every tag (Open XML SDK writers: <x:row>, <x:c>) and on the relationship id", async () => {
    const sheet = '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>メール</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row>';
    const path = workbook("prefixed.xlsx", sheet, '<x:si><x:t>taro@example.jp</x:t></x:si>');
    assert.deepEqual(await rows(path), ["顧客@1 メール", "顧客@2 taro@example.jp"]);
  });
  test("a custom date format marks its cells as dates; a number format does not", async () => {
    const styles = '<numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="#,##0&quot;円&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs>';
    const sheet = '<row r="1"><c r="A1" s="1"><v>25583</v></c><c r="B1" s="2"><v>25583</v></c><c r="C1" s="3"><v>42535.5</v></c><c r="D1"><v>25583</v></c></row>';
    assert.deepEqual(await rows(workbook("styles.xlsx", sheet, "", styles)), ["顧客@1 1970-01-15|25583|2016-06-14 12:00:00|25583"]);
  });
  test("Excel's serial days: 1900 counts a 29 February that never was; 1904 starts at day 0", () => {
    assert.equal(excelDate(1, false), "1900-01-01");
    assert.equal(excelDate(59, false), "1900-02-28");
    assert.equal(excelDate(61, false), "1900-03-01");
    assert.equal(excelDate(25569, false), "1970-01-01");
    assert.equal(excelDate(0, true), "1904-01-01");
    assert.equal(excelDate(24107, true), "1970-01-01");
  });
  test("found by content without the extension; damaged zips and XML are reported; .xls and password-protected files say why", async () => {
    const good = workbook("export", '<row r="1"><c r="A1" t="inlineStr"><is><t>taro@example.jp</t></is></c></row>');
    const r = await scan([good]);
    assert.equal(r.format, "xlsx");
    assert.equal(r.recordsByType.email, 1);
    const cut = join(dir, "cut.xlsx");
    const zip = zipSync({ "xl/workbook.xml": strToU8("<workbook/>"), "xl/worksheets/sheet1.xml": strToU8("x".repeat(5000)) }, { level: 0 });
    writeFileSync(cut, zip.subarray(0, zip.length - 200));
    assert.deepEqual((await scan([cut])).diagnostics.map((d) => d.code), ["XLSX_ERROR"]);
    // shared strings over the limit (a bomb: 512 MB in use, 1 MB here) are refused before they are inflated
    const bomb = join(dir, "bomb.xlsx");
    writeFileSync(bomb, writeZip([{ name: "xl/workbook.xml", data: strToU8("<workbook/>") }, { name: "xl/sharedStrings.xml", data: new Uint8Array(2 << 20) }]));
    await assert.rejects(async () => {
      for await (const _ of readXlsx(bomb, { onRecord: () => {}, onDiag: () => {}, onTable: () => {} }, undefined, 1 << 20)) void _;
    }, /too large/);
    const badXml = workbook("bad.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t>taro@example.jp</t></is></c></row><row r="2"><c r="A2"><v>1</c></row>');
    const b = await scan([badXml]);
    assert.equal(b.records, 1);
    assert.equal(b.diagnostics[0]?.code, "XLSX_SYNTAX");
    // a workbook without its workbook part is an error, not 0 records in silence; a Word file is not read
    const noSheets = join(dir, "nosheets.xlsx");
    writeFileSync(noSheets, writeZip([{ name: "[Content_Types].xml", data: strToU8("<Types/>") }, { name: "xl/styles.xml", data: strToU8("<styleSheet/>") }]));
    assert.deepEqual((await scan([noSheets])).diagnostics.map((d) => d.code), ["XLSX_ERROR"]);
    const docx = join(dir, "letter.docx");
    writeFileSync(docx, writeZip([{ name: "[Content_Types].xml", data: strToU8("<Types/>") }, { name: "word/document.xml", data: strToU8("<w:document>taro@example.jp</w:document>") }]));
    assert.deepEqual((await scan([docx])).diagnostics.map((d) => d.code), ["BINARY_FILE"]);
    const xls = join(dir, "old.xls");
    writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4000)]));
    const o = await scan([xls]);
    assert.deepEqual(o.diagnostics.map((d) => `${d.code}/${d.severity}`), ["OFFICE_LEGACY/error"]);
    assert.match(o.diagnostics[0]?.message.ja ?? "", /パスワード/);
  });
});
