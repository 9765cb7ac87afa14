/**
 * How one queued message reaches its receiver: mail through the configured MTA (nodemailer), or a webhook (Slack,
 * Teams or sokuho's own JSON, signed). A transport answers accepted (SMTP 250, HTTP 2xx) or failed with a kind and a
 * status code; it never returns the receiver's text (it may echo an address) and never logs an address. SMS and
 * voice have no provider yet: their rows wait, queued, until one is plugged in behind the same type.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP } from "node:net";
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

// ---------------------------------------------------------------------------------------------------------------
// Webhooks reach only the public internet (server-side request forgery): an address in a private, loopback,
// link-local, shared or reserved range is refused, checked on the address the connection really uses (the DNS answer
// inside the connect, so a name that resolves elsewhere a moment later cannot slip through). An operator whose chat
// server is on the internal network allows it with SOKUHO_NETWORK_WEBHOOK_PRIVATE=true.

const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 127], ["64:ff9b:1::", 48], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) {
  NOT_PUBLIC.addSubnet(net, bits, "ipv6");
}

/** True for an address a webhook may not reach by default (an IPv4-mapped IPv6 address is judged as its IPv4). */
export const isNonPublicAddress = (ip: string): boolean => {
  const bare = ip.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return NOT_PUBLIC.check(mapped[1]!, "ipv4");
  const v = isIP(bare);
  return v === 4 ? NOT_PUBLIC.check(bare, "ipv4") : v === 6 ? NOT_PUBLIC.check(bare, "ipv6") : true;
};

class BlockedAddress extends Error {
  override name = "BlockedAddress";
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** dns.lookup refusing non-public answers; the socket's own lookup, so the check is on what it connects to. */
const publicOnlyLookup = (hostname: string, options: { all?: boolean; family?: number }, cb: LookupCallback): void => {
  dnsLookup(hostname, { family: options.family ?? 0, all: true }, (err, addresses) => {
    if (err) return cb(err, []);
    if (addresses.length === 0 || addresses.some((a) => isNonPublicAddress(a.address))) return cb(new BlockedAddress("non-public address"), []);
    if (options.all) return cb(null, addresses);
    cb(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** POSTs a body and answers the status. No redirects are followed: a webhook answers where it was registered. */
const postOnce = (url: URL, headers: Record<string, string>, body: string, timeoutMs: number, allowNonPublic: boolean): Promise<number> =>
  new Promise((resolve, reject) => {
    if (!allowNonPublic && isIP(url.hostname.replace(/^\[|\]$/g, "")) && isNonPublicAddress(url.hostname)) {
      reject(new BlockedAddress("non-public address"));
      return;
    }
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(timeoutMs),
        ...(allowNonPublic ? {} : { lookup: publicOnlyLookup as never }),
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });

export const webhookTransport = (opts: { timeoutMs: number; now: () => Date; allowNonPublic?: boolean }): Transport => ({
  send: async (d) => {
    if (!d.secret || !/^https?:\/\//.test(d.address)) return { ok: false, permanent: true, statusCode: null, errorCode: "invalid" };
    const now = opts.now();
    const body = JSON.stringify(webhookBody(d, now));
    const ts = Math.floor(now.getTime() / 1000);
    try {
      const status = await postOnce(
        new URL(d.address),
        {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "sokuho-webhook/1",
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: signWebhook(d.secret, ts, body),
          [DELIVERY_HEADER]: d.idempotencyKey,
        },
        body,
        opts.timeoutMs,
        opts.allowNonPublic ?? false,
      );
      if (status >= 200 && status < 300) return { ok: true, statusCode: status, providerRef: null };
      return { ok: false, permanent: false, statusCode: status, errorCode: "http_status" };
    } catch (err) {
      const e = err as Error & { cause?: Error };
      if (e.name === "BlockedAddress" || e.cause?.name === "BlockedAddress") return { ok: false, permanent: true, statusCode: null, errorCode: "blocked_address" };
      if (e.name === "TimeoutError" || e.name === "AbortError") return { ok: false, permanent: false, statusCode: null, errorCode: "timeout" };
      return { ok: false, permanent: false, statusCode: null, errorCode: "connection" };
    }
  },
  close: () => {},
});
