/** Triage queries: the mail context, mail reports, egress imports and findings. Each takes the transaction it runs in. */
import type { Insertable, Kysely } from "kysely";
import type { DB, EgressFindingsTable, EgressImportStatus } from "../../platform/db/schema.js";

const reportColumns = [
  "r.id", "r.org_id", "r.incident_id", "r.filename", "r.size_bytes", "r.sha256", "r.storage_key", "r.verdict", "r.subject", "r.from_address",
  "r.result", "r.note", "r.reported_by", "r.reported_at", "u.display_name as reported_by_name",
] as const;
const reports = (db: Kysely<DB>) => db.selectFrom("mail_reports as r").leftJoin("users as u", "u.id", "r.reported_by").select(reportColumns);

export const mailContextStore = {
  settings: (db: Kysely<DB>, orgId: string) => db.selectFrom("mail_settings").selectAll().where("org_id", "=", orgId).executeTakeFirst(),
  partners: (db: Kysely<DB>, orgId: string) => db.selectFrom("mail_partners").selectAll().where("org_id", "=", orgId).orderBy("position").execute(),
  upsertSettings: (db: Kysely<DB>, orgId: string, v: { own_domains: string[]; trusted_authserv_ids: string[]; known_senders: string[]; vips: string; updated_by: string | null; updated_at: Date }) =>
    db.insertInto("mail_settings").values({ org_id: orgId, ...v }).onConflict((oc) => oc.column("org_id").doUpdateSet(v)).execute(),
  replacePartners: async (db: Kysely<DB>, orgId: string, rows: Array<{ name: string; domains: string[]; display_names: string[]; dkim_domains: string[] }>) => {
    await db.deleteFrom("mail_partners").where("org_id", "=", orgId).execute();
    if (rows.length > 0) await db.insertInto("mail_partners").values(rows.map((r, i) => ({ ...r, org_id: orgId, position: i }))).execute();
  },
};

export const mailReportStore = {
  insert: (db: Kysely<DB>, r: Insertable<DB["mail_reports"]>) => db.insertInto("mail_reports").values(r).returning("id").executeTakeFirstOrThrow(),
  get: (db: Kysely<DB>, id: string) => reports(db).where("r.id", "=", id).executeTakeFirst(),
  list: (db: Kysely<DB>, f: { incidentId?: string; unattached?: boolean }) => {
    let q = reports(db);
    if (f.incidentId) q = q.where("r.incident_id", "=", f.incidentId);
    if (f.unattached) q = q.where("r.incident_id", "is", null);
    return q.orderBy("r.reported_at", "desc").orderBy("r.id").limit(500).execute();
  },
  /** Attaches an unattached report; nothing when it already belongs to an incident. */
  attach: (db: Kysely<DB>, id: string, incidentId: string) =>
    db.updateTable("mail_reports").set({ incident_id: incidentId }).where("id", "=", id).where("incident_id", "is", null).returning("id").executeTakeFirst(),
};
export type MailReportRow = NonNullable<Awaited<ReturnType<typeof mailReportStore.get>>>;

const importColumns = [
  "i.id", "i.org_id", "i.incident_id", "i.filename", "i.size_bytes", "i.sha256", "i.storage_key", "i.status", "i.summary", "i.error",
  "i.created_by", "i.created_at", "i.finished_at", "u.display_name as created_by_name",
] as const;
const imports = (db: Kysely<DB>) => db.selectFrom("egress_imports as i").leftJoin("users as u", "u.id", "i.created_by").select(importColumns);

export const egressStore = {
  insertImport: (db: Kysely<DB>, r: Insertable<DB["egress_imports"]>) => db.insertInto("egress_imports").values(r).returning("id").executeTakeFirstOrThrow(),
  getImport: (db: Kysely<DB>, id: string) => imports(db).where("i.id", "=", id).executeTakeFirst(),
  listImports: (db: Kysely<DB>, incidentId: string | undefined) => {
    const q = imports(db);
    return (incidentId ? q.where("i.incident_id", "=", incidentId) : q).orderBy("i.created_at", "desc").orderBy("i.id").limit(200).execute();
  },
  /** Moves an import from one status to the next; nothing when it is not in `from` (another worker took it). */
  setStatus: (db: Kysely<DB>, id: string, from: EgressImportStatus[], to: { status: "running" | "done" | "failed"; summary?: string | null; error?: string | null; finished_at?: Date | null }) =>
    db.updateTable("egress_imports").set(to).where("id", "=", id).where("status", "in", from).returning("id").executeTakeFirst(),
  insertFindings: async (db: Kysely<DB>, rows: Array<Insertable<EgressFindingsTable>>) => {
    for (let i = 0; i < rows.length; i += 200) await db.insertInto("egress_findings").values(rows.slice(i, i + 200)).execute();
  },
  findings: (db: Kysely<DB>, importId: string) => db.selectFrom("egress_findings").selectAll().where("import_id", "=", importId).orderBy("rank").execute(),
  finding: (db: Kysely<DB>, id: string) => db.selectFrom("egress_findings").selectAll().where("id", "=", id).executeTakeFirst(),
  /** Blob keys still referenced by a mail report or an egress import (read as the owner: all organisations). */
  referencedKeys: async (db: Kysely<DB>, keys: string[]): Promise<string[]> => {
    if (keys.length === 0) return [];
    const a = await db.selectFrom("mail_reports").select("storage_key").where("storage_key", "in", keys).execute();
    const b = await db.selectFrom("egress_imports").select("storage_key").where("storage_key", "in", keys).execute();
    return [...a, ...b].map((r) => r.storage_key);
  },
};
export type EgressImportRow = NonNullable<Awaited<ReturnType<typeof egressStore.getImport>>>;
export type EgressFindingRow = NonNullable<Awaited<ReturnType<typeof egressStore.finding>>>;
