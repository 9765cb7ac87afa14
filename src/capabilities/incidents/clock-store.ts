/** Clock history, gap targets and announced gap states: one function per query. */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Clock, Clocks, GapTarget } from "./clocks.js";

export type ClockRow = { incident_id: string; clock: string; at: Date | null; evidence: string; set_by: string | null; set_by_name: string | null; set_at: Date };

export const clockStore = {
  /** The current value of every clock of these incidents: the newest event per (incident, clock). */
  current: async (db: Kysely<DB>, incidentIds: readonly string[]): Promise<ClockRow[]> => {
    if (incidentIds.length === 0) return [];
    const r = await sql<ClockRow>`
      SELECT DISTINCT ON (e.incident_id, e.clock) e.incident_id, e.clock, e.at, e.evidence, e.set_by, u.display_name AS set_by_name, e.set_at
        FROM incident_clock_events e LEFT JOIN users u ON u.id = e.set_by
       WHERE e.incident_id = ANY(${incidentIds as string[]}::uuid[])
       ORDER BY e.incident_id, e.clock, e.set_at DESC, e.id DESC`.execute(db);
    return r.rows;
  },
  history: (db: Kysely<DB>, incidentId: string, clock: Clock) =>
    db
      .selectFrom("incident_clock_events as e")
      .leftJoin("users as u", "u.id", "e.set_by")
      .select(["e.at", "e.evidence", "e.set_by", "u.display_name as set_by_name", "e.set_at", "e.set_by_org"])
      .where("e.incident_id", "=", incidentId)
      .where("e.clock", "=", clock)
      // two values set in the same millisecond (a decision moving two clocks) keep the order they were written
      .orderBy("e.set_at", "desc")
      .orderBy("e.id", "desc")
      .execute(),
  insert: (db: Kysely<DB>, row: { orgId: string; incidentId: string; clock: Clock; at: Date | null; evidence: string; setBy: string | null; setByOrg: string; setAt: Date }) =>
    db
      .insertInto("incident_clock_events")
      .values({ org_id: row.orgId, incident_id: row.incidentId, clock: row.clock, at: row.at, evidence: row.evidence, set_by: row.setBy, set_by_org: row.setByOrg, set_at: row.setAt })
      .execute(),
};

/** A ClockRow as PostgreSQL's json_agg writes it (timestamps as text), for queries that read clocks with their incident. */
export type ClockJson = Omit<ClockRow, "incident_id" | "at" | "set_at"> & { at: string | null; set_at: string };
export const clockRowsFromJson = (incidentId: string, rows: readonly ClockJson[]): ClockRow[] =>
  rows.map((r) => ({ ...r, incident_id: incidentId, at: r.at === null ? null : new Date(r.at), set_at: new Date(r.set_at) }));

export type TargetJson = { from_clock: string; to_clock: string; minutes: number };
const targetOf = (r: TargetJson): GapTarget => ({ from: r.from_clock as Clock, to: r.to_clock as Clock, minutes: r.minutes });
export const targetsFromJson = (rows: readonly TargetJson[] | null): GapTarget[] => (rows ?? []).map(targetOf);

export const clocksOf = (rows: readonly ClockRow[], incidentId: string): Clocks => {
  const out: Clocks = {};
  for (const r of rows) if (r.incident_id === incidentId) out[r.clock as Clock] = r.at;
  return out;
};

export const targetStore = {
  list: async (db: Kysely<DB>, orgId: string): Promise<GapTarget[]> =>
    (await db.selectFrom("org_gap_targets").select(["from_clock", "to_clock", "minutes"]).where("org_id", "=", orgId).execute()).map(targetOf),
  replace: async (db: Kysely<DB>, orgId: string, targets: readonly GapTarget[], userId: string | null, now: Date) => {
    await db.deleteFrom("org_gap_targets").where("org_id", "=", orgId).execute();
    if (targets.length === 0) return;
    await db
      .insertInto("org_gap_targets")
      .values(targets.map((t) => ({ org_id: orgId, from_clock: t.from, to_clock: t.to, minutes: t.minutes, updated_by: userId, updated_at: now })))
      .execute();
  },
};

export const gapStateStore = {
  list: (db: Kysely<DB>, incidentId: string) => db.selectFrom("incident_gap_states").selectAll().where("incident_id", "=", incidentId).execute(),
  upsert: (db: Kysely<DB>, s: { orgId: string; incidentId: string; gap: string; status: "on_time" | "at_risk" | "overdue"; at: Date }) =>
    db
      .insertInto("incident_gap_states")
      .values({ org_id: s.orgId, incident_id: s.incidentId, gap: s.gap, status: s.status, changed_at: s.at })
      .onConflict((oc) => oc.columns(["incident_id", "gap"]).doUpdateSet({ status: s.status, changed_at: s.at }))
      .execute(),
  /** Incidents still worked on (not recovered or closed, no `closed` clock), for the periodic check. */
  openIncidents: async (db: Kysely<DB>): Promise<Array<{ id: string; org_id: string }>> =>
    (await sql<{ id: string; org_id: string }>`
      SELECT i.id, i.org_id FROM incidents i
       WHERE i.status NOT IN ('recovered', 'closed')
         AND NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT ON (clock) at FROM incident_clock_events
                          WHERE incident_id = i.id AND clock = 'closed' ORDER BY clock, set_at DESC) c WHERE c.at IS NOT NULL)`.execute(db)).rows,
};
