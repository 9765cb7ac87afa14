/** Playbook and task queries, in the caller's transaction. */
import { sql, type Insertable, type Kysely, type Updateable } from "kysely";
import type { DB, TasksTable } from "../../platform/db/schema.js";
import type { Step } from "./domain.js";

export const playbookStore = {
  list: (db: Kysely<DB>) => db.selectFrom("playbooks").selectAll().orderBy("org_id", "desc").orderBy("name_en").execute(),
  get: (db: Kysely<DB>, id: string) => db.selectFrom("playbooks").selectAll().where("id", "=", id).executeTakeFirst(),
  steps: (db: Kysely<DB>, playbookIds: readonly string[]) =>
    playbookIds.length === 0 ? Promise.resolve([]) : db.selectFrom("playbook_steps").selectAll().where("playbook_id", "in", playbookIds as string[]).orderBy("position").execute(),
  insert: (db: Kysely<DB>, p: { orgId: string | null; key: string; nameJa: string; nameEn: string; category: string }) =>
    db.insertInto("playbooks").values({ org_id: p.orgId, key: p.key, name_ja: p.nameJa, name_en: p.nameEn, category: p.category }).returningAll().executeTakeFirstOrThrow(),
  update: (db: Kysely<DB>, id: string, p: { nameJa: string; nameEn: string; category: string }, now: Date) =>
    db.updateTable("playbooks").set({ name_ja: p.nameJa, name_en: p.nameEn, category: p.category, updated_at: now }).where("id", "=", id).returning("id").executeTakeFirst(),
  delete: (db: Kysely<DB>, id: string) => db.deleteFrom("playbooks").where("id", "=", id).returning("id").executeTakeFirst(),
  replaceSteps: async (db: Kysely<DB>, playbookId: string, orgId: string | null, steps: readonly Step[]) => {
    // Steps referenced by tasks stay (tasks keep their link); the rest are replaced.
    await db.deleteFrom("playbook_steps").where("playbook_id", "=", playbookId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("tasks").select("tasks.id").whereRef("tasks.playbook_step_id", "=", "playbook_steps.id")))).execute();
    await db.updateTable("playbook_steps").set({ position: sql`-1 - position` }).where("playbook_id", "=", playbookId).execute();
    if (steps.length === 0) return;
    await db.insertInto("playbook_steps").values(steps.map((s, i) => ({
      playbook_id: playbookId, org_id: orgId, position: i, title_ja: s.titleJa, title_en: s.titleEn,
      anchor_clock: s.anchorClock, offset_minutes: s.offsetMinutes, mandatory: s.mandatory, role: s.role, done_when_clock: s.doneWhenClock ?? null,
    }))).execute();
  },
  /** Built-ins, inserted once per database (ON CONFLICT: the unique key makes it idempotent). */
  ensureBuiltin: async (db: Kysely<DB>, key: string, p: { nameJa: string; nameEn: string; category: string }, steps: readonly Step[]) => {
    const r = await sql<{ id: string }>`INSERT INTO playbooks (org_id, key, name_ja, name_en, category) VALUES (NULL, ${key}, ${p.nameJa}, ${p.nameEn}, ${p.category}) ON CONFLICT DO NOTHING RETURNING id`.execute(db);
    const id = r.rows[0]?.id;
    if (id) await playbookStore.replaceSteps(db, id, null, steps);
  },
};

export const taskStore = {
  list: (db: Kysely<DB>, incidentId: string) =>
    db.selectFrom("tasks as t").leftJoin("users as u", "u.id", "t.assignee_user_id")
      .select(["t.id", "t.title", "t.role", "t.assignee_user_id", "u.display_name as assignee_name", "t.status", "t.mandatory", "t.anchor_clock", "t.offset_minutes", "t.due_at", "t.playbook_step_id", "t.done_when_clock", "t.created_at", "t.updated_at"])
      .where("t.incident_id", "=", incidentId).orderBy("t.created_at").execute(),
  get: (db: Kysely<DB>, incidentId: string, id: string) => db.selectFrom("tasks").selectAll().where("incident_id", "=", incidentId).where("id", "=", id).executeTakeFirst(),
  insertMany: async (db: Kysely<DB>, rows: Insertable<TasksTable>[]): Promise<number> => {
    if (rows.length === 0) return 0;
    const r = await db.insertInto("tasks").values(rows).onConflict((oc) => oc.columns(["incident_id", "playbook_step_id"]).doNothing()).returning("id").execute();
    return r.length;
  },
  update: (db: Kysely<DB>, id: string, patch: Updateable<TasksTable>) => db.updateTable("tasks").set(patch).where("id", "=", id).returningAll().executeTakeFirst(),
  delete: (db: Kysely<DB>, id: string) => db.deleteFrom("tasks").where("id", "=", id).returning("id").executeTakeFirst(),
};
