/** HTML tables: "Excel" exports that are HTML, saved web pages; records as a browser shows the rows. */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { encodeShiftJis } from "../encode-sjis.js";
import { scan } from "../scan.js";
import { HtmlTableParser } from "./html.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-html-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function html(parts: string[], maxRecordChars?: number): { rows: string[]; diags: string[] } {
  const out = { rows: [] as string[], diags: [] as string[] };
  let table = "";
  const p = new HtmlTableParser({ ...(maxRecordChars ? { maxRecordChars } : {}), onTable: (n) => (table = n), onRecord: (f, n, l) => out.rows.push(`${table}@${l} ${f.slice(0, n).map((v) => v ?? "∅").join("|")}`), onDiag: (c, l) => out.diags.push(`${c}@${l}`) });
  for (const t of parts) p.push(t);
  p.end();
  return out;
}

// as business systems write their "Excel" export: HTML with Office namespaces, a title row spanning the columns,
// unclosed rows, entities, a line break and a link inside cells
const exported = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><style>td{mso-number-format:"\\@";}</style></head>
<body>
<table border=1>
<tr><td colspan=4>会員一覧\u3000出力日：2016/06/14</td></tr>
<tr><th>氏名</th><th>フリガナ</th><th>メールアドレス</th><th>電話番号</th></tr>
<tr><td>山田&nbsp;太郎</td><td>ヤマダ タロウ</td><td>taro@example.jp</td><td>090-1234-5678</td>
<tr><td>佐藤 花子</td><td>サトウ ハナコ</td><td>hanako&#64;example.jp</td><td>03-1234-5678</td></tr>
<tr><td>鈴木<br>一郎</td><td>スズキ イチロウ</td><td><a href="mailto:ichiro@example.jp">ichiro@example.jp</a></td><td>080-2222-3333</td></tr>
</table>
</body></html>
`;

describe("HTML tables", () => {
  test("an \"Excel\" export that is HTML (.xls, UTF-8 and Shift_JIS): rows as records, the title row skipped", async () => {
    for (const [name, data] of [["members.xls", Buffer.from(exported)], ["members-sjis.xls", encodeShiftJis(exported)]] as const) {
      const path = join(dir, name);
      writeFileSync(path, data);
      const r = await scan([path]);
      assert.equal(r.format, "html");
      assert.equal(r.records, 3);
      assert.equal(r.people.count, 3);
      assert.deepEqual(r.columns.map((c) => `${c.table}/${c.name}=${c.type}`), [`${name}:table1/氏名=name_kanji`, `${name}:table1/フリガナ=name_kana`, `${name}:table1/メールアドレス=email`, `${name}:table1/電話番号=phone`]);
      assert.deepEqual(r.diagnostics.map((d) => `${d.code}@${d.line}`), ["TITLE_ROWS@5"]);
    }
  });
  test("cells as a browser shows them; colspan keeps the columns; scripts, styles and spacer rows are not values", () => {
    const r = html(['<table><tr><th>a</th><th colspan="2">b</th><th>c</th></tr><tr><td> x &amp;\n  y </td><td>1</td><td>2</td><td><script>var s="<td>no</td>"</script>ok<style>.x{}</style></td></tr><tr><td></td><td>&nbsp;</td></tr></table>']);
    assert.deepEqual(r.rows, ["table1@1 a|b|∅|c", "table1@1 x & y|1|2|ok"]);
  });
  test("tables inside cells are tables of their own; each table is named in document order", () => {
    const r = html(["<table><tr><td>outer</td><td>\n<table><tr><td>inner 1</td></tr><tr><td>inner 2</td></tr></table>\n</td><td>after</td></tr></table><p>text</p><table><tr><td>third</td></tr></table>"]);
    assert.deepEqual(r.rows, ["table2@2 inner 1", "table2@2 inner 2", "table1@1 outer|∅|after", "table3@3 third"]);
  });
  test("a row over the record limit is reported at its line and skipped; the next row is read", () => {
    const r = html([`<table>\n<tr><td>${"x".repeat(200)}</td></tr>\n<tr><td>y</td></tr>\n</table>`], 100);
    assert.deepEqual(r.rows, ["table1@3 y"]);
    assert.deepEqual(r.diags, ["RECORD_TOO_LONG@2"]);
  });
  test("any split into chunks gives the same records and lines (fuzz), and arbitrary text never throws", () => {
    const whole = html([exported]);
    assert.equal(whole.rows.length, 5);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: exported.length }), { maxLength: 8 }), (cuts) => {
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        assert.deepEqual(html([0, ...at].map((c, i) => exported.slice(c, at[i] ?? exported.length))), whole);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        html(["<table><tr><td>" + s, s], 50);
      }),
      { numRuns: 300 },
    );
  });
  test("found by content whatever the name; a log line starting with < is not HTML", async () => {
    const page = join(dir, "page");
    writeFileSync(page, `<!DOCTYPE html>\n<html><body>${exported.slice(exported.indexOf("<table"))}`);
    assert.equal((await scan([page])).format, "html");
    const log = join(dir, "app.log");
    writeFileSync(log, "<134>Jun 14 10:00:01 host app: user=taro@example.jp\n<134>Jun 14 10:00:02 host app: ok\n");
    assert.equal((await scan([log])).format, "csv");
  });
});
