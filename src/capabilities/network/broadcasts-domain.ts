/**
 * Broadcasts and requests (要請) across organisations, pure: the input schemas, the message each recipient's duty
 * desk receives (a drill labelled 【訓練】/[DRILL] in every message), the outbox idempotency key, the statistics of
 * the drill report (time to first acknowledgement per organisation and per step, percentiles) and the one
 * formatter of the acknowledgement log (CSV for Excel, JSON). No I/O; time is a parameter.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { BROADCAST_AUDIENCES, BROADCAST_KINDS, type BroadcastKind } from "../../platform/db/schema.js";
import type { OutgoingMessage } from "./outbox.js";

export const MAX_TITLE = 300;
export const MAX_BODY = 20_000;
export const MAX_ANSWER = 20_000;
/** A signed acknowledge link stays valid this long after its message. */
export const LINK_TTL_HOURS = 72;

const text = (max: number) => z.string().trim().max(max);

export const ZBroadcastInput = z
  .strictObject({
    kind: z.enum(BROADCAST_KINDS),
    titleJa: text(MAX_TITLE).default(""),
    titleEn: text(MAX_TITLE).default(""),
    bodyJa: text(MAX_BODY).default(""),
    bodyEn: text(MAX_BODY).default(""),
    audience: z.enum(BROADCAST_AUDIENCES),
    /** For `list`: the chosen organisations (each must be within the sender's reach). */
    orgIds: z.array(z.string().uuid()).max(5000).optional(),
    isDrill: z.boolean().default(false),
    reminderMinutes: z.number().int().min(1).max(10_080).default(60),
    maxReminders: z.number().int().min(0).max(20).default(3),
  })
  .refine((b) => b.titleJa !== "" || b.titleEn !== "", { message: "required", path: ["titleJa"] })
  .refine((b) => (b.audience === "list") === (b.orgIds !== undefined && b.orgIds.length > 0), { message: "required", path: ["orgIds"] });
export type BroadcastInput = z.infer<typeof ZBroadcastInput>;

export const ZAudienceQuery = z.strictObject({
  audience: z.enum(BROADCAST_AUDIENCES),
  orgIds: z.string().max(200_000).optional(),
});

export const ZAnswerText = text(MAX_ANSWER).min(1);

/** A drill says so first, in both languages, in every message and on every page. */
export const drillLabel = (locale: "ja" | "en"): string => (locale === "ja" ? "【訓練】" : "[DRILL]");
export const labelled = (title: string, isDrill: boolean, locale: "ja" | "en"): string => (isDrill ? `${drillLabel(locale)} ${title}` : title);

/** The outbox key of one message: per broadcast, recipient organisation, channel and attempt (1 = first, then reminders). */
export const broadcastMessageKey = (k: { broadcastId: string; recipientOrgId: string; channelId: string; attempt: number }): string =>
  createHash("sha256").update(["broadcast", k.broadcastId, k.recipientOrgId, k.channelId, String(k.attempt)].join("\u0000")).digest("hex");

export type BroadcastText = { kind: BroadcastKind; titleJa: string; titleEn: string; bodyJa: string; bodyEn: string; isDrill: boolean };

const pick = (ja: string, en: string, locale: "ja" | "en"): string => (locale === "ja" ? ja || en : en || ja);

/**
 * The message to one recipient's duty desk: both languages in one message (the desk's language is unknown), the
 * Japanese first; a reminder says which one it is; the acknowledge link needs no login.
 */
export const renderBroadcastMessage = (b: BroadcastText, m: {
  senderJa: string; senderEn: string; attempt: number; ackUrl: string; openUrl: string; expiresAt: Date;
}): OutgoingMessage => {
  const reminder = m.attempt > 1;
  const kindJa = b.kind === "request" ? "要請" : "注意喚起";
  const kindEn = b.kind === "request" ? "Request" : "Alert";
  const titleJa = pick(b.titleJa, b.titleEn, "ja");
  const titleEn = pick(b.titleJa, b.titleEn, "en");
  const subject = [
    b.isDrill ? `${drillLabel("ja")}${drillLabel("en")}` : "",
    reminder ? `【再通知 ${m.attempt - 1}】` : "",
    `【${kindJa}】${titleJa}`,
    titleEn !== titleJa ? ` / ${kindEn}: ${titleEn}` : "",
  ].join("");
  const drillJa = b.isDrill ? "これは連絡網の訓練です。実際の事案ではありません。受領確認の操作は本番と同じように行ってください。\n\n" : "";
  const drillEn = b.isDrill ? "This is a contact-network DRILL, not a real event. Please acknowledge as you would for real.\n\n" : "";
  const expires = m.expiresAt.toISOString();
  const ja = [
    `${drillJa}${m.senderJa} から${kindJa}が届きました。${reminder ? "まだ受領確認がありません。" : ""}`,
    "",
    titleJa,
    "",
    pick(b.bodyJa, b.bodyEn, "ja"),
    "",
    `受領確認（ログイン不要・1回限り・${expires} まで）: ${m.ackUrl}`,
    ...(b.kind === "request" ? [`回答はログインして次のページから: ${m.openUrl}`] : [`詳細: ${m.openUrl}`]),
  ].join("\n");
  const en = [
    `${drillEn}${kindEn} from ${m.senderEn}.${reminder ? " It has not been acknowledged yet." : ""}`,
    "",
    titleEn,
    "",
    pick(b.bodyEn, b.bodyJa, "en"),
    "",
    `Acknowledge (no sign-in, single use, until ${expires}): ${m.ackUrl}`,
    ...(b.kind === "request" ? [`Answer after signing in: ${m.openUrl}`] : [`Details: ${m.openUrl}`]),
  ].join("\n");
  return {
    locale: "ja",
    subject,
    text: `${ja}\n\n----------\n\n${en}`,
    links: [
      { rel: "acknowledge", label: "受領を確認 / Acknowledge", url: m.ackUrl },
      { rel: b.kind === "request" ? "answer" : "open", label: b.kind === "request" ? "回答する / Answer" : "開く / Open", url: m.openUrl },
    ],
    isDrill: b.isDrill,
  };
};

// ---- the drill report and the board's statistics --------------------------------------------------------------

export type RecipientTimes = {
  orgId: string;
  sentAt: Date;
  acknowledgedAt: Date | null;
  answeredAt: Date | null;
  /** How many reminders had gone out (final: reminders stop at the acknowledgement). */
  reminderCount: number;
  /** When the last message before the acknowledgement went out. */
  lastNotifiedAt: Date;
};

/** The p-th percentile (0–100) of ascending values, nearest-rank; null for none. */
export const percentile = (sortedAsc: readonly number[], p: number): number | null => {
  if (sortedAsc.length === 0) return null;
  const rank = Math.ceil((p / 100) * sortedAsc.length);
  return sortedAsc[Math.min(sortedAsc.length, Math.max(1, rank)) - 1]!;
};

export type AckStats = {
  recipients: number;
  acknowledged: number;
  answered: number;
  never: number;
  /** milliseconds from the broadcast to each organisation's first acknowledgement */
  p50Ms: number | null;
  p90Ms: number | null;
  maxMs: number | null;
  /** Step 1 is the first message, step n+1 the n-th reminder: who acknowledged at which step, and how fast after it. */
  steps: { step: number; acknowledged: number; p50Ms: number | null; maxMs: number | null }[];
};

/** The step at which a recipient acknowledged, and the time from that step's message to the acknowledgement. */
export const ackStep = (r: RecipientTimes): { step: number; afterStepMs: number } | null =>
  r.acknowledgedAt === null ? null : { step: r.reminderCount + 1, afterStepMs: Math.max(0, r.acknowledgedAt.getTime() - r.lastNotifiedAt.getTime()) };

export const timeToAckMs = (r: RecipientTimes): number | null =>
  r.acknowledgedAt === null ? null : Math.max(0, r.acknowledgedAt.getTime() - r.sentAt.getTime());

export const ackStats = (rows: readonly RecipientTimes[]): AckStats => {
  const times = rows.map(timeToAckMs).filter((t): t is number => t !== null).sort((a, b) => a - b);
  const bySteps = new Map<number, number[]>();
  for (const r of rows) {
    const s = ackStep(r);
    if (!s) continue;
    bySteps.set(s.step, [...(bySteps.get(s.step) ?? []), s.afterStepMs]);
  }
  return {
    recipients: rows.length,
    acknowledged: times.length,
    answered: rows.filter((r) => r.answeredAt !== null).length,
    never: rows.length - times.length,
    p50Ms: percentile(times, 50),
    p90Ms: percentile(times, 90),
    maxMs: times.at(-1) ?? null,
    steps: [...bySteps.entries()].sort(([a], [b]) => a - b).map(([step, ms]) => {
      const sorted = ms.sort((a, b) => a - b);
      return { step, acknowledged: sorted.length, p50Ms: percentile(sorted, 50), maxMs: sorted.at(-1) ?? null };
    }),
  };
};

/** "1時間 2分 3秒" / "1 h 2 min 3 s": a duration as people read it. */
export const formatDuration = (ms: number | null, locale: "ja" | "en"): string => {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const unit = locale === "ja" ? { h: "時間", m: "分", s: "秒" } : { h: " h", m: " min", s: " s" };
  const parts = [h ? `${h}${unit.h}` : "", m ? `${m}${unit.m}` : "", sec || (!h && !m) ? `${sec}${unit.s}` : ""];
  return parts.filter((x) => x !== "").join(locale === "ja" ? "" : " ");
};

// ---- the acknowledgement log: one formatter, CSV and JSON ---------------------------------------------------------

export type LogRow = {
  recipientOrgId: string;
  organisationJa: string;
  organisationEn: string;
  via: string;
  deskChannels: number;
  sentAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedVia: string | null;
  timeToAcknowledgeSeconds: number | null;
  ackStep: number | null;
  reminders: number;
  escalatedAt: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  answerText: string | null;
  answerFile: string | null;
};

const LOG_COLUMNS: { key: keyof LogRow; ja: string; en: string }[] = [
  { key: "recipientOrgId", ja: "組織ID", en: "Organisation ID" },
  { key: "organisationJa", ja: "組織名", en: "Organisation (Japanese)" },
  { key: "organisationEn", ja: "組織名（英語）", en: "Organisation" },
  { key: "via", ja: "関係", en: "Relation" },
  { key: "deskChannels", ja: "窓口の連絡先数", en: "Duty-desk channels" },
  { key: "sentAt", ja: "送信日時", en: "Sent at" },
  { key: "acknowledgedAt", ja: "受領確認日時", en: "Acknowledged at" },
  { key: "acknowledgedBy", ja: "受領確認者", en: "Acknowledged by" },
  { key: "acknowledgedVia", ja: "受領確認の方法", en: "Acknowledged via" },
  { key: "timeToAcknowledgeSeconds", ja: "受領までの秒数", en: "Seconds to acknowledge" },
  { key: "ackStep", ja: "受領した段階", en: "Step acknowledged" },
  { key: "reminders", ja: "再通知回数", en: "Reminders" },
  { key: "escalatedAt", ja: "エスカレーション日時", en: "Escalated at" },
  { key: "answeredAt", ja: "回答日時", en: "Answered at" },
  { key: "answeredBy", ja: "回答者", en: "Answered by" },
  { key: "answerText", ja: "回答", en: "Answer" },
  { key: "answerFile", ja: "回答ファイル", en: "Answer file" },
];

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  let s = String(v);
  // A cell that a spreadsheet would run as a formula is kept as text (CSV injection).
  if (/^[=+\-@\t\r]/.test(s) && typeof v === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The acknowledgement log as CSV that Excel opens as UTF-8 (a byte-order mark, CRLF line ends, quoted cells, a
 * header in the reader's language) or as JSON (the same rows, keys as above).
 */
export const formatLog = (rows: readonly LogRow[], format: "csv" | "json", locale: "ja" | "en", meta: Record<string, unknown> = {}): string => {
  if (format === "json") return `${JSON.stringify({ ...meta, rows }, null, 2)}\n`;
  const header = LOG_COLUMNS.map((c) => csvCell(c[locale])).join(",");
  const lines = rows.map((r) => LOG_COLUMNS.map((c) => csvCell(r[c.key])).join(","));
  return `\uFEFF${[header, ...lines].join("\r\n")}\r\n`;
};
