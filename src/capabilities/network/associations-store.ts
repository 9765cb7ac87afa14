/** Queries of the regulator–association relation (migration 0024); each takes the transaction it runs in. */
import { sql, type Kysely } from "kysely";
import type { DB, OrgKind } from "../../platform/db/schema.js";

type Db = Kysely<DB>;

export const regulatorAssociationStore = {
  /** The other side of each row the organisation is in: its associations (a regulator) or its regulators (an association). */
  linksOf: (db: Db, orgId: string) =>
    sql<{ id: string; kind: OrgKind; name_ja: string; name_en: string; created_at: Date }>`
      SELECT o.id, o.kind, o.name_ja, o.name_en, l.created_at
        FROM regulator_associations l
        JOIN organizations o ON o.id = CASE WHEN l.regulator_org_id = ${orgId} THEN l.association_org_id ELSE l.regulator_org_id END
       WHERE l.regulator_org_id = ${orgId} OR l.association_org_id = ${orgId}
       ORDER BY o.name_ja`.execute(db).then((r) => r.rows),

  /** Associations the regulator does not work with yet (the add form's choices). */
  candidates: (db: Db, regulatorOrgId: string) =>
    db.selectFrom("organizations as o").select(["o.id", "o.name_ja", "o.name_en"])
      .where("o.kind", "=", "association")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("regulator_associations as l").select("l.association_org_id")
        .where("l.regulator_org_id", "=", regulatorOrgId).whereRef("l.association_org_id", "=", "o.id"))))
      .orderBy("o.name_ja").execute(),

  orgKind: (db: Db, orgId: string) =>
    db.selectFrom("organizations").select("kind").where("id", "=", orgId).executeTakeFirst().then((r) => r?.kind ?? null),

  insert: (db: Db, regulatorOrgId: string, associationOrgId: string, createdBy: string | null, at: Date) =>
    db.insertInto("regulator_associations")
      .values({ regulator_org_id: regulatorOrgId, association_org_id: associationOrgId, created_by: createdBy, created_at: at })
      .onConflict((c) => c.doNothing()).returning("association_org_id").executeTakeFirst(),

  /** Removes the row between the organisation and the other one, whichever side the organisation is on. */
  remove: (db: Db, orgId: string, otherOrgId: string) =>
    db.deleteFrom("regulator_associations")
      .where((eb) => eb.or([
        eb.and([eb("regulator_org_id", "=", orgId), eb("association_org_id", "=", otherOrgId)]),
        eb.and([eb("association_org_id", "=", orgId), eb("regulator_org_id", "=", otherOrgId)]),
      ]))
      .returning(["regulator_org_id", "association_org_id"]).executeTakeFirst(),
};
