/**
 * How one queued message reaches its receiver: mail through the configured MTA (nodemailer), or a webhook (Slack,
 * Teams or sokuho's own JSON, signed). A transport answers accepted (SMTP 250, HTTP 2xx) or failed with a kind and a
 * status code; it never returns the receiver's text (it may echo an address) and never logs an address. SMS and
 * voice have no provider yet: their rows wait, queued, until one is plugged in behind the same type.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { ChannelKind, DeliveryErrorCode, WebhookFormat } from "../../platform/db/schema.js";
import type { Mailer } from "../../platform/mail/mailer.js";
import type { OutgoingMessage } from "./outbox.js";

export type Delivery = {
  idempotencyKey: string;
  kind: ChannelKind;
  address: string;
  webhookFormat: WebhookFormat | null;
  /** The webhook's signing secret (decrypted from its channel). */
  secret: string | null;
  message: OutgoingMessage;
  cause: { pageId: string | null; broadcastId: string | null; step: number | null; round: number | null };
};

export type SendResult =
  | { ok: true; statusCode: number | null; providerRef: string | null }
  | { ok: false; permanent: boolean; statusCode: number | null; errorCode: DeliveryErrorCode };

export type Transport = {
  send: (d: Delivery) => Promise<SendResult>;
  /**
   * After a crash a row is found `sending` with its lease expired: it may or may not have reached the receiver.
   * Returns the keys the receiver is known to have accepted (then the row is marked sent, not sent again).
   */
  acceptedAlready?: (keys: readonly string[]) => Promise<Set<string>>;
  close: () => void;
};

// ---------------------------------------------------------------------------------------------------------------
// Rendering, the same words for every channel.

const DRILL = { ja: "【訓練】", en: "[DRILL] " } as const;

/** The subject as sent: a drill is labelled at its start, once. */
export const subjectOf = (m: OutgoingMessage): string => {
  const label = DRILL[m.locale];
  if (!m.isDrill || m.subject.startsWith(label.trim())) return m.subject;
  return `${label}${m.subject}`;
};

export const textOf = (m: OutgoingMessage): string => {
  const drill = m.isDrill ? (m.locale === "ja" ? "これは訓練です。\n\n" : "This is a drill.\n\n") : "";
  const links = m.links.map((l) => `${l.label}: ${l.url}`).join("\n");
  return `${drill}${m.text}${links ? `\n\n${links}` : ""}\n`;
};

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const htmlOf = (m: OutgoingMessage): string => {
  const drill = m.isDrill ? `<p><strong>${m.locale === "ja" ? "これは訓練です。" : "This is a drill."}</strong></p>` : "";
  const body = escapeHtml(m.text).replace(/\n/g, "<br>");
  const links = m.links
    .filter((l) => /^https?:\/\//.test(l.url))
    .map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`)
    .join("");
  return `<!doctype html><html lang="${m.locale}"><body>${drill}<p>${body}</p>${links}</body></html>`;
};

/** The Message-ID of a message: from its idempotency key only, so a retry after a crash carries the same one. */
export const messageIdOf = (idempotencyKey: string, domain: string): string =>
  `<${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40)}@${domain}>`;

// ---------------------------------------------------------------------------------------------------------------
// Mail.

type MailError = { code?: string; responseCode?: number };

export const mailTransport = (mailer: Mailer, opts: { messageIdDomain: string; acceptLog?: ((ids: readonly string[]) => Promise<Set<string>>) | undefined }): Transport => ({
  send: async (d) => {
    try {
      const sent = await mailer.send({
        to: d.address,
        subject: subjectOf(d.message),
        text: textOf(d.message),
        html: htmlOf(d.message),
        messageId: messageIdOf(d.idempotencyKey, opts.messageIdDomain),
        headers: { "X-Sokuho-Delivery": d.idempotencyKey, ...(d.message.isDrill ? { "X-Sokuho-Drill": "yes" } : {}) },
      });
      const response = sent.response ?? "";
      const code = /^(\d{3})/.exec(response)?.[1];
      return { ok: true, statusCode: code ? Number(code) : null, providerRef: /queued as ([A-Za-z0-9]+)/.exec(response)?.[1] ?? null };
    } catch (err) {
      const e = err as MailError;
      const status = typeof e.responseCode === "number" ? e.responseCode : null;
      if (status !== null && status >= 500) return { ok: false, permanent: true, statusCode: status, errorCode: "smtp_reject" };
      if (status !== null) return { ok: false, permanent: false, statusCode: status, errorCode: "smtp_temporary" };
      if (e.code === "ETIMEDOUT") return { ok: false, permanent: false, statusCode: null, errorCode: "timeout" };
      if (e.code === "ECONNECTION" || e.code === "ESOCKET" || e.code === "ECONNREFUSED") return { ok: false, permanent: false, statusCode: null, errorCode: "connection" };
      if (e.code === "EENVELOPE" || e.code === "EMESSAGE") return { ok: false, permanent: true, statusCode: null, errorCode: "invalid" };
      return { ok: false, permanent: false, statusCode: null, errorCode: "other" };
    }
  },
  ...(opts.acceptLog ? { acceptedAlready: async (keys: readonly string[]) => {
    const byId = new Map(keys.map((k) => [messageIdOf(k, opts.messageIdDomain), k]));
    const found = await opts.acceptLog!([...byId.keys()]);
    return new Set([...found].map((id) => byId.get(id)!));
  } } : {}),
  close: () => mailer.close(),
});

// ---------------------------------------------------------------------------------------------------------------
// Webhooks.

export const SIGNATURE_HEADER = "X-Sokuho-Signature";
export const TIMESTAMP_HEADER = "X-Sokuho-Timestamp";
export const DELIVERY_HEADER = "X-Sokuho-Delivery";

/** `v1=` + hex HMAC-SHA-256 over `timestamp.body` (timestamp in Unix seconds, body the exact bytes sent). */
export const signWebhook = (secret: string, timestamp: number, body: string): string =>
  `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

/** What a receiver does: recompute, compare in constant time, refuse a timestamp older than `toleranceS`. */
export const verifyWebhook = (secret: string, headers: { timestamp: string; signature: string }, body: string, nowS: number, toleranceS = 300): boolean => {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

export const webhookBody = (d: Delivery, sentAt: Date): object => {
  const m = d.message;
  const subject = subjectOf(m);
  const text = `${m.isDrill ? (m.locale === "ja" ? "これは訓練です。\n" : "This is a drill.\n") : ""}${m.text}`;
  if (d.webhookFormat === "slack") {
    const blocks: object[] = [
      { type: "header", text: { type: "plain_text", text: subject.slice(0, 150) } },
      { type: "section", text: { type: "plain_text", text: text.slice(0, 3000) } },
    ];
    if (m.links.length > 0) blocks.push({ type: "actions", elements: m.links.slice(0, 25).map((l, i) => ({ type: "button", action_id: `sokuho_${l.rel}_${i}`, text: { type: "plain_text", text: l.label.slice(0, 75) }, url: l.url })) });
    return { text: `${subject}\n${text}${m.links.map((l) => `\n<${l.url}|${l.label}>`).join("")}`, blocks };
  }
  if (d.webhookFormat === "teams") {
    return {
      "@type": "MessageCard",
      "@context": "https://schema.org/extensions",
      summary: subject,
      themeColor: m.isDrill ? "0078D7" : "D70000",
      title: subject,
      text: text.replace(/\n/g, "\n\n"),
      potentialAction: m.links.map((l) => ({ "@type": "OpenUri", name: l.label, targets: [{ os: "default", uri: l.url }] })),
    };
  }
  return {
    type: "sokuho.network.message",
    version: 1,
    id: d.idempotencyKey,
    sentAt: sentAt.toISOString(),
    drill: m.isDrill,
    locale: m.locale,
    subject,
    text: m.text,
    links: m.links,
    cause: d.cause,
  };
};

export const webhookTransport = (opts: { timeoutMs: number; now: () => Date }): Transport => ({
  send: async (d) => {
    if (!d.secret || !/^https?:\/\//.test(d.address)) return { ok: false, permanent: true, statusCode: null, errorCode: "invalid" };
    const now = opts.now();
    const body = JSON.stringify(webhookBody(d, now));
    const ts = Math.floor(now.getTime() / 1000);
    try {
      const res = await fetch(d.address, {
        method: "POST",
        // No redirects: a webhook answers where it was registered, or it fails.
        redirect: "manual",
        signal: AbortSignal.timeout(opts.timeoutMs),
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "sokuho-webhook/1",
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: signWebhook(d.secret, ts, body),
          [DELIVERY_HEADER]: d.idempotencyKey,
        },
        body,
      });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, providerRef: null };
      return { ok: false, permanent: false, statusCode: res.status, errorCode: "http_status" };
    } catch (err) {
      const name = (err as Error).name;
      if (name === "TimeoutError" || name === "AbortError") return { ok: false, permanent: false, statusCode: null, errorCode: "timeout" };
      return { ok: false, permanent: false, statusCode: null, errorCode: "connection" };
    }
  },
  close: () => {},
});
