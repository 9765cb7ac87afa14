/**
 * The outbox's write side: every outgoing message of the contact network is a row of `network_outbox`, written in
 * the same transaction as its cause (a page's step, a broadcast, a reminder). Nothing is sent here: the delivery
 * worker leases due rows, sends them and marks them sent only after the receiver accepted them (see
 * docs/network.md). The idempotency key is unique, so queueing the same message twice (a cause replayed after a
 * crash) is a no-op, not a second message.
 */
import type { Tx } from "../../platform/db/database.js";
import type { ChannelKind, WebhookFormat } from "../../platform/db/schema.js";
import { encrypt, hmac, normalizeEmail } from "../../platform/crypto/keys.js";

/** The rendered message, the same for every channel; each transport shapes it (mail, Slack, Teams, JSON). */
export type OutgoingMessage = {
  locale: "ja" | "en";
  subject: string;
  /** Plain text; links are given apart so each transport can render them as buttons. */
  text: string;
  /** Signed single-use links (acknowledge, resolve, answer), absolute URLs. */
  links: { rel: "acknowledge" | "resolve" | "open" | "answer"; label: string; url: string }[];
  /** A drill is labelled as such in every message. */
  isDrill: boolean;
};

/** Where a message goes: a stored channel (its address is copied, encrypted, into the row when queued). */
export type OutboxDestination = {
  /** null: not a stored channel (a member without channels is reached at the address they sign in with). */
  channelId: string | null;
  kind: ChannelKind;
  /** The plain address (mail address, URL, phone number); encrypted into the row, never logged. */
  address: string;
  webhookFormat: WebhookFormat | null;
};

export type QueuedMessage = {
  /** The organisation that owns the channel. */
  orgId: string;
  /** `notificationKey(...)` for pages; a key of the same construction for broadcasts and reminders. */
  idempotencyKey: string;
  destination: OutboxDestination;
  message: OutgoingMessage;
  cause: { pageId?: string; broadcastId?: string; step?: number; round?: number };
  /** Not before this instant (default: now). */
  notBefore?: Date;
};

export type OutboxKeys = { encryption: Buffer; identifier: Buffer };

/** The keyed hash of a destination, equal for equal addresses: throttling per destination uses it. */
export const destinationHash = (keys: OutboxKeys, kind: ChannelKind, address: string): Buffer =>
  hmac(keys.identifier, `${kind}:${kind === "email" ? normalizeEmail(address) : address.trim()}`);

/**
 * Queues messages in the caller's transaction. Returns how many rows were new (a key already queued is skipped,
 * so a replayed cause adds nothing). A NOTIFY after commit wakes the delivery workers at once.
 */
export const enqueueMessages = async (tx: Tx, keys: OutboxKeys, messages: readonly QueuedMessage[]): Promise<number> => {
  if (messages.length === 0) return 0;
  const rows = messages.map((m) => ({
    org_id: m.orgId,
    channel_id: m.destination.channelId,
    kind: m.destination.kind,
    idempotency_key: m.idempotencyKey,
    destination_enc: encrypt(keys.encryption, JSON.stringify({ address: m.destination.address, webhookFormat: m.destination.webhookFormat })),
    destination_hash: destinationHash(keys, m.destination.kind, m.destination.address),
    payload_enc: encrypt(keys.encryption, JSON.stringify(m.message)),
    page_id: m.cause.pageId ?? null,
    broadcast_id: m.cause.broadcastId ?? null,
    step: m.cause.step ?? null,
    round: m.cause.round ?? null,
    is_drill: m.message.isDrill,
    ...(m.notBefore ? { next_attempt_at: m.notBefore } : {}),
  }));
  const inserted = await tx.db
    .insertInto("network_outbox")
    .values(rows)
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  if (inserted.length > 0) await tx.executeSql("SELECT pg_notify('sokuho_outbox', '')");
  return inserted.length;
};
