/**
 * Sessions: a random cookie value, stored only as its keyed hash, with a CSRF token bound to the session.
 * The store knows nothing of how the user proved who they are (password today, OIDC later: `auth_method`).
 */
import type { Kysely } from "kysely";
import { queryTemplate } from "../db/query-template.js";
import type { DB, OrgKind, Role } from "../db/schema.js";
import type { SessionReadRow } from "../db/database.js";
import { hmac, randomToken } from "../crypto/keys.js";
import type { UserPrincipal } from "./principal.js";

/** A user's standing in one organisation, as read at this request: nulls when the organisation or membership is absent. */
export type OrgMembership = { orgId: string; orgKind: OrgKind | null; role: Role | null };

export const SESSION_COOKIE = "sokuho_session";

/** What a session look-up reads: the findQuery's row and sokuho_session_read's have these columns. */
type SessionRow = Pick<SessionReadRow, "user_id" | "csrf_token" | "expires_at" | "last_seen_at" | "display_name" | "locale"> & {
  org_kind?: OrgKind | null; member_role?: Role | null;
};

/**
 * The session's user, and with `orgId` the user's membership there, in one query; built and compiled once per
 * shape (at every request it was part of the ~10 % of the incident list's CPU spent building queries).
 */
const findQuery = queryTemplate((db: Kysely<DB>, a: { idHash: Buffer; orgId?: string }) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.user_id", "sessions.csrf_token", "sessions.expires_at", "sessions.last_seen_at", "users.display_name", "users.locale"])
    .$if(a.orgId !== undefined, (q) =>
      q
        .leftJoin("organizations as o", (j) => j.on("o.id", "=", a.orgId!))
        .leftJoin("memberships as m", (j) => j.onRef("m.org_id", "=", "o.id").onRef("m.user_id", "=", "sessions.user_id"))
        .select(["o.kind as org_kind", "m.role as member_role"]),
    )
    .where("sessions.id_hash", "=", a.idHash),
);

export const createSessionStore = (db: Kysely<DB>, identifierKey: Buffer, hours: number, now: () => Date = () => new Date()) => {
  const hashOf = (token: string): Buffer => hmac(identifierKey, `session:${token}`);

  const create = async (userId: string, method: "password" | "oidc" = "password"): Promise<{ token: string; expiresAt: Date }> => {
    const token = randomToken();
    const expiresAt = new Date(now().getTime() + hours * 3_600_000);
    await db
      .insertInto("sessions")
      .values({ id_hash: hashOf(token), user_id: userId, csrf_token: randomToken(24), auth_method: method, expires_at: expiresAt })
      .execute();
    return { token, expiresAt };
  };

  /**
   * The session's user; with `orgId`, also the user's membership there, read in the same query (one round trip
   * for an organisation route instead of three). Not cached here: a revoked session or a removed member is seen
   * at the next request (the kept reads of http/read-cache.ts are dropped by the change's notice).
   */
  const find = async (token: string, orgId?: string) => {
    const idHash = hashOf(token);
    const row = await accept(idHash, (await db.executeQuery(findQuery(db, { idHash, ...(orgId !== undefined ? { orgId } : {}) }))).rows[0]);
    return row && { idHash, row };
  };

  /** A session's row, read by find or with a sessionRead: null when absent or expired; touched at most once a minute. */
  const accept = async <R extends SessionRow>(idHash: Buffer, row: R | null | undefined): Promise<R | null> => {
    if (!row || row.expires_at <= now()) return null;
    // Touch at most once a minute, to keep reads cheap.
    if (now().getTime() - row.last_seen_at.getTime() > 60_000) {
      await db.updateTable("sessions").set({ last_seen_at: now() }).where("id_hash", "=", idHash).execute();
    }
    return row;
  };

  /** The user a live session row stands for. */
  const principalOf = (idHash: Buffer, row: SessionRow): UserPrincipal =>
    ({ kind: "user", userId: row.user_id, displayName: row.display_name, locale: row.locale, sessionIdHash: idHash, csrfToken: row.csrf_token });
  /** The user and their membership in `orgId` (the organisation's kind and the role, or nulls) a live session row stands for. */
  const inOrg = (idHash: Buffer, orgId: string, row: SessionRow): { principal: UserPrincipal; membership: OrgMembership } =>
    ({ principal: principalOf(idHash, row), membership: { orgId, orgKind: row.org_kind ?? null, role: row.member_role ?? null } });

  /** The session and membership of a sessionRead (db.sessionRead read them with the rows), as lookupInOrg gives them. */
  const acceptRead = async (idHash: Buffer, orgId: string, row: SessionReadRow | null) => {
    const live = await accept(idHash, row);
    return live && inOrg(idHash, orgId, live);
  };

  /** The same for a session row the server kept (http/read-cache.ts): checked and touched when it was read. */
  const acceptKept = (idHash: Buffer, orgId: string, row: SessionReadRow) => inOrg(idHash, orgId, row);

  const lookup = async (token: string): Promise<UserPrincipal | null> => {
    const found = await find(token);
    return found && principalOf(found.idHash, found.row);
  };

  /** The session's user and their membership in `orgId` (a UUID): the organisation's kind and the role, or nulls. */
  const lookupInOrg = async (token: string, orgId: string): Promise<{ principal: UserPrincipal; membership: OrgMembership } | null> => {
    const found = await find(token, orgId);
    return found && inOrg(found.idHash, orgId, found.row);
  };

  const destroy = async (idHash: Buffer): Promise<void> => {
    await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
  };

  /** Ends every session of the user; `executor`: the caller's transaction, so it ends them only if it commits. */
  const destroyAllForUser = async (userId: string, executor: Kysely<DB> = db): Promise<void> => {
    await executor.deleteFrom("sessions").where("user_id", "=", userId).execute();
  };

  const purgeExpired = async (): Promise<number> => {
    const r = await db.deleteFrom("sessions").where("expires_at", "<=", now()).executeTakeFirst();
    return Number(r.numDeletedRows);
  };

  return { create, lookup, lookupInOrg, hashOf, acceptRead, acceptKept, destroy, destroyAllForUser, purgeExpired };
};
export type SessionStore = ReturnType<typeof createSessionStore>;
