/**
 * Queries of an organisation's escalation set-up: schedules (participants, overrides), policies, the duty desk's
 * policy and the triggers. One function per query, each taking the handle it runs in.
 */
import type { Kysely } from "kysely";
import type { DB, NetworkEventKind } from "../../platform/db/schema.js";
import type { Schedule } from "./rotation.js";
import type { EscalationPolicy, EscalationStep } from "./escalation.js";

export type ScheduleRecord = {
  id: string; orgId: string; nameJa: string; nameEn: string; schedule: Schedule;
  overrides: { id: string; userId: string; from: Date; to: Date }[];
};
export type PolicyRecord = EscalationPolicy & { orgId: string; nameJa: string; nameEn: string; version: number; updatedAt: Date };

const dateText = (d: unknown): string => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

export const scheduleStore = {
  /** Schedules of the organisation (or only `ids`) with participants in order and overrides by start. */
  list: async (db: Kysely<DB>, orgId: string, ids?: readonly string[]): Promise<ScheduleRecord[]> => {
    if (ids && ids.length === 0) return [];
    let q = db.selectFrom("network_schedules").selectAll().where("org_id", "=", orgId);
    if (ids) q = q.where("id", "in", ids);
    const rows = await q.orderBy("name_en").orderBy("id").execute();
    if (rows.length === 0) return [];
    const scheduleIds = rows.map((r) => r.id);
    const parts = await db.selectFrom("network_schedule_participants").selectAll().where("schedule_id", "in", scheduleIds).orderBy("position").execute();
    const overrides = await db.selectFrom("network_schedule_overrides").selectAll().where("schedule_id", "in", scheduleIds)
      .orderBy("created_at").orderBy("id").execute();
    return rows.map((r) => {
      const own = overrides.filter((o) => o.schedule_id === r.id).map((o) => ({ id: o.id, userId: o.user_id, from: o.starts_at, to: o.ends_at }));
      return {
        id: r.id, orgId: r.org_id, nameJa: r.name_ja, nameEn: r.name_en, overrides: own,
        schedule: {
          timeZone: r.time_zone,
          rotation: {
            kind: r.kind, handoffTime: r.handoff_time, startDate: dateText(r.start_date),
            participants: parts.filter((p) => p.schedule_id === r.id).map((p) => p.user_id),
          },
          overrides: own.map((o) => ({ userId: o.userId, from: o.from, to: o.to })),
        },
      };
    });
  },
  insert: (db: Kysely<DB>, row: { orgId: string; nameJa: string; nameEn: string; timeZone: string; kind: "daily" | "weekly"; handoffTime: string; startDate: string; by: string | null; at: Date }) =>
    db.insertInto("network_schedules").values({
      org_id: row.orgId, name_ja: row.nameJa, name_en: row.nameEn, time_zone: row.timeZone, kind: row.kind, handoff_time: row.handoffTime,
      start_date: row.startDate, created_by: row.by, created_at: row.at, updated_at: row.at,
    }).returning("id").executeTakeFirstOrThrow(),
  update: (db: Kysely<DB>, id: string, row: { nameJa: string; nameEn: string; timeZone: string; kind: "daily" | "weekly"; handoffTime: string; startDate: string; at: Date }) =>
    db.updateTable("network_schedules").set({
      name_ja: row.nameJa, name_en: row.nameEn, time_zone: row.timeZone, kind: row.kind, handoff_time: row.handoffTime, start_date: row.startDate, updated_at: row.at,
    }).where("id", "=", id).returning("id").executeTakeFirst(),
  delete: (db: Kysely<DB>, id: string) => db.deleteFrom("network_schedules").where("id", "=", id).returning("id").executeTakeFirst(),
  replaceParticipants: async (db: Kysely<DB>, orgId: string, scheduleId: string, userIds: readonly string[]): Promise<void> => {
    await db.deleteFrom("network_schedule_participants").where("schedule_id", "=", scheduleId).execute();
    if (userIds.length === 0) return;
    await db.insertInto("network_schedule_participants")
      .values(userIds.map((u, i) => ({ schedule_id: scheduleId, org_id: orgId, position: i, user_id: u }))).execute();
  },
  replaceOverrides: async (db: Kysely<DB>, orgId: string, scheduleId: string, overrides: readonly { userId: string; from: Date; to: Date }[], at: Date): Promise<void> => {
    await db.deleteFrom("network_schedule_overrides").where("schedule_id", "=", scheduleId).execute();
    if (overrides.length === 0) return;
    // created_at orders them (the later one wins where they overlap), so each gets its own instant.
    await db.insertInto("network_schedule_overrides").values(overrides.map((o, i) => ({
      schedule_id: scheduleId, org_id: orgId, user_id: o.userId, starts_at: o.from, ends_at: o.to, created_at: new Date(at.getTime() + i),
    }))).execute();
  },
  addOverride: (db: Kysely<DB>, orgId: string, scheduleId: string, o: { userId: string; from: Date; to: Date }, at: Date) =>
    db.insertInto("network_schedule_overrides").values({ schedule_id: scheduleId, org_id: orgId, user_id: o.userId, starts_at: o.from, ends_at: o.to, created_at: at })
      .returning("id").executeTakeFirstOrThrow(),
  deleteOverride: (db: Kysely<DB>, scheduleId: string, overrideId: string) =>
    db.deleteFrom("network_schedule_overrides").where("schedule_id", "=", scheduleId).where("id", "=", overrideId).returning("id").executeTakeFirst(),
};

const toPolicy = (r: { id: string; org_id: string; name_ja: string; name_en: string; repeat: number; steps: unknown; version: number; updated_at: Date }): PolicyRecord => ({
  id: r.id, orgId: r.org_id, nameJa: r.name_ja, nameEn: r.name_en, repeat: r.repeat, steps: r.steps as EscalationStep[], version: r.version, updatedAt: r.updated_at,
});

export const policyStore = {
  list: async (db: Kysely<DB>, orgId: string): Promise<PolicyRecord[]> =>
    (await db.selectFrom("network_policies").selectAll().where("org_id", "=", orgId).orderBy("name_en").orderBy("id").execute()).map(toPolicy),
  get: async (db: Kysely<DB>, id: string): Promise<PolicyRecord | undefined> => {
    const r = await db.selectFrom("network_policies").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? toPolicy(r) : undefined;
  },
  insert: (db: Kysely<DB>, row: { orgId: string; nameJa: string; nameEn: string; repeat: number; steps: readonly EscalationStep[]; by: string | null; at: Date }) =>
    db.insertInto("network_policies").values({
      org_id: row.orgId, name_ja: row.nameJa, name_en: row.nameEn, repeat: row.repeat, steps: JSON.stringify(row.steps), created_by: row.by, created_at: row.at, updated_at: row.at,
    }).returning("id").executeTakeFirstOrThrow(),
  /** Every edit is a new version; running pages keep the copy they froze. */
  update: (db: Kysely<DB>, id: string, row: { nameJa: string; nameEn: string; repeat: number; steps: readonly EscalationStep[]; at: Date }) =>
    db.updateTable("network_policies")
      .set((eb) => ({ name_ja: row.nameJa, name_en: row.nameEn, repeat: row.repeat, steps: JSON.stringify(row.steps), updated_at: row.at, version: eb("version", "+", 1) }))
      .where("id", "=", id).returning(["id", "version"]).executeTakeFirst(),
  delete: (db: Kysely<DB>, id: string) => db.deleteFrom("network_policies").where("id", "=", id).returning("id").executeTakeFirst(),
};

export const deskStore = {
  get: (db: Kysely<DB>, orgId: string) => db.selectFrom("network_desks").selectAll().where("org_id", "=", orgId).executeTakeFirst(),
  set: (db: Kysely<DB>, orgId: string, policyId: string | null, by: string | null, at: Date) =>
    db.insertInto("network_desks").values({ org_id: orgId, policy_id: policyId, updated_by: by, updated_at: at })
      .onConflict((oc) => oc.column("org_id").doUpdateSet({ policy_id: policyId, updated_by: by, updated_at: at })).execute(),
  /** Organisations whose desk this one may page: those it is related to (its regulator, its association). */
  reachable: (db: Kysely<DB>, orgId: string) =>
    db.selectFrom("org_relations as r").innerJoin("organizations as o", "o.id", "r.related_org_id")
      .select(["o.id", "o.name_ja", "o.name_en", "o.kind", "r.kind as relation"])
      .where("r.company_org_id", "=", orgId).orderBy("o.name_en").execute(),
};

export const triggerStore = {
  list: (db: Kysely<DB>, orgId: string) =>
    db.selectFrom("network_triggers").selectAll().where("org_id", "=", orgId).orderBy("event_kind").execute(),
  /** The enabled policy for an event kind, if the organisation configured one. */
  enabledFor: (db: Kysely<DB>, orgId: string, kind: NetworkEventKind) =>
    db.selectFrom("network_triggers").select(["policy_id"]).where("org_id", "=", orgId).where("event_kind", "=", kind).where("is_enabled", "=", true).executeTakeFirst(),
  replace: async (db: Kysely<DB>, orgId: string, rows: readonly { eventKind: NetworkEventKind; policyId: string; isEnabled: boolean }[], by: string | null, at: Date): Promise<void> => {
    await db.deleteFrom("network_triggers").where("org_id", "=", orgId).execute();
    if (rows.length === 0) return;
    await db.insertInto("network_triggers").values(rows.map((r) => ({
      org_id: orgId, event_kind: r.eventKind, policy_id: r.policyId, is_enabled: r.isEnabled, updated_by: by, updated_at: at,
    }))).execute();
  },
};
