/** The delivery worker's pure parts: back-off, Postfix log look-up, webhook signature and payloads, rendering. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffMs } from "./delivery.js";
import { acceptedInLog } from "./postfix-log.js";
import { htmlOf, messageIdOf, signWebhook, subjectOf, textOf, verifyWebhook, webhookBody, type Delivery } from "./transports.js";
import type { OutgoingMessage } from "./outbox.js";

const S = { backoffBaseMs: 1000, backoffMaxMs: 60_000 };

test("back-off doubles per attempt, stays within [cap/2, cap] and never passes the maximum", () => {
  assert.equal(backoffMs(1, S, () => 0), 500);
  assert.equal(backoffMs(1, S, () => 1), 1000);
  assert.equal(backoffMs(3, S, () => 1), 4000);
  assert.equal(backoffMs(3, S, () => 0), 2000);
  assert.equal(backoffMs(30, S, () => 1), 60_000);
  for (let a = 1; a < 12; a++) for (const r of [0, 0.3, 0.99]) assert.ok(backoffMs(a + 1, S, () => r) >= backoffMs(a, S, () => r));
});

test("a Message-ID counts as accepted only when Postfix committed its queue file", () => {
  const log = [
    "Dec 02 11:30:31 vm postfix/smtpd[1]: 0300217C07E: client=unknown[127.0.0.1]",
    "Dec 02 11:30:31 vm postfix/cleanup[2]: 0300217C07E: message-id=<aaa@sokuho.localhost>",
    "Dec 02 11:30:31 vm postfix/qmgr[3]: 0300217C07E: from=<noreply@sokuho.localhost>, size=1234, nrcpt=1 (queue active)",
    // Received headers, then the client vanished before the final dot: never committed.
    "Dec 02 11:30:32 vm postfix/cleanup[2]: 1111117C07E: message-id=<bbb@sokuho.localhost>",
  ].join("\n");
  assert.deepEqual([...acceptedInLog(log, ["<aaa@sokuho.localhost>", "<bbb@sokuho.localhost>", "<ccc@sokuho.localhost>"])], ["<aaa@sokuho.localhost>"]);
});

test("a reused queue id: a message lost after DATA is not accepted because the id was committed for another before", () => {
  // from CI's Postfix log: E21E917C0F3 committed at 13:54 for one message, reused at 14:02 for one whose client was
  // killed after DATA (no qmgr line): that one was never sent and must be sent again
  const log = [
    "Dec 03 13:54:07 vm postfix/cleanup[16420]: E21E917C0F3: message-id=<600d@sokuho.localhost>",
    "Dec 03 13:54:07 vm postfix/qmgr[13958]: E21E917C0F3: from=<noreply@sokuho.localhost>, size=5583, nrcpt=1 (queue active)",
    "Dec 03 13:54:07 vm postfix/qmgr[13958]: E21E917C0F3: removed",
    "Dec 03 14:02:12 vm postfix/cleanup[23286]: E21E917C0F3: message-id=<1f22@sokuho.localhost>",
    "Dec 03 14:02:19 vm postfix/smtpd[23222]: lost connection after DATA (5332 bytes) from unknown[127.0.0.1]",
    // and the other way round: a wanted message's id reused later by another message that is committed
    "Dec 03 14:03:00 vm postfix/cleanup[2]: 0AAAA17C0F3: message-id=<lost@sokuho.localhost>",
    "Dec 03 14:03:05 vm postfix/cleanup[2]: 0AAAA17C0F3: message-id=<other@sokuho.localhost>",
    "Dec 03 14:03:05 vm postfix/qmgr[3]: 0AAAA17C0F3: from=<noreply@sokuho.localhost>, size=1234, nrcpt=1 (queue active)",
  ].join("\n");
  assert.deepEqual([...acceptedInLog(log, ["<1f22@sokuho.localhost>", "<lost@sokuho.localhost>"])], []);
  assert.deepEqual([...acceptedInLog(log, ["<600d@sokuho.localhost>", "<other@sokuho.localhost>"])].sort(), ["<600d@sokuho.localhost>", "<other@sokuho.localhost>"]);
});

test("a webhook signature covers the timestamp and the exact body; old or altered ones fail", () => {
  const body = '{"a":1}';
  const sig = signWebhook("s3cret", 1_800_000_000, body);
  assert.match(sig, /^v1=[0-9a-f]{64}$/);
  assert.ok(verifyWebhook("s3cret", { timestamp: "1800000000", signature: sig }, body, 1_800_000_100));
  assert.ok(!verifyWebhook("s3cret", { timestamp: "1800000000", signature: sig }, '{"a":2}', 1_800_000_100));
  assert.ok(!verifyWebhook("s3cret", { timestamp: "1800000001", signature: sig }, body, 1_800_000_100));
  assert.ok(!verifyWebhook("s3cret", { timestamp: "1800000000", signature: sig }, body, 1_800_000_000 + 301), "older than five minutes");
});

const m: OutgoingMessage = { locale: "en", subject: "Report <submitted>", text: "Line 1\nLine 2", links: [{ rel: "acknowledge", label: "Acknowledge", url: "https://s.example/a?x=1&y=2" }], isDrill: true };
const d = (format: Delivery["webhookFormat"]): Delivery => ({ idempotencyKey: "k".repeat(20), kind: "webhook", address: "https://h.example", webhookFormat: format, secret: "s", message: m, cause: { pageId: null, broadcastId: null, step: 0, round: 1 } });

test("drills are labelled once in every rendering; HTML is escaped; links are buttons", () => {
  assert.equal(subjectOf(m), "[DRILL] Report <submitted>");
  assert.equal(subjectOf({ ...m, subject: "[DRILL] x" }), "[DRILL] x");
  assert.equal(subjectOf({ ...m, locale: "ja", subject: "連絡" }), "【訓練】連絡");
  assert.equal(subjectOf({ ...m, isDrill: false }), "Report <submitted>");
  assert.match(textOf(m), /^This is a drill\.\n\nLine 1\nLine 2\n\nAcknowledge: https:\/\/s\.example\/a\?x=1&y=2\n$/);
  assert.ok(htmlOf({ ...m, text: "<script>" }).includes("&#60;script&#62;"));
  assert.ok(htmlOf(m).includes('href="https://s.example/a?x=1&#38;y=2"'));
  const slack = webhookBody(d("slack"), new Date(0)) as { text: string; blocks: { type: string; elements?: { url: string }[] }[] };
  assert.ok(slack.text.startsWith("[DRILL] Report"));
  assert.equal(slack.blocks.find((b) => b.type === "actions")!.elements![0]!.url, "https://s.example/a?x=1&y=2");
  const teams = webhookBody(d("teams"), new Date(0)) as { "@type": string; title: string; potentialAction: { targets: { uri: string }[] }[] };
  assert.equal(teams["@type"], "MessageCard");
  assert.equal(teams.title, "[DRILL] Report <submitted>");
  assert.equal(teams.potentialAction[0]!.targets[0]!.uri, "https://s.example/a?x=1&y=2");
  const json = webhookBody(d("json"), new Date(0)) as { id: string; drill: boolean; cause: { round: number } };
  assert.deepEqual([json.id, json.drill, json.cause.round], ["k".repeat(20), true, 1]);
});

test("the Message-ID depends on the idempotency key only", () => {
  assert.equal(messageIdOf("key-1-xxxxxxxxxxxx", "d.example"), messageIdOf("key-1-xxxxxxxxxxxx", "d.example"));
  assert.notEqual(messageIdOf("key-1-xxxxxxxxxxxx", "d.example"), messageIdOf("key-2-xxxxxxxxxxxx", "d.example"));
  assert.match(messageIdOf("k", "d.example"), /^<[0-9a-f]{40}@d\.example>$/);
});
