/**
 * The delivery worker: drains `network_outbox`. Woken at once by `NOTIFY sokuho_outbox` (sent when a cause's
 * transaction commits), and by a poll for retries and for rows a crashed worker left behind.
 *
 * A cycle: (1) lease destinations (`network_destinations`, by the address's keyed hash) that have due rows, are
 * leased by nobody else and are under their throttle window; (2) lease up to the window's allowance of each
 * destination's due rows (pending/failed → sending, with lease_owner/lease_until, attempts + 1); (3) send them,
 * one destination's rows one after another, several destinations at once; (4) mark each sent only after the
 * receiver accepted it (SMTP 250, HTTP 2xx), or failed with an exponential back-off with jitter, or dead after the
 * last attempt. A row found `sending` with its lease expired belongs to a worker that died: it is taken over, and
 * for mail first looked up in the MTA's log (see docs/network.md, "duplicates").
 */
import pg from "pg";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Kysely } from "kysely";
import type { DB, ChannelKind, DeliveryErrorCode } from "../../platform/db/schema.js";
import type { NetworkDeliveryConfig } from "../../platform/config/config.js";
import { decrypt } from "../../platform/crypto/keys.js";
import type { OutgoingMessage, OutboxKeys } from "./outbox.js";
import type { Delivery, SendResult, Transport } from "./transports.js";
import { translator } from "../../platform/i18n/i18n.js";
import { deliveryStore, type LeasedRow, type Leaser } from "./delivery-store.js";

export type DeliverySettings = NetworkDeliveryConfig;

export const DEFAULT_DELIVERY: DeliverySettings = {
  worker: true,
  destLimit: 5,
  destWindowMs: 5_000,
  maxAttempts: 10,
  leaseMs: 60_000,
  disableAfter: 5,
  smtpAcceptLog: undefined,
  backoffBaseMs: 15_000,
  backoffMaxMs: 30 * 60_000,
  pollMs: 1_000,
  concurrency: 8,
  sendTimeoutMs: 10_000,
  webhookPrivate: false,
};

export const deliverySettings = (partial: Partial<DeliverySettings> | undefined): DeliverySettings => {
  const s = { ...DEFAULT_DELIVERY };
  for (const [k, v] of Object.entries(partial ?? {})) if (v !== undefined) (s as Record<string, unknown>)[k] = v;
  // An attempt must end well inside its lease, or a live worker's row could be taken over while it is still sending.
  s.sendTimeoutMs = Math.min(s.sendTimeoutMs, Math.floor(s.leaseMs / 4));
  return s;
};

/** Delay before attempt `attempt + 1` after `attempt` failed: base × 2^(attempt−1), capped, full jitter (AWS). */
export const backoffMs = (attempt: number, s: Pick<DeliverySettings, "backoffBaseMs" | "backoffMaxMs">, random: () => number = Math.random): number => {
  const cap = Math.min(s.backoffMaxMs, s.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  // Never less than half the step, so retries of one row keep growing while many rows still spread out.
  return Math.round(cap / 2 + (random() * cap) / 2);
};

export type DeliveryWorker = {
  id: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Runs cycles until nothing is due now (tests, the bench). Returns how many rows were handled. */
  runUntilIdle: () => Promise<number>;
  /** Wakes the worker (as a NOTIFY does). */
  wake: () => void;
};

export type DeliveryWorkerOptions = {
  db: Kysely<DB>;
  /** For LISTEN (one dedicated connection); none: poll only. */
  listenUrl?: string | undefined;
  keys: OutboxKeys;
  transports: Partial<Record<ChannelKind, Transport>>;
  settings: DeliverySettings;
  log: { warn: (obj: object, msg: string) => void; info?: (obj: object, msg: string) => void };
  /** Called after each row reaches sent/failed/dead (tests, the bench). */
  onOutcome?: (row: { id: string; state: "sent" | "failed" | "dead" | "cancelled" }) => void;
  /** How often the sweep of settled rows runs (default SETTLED_SWEEP_MS; tests shorten it). */
  settledSweepMs?: number;
};

/**
 * The sweep of settled rows looks at every due row (it probes each one's page or recipient): 100 ms on 70,000 due
 * rows here, and 0.4–0.6 s more when PostgreSQL's JIT compiles it (the estimate of a large backlog passes
 * jit_above_cost). Such rows are rare (a race with the acknowledgement) and never leased (the lease checks SETTLED
 * itself), so cancelling them is bookkeeping: at most this often, without JIT, and once more when draining.
 */
export const SETTLED_SWEEP_MS = 15_000;

/**
 * The sentence kept with a failed row and a disabled channel (for operators reading the table; the UI shows the
 * reader's language from the code): the i18n catalog's `delivery.*`, in English.
 */
const errorSentence = (code: DeliveryErrorCode | "disabled" | "gone", status: number | null): string =>
  translator("en")(`delivery.${code}`, { status: status ?? "—" });

export const createDeliveryWorker = (o: DeliveryWorkerOptions): DeliveryWorker => {
  const s = o.settings;
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const kinds = Object.keys(o.transports) as ChannelKind[];
  let running = false;
  let woken = false;
  let wakeUp: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let listener: pg.Client | null = null;
  let listenRetry: NodeJS.Timeout | null = null;

  const wake = () => {
    woken = true;
    wakeUp?.();
  };

  const leaser: Leaser = { id, kinds, settings: s };

  /** A sent row; one whose lease was taken over meanwhile is only logged. */
  const markSent = async (row: LeasedRow, r: { statusCode: number | null; providerRef: string | null }, outcome: "sent" | "reconciled", ms: number | null) => {
    if (!(await deliveryStore.markSent(o.db, id, row.id, { ...r, outcome, ms })))
      o.log.warn({ component: "network.delivery", outboxId: row.id }, "a sent row had lost its lease (taken over)");
    o.onOutcome?.({ id: row.id, state: "sent" });
  };

  /** A failure: retried after a back-off, dead after the last attempt or a permanent refusal. A webhook channel
   * counts consecutive failures and is disabled at the limit, with its reason. */
  const markFailed = async (row: LeasedRow, r: { permanent: boolean; statusCode: number | null; errorCode: DeliveryErrorCode | "disabled" | "gone" }, ms: number | null) => {
    const dead = r.permanent || row.attempts >= s.maxAttempts;
    const state = r.errorCode === "gone" ? "cancelled" : dead ? "dead" : "failed";
    const sentence = errorSentence(r.errorCode, r.statusCode);
    await deliveryStore.markFailed(o.db, id, row.id, {
      state,
      sentence,
      delayMs: backoffMs(row.attempts, s),
      statusCode: r.statusCode,
      logCode: r.errorCode === "gone" ? "disabled" : r.errorCode,
      countsAgainstChannel: row.kind === "webhook" && r.errorCode !== "disabled" && r.errorCode !== "gone",
      disableAfter: s.disableAfter,
      disableCode: r.errorCode === "disabled" || r.errorCode === "gone" ? null : r.errorCode,
      disabledReason: translator("en")("delivery.disabled_log", { count: s.disableAfter, last: sentence }),
      ms,
    });
    o.onOutcome?.({ id: row.id, state });
  };

  /** Gives a row back untouched (its lease would run out during the attempt): another cycle takes it. */
  const release = (row: LeasedRow) => deliveryStore.release(o.db, id, row.id, row.prev_state);

  const sendOne = async (row: LeasedRow, channel: { disabled: boolean; secret: Buffer | null } | undefined, deadline: number) => {
    // No channel on purpose: a member without channels is reached at their sign-in address (queued by pages). A
    // removed channel's queued rows were cancelled by the removal (migration 0018); one leased meanwhile is gone.
    if (row.channel_id && !channel) return markFailed(row, { permanent: true, statusCode: null, errorCode: "gone" }, null);
    if (channel?.disabled) return markFailed(row, { permanent: true, statusCode: null, errorCode: "disabled" }, null);
    if (Date.now() + s.sendTimeoutMs * 2 > deadline) return release(row);
    const transport = o.transports[row.kind]!;
    const dest = JSON.parse(decrypt(o.keys.encryption, row.destination_enc)) as { address: string; webhookFormat: Delivery["webhookFormat"] };
    const delivery: Delivery = {
      idempotencyKey: row.idempotency_key,
      kind: row.kind,
      address: dest.address,
      webhookFormat: dest.webhookFormat,
      secret: channel?.secret ? decrypt(o.keys.encryption, channel.secret) : null,
      message: JSON.parse(decrypt(o.keys.encryption, row.payload_enc)) as OutgoingMessage,
      cause: { pageId: row.page_id, broadcastId: row.broadcast_id, step: row.step, round: row.round },
    };
    const started = Date.now();
    let result: SendResult;
    try {
      result = await transport.send(delivery);
    } catch {
      result = { ok: false, permanent: false, statusCode: null, errorCode: "other" };
    }
    const ms = Date.now() - started;
    if (result.ok) return markSent(row, result, "sent", ms);
    return markFailed(row, result, ms);
  };

  /**
   * Rows whose earlier attempt may have reached the receiver: left `sending` by a dead worker, or failed without an
   * answer (a timeout after the message's end was sent). Those the receiver is known to have accepted are marked
   * sent, not sent again.
   */
  const reconcile = async (rows: LeasedRow[]): Promise<LeasedRow[]> => {
    const orphans = rows.filter((r) => r.prev_state !== "pending");
    if (orphans.length === 0) return rows;
    const accepted = new Set<string>();
    for (const kind of new Set(orphans.map((r) => r.kind))) {
      const t = o.transports[kind];
      if (!t?.acceptedAlready) continue;
      try {
        for (const k of await t.acceptedAlready(orphans.filter((r) => r.kind === kind).map((r) => r.idempotency_key))) accepted.add(k);
      } catch (err) {
        o.log.warn({ component: "network.delivery", message: (err as Error).message }, "could not read the MTA's log; orphaned rows are sent again");
      }
    }
    const rest: LeasedRow[] = [];
    for (const r of rows) {
      if (accepted.has(r.idempotency_key)) await markSent(r, { statusCode: null, providerRef: null }, "reconciled", null);
      else rest.push(r);
    }
    return rest;
  };

  /**
   * Queued rows of an acknowledged page or recipient that the acknowledgement's trigger could not cancel: a row in
   * flight at that moment whose send then failed concurrently is left `failed`, and the lease query skips it; this
   * settles it once its retry is due (found by CI under load: the race test waited for it forever).
   */
  let lastSweep = -Infinity;
  const cancelSettled = async (force = false): Promise<void> => {
    if (!force && Date.now() - lastSweep < (o.settledSweepMs ?? SETTLED_SWEEP_MS)) return;
    lastSweep = Date.now();
    await deliveryStore.cancelSettled(o.db);
  };

  const cycle = async (): Promise<number> => {
    await cancelSettled();
    const dests = await deliveryStore.leaseDestinations(o.db, leaser);
    if (dests.length === 0) return 0;
    const leasedAt = Date.now();
    try {
      const rows = await reconcile(await deliveryStore.leaseRows(o.db, leaser, dests));
      const channels = await deliveryStore.channelState(o.db, [...new Set(rows.map((r) => r.channel_id).filter((c): c is string => c !== null))]);
      const byDest = new Map<string, LeasedRow[]>();
      for (const r of rows) {
        const k = r.destination_hash.toString("hex");
        byDest.set(k, [...(byDest.get(k) ?? []), r]);
      }
      const queues = [...byDest.values()];
      const deadline = leasedAt + s.leaseMs;
      // Several destinations at once; one destination's rows one after another (one sender per destination).
      const lanes = Array.from({ length: Math.min(s.concurrency, queues.length) }, async () => {
        for (let q = queues.shift(); q; q = queues.shift()) for (const row of q) await sendOne(row, row.channel_id ? channels.get(row.channel_id) : undefined, deadline);
      });
      await Promise.all(lanes);
      return rows.length;
    } finally {
      await deliveryStore.releaseDestinations(o.db, id, dests.map((d) => d.hash));
    }
  };

  const runUntilIdle = async (): Promise<number> => {
    let total = 0;
    await cancelSettled(true);
    for (let n = await cycle(); n > 0; n = await cycle()) total += n;
    await cancelSettled(true);
    return total;
  };

  const listen = async () => {
    if (!o.listenUrl || !running) return;
    const client = new pg.Client({ connectionString: o.listenUrl, application_name: "sokuho-delivery" });
    const retry = () => {
      listener = null;
      client.end().catch(() => {});
      if (running && !listenRetry) listenRetry = setTimeout(() => ((listenRetry = null), void listen()), 1_000);
    };
    client.on("error", retry);
    client.on("notification", wake);
    try {
      await client.connect();
      await client.query("LISTEN sokuho_outbox");
      listener = client;
      wake(); // whatever was queued while not listening
    } catch {
      retry();
    }
  };

  const run = async () => {
    while (running) {
      woken = false;
      try {
        await runUntilIdle();
      } catch (err) {
        o.log.warn({ component: "network.delivery", message: (err as Error).message }, "delivery cycle failed");
      }
      if (!running) break;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, s.pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  };

  return {
    id,
    wake,
    runUntilIdle,
    start: async () => {
      if (running) return;
      running = true;
      await listen();
      loop = run();
    },
    stop: async () => {
      running = false;
      wakeUp?.();
      if (listenRetry) clearTimeout(listenRetry);
      await loop;
      loop = null;
      await listener?.end().catch(() => {});
      listener = null;
    },
  };
};
