/** Indicator queries; tenant transactions, so RLS limits them to the owner and vendors with a live grant. */
import type { Kysely } from "kysely";
import type { DB, IndicatorType, Tlp } from "../../platform/db/schema.js";

const columns = ["id", "org_id", "incident_id", "type", "value", "normalized", "tlp", "description", "created_by", "created_at"] as const;

export type NewIndicatorRow = {
  orgId: string; incidentId: string; type: IndicatorType; value: string; normalized: string; tlp: Tlp; description: string; createdBy: string | null;
};

export const indicatorStore = {
  list: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("indicators").select(columns).where("incident_id", "=", incidentId).orderBy("created_at").orderBy("id").execute(),
  get: (db: Kysely<DB>, incidentId: string, id: string) =>
    db.selectFrom("indicators").select(columns).where("incident_id", "=", incidentId).where("id", "=", id).executeTakeFirst(),
  findByNormalized: (db: Kysely<DB>, incidentId: string, type: IndicatorType, normalized: string) =>
    db
      .selectFrom("indicators")
      .select(columns)
      .where("incident_id", "=", incidentId)
      .where("type", "=", type)
      .where("normalized", "=", normalized)
      .executeTakeFirst(),
  /** Nothing when the incident already has this (type, normalized): the unique key decides, so races are safe. */
  insertIfNew: (db: Kysely<DB>, r: NewIndicatorRow) =>
    db
      .insertInto("indicators")
      .values({
        org_id: r.orgId, incident_id: r.incidentId, type: r.type, value: r.value, normalized: r.normalized, tlp: r.tlp,
        description: r.description, created_by: r.createdBy,
      })
      .onConflict((oc) => oc.columns(["incident_id", "type", "normalized"]).doNothing())
      .returning(columns)
      .executeTakeFirst(),
  update: (db: Kysely<DB>, incidentId: string, id: string, patch: { tlp?: Tlp; description?: string }) =>
    db.updateTable("indicators").set(patch).where("incident_id", "=", incidentId).where("id", "=", id).returning(columns).executeTakeFirst(),
  delete: (db: Kysely<DB>, incidentId: string, id: string) =>
    db.deleteFrom("indicators").where("incident_id", "=", incidentId).where("id", "=", id).returning("id").executeTakeFirst(),
};
export type IndicatorRow = NonNullable<Awaited<ReturnType<typeof indicatorStore.get>>>;
