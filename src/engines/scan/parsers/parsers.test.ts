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
