/**
 * The security log of each account: sign-in, failed sign-in, lockout, sign-out, password reset requested and done,
 * profile changes. Per user, because sign-in has no organisation; shown to the user and to the org-admins of the
 * organisations they belong to. It holds no email and no password, only ids, the client's IP and user agent, and
 * for a change the names of the fields that changed.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

export const SECURITY_EVENT_KINDS = [
  "sign_in", "sign_in_failed", "locked", "sign_out", "password_reset_requested", "password_reset", "profile_updated",
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Where a request came from; the user agent is cut to a length that cannot carry much. */
export type SecurityMeta = { ip: string | null; userAgent: string | null; requestId: string | null };
/** What the log keeps besides the kind: a reason code, or the names of changed fields. Never values. */
export type SecurityDetail = { reason?: "wrong_password" | "locked" | "throttled"; changed?: string[] };

export type SecurityEvent = {
  id: string; kind: SecurityEventKind; at: string; ip: string | null; userAgent: string | null; requestId: string | null; detail: SecurityDetail;
};

const USER_AGENT_MAX = 300;

export const securityLog = {
  record: async (db: Kysely<DB>, userId: string, kind: SecurityEventKind, meta: SecurityMeta, at: Date, detail: SecurityDetail = {}): Promise<void> => {
    await db
      .insertInto("security_events")
      .values({
        user_id: userId, kind, at, ip: meta.ip, user_agent: meta.userAgent?.slice(0, USER_AGENT_MAX) ?? null, request_id: meta.requestId,
        detail: JSON.stringify(detail),
      })
      .execute();
  },

  /** Newest first; `before` is the id of the last event of the previous page. */
  list: async (db: Kysely<DB>, userId: string, opts: { limit: number; before?: string | undefined }): Promise<SecurityEvent[]> => {
    let q = db.selectFrom("security_events").selectAll().where("user_id", "=", userId);
    if (opts.before) q = q.where("id", "<", opts.before);
    const rows = await q.orderBy("id", "desc").limit(opts.limit).execute();
    return rows.map((r) => ({
      id: String(r.id), kind: r.kind as SecurityEventKind, at: r.at.toISOString(), ip: r.ip, userAgent: r.user_agent, requestId: r.request_id,
      detail: (r.detail ?? {}) as SecurityDetail,
    }));
  },

  /**
   * Deletes the events older than `before`, in batches so a first run over years of rows holds no long lock.
   * Returns how many were deleted.
   */
  prune: async (db: Kysely<DB>, before: Date, batch = 10_000): Promise<number> => {
    let total = 0;
    for (;;) {
      const res = await db
        .deleteFrom("security_events")
        .where("id", "in", (q) => q.selectFrom("security_events").select("id").where("at", "<", before).limit(batch))
        .executeTakeFirst();
      const n = Number(res.numDeletedRows);
      total += n;
      if (n < batch) return total;
    }
  },
};
