/** Evidence and custody queries; run in tenant transactions, so RLS limits them to incidents the actor may see. */
import type { Kysely } from "kysely";
import type { CustodyEventsTable, DB } from "../../platform/db/schema.js";

const evidenceColumns = [
  "e.id", "e.org_id", "e.incident_id", "e.filename", "e.content_type", "e.size_bytes", "e.sha256", "e.storage_key",
  "e.description", "e.uploaded_by", "e.uploaded_at", "u.display_name as uploaded_by_name",
  "o.id as uploaded_by_org_id", "o.name_ja as uploaded_by_org_name_ja", "o.name_en as uploaded_by_org_name_en",
] as const;

/** Evidence rows with who uploaded them: the user's name when this organisation may see it, and always the organisation. */
const selectEvidence = (db: Kysely<DB>) =>
  db
    .selectFrom("evidence as e")
    .leftJoin("users as u", "u.id", "e.uploaded_by")
    .leftJoin("custody_events as up", (j) => j.onRef("up.evidence_id", "=", "e.id").on("up.action", "=", "uploaded"))
    .leftJoin("organizations as o", "o.id", "up.actor_org_id")
    .select(evidenceColumns);

export type EvidenceRow = NonNullable<Awaited<ReturnType<typeof evidenceStore.get>>>;

export const evidenceStore = {
  list: (db: Kysely<DB>, incidentId: string) =>
    selectEvidence(db).where("e.incident_id", "=", incidentId).orderBy("e.uploaded_at", "desc").orderBy("e.id").execute(),
  get: (db: Kysely<DB>, incidentId: string, id: string) =>
    selectEvidence(db).where("e.incident_id", "=", incidentId).where("e.id", "=", id).executeTakeFirst(),
  insert: (db: Kysely<DB>, row: { id: string; orgId: string; incidentId: string; filename: string; contentType: string; size: number; sha256: string; storageKey: string; description: string; uploadedBy: string | null; at: Date }) =>
    db
      .insertInto("evidence")
      .values({
        id: row.id, org_id: row.orgId, incident_id: row.incidentId, filename: row.filename, content_type: row.contentType, size_bytes: row.size,
        sha256: row.sha256, storage_key: row.storageKey, description: row.description, uploaded_by: row.uploadedBy, uploaded_at: row.at,
      })
      .execute(),
  /** The blobs of an incident's evidence: what must go from storage when the incident goes. */
  storageKeysOfIncident: async (db: Kysely<DB>, incidentId: string): Promise<string[]> =>
    (await db.selectFrom("evidence").select("storage_key").where("incident_id", "=", incidentId).execute()).map((r) => r.storage_key),
  /** Which of these blob keys an evidence row still points at (read as the owner: all organisations). */
  referencedKeys: async (db: Kysely<DB>, keys: string[]): Promise<Set<string>> =>
    keys.length === 0 ? new Set() : new Set((await db.selectFrom("evidence").select("storage_key").where("storage_key", "in", keys).execute()).map((r) => r.storage_key)),
};

export const custodyStore = {
  list: (db: Kysely<DB>, evidenceId: string) =>
    db
      .selectFrom("custody_events as c")
      .leftJoin("users as u", "u.id", "c.actor_user_id")
      .leftJoin("organizations as o", "o.id", "c.actor_org_id")
      .select([
        "c.id", "c.action", "c.note", "c.at", "c.actor_user_id", "c.actor_org_id", "u.display_name as actor_name",
        "o.name_ja as actor_org_name_ja", "o.name_en as actor_org_name_en",
      ])
      .where("c.evidence_id", "=", evidenceId)
      .orderBy("c.at")
      .orderBy("c.id")
      .execute(),
  /**
   * Append-only: the application role may insert custody events, never change or delete them. `at` is the
   * database's transaction time (microseconds), so events of successive requests keep their order.
   */
  append: (db: Kysely<DB>, e: { orgId: string; evidenceId: string; action: CustodyEventsTable["action"]; actorUserId: string | null; actorOrgId: string; note: string }) =>
    db
      .insertInto("custody_events")
      .values({ org_id: e.orgId, evidence_id: e.evidenceId, action: e.action, actor_user_id: e.actorUserId, actor_org_id: e.actorOrgId, note: e.note })
      .execute(),
};
