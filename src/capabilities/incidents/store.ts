/** Incident and grant queries; run in tenant transactions, so RLS limits them to what the actor may see. */
import { sql, type Kysely } from "kysely";
import type { DB, IncidentUpdate, NewIncident } from "../../platform/db/schema.js";
import { containsPattern, type IncidentListFilter } from "./domain.js";
import type { ClockJson, TargetJson } from "./clock-store.js";
import { queryTemplate } from "../../platform/db/query-template.js";

const incidentColumns = [
  "incidents.id", "incidents.org_id", "incidents.ref", "incidents.title", "incidents.summary", "incidents.status",
  "incidents.severity", "incidents.category", "incidents.tlp", "incidents.pap", "incidents.created_at", "incidents.updated_at",
  "incidents.resolved_at", "incidents.lead_user_id", "incidents.tags",
  "o.name_ja as owner_name_ja", "o.name_en as owner_name_en",
  // the lead's name from the users table at read time (never copied into the incident or its audit rows)
  "lead.display_name as lead_name",
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

/** The list query for one shape of filter; `pattern` is the LIKE pattern of the free text, already escaped. */
const listQuery = (db: Kysely<DB>, a: { actorOrgId: string; pattern?: string; tag?: string; leadUserId?: string; leadIsMe?: true }) =>
  db
    .selectFrom("incidents")
    .innerJoin("organizations as o", "o.id", "incidents.org_id")
    .leftJoin("users as lead", "lead.id", "incidents.lead_user_id")
    .select([...incidentColumns, grantAccess(a.actorOrgId).as("grant_access"), currentClocksJson.as("clocks"), ownTargetsJson.as("own_targets")])
    // Own and granted incidents named here, not left to row-level security alone: RLS then re-checks only these
    // (without it, every organisation's incidents were scanned and a function called for each foreign one).
    .where((eb) => eb.or([
      eb("incidents.org_id", "=", a.actorOrgId),
      eb("incidents.id", "in", eb.selectFrom("access_grants as lg").select("lg.incident_id")
        .where("lg.vendor_org_id", "=", a.actorOrgId).where("lg.revoked_at", "is", null).where(sql<boolean>`lg.expires_at > now()`)),
    ]))
    // the same expression as the trigram index incidents_search (migration 0007), so the index serves it
    .$if(a.pattern !== undefined, (qb) => qb.where(sql<boolean>`sokuho_incident_search_text(incidents.ref, incidents.title, incidents.summary, incidents.tags) ILIKE ${a.pattern}`))
    .$if(a.tag !== undefined, (qb) => qb.where(sql<boolean>`incidents.tags @> ARRAY[${a.tag}]::text[]`))
    .$if(a.leadUserId !== undefined, (qb) => qb.where("incidents.lead_user_id", "=", a.leadUserId!))
    // sokuho_user() is null for an actor that is no person (a token without a user): then nothing matches
    .$if(a.leadIsMe === true, (qb) => qb.where(sql<boolean>`incidents.lead_user_id = sokuho_user()`))
    .orderBy("incidents.created_at", "desc");
// Built and compiled once per filter shape (building and compiling at each request was ~10 % of the list's CPU).
const listTemplate = queryTemplate(listQuery);

export const incidentStore = {
  /**
   * Every visible incident matching the filter, with its current clocks and (for the actor's own) gap targets, in
   * one query; compiled, not executed: the service sends it with the tenant settings in one round trip (tenantRead).
   */
  list: (db: Kysely<DB>, actorOrgId: string, filter: IncidentListFilter = {}) =>
    listTemplate(db, {
      actorOrgId,
      ...(filter.q ? { pattern: containsPattern(filter.q) } : {}),
      ...(filter.tag ? { tag: filter.tag } : {}),
      ...(filter.leadUserId ? { leadUserId: filter.leadUserId } : {}),
      ...(filter.leadIsMe ? { leadIsMe: true as const } : {}),
    }),
  get: (db: Kysely<DB>, actorOrgId: string, id: string) =>
    db
      .selectFrom("incidents")
      .innerJoin("organizations as o", "o.id", "incidents.org_id")
      .leftJoin("users as lead", "lead.id", "incidents.lead_user_id")
      .select([...incidentColumns, grantAccess(actorOrgId).as("grant_access")])
      .where("incidents.id", "=", id)
      .executeTakeFirst(),
  /** What the gap check needs of an incident. */
  gapSubject: (db: Kysely<DB>, id: string) =>
    db.selectFrom("incidents").select(["id", "org_id", "ref", "status", "resolved_at"]).where("id", "=", id).executeTakeFirst(),
  /** The next incident number of the organisation: its counter row, incremented under the row's lock. Numbers are
   * never reused, even after a deletion (a count would hand out a number still in use). */
  nextNumber: async (db: Kysely<DB>, orgId: string): Promise<number> => {
    const r = await sql<{ n: number }>`INSERT INTO incident_counters (org_id, last_number) VALUES (${orgId}, 1)
      ON CONFLICT (org_id) DO UPDATE SET last_number = incident_counters.last_number + 1 RETURNING last_number AS n`.execute(db);
    return r.rows[0]!.n;
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
