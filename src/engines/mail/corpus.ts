/**
 * A labelled corpus of mails written by the project, generated here so that tests and `npm run bench:mail` share
 * it: the 2016 JTB partner spoof, PPAP, Emotet-style mails, look-alikes, smuggling, disguised files, nested
 * archives and bombs, next to benign newsletters and Japanese business mails in ISO-2022-JP, Shift_JIS, EUC-JP and
 * UTF-8. Every domain is fictional; the executables are inert stubs (an MZ header and zeros).
 */
import { domainToASCII } from "node:url";
import { crc32 } from "node:zlib";
import { writeZip, type ZipMember } from "../common/zip-writer.js";
import type { MailContextInput } from "./context.js";
import type { Verdict } from "./types.js";

// ---------------------------------------------------------------- Japanese encoders (Node decodes, never encodes)

let jis: Map<string, [number, number]> | null = null;
const jisTable = (): Map<string, [number, number]> => {
  if (jis) return jis;
  jis = new Map();
  const dec = new TextDecoder("euc-jp");
  for (let a = 0xa1; a <= 0xfe; a++)
    for (let b = 0xa1; b <= 0xfe; b++) {
      const c = dec.decode(Uint8Array.of(a, b));
      if (c.length === 1 && c !== "\ufffd" && !jis.has(c)) jis.set(c, [a - 0x80, b - 0x80]);
    }
  return jis;
};

export type Charset = "utf-8" | "iso-2022-jp" | "shift_jis" | "euc-jp";

export const encodeText = (text: string, charset: Charset): Buffer => {
  if (charset === "utf-8") return Buffer.from(text, "utf8");
  const t = jisTable();
  const out: number[] = [];
  let inJis = false;
  for (const ch of text) {
    const j = t.get(ch);
    if (!j) {
      if (inJis) out.push(0x1b, 0x28, 0x42);
      inJis = false;
      out.push(ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : 0x3f);
      continue;
    }
    const [j1, j2] = j;
    if (charset === "euc-jp") out.push(j1 + 0x80, j2 + 0x80);
    else if (charset === "shift_jis") {
      const s1 = ((j1 + 1) >> 1) + (j1 <= 0x5e ? 0x70 : 0xb0);
      const s2 = j2 + (j1 & 1 ? (j2 < 0x60 ? 0x1f : 0x20) : 0x7e);
      out.push(s1, s2);
    } else {
      if (!inJis) out.push(0x1b, 0x24, 0x42);
      inJis = true;
      out.push(j1, j2);
    }
  }
  if (inJis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
};

/** An RFC 2047 encoded word (B encoding). */
export const encodedWord = (text: string, charset: Charset = "utf-8"): string =>
  /^[\x20-\x7e]*$/.test(text) ? text : `=?${charset.toUpperCase()}?B?${encodeText(text, charset).toString("base64")}?=`;

/** An RFC 2231 file name, split into continuations of `chunk` encoded bytes (Japanese mailers cut mid-character). */
export const rfc2231Name = (name: string, charset: Charset = "utf-8", chunk = 30): string => {
  const pct = [...encodeText(name, charset)].map((b) => (/[A-Za-z0-9._-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`));
  const pieces: string[] = [];
  for (let i = 0; i < pct.length; i += chunk) pieces.push(pct.slice(i, i + chunk).join(""));
  return pieces.map((p, i) => `\r\n filename*${i}*=${i === 0 ? `${charset.toUpperCase()}''` : ""}${p}`).join(";");
};

// ---------------------------------------------------------------- files

/** A zip (common/zip-writer.ts) whose names may be written in Shift_JIS without the UTF-8 flag. */
export type ZipEntry = Omit<ZipMember, "name"> & { name: string; nameCharset?: "utf-8" | "shift_jis" };

export const makeZip = (entries: ZipEntry[]): Buffer => writeZip(entries.map(({ nameCharset, ...e }) => ({ ...e, name: nameCharset === "shift_jis" ? encodeText(e.name, "shift_jis") : e.name })));

/** Deterministic pseudo-random bytes (xorshift), so the corpus and its hashes are the same on every run. */
export const noise = (n: number, seed = 1): Buffer => {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
};

export const FILES = {
  exe: (seed = 7): Buffer => {
    const b = Buffer.concat([Buffer.from("MZ"), noise(4094, seed)]);
    b.writeUInt32LE(0x80, 0x3c);
    b.write("PE\0\0", 0x80, "latin1");
    return b;
  },
  lnk: (): Buffer => Buffer.concat([Buffer.from("4c0000000114020000000000c000000000000046", "hex"), Buffer.alloc(56), Buffer.from("C:\\Windows\\System32\\cmd.exe /c powershell -w hidden", "utf16le")]),
  pdf: (seed = 3): Buffer => Buffer.concat([Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"), noise(2000, seed), Buffer.from("\n%%EOF\n")]),
  docWithMacro: (): Buffer => Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(504), Buffer.from("_VBA_PROJECT", "utf16le"), Buffer.from("Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()"), Buffer.alloc(1000)]),
  docx: (): Buffer => makeZip([{ name: "[Content_Types].xml", data: Buffer.from("<Types/>") }, { name: "word/document.xml", data: Buffer.from("<w:document/>") }]),
  xlsm: (): Buffer => makeZip([{ name: "[Content_Types].xml", data: Buffer.from("<Types/>") }, { name: "xl/workbook.xml", data: Buffer.from("<workbook/>") }, { name: "xl/vbaProject.bin", data: FILES.docWithMacro() }]),
  iso: (): Buffer => {
    const b = Buffer.alloc(0x9000);
    b.write("CD001", 0x8001, "latin1");
    return b;
  },
  smuggling: (): Buffer =>
    Buffer.from(`<!DOCTYPE html><html><body><p>ファイルをダウンロードしています…</p><script>
var b64 = "${noise(3000, 9).toString("base64")}";
var bin = atob(b64); var arr = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
var blob = new Blob([arr], {type: "application/octet-stream"}); var a = document.createElement("a");
a.href = URL.createObjectURL(blob); a.download = "請求書.zip"; a.click();
</script></body></html>`),
};

// ---------------------------------------------------------------- mails

export type Part =
  | { kind: "text"; text: string; charset?: Charset; encoding?: "7bit" | "base64" | "8bit" | "quoted-printable" }
  | { kind: "html"; html: string; charset?: Charset }
  | { kind: "file"; name: string; data: Uint8Array; type?: string; nameStyle?: "rfc2231" | "rfc2047" | "plain"; charset?: Charset };

export type MailSpec = {
  from: string;
  fromName?: string;
  to?: string;
  subject: string;
  charset?: Charset;
  replyTo?: string;
  returnPath?: string;
  /** whole Authentication-Results values, topmost first (ours first, then any forged lower ones) */
  authResults?: string[];
  received?: string[];
  extraHeaders?: string[];
  parts: Part[];
};

const qp = (b: Buffer): string =>
  [...b]
    .map((c) => (c === 0x0a ? "\n" : c === 0x0d ? "" : (c >= 33 && c <= 126 && c !== 61) || c === 32 ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("")
    .replace(/\n/g, "\r\n");
const wrap = (s: string): string => s.replace(/.{1,76}/g, "$&\r\n");

const partBytes = (p: Part): Buffer => {
  if (p.kind === "text") {
    const cs = p.charset ?? "utf-8";
    const enc = p.encoding ?? (cs === "iso-2022-jp" ? "7bit" : "base64");
    const body = encodeText(p.text.replace(/\n/g, "\r\n"), cs);
    const content = enc === "base64" ? wrap(body.toString("base64")) : enc === "quoted-printable" ? qp(body) : body.toString("latin1");
    return Buffer.from(`Content-Type: text/plain; charset=${cs.toUpperCase()}\r\nContent-Transfer-Encoding: ${enc}\r\n\r\n${content}\r\n`, "latin1");
  }
  if (p.kind === "html") {
    const cs = p.charset ?? "utf-8";
    return Buffer.from(`Content-Type: text/html; charset=${cs.toUpperCase()}\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap(encodeText(p.html, cs).toString("base64"))}`, "latin1");
  }
  const cs = p.charset ?? "utf-8";
  const style = p.nameStyle ?? "rfc2231";
  const disposition = style === "rfc2231" ? `attachment;${rfc2231Name(p.name, cs)}` : style === "rfc2047" ? `attachment; filename="${encodedWord(p.name, cs)}"` : `attachment; filename="${p.name}"`;
  return Buffer.from(`Content-Type: ${p.type ?? "application/octet-stream"}\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: ${disposition}\r\n\r\n${wrap(Buffer.from(p.data).toString("base64"))}`, "latin1");
};

export const buildMail = (m: MailSpec): Buffer => {
  const cs = m.charset ?? "utf-8";
  const h = [
    ...(m.returnPath !== undefined ? [`Return-Path: <${m.returnPath}>`] : [`Return-Path: <${m.from}>`]),
    ...(m.authResults ?? []).map((a) => `Authentication-Results: ${a}`),
    ...(m.received ?? [`from mail.sender.example (mail.sender.example [203.0.113.25]) by mx.example-travel.jp with ESMTPS; Tue, 15 Mar 2016 10:02:11 +0900`]).map((r) => `Received: ${r}`),
    `From: ${m.fromName ? `${encodedWord(m.fromName, cs)} ` : ""}<${m.from}>`,
    `To: ${m.to ?? "info@example-travel.jp"}`,
    `Subject: ${encodedWord(m.subject, cs)}`,
    "Date: Tue, 15 Mar 2016 10:02:00 +0900",
    `Message-ID: <${crc32(m.subject + m.from).toString(16)}@${m.from.split("@")[1] ?? "x"}>`,
    ...(m.replyTo ? [`Reply-To: ${m.replyTo}`] : []),
    ...(m.extraHeaders ?? []),
    "MIME-Version: 1.0",
  ];
  const parts = m.parts.map(partBytes);
  if (parts.length === 1 && m.parts[0]?.kind !== "file") return Buffer.concat([Buffer.from(`${h.join("\r\n")}\r\n`, "latin1"), parts[0] as Buffer]);
  const boundary = `----=_sokuho_${crc32(m.subject).toString(16)}`;
  return Buffer.concat([
    Buffer.from(`${h.join("\r\n")}\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\nThis is a multi-part message in MIME format.\r\n`, "latin1"),
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n`), p, Buffer.from("\r\n")]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
};

// ---------------------------------------------------------------- the labelled corpus

export const CORPUS_CONTEXT: MailContextInput = {
  ownDomains: ["example-travel.jp"],
  trustedAuthservIds: ["mx.example-travel.jp"],
  partners: [
    { name: "そら航空", domains: ["sora-air.co.jp"], displayNames: ["SORA AIR", "そら航空 予約センター"] },
    { name: "日本レール", domains: ["nihon-rail.co.jp", "nihonrail.com"], displayNames: ["NIHON RAIL"], dkimDomains: ["mailer.example-esp.net"] },
    { name: "みなとホテル", domains: ["minato-hotel.jp"], displayNames: ["Minato Hotel"] },
  ],
  vips: [{ name: "山田 太郎", address: "t.yamada@example-travel.jp" }],
  knownSenders: ["sora-air.co.jp", "nihon-rail.co.jp", "minato-hotel.jp", "news.example-shop.jp", "example-bank.jp"],
};

const AR = (spf: string, dkim: string, dmarc: string, domain: string): string =>
  `mx.example-travel.jp; spf=${spf} (sender IP is 203.0.113.25) smtp.mailfrom=${domain}; dkim=${dkim} header.d=${domain}; dmarc=${dmarc} (p=NONE) header.from=${domain}`;
const PASS = (d: string): string => AR("pass", "pass", "pass", d);

export type CorpusMail = { name: string; expected: Verdict; signals: string[]; bytes: Buffer };

const BUSINESS_JA = "山田様\n\nいつもお世話になっております。そら航空 法人営業部の佐藤です。\n来月の団体旅行の件、見積書を添付いたしましたのでご確認ください。\nご不明な点がございましたらお知らせください。\n\nよろしくお願いいたします。";

export const corpus = (): CorpusMail[] => {
  const mails: CorpusMail[] = [];
  const add = (name: string, expected: Verdict, signals: string[], spec: MailSpec): void => void mails.push({ name, expected, signals, bytes: buildMail(spec) });

  // --- malicious
  add("jtb-2016-partner-spoof", "malicious", ["auth_partner_domain_fail", "attachment_executable"], {
    from: "tanaka@sora-air.co.jp", fromName: "そら航空 田中", subject: "航空券控え 添付のご連絡", charset: "iso-2022-jp",
    authResults: [AR("softfail", "none", "fail", "sora-air.co.jp")],
    received: ["from unknown (HELO mail.hk-relay.example) ([198.51.100.77]) by mx.example-travel.jp; Tue, 15 Mar 2016 10:02:11 +0900"],
    parts: [
      { kind: "text", text: "お世話になっております。\n航空券の控えを添付いたします。ご確認ください。", charset: "iso-2022-jp" },
      { kind: "file", name: "E-TKT控え.zip", type: "application/zip", charset: "iso-2022-jp", data: makeZip([{ name: "E-TKT控え/航空券控え.exe", data: FILES.exe(), nameCharset: "shift_jis" }, { name: "E-TKT控え/北京.pdf", data: FILES.pdf(), nameCharset: "shift_jis" }]) },
    ],
  });
  add("partner-spoof-forged-lower-results", "malicious", ["auth_partner_domain_fail"], {
    from: "booking@sora-air.co.jp", subject: "ご予約内容の確認", authResults: [AR("fail", "none", "fail", "sora-air.co.jp"), "mx.example-travel.jp; spf=pass smtp.mailfrom=sora-air.co.jp; dmarc=pass header.from=sora-air.co.jp"],
    parts: [{ kind: "html", html: '<p>ご予約内容は<a href="https://sora-air.co.jp/r/123">こちら</a></p>' }],
  });
  add("own-domain-spoof", "malicious", ["auth_own_domain_fail"], {
    from: "soumu@example-travel.jp", fromName: "総務部", subject: "【重要】パスワード更新のお願い", authResults: [AR("fail", "none", "fail", "example-travel.jp")],
    parts: [{ kind: "text", text: "本日中に以下からパスワードを更新してください。\nhttps://example-travel.jp.login-check.example/update" }],
  });
  add("rlo-file-name", "malicious", ["attachment_rlo", "attachment_executable"], {
    from: "info@free-mail.example", subject: "請求書送付の件", parts: [{ kind: "text", text: "請求書をお送りします。" }, { kind: "file", name: "請求書\u202Efdp.exe", data: FILES.exe(11) }],
  });
  add("double-extension-in-zip", "malicious", ["attachment_double_extension", "attachment_executable"], {
    from: "sales@partner-unknown.example", subject: "見積書", parts: [{ kind: "text", text: "見積書です。" }, { kind: "file", name: "見積書.zip", type: "application/zip", data: makeZip([{ name: "見積書.pdf.exe", data: FILES.exe(12) }]) }],
  });
  add("padded-extension", "malicious", ["attachment_padded_extension"], {
    from: "hr@recruit.example", subject: "履歴書の送付", parts: [{ kind: "text", text: "履歴書を添付します。" }, { kind: "file", name: `履歴書.docx${" ".repeat(40)}.scr`, data: FILES.exe(13) }],
  });
  add("lnk-nested-three-deep", "malicious", ["attachment_lnk"], {
    from: "press@media.example", subject: "取材のお願い", charset: "shift_jis",
    parts: [{ kind: "text", text: "取材依頼書を添付します。", charset: "shift_jis" }, { kind: "file", name: "依頼書.zip", type: "application/zip", charset: "shift_jis", data: makeZip([{ name: "inner.zip", data: makeZip([{ name: "deeper.zip", data: makeZip([{ name: "取材依頼書.lnk", data: FILES.lnk(), nameCharset: "shift_jis" }]) }]) }]) }],
  });
  add("script-attachment", "malicious", ["attachment_script"], {
    from: "billing@invoice.example", subject: "Invoice overdue", parts: [{ kind: "text", text: "Please see the attached invoice. Payment is overdue." }, { kind: "file", name: "invoice_0315.js", type: "application/javascript", data: Buffer.from("var s=new ActiveXObject('WScript.Shell');s.Run('calc');") }],
  });
  add("html-smuggling", "malicious", ["html_smuggling"], {
    from: "docs@share.example", subject: "共有ファイルのお知らせ", parts: [{ kind: "text", text: "共有ファイルを添付のページから開いてください。" }, { kind: "file", name: "共有ファイル.html", type: "text/html", data: FILES.smuggling() }],
  });
  add("type-mismatch-pdf-is-exe", "malicious", ["attachment_type_mismatch", "attachment_executable"], {
    from: "info@delivery.example", subject: "不在通知", parts: [{ kind: "text", text: "不在通知を添付します。" }, { kind: "file", name: "不在通知.pdf", type: "application/pdf", data: FILES.exe(14) }],
  });
  add("lookalike-partner-with-macro", "malicious", ["lookalike_partner_domain", "attachment_macro"], {
    from: "sato@s0ra-air.co.jp", fromName: "そら航空 佐藤", subject: "団体旅行お見積り", parts: [{ kind: "text", text: BUSINESS_JA }, { kind: "file", name: "見積書.xlsm", data: FILES.xlsm() }],
  });
  add("macro-doc-urgent-stranger", "malicious", ["attachment_macro", "urgency_language"], {
    from: "keiri@kaisha.example", subject: "至急：請求書の確認", parts: [{ kind: "text", text: "至急ご確認ください。添付の文書を開き「コンテンツの有効化」をクリックしてください。" }, { kind: "file", name: "請求書.doc", type: "application/msword", data: FILES.docWithMacro() }],
  });
  add("lookalike-cyrillic-link-iso", "malicious", ["lookalike_partner_domain", "attachment_disk_image"], {
    from: `support@${domainToASCII("n\u0456honrail.com")}`, subject: "乗車券の払い戻し", parts: [{ kind: "text", text: "払い戻しの書類をお送りします。" }, { kind: "file", name: "払戻書類.iso", data: FILES.iso() }],
  });

  // --- suspicious
  add("emotet-ppap-impersonated", "suspicious", ["encrypted_archive", "ppap_password_in_body", "display_name_partner_other_domain"], {
    from: "sora.air.sales@freemail.example", fromName: "そら航空 予約センター", subject: "Re: 請求書の件",
    parts: [{ kind: "text", text: "お世話になっております。\n請求書を送付します。\n\nパスワード：Xk7pQ2rw\n\nよろしくお願いします。" }, { kind: "file", name: "請求書_0315.zip", type: "application/zip", data: makeZip([{ name: "請求書.xls", data: FILES.docWithMacro(), isEncrypted: true }]) }],
  });
  add("lookalike-dictionary-link", "suspicious", ["lookalike_partner_domain"], {
    from: "campaign@sora-air-ticket.com", fromName: "SORA AIR", subject: "Special fares for you", parts: [{ kind: "html", html: '<p>Book now: <a href="https://sora-air-ticket.com/fares">special fares</a></p>' }],
  });
  add("lookalike-own-domain-tld-swap", "suspicious", ["lookalike_own_domain"], {
    from: "it-support@example-travel.co", subject: "メールボックスの容量について", parts: [{ kind: "text", text: "メールボックスの容量が上限に近づいています。" }],
  });
  add("deceptive-link", "suspicious", ["url_text_mismatch"], {
    from: "notice@bank-info.example", subject: "ご利用確認", parts: [{ kind: "html", html: '<p>ご利用内容の確認: <a href="http://203.0.113.9/login/">https://www.example-bank.jp/login</a></p>' }],
  });
  add("bec-reply-to-urgent", "suspicious", ["reply_to_mismatch", "urgency_language"], {
    from: "ceo-office@example-travel.jp", replyTo: "ceo.office@freemail.example", subject: "至急のお願い", authResults: [PASS("example-travel.jp")],
    parts: [{ kind: "text", text: "至急、本日中に振込をお願いしたい件があります。このメールに返信してください。" }],
  });
  add("vip-display-name", "suspicious", ["display_name_vip_other_address"], {
    from: "taro.yamada.ceo@freemail.example", fromName: "山田 太郎", subject: "確認", parts: [{ kind: "text", text: "今、少しお時間ありますか。" }],
  });
  add("zip-bomb-size", "suspicious", ["archive_limit"], {
    from: "files@transfer.example", subject: "データ送付", parts: [{ kind: "text", text: "データを送付します。" }, { kind: "file", name: "data.zip", type: "application/zip", data: makeZip([{ name: "data.bin", data: Buffer.alloc(48 << 20) }]) }],
  });
  add("zip-bomb-depth", "suspicious", ["archive_limit"], {
    from: "files@transfer.example", subject: "資料", parts: [{ kind: "text", text: "資料です。" }, { kind: "file", name: "nest.zip", type: "application/zip", data: [1, 2, 3, 4, 5, 6].reduce((z) => makeZip([{ name: "nest.zip", data: z }]), makeZip([{ name: "readme.txt", data: Buffer.from("hello") }])) }],
  });
  add("disk-image-alone", "suspicious", ["attachment_disk_image"], {
    from: "it@vendor.example", subject: "インストーラーの送付", parts: [{ kind: "text", text: "インストーラーをお送りします。" }, { kind: "file", name: "setup.img", data: FILES.iso() }],
  });

  // --- benign
  const charsets: Charset[] = ["iso-2022-jp", "shift_jis", "euc-jp", "utf-8"];
  for (const cs of charsets)
    add(`business-${cs}`, "benign", [], {
      from: "sato@sora-air.co.jp", fromName: "そら航空 佐藤", subject: "団体旅行のお見積りについて", charset: cs, authResults: [PASS("sora-air.co.jp")],
      parts: [{ kind: "text", text: BUSINESS_JA, charset: cs, ...(cs === "utf-8" ? { encoding: "quoted-printable" as const } : {}) }, { kind: "file", name: "お見積書_2016年3月分.pdf", type: "application/pdf", charset: cs, nameStyle: cs === "shift_jis" ? "rfc2047" : "rfc2231", data: FILES.pdf(20) }],
    });
  add("ppap-from-partner", "benign", ["encrypted_archive", "ppap_password_in_body"], {
    from: "keiri@minato-hotel.jp", fromName: "みなとホテル 経理", subject: "請求書送付のご案内", charset: "shift_jis", authResults: [PASS("minato-hotel.jp")],
    parts: [{ kind: "text", text: "いつもお世話になっております。\n3月分の請求書をお送りします。\n\n解凍パスワード：Mh2016March\n\n何卒よろしくお願いいたします。", charset: "shift_jis" }, { kind: "file", name: "請求書.zip", type: "application/zip", charset: "shift_jis", data: makeZip([{ name: "請求書.pdf", data: FILES.pdf(21), isEncrypted: true, nameCharset: "shift_jis" }]) }],
  });
  for (let i = 0; i < 4; i++)
    add(`newsletter-${i}`, "benign", [], {
      from: "news@news.example-shop.jp", fromName: "Example Shop", subject: ["春のセール開催中", "新商品のお知らせ", "会員様限定クーポン", "今月のおすすめ"][i] as string, returnPath: `bounce-${i}@bounce.example-esp.net`,
      authResults: [AR("pass", "pass", "pass", "news.example-shop.jp")],
      extraHeaders: ["List-Unsubscribe: <https://news.example-shop.jp/unsub>"],
      parts: [{ kind: "html", html: `<html><body><h1>Example Shop</h1><p>いつもご利用ありがとうございます。</p><a href="https://click.example-esp.net/c/${i}?u=https%3A%2F%2Fshop.example-shop.jp%2Fsale">セール会場へ</a> <a href="https://shop.example-shop.jp/items?utm_source=mail">https://shop.example-shop.jp/items</a><img src="https://click.example-esp.net/o/${i}.gif"></body></html>` }],
    });
  add("partner-forwarded-dkim-pass", "benign", [], {
    from: "info@nihon-rail.co.jp", fromName: "日本レール", subject: "ダイヤ改正のお知らせ", authResults: ["mx.example-travel.jp; spf=fail smtp.mailfrom=forwarder.example; dkim=pass header.d=mailer.example-esp.net; dmarc=none"],
    parts: [{ kind: "text", text: "3月26日にダイヤ改正を行います。詳しくは https://www.nihon-rail.co.jp/news をご覧ください。" }],
  });
  add("internal-docx", "benign", [], {
    from: "t.yamada@example-travel.jp", fromName: "山田 太郎", subject: "会議資料", authResults: [PASS("example-travel.jp")], parts: [{ kind: "text", text: "明日の会議資料です。" }, { kind: "file", name: "会議資料.docx", data: FILES.docx() }],
  });
  add("urgency-alone", "benign", ["urgency_language"], {
    from: "tour@minato-hotel.jp", subject: "至急：明日の送迎時間の変更", authResults: [PASS("minato-hotel.jp")], parts: [{ kind: "text", text: "明日の送迎は9時に変更になりました。" }],
  });
  add("same-site-link", "benign", [], {
    from: "info@nihon-rail.co.jp", subject: "会員情報の更新", authResults: [PASS("nihon-rail.co.jp")], parts: [{ kind: "html", html: '<p><a href="https://www.nihon-rail.co.jp/member?ref=mail">https://www.nihon-rail.co.jp/member</a></p>' }],
  });
  add("unknown-sender-plain", "benign", ["unknown_sender"], {
    from: "yoyaku@ryokan.example", fromName: "旅館さくら", subject: "ご予約ありがとうございます", charset: "euc-jp", parts: [{ kind: "text", text: "ご予約ありがとうございます。当日お待ちしております。", charset: "euc-jp" }],
  });
  add("image-and-pdf", "benign", [], {
    from: "pr@minato-hotel.jp", subject: "パンフレット", authResults: [PASS("minato-hotel.jp")],
    parts: [{ kind: "text", text: "パンフレットをお送りします。" }, { kind: "file", name: "pamphlet.pdf", data: FILES.pdf(30) }, { kind: "file", name: "photo.png", type: "image/png", data: Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), noise(500, 4)]) }],
  });
  return mails;
};

/** An ordinary Japanese business mail of about `bytes` bytes: text, HTML and a PDF attachment (the speed bench). */
export const largeMail = (bytes: number): Buffer =>
  buildMail({
    from: "sato@sora-air.co.jp", fromName: "そら航空 佐藤", subject: "資料送付の件", charset: "iso-2022-jp", authResults: [PASS("sora-air.co.jp")],
    parts: [
      { kind: "text", text: `${BUSINESS_JA}\n${"詳細は https://www.sora-air.co.jp/group をご覧ください。\n".repeat(200)}`, charset: "iso-2022-jp" },
      { kind: "html", html: `<html><body>${'<p>いつもお世話になっております。<a href="https://www.sora-air.co.jp/group">団体旅行</a></p>'.repeat(300)}</body></html>` },
      { kind: "file", name: "資料.pdf", type: "application/pdf", data: Buffer.concat([FILES.pdf(40), noise(Math.max(0, Math.floor((bytes - 60_000) * 0.74)), 41)]) },
    ],
  });

/** An ordinary short mail (the throughput bench): a few lines of Japanese text and a small HTML part. */
export const ordinaryMail = (i: number): Buffer =>
  buildMail({
    from: `user${i}@minato-hotel.jp`, fromName: "みなとホテル", subject: `ご予約確認 ${i}`, authResults: [PASS("minato-hotel.jp")],
    parts: [{ kind: "html", html: `<p>${BUSINESS_JA.replace(/\n/g, "<br>")}</p><p><a href="https://www.minato-hotel.jp/r/${i}">ご予約内容</a></p>` }],
  });
