/** Parsing as Japanese companies send mail, and broken MIME giving warnings, never an exception. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyseMail } from "./analyse.js";
import { buildMail, encodeText, FILES, type Charset } from "./corpus.js";
import { parseMail } from "./parse.js";

const TEXT = "いつもお世話になっております。高橋様、航空券の件です。";

describe("Japanese charsets", () => {
  for (const cs of ["iso-2022-jp", "shift_jis", "euc-jp", "utf-8"] as Charset[])
    test(`${cs}: encoded-word subject and display name, body, RFC 2231 file name split mid-character`, async () => {
      const p = await parseMail(
        buildMail({
          from: "a@b.example", fromName: "そら航空 佐藤", subject: "航空券控え 添付のご連絡", charset: cs,
          parts: [{ kind: "text", text: "お世話になっております。", charset: cs }, { kind: "file", name: "航空券控え_2016年3月分.pdf", data: FILES.pdf(), charset: cs }],
        }),
      );
      assert.equal(p.subject, "航空券控え 添付のご連絡");
      assert.equal(p.from?.name, "そら航空 佐藤");
      assert.equal(p.text.trim(), "お世話になっております。");
      assert.equal(p.attachments[0]?.filename, "航空券控え_2016年3月分.pdf");
      assert.deepEqual(p.warnings, []);
    });
  test("raw Shift_JIS and EUC-JP bytes in Subject (no encoded word) are decoded, with a warning naming the header", async () => {
    for (const cs of ["shift_jis", "euc-jp"] as Charset[]) {
      const mail = Buffer.concat([Buffer.from("From: a@b.example\r\nSubject: "), encodeText(TEXT, cs), Buffer.from("\r\n\r\nbody\r\n")]);
      const p = await parseMail(mail);
      assert.equal(p.subject, TEXT);
      assert.equal(p.warnings[0]?.code, "RAW_8BIT_HEADER");
      assert.equal(p.warnings[0]?.part, "subject");
    }
  });
  test("IDN sender domains are kept in Unicode with the registrable domain in punycode", async () => {
    const p = await parseMail(Buffer.from("From: a@xn--eckwd4c7c.jp\r\n\r\nx"));
    assert.equal(p.from?.domain, "ドメイン.jp");
    assert.equal(p.from?.registrable, "xn--eckwd4c7c.jp");
  });
});

describe("broken MIME gives warnings with the part, never a crash", () => {
  test("a multipart cut off before its closing boundary", async () => {
    const full = buildMail({ from: "a@b.example", subject: "s", parts: [{ kind: "text", text: "本文" }, { kind: "file", name: "a.pdf", data: FILES.pdf() }] });
    const p = await parseMail(full.subarray(0, full.length - 200));
    assert.ok(p.warnings.some((w) => w.code === "MISSING_CLOSING_BOUNDARY" && typeof w.offset === "number"), JSON.stringify(p.warnings));
    assert.equal(p.text.trim(), "本文");
  });
  test("header lines that are not headers, and no blank line before the body", async () => {
    const p = await parseMail(Buffer.from("From: a@b.example\r\nthis is not a header\r\nSubject: x"));
    assert.deepEqual(p.warnings.map((w) => w.code).sort(), ["MALFORMED_HEADER", "NO_BODY"]);
    assert.equal(p.warnings.find((w) => w.code === "MALFORMED_HEADER")?.offset, 19);
  });
  test("an unknown charset, bad base64 and a From without an address", async () => {
    const r = await analyseMail(Buffer.from("From: nobody\r\nContent-Type: text/plain; charset=x-made-up\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@!!!***\r\n"));
    assert.equal(r.verdict, "benign");
    assert.ok(r.warnings.some((w) => w.code === "BAD_FROM"));
  });
  test("an empty mail", async () => {
    const r = await analyseMail(new Uint8Array(0));
    assert.ok(r.warnings.some((w) => w.code === "EMPTY_MAIL"));
    assert.equal(r.message.from, null);
  });
  test("nesting deeper than the parser allows is a PARSE_FAILED warning, and the headers are still judged", async () => {
    let body = "x";
    for (let i = 0; i < 80; i++) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
    const r = await analyseMail(Buffer.from(`From: a@sora-air.co.jp\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${body}`));
    assert.ok(r.warnings.some((w) => w.code === "PARSE_FAILED"));
    assert.equal(r.message.subject, "deep");
    assert.equal(r.message.from?.address, "a@sora-air.co.jp");
  });
});
