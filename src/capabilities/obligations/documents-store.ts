/** Obligation document queries, one per function, each in the caller's transaction (RLS decides what it may see). */
import { sql, type Insertable, type Kysely } from "kysely";
import type { DB, ObligationDocumentsTable } from "../../platform/db/schema.js";
import type { DraftContent } from "./documents.js";

export const documentStore = {
  insert: (db: Kysely<DB>, row: Insertable<ObligationDocumentsTable>) =>
    db.insertInto("obligation_documents").values(row).returning(["id"]).executeTakeFirstOrThrow(),
  /** The incident's documents with their newest version's time and author and their newest sign-off. */
  list: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("obligation_documents as d")
      .innerJoin("obligation_document_versions as v", (j) => j.onRef("v.document_id", "=", "d.id").onRef("v.version", "=", "d.latest_version"))
      .leftJoin("users as u", "u.id", "v.saved_by")
      .leftJoin(
        (eb) => eb.selectFrom("obligation_document_signoffs as s").leftJoin("users as su", "su.id", "s.signed_off_by")
          .distinctOn("s.document_id").select(["s.document_id", "s.version", "s.signed_off_at", "su.display_name"])
          .orderBy("s.document_id").orderBy("s.version", "desc").as("so"),
        (j) => j.onRef("so.document_id", "=", "d.id"),
      )
      .select([
        "d.id", "d.kind", "d.locale", "d.obligation_id", "d.order_id", "d.latest_version", "d.created_at", "v.saved_at", "v.content",
        "u.display_name as saved_by_name", "so.version as signed_version", "so.signed_off_at", "so.display_name as signed_by_name",
      ])
      .where("d.incident_id", "=", incidentId).orderBy("d.created_at").orderBy("d.id").execute(),
  get: (db: Kysely<DB>, incidentId: string, id: string) =>
    db.selectFrom("obligation_documents").selectAll().where("incident_id", "=", incidentId).where("id", "=", id).executeTakeFirst(),
  /** The document locked for its sign-off (a save cannot slip in between the check of the version and the sign-off). */
  lockForSignOff: (db: Kysely<DB>, incidentId: string, id: string) =>
    db.selectFrom("obligation_documents").select(["id", "latest_version", "obligation_id"]).where("id", "=", id).where("incident_id", "=", incidentId).forUpdate().executeTakeFirst(),
  /** Takes the next version number under the document's row lock: concurrent saves get 1, 2, 3 … never the same. */
  nextVersion: (db: Kysely<DB>, incidentId: string, id: string) =>
    db.updateTable("obligation_documents").set({ latest_version: sql<number>`latest_version + 1` })
      .where("incident_id", "=", incidentId).where("id", "=", id).returning(["latest_version"]).executeTakeFirst(),
  insertVersion: (db: Kysely<DB>, row: { documentId: string; orgId: string; incidentId: string; version: number; content: DraftContent; by: string | null; at: Date }) =>
    db.insertInto("obligation_document_versions").values({
      document_id: row.documentId, org_id: row.orgId, incident_id: row.incidentId, version: row.version,
      content: JSON.stringify(row.content), saved_by: row.by, saved_at: row.at,
    }).execute(),
  versions: (db: Kysely<DB>, documentId: string) =>
    db.selectFrom("obligation_document_versions as v").leftJoin("users as u", "u.id", "v.saved_by")
      .select(["v.version", "v.saved_at", "u.display_name as saved_by_name"])
      .where("v.document_id", "=", documentId).orderBy("v.version", "desc").execute(),
  version: (db: Kysely<DB>, documentId: string, version: number) =>
    db.selectFrom("obligation_document_versions").select(["version", "content", "saved_at"]).where("document_id", "=", documentId).where("version", "=", version).executeTakeFirst(),
  signoffs: (db: Kysely<DB>, documentId: string) =>
    db.selectFrom("obligation_document_signoffs as s").leftJoin("users as u", "u.id", "s.signed_off_by")
      .select(["s.id", "s.version", "s.signed_off_at", "s.filing_id", "u.display_name as signed_by_name"])
      .where("s.document_id", "=", documentId).orderBy("s.version", "desc").execute(),
  /** One sign-off per version: a second one of the same version inserts nothing. */
  signOff: (db: Kysely<DB>, row: { documentId: string; orgId: string; incidentId: string; version: number; by: string | null; at: Date; filingId: string | null }) =>
    db.insertInto("obligation_document_signoffs").values({
      document_id: row.documentId, org_id: row.orgId, incident_id: row.incidentId, version: row.version,
      signed_off_by: row.by, signed_off_at: row.at, filing_id: row.filingId,
    }).onConflict((oc) => oc.columns(["document_id", "version"]).doNothing()).returning(["id"]).executeTakeFirst(),
  /** What the drafts need besides the facts: the organisation's names, the incident, its timeline, its orders. */
  company: (db: Kysely<DB>, orgId: string) =>
    db.selectFrom("organizations").select(["name_ja", "name_en"]).where("id", "=", orgId).executeTakeFirstOrThrow(),
  timeline: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("timeline_events").select(["at", "text"]).where("incident_id", "=", incidentId).where("superseded_by", "is", null)
      .orderBy("at").limit(50).execute(),
  order: (db: Kysely<DB>, incidentId: string, orderId: string | null) => {
    let q = db.selectFrom("regulator_order_targets as t").innerJoin("regulator_orders as o", "o.id", "t.order_id")
      .select(["o.id", "o.authority", "o.title", "o.items", "o.issued_at", "o.due_at"]).where("t.incident_id", "=", incidentId);
    if (orderId) q = q.where("o.id", "=", orderId);
    return q.orderBy("o.issued_at").limit(1).executeTakeFirst();
  },
};
