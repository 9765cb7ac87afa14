/**
 * Triage: the mail and egress engines wired into incidents. Pure rules and zod inputs: what a mail upload must be
 * before the engine sees it, the organisation context as the engine wants it, and how a finding becomes indicators
 * and host links. No I/O.
 */
import { z } from "zod";
import type { Text } from "../../engines/mail/index.js";

/** A mail larger than this is refused before analysis (the engine holds it in memory, about 3× its size). */
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;
/** At most this many findings of one import are stored (ranked by score: the rest are below any useful cut). */
export const MAX_STORED_FINDINGS = 500;
export const MAX_NOTE_CHARS = 2000;

const ZList = (max: number, each: number) => z.array(z.string().max(each)).max(max);
/** The organisation's mail context as the settings tab sends it (checked again by the engine's own rules). */
export const ZMailContextInput = z.strictObject({
  ownDomains: ZList(1000, 253),
  trustedAuthservIds: ZList(100, 253),
  knownSenders: ZList(10_000, 320),
  vips: z.array(z.strictObject({ name: z.string().max(200), address: z.string().max(320) })).max(10_000),
  partners: z.array(z.strictObject({
    name: z.string().max(200),
    domains: ZList(1000, 253),
    displayNames: ZList(100, 200),
    dkimDomains: ZList(100, 253),
  })).max(10_000),
});
export type MailContextInput = z.infer<typeof ZMailContextInput>;

export const ZAttachReport = z.strictObject({ incidentId: z.string().uuid() });
export const ZReportListQuery = z.strictObject({ incidentId: z.string().uuid().optional(), unattached: z.enum(["true", "false"]).optional() });
export const ZImportListQuery = z.strictObject({ incidentId: z.string().uuid().optional() });
/** From a finding: into an existing incident (`incidentId`), or a new one (`title`, else a title from the finding). */
export const ZPromoteFinding = z.strictObject({ incidentId: z.string().uuid().optional(), title: z.string().trim().min(1).max(300).optional() });
/** Link one host of a finding to an asset of the incident's owner: the given one, else the one with this address or name, else a new one. */
export const ZLinkFindingHost = z.strictObject({ incidentId: z.string().uuid(), host: z.string().min(1).max(253), assetId: z.string().uuid().optional() });

// eslint-disable-next-line no-control-regex -- control characters are what tells a binary file
const BINARY = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;
const MAIL_HEADERS = new Set(["from", "to", "cc", "subject", "date", "received", "message-id", "return-path", "mime-version", "reply-to", "sender", "delivered-to", "authentication-results", "dkim-signature"]);

export type MailFileProblem = { code: "empty" | "binary" | "not_mail"; line?: number };

/**
 * Whether these bytes can be a mail (RFC 5322) at all: not empty, no control bytes in the header block, and at
 * least one mail header among its first lines. The engine never crashes on anything, but it would call a PNG a
 * benign mail; the platform says what the file is instead.
 */
export const mailFileProblem = (bytes: Uint8Array): MailFileProblem | null => {
  if (bytes.length === 0) return { code: "empty" };
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  const lines = block.split(/\r?\n/);
  const bad = lines.findIndex((l) => BINARY.test(l));
  if (bad >= 0) return { code: "binary", line: bad + 1 };
  const known = lines.some((l) => MAIL_HEADERS.has(/^([!-9;-~]+):/.exec(l)?.[1]?.toLowerCase() ?? ""));
  return known ? null : { code: "not_mail", line: 1 };
};

/** The sentence for a refused mail file, naming the file (and the line). */
export const mailFileMessage = (filename: string, p: MailFileProblem): Text => {
  switch (p.code) {
    case "empty":
      return { ja: `${filename}: ファイルが空です（0 バイト）。メールを .eml 形式で保存して送ってください。`, en: `${filename}: the file is empty (0 bytes). Save the mail as .eml and send that.` };
    case "binary":
      return { ja: `${filename}: ${p.line} 行目に制御文字があり、メール（.eml）ではなくバイナリファイルです。`, en: `${filename}: line ${p.line} holds control bytes: this is a binary file, not a mail (.eml).` };
    default:
      return { ja: `${filename}: 先頭にメールのヘッダー（From、Subject、Date、Received など）がなく、メール（.eml）ではありません。メールソフトで「名前を付けて保存」した .eml を送ってください。`, en: `${filename}: no mail header (From, Subject, Date, Received …) at the start, so this is not a mail (.eml). Save the mail as .eml from the mail program and send that.` };
  }
};

export const tooLargeMailMessage = (filename: string, limit: number): Text => ({
  ja: `${filename}: メールが大きすぎます（上限 ${Math.round(limit / 1024 / 1024)} MiB）。`,
  en: `${filename}: the mail is too large (limit ${Math.round(limit / 1024 / 1024)} MiB).`,
});

/** How a mail's analysis stopped in its worker thread (the engine's MailAnalysisError, as plain data). */
export type MailAnalysisFailure = { kind: "timeout" | "crashed" | "busy" | "closed"; stage: "parse" | "files" | "signals" | null; part: string | null; ms: number };

/** The sentence for an analysis that did not finish, naming the file and where it stopped (the part, when in one). */
export const mailAnalysisFailedMessage = (filename: string, f: MailAnalysisFailure, timeoutMs: number): Text => {
  const where: Text = f.part
    ? { ja: `（${f.part} の検査中）`, en: ` (while inspecting ${f.part})` }
    : f.stage === "parse" ? { ja: "（MIME 構造の解析中）", en: " (while parsing the MIME structure)" }
    : f.stage === "signals" ? { ja: "（判定の計算中）", en: " (while computing the signals)" }
    : { ja: "", en: "" };
  switch (f.kind) {
    case "timeout":
      return { ja: `${filename}: 解析が制限時間（${Math.round(timeoutMs / 1000)} 秒）内に終わらなかったため中止しました${where.ja}。圧縮ファイルの展開爆弾などの可能性があります。メールは保存していません。`, en: `${filename}: the analysis did not finish within its time limit (${Math.round(timeoutMs / 1000)} s) and was stopped${where.en}; it may be an archive bomb. The mail was not stored.` };
    case "crashed":
      return { ja: `${filename}: 解析中に解析スレッドが異常終了しました${where.ja}（メモリ上限の可能性）。メールは保存していません。`, en: `${filename}: the analysis thread stopped abnormally${where.en} (probably its memory limit). The mail was not stored.` };
    default:
      return { ja: `${filename}: 解析待ちのメールが多すぎます。しばらくしてからもう一度送ってください。`, en: `${filename}: too many mails are waiting for analysis. Send it again in a moment.` };
  }
};

/** A finding's indicators, one per line, as the indicators capability reads them (its type detected). */
export const findingIndicatorLines = (f: { kind: string; dst: string; dstHost: string | null }): string[] => {
  const out = new Set<string>();
  out.add(f.dst);
  if (f.dstHost) out.add(f.dstHost);
  return [...out].filter((v) => v.trim() !== "");
};

/** A mail's indicators, one per line (URLs, domains, IPs, SHA-256 of attachments and inner files). */
export const mailIndicatorLines = (i: { urls: string[]; domains: string[]; ips: string[]; sha256: string[] }): string[] =>
  [...new Set([...i.urls, ...i.domains, ...i.ips, ...i.sha256])];

/** The incident title proposed for a finding. */
export const findingTitle = (f: { kind: string; src: string; dst: string; dstHost: string | null }): { ja: string; en: string } => {
  const dst = f.dstHost ?? f.dst;
  const kind = { policy: ["外部通信禁止の機器からの通信", "no-egress host talking out"], indicator: ["既知の不正な宛先への通信", "traffic to a known bad destination"], exfiltration: ["大量送信（情報持ち出しの疑い）", "suspected exfiltration"], beacon: ["定期通信（C2 の疑い）", "beaconing (suspected C2)"], long_connection: ["長時間接続", "long connection"] }[f.kind] ?? [f.kind, f.kind];
  return { ja: `${kind[0]}: ${f.src} → ${dst}`, en: `${kind[1]}: ${f.src} → ${dst}` };
};

/** Whether an asset is this host: by address (exact, or inside a network of the asset) or by host name. */
export const assetMatchesHost = (a: { hostname: string; addresses: string[] }, host: string): boolean => {
  const h = host.trim().toLowerCase();
  if (a.hostname === h) return true;
  return a.addresses.some((addr) => addr === h || (addr.includes("/") && inCidr(h, addr)));
};

const ipv4 = (s: string): number | null => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.some((n) => n > 255) ? null : parts.reduce((acc, n) => acc * 256 + n, 0);
};
const inCidr = (ip: string, cidr: string): boolean => {
  const [net = "", bits = ""] = cidr.split("/");
  const a = ipv4(ip);
  const b = ipv4(net);
  const n = Number(bits);
  if (a === null || b === null || !(n >= 0 && n <= 32)) return false;
  const size = 2 ** (32 - n);
  return Math.floor(a / size) === Math.floor(b / size);
};
