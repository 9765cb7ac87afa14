/** Incident and grant queries; run in tenant transactions, so RLS limits them to what the actor may see. */
import { sql, type Kysely } from "kysely";
import type { DB, IncidentUpdate, NewIncident } from "../../platform/db/schema.js";
import type { ClockJson, TargetJson } from "./clock-store.js";

const incidentColumns = [
  "incidents.id", "incidents.org_id", "incidents.ref", "incidents.title", "incidents.summary", "incidents.status",
  "incidents.severity", "incidents.category", "incidents.tlp", "incidents.pap", "incidents.created_at", "incidents.updated_at",
  "o.name_ja as owner_name_ja", "o.name_en as owner_name_en",
] as const;

/** The live grant (if any) under which `vendorOrgId` sees each incident; write wins over read. */
const grantAccess = (vendorOrgId: string) =>
  sql<"read" | "write" | null>`(SELECT max(g.access) FROM access_grants g WHERE g.incident_id = incidents.id
      AND g.vendor_org_id = ${vendorOrgId} AND g.revoked_at IS NULL AND g.expires_at > now())`;

/** The current clocks of the row's incident (as clockStore.current), as JSON: read with the row, no extra round trip. */
const currentClocksJson = sql<ClockJson[]>`(SELECT coalesce(json_agg(c), '[]'::json) FROM (
      SELECT DISTINCT ON (e.clock) e.clock, e.at, e.evidence, e.set_by, u.display_name AS set_by_name, e.set_at
        FROM incident_clock_events e LEFT JOIN users u ON u.id = e.set_by
       WHERE e.incident_id = incidents.id
       ORDER BY e.clock, e.set_at DESC, e.id DESC) c)`;
/** The owning organisation's gap targets, as JSON; under RLS only the actor's own organisation's are visible. */
const ownTargetsJson = sql<TargetJson[] | null>`(SELECT json_agg(t) FROM (
      SELECT from_clock, to_clock, minutes FROM org_gap_targets WHERE org_id = incidents.org_id) t)`;

export const incidentStore = {
  /** Every visible incident with its current clocks and (for the actor's own) gap targets, in one query. */
  list: (db: Kysely<DB>, actorOrgId: string) =>
    db
      .selectFrom("incidents")
      .innerJoin("organizations as o", "o.id", "incidents.org_id")
      .select([...incidentColumns, grantAccess(actorOrgId).as("grant_access"), currentClocksJson.as("clocks"), ownTargetsJson.as("own_targets")])
      .orderBy("incidents.created_at", "desc")
      .execute(),
  get: (db: Kysely<DB>, actorOrgId: string, id: string) =>
    db
      .selectFrom("incidents")
      .innerJoin("organizations as o", "o.id", "incidents.org_id")
      .select([...incidentColumns, grantAccess(actorOrgId).as("grant_access")])
      .where("incidents.id", "=", id)
      .executeTakeFirst(),
  nextNumber: async (db: Kysely<DB>, orgId: string): Promise<number> => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('incident-ref:' || ${orgId}))`.execute(db);
    const r = await db.selectFrom("incidents").select((eb) => eb.fn.countAll<string>().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow();
    return Number(r.n) + 1;
  },
  insert: (db: Kysely<DB>, row: NewIncident) => db.insertInto("incidents").values(row).returning("id").executeTakeFirstOrThrow(),
  update: (db: Kysely<DB>, id: string, patch: IncidentUpdate) =>
    db.updateTable("incidents").set(patch).where("id", "=", id).returning("id").executeTakeFirst(),
  delete: (db: Kysely<DB>, orgId: string, id: string) =>
    db.deleteFrom("incidents").where("id", "=", id).where("org_id", "=", orgId).returning("id").executeTakeFirst(),
};

export const grantStore = {
  list: (db: Kysely<DB>, orgId: string) =>
    db
      .selectFrom("access_grants as g")
      .innerJoin("incidents as i", "i.id", "g.incident_id")
      .innerJoin("organizations as v", "v.id", "g.vendor_org_id")
      .select([
        "g.id", "g.incident_id", "g.vendor_org_id", "g.access", "g.expires_at", "g.revoked_at", "g.created_at",
        "i.ref as incident_ref", "i.title as incident_title", "v.name_ja as vendor_name_ja", "v.name_en as vendor_name_en",
      ])
      .where("g.org_id", "=", orgId)
      .orderBy("g.created_at", "desc")
      .execute(),
  insert: (db: Kysely<DB>, g: { orgId: string; vendorOrgId: string; incidentId: string; access: "read" | "write"; expiresAt: Date; createdBy: string | null }) =>
    db
      .insertInto("access_grants")
      .values({ org_id: g.orgId, vendor_org_id: g.vendorOrgId, incident_id: g.incidentId, access: g.access, expires_at: g.expiresAt, created_by: g.createdBy })
      .returning("id")
      .executeTakeFirstOrThrow(),
  revoke: (db: Kysely<DB>, orgId: string, id: string, now: Date) =>
    db
      .updateTable("access_grants")
      .set({ revoked_at: now })
      .where("org_id", "=", orgId)
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .returningAll()
      .executeTakeFirst(),
};
