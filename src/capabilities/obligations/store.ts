/** Obligation queries, one per function, each in the caller's transaction (RLS decides what it may see). */
import { sql, type Insertable, type Kysely } from "kysely";
import type {
  DB, ObligationSharesTable, ObligationEvaluationsTable, ObligationFactsTable, ObligationFilingsTable, ObligationReportsTable, RegulatorOrdersTable,
} from "../../platform/db/schema.js";

export const factStore = {
  get: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("obligation_facts").selectAll().where("incident_id", "=", incidentId).executeTakeFirst(),
  upsert: (db: Kysely<DB>, row: Insertable<ObligationFactsTable>) =>
    db.insertInto("obligation_facts").values(row)
      .onConflict((oc) => oc.column("incident_id").doUpdateSet({ values: row.values, updated_by: row.updated_by ?? null, updated_at: row.updated_at ?? sql<Date>`now()` }))
      .execute(),
};

/** The incident row the engine needs (its category), as the caller's transaction sees it. */
export const incidentRowStore = {
  get: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("incidents").select(["id", "org_id", "category"]).where("id", "=", incidentId).executeTakeFirst(),
};

export const evaluationStore = {
  /** Serialises evaluations (and fact saves) of one incident until the transaction ends. */
  lockIncident: async (db: Kysely<DB>, incidentId: string): Promise<void> => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`obligations:${incidentId}`}, 0))`.execute(db);
  },
  latest: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("obligation_evaluations").selectAll().where("incident_id", "=", incidentId)
      .orderBy("seq", "desc").limit(1).executeTakeFirst(),
  history: (db: Kysely<DB>, incidentId: string, limit: number) =>
    db.selectFrom("obligation_evaluations as e").leftJoin("users as u", "u.id", "e.evaluated_by")
      .select(["e.id", "e.cause", "e.changes", "e.evaluated_at", "u.display_name as evaluated_by_name"])
      .where("e.incident_id", "=", incidentId).orderBy("e.seq", "desc").limit(limit).execute(),
  insert: (db: Kysely<DB>, row: Insertable<ObligationEvaluationsTable>) =>
    db.insertInto("obligation_evaluations").values(row).returningAll().executeTakeFirstOrThrow(),
  /** The newest evaluation of each incident the caller can see, for open incidents (dashboard, inbox). */
  latestPerIncident: (db: Kysely<DB>, orgIds: readonly string[]) =>
    orgIds.length === 0 ? Promise.resolve([]) :
    db.selectFrom("obligation_evaluations as e")
      // A regulator cannot read the company's incident row: its reference and title come back null.
      .leftJoin("incidents as i", "i.id", "e.incident_id")
      .innerJoin("organizations as o", "o.id", "e.org_id")
      .distinctOn("e.incident_id")
      .select(["e.incident_id", "e.org_id", "e.result", "e.evaluated_at", "i.ref", "i.title", "o.name_ja", "o.name_en"])
      .where("e.org_id", "in", orgIds)
      .orderBy("e.incident_id").orderBy("e.seq", "desc")
      .execute(),
  /** The newest evaluation of each of these incidents the caller can see (an association: the shared ones). */
  latestOf: (db: Kysely<DB>, incidentIds: readonly string[]) =>
    incidentIds.length === 0 ? Promise.resolve([]) :
    db.selectFrom("obligation_evaluations as e")
      .distinctOn("e.incident_id")
      .select(["e.incident_id", "e.org_id", "e.result", "e.evaluated_at"])
      .where("e.incident_id", "in", incidentIds)
      .orderBy("e.incident_id").orderBy("e.seq", "desc")
      .execute(),
};

export const filingStore = {
  list: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("obligation_filings as f")
      .leftJoin("users as r", "r.id", "f.recorded_by").leftJoin("users as s", "s.id", "f.signed_off_by")
      .select(["f.id", "f.obligation_id", "f.filed_at", "f.reference", "f.recorded_at", "f.signed_off_at", "r.display_name as recorded_by_name", "s.display_name as signed_off_by_name"])
      .where("f.incident_id", "=", incidentId).orderBy("f.recorded_at").execute(),
  insert: (db: Kysely<DB>, row: Insertable<ObligationFilingsTable>) =>
    db.insertInto("obligation_filings").values(row).returning(["id"]).executeTakeFirstOrThrow(),
  signOff: (db: Kysely<DB>, incidentId: string, id: string, userId: string | null, at: Date) =>
    db.updateTable("obligation_filings").set({ signed_off_by: userId, signed_off_at: at })
      .where("incident_id", "=", incidentId).where("id", "=", id).where("signed_off_at", "is", null)
      .returning(["id", "obligation_id", "filed_at"]).executeTakeFirst(),
};

export const orderStore = {
  insert: (db: Kysely<DB>, row: Insertable<RegulatorOrdersTable>) =>
    db.insertInto("regulator_orders").values(row).returningAll().executeTakeFirstOrThrow(),
  addTarget: (db: Kysely<DB>, orderId: string, regulatorId: string, companyId: string) =>
    db.insertInto("regulator_order_targets").values({ order_id: orderId, regulator_org_id: regulatorId, company_org_id: companyId }).execute(),
  /** Orders issued by a regulator, or received by a company, with each target. */
  list: (db: Kysely<DB>, orgId: string) =>
    db.selectFrom("regulator_order_targets as t")
      .innerJoin("regulator_orders as o", "o.id", "t.order_id")
      .innerJoin("organizations as c", "c.id", "t.company_org_id")
      .innerJoin("organizations as r", "r.id", "t.regulator_org_id")
      .select([
        "o.id", "o.authority", "o.title", "o.items", "o.issued_at", "o.due_at", "t.company_org_id", "t.incident_id", "t.linked_at",
        "c.name_ja as company_name_ja", "c.name_en as company_name_en", "t.regulator_org_id", "r.name_ja as regulator_name_ja", "r.name_en as regulator_name_en",
      ])
      .where((eb) => eb.or([eb("t.company_org_id", "=", orgId), eb("t.regulator_org_id", "=", orgId)]))
      .orderBy("o.issued_at", "desc").execute(),
  target: (db: Kysely<DB>, orderId: string, companyId: string) =>
    db.selectFrom("regulator_order_targets").select(["order_id", "incident_id"]).where("order_id", "=", orderId).where("company_org_id", "=", companyId).executeTakeFirst(),
  link: (db: Kysely<DB>, orderId: string, companyId: string, incidentId: string | null, at: Date) =>
    db.updateTable("regulator_order_targets").set({ incident_id: incidentId, linked_at: incidentId ? at : null })
      .where("order_id", "=", orderId).where("company_org_id", "=", companyId).returning(["order_id"]).executeTakeFirst(),
  /** The orders linked to one incident, as the engine's facts take them. */
  forIncident: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("regulator_order_targets as t").innerJoin("regulator_orders as o", "o.id", "t.order_id")
      .select(["o.id", "o.authority", "o.items", "o.issued_at", "o.due_at"])
      .where("t.incident_id", "=", incidentId).orderBy("o.issued_at").orderBy("o.id").execute(),
};

export const relationStore = {
  /** The regulators supervising a company. */
  supervisors: (db: Kysely<DB>, companyId: string) =>
    db.selectFrom("org_relations as r").innerJoin("organizations as o", "o.id", "r.related_org_id")
      .select(["o.id", "o.name_ja", "o.name_en"])
      .where("r.company_org_id", "=", companyId).where("r.kind", "=", "supervised_by").orderBy("o.name_en").execute(),
  /** The companies a regulator supervises. */
  supervised: (db: Kysely<DB>, regulatorId: string) =>
    db.selectFrom("org_relations as r").innerJoin("organizations as o", "o.id", "r.company_org_id")
      .select(["o.id", "o.name_ja", "o.name_en"])
      .where("r.related_org_id", "=", regulatorId).where("r.kind", "=", "supervised_by").orderBy("o.name_en").execute(),
};

const reportColumns = [
  "p.id", "p.org_id", "p.regulator_org_id", "p.incident_id", "p.obligation_id", "p.kind", "p.title", "p.submitted_at",
  "i.ref as incident_ref", "c.name_ja as company_name_ja", "c.name_en as company_name_en", "u.display_name as submitted_by_name",
] as const;

const reportQuery = (db: Kysely<DB>) =>
  db.selectFrom("obligation_reports as p")
    .innerJoin("organizations as c", "c.id", "p.org_id")
    // The regulator cannot read the company's incident row; the reference is copied in by a left join that RLS may empty.
    .leftJoin("incidents as i", "i.id", "p.incident_id")
    .leftJoin("users as u", "u.id", "p.submitted_by");

export const reportStore = {
  /**
   * Takes the lock of one (regulator, incident, obligation) for the transaction, then finds a report already
   * submitted there with the same document: two identical submissions at once see each other (check under lock).
   */
  lockAndFindSame: async (db: Kysely<DB>, r: { regulatorOrgId: string; incidentId: string; obligationId: string; document: string }) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`report:${r.regulatorOrgId}:${r.incidentId}:${r.obligationId}`}, 0))`.execute(db);
    return db.selectFrom("obligation_reports").select(["id"])
      .where("regulator_org_id", "=", r.regulatorOrgId).where("incident_id", "=", r.incidentId).where("obligation_id", "=", r.obligationId)
      .where(sql<boolean>`md5(document) = md5(${r.document})`).executeTakeFirst();
  },
  insert: (db: Kysely<DB>, row: Insertable<ObligationReportsTable>) =>
    db.insertInto("obligation_reports").values(row).returning(["id"]).executeTakeFirstOrThrow(),
  get: (db: Kysely<DB>, id: string) => reportQuery(db).select([...reportColumns, "p.document"]).where("p.id", "=", id).executeTakeFirst(),
  /** Submitted to a regulator, newest first; optional company filter. */
  toRegulator: (db: Kysely<DB>, regulatorId: string, companyId: string | undefined) => {
    let q = reportQuery(db).select(reportColumns).where("p.regulator_org_id", "=", regulatorId);
    if (companyId) q = q.where("p.org_id", "=", companyId);
    return q.orderBy("p.submitted_at", "desc").limit(500).execute();
  },
  forIncident: (db: Kysely<DB>, incidentId: string) =>
    reportQuery(db).select(reportColumns).where("p.incident_id", "=", incidentId).orderBy("p.submitted_at").execute(),
  /**
   * Who submitted each report, by display name, read on the platform's connection (`p.db.system`): a regulator
   * cannot read a company's users under RLS. Only for reports the caller may read (`policiesForReport`); the name
   * is read when shown, never stored with the report or in audit rows.
   */
  submitterNames: async (system: Kysely<DB>, reportIds: readonly string[]): Promise<Map<string, string>> =>
    reportIds.length === 0 ? new Map() : new Map((await system.selectFrom("obligation_reports as p").innerJoin("users as u", "u.id", "p.submitted_by")
      .select(["p.id", "u.display_name"]).where("p.id", "in", reportIds).execute()).map((r) => [r.id, r.display_name])),
  /** Reports about these incidents the caller can see (an association: those of shared incidents). */
  forIncidents: (db: Kysely<DB>, incidentIds: readonly string[]) =>
    incidentIds.length === 0 ? Promise.resolve([]) :
    reportQuery(db).select(reportColumns).where("p.incident_id", "in", incidentIds).orderBy("p.submitted_at", "desc").execute(),
};

export const shareStore = {
  /**
   * A live share, unless one exists (undefined then). ON CONFLICT on the partial unique index obligation_shares_live:
   * a concurrent identical share waits for the other's commit and then inserts nothing, so no unique violation.
   */
  insert: (db: Kysely<DB>, row: Insertable<ObligationSharesTable>) =>
    db.insertInto("obligation_shares").values(row)
      .onConflict((oc) => oc.columns(["incident_id", "association_org_id"]).where("revoked_at", "is", null).doNothing())
      .returning(["id"]).executeTakeFirst(),
  revoke: (db: Kysely<DB>, incidentId: string, id: string, userId: string | null, at: Date) =>
    db.updateTable("obligation_shares").set({ revoked_by: userId, revoked_at: at })
      .where("incident_id", "=", incidentId).where("id", "=", id).where("revoked_at", "is", null)
      .returning(["id", "association_org_id"]).executeTakeFirst(),
  /** An incident's shares, live and revoked (the company's view). */
  forIncident: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("obligation_shares as s").innerJoin("organizations as a", "a.id", "s.association_org_id")
      .leftJoin("users as u", "u.id", "s.shared_by").leftJoin("users as r", "r.id", "s.revoked_by")
      .select(["s.id", "s.association_org_id", "a.name_ja", "a.name_en", "s.shared_at", "s.revoked_at", "u.display_name as shared_by_name", "r.display_name as revoked_by_name"])
      .where("s.incident_id", "=", incidentId).orderBy("s.shared_at", "desc").execute(),
  /** The associations a company is a member of. */
  associations: (db: Kysely<DB>, companyId: string) =>
    db.selectFrom("org_relations as r").innerJoin("organizations as o", "o.id", "r.related_org_id")
      .select(["o.id", "o.name_ja", "o.name_en"])
      .where("r.company_org_id", "=", companyId).where("r.kind", "=", "member_of").where("o.kind", "=", "association").orderBy("o.name_en").execute(),
  /** Live shares with an association (RLS: only while the company is its member), newest first. */
  toAssociation: (db: Kysely<DB>, associationId: string) =>
    db.selectFrom("obligation_shares as s").innerJoin("organizations as c", "c.id", "s.org_id")
      .select(["s.id", "s.org_id", "s.incident_id", "s.shared_at", "c.name_ja", "c.name_en"])
      .where("s.association_org_id", "=", associationId).where("s.revoked_at", "is", null)
      .orderBy("s.shared_at", "desc").limit(500).execute(),
};

export const messageStore = {
  list: (db: Kysely<DB>, reportId: string) =>
    db.selectFrom("obligation_report_messages as m")
      .innerJoin("organizations as o", "o.id", "m.author_org_id")
      .leftJoin("users as u", "u.id", "m.author_user_id")
      .select(["m.id", "m.body", "m.created_at", "m.author_org_id", "o.name_ja", "o.name_en", "u.display_name as author_name"])
      .where("m.report_id", "=", reportId).orderBy("m.seq").execute(),
  /** Who wrote each message, by display name, read on the platform's connection (as reportStore.submitterNames). */
  authorNames: async (system: Kysely<DB>, messageIds: readonly string[]): Promise<Map<string, string>> =>
    messageIds.length === 0 ? new Map() : new Map((await system.selectFrom("obligation_report_messages as m").innerJoin("users as u", "u.id", "m.author_user_id")
      .select(["m.id", "u.display_name"]).where("m.id", "in", messageIds).execute()).map((r) => [r.id, r.display_name])),
  insert: (db: Kysely<DB>, row: { reportId: string; orgId: string; regulatorId: string; authorOrgId: string; authorUserId: string | null; body: string; at: Date }) =>
    db.insertInto("obligation_report_messages").values({
      report_id: row.reportId, org_id: row.orgId, regulator_org_id: row.regulatorId, author_org_id: row.authorOrgId,
      author_user_id: row.authorUserId, body: row.body, created_at: row.at,
    }).returning(["id"]).executeTakeFirstOrThrow(),
};

export const reminderStore = {
  /** Records a reminder; false when it was raised before (so each is raised once). */
  raise: async (db: Kysely<DB>, row: { orgId: string; incidentId: string; obligationId: string; reminder: string; dueAt: Date; at: Date }): Promise<boolean> => {
    const r = await db.insertInto("obligation_reminders").values({
      org_id: row.orgId, incident_id: row.incidentId, obligation_id: row.obligationId, reminder: row.reminder, due_at: row.dueAt, raised_at: row.at,
    }).onConflict((oc) => oc.doNothing()).returning(["incident_id"]).executeTakeFirst();
    return r !== undefined;
  },
  /** Incidents not closed, for the periodic recomputation. */
  openIncidents: (db: Kysely<DB>) =>
    db.selectFrom("incidents").select(["id", "org_id"]).where("status", "!=", "closed").execute(),
};
