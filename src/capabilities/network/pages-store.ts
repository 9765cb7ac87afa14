/**
 * Queries of pages and their events, and of who a notification reaches (channels, members by
 * role, the desk's channels). One function per query, each taking the handle it runs in: the escalation worker and
 * the action links run as the platform, the UI as the tenant.
 */
import { sql, type Kysely } from "kysely";
import type { DB, NetworkPagesTable, PageStatusValue, Role } from "../../platform/db/schema.js";
import type { Insertable, Selectable } from "kysely";

export type PageRow = Selectable<NetworkPagesTable>;
export type NewPageEvent = {
  pageId: string; orgId: string; at: Date; kind: string; step?: number | null; round?: number | null; reason?: string | null;
  byUserId?: string | null; via?: "ui" | "api" | "link" | "system" | null; detail?: Record<string, unknown>;
};

export const pageStore = {
  /** Inserts a page unless its dedup key was raised before in that organisation; null then. */
  insert: async (db: Kysely<DB>, row: Insertable<NetworkPagesTable>): Promise<string | null> => {
    const r = await db.insertInto("network_pages").values(row)
      .onConflict((oc) => oc.columns(["org_id", "dedup_key"]).doNothing())
      .returning("id").executeTakeFirst();
    return r?.id ?? null;
  },
  byDedupKey: (db: Kysely<DB>, orgId: string, dedupKey: string) =>
    db.selectFrom("network_pages").select(["id"]).where("org_id", "=", orgId).where("dedup_key", "=", dedupKey).executeTakeFirst(),
  get: (db: Kysely<DB>, id: string) => db.selectFrom("network_pages").selectAll().where("id", "=", id).executeTakeFirst(),
  /** The page, locked against the worker and other acknowledgements until the transaction ends. */
  lock: (db: Kysely<DB>, id: string) => db.selectFrom("network_pages").selectAll().where("id", "=", id).forUpdate().executeTakeFirst(),
  /**
   * The most overdue page that is due by `now` and that no other worker holds: several worker processes each take a
   * different page (SKIP LOCKED), and a page taken is done in that worker's transaction.
   */
  lockNextDue: (db: Kysely<DB>, now: Date) =>
    db.selectFrom("network_pages").selectAll()
      .where("status", "=", "triggered").where("next_wake_at", "<=", now)
      .orderBy("next_wake_at").limit(1).forUpdate().skipLocked().executeTakeFirst(),
  earliestWake: async (db: Kysely<DB>): Promise<Date | null> => {
    const r = await db.selectFrom("network_pages").select((eb) => eb.fn.min("next_wake_at").as("at"))
      .where("status", "=", "triggered").executeTakeFirst();
    return (r?.at as Date | null | undefined) ?? null;
  },
  update: (db: Kysely<DB>, id: string, patch: {
    state?: string; status?: PageStatusValue; next_wake_at?: Date | null; updated_at: Date; policy_id?: string | null; policy_version?: number | null;
    acknowledged_by?: string | null; acknowledged_at?: Date | null; resolved_by?: string | null; resolved_at?: Date | null;
  }) => db.updateTable("network_pages").set(patch).where("id", "=", id).returning("id").executeTakeFirst(),
  list: (db: Kysely<DB>, orgId: string, filter: { status?: PageStatusValue | undefined; limit: number }) => {
    let q = db.selectFrom("network_pages as p")
      .leftJoin("organizations as so", "so.id", "p.source_org_id")
      .select(["p.id", "p.org_id", "p.title_ja", "p.title_en", "p.status", "p.state", "p.source_kind", "p.source_id", "p.source_org_id",
        "p.incident_id", "p.is_drill", "p.created_at", "p.acknowledged_at", "p.acknowledged_by", "p.resolved_at", "p.next_wake_at",
        "so.name_ja as source_org_name_ja", "so.name_en as source_org_name_en"])
      .where("p.org_id", "=", orgId);
    if (filter.status) q = q.where("p.status", "=", filter.status);
    return q.orderBy("p.created_at", "desc").limit(filter.limit).execute();
  },
  events: (db: Kysely<DB>, pageId: string) =>
    db.selectFrom("network_page_events as e").leftJoin("users as u", "u.id", "e.by_user_id")
      .select(["e.id", "e.at", "e.kind", "e.step", "e.round", "e.reason", "e.by_user_id", "e.via", "e.detail", "u.display_name as by_name"])
      .where("e.page_id", "=", pageId).orderBy("e.id").execute(),
  insertEvents: async (db: Kysely<DB>, events: readonly NewPageEvent[]): Promise<void> => {
    if (events.length === 0) return;
    await db.insertInto("network_page_events").values(events.map((e) => ({
      page_id: e.pageId, org_id: e.orgId, at: e.at, kind: e.kind, step: e.step ?? null, round: e.round ?? null, reason: e.reason ?? null,
      by_user_id: e.byUserId ?? null, via: e.via ?? null, detail: JSON.stringify(e.detail ?? {}),
    }))).execute();
  },
  notifyChanged: async (db: Kysely<DB>): Promise<void> => void (await sql`SELECT pg_notify('sokuho_pages', '')`.execute(db)),
  /** A company's transaction pages the desk of an organisation it is related to (SECURITY DEFINER, see 0012). */
  raiseDeskPageAsTenant: async (db: Kysely<DB>, a: {
    targetOrgId: string; sourceKind: string; sourceId: string | null; dedupKey: string; titleJa: string; titleEn: string;
    incidentId: string | null; isDrill: boolean; at: Date;
  }): Promise<string> => {
    const r = await sql<{ id: string }>`SELECT sokuho_network_raise_desk_page(${a.targetOrgId}, ${a.sourceKind}, ${a.sourceId}, ${a.dedupKey},
      ${a.titleJa}, ${a.titleEn}, ${a.incidentId}, ${a.isDrill}, ${a.at}) AS id`.execute(db);
    return r.rows[0]!.id;
  },
};

/** Who a step reaches and through what: run by the escalation worker as the platform. */
export const reachStore = {
  membersWithRole: (db: Kysely<DB>, orgId: string, role: Role) =>
    db.selectFrom("memberships").select("user_id").where("org_id", "=", orgId).where("role", "=", role).orderBy("user_id").execute(),
  isMember: async (db: Kysely<DB>, orgId: string, userId: string): Promise<boolean> =>
    (await db.selectFrom("memberships").select("id").where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst()) !== undefined,
  users: (db: Kysely<DB>, userIds: readonly string[]) =>
    userIds.length === 0 ? Promise.resolve([]) :
      db.selectFrom("users").select(["id", "email_enc", "locale", "display_name"]).where("id", "in", userIds).execute(),
  org: (db: Kysely<DB>, orgId: string) => db.selectFrom("organizations").select(["id", "name_ja", "name_en", "kind"]).where("id", "=", orgId).executeTakeFirst(),
  /** The organisation's members with their role and name, by name (the schedule and policy editors). */
  membersOf: (db: Kysely<DB>, orgId: string) =>
    db.selectFrom("memberships as m").innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.user_id", "m.role", "u.display_name"]).where("m.org_id", "=", orgId).orderBy("u.display_name").execute(),
  /** Whether an incident is the organisation's own (a page may name only those). */
  isOwnIncident: async (db: Kysely<DB>, orgId: string, incidentId: string): Promise<boolean> =>
    (await db.selectFrom("incidents").select("id").where("id", "=", incidentId).where("org_id", "=", orgId).executeTakeFirst()) !== undefined,
};
