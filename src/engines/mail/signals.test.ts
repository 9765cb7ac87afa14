/** Each signal on a small mail built for it, and the input that must not raise it next to the one that must. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyseMail } from "./analyse.js";
import { parseContext, type MailContext } from "./context.js";
import { buildMail, CORPUS_CONTEXT, FILES, makeZip, type MailSpec } from "./corpus.js";
import type { MailResult } from "./types.js";

const parsed = parseContext(CORPUS_CONTEXT);
if (!parsed.ok) throw new Error("context");
const ctx: MailContext = parsed.context;
const AR = (spf: string, dkim: string, dmarc: string, d: string, id = "mx.example-travel.jp"): string =>
  `${id}; spf=${spf} smtp.mailfrom=${d}; dkim=${dkim} header.d=${d}; dmarc=${dmarc} header.from=${d}`;
const analyse = (spec: Partial<MailSpec>, c: MailContext = ctx): Promise<MailResult> =>
  analyseMail(buildMail({ from: "a@sender.example", subject: "件名", parts: [{ kind: "text", text: "本文です。" }], ...spec }), c);
const ids = (r: MailResult): string[] => r.signals.map((s) => s.id);
const one = (r: MailResult, id: string) => {
  const s = r.signals.find((x) => x.id === id);
  assert.ok(s, `expected signal ${id}, got ${ids(r).join(",")}`);
  return s;
};

describe("sender authentication (trusted Authentication-Results only)", () => {
  test("a partner's exact domain failing DMARC at our MTA is the JTB spoof, with the header offset as evidence", async () => {
    const r = await analyse({ from: "tanaka@sora-air.co.jp", authResults: [AR("softfail", "none", "fail", "sora-air.co.jp")] });
    const s = one(r, "auth_partner_domain_fail");
    assert.equal(s.evidence.header, "authentication-results");
    assert.equal(typeof s.evidence.offset, "number");
    assert.match(s.evidence.kind ?? "", /dmarc=fail/);
    assert.equal(r.verdict, "malicious");
  });
  test("the same failure written by an untrusted authserv-id is ignored (a sender can forge it)", async () => {
    const r = await analyse({ from: "tanaka@sora-air.co.jp", authResults: [AR("fail", "none", "fail", "sora-air.co.jp", "mx.attacker.example")] });
    assert.ok(!ids(r).includes("auth_partner_domain_fail"));
    assert.equal(one(r, "auth_untrusted_results").evidence.value, "mx.attacker.example");
    assert.equal(r.verdict, "benign");
  });
  test("the topmost trusted header wins over a forged pass lower down with our id", async () => {
    const r = await analyse({ from: "x@sora-air.co.jp", authResults: [AR("fail", "none", "fail", "sora-air.co.jp"), AR("pass", "pass", "pass", "sora-air.co.jp")] });
    one(r, "auth_partner_domain_fail");
  });
  test("a partner passing DKIM with its registered ESP d= is aligned, even when SPF fails (forwarding)", async () => {
    const r = await analyse({ from: "info@nihon-rail.co.jp", authResults: ["mx.example-travel.jp; spf=fail smtp.mailfrom=fwd.example; dkim=pass header.d=mailer.example-esp.net; dmarc=none"] });
    assert.ok(!ids(r).some((i) => i.startsWith("auth_")), ids(r).join(","));
  });
  test("comments and quoted values in Authentication-Results are read per RFC 8601", async () => {
    const r = await analyse({ from: "x@example-travel.jp", authResults: ['mx.example-travel.jp 1; spf=pass (ok) smtp.mailfrom=x@example-travel.jp; dkim=fail reason="bad (sig)" header.d=example-travel.jp; dmarc=fail (p=reject) header.from=example-travel.jp'] });
    assert.equal(r.message.auth?.dmarc?.result, "fail");
    assert.equal(r.message.auth?.dkim[0]?.domain, "example-travel.jp");
    one(r, "auth_own_domain_fail");
  });
  test("DMARC failure on an unrelated domain is a weaker signal, not a partner spoof", async () => {
    const r = await analyse({ from: "x@random.example", authResults: [AR("fail", "fail", "fail", "random.example")] });
    one(r, "auth_dmarc_fail");
    assert.ok(!ids(r).includes("auth_partner_domain_fail"));
  });
});

describe("look-alike domains", () => {
  for (const [domain, family] of [
    ["s0ra-air.co.jp", "homoglyph"], ["sora-aair.co.jp", "repetition"], ["sora-ai.co.jp", "omission"], ["soar-air.co.jp", "transposition"],
    ["sora-air.com", "tld-swap"], ["sora-air-ticket.com", "dictionary"], ["soraair.co.jp", "omission"], ["sora-airs.co.jp", "plural"],
    ["sora-air.co.jp.example.net", "various"], ["s.ora-air.co.jp", "subdomain"], ["sira-air.co.jp", "vowel-swap"],
  ] as const)
    test(`${domain} is a ${family} of sora-air.co.jp`, async () => {
      const s = one(await analyse({ from: `x@${domain}` }), "lookalike_partner_domain");
      assert.equal(s.evidence.kind, family);
      assert.equal(s.evidence.expected, "sora-air.co.jp");
      assert.equal(s.evidence.header, "from");
    });
  test("a Cyrillic look-alike in punycode is found by its skeleton", async () => {
    const { domainToASCII } = await import("node:url");
    const s = one(await analyse({ from: `x@${domainToASCII("nіhonrail.com")}` }), "lookalike_partner_domain");
    assert.equal(s.evidence.kind, "cyrillic");
  });
  test("our own domain's look-alike in Reply-To", async () => {
    const s = one(await analyse({ from: "a@sender.example", replyTo: "b@example-trave1.jp" }), "lookalike_own_domain");
    assert.equal(s.evidence.header, "reply-to");
  });
  test("the partner's real domain, its subdomains and unrelated domains are not look-alikes", async () => {
    for (const d of ["sora-air.co.jp", "mail.sora-air.co.jp", "banana.example", "minato.example", "example-shop.jp"])
      assert.ok(!ids(await analyse({ from: `x@${d}` })).some((i) => i.startsWith("lookalike")), d);
  });
});

describe("names and addresses", () => {
  test("a partner's display name with another domain", async () => {
    const s = one(await analyse({ from: "x@freemail.example", fromName: "そら航空 予約センター" }), "display_name_partner_other_domain");
    assert.equal(s.evidence.value, "freemail.example");
  });
  test("an ASCII partner name must be a word: 'SORA AIR' in 'Hanasora Airline' is not it", async () => {
    assert.ok(!ids(await analyse({ from: "x@freemail.example", fromName: "Hanasora Airlines" })).includes("display_name_partner_other_domain"));
  });
  test("a VIP's name with an address that is not theirs; their own address is fine", async () => {
    one(await analyse({ from: "boss@freemail.example", fromName: "山田　太郎" }), "display_name_vip_other_address");
    assert.ok(!ids(await analyse({ from: "t.yamada@example-travel.jp", fromName: "山田 太郎" })).includes("display_name_vip_other_address"));
  });
  test("Reply-To and Return-Path on another registrable domain; a subdomain of the same one is aligned", async () => {
    const r = await analyse({ from: "a@shop.example.jp", replyTo: "b@other.example", returnPath: "bounce@mail.other.example" });
    one(r, "reply_to_mismatch");
    one(r, "return_path_mismatch");
    const ok = await analyse({ from: "a@shop.example.jp", replyTo: "b@support.example.jp", returnPath: "bounce@bounce.example.jp" });
    assert.ok(!ids(ok).includes("reply_to_mismatch") && !ids(ok).includes("return_path_mismatch"), ids(ok).join(","));
  });
});

describe("links and language", () => {
  test("link text naming one site and href going to another", async () => {
    const s = one(await analyse({ parts: [{ kind: "html", html: '<a href="https://evil.example/x">https://www.example-bank.jp/login</a>' }] }), "url_text_mismatch");
    assert.equal(s.evidence.value, "evil.example");
    assert.equal(s.evidence.expected, "www.example-bank.jp");
    assert.equal(s.evidence.part, "html");
  });
  test("tracking redirects behind words, and same-site links, are not mismatches", async () => {
    const r = await analyse({ parts: [{ kind: "html", html: '<a href="https://click.esp.example/c/1">セール会場へ</a><a href="https://www.example.jp/a?utm=1">www.example.jp/a</a>' }] });
    assert.ok(!ids(r).includes("url_text_mismatch"), ids(r).join(","));
  });
  test("urgency in Japanese (full-width too) and in English", async () => {
    assert.equal(one(await analyse({ subject: "【至急】ご確認ください" }), "urgency_language").evidence.part, "subject");
    assert.equal(one(await analyse({ parts: [{ kind: "text", text: "Action required: your account will be suspended." }] }), "urgency_language").evidence.part, "text");
    assert.ok(!ids(await analyse({ subject: "定例会議の議事録" })).includes("urgency_language"));
  });
});

describe("attachments", () => {
  const withFile = (name: string, data: Uint8Array, extra: Partial<MailSpec> = {}): Promise<MailResult> =>
    analyse({ parts: [{ kind: "text", text: "添付します。" }, { kind: "file", name, data }], ...extra });
  test("an executable is found by its bytes whatever its name, and a lying extension is reported", async () => {
    const r = await withFile("report.pdf", FILES.exe());
    one(r, "attachment_executable");
    assert.equal(one(r, "attachment_type_mismatch").evidence.kind, "pe");
    assert.equal(r.message.files[0]?.realType, "pe");
  });
  test(".lnk, .js, .hta, .iso, .img, .vhd by name", async () => {
    one(await withFile("a.lnk", FILES.lnk()), "attachment_lnk");
    one(await withFile("a.js", Buffer.from("WScript.Echo(1)")), "attachment_script");
    one(await withFile("a.hta", Buffer.from("<html></html>")), "attachment_script");
    for (const n of ["a.iso", "a.img", "a.vhd"]) one(await withFile(n, FILES.iso()), "attachment_disk_image");
  });
  test("RLO, double and padded extensions", async () => {
    one(await withFile("invoice\u202Efdp.scr", FILES.exe()), "attachment_rlo");
    one(await withFile("請求書.pdf.exe", FILES.exe()), "attachment_double_extension");
    one(await withFile(`請求書.pdf${"\u3000".repeat(10)}.exe`, FILES.exe()), "attachment_padded_extension");
    assert.ok(!ids(await withFile("2016.03.15_report.pdf", FILES.pdf())).some((i) => i.startsWith("attachment_")));
  });
  test("macros in OLE (.doc) and OOXML (vbaProject.bin); a plain .docx has none", async () => {
    one(await withFile("a.doc", FILES.docWithMacro()), "attachment_macro");
    one(await withFile("a.xlsm", FILES.xlsm()), "attachment_macro");
    const docx = await withFile("a.docx", FILES.docx());
    assert.ok(!ids(docx).includes("attachment_macro"));
    assert.equal(docx.message.files[0]?.realType, "ooxml");
  });
  test("HTML smuggling in an attachment; an ordinary HTML page is not", async () => {
    one(await withFile("a.html", FILES.smuggling()), "html_smuggling");
    assert.ok(!ids(await withFile("b.html", Buffer.from("<html><body><script>console.log(1)</script></body></html>"))).includes("html_smuggling"));
  });
  test("an exe two archives deep, with its path and the SHA-256 of every file on the way", async () => {
    const r = await withFile("a.zip", makeZip([{ name: "b.zip", data: makeZip([{ name: "c.exe", data: FILES.exe() }]) }]));
    const s = one(r, "attachment_executable");
    assert.equal(s.evidence.part, "attachment 1 (a.zip) > b.zip > c.exe");
    assert.equal(r.message.files.length, 3);
    assert.ok(r.message.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256 ?? "")));
    assert.deepEqual(r.indicators.sha256, r.message.files.map((f) => f.sha256));
  });
  test("an encrypted ZIP is listed by name (an .exe inside is still seen) and PPAP is a risky practice, not malware", async () => {
    const zip = makeZip([{ name: "見積書.xlsx", data: Buffer.from("x"), isEncrypted: true }]);
    const r = await analyse({ from: "keiri@minato-hotel.jp", authResults: [AR("pass", "pass", "pass", "minato-hotel.jp")], parts: [{ kind: "text", text: "パスワード：Ab3xK9pQ" }, { kind: "file", name: "見積書.zip", data: zip }] });
    one(r, "encrypted_archive");
    one(r, "ppap_password_in_body");
    assert.equal(r.verdict, "benign");
    assert.equal(r.message.files[1]?.sha256, null);
    const exe = await withFile("x.zip", makeZip([{ name: "setup.exe", data: FILES.exe(), isEncrypted: true }]));
    one(exe, "attachment_executable");
    const separate = await analyse({ parts: [{ kind: "text", text: "パスワードは別メールでお送りします。" }, { kind: "file", name: "a.zip", data: zip }] });
    assert.ok(!ids(separate).includes("ppap_password_in_body"));
  });
  test("Shift_JIS names in a ZIP without the UTF-8 flag are decoded", async () => {
    const r = await withFile("a.zip", makeZip([{ name: "航空券控え.pdf", data: FILES.pdf(), nameCharset: "shift_jis" }]));
    assert.equal(r.message.files[1]?.name, "航空券控え.pdf");
  });
});
