/** Signals from the message model and the organisation's context. Each carries its evidence (header, part, offset). */
import { isIP } from "node:net";
import type { MailContext } from "./context.js";
import type { Exploded } from "./archive.js";
import { findPassword, findUrgency } from "./language.js";
import { shownHost } from "./links.js";
import { lookalikeOf } from "./lookalike.js";
import { signal } from "./messages.js";
import { registrableOf } from "./parse.js";
import type { MailAddress, MailFile, MailModel, Signal } from "./types.js";

const EXECUTABLE_EXT = new Set(["exe", "scr", "cpl", "com", "pif", "msi", "dll", "msc", "jar"]);
const SCRIPT_EXT = new Set(["js", "jse", "vbs", "vbe", "wsf", "wsh", "hta", "ps1", "bat", "cmd", "reg", "chm"]);
const DISK_EXT = new Set(["iso", "img", "vhd", "vhdx"]);
const MACRO_EXT = new Set(["docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam"]);
/** What a victim expects to open: the first half of a double extension, or an extension that must not hide a program. */
const DOCUMENT_EXT = new Set(["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "csv", "jpg", "jpeg", "png", "gif", "bmp", "htm", "html", "zip", "jtd", "hwp"]);
const PROGRAM_TYPES = new Set(["pe", "elf", "lnk"]);
const BIDI = /[\u202d\u202e\u2066\u2067\u2068]/;
// many blanks (ASCII, full-width, underscores) before the real extension: "請求書.pdf                    .exe"
const PADDED = /(\s|\u3000|_){5,}\.[A-Za-z0-9]{1,5}$/;

/** Is this domain (or a subdomain of it) in the list of registrable domains? */
const inDomains = (domain: string, registrable: string, list: readonly string[]): boolean =>
  list.some((d) => d === registrable || d === domain || domain.endsWith(`.${d}`));

const fold = (s: string): string => s.normalize("NFKC").toLowerCase().replace(/[\s\u3000・.,「」"'()（）]/g, "");
/** A name inside a display name: as a word for ASCII names ("ANA" is not in "Hanako"), as a substring for Japanese. */
const matchers = new Map<string, ((display: string) => boolean) | null>();
const matcherOf = (name: string): ((display: string) => boolean) | null => {
  let m = matchers.get(name);
  if (m !== undefined) return m;
  const n = fold(name);
  if (n.length < 2) m = null;
  else if (/^[\x20-\x7e]+$/.test(n)) {
    const words = name.normalize("NFKC").toLowerCase().trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(`(^|[^a-z0-9])${words.join("[\\s_.-]*")}($|[^a-z0-9])`, "i");
    m = (display) => re.test(display.normalize("NFKC"));
  } else m = (display) => fold(display).includes(n);
  if (matchers.size > 50_000) matchers.clear();
  matchers.set(name, m);
  return m;
};
const nameIn = (display: string, name: string): boolean => matcherOf(name)?.(display) ?? false;

/**
 * What a context contributes to every mail, worked out once per context object (the CLI's, or a platform
 * organisation's while it is unchanged), not once per mail: the look-alike targets (partner domains, then our own),
 * the known domains, knownSenders as a set (a registry can hold 100,000 addresses) and the VIP names folded.
 */
type Prepared = { targets: { domain: string; own: boolean }[]; known: string[]; senders: Set<string>; vips: { fold: string; address: string; name: string }[] };
const preparedContexts = new WeakMap<MailContext, Prepared>();
const prepared = (ctx: MailContext): Prepared => {
  let p = preparedContexts.get(ctx);
  if (!p) {
    p = {
      targets: [...ctx.partners.flatMap((x) => x.domains.map((d) => ({ domain: d, own: false }))), ...ctx.ownDomains.map((d) => ({ domain: d, own: true }))],
      known: [...ctx.ownDomains, ...ctx.partners.flatMap((x) => x.domains)],
      senders: new Set(ctx.knownSenders),
      vips: ctx.vips.map((v) => ({ fold: fold(v.name), address: v.address, name: v.name })),
    };
    preparedContexts.set(ctx, p);
  }
  return p;
};

/** The text part, else the HTML without its tags (urgency and PPAP wording are read in it), computed once per model. */
const bodyTexts = new WeakMap<MailModel, string>();
const bodyText = (m: MailModel): string => {
  if (m.text) return m.text;
  let t = bodyTexts.get(m);
  if (t === undefined) bodyTexts.set(m, (t = m.html.replace(/<[^>]*>/g, " ")));
  return t;
};

const headerOffset = (m: MailModel, key: string): number | undefined => m.headers.find((h) => h.key === key)?.offset;

const authSignals = (m: MailModel, ctx: MailContext, out: Signal[]): void => {
  const from = m.from;
  if (!m.auth) {
    if (m.untrustedAuthservIds.length > 0) out.push(signal("auth_untrusted_results", { header: "authentication-results", value: m.untrustedAuthservIds.join(", ") }));
    return;
  }
  if (!from) return;
  const a = m.auth;
  const partner = ctx.partners.find((p) => inDomains(from.domain, from.registrable, p.domains));
  const aligned = (d: string | null): boolean => !!d && (registrableOf(d) === from.registrable || !!partner?.dkimDomains.some((k) => k === d || registrableOf(d) === k));
  const dkimPass = a.dkim.some((r) => r.result === "pass" && aligned(r.domain));
  const spfPass = a.spf?.result === "pass" && aligned(a.spf.domain);
  const dmarc = a.dmarc?.result ?? null;
  const isAuthenticated = dmarc === "pass" || dkimPass || spfPass;
  const kinds = [a.spf ? `spf=${a.spf.result}` : "spf=none", a.dkim.length ? a.dkim.map((d) => `dkim=${d.result}`).join(" ") : "dkim=none", `dmarc=${dmarc ?? "none"}`].join(", ");
  const evidence = { header: "authentication-results", offset: a.offset, value: from.domain, kind: kinds };
  const isOwn = inDomains(from.domain, from.registrable, ctx.ownDomains);
  if (dmarc === "fail" || !isAuthenticated) {
    if (partner) out.push(signal("auth_partner_domain_fail", { ...evidence, expected: partner.name }));
    else if (isOwn) out.push(signal("auth_own_domain_fail", evidence));
    else if (dmarc === "fail") out.push(signal("auth_dmarc_fail", evidence));
  }
  if (!partner && !isOwn && a.spf && (a.spf.result === "fail" || a.spf.result === "softfail") && dmarc !== "fail")
    out.push(signal("auth_spf_fail", { header: "authentication-results", offset: a.offset, value: a.spf.domain ?? "", kind: a.spf.result }));
};

const addressSignals = (m: MailModel, ctx: MailContext, out: Signal[]): void => {
  const from = m.from;
  const seen = new Set<string>();
  const { targets, known } = prepared(ctx);
  const checkLookalike = (domain: string, registrable: string, where: { header?: string; part?: string; offset?: number }): void => {
    if (seen.has(registrable) || inDomains(domain, registrable, known)) return;
    seen.add(registrable);
    for (const t of targets) {
      const hit = lookalikeOf(domain, t.domain);
      if (!hit) continue;
      out.push(signal(t.own ? "lookalike_own_domain" : "lookalike_partner_domain", { ...where, value: domain, expected: t.domain, kind: hit.family }));
      return;
    }
  };
  const addrs: [string, MailAddress | null][] = [["from", from], ["sender", m.sender], ["return-path", m.returnPath], ...m.replyTo.map((r): [string, MailAddress] => ["reply-to", r])];
  for (const [header, a] of addrs) if (a) checkLookalike(a.domain, a.registrable, { header, ...(headerOffset(m, header) !== undefined ? { offset: headerOffset(m, header) } : {}) });
  for (const l of m.links) if (!isIP(l.host)) checkLookalike(l.host, l.registrable, { part: l.part, offset: l.offset });

  if (!from) return;
  const fromOffset = headerOffset(m, "from");
  const at = { header: "from", ...(fromOffset !== undefined ? { offset: fromOffset } : {}) };
  // a display name longer than any real one is judged on its start (each partner name is matched against it)
  const display = from.name.slice(0, 256);
  if (display)
    for (const p of ctx.partners) {
      if (inDomains(from.domain, from.registrable, p.domains)) continue;
      const name = [p.name, ...p.displayNames].find((n) => nameIn(display, n));
      if (name) {
        out.push(signal("display_name_partner_other_domain", { ...at, value: from.domain, expected: name }));
        break;
      }
    }
  if (display && ctx.vips.length > 0) {
    const folded = fold(display);
    for (const v of prepared(ctx).vips)
      if (folded === v.fold && from.address.toLowerCase() !== v.address) {
        out.push(signal("display_name_vip_other_address", { ...at, value: from.address, expected: v.name }));
        break;
      }
  }
  for (const r of m.replyTo)
    if (r.registrable !== from.registrable) {
      const off = headerOffset(m, "reply-to");
      out.push(signal("reply_to_mismatch", { header: "reply-to", ...(off !== undefined ? { offset: off } : {}), value: r.domain, expected: from.domain }));
      break;
    }
  if (m.returnPath && m.returnPath.registrable !== from.registrable) {
    const off = headerOffset(m, "return-path");
    out.push(signal("return_path_mismatch", { header: "return-path", ...(off !== undefined ? { offset: off } : {}), value: m.returnPath.domain, expected: from.domain }));
  }
  if (ctx.knownSenders.length > 0) {
    const senders = prepared(ctx).senders;
    const isKnown = senders.has(from.address.toLowerCase()) || senders.has(from.domain) || senders.has(from.registrable) || inDomains(from.domain, from.registrable, known);
    if (!isKnown) out.push(signal("unknown_sender", { ...at, value: from.address }));
  }
};

const linkSignals = (m: MailModel, out: Signal[]): void => {
  let ipReported = false;
  for (const l of m.links) {
    if (isIP(l.host)) {
      if (!ipReported) out.push(signal("url_ip_host", { part: l.part, offset: l.offset, value: l.host }));
      ipReported = true;
    }
    if (l.part !== "html") continue;
    const shown = shownHost(l.text);
    if (shown && registrableOf(shown) !== l.registrable) out.push(signal("url_text_mismatch", { part: "html", offset: l.offset, value: l.host, expected: shown }));
  }
  const u = findUrgency(m.subject, bodyText(m));
  if (u) out.push(signal("urgency_language", { part: u.part, offset: u.offset, value: u.value }));
};

const fileSignals = (f: MailFile, out: Signal[]): void => {
  const ev = { part: f.path, value: f.name };
  const ext = f.extension;
  const exts = f.name.toLowerCase().split(".").slice(1).map((e) => e.trim());
  if (BIDI.test(f.name)) out.push(signal("attachment_rlo", ev));
  if (PADDED.test(f.name)) out.push(signal("attachment_padded_extension", ev));
  const isProgramExt = EXECUTABLE_EXT.has(ext) || SCRIPT_EXT.has(ext) || ext === "lnk";
  if (exts.length >= 2 && isProgramExt && DOCUMENT_EXT.has(exts[exts.length - 2] as string)) out.push(signal("attachment_double_extension", ev));
  if (f.realType === "lnk" || ext === "lnk") out.push(signal("attachment_lnk", ev));
  else if (f.realType === "pe" || f.realType === "elf" || EXECUTABLE_EXT.has(ext)) out.push(signal("attachment_executable", ev));
  if (SCRIPT_EXT.has(ext)) out.push(signal("attachment_script", ev));
  if (DISK_EXT.has(ext) || f.realType === "iso" || f.realType === "img" || f.realType === "vhd" || f.realType === "vhdx") out.push(signal("attachment_disk_image", ev));
  if (PROGRAM_TYPES.has(f.realType) && !isProgramExt) out.push(signal("attachment_type_mismatch", { ...ev, kind: f.realType }));
  if (f.hasMacro || MACRO_EXT.has(ext)) out.push(signal("attachment_macro", ev));
  if (f.isSmuggling) out.push(signal("html_smuggling", ev));
  // the archive itself (its entries carry the flag too, with no hash)
  if (f.isEncrypted && f.sha256 !== null) out.push(signal("encrypted_archive", ev));
};

export const collectSignals = (m: MailModel, ctx: MailContext, exploded: Exploded, bodySmuggling: { part: string; offset: number } | null): Signal[] => {
  const out: Signal[] = [];
  authSignals(m, ctx, out);
  addressSignals(m, ctx, out);
  linkSignals(m, out);
  for (const f of m.files) {
    // an entry of an encrypted archive is known by name only: judge the name, not the (unread) content
    fileSignals(f, out);
  }
  if (bodySmuggling) out.push(signal("html_smuggling", { part: bodySmuggling.part, offset: bodySmuggling.offset, value: "html" }));
  for (const h of exploded.hits) out.push(signal("archive_limit", { part: h.path, kind: h.kind, value: h.path }));
  if (m.files.some((f) => f.isEncrypted && f.sha256 !== null)) {
    const pw = findPassword(bodyText(m));
    if (pw) out.push(signal("ppap_password_in_body", { part: "text", offset: pw.offset }));
  }
  return out;
};
