/**
 * The delivery worker's queries (delivery.ts): leasing destinations and their due rows, the outcome of each
 * attempt, the sweep of settled rows.
 */
import { sql, type Kysely, type Selectable } from "kysely";
import type { DB, ChannelKind, DeliveryErrorCode, NetworkOutboxTable } from "../../platform/db/schema.js";
import type { DeliverySettings } from "./delivery.js";

/** A row as the lease query returns it: the outbox's own columns, plus the state it was leased from. */
export type LeasedRow = Pick<
  Selectable<NetworkOutboxTable>,
  "id" | "org_id" | "channel_id" | "kind" | "idempotency_key" | "destination_enc" | "destination_hash" | "payload_enc"
  | "page_id" | "broadcast_id" | "step" | "round" | "attempts"
> & { prev_state: string };

/**
 * A queued row whose cause was acknowledged (its page acknowledged or resolved, its broadcast recipient
 * acknowledged) is not sent. Acknowledging cancels such rows (migration 0020); this condition in the lease is for
 * the one that was in flight then, failed, and would otherwise be retried after the acknowledgement.
 */
const SETTLED = sql<boolean>`(
  (o.page_id IS NOT NULL AND EXISTS (SELECT 1 FROM network_pages pg WHERE pg.id = o.page_id AND pg.status IN ('acknowledged', 'resolved')))
  OR (o.broadcast_id IS NOT NULL AND EXISTS (SELECT 1 FROM network_broadcast_recipients br
        WHERE br.broadcast_id = o.broadcast_id AND br.org_id = o.org_id AND br.acknowledged_at IS NOT NULL)))`;

/** Who leases: the worker's id, the kinds it has transports for, its settings. */
export type Leaser = { id: string; kinds: ChannelKind[]; settings: DeliverySettings };

/** A failed attempt as delivery.ts judged it: the row's next state and what the log and the channel keep. */
export type FailedAttempt = {
  state: "failed" | "dead" | "cancelled";
  sentence: string;
  delayMs: number;
  statusCode: number | null;
  logCode: DeliveryErrorCode | "disabled";
  ms: number | null;
  /** a webhook's failure counts towards disabling its channel after `disableAfter` in a row */
  countsAgainstChannel: boolean;
  disableAfter: number;
  disableCode: DeliveryErrorCode | null;
  disabledReason: string;
};

/**
 * A statement in its own transaction without JIT. The lease queries check every due row's cause (SETTLED): on a
 * backlog of 70,000 due rows in a 1.07M-row outbox the destinations query took 141 ms, and 703 ms when PostgreSQL
 * compiled it with JIT (chosen by the estimate, at every cycle). Same statement, same isolation: only the plan's
 * compilation is left out.
 */
const withoutJit = <T>(db: Kysely<DB>, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> =>
  db.transaction().execute(async (tx) => {
    await sql`SET LOCAL jit = off`.execute(tx);
    return fn(tx);
  });

export const deliveryStore = {
  /** (1) Destinations with due rows, free and under their window; leased to this worker, with what is left of their window. */
  leaseDestinations: async (db: Kysely<DB>, w: Leaser): Promise<{ hash: Buffer; allowance: number }[]> => {
    const { rows } = await withoutJit(db, (tx) => sql<{ destination_hash: Buffer; window_count: number }>`
      WITH cand AS (
        SELECT o.destination_hash FROM network_outbox o
        WHERE o.kind = ANY(${w.kinds}::text[])
          AND ((o.state IN ('pending', 'failed') AND o.next_attempt_at <= now() AND NOT ${SETTLED}) OR (o.state = 'sending' AND o.lease_until < now()))
          AND NOT EXISTS (
            SELECT 1 FROM network_destinations d WHERE d.destination_hash = o.destination_hash
              AND (d.lease_until > now() OR (d.window_start + ${w.settings.destWindowMs} * interval '1 millisecond' > now() AND d.window_count >= ${w.settings.destLimit})))
        GROUP BY o.destination_hash ORDER BY min(o.next_attempt_at) LIMIT ${w.settings.concurrency * 4}
      )
      INSERT INTO network_destinations AS d (destination_hash, lease_owner, lease_until, window_start, window_count)
      SELECT destination_hash, ${w.id}, now() + ${w.settings.leaseMs} * interval '1 millisecond', now(), 0 FROM cand
      ON CONFLICT (destination_hash) DO UPDATE SET
        lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until,
        window_start = CASE WHEN d.window_start + ${w.settings.destWindowMs} * interval '1 millisecond' <= now() THEN now() ELSE d.window_start END,
        window_count = CASE WHEN d.window_start + ${w.settings.destWindowMs} * interval '1 millisecond' <= now() THEN 0 ELSE d.window_count END
      WHERE d.lease_until <= now()
        AND (d.window_start + ${w.settings.destWindowMs} * interval '1 millisecond' <= now() OR d.window_count < ${w.settings.destLimit})
      RETURNING d.destination_hash, d.window_count`.execute(tx));
    return rows.map((r) => ({ hash: r.destination_hash, allowance: Math.max(0, w.settings.destLimit - r.window_count) }));
  },

  /** (2) Up to each destination's allowance of its due rows, oldest first; counted into its window. */
  leaseRows: async (db: Kysely<DB>, w: Leaser, dests: { hash: Buffer; allowance: number }[]): Promise<LeasedRow[]> => {
    if (dests.length === 0) return [];
    const { rows } = await withoutJit(db, (tx) => sql<LeasedRow>`
      WITH allow AS (SELECT * FROM unnest(${dests.map((d) => d.hash)}::bytea[], ${dests.map((d) => d.allowance)}::int[]) AS a(hash, n)),
      due AS (
        SELECT id, state AS prev_state FROM (
          SELECT o.id, o.state, row_number() OVER (PARTITION BY o.destination_hash ORDER BY o.next_attempt_at, o.created_at, o.id) AS rn, a.n
          FROM network_outbox o JOIN allow a ON a.hash = o.destination_hash
          WHERE o.kind = ANY(${w.kinds}::text[])
            AND ((o.state IN ('pending', 'failed') AND o.next_attempt_at <= now() AND NOT ${SETTLED}) OR (o.state = 'sending' AND o.lease_until < now()))
        ) x WHERE rn <= n
      ),
      leased AS (
        UPDATE network_outbox o SET state = 'sending', lease_owner = ${w.id}, lease_until = now() + ${w.settings.leaseMs} * interval '1 millisecond', attempts = o.attempts + 1
        FROM due WHERE o.id = due.id
          AND ((o.state IN ('pending', 'failed') AND o.next_attempt_at <= now()) OR (o.state = 'sending' AND o.lease_until < now()))
        RETURNING o.id, o.org_id, o.channel_id, o.kind, o.idempotency_key, o.destination_enc, o.destination_hash, o.payload_enc,
          o.page_id, o.broadcast_id, o.step, o.round, o.attempts, o.next_attempt_at, o.created_at, due.prev_state
      ),
      counted AS (
        UPDATE network_destinations d SET window_count = d.window_count + c.n
        FROM (SELECT destination_hash, count(*)::int AS n FROM leased GROUP BY destination_hash) c
        WHERE d.destination_hash = c.destination_hash AND d.lease_owner = ${w.id}
      )
      SELECT * FROM leased ORDER BY next_attempt_at, created_at, id`.execute(tx));
    return rows;
  },

  releaseDestinations: async (db: Kysely<DB>, workerId: string, hashes: Buffer[]): Promise<void> => {
    if (hashes.length === 0) return;
    await sql`UPDATE network_destinations SET lease_owner = NULL, lease_until = now()
      WHERE destination_hash = ANY(${hashes}::bytea[]) AND lease_owner = ${workerId}`.execute(db);
  },

  /** A row the receiver accepted: sent, logged, its channel's failure count reset. False when the row had lost its lease. */
  markSent: async (db: Kysely<DB>, workerId: string, rowId: string, r: { statusCode: number | null; providerRef: string | null; outcome: "sent" | "reconciled"; ms: number | null }): Promise<boolean> => {
    const { rows } = await sql<{ id: string }>`
      WITH s AS (
        UPDATE network_outbox SET state = 'sent', sent_at = now(), lease_owner = NULL, lease_until = NULL, last_error = NULL, provider_ref = ${r.providerRef}
        WHERE id = ${rowId} AND lease_owner = ${workerId} AND state = 'sending'
        RETURNING id, org_id, channel_id, attempts
      ),
      l AS (
        INSERT INTO network_delivery_log (org_id, channel_id, outbox_id, attempt, outcome, status_code, duration_ms)
        SELECT org_id, channel_id, id, attempts, ${r.outcome}, ${r.statusCode}, ${r.ms} FROM s
      ),
      c AS (
        UPDATE network_channels SET consecutive_failures = 0 WHERE id = (SELECT channel_id FROM s) AND consecutive_failures <> 0
      )
      SELECT id FROM s`.execute(db);
    return rows.length > 0;
  },

  /** A failed attempt: the row's next state, the log, and a webhook channel's failure count (disabled at the limit). */
  markFailed: async (db: Kysely<DB>, workerId: string, rowId: string, f: FailedAttempt): Promise<void> => {
    await sql`
      WITH f AS (
        UPDATE network_outbox o SET state = CASE WHEN ${f.state === "failed"}::boolean AND ${SETTLED} THEN 'cancelled' ELSE ${f.state} END,
          lease_owner = NULL, lease_until = NULL, last_error = ${f.sentence}, next_attempt_at = now() + ${f.delayMs} * interval '1 millisecond'
        WHERE o.id = ${rowId} AND o.lease_owner = ${workerId} AND o.state = 'sending'
        RETURNING o.id, o.org_id, o.channel_id, o.attempts
      ),
      l AS (
        INSERT INTO network_delivery_log (org_id, channel_id, outbox_id, attempt, outcome, status_code, error_code, duration_ms)
        SELECT org_id, channel_id, id, attempts, 'failed', ${f.statusCode}, ${f.logCode}, ${f.ms} FROM f
      )
      UPDATE network_channels c SET
        consecutive_failures = c.consecutive_failures + 1,
        disabled_at = CASE WHEN c.consecutive_failures + 1 >= ${f.disableAfter} AND c.disabled_at IS NULL THEN now() ELSE c.disabled_at END,
        disabled_code = CASE WHEN c.consecutive_failures + 1 >= ${f.disableAfter} AND c.disabled_at IS NULL THEN ${f.disableCode} ELSE c.disabled_code END,
        disabled_status = CASE WHEN c.consecutive_failures + 1 >= ${f.disableAfter} AND c.disabled_at IS NULL THEN ${f.statusCode}::int ELSE c.disabled_status END,
        disabled_reason = CASE WHEN c.consecutive_failures + 1 >= ${f.disableAfter} AND c.disabled_at IS NULL
          THEN ${f.disabledReason} ELSE c.disabled_reason END
      WHERE ${f.countsAgainstChannel} AND c.id = (SELECT channel_id FROM f)`.execute(db);
  },

  /** Gives a leased row back untouched (its attempt not counted). */
  release: async (db: Kysely<DB>, workerId: string, rowId: string, prevState: string): Promise<void> => {
    await sql`UPDATE network_outbox o SET state = CASE WHEN ${SETTLED} THEN 'cancelled' ELSE ${prevState === "failed" ? "failed" : "pending"} END,
        attempts = o.attempts - 1, lease_owner = NULL, lease_until = NULL
      WHERE o.id = ${rowId} AND o.lease_owner = ${workerId} AND o.state = 'sending'`.execute(db);
  },

  /** The channels of leased rows: disabled or not, and the webhook secret (encrypted). */
  channelState: async (db: Kysely<DB>, ids: string[]): Promise<Map<string, { disabled: boolean; secret: Buffer | null }>> => {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom("network_channels").select(["id", "disabled_at", "secret_enc"]).where("id", "in", ids).execute();
    return new Map(rows.map((r) => [r.id, { disabled: r.disabled_at !== null, secret: r.secret_enc }]));
  },

  /** Cancels due rows whose cause was settled meanwhile (SETTLED). */
  cancelSettled: async (db: Kysely<DB>): Promise<void> => {
    await withoutJit(db, (tx) => sql`UPDATE network_outbox o SET state = 'cancelled', lease_owner = NULL, lease_until = NULL
      WHERE o.state IN ('pending', 'failed') AND o.next_attempt_at <= now() AND ${SETTLED}`.execute(tx));
  },
};
