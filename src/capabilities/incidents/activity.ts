/**
 * The activity stream of one incident: the audit rows of its objects, told as events a person reads
 * ("山田が決定『外部通信の遮断』を記録しました"), each pointing at its object (a tab and an anchor).
 *
 * Audit rows are evidence and hold no personal data; so nothing personal is taken from them here either. A
 * person's name is read from `users` when the stream is shown; an object's label from the object's own row
 * (a deleted object has none). From `before`/`after` only whitelisted facts are read: a clock's name, a gap's
 * key, the old and new value of enumerated fields. Internal action names never leave this file.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { CLOCKS, type Clock } from "./clocks.js";

export const ACTIVITY_KINDS = [
  "incident_created", "incident_updated", "incident_reopened", "clock_set", "clock_cleared", "gap_at_risk", "gap_overdue",
  "timeline_added", "timeline_corrected", "decision_recorded", "decision_updated", "playbook_applied", "task_added", "task_updated",
  "indicator_added", "indicator_updated", "indicator_removed", "asset_linked", "asset_updated", "asset_unlinked",
  "evidence_uploaded", "evidence_downloaded", "evidence_verified", "evidence_custody", "affected_imported", "affected_lookup",
  "access_granted", "access_revoked", "other",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_TABS = ["overview", "clocks", "timeline", "decisions", "tasks", "assets", "indicators", "evidence", "affected"] as const;
export type ActivityTab = (typeof ACTIVITY_TABS)[number];

/** Fields of an incident whose change is named; for the enumerated ones the old and new value are shown too. */
const INCIDENT_FIELDS = ["status", "severity", "category", "tlp", "pap", "title", "summary", "leadUserId", "tagCount"] as const;
const VALUE_FIELDS = new Set(["status", "severity", "category", "tlp", "pap"]);
export type ActivityChange = { field: (typeof INCIDENT_FIELDS)[number]; from: string | null; to: string | null };

export type ActivityDetail = {
  clock?: Clock;
  gap?: { from: Clock; to: Clock };
  changes?: ActivityChange[];
  /** the new lead's user id (its name is looked up in users) */
  leadUserId?: string | null;
};

export type AuditLike = { action: string; objectType: string; objectId: string | null; before: unknown; after: unknown };
export type Described = { kind: ActivityKind; tab: ActivityTab; anchor: string | null; detail: ActivityDetail };

const KINDS: Record<string, ActivityKind> = {
  "incident.create": "incident_created", "incident.update": "incident_updated", "incident.reopen": "incident_reopened",
  "incident.gap.at_risk": "gap_at_risk", "incident.gap.overdue": "gap_overdue",
  "timeline.add": "timeline_added", "timeline.correct": "timeline_corrected",
  "decision.add": "decision_recorded", "decision.update": "decision_updated",
  "playbook.apply": "playbook_applied", "task.add": "task_added", "task.update": "task_updated",
  "indicator.create": "indicator_added", "indicator.update": "indicator_updated", "indicator.delete": "indicator_removed",
  "incident_asset.link": "asset_linked", "incident_asset.update": "asset_updated", "incident_asset.unlink": "asset_unlinked",
  "evidence.upload": "evidence_uploaded", "evidence.download": "evidence_downloaded", "evidence.verify": "evidence_verified",
  "evidence.custody": "evidence_custody", "affected.import": "affected_imported", "affected.lookup": "affected_lookup",
  "grant.create": "access_granted", "grant.revoke": "access_revoked",
};

const TAB_OF: Record<string, ActivityTab> = {
  timeline_event: "timeline", decision: "decisions", task: "tasks", indicator: "indicators", incident_asset: "assets",
  evidence: "evidence", affected_import: "affected",
};
/** The anchor each panel gives an object's element, by object type. */
const ANCHOR_PREFIX: Record<string, string> = {
  timeline_event: "timeline", decision: "decision", task: "task", indicator: "indicator", incident_asset: "asset", evidence: "evidence",
};

const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const isClock = (v: unknown): v is Clock => typeof v === "string" && (CLOCKS as readonly string[]).includes(v);
const short = (v: unknown): string | null => (typeof v === "string" && v.length <= 40 && /^[a-z_+]+$/.test(v) ? v : null);

/** What one audit row means to a reader of the incident; pure. */
export const describeAudit = (row: AuditLike): Described => {
  const before = record(row.before);
  const after = record(row.after);
  const objectTab = TAB_OF[row.objectType];
  const prefix = ANCHOR_PREFIX[row.objectType];
  const base: Described = {
    kind: KINDS[row.action] ?? "other",
    tab: objectTab ?? "overview",
    anchor: prefix && row.objectId ? `${prefix}-${row.objectId}` : row.objectType === "incident" ? "incident" : null,
    detail: {},
  };
  switch (row.action) {
    case "incident.clock": {
      const clock = isClock(after.clock) ? after.clock : undefined;
      const kind: ActivityKind = after.at === null ? "clock_cleared" : "clock_set";
      return { ...base, kind, tab: "clocks", anchor: clock ? `clock-${clock}` : null, detail: clock ? { clock } : {} };
    }
    case "incident.gap.at_risk":
    case "incident.gap.overdue": {
      const [from, to] = typeof after.gap === "string" ? after.gap.split("->") : [];
      return { ...base, tab: "overview", anchor: "gaps", detail: isClock(from) && isClock(to) ? { gap: { from, to } } : {} };
    }
    case "incident.update":
    case "incident.reopen": {
      const changes: ActivityChange[] = INCIDENT_FIELDS.filter((f) => before[f] !== after[f] && (f in before || f in after)).map((field) => ({
        field, from: VALUE_FIELDS.has(field) ? short(before[field]) : null, to: VALUE_FIELDS.has(field) ? short(after[field]) : null,
      }));
      const lead = changes.some((c) => c.field === "leadUserId") ? (typeof after.leadUserId === "string" ? after.leadUserId : null) : undefined;
      return { ...base, detail: { changes, ...(lead !== undefined ? { leadUserId: lead } : {}) } };
    }
    case "task.add":
    case "playbook.apply":
      return { ...base, tab: "tasks", anchor: null };
    case "task.update": {
      const status = before.status !== after.status ? [{ field: "status" as const, from: short(before.status), to: short(after.status) }] : [];
      return { ...base, detail: { changes: status } };
    }
    case "affected.lookup":
      return { ...base, tab: "affected", anchor: null };
    case "grant.create":
    case "grant.revoke":
      return { ...base, tab: "overview", anchor: null };
    default:
      return base;
  }
};

export type ActivityRow = {
  id: string;
  occurred_at: Date;
  action: string;
  object_type: string;
  object_id: string | null;
  before: unknown;
  after: unknown;
  actor_user_id: string | null;
  actor_name: string | null;
  label: string | null;
  label_en: string | null;
};

export const activityStore = {
  /**
   * The newest audit rows of an incident's objects, in the owning organisation's chain. Objects are found
   * through their own tables (so a row names its object by what it is now), plus the two kinds of row whose
   * object is no longer linked to the incident: an unlinked asset and a revoked grant carry the incident id.
   */
  list: async (db: Kysely<DB>, orgId: string, incidentId: string, limit: number, beforeId: string | null): Promise<ActivityRow[]> =>
    (await sql<ActivityRow>`
      WITH objs (object_type, object_id, label, label_en) AS (
        SELECT 'incident', i.id::text, NULL::text, NULL::text FROM incidents i WHERE i.id = ${incidentId}
        UNION ALL SELECT 'timeline_event', t.id::text, left(t.text, 120), NULL FROM timeline_events t WHERE t.incident_id = ${incidentId}
        UNION ALL SELECT 'decision', d.id::text, d.title, NULL FROM decisions d WHERE d.incident_id = ${incidentId}
        UNION ALL SELECT 'task', k.id::text, k.title, NULL FROM tasks k WHERE k.incident_id = ${incidentId}
        UNION ALL SELECT 'indicator', x.id::text, left(x.value, 120), NULL FROM indicators x WHERE x.incident_id = ${incidentId}
        UNION ALL SELECT 'evidence', e.id::text, e.filename, NULL FROM evidence e WHERE e.incident_id = ${incidentId}
        UNION ALL SELECT 'affected_import', m.id::text, NULL, NULL FROM affected_imports m WHERE m.incident_id = ${incidentId}
        UNION ALL SELECT 'access_grant', g.id::text, v.name_ja, v.name_en FROM access_grants g JOIN organizations v ON v.id = g.vendor_org_id
                   WHERE g.incident_id = ${incidentId}
      ), rows AS (
        SELECT a.*, o.label, o.label_en FROM audit_events a JOIN objs o ON o.object_type = a.object_type AND o.object_id = a.object_id
         WHERE a.org_id = ${orgId}
        UNION ALL
        SELECT a.*, s.hostname, NULL FROM audit_events a LEFT JOIN assets s ON s.id::text = a.object_id
         WHERE a.org_id = ${orgId} AND a.object_type = 'incident_asset'
           AND coalesce(a.after->>'incidentId', a.before->>'incidentId') = ${incidentId}::text
      )
      SELECT r.id::text AS id, r.occurred_at, r.action, r.object_type, r.object_id, r.before, r.after, r.actor_user_id,
             u.display_name AS actor_name, r.label, r.label_en
        FROM rows r LEFT JOIN users u ON u.id = r.actor_user_id
       WHERE (${beforeId}::bigint IS NULL OR r.id < ${beforeId}::bigint)
       ORDER BY r.id DESC
       LIMIT ${limit}`.execute(db)).rows,

  /** Display names of users, read when shown (the audit row holds only the id). */
  names: async (db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> => {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom("users").select(["id", "display_name"]).where("id", "in", [...ids]).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  },
};
