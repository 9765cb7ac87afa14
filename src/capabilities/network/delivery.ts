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
import { sql, type Kysely, type Selectable } from "kysely";
import type { DB, ChannelKind, DeliveryErrorCode, NetworkOutboxTable } from "../../platform/db/schema.js";
import type { NetworkDeliveryConfig } from "../../platform/config/config.js";
import { decrypt } from "../../platform/crypto/keys.js";
import type { OutgoingMessage, OutboxKeys } from "./outbox.js";
import type { Delivery, SendResult, Transport } from "./transports.js";
import { translator } from "../../platform/i18n/i18n.js";

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

/** A row as the lease query returns it: the outbox's own columns, plus the state it was leased from. */
type LeasedRow = Pick<
  Selectable<NetworkOutboxTable>,
  "id" | "org_id" | "channel_id" | "kind" | "idempotency_key" | "destination_enc" | "destination_hash" | "payload_enc"
  | "page_id" | "broadcast_id" | "step" | "round" | "attempts"
> & { prev_state: string };

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

/**
 * A queued row whose cause was acknowledged (its page acknowledged or resolved, its broadcast recipient
 * acknowledged) is not sent. Acknowledging cancels such rows (migration 0020); this condition in the lease is for
 * the one that was in flight then, failed, and would otherwise be retried after the acknowledgement.
 */
const SETTLED = sql<boolean>`(
  (o.page_id IS NOT NULL AND EXISTS (SELECT 1 FROM network_pages pg WHERE pg.id = o.page_id AND pg.status IN ('acknowledged', 'resolved')))
  OR (o.broadcast_id IS NOT NULL AND EXISTS (SELECT 1 FROM network_broadcast_recipients br
        WHERE br.broadcast_id = o.broadcast_id AND br.org_id = o.org_id AND br.acknowledged_at IS NOT NULL)))`;

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

  /**
   * A statement in its own transaction without JIT. The lease queries check every due row's cause (SETTLED): on a
   * backlog of 70,000 due rows in a 1.07M-row outbox the destinations query took 141 ms, and 703 ms when PostgreSQL
   * compiled it with JIT (chosen by the estimate, at every cycle). Same statement, same isolation: only the plan's
   * compilation is left out.
   */
  const withoutJit = <T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> =>
    o.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL jit = off`.execute(tx);
      return fn(tx);
    });

  /** (1) Destinations with due rows, free and under their window; leased to this worker. */
  const leaseDestinations = async (): Promise<{ hash: Buffer; allowance: number }[]> => {
    const { rows } = await withoutJit((db) => sql<{ destination_hash: Buffer; window_count: number }>`
      WITH cand AS (
        SELECT o.destination_hash FROM network_outbox o
        WHERE o.kind = ANY(${kinds}::text[])
          AND ((o.state IN ('pending', 'failed') AND o.next_attempt_at <= now() AND NOT ${SETTLED}) OR (o.state = 'sending' AND o.lease_until < now()))
          AND NOT EXISTS (
            SELECT 1 FROM network_destinations d WHERE d.destination_hash = o.destination_hash
              AND (d.lease_until > now() OR (d.window_start + ${s.destWindowMs} * interval '1 millisecond' > now() AND d.window_count >= ${s.destLimit})))
        GROUP BY o.destination_hash ORDER BY min(o.next_attempt_at) LIMIT ${s.concurrency * 4}
      )
      INSERT INTO network_destinations AS d (destination_hash, lease_owner, lease_until, window_start, window_count)
      SELECT destination_hash, ${id}, now() + ${s.leaseMs} * interval '1 millisecond', now(), 0 FROM cand
      ON CONFLICT (destination_hash) DO UPDATE SET
        lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until,
        window_start = CASE WHEN d.window_start + ${s.destWindowMs} * interval '1 millisecond' <= now() THEN now() ELSE d.window_start END,
        window_count = CASE WHEN d.window_start + ${s.destWindowMs} * interval '1 millisecond' <= now() THEN 0 ELSE d.window_count END
      WHERE d.lease_until <= now()
        AND (d.window_start + ${s.destWindowMs} * interval '1 millisecond' <= now() OR d.window_count < ${s.destLimit})
      RETURNING d.destination_hash, d.window_count`.execute(db));
    return rows.map((r) => ({ hash: r.destination_hash, allowance: Math.max(0, s.destLimit - r.window_count) }));
  };

  /** (2) Up to each destination's allowance of its due rows, oldest first; counted into its window. */
  const leaseRows = async (dests: { hash: Buffer; allowance: number }[]): Promise<LeasedRow[]> => {
    if (dests.length === 0) return [];
    const { rows } = await withoutJit((db) => sql<LeasedRow>`
      WITH allow AS (SELECT * FROM unnest(${dests.map((d) => d.hash)}::bytea[], ${dests.map((d) => d.allowance)}::int[]) AS a(hash, n)),
      due AS (
        SELECT id, state AS prev_state FROM (
          SELECT o.id, o.state, row_number() OVER (PARTITION BY o.destination_hash ORDER BY o.next_attempt_at, o.created_at, o.id) AS rn, a.n
          FROM network_outbox o JOIN allow a ON a.hash = o.destination_hash
          WHERE o.kind = ANY(${kinds}::text[])
            AND ((o.state IN ('pending', 'failed') AND o.next_attempt_at <= now() AND NOT ${SETTLED}) OR (o.state = 'sending' AND o.lease_until < now()))
        ) x WHERE rn <= n
      ),
      leased AS (
        UPDATE network_outbox o SET state = 'sending', lease_owner = ${id}, lease_until = now() + ${s.leaseMs} * interval '1 millisecond', attempts = o.attempts + 1
        FROM due WHERE o.id = due.id
          AND ((o.state IN ('pending', 'failed') AND o.next_attempt_at <= now()) OR (o.state = 'sending' AND o.lease_until < now()))
        RETURNING o.id, o.org_id, o.channel_id, o.kind, o.idempotency_key, o.destination_enc, o.destination_hash, o.payload_enc,
          o.page_id, o.broadcast_id, o.step, o.round, o.attempts, o.next_attempt_at, o.created_at, due.prev_state
      ),
      counted AS (
        UPDATE network_destinations d SET window_count = d.window_count + c.n
        FROM (SELECT destination_hash, count(*)::int AS n FROM leased GROUP BY destination_hash) c
        WHERE d.destination_hash = c.destination_hash AND d.lease_owner = ${id}
      )
      SELECT * FROM leased ORDER BY next_attempt_at, created_at, id`.execute(db));
    return rows;
  };

  const releaseDestinations = async (hashes: Buffer[]) => {
    if (hashes.length === 0) return;
    await sql`UPDATE network_destinations SET lease_owner = NULL, lease_until = now()
      WHERE destination_hash = ANY(${hashes}::bytea[]) AND lease_owner = ${id}`.execute(o.db);
  };

  const markSent = async (row: LeasedRow, r: { statusCode: number | null; providerRef: string | null }, outcome: "sent" | "reconciled", ms: number | null) => {
    const { rows } = await sql<{ id: string }>`
      WITH s AS (
        UPDATE network_outbox SET state = 'sent', sent_at = now(), lease_owner = NULL, lease_until = NULL, last_error = NULL, provider_ref = ${r.providerRef}
        WHERE id = ${row.id} AND lease_owner = ${id} AND state = 'sending'
        RETURNING id, org_id, channel_id, attempts
      ),
      l AS (
        INSERT INTO network_delivery_log (org_id, channel_id, outbox_id, attempt, outcome, status_code, duration_ms)
        SELECT org_id, channel_id, id, attempts, ${outcome}, ${r.statusCode}, ${ms} FROM s
      ),
      c AS (
        UPDATE network_channels SET consecutive_failures = 0 WHERE id = (SELECT channel_id FROM s) AND consecutive_failures <> 0
      )
      SELECT id FROM s`.execute(o.db);
    if (rows.length === 0) o.log.warn({ component: "network.delivery", outboxId: row.id }, "a sent row had lost its lease (taken over)");
    o.onOutcome?.({ id: row.id, state: "sent" });
  };

  /** A failure: retried after a back-off, dead after the last attempt or a permanent refusal. A webhook channel
   * counts consecutive failures and is disabled at the limit, with its reason. */
  const markFailed = async (row: LeasedRow, r: { permanent: boolean; statusCode: number | null; errorCode: DeliveryErrorCode | "disabled" | "gone" }, ms: number | null) => {
    const dead = r.permanent || row.attempts >= s.maxAttempts;
    const state = r.errorCode === "gone" ? "cancelled" : dead ? "dead" : "failed";
    const delay = backoffMs(row.attempts, s);
    const sentence = errorSentence(r.errorCode, r.statusCode);
    const countsAgainstChannel = row.kind === "webhook" && r.errorCode !== "disabled" && r.errorCode !== "gone";
    const logCode = r.errorCode === "gone" ? "disabled" : r.errorCode;
    const disableCode = r.errorCode === "disabled" || r.errorCode === "gone" ? null : r.errorCode;
    await sql`
      WITH f AS (
        UPDATE network_outbox o SET state = CASE WHEN ${state === "failed"}::boolean AND ${SETTLED} THEN 'cancelled' ELSE ${state} END,
          lease_owner = NULL, lease_until = NULL, last_error = ${sentence}, next_attempt_at = now() + ${delay} * interval '1 millisecond'
        WHERE o.id = ${row.id} AND o.lease_owner = ${id} AND o.state = 'sending'
        RETURNING o.id, o.org_id, o.channel_id, o.attempts
      ),
      l AS (
        INSERT INTO network_delivery_log (org_id, channel_id, outbox_id, attempt, outcome, status_code, error_code, duration_ms)
        SELECT org_id, channel_id, id, attempts, 'failed', ${r.statusCode}, ${logCode}, ${ms} FROM f
      )
      UPDATE network_channels c SET
        consecutive_failures = c.consecutive_failures + 1,
        disabled_at = CASE WHEN c.consecutive_failures + 1 >= ${s.disableAfter} AND c.disabled_at IS NULL THEN now() ELSE c.disabled_at END,
        disabled_code = CASE WHEN c.consecutive_failures + 1 >= ${s.disableAfter} AND c.disabled_at IS NULL THEN ${disableCode} ELSE c.disabled_code END,
        disabled_status = CASE WHEN c.consecutive_failures + 1 >= ${s.disableAfter} AND c.disabled_at IS NULL THEN ${r.statusCode}::int ELSE c.disabled_status END,
        disabled_reason = CASE WHEN c.consecutive_failures + 1 >= ${s.disableAfter} AND c.disabled_at IS NULL
          THEN ${translator("en")("delivery.disabled_log", { count: s.disableAfter, last: sentence })} ELSE c.disabled_reason END
      WHERE ${countsAgainstChannel} AND c.id = (SELECT channel_id FROM f)`.execute(o.db);
    o.onOutcome?.({ id: row.id, state });
  };

  /** Gives a row back untouched (its lease would run out during the attempt): another cycle takes it. */
  const release = async (row: LeasedRow) => {
    await sql`UPDATE network_outbox o SET state = CASE WHEN ${SETTLED} THEN 'cancelled' ELSE ${row.prev_state === "failed" ? "failed" : "pending"} END,
        attempts = o.attempts - 1, lease_owner = NULL, lease_until = NULL
      WHERE o.id = ${row.id} AND o.lease_owner = ${id} AND o.state = 'sending'`.execute(o.db);
  };

  const channelState = async (ids: string[]) => {
    if (ids.length === 0) return new Map<string, { disabled: boolean; secret: Buffer | null }>();
    const rows = await o.db.selectFrom("network_channels").select(["id", "disabled_at", "secret_enc"]).where("id", "in", ids).execute();
    return new Map(rows.map((r) => [r.id, { disabled: r.disabled_at !== null, secret: r.secret_enc }]));
  };

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
    await withoutJit((db) => sql`UPDATE network_outbox o SET state = 'cancelled', lease_owner = NULL, lease_until = NULL
      WHERE o.state IN ('pending', 'failed') AND o.next_attempt_at <= now() AND ${SETTLED}`.execute(db));
  };

  const cycle = async (): Promise<number> => {
    await cancelSettled();
    const dests = await leaseDestinations();
    if (dests.length === 0) return 0;
    const leasedAt = Date.now();
    try {
      const rows = await reconcile(await leaseRows(dests));
      const channels = await channelState([...new Set(rows.map((r) => r.channel_id).filter((c): c is string => c !== null))]);
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
      await releaseDestinations(dests.map((d) => d.hash));
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
