import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { IndicatorType } from "../../platform/db/schema.js";
import { detectIndicatorType, normalizeIndicator, normalizeIpv6, refang, splitBulk } from "./domain.js";

const norm = (raw: string, type?: IndicatorType): string | null => {
  const r = normalizeIndicator(raw, type);
  return r.ok ? r.normalized : null;
};

/** For each type: [input, expected normalised form] pairs, and inputs that must be refused. */
const CASES: Record<IndicatorType, { valid: Array<[string, string]>; invalid: string[] }> = {
  "email-addr": {
    valid: [
      ["Attacker@Example.JP", "attacker@example.jp"],
      ["info[@]partner-air[.]example", "info@partner-air.example"],
      ["ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｊｐ", "user@example.jp"],
      ["a.b+tag@例え.テスト", "a.b+tag@xn--r8jz45g.xn--zckzah"],
      ["  x@example.jp.  ", "x@example.jp"],
    ],
    invalid: ["user@", "@example.jp", "us er@example.jp", "a..b@example.jp", "user@localhost", "user@1.2.3.4"],
  },
  "domain-name": {
    valid: [
      ["Example.COM.", "example.com"],
      ["evil[.]example(.)jp", "evil.example.jp"],
      ["例え.テスト", "xn--r8jz45g.xn--zckzah"],
      ["Ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"],
      ["_dmarc.example.jp", "_dmarc.example.jp"],
    ],
    invalid: ["localhost", "-bad.example", "a..example", "exa mple.com", "1.2.3.4", `${"a".repeat(64)}.com`],
  },
  "ipv4-addr": {
    valid: [
      ["192.0.2.1", "192.0.2.1"],
      ["010.000.002.001", "10.0.2.1"],
      ["203[.]0[.]113[.]7", "203.0.113.7"],
      ["１９２．０．２．１", "192.0.2.1"],
    ],
    invalid: ["256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.x", "1.2.3.4/24"],
  },
  "ipv6-addr": {
    valid: [
      ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
      ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
      ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
      ["[fe80::0001]", "fe80::1"],
      ["::", "::"],
      ["::FFFF:192.0.2.1", "::ffff:192.0.2.1"],
      ["2001[:]db8[:][:]1", "2001:db8::1"],
    ],
    invalid: ["2001:db8::1::2", "2001:db8:::1", "12345::", "fe80::1%eth0", "192.0.2.1"],
  },
  url: {
    valid: [
      ["HTTP://Example.COM/Path?q=1", "http://example.com/Path?q=1"],
      ["hxxps://evil[.]example/login", "https://evil.example/login"],
      ["hxxp[:]//evil[.]example", "http://evil.example/"],
      ["fxp://files.example/a.zip", "ftp://files.example/a.zip"],
      ["https://例え.jp/ログイン", "https://xn--r8jz45g.jp/%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3"],
    ],
    invalid: ["javascript:alert(1)", "file:///etc/passwd", "example.com/path", "http://", "https://exa mple.com/"],
  },
  "file-md5": { valid: [["D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"]], invalid: ["d41d8cd98f00b204e9800998ecf8427", "g41d8cd98f00b204e9800998ecf8427e"] },
  "file-sha1": { valid: [["DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709"]], invalid: ["da39a3ee5e6b4b0d3255bfef95601890afd8070"] },
  "file-sha256": {
    valid: [["E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]],
    invalid: ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", "d41d8cd98f00b204e9800998ecf8427e"],
  },
  "file-name": { valid: [["  請求書.pdf.exe ", "請求書.pdf.exe"]], invalid: ["C:\\Users\\a.exe", "dir/a.exe", "a\u0000.exe", "x".repeat(256)] },
  "email-subject": {
    valid: [["【重要】  航空券の  ご案内", "【重要】 航空券の ご案内"]],
    invalid: ["line one\nline two", "y".repeat(999)],
  },
};

describe("indicator normalisation", () => {
  for (const [type, { valid, invalid }] of Object.entries(CASES) as Array<[IndicatorType, (typeof CASES)[IndicatorType]]>) {
    test(`${type}: valid inputs normalised`, () => {
      for (const [input, expected] of valid) assert.equal(norm(input, type), expected, input);
    });
    test(`${type}: invalid inputs refused`, () => {
      for (const input of invalid) {
        const r = normalizeIndicator(input, type);
        assert.deepEqual(r, { ok: false, problem: "invalid", type }, input);
      }
    });
  }

  test("the original value is kept next to the normalised one", () => {
    assert.deepEqual(normalizeIndicator("  hxxp://evil[.]example  "), { ok: true, type: "url", value: "hxxp://evil[.]example", normalized: "http://evil.example/" });
  });

  test("empty and undetectable values say why", () => {
    assert.deepEqual(normalizeIndicator("   "), { ok: false, problem: "empty" });
    assert.deepEqual(normalizeIndicator("just some words"), { ok: false, problem: "undetected" });
  });

  test("IPv6: the first of two equal zero runs is compressed, a single zero group is not", () => {
    assert.equal(normalizeIpv6("1:0:0:1:0:0:1:1"), "1::1:0:0:1:1");
    assert.equal(normalizeIpv6("1:0:1:1:1:1:1:1"), "1:0:1:1:1:1:1:1");
    assert.equal(normalizeIpv6("0:0:0:0:0:0:0:1"), "::1");
  });
});

describe("indicator type detection", () => {
  const expected: Array<[string, IndicatorType | null]> = [
    ["https://evil.example/a", "url"],
    ["hxxps://evil[.]example/a", "url"],
    ["192.0.2.1", "ipv4-addr"],
    ["203[.]0[.]113[.]7", "ipv4-addr"],
    ["2001:db8::1", "ipv6-addr"],
    ["d41d8cd98f00b204e9800998ecf8427e", "file-md5"],
    ["da39a3ee5e6b4b0d3255bfef95601890afd80709", "file-sha1"],
    ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "file-sha256"],
    ["info[@]partner-air.example", "email-addr"],
    ["partner-air.example", "domain-name"],
    ["example.com", "domain-name"],
    ["e-ticket.pdf.exe", "file-name"],
    ["旅程表.lnk", "file-name"],
    ["【重要】ご案内", null],
    ["", null],
  ];
  for (const [input, type] of expected) test(`${input || "(empty)"} → ${type}`, () => assert.equal(detectIndicatorType(input), type));
});

describe("refang and bulk lines", () => {
  test("defanged spellings are undone", () => {
    assert.equal(refang("hXXps[://]a[.]b(.)c{.}d[dot]e"), "https://a.b.c.d.e");
    assert.equal(refang("a[at]b(@)c"), "a@b@c");
  });
  test("bulk keeps line numbers and drops blank lines", () => {
    assert.deepEqual(splitBulk("a\r\n\r\n  \nb\rc"), [
      { line: 1, raw: "a" },
      { line: 4, raw: "b" },
      { line: 5, raw: "c" },
    ]);
  });
});
