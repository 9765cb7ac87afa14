/** Timeline queries, in the caller's transaction. */
import { sql, type Kysely } from "kysely";
import type { DB, TimelineEventsTable } from "../../platform/db/schema.js";
import type { Insertable } from "kysely";

export const timelineStore = {
  list: (db: Kysely<DB>, incidentId: string) =>
    db
      .selectFrom("timeline_events as t")
      .leftJoin("users as u", "u.id", "t.actor_user_id")
      .leftJoin("organizations as o", "o.id", "t.actor_org_id")
      .select([
        "t.id", "t.at", "t.kind", "t.text", "t.source", "t.asset_ids", "t.evidence_ids", "t.indicator_ids",
        "t.actor_user_id", "u.display_name as actor_name", "t.actor_org_id", "o.name_ja as actor_org_ja", "o.name_en as actor_org_en",
        "t.created_at", "t.superseded_by",
      ])
      .where("t.incident_id", "=", incidentId)
      .orderBy("t.at")
      .orderBy("t.created_at")
      .execute(),
  get: (db: Kysely<DB>, incidentId: string, id: string) =>
    db.selectFrom("timeline_events").selectAll().where("incident_id", "=", incidentId).where("id", "=", id).executeTakeFirst(),
  insert: (db: Kysely<DB>, row: Insertable<TimelineEventsTable>) => db.insertInto("timeline_events").values(row).returning("id").executeTakeFirstOrThrow(),
  /** How many of the ids belong to this incident (evidence, indicators) or its organisation's register (assets). */
  countLinked: async (db: Kysely<DB>, incident: { id: string; org_id: string }, kind: "assets" | "evidence" | "indicators", ids: readonly string[]): Promise<number> => {
    if (ids.length === 0) return 0;
    const unique = [...new Set(ids)];
    const owner = kind === "assets" ? sql`org_id = ${incident.org_id}` : sql`incident_id = ${incident.id}`;
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(kind)} WHERE id = ANY(${unique}::uuid[]) AND ${owner}`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  },
  supersede: (db: Kysely<DB>, id: string, by: string) => db.updateTable("timeline_events").set({ superseded_by: by }).where("id", "=", id).returning("id").executeTakeFirst(),
};
