import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ackStats, broadcastMessageKey, formatDuration, formatLog, percentile, renderBroadcastMessage, ZBroadcastInput, type LogRow, type RecipientTimes,
} from "./broadcasts-domain.js";

const t0 = new Date("2026-06-14T09:00:00+09:00");
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

test("percentile is nearest-rank over ascending values", () => {
  assert.equal(percentile([], 50), null);
  assert.equal(percentile([5], 90), 5);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), 5);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100), 10);
});

test("ackStats: time to first acknowledgement per organisation and per step, who never acknowledged", () => {
  const rows: RecipientTimes[] = [
    { orgId: "a", sentAt: t0, acknowledgedAt: at(2), answeredAt: at(30), reminderCount: 0, lastNotifiedAt: t0 },
    { orgId: "b", sentAt: t0, acknowledgedAt: at(10), answeredAt: null, reminderCount: 0, lastNotifiedAt: t0 },
    // acknowledged 5 minutes after the first reminder (sent at 60)
    { orgId: "c", sentAt: t0, acknowledgedAt: at(65), answeredAt: null, reminderCount: 1, lastNotifiedAt: at(60) },
    { orgId: "d", sentAt: t0, acknowledgedAt: null, answeredAt: null, reminderCount: 3, lastNotifiedAt: at(180) },
  ];
  const s = ackStats(rows);
  assert.equal(s.recipients, 4);
  assert.equal(s.acknowledged, 3);
  assert.equal(s.never, 1);
  assert.equal(s.answered, 1);
  assert.equal(s.p50Ms, 10 * 60_000);
  assert.equal(s.maxMs, 65 * 60_000);
  assert.deepEqual(s.steps, [
    { step: 1, acknowledged: 2, p50Ms: 2 * 60_000, maxMs: 10 * 60_000 },
    { step: 2, acknowledged: 1, p50Ms: 5 * 60_000, maxMs: 5 * 60_000 },
  ]);
});

test("a drill is labelled in the subject and the text, in both languages; a reminder says so", () => {
  const b = { kind: "request" as const, titleJa: "情報提供のお願い", titleEn: "Information request", bodyJa: "本文", bodyEn: "Body", isDrill: true };
  const m = renderBroadcastMessage(b, { senderJa: "観光庁", senderEn: "JTA", attempt: 1, ackUrl: "https://x/ack/t", openUrl: "https://x/o", expiresAt: at(60) });
  assert.ok(m.subject.startsWith("【訓練】[DRILL]"), m.subject);
  assert.match(m.text, /連絡網の訓練/);
  assert.match(m.text, /DRILL/);
  assert.equal(m.isDrill, true);
  assert.deepEqual(m.links.map((l) => l.rel), ["acknowledge", "answer"]);
  const real = renderBroadcastMessage({ ...b, isDrill: false }, { senderJa: "観光庁", senderEn: "JTA", attempt: 3, ackUrl: "u", openUrl: "o", expiresAt: at(60) });
  assert.ok(!real.subject.includes("訓練") && !real.text.includes("DRILL"));
  assert.match(real.subject, /再通知 2/);
});

test("the message key differs per recipient, channel and attempt, and is stable", () => {
  const k = { broadcastId: "b", recipientOrgId: "o", channelId: "c", attempt: 1 };
  assert.equal(broadcastMessageKey(k), broadcastMessageKey({ ...k }));
  const others = [{ ...k, attempt: 2 }, { ...k, channelId: "d" }, { ...k, recipientOrgId: "p" }].map(broadcastMessageKey);
  assert.equal(new Set([broadcastMessageKey(k), ...others]).size, 4);
});

test("the CSV opens in Excel: BOM, CRLF, quoted cells, formulas neutralised; JSON carries the same rows", () => {
  const row: LogRow = {
    recipientOrgId: "o1", organisationJa: "日本旅館協会（デモ）", organisationEn: "Ryokan, Assoc.", via: "association", deskChannels: 1,
    sentAt: t0.toISOString(), acknowledgedAt: at(2).toISOString(), acknowledgedBy: "佐藤 \"花子\"", acknowledgedVia: "ui",
    timeToAcknowledgeSeconds: 120, ackStep: 1, reminders: 0, escalatedAt: null, answeredAt: null, answeredBy: null,
    answerText: "=HYPERLINK(\"x\")\n2行目", answerFile: null,
  };
  const csv = formatLog([row], "csv", "ja");
  assert.ok(csv.startsWith("\uFEFF組織ID,組織名,"));
  const lines = csv.slice(1).split("\r\n");
  assert.equal(lines.length, 3, "header, one row, and the final CRLF");
  assert.match(csv, /"Ryokan, Assoc\."/);
  assert.match(csv, /"佐藤 ""花子"""/);
  assert.match(csv, /"'=HYPERLINK\(""x""\)\n2行目"/);
  assert.ok(formatLog([row], "csv", "en").includes("Seconds to acknowledge"));
  const json = JSON.parse(formatLog([row], "json", "ja", { broadcastId: "b" })) as { broadcastId: string; rows: LogRow[] };
  assert.equal(json.broadcastId, "b");
  assert.deepEqual(json.rows, [row]);
});

test("durations read as words", () => {
  assert.equal(formatDuration(null, "ja"), "—");
  assert.equal(formatDuration(0, "en"), "0 s");
  assert.equal(formatDuration(3_723_000, "ja"), "1時間2分3秒");
  assert.equal(formatDuration(120_000, "en"), "2 min");
});

test("the input: a title in one language at least; a list needs organisations and only a list takes them", () => {
  assert.equal(ZBroadcastInput.safeParse({ kind: "alert", audience: "related" }).success, false);
  assert.equal(ZBroadcastInput.safeParse({ kind: "alert", titleEn: "x", audience: "related" }).success, true);
  assert.equal(ZBroadcastInput.safeParse({ kind: "alert", titleEn: "x", audience: "list" }).success, false);
  assert.equal(ZBroadcastInput.safeParse({ kind: "alert", titleEn: "x", audience: "related", orgIds: ["00000000-0000-4000-8000-000000000000"] }).success, false);
  assert.equal(ZBroadcastInput.safeParse({ kind: "alert", titleEn: "x", audience: "list", orgIds: ["00000000-0000-4000-8000-000000000000"] }).success, true);
  assert.equal(ZBroadcastInput.safeParse({ kind: "alert", titleEn: "x", audience: "related", extra: 1 }).success, false);
});
