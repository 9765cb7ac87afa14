/** Decision queries, in the caller's transaction. */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB, DecisionsTable } from "../../platform/db/schema.js";

export const decisionStore = {
  list: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("decisions").selectAll().where("incident_id", "=", incidentId).orderBy("decided_at").execute(),
  get: (db: Kysely<DB>, incidentId: string, id: string) =>
    db.selectFrom("decisions").selectAll().where("incident_id", "=", incidentId).where("id", "=", id).executeTakeFirst(),
  insert: (db: Kysely<DB>, row: Insertable<DecisionsTable>) => db.insertInto("decisions").values(row).returningAll().executeTakeFirstOrThrow(),
  update: (db: Kysely<DB>, id: string, patch: Updateable<DecisionsTable>) =>
    db.updateTable("decisions").set(patch).where("id", "=", id).returningAll().executeTakeFirst(),
};
