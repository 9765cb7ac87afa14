/** Parsers: examples, chunk-split invariance and fuzzing (fast-check) that must find no crash. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { CsvParser, sniffDelimiter } from "./csv.js";
import { ByteCsvParser } from "./csv-bytes.js";
import { JsonlParser } from "./jsonl.js";
import { SqlParser } from "./sql.js";

function csv(text: string | string[], delimiter = ",", maxRecordChars?: number): { rows: (string | null)[][]; lines: number[]; diags: string[] } {
  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  const diags: string[] = [];
  const p = new CsvParser({ delimiter, ...(maxRecordChars ? { maxRecordChars } : {}), onRecord: (f, n, l) => (rows.push(f.slice(0, n)), lines.push(l)), onDiag: (c, l) => diags.push(`${c}@${l}`) });
  for (const t of Array.isArray(text) ? text : [text]) p.push(t);
  p.end();
  return { rows, lines, diags };
}

describe("CSV", () => {
  test("quoted fields with delimiters, doubled quotes and line breaks; CRLF; BOM", () => {
    const r = csv('\ufeffa,b,c\r\n"x,1","he said ""hi""","line1\nline2"\r\nplain,,end\r\n');
    assert.deepEqual(r.rows, [["a", "b", "c"], ["x,1", 'he said "hi"', "line1\nline2"], ["plain", "", "end"]]);
    assert.deepEqual(r.lines, [1, 2, 4]);
  });
  test("a long quoted field of doubled quotes and line breaks (HTML in a cell): value and line numbers exact", () => {
    // each line feed is found once (csv.ts parseQuoted): a search from every doubled quote had been quadratic
    const value = Array.from({ length: 3000 }, (_, i) => (i % 7 === 3 ? `<p class="a">${i}</p>\n` : `<b id="${i}">`)).join("");
    const quoted = `"${value.replace(/"/g, '""')}"`;
    const breaks = value.split("\n").length - 1;
    const text = `本文,メール\n${quoted},a@example.jp\n"x",b@example.jp\n`;
    for (const parts of [[text], text.match(/[\s\S]{1,4096}/g) as string[]]) {
      const r = csv(parts);
      assert.deepEqual(r.rows, [["本文", "メール"], [value, "a@example.jp"], ["x", "b@example.jp"]]);
      assert.deepEqual(r.lines, [1, 2, 3 + breaks]);
    }
  });
  test("TSV and other delimiters", () => {
    assert.deepEqual(csv("a\tb\n1\t2\n", "\t").rows, [["a", "b"], ["1", "2"]]);
    assert.equal(sniffDelimiter("a\tb\tc\n1\t2\t3\n"), "\t");
    assert.equal(sniffDelimiter("a;b;c\n1;2;3\n"), ";");
    assert.equal(sniffDelimiter("a,b\n1,2\n"), ",");
  });
  test("last line without a newline; blank lines skipped", () => {
    assert.deepEqual(csv("a,b\n\n1,2").rows, [["a", "b"], ["1", "2"]]);
  });
  test("unterminated quote is reported with its line and read to the end", () => {
    const r = csv('a,b\n1,"open\n2,3\n');
    assert.equal(r.rows.length, 2);
    assert.deepEqual(r.diags, ["UNTERMINATED_QUOTE@2"]);
  });
  test("stray quote inside an unquoted field is kept and reported", () => {
    const r = csv('a,b"c,d\n');
    assert.deepEqual(r.rows, [["a", 'b"c', "d"]]);
    assert.deepEqual(r.diags, ["STRAY_QUOTE@1"]);
  });
  test("Excel's text formula (=\"090…\", to keep a leading zero): the text inside, quoted or not, on text and on bytes; no stray quote", () => {
    const text = 'tel,zip,calc\n="09012345678",="1000001",=SUM(A1)\n"=""09012345678""","=""1000001""","=""a""b"""\n="090",x="1",="2"3\n';
    const r = csv(text);
    assert.deepEqual(r.rows, [
      ["tel", "zip", "calc"],
      ["09012345678", "1000001", "=SUM(A1)"],
      ["09012345678", "1000001", '="a"b"'],
      ["090", 'x="1"', '="2"3'],
    ]);
    assert.deepEqual(r.diags, ["STRAY_QUOTE@4"], "x=\"1\" and =\"2\"3 are no formula text");
    for (const cuts of [[], [12], [text.length >> 1]]) assert.deepEqual(bytesCsv(Buffer.from(text), ",", cuts).rows, r.rows);
  });
  test("a record longer than the limit is skipped, memory stays bounded, parsing resumes", () => {
    const long = "x".repeat(5000);
    const r = csv(["a,b\n", `1,"${long.slice(0, 2000)}`, `${long}\n,still quoted`, `"\n2,3\n`], ",", 1000);
    assert.deepEqual(r.rows, [["a", "b"], ["2", "3"]]);
    assert.deepEqual(r.diags, ["RECORD_TOO_LONG@2"]);
    assert.deepEqual(r.lines, [1, 4]);
  });
  test("any split of the input into chunks gives the same records (fuzz)", () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('"', '""', ",", "\n", "\r\n", "山田", "ｶﾅ"));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 6 }), (rows, cuts) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")).join("\n") + "\n";
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces: string[] = [];
        let prev = 0;
        for (const p of points) {
          pieces.push(text.slice(prev, p));
          prev = p;
        }
        pieces.push(text.slice(prev));
        const whole = csv(text);
        const split = csv(pieces);
        assert.deepEqual(split.rows, whole.rows);
        assert.deepEqual(whole.rows, rows);
      }),
      { numRuns: 300 },
    );
  });
  test("arbitrary text never throws (fuzz)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), fc.constantFrom(",", "\t", ";"), fc.integer({ min: 1, max: 50 }), (s, d, max) => {
        csv([s.slice(0, 7), s.slice(7)], d, max);
      }),
      { numRuns: 500 },
    );
  });
});

/** The byte parser fed the way range-task.ts feeds it (whole lines, then the rest at the end), records decoded. */
function bytesCsv(data: Buffer, delimiter: string, cuts: number[], shift = 0): { rows: (string | null)[][]; lines: number[]; diags: string[]; line: number } {
  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  const diags: string[] = [];
  const p = new ByteCsvParser({
    delimiter,
    onBytes: (b, o, base, n, l) => {
      rows.push(Array.from({ length: n }, (_, k) => Buffer.from(b.subarray(o[base + 2 * k], o[base + 2 * k + 1])).toString("utf8")));
      lines.push(l);
    },
    onRecord: (f, n, l) => (rows.push(f.slice(0, n)), lines.push(l)),
    onDiag: (c, l) => diags.push(`${c}@${l}`),
  });
  let buf = Buffer.alloc(0);
  let prev = 0;
  for (const cut of [...cuts, data.length]) {
    // at byte offset `shift` of its ArrayBuffer: the parser reads 4 bytes at a time only from an aligned buffer
    const joined = Buffer.concat([buf, data.subarray(prev, cut)]);
    buf = Buffer.from(new ArrayBuffer(joined.length + shift), shift, joined.length);
    joined.copy(buf);
    prev = cut;
    const whole = buf.lastIndexOf(0x0a) + 1;
    buf = buf.subarray(p.parse(buf, 0, whole, false));
  }
  if (buf.length > 0) p.parse(buf, 0, buf.length, true);
  return { rows, lines, diags, line: p.line };
}

describe("CSV on bytes (the worker path)", () => {
  test("same records, lines and warnings as the text parser, for any chunking (fuzz)", () => {
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('"', '""', ",", "\t", "\n", "\r\n", "\r", "", "山田", "ｶﾅ", "\ufeff", "a\"b", '"x"y'));
    const row = fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.constantFrom(",", ",", "\t", ";"), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), fc.boolean(), fc.nat(3), (rows, d, cuts, crlf, lastNewline, shift) => {
        const quote = (c: string): string => `"${c.replace(/"/g, '""')}"`;
        // a leading U+FEFF is data here (the text parser drops it; range-task.ts handles a BOM before the byte parser)
        let text = "x" + d + rows.map((r) => r.map(([c, q]) => (q ? quote(c) : c)).join(d)).join(crlf ? "\r\n" : "\n");
        if (lastNewline) text += "\n";
        const data = Buffer.from(text, "utf8");
        const want = csv(text, d);
        const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const got = bytesCsv(data, d, points, shift);
        assert.deepEqual(got.rows, want.rows);
        assert.deepEqual(got.lines, want.lines);
        assert.deepEqual(got.diags, want.diags);
      }),
      { numRuns: 2000 },
    );
  });
  test("4-byte steps: a delimiter, quote or line feed at every position of a word, after a borrow, at the ends", () => {
    // fields of every length 0–9 with bytes just above and below 0x2d around them, every alignment
    const parts = ["", "-", ",", "+-", "a b", "山", "--,-", "x\"y", "0123456"];
    for (let shift = 0; shift < 4; shift++)
      for (let a = 0; a < parts.length; a++)
        for (let b = 0; b < parts.length; b++) {
          const line = `${"-".repeat(a)}${parts[a]},${parts[b]}${"-".repeat(b)},${parts[(a + b) % parts.length]}`;
          const text = `${line}\n${line}\r\n${line}`;
          const data = Buffer.from(text, "utf8");
          for (const cuts of [[], [1 + a], [data.length >> 1]]) assert.deepEqual(bytesCsv(data, ",", cuts, shift).rows, csv(text, ",").rows, `${JSON.stringify(text)} shift ${shift}`);
        }
  });
});

describe("JSON Lines", () => {
  test("flattens nested objects; reports bad lines with their numbers", () => {
    const rows: (string | null)[][] = [];
    const diags: string[] = [];
    const p = new JsonlParser({ onRecord: (f, n) => rows.push(f.slice(0, n)), onDiag: (c, l) => diags.push(`${c}@${l}`) });
    p.push('{"name":"山田","contact":{"email":"a@b.jp","phones":["090"]}}\nnot json\n[1]\n{"name":"佐藤","n":1}');
    p.end();
    assert.deepEqual(p.columns, ["name", "contact.email", "contact.phones.0", "n"]);
    assert.deepEqual(rows, [["山田", "a@b.jp", "090"], ["佐藤", null, null, "1"]]);
    assert.deepEqual(diags, ["INVALID_JSON@2", "NOT_AN_OBJECT@3"]);
  });
  test("arbitrary text never throws (fuzz)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const p = new JsonlParser({ onRecord: () => {}, maxRecordChars: 50 });
        p.push(s);
        p.end();
      }),
      { numRuns: 500 },
    );
  });
});

/** A JSON text through JsonlParser in the given pieces: records with their table and line, and diagnostics. */
function json(parts: string[], maxRecordChars?: number): { rows: string[]; diags: string[] } {
  const out = { rows: [] as string[], diags: [] as string[] };
  let table = "";
  const p: JsonlParser = new JsonlParser({
    ...(maxRecordChars ? { maxRecordChars } : {}),
    onTable: (name) => (table = name),
    onRecord: (f, n, l) => out.rows.push(`${table}@${l} ${p.columnsOf(table).slice(0, n).map((c, i) => `${c}=${f[i] ?? "∅"}`).join(" ")}`),
    onDiag: (c, l) => out.diags.push(`${c}@${l}`),
  });
  for (const t of parts) p.push(t);
  p.end();
  return out;
}

describe("JSON documents", () => {
  const records = [
    { name: "山田 太郎", email: "taro@example.jp", note: 'says "}]{[" and \\' },
    { name: "佐藤 花子", email: "hanako@example.jp", phones: [{ type: "home", no: "03-1234-5678" }] },
  ];
  test("a top-level array, on one line or pretty-printed: each element a record of the file's own table", () => {
    for (const text of [JSON.stringify(records), JSON.stringify(records, null, 2), `\ufeff  ${JSON.stringify(records, null, "\t")}\n`]) {
      const r = json([text]);
      assert.deepEqual(r.diags, []);
      assert.equal(r.rows.length, 2);
      assert.match(r.rows[0] as string, /^@\d+ name=山田 太郎 email=taro@example.jp note=says "}\]{\[" and \\$/);
      assert.match(r.rows[1] as string, /^@\d+ name=佐藤 花子 email=hanako@example.jp note=∅ phones\.0\.type=home phones\.0\.no=03-1234-5678$/);
    }
    assert.deepEqual(json([JSON.stringify(records, null, 2)]).rows.map((r) => r.split(" ")[0]), ["@2", "@7"]);
  });
  test("an API response: the arrays of records inside the wrapper are tables named by their key path", () => {
    const doc = { total: 2, "page\u0020no": 1, data: { customers: records, orders: [{ id: "A1", card: "4111 1111 1111 1111" }] }, tags: ["a", "b"] };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      const r = json([text]);
      assert.deepEqual(r.diags, []);
      assert.deepEqual(r.rows.map((x) => x.replace(/@\d+/, "")), [
        `data.customers name=山田 太郎 email=taro@example.jp note=says "}]{[" and \\`,
        "data.customers name=佐藤 花子 email=hanako@example.jp note=∅ phones.0.type=home phones.0.no=03-1234-5678",
        "data.orders id=A1 card=4111 1111 1111 1111",
      ]);
    }
  });
  test("a pretty-printed object without an array of records is one record; later top-level objects (jq '.[]') are records", () => {
    const one = json([JSON.stringify({ name: "山田 太郎", contact: { email: "taro@example.jp" } }, null, 2)]);
    assert.deepEqual(one.rows, ["@1 name=山田 太郎 contact.email=taro@example.jp"]);
    const stream = json([records.map((x) => JSON.stringify(x, null, 2)).join("\n")]);
    assert.equal(stream.rows.length, 2);
    assert.match(stream.rows[1] as string, /phones\.0\.no=03-1234-5678$/); // the nested array stays in its record
  });
  test("JSON Lines stay JSON Lines, even with arrays of objects inside a record", () => {
    const lines = records.map((x) => JSON.stringify(x)).join("\n");
    assert.deepEqual(json([lines]).rows.map((x) => x.split(" ")[0]), ["@1", "@2"]);
    // a one-line file: a record unless it wraps an array of records
    assert.equal(json([JSON.stringify(records[1])]).rows.length, 1);
    assert.equal(json([JSON.stringify({ data: records })]).rows.length, 2);
  });
  test("rows as arrays of values; scalars where records belong are reported", () => {
    const r = json(['{"values":[["山田 太郎","taro@example.jp"],["佐藤 花子","hanako@example.jp"]]}']);
    assert.deepEqual(r.rows, ["values@1 0=山田 太郎 1=taro@example.jp", "values@1 0=佐藤 花子 1=hanako@example.jp"]);
    assert.deepEqual(json(["[1, 2, {\"a\": \"x\"}]"]).diags, ["NOT_AN_OBJECT@1", "NOT_AN_OBJECT@1"]);
  });
  test("a cut-off document keeps its whole records and reports the last; an invalid record is reported by its line", () => {
    const text = JSON.stringify(records, null, 2);
    const cut = json([text.slice(0, text.lastIndexOf("hanako"))]);
    assert.equal(cut.rows.length, 1);
    assert.deepEqual(cut.diags, ["INVALID_JSON@7"]);
    const bad = json(['[\n{"a": "x"},\n{"a": NaN},\n{"a": "y"}\n]']);
    assert.equal(bad.rows.length, 2);
    assert.deepEqual(bad.diags, ["INVALID_JSON@3"]);
  });
  test("a record over the limit is skipped with RECORD_TOO_LONG; the next one is read", () => {
    const r = json([JSON.stringify([{ a: "x".repeat(200) }, { a: "y" }], null, 2)], 100);
    assert.deepEqual(r.rows, ["@5 a=y"]);
    assert.deepEqual(r.diags, ["RECORD_TOO_LONG@2"]);
  });
  test("any split into chunks gives the same records (fuzz), and arbitrary text never throws", () => {
    const doc = JSON.stringify({ total: 2, data: { customers: records, orders: [{ id: "A1" }] } }, null, 2);
    const whole = json([doc]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: doc.length }), { maxLength: 6 }), (cuts) => {
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        const parts = [0, ...at].map((c, i) => doc.slice(c, at[i] ?? doc.length));
        assert.deepEqual(json(parts), whole);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat({ max: 300 }), (s, cut) => {
        json(["[" + s.slice(0, cut), s.slice(cut)], 50);
        json(["{\n" + s], 50);
      }),
      { numRuns: 500 },
    );
  });
});

function sql(text: string | string[]): { tables: string[]; rows: (string | null)[][]; diags: string[] } {
  const out = { tables: [] as string[], rows: [] as (string | null)[][], diags: [] as string[] };
  const p = new SqlParser({
    onTable: (name, cols) => out.tables.push(`${name}(${cols.join(",")})`),
    onRecord: (f, n) => out.rows.push(f.slice(0, n)),
    onDiag: (c, l) => out.diags.push(`${c}@${l}`),
  });
  for (const t of Array.isArray(text) ? text : [text]) p.push(t);
  p.end();
  return out;
}

describe("SQL dumps", () => {
  test("PostgreSQL COPY with \\N, escapes and the end marker", () => {
    const r = sql("CREATE TABLE public.c (\n  name text,\n  email text,\n  note text\n);\nCOPY public.c (name, email, note) FROM stdin;\n山田\ta@b.jp\tx\\ty\n佐藤\t\\N\tline\\nbreak\n\\.\nSELECT 1;\n");
    assert.deepEqual(r.tables, ["c(name,email,note)"]);
    assert.deepEqual(r.rows, [["山田", "a@b.jp", "x\ty"], ["佐藤", null, "line\nbreak"]]);
  });
  test("MySQL extended INSERT with backslash escapes; column names from CREATE TABLE", () => {
    const r = sql("/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE `c` (\n  `name` varchar(10),\n  `email` varchar(10),\n  PRIMARY KEY (`name`)\n) ENGINE=InnoDB;\nINSERT INTO `c` VALUES ('O\\'Brien','a@b.jp'),('山田',NULL);\n");
    assert.deepEqual(r.tables, ["c(name,email)"]);
    assert.deepEqual(r.rows, [["O'Brien", "a@b.jp"], ["山田", null]]);
  });
  test("one mysqldump INSERT line of thousands of tuples, escapes far apart, cut into chunks anywhere: every value exact", () => {
    // the next backslash is looked up once and kept (parsers/sql.ts nextBackslash): a kept position must never be
    // used past the text it was found in, nor skip an escape
    const n = 4000;
    const value = (i: number): string => (i % 997 === 5 ? `O'Brien\\${i}` : i % 1499 === 7 ? `line\nbreak${i}` : `user${i}@example.jp`);
    const esc = (v: string): string => v.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n");
    const text = "/*!40101 SET NAMES utf8mb4 */;\nINSERT INTO `t` VALUES " + Array.from({ length: n }, (_, i) => `(${i},'${esc(value(i))}')`).join(",") + ";\n";
    const expected = Array.from({ length: n }, (_, i) => [String(i), value(i)]);
    assert.deepEqual(sql(text).rows, expected);
    for (const size of [1, 7, 4096, 65536]) {
      const parts: string[] = [];
      for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
      assert.deepEqual(sql(parts).rows, expected, `chunks of ${size}`);
    }
  });
  test("PostgreSQL INSERT with a column list, '' quotes, casts and E-strings", () => {
    const r = sql("INSERT INTO public.c (name, born) VALUES ('it''s', '1990-01-02'::date);\nINSERT INTO c (name, born) VALUES (E'a\\nb', NULL);\n");
    assert.deepEqual(r.rows, [["it's", "1990-01-02"], ["a\nb", null]]);
  });
  test("statements split anywhere across chunks (fuzz)", () => {
    const text = "CREATE TABLE t (a text, b text);\nINSERT INTO t VALUES ('x,1', 'y''z'),('p', NULL);\nCOPY t (a, b) FROM stdin;\nq\tr\n\\.\n";
    const whole = sql(text);
    fc.assert(
      fc.property(fc.nat({ max: text.length }), fc.nat({ max: text.length }), (x, y) => {
        const [a, b] = [Math.min(x, y), Math.max(x, y)];
        assert.deepEqual(sql([text.slice(0, a), text.slice(a, b), text.slice(b)]), whole);
      }),
      { numRuns: 300 },
    );
    assert.equal(whole.rows.length, 3);
  });
  test("arbitrary text never throws (fuzz)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom("", "INSERT INTO t VALUES (", "COPY t FROM stdin;\n", "CREATE TABLE t ("), (s, prefix) => {
        sql([prefix + s.slice(0, 10), s.slice(10)]);
      }),
      { numRuns: 500 },
    );
  });
});
