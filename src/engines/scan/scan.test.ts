/**
 * Integration: a generated file with known ground truth, scanned as UTF-8 CSV, Shift_JIS, gzip, TSV, JSON Lines
 * and three SQL dump styles, with 1 and 2 threads; every count must equal the truth exactly.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFile, generateRows, HEADER, type GenerateOptions, type GenFormat, type GroundTruth } from "./generate.js";
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

const variants: { name: string; file: string; format: GenFormat; encoding?: "shift_jis"; gzip?: boolean; dirt?: number; threads: number[] }[] = [
  { name: "UTF-8 CSV", file: "jtb.csv", format: "csv", threads: [1, 2] },
  { name: "UTF-8 CSV with dirt (2 % per kind)", file: "jtb-dirty.csv", format: "csv", dirt: 0.02, threads: [1, 2] },
  { name: "Shift_JIS CSV", file: "jtb-sjis.csv", format: "csv", encoding: "shift_jis", threads: [1, 2] },
  { name: "gzip CSV", file: "jtb.csv.gz", format: "csv", gzip: true, threads: [1] },
  { name: "Shift_JIS TSV gzip", file: "jtb.tsv.gz", format: "tsv", encoding: "shift_jis", gzip: true, threads: [1] },
  { name: "JSON Lines", file: "jtb.jsonl", format: "jsonl", threads: [1] },
  { name: "JSON document (an API response wrapping a pretty-printed array)", file: "jtb.json", format: "json", threads: [1] },
  { name: "PostgreSQL COPY dump", file: "jtb-copy.sql", format: "sql-copy", threads: [1] },
  { name: "MySQL INSERT dump", file: "jtb-mysql.sql", format: "sql-insert-mysql", threads: [1] },
  { name: "PostgreSQL INSERT dump", file: "jtb-pg.sql", format: "sql-insert-pg", threads: [1] },
];

describe("counts equal the generator's ground truth", () => {
  const truths = new Map<string, GroundTruth>();
  before(async () => {
    for (const v of variants)
      truths.set(v.file, await generateFile(join(dir, v.file), { ...OPTS, format: v.format, ...(v.encoding ? { encoding: v.encoding } : {}), ...(v.gzip ? { gzip: true } : {}), ...(v.dirt ? { dirt: v.dirt } : {}) }));
  });
  for (const v of variants)
    for (const threads of [...v.threads, ...(v.format === "csv" && !v.gzip ? [0] : [])])
      test(`${v.name}, ${threads === 0 ? "text path" : `${threads} thread(s)`}`, async () => {
        const r = await scan([join(dir, v.file)], { referenceDate: OPTS.referenceDate, ...(threads === 0 ? { threads: 1, textPath: true } : { threads }), ...(threads > 1 ? { rangeBytes: 256 << 10 } : {}) });
        assertTruth(r, truths.get(v.file)!);
        if (v.encoding) assert.equal(r.encoding, "shift_jis");
        assert.equal(r.compressed, v.gzip === true);
      });
  test("the generator's truth is the same for every format", () => {
    const all = [...truths.values()].map((t) => JSON.stringify(t));
    assert.equal(new Set(all).size, 1);
  });
});

describe("every field in quotes (as spreadsheets and database exports write CSV)", () => {
  // split on the bytes like unquoted records; the records with a line break inside an address still go to the
  // string parser (doubled quotes: csv-split.test.ts)
  const path = join(dir, "all-quoted.csv");
  let truth: GroundTruth;
  before(() => {
    const quote = (fields: readonly string[]): string => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(",");
    const lines = [quote(HEADER)];
    truth = generateRows({ ...OPTS, dirt: 0.05 }, (fields) => lines.push(quote(fields)));
    writeFileSync(path, lines.join("\r\n") + "\r\n");
  });
  for (const threads of [1, 2, 0])
    test(threads === 0 ? "text path" : `${threads} thread(s)`, async () => {
      const r = await scan([path], { referenceDate: OPTS.referenceDate, ...(threads === 0 ? { threads: 1, textPath: true } : { threads }), ...(threads > 1 ? { rangeBytes: 256 << 10 } : {}) });
      assertTruth(r, truth);
    });
});

describe("lines ending in CR alone (classic Mac OS, Excel for Mac's \"CSV (Macintosh)\")", () => {
  // had been read as one record holding the whole file; Shift_JIS, as those files usually are
  const path = join(dir, "mac.csv");
  let truth: GroundTruth;
  before(async () => {
    truth = await generateFile(path, { ...OPTS, records: 5000, people: 4300, passports: 40, validPassports: 19, encoding: "shift_jis", dirt: 0.02 });
    const bytes = readFileSync(path);
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) bytes[i] = 0x0d; // never a Shift_JIS trail byte
    writeFileSync(path, bytes);
  });
  for (const threads of [1, 2])
    test(`${threads} thread(s)`, async () => {
      const r = await scan([path], { referenceDate: OPTS.referenceDate, threads, rangeBytes: 64 << 10 });
      assertTruth(r, truth);
      assert.equal(r.encoding, "shift_jis");
    });
});

describe("title rows and Excel's sep= line above the header (business exports)", () => {
  const path = join(dir, "titled.csv");
  let truth: GroundTruth;
  before(async () => {
    truth = await generateFile(path, { ...OPTS, records: 5000, people: 4300, passports: 40, validPassports: 19, dirt: 0.02 });
    const pad = ",".repeat(HEADER.length - 1);
    writeFileSync(path, Buffer.concat([Buffer.from(`sep=,\r\n顧客一覧${pad}\r\n出力日,2016/06/14${pad.slice(1)}\r\n${pad}\r\n`), readFileSync(path)]));
  });
  for (const threads of [1, 2, 0])
    test(threads === 0 ? "text path" : `${threads} thread(s)`, async () => {
      const r = await scan([path], { referenceDate: OPTS.referenceDate, ...(threads === 0 ? { threads: 1, textPath: true } : { threads, rangeBytes: 64 << 10 }) });
      assert.deepEqual(r.diagnostics.map((d) => `${d.code}@${d.line}x${d.count}`), ["TITLE_ROWS@1x4"]);
      assertTruth({ ...r, diagnostics: [] }, truth);
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

describe("the byte path (one thread or workers) gives the text path's result", () => {
  // values in many spellings: ones the byte checks decide, ones they leave to the text checks, nulls, quotes
  const kana = ["ヤマダ タロウ", "やまだ はなこ", "ﾔﾏﾀﾞ ﾀﾛｳ", "サトウ\u3000ジロウ", "ヤ", "NULL"];
  const kanji = ["山田 太郎", "佐藤\u3000花子", "山田", "Taro", "-", "鈴木 一郎"];
  const emails = ["taro.yamada@example.jp", "TARO.YAMADA@EXAMPLE.JP", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "bad@", " spaced@example.jp", "n/a"];
  const phones = ["090-1234-5678", "+81 90-1234-5678", "03-1234-5678", "０９０１２３４５６７８", "12345", "+81 (0)80-1111-2222"];
  const dates = ["1980-01-02", "1980/1/2", "昭和55年1月2日", "S55.1.2", "19800102", "1980年13月1日", "平成元年1月8日", "二〇一六年六月十四日"];
  const addresses = ["東京都品川区東品川1-2-3", "品川区東品川1-2-3", "〒140-0002 東京都品川区", "東京", "大阪府大阪市北区梅田", "\"東京都新宿区\n1-2\""];
  const passports = ["TK1234567", "tk1234567", "TK-1234567", "", "X1"];
  const rows = ["\ufeff氏名,氏名カナ,性別,生年月日,メールアドレス,電話番号,郵便番号,住所,旅券番号,旅券取得日,サイト"];
  for (let i = 0; i < 6000; i++) {
    const at = <T,>(xs: T[], k: number): T => xs[(i * k + (i >> 3)) % xs.length] as T;
    const email = at(emails, 7).replace("taro", `taro${i % 2500}`).replace("ｔａｒｏ", `ｔａｒｏ${i % 10}`);
    const row = [at(kanji, 3), at(kana, 5), at(["男", "女", "M", "f", "", "不明"], 11), at(dates, 13), email, at(phones, 17).replace("5678", String(1000 + (i % 4000))), at(["140-0002", "1400002", "〒140-0002", "14000"], 19), at(addresses, 23), at(passports, 29), at(dates, 31), at(["JTB", "るるぶ", "", "提携サイト"], 37)];
    if (i % 97 === 5) row.pop(); // ragged
    rows.push(row.join(","));
    if (i % 211 === 3) rows.push(""); // blank line
  }
  const text = rows.join("\r\n") + "\r\n";
  const same = async (path: string, options: { maxRecordChars?: number } = {}): Promise<ScanResult> => {
    const one = await scan([path], { referenceDate: 20160614, threads: 1, textPath: true, ...options });
    const single = await scan([path], { referenceDate: 20160614, threads: 1, ...options });
    assert.deepEqual({ ...single, timings: null, files: null }, { ...one, timings: null, files: null }, "one thread on the bytes");
    for (const rangeBytes of [1009, 65536]) {
      const two = await scan([path], { referenceDate: 20160614, threads: 2, rangeBytes, ...options });
      const strip = (r: ScanResult) => ({ ...r, timings: null, files: null });
      assert.deepEqual(strip(two), strip(one));
    }
    return one;
  };
  test("assorted values, BOM, CRLF, blank lines, quoted line breaks, ragged rows", async () => {
    const path = join(dir, "assorted.csv");
    writeFileSync(path, text);
    const r = await same(path);
    assert.equal(r.records, 6000);
    assert.ok((r.recordsByType.email ?? 0) > 0 && (r.recordsByType.passport_number ?? 0) > 0 && r.people.count < 6000);
  });
  test("a site column with more values than are interned (768) or kept (1,000): the same counts and order", async () => {
    const path = join(dir, "sites.csv");
    // the sample sees four sites; later rows bring 1,300 more, each three times, interleaved
    const lines = text.split("\r\n");
    const out = lines.map((l, k) => (k > 2000 && l.length > 0 && !l.endsWith(",") ? l.replace(/,[^,]*$/, `,サイト${(k * 7) % 1300}`) : l));
    writeFileSync(path, out.join("\r\n"));
    // one thread only: each range keeps its own first 1,000 values, so ranges merged can list more
    const r = await scan([path], { referenceDate: 20160614, threads: 1, textPath: true });
    const bytes = await scan([path], { referenceDate: 20160614, threads: 1 });
    assert.deepEqual({ ...bytes, timings: null, files: null }, { ...r, timings: null, files: null });
    assert.equal(Object.keys(r.bySource?.records ?? {}).length, 1000);
    assert.ok((r.bySource?.otherValues ?? 0) > 0);
  });
  test("invalid bytes and a literal U+FFFD (those ranges are read as text)", async () => {
    const path = join(dir, "invalid.csv");
    const cut = text.length >> 1;
    writeFileSync(path, Buffer.concat([Buffer.from(text.slice(0, cut), "utf8"), Buffer.from([0xff, 0xfe]), Buffer.from(`\ufffd${text.slice(cut)}`, "utf8")]));
    const r = await same(path);
    assert.ok(r.diagnostics.some((d) => d.code === "INVALID_BYTES"));
  });
  test("records over the length limit (read as text)", async () => {
    const path = join(dir, "long.csv");
    const late = text.indexOf("山田 太郎", text.length >> 1); // past the classification sample
    writeFileSync(path, text.slice(0, late) + "山".repeat(3000) + text.slice(late + 5));
    const r = await same(path, { maxRecordChars: 2000 });
    assert.ok(r.diagnostics.some((d) => d.code === "RECORD_TOO_LONG"));
  });
});

describe("records by type over hundreds of combinations of filled columns", () => {
  // each row fills its own subset of eight personal-data columns (256 combinations, more than the tally's table of
  // 64 recent ones, so its evictions are counted too); the counts are recounted here from the rows
  const columns: [string, string, (i: number) => string][] = [
    ["name_kanji", "氏名", () => "山田 太郎"],
    ["name_kana", "氏名カナ", () => "ヤマダ タロウ"],
    ["sex", "性別", () => "男"],
    ["birth_date", "生年月日", (i) => `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`],
    ["email", "メールアドレス", (i) => `user${i}@example.jp`],
    ["phone", "電話番号", (i) => `090-${String(1000 + (i % 9000))}-${String(1000 + ((i * 7) % 9000))}`],
    ["postal_code", "郵便番号", () => "140-0002"],
    ["address", "住所", (i) => `東京都品川区東品川${1 + (i % 9)}-1-1`],
  ];
  const rows = [columns.map((c) => c[1]).join(",")];
  const want: Record<string, number> = {};
  let withName = 0;
  let withPii = 0;
  const n = 30_000;
  for (let i = 0; i < n; i++) {
    // every column filled in the first 200 rows (the classification's sample sees full columns), then by the bits
    // of a hash of the row
    const mask = i < 200 ? 0xff : (Math.imul(i, 0x9e3779b1) >>> 24) & 0xff;
    rows.push(columns.map(([type, , value], k) => (mask & (1 << k) ? ((want[type] = (want[type] ?? 0) + 1), value(i)) : "")).join(","));
    if (mask & 0b11) withName++;
    if (mask !== 0) withPii++;
  }
  const path = join(dir, "combinations.csv");
  before(() => writeFileSync(path, rows.join("\n") + "\n"));
  for (const mode of ["bytes, one thread", "text path", "bytes, two threads"] as const)
    test(mode, async () => {
      const r = await scan([path], {
        referenceDate: 20160614,
        ...(mode === "text path" ? { threads: 1, textPath: true } : mode === "bytes, one thread" ? { threads: 1 } : { threads: 2, rangeBytes: 64 << 10 }),
      });
      // a row that fills none of them is a row of empty cells: no record (EMPTY_ROWS)
      assert.equal(r.records, withPii);
      assert.equal(r.diagnostics.find((d) => d.code === "EMPTY_ROWS")?.count, n - withPii);
      assert.deepEqual(r.recordsByType, want);
      assert.equal(r.recordsWithName, withName);
      assert.equal(r.recordsWithPii, withPii);
    });
});

describe("a match key of a component whose byte check only validates (romaji)", () => {
  // the romaji byte check yields no normal form: as a match-key component the column must go to the text check,
  // whose normal form joins "SATO TARO" and "Sato Taro"
  const names = ["SATO TARO", "SUZUKI HANAKO", "TAKAHASHI JIRO", "TANAKA YUKI", "ITO KEN"];
  const rows = ["氏名ローマ字,生年月日"];
  for (let i = 0; i < 3000; i++) {
    const name = names[i % names.length] as string;
    rows.push(`${i % 2 === 0 ? name : name.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase())},1970-01-15`); // one birth date: the names alone tell the people apart
  }
  const path = join(dir, "romaji-key.csv");
  before(() => writeFileSync(path, rows.join("\n") + "\n"));
  for (const textPath of [false, true])
    test(textPath ? "text path" : "bytes", async () => {
      const r = await scan([path], { referenceDate: 20160614, threads: 1, textPath, matchKeys: [["romaji", "birth"]] });
      assert.equal(r.records, 3000);
      assert.equal(r.people.count, names.length);
    });
});

describe("birth dates as Excel serial day numbers in one file, as dates in another: one person each", () => {
  // a member list saved from a sheet whose date column was formatted as a number, beside the booking system's export
  const kana = ["ヤマダ タロウ", "サトウ ハナコ", "スズキ ジロウ", "タナカ ユキ", "イトウ ケン"];
  const births = [[25583, "1970-01-15"], [31100, "1985/02/22"], [19102, "昭和27年4月18日"], [24440, "1966-11-29"], [32906, "1990-02-02"]] as const;
  const sheet = ["フリガナ,生年月日,登録日"];
  const system = ["フリガナ,生年月日"];
  for (let i = 0; i < 3000; i++) {
    const k = i % kana.length;
    // the serial column has a few dates written as dates too; the registration date carries its weekday
    sheet.push(`${kana[k]},${i % 50 === 7 ? births[k]![1] : births[k]![0]},2015/11/01(日)`);
    system.push(`${kana[k]},${births[k]![1]}`);
  }
  const a = join(dir, "members-sheet.csv");
  const b = join(dir, "bookings.csv");
  before(() => {
    writeFileSync(a, sheet.join("\n") + "\n");
    writeFileSync(b, system.join("\n") + "\n");
  });
  for (const textPath of [false, true])
    test(textPath ? "text path" : "bytes", async () => {
      const r = await scan([a, b], { referenceDate: 20160614, threads: 1, textPath });
      assert.equal(r.records, 6000);
      assert.equal(r.recordsByType.birth_date, 6000, "every serial read as a date");
      assert.equal(r.people.count, kana.length, "each person once across the two files");
      const col = r.columns.find((c) => c.table === "members-sheet.csv" && c.name === "生年月日");
      assert.equal(col?.dateSerial, true);
      assert.equal(r.columns.find((c) => c.table === "members-sheet.csv" && c.name === "登録日")?.type, "date", "a date with its weekday is a date");
    });
});

describe("a company's switchboard beside each customer's own mobile: colleagues born the same day stay two people", () => {
  const rows = ["顧客名カナ,生年月日,携帯電話番号,勤務先電話番号,FAX番号"];
  for (let i = 0; i < 3000; i++) {
    // 30 companies, one birth date per 100 customers: many colleagues share a switchboard and a birth date
    const kana = `ヤマ${"アイウエオカキクケコ"[i % 10]}${"サシスセソタチツテト"[Math.floor(i / 10) % 10]} ${"ナニヌネノハヒフヘホ"[Math.floor(i / 100) % 10]}${"マミムメモ"[Math.floor(i / 1000)]}`;
    rows.push(`${kana},19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10},090-${String(1000 + i).padStart(4, "0")}-${String(5000 + i)},03-12${String(i % 30).padStart(2, "0")}-0000,03-12${String(i % 30).padStart(2, "0")}-9999`);
  }
  const path = join(dir, "crm.csv");
  before(() => writeFileSync(path, rows.join("\n") + "\n"));
  for (const textPath of [false, true])
    test(textPath ? "text path" : "bytes", async () => {
      const r = await scan([path], { referenceDate: 20160614, threads: textPath ? 1 : 2, rangeBytes: 16384, textPath });
      assert.equal(r.records, 3000);
      assert.equal(r.people.count, 3000);
      assert.equal(r.recordsByType.phone, 3000);
      assert.deepEqual(r.columns.filter((c) => c.sharedContact).map((c) => c.name), ["勤務先電話番号", "FAX番号"]);
    });
});

describe("SOKUHO_SCAN_PHASES: where the byte path left values to the string check", () => {
  // bank account numbers have no byte check; e-mails in their plain shape never leave the byte path
  const rows = ["email,口座番号"];
  for (let i = 0; i < 200; i++) rows.push(`user${i}@example.jp,${1000000 + i * 37}`);
  rows.push("user-x@example.jp\u3000\u3000x,1234567"); // an ideographic space inside: the string check decides
  const path = join(dir, "text-path.csv");
  before(() => writeFileSync(path, rows.join("\n") + "\n"));
  test("per column: values read as text, of those not empty; names and counts only", async () => {
    const lines: string[] = [];
    const error = console.error;
    process.env.SOKUHO_SCAN_PHASES = "1";
    console.error = (line: string) => void lines.push(String(line));
    try {
      await scan([path], { referenceDate: 20160614, threads: 1 });
    } finally {
      console.error = error;
      delete process.env.SOKUHO_SCAN_PHASES;
    }
    const text = lines.filter((l) => l.startsWith("text path:"));
    assert.deepEqual(text, ["text path: text-path.csv column 1 (email): 1 of 201 values", "text path: text-path.csv column 2 (bank_account): 201 of 201 values"]);
  });
});
