/**
 * Registry queries. Imports are ordinary rows (Kysely); people and identifiers are written only by COPY on a
 * dedicated connection (copyInto) and read here for counts and look-ups.
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DB } from "../../platform/db/schema.js";
import { identifierPartition } from "./domain.js";

export const affectedStore = {
  findImport: (db: Kysely<DB>, incidentId: string, fingerprint: string) =>
    db.selectFrom("affected_imports").selectAll().where("incident_id", "=", incidentId).where("fingerprint", "=", fingerprint).executeTakeFirst(),

  createImport: (db: Kysely<DB>, row: { orgId: string; incidentId: string; fingerprint: string; files: { name: string; bytes: number }[]; startedBy: string | null }) =>
    db
      .insertInto("affected_imports")
      .values({ org_id: row.orgId, incident_id: row.incidentId, fingerprint: row.fingerprint, files: JSON.stringify(row.files), started_by: row.startedBy })
      .returningAll()
      .executeTakeFirstOrThrow(),

  /** The scan's result (pass 1) and the person total; a resumed import starts again here, so this is idempotent. */
  setScanned: (db: Kysely<DB>, id: string, summary: Record<string, unknown>, peopleTotal: number) =>
    db
      .updateTable("affected_imports")
      .set({ summary: JSON.stringify(summary), people_total: String(peopleTotal), status: "running", updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .execute(),

  /**
   * Moves the cursor, in the batch's transaction (on the COPY connection): only from where this import said it was, so two writers (or a
   * stale resume) cannot both commit the same batch.
   */
  advance: async (client: pg.ClientBase, id: string, from: number, to: number, identifiers: number, itemCounts: Record<string, number>): Promise<boolean> => {
    const r = await client.query(
      `UPDATE affected_imports SET people_done = $3, identifiers_done = identifiers_done + $4,
         summary = jsonb_set(summary, '{itemCounts}', $5::jsonb), updated_at = now()
       WHERE id = $1 AND people_done = $2`,
      [id, from, to, identifiers, JSON.stringify(itemCounts)],
    );
    return r.rowCount === 1;
  },

  finish: (db: Kysely<DB>, id: string, status: "done" | "failed") =>
    db
      .updateTable("affected_imports")
      .set({ status, updated_at: sql<Date>`now()`, ...(status === "done" ? { finished_at: sql<Date>`now()` } : {}) })
      .where("id", "=", id)
      .execute(),

  listImports: (db: Kysely<DB>, incidentId: string) =>
    db
      .selectFrom("affected_imports as i")
      .leftJoin("users as u", "u.id", "i.started_by")
      .select([
        "i.id", "i.status", "i.files", "i.summary", "i.people_total", "i.people_done", "i.identifiers_done", "i.started_at", "i.finished_at",
        "u.display_name as started_by_name",
      ])
      .where("i.incident_id", "=", incidentId)
      .orderBy("i.started_at", "desc")
      .orderBy("i.id")
      .execute(),

  /** People whose identifiers include one of these HMACs, with their items (the contact stays encrypted). */
  peopleByHmac: (db: Kysely<DB>, incidentId: string, hmacs: Buffer[]) =>
    db
      .selectFrom("affected_identifiers as k")
      .innerJoin("affected_people as p", (j) => j.onRef("p.import_id", "=", "k.import_id").onRef("p.person_no", "=", "k.person_no"))
      .select(["p.import_id", "p.person_no", "p.items", "p.records", "p.contact", "k.kind"])
      .where("k.incident_id", "=", incidentId)
      .where("k.hmac", "in", hmacs)
      .orderBy("p.import_id")
      .orderBy("p.person_no")
      .execute(),
};

/**
 * The import's partition of affected_identifiers, created before its first batch, row-level security on (the
 * application role reads through the parent only). Idempotent, for a resumed import.
 */
export const createIdentifierPartition = async (client: pg.ClientBase, importId: string): Promise<void> => {
  const name = identifierPartition(importId);
  await client.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF affected_identifiers FOR VALUES IN ('${importId}')`);
  await client.query(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`);
};

/** The look-up index of an import's identifiers, built once its load is done (one sort instead of 21M random inserts). */
export const indexIdentifierPartition = async (client: pg.ClientBase, importId: string): Promise<void> => {
  const name = identifierPartition(importId);
  // The build sorts the hash codes; with the default 64 MB a JTB-size partition spills to disk in many runs.
  await client.query("SET maintenance_work_mem = '256MB'");
  await client.query(`CREATE INDEX IF NOT EXISTS ${name}_hmac ON ${name} USING hash (hmac)`);
};

/** Streams COPY data into the table named by `statement` on a raw connection (inside the caller's transaction). */
export const copyInto = (client: pg.ClientBase, statement: string, data: Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(statement));
    stream.on("error", reject);
    stream.on("finish", () => resolve());
    stream.end(data);
  });
