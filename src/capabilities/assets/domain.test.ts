import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { sjis } from "../../../test/capabilities/shift-jis.js";
import {
  decodeCsv, normalizeAddress, normalizeHostname, parseAssetCsv, parseBoolean, parseCsv, segmentationWarning,
} from "./domain.js";

describe("segmentation warning", () => {
  const cases: Array<[boolean, boolean, boolean, string[]]> = [
    [false, true, true, []],
    [true, false, false, []],
    [true, true, false, ["internet_facing"]],
    [true, false, true, ["egress_allowed"]],
    [true, true, true, ["internet_facing", "egress_allowed"]],
  ];
  for (const [holdsPersonalData, internetFacing, egressAllowed, reasons] of cases)
    test(`pii=${holdsPersonalData} internet=${internetFacing} egress=${egressAllowed} → [${reasons.join(", ")}]`, () =>
      assert.deepEqual(segmentationWarning({ holdsPersonalData, internetFacing, egressAllowed }), reasons));
});

describe("fields", () => {
  test("host names: trimmed, lower case, full width as ASCII; spaces and symbols refused", () => {
    assert.equal(normalizeHostname(" ＷＥＢ０１.Corp.example "), "web01.corp.example");
    assert.equal(normalizeHostname("db_01"), "db_01");
    for (const bad of ["", "web 01", "web01!", "-web", "ウェブ", "a".repeat(254)]) assert.equal(normalizeHostname(bad), null, bad);
  });
  test("addresses: IPv4, IPv6 and networks", () => {
    assert.equal(normalizeAddress("192.0.2.1"), "192.0.2.1");
    assert.equal(normalizeAddress("2001:DB8::1"), "2001:db8::1");
    assert.equal(normalizeAddress("10.0.0.0/8"), "10.0.0.0/8");
    for (const bad of ["10.0.0.0/33", "::/129", "1.2.3.4/x", "1.2.3.4/8/8", "host.example", "300.1.1.1"]) assert.equal(normalizeAddress(bad), null, bad);
  });
  test("booleans in the spellings Japanese spreadsheets use", () => {
    for (const t of ["true", "TRUE", "yes", "Y", "1", "１", "○", "◯", "はい", "有"]) assert.equal(parseBoolean(t), true, t);
    for (const f of ["false", "No", "0", "×", "いいえ", "無"]) assert.equal(parseBoolean(f), false, f);
    for (const x of ["maybe", "2", "△"]) assert.equal(parseBoolean(x), null, x);
  });
});

describe("CSV records", () => {
  test("quoted fields with commas, quotes and line breaks; the line each record starts on", () => {
    const r = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n\nlast,1');
    assert.deepEqual(r, {
      records: [
        { line: 1, cells: ["a", "b"] },
        { line: 2, cells: ["x, y", 'say "hi"'] },
        { line: 3, cells: ["multi\nline", "z"] },
        { line: 6, cells: ["last", "1"] },
      ],
    });
  });
  test("a BOM is dropped; tab-separated files are read too; rows of empty cells are skipped", () => {
    assert.deepEqual(parseCsv("\uFEFFhostname\tpii\nweb01\tyes\n\t\n"), { records: [{ line: 1, cells: ["hostname", "pii"] }, { line: 2, cells: ["web01", "yes"] }] });
    assert.deepEqual(parseCsv("a,b\n,,\n"), { records: [{ line: 1, cells: ["a", "b"] }] });
  });
  test("an unclosed quote names the line it opened on", () => {
    const r = parseCsv('a\n"ok"\n"broken\nmore');
    assert.ok("error" in r);
    assert.deepEqual([r.error.line, r.error.code], [3, "unterminated_quote"]);
  });
});

describe("inventory CSV", () => {
  test("Japanese headers, Shift_JIS bytes", () => {
    const bytes = sjis("ホスト名,IPアドレス,用途,個人情報,外部公開,外部通信\r\nweb01,192.0.2.1 192.0.2.2,予約サイト,○,○,×\r\n");
    const decoded = decodeCsv(bytes);
    assert.equal(decoded?.encoding, "shift_jis");
    const r = parseAssetCsv(decoded!.text);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.rows, [
      { line: 2, hostname: "web01", addresses: ["192.0.2.1", "192.0.2.2"], role: "予約サイト", holdsPersonalData: true, internetFacing: true, egressAllowed: false },
    ]);
  });
  test("UTF-8 stays UTF-8; bytes that are neither are refused", () => {
    assert.equal(decodeCsv(Buffer.from("ホスト名\nweb01\n"))?.encoding, "utf-8");
    assert.equal(decodeCsv(Uint8Array.from([0x82, 0xff, 0xfe])), null);
  });
  test("English headers in any case and spacing; empty cells are left out", () => {
    const r = parseAssetCsv("Host Name,Holds_Personal_Data,egress-allowed,Owner\ndb01,,no,\n");
    assert.deepEqual(r.rows, [{ line: 2, hostname: "db01", egressAllowed: false }]);
  });
  test("every bad row is reported with its line, column and field in both languages, and no row is returned", () => {
    const r = parseAssetCsv(
      ["hostname,addresses,pii,role", "ok01,192.0.2.1,yes,web", ",192.0.2.1,no,x", "bad host,999.1.1.1,maybe,x", "ok01,,,", "ok02,1.1.1.1", `ok03,,,${"r".repeat(201)}`].join("\n"),
    );
    assert.deepEqual(r.rows, []);
    assert.deepEqual(r.errors.map((e) => [e.line, e.column, e.field, e.code]), [
      [3, "hostname", "hostname", "required"],
      [4, "hostname", "hostname", "hostname"],
      [4, "addresses", "addresses", "address"],
      [4, "pii", "holdsPersonalData", "boolean"],
      [5, "hostname", "hostname", "duplicate_host"],
      [6, null, null, "field_count"],
      [7, "role", "role", "too_long"],
    ]);
    const dup = r.errors[4]!;
    assert.deepEqual([dup.ja, dup.en], ["このホスト名は 2 行目にもあります", "this host name is also on line 2"]);
    assert.match(r.errors[5]!.en, /\(4\)/);
  });
  test("header problems: unknown, duplicate and missing columns; no data rows", () => {
    assert.deepEqual(parseAssetCsv("hostname,ホスト名,colour\n").errors.map((e) => [e.line, e.column, e.code]), [
      [1, "colour", "unknown_column"],
      [1, "ホスト名", "duplicate_column"],
    ]);
    assert.deepEqual(parseAssetCsv("role\nx\n").errors.map((e) => e.code), ["missing_hostname_column"]);
    assert.deepEqual(parseAssetCsv("hostname\n").errors.map((e) => e.code), ["empty"]);
    assert.deepEqual(parseAssetCsv("").errors.map((e) => e.code), ["missing_hostname_column"]);
  });
});

test("a NUL byte or a broken character in a CSV cell is an error naming its line, not a crash", () => {
  const r = parseAssetCsv("hostname,ip\nweb01,10.0.0.1\nweb\u000002,10.0.0.2\n");
  assert.equal(r.rows.length, 0);
  assert.equal(r.errors[0]?.code, "bad_text");
  assert.equal(r.errors[0]?.line, 3);
  assert.equal(parseAssetCsv("hostname\nx\ud800\n").errors[0]?.line, 2);
});
