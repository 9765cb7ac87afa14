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

/** The advisory lock's key of an import of these files into this incident (the importer's and the deletion's). */
const importLockKey = (incidentId: string, fingerprint: string): string => `sokuho.affected:${incidentId}:${fingerprint}`;

export const affectedStore = {
  /**
   * An incident with its organisation's kind, by its id or by one of its imports' (the import runs as the system,
   * before any actor; the CLI names an import by its id alone).
   */
  incidentWithOrgKind: (db: Kysely<DB>, by: { incidentId: string } | { importId: string }) => {
    const q = db.selectFrom("incidents as i").innerJoin("organizations as o", "o.id", "i.org_id").select(["i.id", "i.org_id", "o.kind"]);
    return "importId" in by
      ? q.innerJoin("affected_imports as a", "a.incident_id", "i.id").where("a.id", "=", by.importId).executeTakeFirst()
      : q.where("i.id", "=", by.incidentId).executeTakeFirst();
  },

  /** The member of an organisation with this e-mail's keyed hash (`--as`): user id, role, locale. */
  memberByEmailHash: (db: Kysely<DB>, orgId: string, emailHash: Buffer) =>
    db
      .selectFrom("users as u")
      .innerJoin("memberships as m", "m.user_id", "u.id")
      .select(["u.id", "m.role", "u.locale"])
      .where("m.org_id", "=", orgId)
      .where("u.email_hash", "=", emailHash)
      .executeTakeFirst(),

  /** An import of the incident, its row locked for deletion (null when there is none). */
  lockImportForDelete: (db: Kysely<DB>, incidentId: string, importId: string) =>
    db
      .selectFrom("affected_imports")
      .select(["id", "fingerprint", "people_done", "files"])
      .where("id", "=", importId)
      .where("incident_id", "=", incidentId)
      .forUpdate()
      .executeTakeFirst(),

  /**
   * The importer's lock on (incident, fingerprint), tried for this transaction: false while an import of those files
   * is being loaded (the importer holds it as a session lock: holdImportLock).
   */
  tryImportLock: async (db: Kysely<DB>, incidentId: string, fingerprint: string): Promise<boolean> => {
    const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtextextended(${importLockKey(incidentId, fingerprint)}, 0)) AS ok`.execute(db);
    return r.rows[0]?.ok === true;
  },

  /** Takes the importer's session lock on (incident, fingerprint) on its connection, if free: one importer per input. */
  holdImportLock: async (client: pg.ClientBase, incidentId: string, fingerprint: string): Promise<boolean> => {
    const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [importLockKey(incidentId, fingerprint)]);
    return r.rows[0]?.ok === true;
  },

  releaseImportLock: async (client: pg.ClientBase, incidentId: string, fingerprint: string): Promise<void> => {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [importLockKey(incidentId, fingerprint)]);
  },

  /** Deletes an import; its people and identifiers go with it (migration trigger). */
  deleteImport: (db: Kysely<DB>, importId: string) => db.deleteFrom("affected_imports").where("id", "=", importId).execute(),

  findImport: (db: Kysely<DB>, incidentId: string, fingerprint: string) =>
    db.selectFrom("affected_imports").selectAll().where("incident_id", "=", incidentId).where("fingerprint", "=", fingerprint).executeTakeFirst(),

  /** Unfinished imports (failed, or running when a process died) of the same source whose files differ. */
  unfinishedOfSource: (db: Kysely<DB>, incidentId: string, sourceKey: string, fingerprint: string) =>
    db
      .selectFrom("affected_imports")
      .select(["id", "fingerprint", "people_done"])
      .where("incident_id", "=", incidentId)
      .where("source_key", "=", sourceKey)
      .where("fingerprint", "<>", fingerprint)
      .where("status", "in", ["failed", "running"])
      .execute(),

  createImport: (db: Kysely<DB>, row: { orgId: string; incidentId: string; fingerprint: string; sourceKey: string; files: { name: string; bytes: number }[]; startedBy: string | null }) =>
    db
      .insertInto("affected_imports")
      .values({ org_id: row.orgId, incident_id: row.incidentId, fingerprint: row.fingerprint, source_key: row.sourceKey, files: JSON.stringify(row.files), started_by: row.startedBy })
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

  finish: (db: Kysely<DB>, id: string, status: "done" | "failed" | "stale") =>
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
      .select((eb) => eb.selectFrom("affected_person_merges as m").whereRef("m.import_id", "=", "i.id").select(eb.fn.countAll<string>().as("n")).as("merged"))
      .where("i.incident_id", "=", incidentId)
      .orderBy("i.started_at", "desc")
      .orderBy("i.id")
      .execute(),

  /**
   * People whose identifiers include one of these HMACs, with their items (the contact stays encrypted) and their
   * canonical person (themselves, or the earlier person they were merged into). Stale imports are left out.
   */
  peopleByHmac: (db: Kysely<DB>, incidentId: string, hmacs: Buffer[]) =>
    db
      .selectFrom("affected_identifiers as k")
      .innerJoin("affected_people as p", (j) => j.onRef("p.import_id", "=", "k.import_id").onRef("p.person_no", "=", "k.person_no"))
      .innerJoin("affected_imports as i", "i.id", "k.import_id")
      .leftJoin("affected_person_merges as m", (j) => j.onRef("m.import_id", "=", "p.import_id").onRef("m.person_no", "=", "p.person_no"))
      .select(["p.import_id", "p.person_no", "p.items", "p.records", "p.contact", "k.kind", "m.canon_import", "m.canon_no"])
      .where("k.incident_id", "=", incidentId)
      .where("i.status", "<>", "stale")
      .where("k.hmac", "in", hmacs)
      .orderBy("p.import_id")
      .orderBy("p.person_no")
      .execute(),
};

/** The people of a merged group: the canonical ones named and everyone merged into them (stale imports left out). */
export const groupMembers = (db: Kysely<DB>, incidentId: string, canon: { importId: string; personNo: number }[]) =>
  canon.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("affected_people as p")
        .innerJoin("affected_imports as i", "i.id", "p.import_id")
        .leftJoin("affected_person_merges as m", (j) => j.onRef("m.import_id", "=", "p.import_id").onRef("m.person_no", "=", "p.person_no"))
        .select(["p.import_id", "p.person_no", "p.items", "p.records", "p.contact", "m.canon_import", "m.canon_no", "i.files", "p.file_no", "p.line"])
        .where("p.incident_id", "=", incidentId)
        .where("i.status", "<>", "stale")
        .where((eb) =>
          eb.or(canon.flatMap((c) => [
            eb.and([eb("p.import_id", "=", c.importId), eb("p.person_no", "=", String(c.personNo))]),
            eb.and([eb("m.canon_import", "=", c.importId), eb("m.canon_no", "=", String(c.personNo))]),
          ])),
        )
        .orderBy("i.started_at")
        .orderBy("p.import_id")
        .orderBy("p.person_no")
        .execute();

/**
 * Merging across imports (the rule: domain.ts `isStrongKind`), set-based. Runs under the incident's merge lock
 * (`lockMerges`), in the transaction that marks the import done, so two imports finishing at once see each other.
 *
 * Each person of `importId` who shares a strong identifier with a person of the `against` imports points to the
 * earliest canonical person among those it matches (by import start, then row). A person that joins two groups
 * that were apart makes them one: the later group's canonical and its members are re-pointed (repeated until
 * nothing moves). Returns how many of the import's people were merged.
 */
export const mergeStore = {
  lock: (db: Kysely<DB>, incidentId: string) => sql`SELECT pg_advisory_xact_lock(hashtextextended(${`sokuho.affected.merge:${incidentId}`}, 0))`.execute(db),

  mergeImport: async (db: Kysely<DB>, importId: string, against: string[], strongKinds: string[]): Promise<number> => {
    if (against.length === 0 || strongKinds.length === 0) return 0;
    const inserted = await sql`
      INSERT INTO affected_person_merges (import_id, person_no, org_id, incident_id, canon_import, canon_no, kind)
      SELECT DISTINCT ON (n.person_no) n.import_id, n.person_no, n.org_id, n.incident_id,
             coalesce(m.canon_import, o.import_id), coalesce(m.canon_no, o.person_no), n.kind
      FROM affected_identifiers n
      JOIN affected_identifiers o ON o.incident_id = n.incident_id AND o.hmac = n.hmac AND o.kind = n.kind
      LEFT JOIN affected_person_merges m ON m.import_id = o.import_id AND m.person_no = o.person_no
      JOIN affected_imports ci ON ci.id = coalesce(m.canon_import, o.import_id)
      WHERE n.import_id = ${importId} AND o.import_id IN (${sql.join(against)}) AND n.kind IN (${sql.join(strongKinds)})
      ORDER BY n.person_no, ci.started_at, ci.id, coalesce(m.canon_no, o.person_no)
      ON CONFLICT (import_id, person_no) DO NOTHING`.execute(db);
    // Bridges: a merged person of this import also matches another group's canonical person B: B's group joins ours.
    for (let round = 0; round < 20; round++) {
      const links = await sql<{ b_import: string; b_no: string; a_import: string; a_no: string; kind: string }>`
        SELECT DISTINCT ON (b_import, b_no) b_import, b_no, a_import, a_no, kind FROM (
          SELECT coalesce(m.canon_import, o.import_id) AS b_import, coalesce(m.canon_no, o.person_no) AS b_no,
                 nm.canon_import AS a_import, nm.canon_no AS a_no, n.kind, ai.started_at AS a_started
          FROM affected_person_merges nm
          JOIN affected_identifiers n ON n.import_id = nm.import_id AND n.person_no = nm.person_no
          JOIN affected_identifiers o ON o.incident_id = n.incident_id AND o.hmac = n.hmac AND o.kind = n.kind
          LEFT JOIN affected_person_merges m ON m.import_id = o.import_id AND m.person_no = o.person_no
          JOIN affected_imports ai ON ai.id = nm.canon_import
          WHERE nm.import_id = ${importId} AND n.import_id = ${importId} AND o.import_id IN (${sql.join(against)}) AND n.kind IN (${sql.join(strongKinds)})
        ) l
        WHERE (b_import, b_no) <> (a_import, a_no)
        ORDER BY b_import, b_no, a_started, a_import, a_no`.execute(db);
      if (links.rows.length === 0) break;
      for (const l of links.rows) {
        await sql`UPDATE affected_person_merges SET canon_import = ${l.a_import}, canon_no = ${l.a_no} WHERE canon_import = ${l.b_import} AND canon_no = ${l.b_no}`.execute(db);
        await sql`
          INSERT INTO affected_person_merges (import_id, person_no, org_id, incident_id, canon_import, canon_no, kind)
          SELECT p.import_id, p.person_no, p.org_id, p.incident_id, ${l.a_import}, ${l.a_no}, ${l.kind}
          FROM affected_people p WHERE p.import_id = ${l.b_import} AND p.person_no = ${l.b_no} AND (p.import_id, p.person_no) <> (${l.a_import}::uuid, ${l.a_no}::bigint)
          ON CONFLICT (import_id, person_no) DO UPDATE SET canon_import = excluded.canon_import, canon_no = excluded.canon_no`.execute(db);
      }
    }
    return Number(inserted.numAffectedRows ?? 0n);
  },

  /** Drops the incident's merges (after a deletion, before recomputing them import by import). */
  clear: (db: Kysely<DB>, incidentId: string) => db.deleteFrom("affected_person_merges").where("incident_id", "=", incidentId).execute(),

  /** Unique people of the incident: the people of finished imports, each merged group once. */
  uniquePeople: async (db: Kysely<DB>, incidentId: string): Promise<{ people: number; merged: number }> => {
    const r = await sql<{ people: string; merged: string }>`
      SELECT coalesce((SELECT sum(people_done) FROM affected_imports WHERE incident_id = ${incidentId} AND status = 'done'), 0) AS people,
             (SELECT count(*) FROM affected_person_merges m JOIN affected_imports i ON i.id = m.import_id WHERE m.incident_id = ${incidentId} AND i.status = 'done') AS merged`.execute(db);
    const row = r.rows[0]!;
    return { people: Number(row.people) - Number(row.merged), merged: Number(row.merged) };
  },
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

/**
 * The look-up index of an import's identifiers, built once its load is done (one sort instead of 21M random inserts).
 * A B-tree, not a hash index: PostgreSQL builds a B-tree by writing sorted pages whole (and in parallel workers),
 * a hash index by inserting (and WAL-logging) every tuple after its sort. 21.5M HMACs (the JTB size): 15.5–19.6 s
 * against 31.5–40.6 s for the hash index (docs/affected.md); the index is 1.2 GB on disk instead of 0.64 GB.
 * Look-ups and the merge join on equality only, which both serve.
 */
export const indexIdentifierPartition = async (client: pg.ClientBase, importId: string): Promise<void> => {
  const name = identifierPartition(importId);
  // The build sorts the HMACs; with the default 64 MB a JTB-size partition spills to disk in many runs.
  await client.query("SET maintenance_work_mem = '256MB'");
  await client.query(`CREATE INDEX IF NOT EXISTS ${name}_hmac ON ${name} (hmac)`);
};

/** Streams COPY data into the table named by `statement` on a raw connection (inside the caller's transaction). */
export const copyInto = (client: pg.ClientBase, statement: string, data: Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(statement));
    stream.on("error", reject);
    stream.on("finish", () => resolve());
    stream.end(data);
  });
