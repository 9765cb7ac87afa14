/**
 * Indicators of compromise: pure validation, normalisation ("refanging" included) and type detection, so the same
 * observable reported twice in different spellings is stored once per incident. No I/O.
 */
import { z } from "zod";
import { INDICATOR_TYPES, TLPS, type IndicatorType } from "../../platform/db/schema.js";
// The pure normalisers live in the mail engine, which extracts indicators with them too (engines import nothing outside).
import { normalizeDomain, normalizeIpv4, normalizeIpv6, normalizeUrl, refang } from "../../engines/mail/normalize.js";

export { normalizeDomain, normalizeIpv4, normalizeIpv6, refang };

export const ZIndicatorType = z.enum(INDICATOR_TYPES);
export const ZTlp = z.enum(TLPS);
const ZValue = z.string().max(4000);
const ZDescription = z.string().max(2000);

/** One value, or many with `bulk` (one per line); `type`, `tlp` and `description` apply to each. */
export const ZIndicatorInput = z.strictObject({
  type: ZIndicatorType.optional(),
  value: ZValue.optional(),
  bulk: z.string().max(500_000).optional(),
  tlp: ZTlp.optional(),
  description: ZDescription.optional(),
});
export const ZIndicatorPatch = z.strictObject({ tlp: ZTlp.optional(), description: ZDescription.optional() });
export const MAX_BULK_LINES = 5000;

/** What each type looks like, for error messages in both languages. */
export const INDICATOR_FORMATS: Record<IndicatorType, { ja: string; en: string }> = {
  "email-addr": { ja: "メールアドレス（例: user@example.jp）", en: "an email address, e.g. user@example.jp" },
  "domain-name": { ja: "ドメイン名（例: example.jp）", en: "a domain name, e.g. example.jp" },
  "ipv4-addr": { ja: "0〜255 の数4つをドットで区切った IPv4 アドレス（例: 192.0.2.1）", en: "an IPv4 address of four numbers 0–255, e.g. 192.0.2.1" },
  "ipv6-addr": { ja: "IPv6 アドレス（例: 2001:db8::1）", en: "an IPv6 address, e.g. 2001:db8::1" },
  url: { ja: "http・https・ftp の URL（例: https://example.jp/a）", en: "an http, https or ftp URL, e.g. https://example.jp/a" },
  "file-md5": { ja: "MD5 ハッシュ（16進数32桁）", en: "an MD5 hash (32 hex digits)" },
  "file-sha1": { ja: "SHA-1 ハッシュ（16進数40桁）", en: "a SHA-1 hash (40 hex digits)" },
  "file-sha256": { ja: "SHA-256 ハッシュ（16進数64桁）", en: "a SHA-256 hash (64 hex digits)" },
  "file-name": { ja: "フォルダを含まないファイル名（255文字以内）", en: "a file name without folders (at most 255 characters)" },
  "email-subject": { ja: "改行を含まないメールの件名（998文字以内）", en: "a mail subject on one line (at most 998 characters)" },
};

export type Normalized = { type: IndicatorType; value: string; normalized: string };
export type IndicatorProblem = { problem: "empty" } | { problem: "undetected" } | { problem: "invalid"; type: IndicatorType };
export type NormalizeResult = ({ ok: true } & Normalized) | ({ ok: false } & IndicatorProblem);

const HEX = /^[0-9a-f]+$/;
const HASH_LENGTHS = { "file-md5": 32, "file-sha1": 40, "file-sha256": 64 } as const;
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const normalizeEmail = (s: string): string | null => {
  const at = s.lastIndexOf("@");
  if (at <= 0) return null;
  const local = s.slice(0, at).toLowerCase();
  const domain = normalizeDomain(s.slice(at + 1));
  return domain && local.length <= 64 && LOCAL_PART.test(local) ? `${local}@${domain}` : null;
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const normalizeFileName = (s: string): string | null =>
  s.length > 255 || CONTROL.test(s) || /[/\\]/.test(s) ? null : s.normalize("NFC");
const normalizeSubject = (s: string): string | null =>
  s.length > 998 || CONTROL.test(s.replace(/\t/g, " ")) ? null : s.normalize("NFC").replace(/\s+/g, " ");

/** Full-width letters and digits as ASCII (Japanese input), defanging undone. */
const prepare = (s: string): string => refang(s.normalize("NFKC").trim());

const NORMALIZERS: Record<IndicatorType, (raw: string) => string | null> = {
  "email-addr": (r) => normalizeEmail(prepare(r)),
  "domain-name": (r) => normalizeDomain(prepare(r)),
  "ipv4-addr": (r) => normalizeIpv4(prepare(r)),
  "ipv6-addr": (r) => normalizeIpv6(prepare(r)),
  url: (r) => normalizeUrl(prepare(r)),
  "file-md5": (r) => hashOf(r, 32),
  "file-sha1": (r) => hashOf(r, 40),
  "file-sha256": (r) => hashOf(r, 64),
  "file-name": (r) => normalizeFileName(r.trim()),
  "email-subject": (r) => normalizeSubject(r.trim()),
};
function hashOf(raw: string, length: number): string | null {
  const h = raw.normalize("NFKC").trim().toLowerCase();
  return h.length === length && HEX.test(h) ? h : null;
}

/** Extensions that make `invoice.pdf.exe` a file name rather than a domain. */
const FILE_EXTENSIONS = new Set([
  "exe", "scr", "com", "bat", "cmd", "dll", "js", "jse", "vbs", "vbe", "wsf", "hta", "ps1", "lnk", "msi", "jar", "iso", "img",
  "zip", "rar", "7z", "lzh", "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "pdf", "rtf", "one", "txt", "csv",
]);

/** The type a value most likely is; never an email subject (any text could be one). */
export const detectIndicatorType = (raw: string): IndicatorType | null => {
  const s = prepare(raw);
  if (!s) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return "url";
  if (normalizeIpv4(s)) return "ipv4-addr";
  if (normalizeIpv6(s)) return "ipv6-addr";
  const lower = s.toLowerCase();
  if (HEX.test(lower)) {
    const hash = (Object.keys(HASH_LENGTHS) as Array<keyof typeof HASH_LENGTHS>).find((k) => HASH_LENGTHS[k] === lower.length);
    if (hash) return hash;
  }
  if (s.includes("@") && !/\s/.test(s)) return "email-addr";
  const ext = /\.([a-z0-9]{1,5})$/i.exec(s)?.[1]?.toLowerCase();
  // "example.com" stays a domain: .com is both a TLD and an old executable extension, and domains are far more common.
  if (ext && FILE_EXTENSIONS.has(ext) && !(ext === "com" && normalizeDomain(s))) return "file-name";
  if (normalizeDomain(s)) return "domain-name";
  return null;
};

/** Validates and normalises one value, detecting its type when none is given. */
export const normalizeIndicator = (raw: string, type?: IndicatorType): NormalizeResult => {
  const value = raw.trim();
  if (!value) return { ok: false, problem: "empty" };
  const t = type ?? detectIndicatorType(value);
  if (!t) return { ok: false, problem: "undetected" };
  const normalized = NORMALIZERS[t](value);
  return normalized ? { ok: true, type: t, value, normalized } : { ok: false, problem: "invalid", type: t };
};

/** One value per line; blank lines are not values. Line numbers start at 1. */
export const splitBulk = (text: string): Array<{ line: number; raw: string }> =>
  text
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ line: i + 1, raw }))
    .filter((l) => l.raw.trim() !== "");
