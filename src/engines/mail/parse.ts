/**
 * Raw .eml bytes → the parts of the message model that come from parsing, plus warnings. MIME decoding is
 * postal-mime's (chosen over mailparser by bench/mail.ts: see docs/mail.md, "Parser"); around it this file reads
 * the top-level header block itself, because signals need byte offsets and the raw order of Received and
 * Authentication-Results, and it repairs what Japanese mailers send (raw Shift_JIS/EUC-JP in headers). Nothing
 * here throws on bad input: every problem becomes a warning and the model holds what could be read.
 */
import PostalMime, { addressParser, decodeWords, type Address, type Email } from "postal-mime";
import { getDomain } from "tldts";
import { domainToASCII, domainToUnicode } from "node:url";
import { randomBytes } from "node:crypto";
import { decodeUnlabelled, hasHighBytes } from "./charset.js";
import { blankLineAfter, decodeBase64Range, walkMime } from "./mime-tree.js";
import { warning } from "./messages.js";
import type { MailAddress, MailModel, RawHeader, Warning } from "./types.js";

export type ParsedAttachment = { filename: string; mimeType: string; content: Uint8Array };

/** What the parser knows: the message model's headers and bodies, before links, files and authentication are derived. */
export type Parsed = Pick<
  MailModel,
  "headers" | "from" | "sender" | "replyTo" | "returnPath" | "to" | "cc" | "subject" | "date" | "messageId" | "text" | "html"
> & { attachments: ParsedAttachment[]; warnings: Warning[] };

const MAX_HEADER_BLOCK = 1 << 20;

/** Registrable domain (PSL), punycode; the domain itself when the PSL has no answer (an IP literal, a bare name). */
const registrables = new Map<string, string>();
export const registrableOf = (domain: string): string => {
  let r = registrables.get(domain);
  if (r !== undefined) return r;
  const ascii = domainToASCII(domain) || domain;
  r = getDomain(ascii, { allowPrivateDomains: false }) ?? ascii;
  if (registrables.size > 50_000) registrables.clear();
  registrables.set(domain, r);
  return r;
};

export const toMailAddress = (name: string, address: string): MailAddress | null => {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return null;
  const rawDomain = address.slice(at + 1).toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const domain = rawDomain.startsWith("xn--") || rawDomain.includes(".xn--") ? domainToUnicode(rawDomain) || rawDomain : rawDomain;
  return { name: name.trim(), address: `${address.slice(0, at)}@${domain}`, domain, registrable: registrableOf(domain) };
};

const mailboxes = (list: Address[] | Address | undefined): MailAddress[] => {
  const all = list === undefined ? [] : Array.isArray(list) ? list : [list];
  return all.flatMap((a) => (a.group ? a.group : [a])).flatMap((m) => toMailAddress(m.name, m.address ?? "") ?? []);
};

/** The top-level header block with byte offsets, unfolded; lines that are not headers become warnings. */
export const readHeaderBlock = (bytes: Uint8Array): { headers: RawHeader[]; bodyStart: number; warnings: Warning[] } => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = blankLineAfter(buf, 0, buf.length);
  const warnings: Warning[] = [];
  if (!end) warnings.push(warning("NO_BODY"));
  const blockEnd = Math.min(end ? end.at : buf.length, MAX_HEADER_BLOCK);
  if (!end && buf.length > MAX_HEADER_BLOCK) warnings.push(warning("HEADER_TOO_LONG"));
  const block = buf.toString("latin1", 0, blockEnd);
  const headers: RawHeader[] = [];
  let offset = 0;
  let badLines = 0;
  for (const line of block.split("\n")) {
    const here = offset;
    offset += line.length + 1;
    const l = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (l === "") continue;
    const last = headers.at(-1);
    if ((l.startsWith(" ") || l.startsWith("\t")) && last) {
      last.value += ` ${l.trim()}`;
      continue;
    }
    const colon = l.indexOf(":");
    if (colon <= 0 || /\s/.test(l.slice(0, colon).trim()) || here === 0 && l.startsWith("From ")) {
      // an mbox "From " line on top is normal; anything else is a broken header line
      if (!(here === 0 && l.startsWith("From "))) {
        badLines++;
        if (badLines === 1) warnings.push(warning("MALFORMED_HEADER", { offset: here }));
      }
      continue;
    }
    headers.push({ key: l.slice(0, colon).trim().toLowerCase(), value: l.slice(colon + 1).trim(), offset: here });
  }
  return { headers, bodyStart: end ? end.at + end.len : buf.length, warnings };
};

const headerValue = (headers: RawHeader[], key: string): RawHeader | undefined => headers.find((h) => h.key === key);

/** A header value that carries raw 8-bit bytes, decoded as Japanese text would be (then its encoded words). */
const repaired = (h: RawHeader | undefined, warnings: Warning[]): string | null => {
  if (!h || !hasHighBytes(h.value)) return null;
  warnings.push(warning("RAW_8BIT_HEADER", { offset: h.offset, part: h.key }));
  return decodeWords(decodeUnlabelled(h.value).text);
};

export const parseMail = async (bytes: Uint8Array): Promise<Parsed> => {
  const block = readHeaderBlock(bytes);
  const tree = walkMime(bytes);
  const warnings = [...block.warnings, ...tree.warnings];
  // large base64 parts: decoded here and replaced by a stub for postal-mime (mime-tree.ts says why)
  const stubs = new Map<string, Uint8Array>();
  let input = bytes;
  if (tree.large.length > 0) {
    const nonce = randomBytes(12).toString("hex");
    const pieces: Uint8Array[] = [];
    let at = 0;
    tree.large.forEach((p, i) => {
      const marker = `sokuho-stub:${nonce}:${i}`;
      stubs.set(marker, decodeBase64Range(bytes, p.start, p.end));
      pieces.push(bytes.subarray(at, p.start), Buffer.from(Buffer.from(marker).toString("base64")));
      at = p.end;
    });
    pieces.push(bytes.subarray(at));
    input = Buffer.concat(pieces);
  }
  let email: Email | null = null;
  try {
    email = await PostalMime.parse(input, { rfc822Attachments: true, maxNestingDepth: 64, attachmentEncoding: "arraybuffer" });
  } catch (e) {
    warnings.push(warning("PARSE_FAILED", { part: e instanceof Error ? e.message.slice(0, 200) : "error" }));
  }
  const h = block.headers;
  const subjectFix = repaired(headerValue(h, "subject"), warnings);
  const fromFix = repaired(headerValue(h, "from"), warnings);
  const decodedHeader = (key: string): string => decodeWords(headerValue(h, key)?.value ?? "");
  const from = fromFix !== null ? mailboxes(addressParser(fromFix))[0] ?? null : email ? mailboxes(email.from)[0] ?? null : mailboxes(addressParser(decodedHeader("from")))[0] ?? null;
  if (headerValue(h, "from") && !from) warnings.push(warning("BAD_FROM", { offset: headerValue(h, "from")?.offset ?? 0 }));
  const returnPathRaw = email?.returnPath ?? headerValue(h, "return-path")?.value.replace(/[<>]/g, "").trim() ?? "";
  const attachments: ParsedAttachment[] = (email?.attachments ?? []).map((a, i) => {
    const content = typeof a.content === "string" ? Buffer.from(a.content, "base64") : a.content instanceof Uint8Array ? a.content : new Uint8Array(a.content);
    const stub = content.length < 80 ? stubs.get(Buffer.from(content).toString("latin1")) : undefined;
    return { filename: a.filename ?? `attachment-${i + 1}`, mimeType: a.mimeType, content: stub ?? content };
  });
  return {
    headers: h,
    from,
    sender: email ? mailboxes(email.sender)[0] ?? null : null,
    replyTo: email ? mailboxes(email.replyTo) : mailboxes(addressParser(decodedHeader("reply-to"))),
    returnPath: returnPathRaw ? toMailAddress("", returnPathRaw) : null,
    to: email ? mailboxes(email.to) : [],
    cc: email ? mailboxes(email.cc) : [],
    subject: subjectFix ?? email?.subject ?? decodedHeader("subject"),
    date: email?.date ?? null,
    messageId: email?.messageId ?? null,
    text: email?.text ?? "",
    html: email?.html ?? "",
    attachments,
    warnings,
  };
};
