/**
 * Incident commands: the record, its clocks (with history) and the gaps between them against the owning
 * organisation's targets; and the vendor access grants a company gives on its incidents.
 */
import { changedFields } from "../../platform/audit/chain.js";
import { removeIncidentBlobsAfterCommit } from "../evidence/sweep.js";
import type { z } from "zod";
import { EventEmitter } from "node:events";
import type { Kysely } from "kysely";
import { auditMeta, inTenant, type CallerRead, type Platform, type RequestContext } from "../../platform/context.js";
import { AppError, found, notFound, type ErrorCode } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForIncident } from "../../platform/policies/policies.js";
import type { DB, IncidentCategory, IncidentStatus, Pap, Severity, Tlp } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import { grantExpiryProblem, grantIsActive, incidentRef, type ZIncidentInput, type ZIncidentListQuery, type ZIncidentPatch, type ZTargets } from "./domain.js";
import { grantStore, incidentStore } from "./store.js";
import { incidentSubject, loadIncident } from "./access.js";
import { clockRowsFromJson, clocksOf, clockStore, gapStateStore, targetsFromJson, targetStore, type ClockRow } from "./clock-store.js";
import {
  CLOCKS, checkClock, computeGaps, DEFAULT_TARGETS, effectiveTargets, gapKey, gapStopTime, isResolvedStatus, parseClockInput, worstStatus,
  type Clock, type Gap, type GapStatus, type GapTarget,
} from "./clocks.js";
import { memberStore, orgStore } from "../orgs/store.js";
import { activityStore, describeAudit } from "./activity.js";
import { pageOnGap, pageOnIncidentCreated, pageOnSeverityChange } from "../network/triggers.js";
import { incidentFactsChanged } from "./hooks.js";

type IncidentRow = NonNullable<Awaited<ReturnType<typeof incidentStore.get>>>;

export const GAP_CHECK_JOB = "incidents.gaps.check";

/** Gap status changes, after commit: the contact network subscribes to page people. */
export type GapChange = { orgId: string; incidentId: string; ref: string; gap: string; from: Clock; to: Clock; status: GapStatus; previous: GapStatus | null };
export const incidentEvents = new EventEmitter<{ gapChanged: [GapChange] }>();

const presentGap = (g: Gap) => ({
  key: g.key, from: g.from, to: g.to, targetMinutes: g.targetMinutes, state: g.state, status: g.status,
  startedAt: g.startedAt?.toISOString() ?? null, endedAt: g.endedAt?.toISOString() ?? null, stoppedAt: g.stoppedAt?.toISOString() ?? null,
  dueAt: g.dueAt?.toISOString() ?? null, elapsedMs: g.elapsedMs,
});

const CLOCK_ERRORS: Record<string, ErrorCode> = {
  before_occurred: "clock_before_occurred", after_closed: "clock_after_closed", before_pair: "clock_order", in_future: "clock_in_future",
};

/**
 * Records a clock value inside the caller's transaction: order checks, history row, audit row, and a gap check
 * queued for right after commit. Other capabilities (decisions) call it to move clocks as a consequence.
 */
export const recordClock = async (
  p: Platform, tx: Tx, ctx: RequestContext, row: { id: string; org_id: string }, clock: Clock, at: Date | null, evidence: string,
  field = "body.at",
): Promise<void> => {
  const current = clocksOf(await clockStore.current(tx.db, [row.id]), row.id);
  if (at) {
    const problem = checkClock(current, clock, at, p.now());
    if (problem) throw new AppError(CLOCK_ERRORS[problem.code]!, field, { clock: problem.clock, other: problem.other ?? "" });
  }
  await clockStore.insert(tx.db, { orgId: row.org_id, incidentId: row.id, clock, at, evidence, setBy: ctx.actor.userId, setByOrg: ctx.actor.orgId, setAt: p.now() });
  await p.audit.record(tx, auditMeta(ctx), {
    orgId: row.org_id, action: "incident.clock", objectType: "incident", objectId: row.id,
    before: { clock, at: current[clock]?.toISOString() ?? null }, after: { clock, at: at?.toISOString() ?? null, evidenceGiven: evidence.trim() !== "" },
  });
  await p.jobs.enqueue(tx, GAP_CHECK_JOB, { incidentId: row.id });
  // Capabilities that read the clocks (obligations) recompute in this transaction (hooks.ts: they subscribe, we import none).
  await incidentFactsChanged(p, tx, { incidentId: row.id, orgId: row.org_id, cause: "clock", clock, userId: ctx.actor.userId });
};

/**
 * Moves an incident to `status` inside the caller's transaction and keeps the clocks true to it: resolving
 * (recovered, closed) records when, so unfinished gaps stop there; closing sets the `closed` clock unless one is
 * recorded already; leaving "closed" clears it again (history keeps the old value). Returns whether this was a
 * reopening (from recovered or closed back to work), which the caller audits as such.
 */
const applyStatus = async (
  p: Platform, tx: Tx, ctx: RequestContext, row: { id: string; org_id: string; status: string; resolved_at: Date | null }, status: IncidentStatus,
): Promise<{ resolvedAt: Date | null; isReopen: boolean }> => {
  const wasResolved = isResolvedStatus(row.status);
  const resolvedAt = isResolvedStatus(status) ? (wasResolved ? row.resolved_at : p.now()) : null;
  if (status === row.status) return { resolvedAt: row.resolved_at, isReopen: false };
  const closedAt = (await currentClocks(tx, row.id)).closed ?? null;
  if (status === "closed" && !closedAt) await recordClock(p, tx, ctx, row, "closed", p.now(), "", "body.status");
  if (row.status === "closed" && status !== "closed" && closedAt) await recordClock(p, tx, ctx, row, "closed", null, "", "body.status");
  if (wasResolved && !isResolvedStatus(status)) await p.jobs.enqueue(tx, GAP_CHECK_JOB, { incidentId: row.id });
  return { resolvedAt, isReopen: wasResolved && !isResolvedStatus(status) };
};

/** The current clocks of one incident, inside the caller's transaction. */
export const currentClocks = async (tx: Tx, incidentId: string) => clocksOf(await clockStore.current(tx.db, [incidentId]), incidentId);

export const createIncidentService = (p: Platform) => {
  /** Targets of the owning organisations (read as the platform: targets are not secret, and vendors need them). */
  const targetsFor = async (orgIds: readonly string[]): Promise<Map<string, GapTarget[]>> => {
    const out = new Map<string, GapTarget[]>();
    for (const id of new Set(orgIds)) out.set(id, effectiveTargets(await targetStore.list(p.db.system, id)));
    return out;
  };

  /**
   * One incident as the API shows it. `clockRows` are this incident's current clocks (one row per clock): a list
   * passes each incident its own rows, so presenting n incidents costs O(n), not O(n²) as when each looked
   * through every incident's rows (it was 13–15 % of the list's CPU in the profile of bench/api.ts).
   */
  const present = (ctx: RequestContext, r: IncidentRow, clockRows: readonly ClockRow[], targets: readonly GapTarget[]) => {
    const clocks = clocksOf(clockRows, r.id);
    const gaps = computeGaps(clocks, targets, p.now(), gapStopTime(clocks, r.status, r.resolved_at));
    const clockDetails = {} as Record<Clock, { at: string; evidence: string; setBy: { id: string; name: string } | null; setAt: string } | null>;
    for (const c of CLOCKS) clockDetails[c] = null;
    for (const row of clockRows) {
      if (row.incident_id !== r.id || row.at === null || clockDetails[row.clock as Clock] !== null) continue;
      clockDetails[row.clock as Clock] = { at: row.at.toISOString(), evidence: row.evidence, setBy: row.set_by ? { id: row.set_by, name: row.set_by_name ?? "" } : null, setAt: row.set_at.toISOString() };
    }
    return {
      id: r.id,
      orgId: r.org_id,
      ref: r.ref,
      title: r.title,
      summary: r.summary,
      status: r.status as IncidentStatus,
      severity: r.severity as Severity,
      category: r.category as IncidentCategory,
      tlp: r.tlp as Tlp,
      pap: r.pap as Pap,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      lead: r.lead_user_id ? { id: r.lead_user_id, name: r.lead_name ?? "" } : null,
      tags: r.tags,
      owner: { id: r.org_id, nameJa: r.owner_name_ja, nameEn: r.owner_name_en },
      access: (r.org_id === ctx.actor.orgId ? "owner" : `grant-${r.grant_access ?? "read"}`) as "owner" | "grant-read" | "grant-write",
      clocks: clockDetails,
      gaps: gaps.map(presentGap),
      worstGap: worstStatus(gaps),
      policies: policiesForIncident(ctx.actor, incidentSubject(r)),
    };
  };
  const presentOne = async (ctx: RequestContext, db: Kysely<DB>, r: IncidentRow) =>
    present(ctx, r, await clockStore.current(db, [r.id]), (await targetsFor([r.org_id])).get(r.org_id)!);
  // Free text (title, tags) may name a person: the row keeps the reference, the states, the lead as an id (its name
  // is read from users when shown), the number of tags, and which fields changed.
  const snapshot = (r: IncidentRow) => ({
    ref: r.ref, status: r.status, severity: r.severity, category: r.category, tlp: r.tlp, pap: r.pap, leadUserId: r.lead_user_id, tagCount: r.tags.length,
  });

  /** The lead must be a member of the owning organisation (read as the platform: a vendor cannot list them). */
  const checkLead = async (ownerOrgId: string, userId: string | null | undefined): Promise<void> => {
    if (!userId) return;
    const m = await memberStore.findByUser(p.db.system, ownerOrgId, userId);
    if (!m) throw new AppError("lead_not_member", "body.leadUserId");
  };

  const load = loadIncident;

  /** Compares the gaps with the last announced states; records and announces each change to at risk or overdue. */
  const checkGaps = async (tx: Tx, incidentId: string): Promise<GapChange[]> => {
    const inc = await incidentStore.gapSubject(tx.db, incidentId);
    if (!inc) return [];
    const clocks = clocksOf(await clockStore.current(tx.db, [inc.id]), inc.id);
    const gaps = computeGaps(clocks, effectiveTargets(await targetStore.list(tx.db, inc.org_id)), p.now(), gapStopTime(clocks, inc.status, inc.resolved_at));
    const known = new Map((await gapStateStore.list(tx.db, inc.id)).map((s) => [s.gap, s.status]));
    const changes: GapChange[] = [];
    for (const g of gaps) {
      if (!g.status || known.get(g.key) === g.status) continue;
      const previous = known.get(g.key) ?? null;
      await gapStateStore.upsert(tx.db, { orgId: inc.org_id, incidentId: inc.id, gap: g.key, status: g.status, at: p.now() });
      if (g.status === "on_time") continue;
      const change: GapChange = { orgId: inc.org_id, incidentId: inc.id, ref: inc.ref, gap: g.key, from: g.from, to: g.to, status: g.status, previous };
      changes.push(change);
      await p.audit.record(tx, { actor: { userId: null, orgId: null } }, {
        orgId: inc.org_id, action: `incident.gap.${g.status}`, objectType: "incident", objectId: inc.id,
        after: { gap: g.key, status: g.status, previous, dueAt: g.dueAt?.toISOString() ?? null },
      });
      await pageOnGap(p, tx, change);
      tx.afterCommit(() => void incidentEvents.emit("gapChanged", change));
    }
    return changes;
  };

  return {
    checkGaps,

    /**
     * Incidents of the organisation and those granted to it. `read` runs the list's one query as the caller and
     * gives the caller's context (readAsCaller: for a signed-in user the session, the settings and the rows in one
     * round trip); the policy is checked on that context before any row is used.
     */
    list: async (read: CallerRead, orgId: string, query: z.infer<typeof ZIncidentListQuery> = {}) => {
      const filter = {
        ...(query.q ? { q: query.q } : {}), ...(query.tag ? { tag: query.tag } : {}),
        // "assigned to me" is matched in SQL against the read's user: an actor that is no person matches nothing
        ...(query.lead === "me" ? { leadIsMe: true } : query.lead ? { leadUserId: query.lead } : {}),
      };
      const { ctx, rows: all } = await read(incidentStore.list(p.db.app, orgId, filter));
      authorize(canInOrg(ctx.actor, "incidents.list"));
      const rows = all.filter((r) => r.org_id === ctx.actor.orgId || r.grant_access !== null);
      // The own organisation's targets came with its rows; a granting organisation's are read as the platform.
      const targets = await targetsFor(rows.filter((r) => r.org_id !== ctx.actor.orgId).map((r) => r.org_id));
      const own = rows.find((r) => r.org_id === ctx.actor.orgId);
      if (own) targets.set(own.org_id, effectiveTargets(targetsFromJson(own.own_targets)));
      return {
        incidents: rows.map((r) => present(ctx, r, clockRowsFromJson(r.id, r.clocks), targets.get(r.org_id)!)),
        policies: { create: canInOrg(ctx.actor, "incidents.create") },
      };
    },

    get: (ctx: RequestContext, id: string) => inTenant(p, ctx, async (tx) => presentOne(ctx, tx.db, (await load(ctx, tx.db, id)).row)),

    create: async (ctx: RequestContext, input: z.infer<typeof ZIncidentInput>) => {
      authorize(canInOrg(ctx.actor, "incidents.create"));
      await checkLead(ctx.actor.orgId, input.leadUserId);
      return inTenant(p, ctx, async (tx) => {
        const ref = incidentRef(p.now(), await incidentStore.nextNumber(tx.db, ctx.actor.orgId));
        const { id } = await incidentStore.insert(tx.db, {
          org_id: ctx.actor.orgId, ref, title: input.title, summary: input.summary ?? "", severity: input.severity ?? "medium",
          category: input.category ?? "other", tlp: input.tlp ?? "amber", pap: input.pap ?? "amber", created_by: ctx.actor.userId,
          tags: input.tags ?? [], lead_user_id: input.leadUserId ?? null,
        });
        const row = (await incidentStore.get(tx.db, ctx.actor.orgId, id))!;
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "incident.create", objectType: "incident", objectId: id, after: snapshot(row) });
        await pageOnIncidentCreated(p, tx, { orgId: row.org_id, id, ref: row.ref, title: row.title, severity: row.severity });
        return presentOne(ctx, tx.db, row);
      });
    },

    update: (ctx: RequestContext, id: string, patch: z.infer<typeof ZIncidentPatch>) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await load(ctx, tx.db, id);
        authorize(pol.update);
        const { leadUserId, ...fields } = patch;
        if (leadUserId !== undefined) await checkLead(row.org_id, leadUserId);
        const status = patch.status ? await applyStatus(p, tx, ctx, row, patch.status) : { resolvedAt: row.resolved_at, isReopen: false };
        found(await incidentStore.update(tx.db, id, {
          ...fields, ...(leadUserId !== undefined ? { lead_user_id: leadUserId } : {}), resolved_at: status.resolvedAt, updated_at: p.now(),
        }));
        const after = (await incidentStore.get(tx.db, ctx.actor.orgId, id))!;
        if (after.category !== row.category) await incidentFactsChanged(p, tx, { incidentId: id, orgId: row.org_id, cause: "category", userId: ctx.actor.userId });
        if (after.severity !== row.severity) await pageOnSeverityChange(p, tx, { orgId: row.org_id, id, ref: row.ref, title: after.title }, row.severity, after.severity);
        // A vendor's change is recorded in the owning company's chain; a reopening is named as such.
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: status.isReopen ? "incident.reopen" : "incident.update", objectType: "incident", objectId: id, before: snapshot(row),
          after: { ...snapshot(after), changed: changedFields(row, after, ["title", "summary", "status", "severity", "category", "tlp", "pap", "lead_user_id", "tags"]) },
        });
        return presentOne(ctx, tx.db, after);
      }),

    remove: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await load(ctx, tx.db, id);
        authorize(pol.delete);
        await removeIncidentBlobsAfterCommit(p, tx, id);
        found(await incidentStore.delete(tx.db, ctx.actor.orgId, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "incident.delete", objectType: "incident", objectId: id, before: snapshot(row) });
      }),

    /** Sets (or clears, with null) one clock; the old value stays in its history. Returns the incident. */
    setClock: (ctx: RequestContext, id: string, clock: Clock, input: { at: string | null; evidence: string }) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await load(ctx, tx.db, id, "update");
        const at = input.at === null ? null : parseClockInput(input.at);
        if (input.at !== null && !at) throw new AppError("clock_format", "body.at");
        await recordClock(p, tx, ctx, row, clock, at, input.evidence);
        // Recording when it was closed closes the incident: one fact, not two that can disagree.
        if (clock === "closed" && at && row.status !== "closed") {
          const { resolvedAt } = await applyStatus(p, tx, ctx, row, "closed");
          await incidentStore.update(tx.db, id, { status: "closed", resolved_at: resolvedAt, updated_at: p.now() });
          const after = (await incidentStore.get(tx.db, ctx.actor.orgId, id))!;
          await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "incident.update", objectType: "incident", objectId: id, before: snapshot(row), after: snapshot(after) });
          return presentOne(ctx, tx.db, after);
        }
        return presentOne(ctx, tx.db, (await incidentStore.get(tx.db, ctx.actor.orgId, id))!);
      }),

    /**
     * The incident's activity, newest first. Audit rows belong to the owner's chain, which RLS shows to the owner
     * only; a vendor working on the incident needs its history too, so after the access check the rows are read
     * as the platform, limited to this incident's objects in the owner's chain.
     */
    activity: (ctx: RequestContext, id: string, page: { limit: number; before?: string | undefined }) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await load(ctx, tx.db, id);
        const rows = await activityStore.list(p.db.system, row.org_id, id, page.limit, page.before ?? null);
        const described = rows.map((r) => ({ r, d: describeAudit({ action: r.action, objectType: r.object_type, objectId: r.object_id, before: r.before, after: r.after }) }));
        const names = await activityStore.names(p.db.system, described.flatMap(({ d }) => (d.detail.leadUserId ? [d.detail.leadUserId] : [])));
        return {
          entries: described.map(({ r, d }) => ({
            id: r.id,
            at: r.occurred_at.toISOString(),
            actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name ?? "" } : null,
            kind: d.kind,
            object: { label: r.label, labelEn: r.label_en, tab: d.tab, anchor: d.anchor },
            clock: d.detail.clock ?? null,
            gap: d.detail.gap ?? null,
            changes: d.detail.changes ?? [],
            lead: d.detail.leadUserId === undefined ? undefined : d.detail.leadUserId ? { id: d.detail.leadUserId, name: names.get(d.detail.leadUserId) ?? "" } : null,
          })),
          nextBefore: rows.length === page.limit ? (rows[rows.length - 1]?.id ?? null) : null,
        };
      }),

    clockHistory: (ctx: RequestContext, id: string, clock: Clock) =>
      inTenant(p, ctx, async (tx) => {
        await load(ctx, tx.db, id);
        return {
          history: (await clockStore.history(tx.db, id, clock)).map((h) => ({
            at: h.at?.toISOString() ?? null, evidence: h.evidence, setBy: h.set_by ? { id: h.set_by, name: h.set_by_name ?? "" } : null, setAt: h.set_at.toISOString(),
          })),
        };
      }),

    getTargets: (ctx: RequestContext) =>
      inTenant(p, ctx, async (tx) => {
        const own = await targetStore.list(tx.db, ctx.actor.orgId);
        const ownKeys = new Set(own.map(gapKey));
        return {
          targets: effectiveTargets(own).map((t) => ({ ...t, isDefault: !ownKeys.has(gapKey(t)) })),
          defaults: DEFAULT_TARGETS.map((t) => ({ ...t })),
          policies: { update: canInOrg(ctx.actor, "targets.manage") },
        };
      }),

    setTargets: async (ctx: RequestContext, input: z.infer<typeof ZTargets>) => {
      authorize(canInOrg(ctx.actor, "targets.manage"));
      const keys = input.targets.map(gapKey);
      const dup = keys.find((k, i) => keys.indexOf(k) !== i);
      if (dup) throw new AppError("conflict", "body.targets", { field: dup });
      const same = input.targets.findIndex((t) => t.from === t.to);
      if (same >= 0) throw new AppError("validation", `body.targets.${same}.to`, { detail: "from = to" });
      await inTenant(p, ctx, async (tx) => {
        const before = await targetStore.list(tx.db, ctx.actor.orgId);
        await targetStore.replace(tx.db, ctx.actor.orgId, input.targets, ctx.actor.userId, p.now());
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "org.gap_targets", objectType: "organization", objectId: ctx.actor.orgId, before: { targets: before }, after: { targets: input.targets } });
      });
    },

    listGrants: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "grants.manage"));
      return inTenant(p, ctx, async (tx) => ({
        grants: (await grantStore.list(tx.db, ctx.actor.orgId)).map((g) => ({
          id: g.id,
          incidentId: g.incident_id,
          incidentRef: g.incident_ref,
          incidentTitle: g.incident_title,
          vendor: { id: g.vendor_org_id, nameJa: g.vendor_name_ja, nameEn: g.vendor_name_en },
          access: g.access,
          expiresAt: g.expires_at.toISOString(),
          revokedAt: g.revoked_at?.toISOString() ?? null,
          createdAt: g.created_at.toISOString(),
          active: grantIsActive({ expiresAt: g.expires_at, revokedAt: g.revoked_at }, p.now()),
        })),
      }));
    },

    grant: async (ctx: RequestContext, input: { vendorOrgId: string; incidentId: string; access: "read" | "write"; expiresAt: Date }) => {
      authorize(canInOrg(ctx.actor, "grants.manage"));
      const problem = grantExpiryProblem(input.expiresAt, p.now());
      if (problem) throw new AppError("validation", "body.expiresAt", { detail: problem === "past" ? "must be in the future / 未来の日時にしてください" : "at most 366 days ahead / 366日以内にしてください" });
      return inTenant(p, ctx, async (tx) => {
        const vendor = await orgStore.get(tx.db, input.vendorOrgId);
        if (!vendor) throw new AppError("not_found", "body.vendorOrgId");
        if (vendor.kind !== "vendor") throw new AppError("grant_target_not_vendor", "body.vendorOrgId");
        const inc = await incidentStore.get(tx.db, ctx.actor.orgId, input.incidentId);
        if (!inc || inc.org_id !== ctx.actor.orgId) throw new AppError("not_found", "body.incidentId");
        const { id } = await grantStore.insert(tx.db, { ...input, orgId: ctx.actor.orgId, createdBy: ctx.actor.userId });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "grant.create", objectType: "access_grant", objectId: id,
          after: { vendorOrgId: input.vendorOrgId, incidentId: input.incidentId, access: input.access, expiresAt: input.expiresAt },
        });
        return { id };
      });
    },

    revokeGrant: async (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "grants.manage"));
      await inTenant(p, ctx, async (tx) => {
        const g = await grantStore.revoke(tx.db, ctx.actor.orgId, id, p.now());
        if (!g) throw notFound();
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "grant.revoke", objectType: "access_grant", objectId: id });
      });
    },
  };
};
export type IncidentService = ReturnType<typeof createIncidentService>;

/** The periodic gap check (every minute) and the immediate one queued when a clock changes. */
export const registerIncidentJobs = (p: Platform): void => {
  p.jobs.define<{ incidentId?: string }>({
    name: GAP_CHECK_JOB,
    schedule: "* * * * *",
    retryLimit: 2,
    handler: async ({ incidentId }) => {
      const svc = createIncidentService(p);
      const ids = incidentId ? [incidentId] : (await gapStateStore.openIncidents(p.db.system)).map((r) => r.id);
      for (const id of ids) await p.db.systemTx((tx) => svc.checkGaps(tx, id));
    },
  });
};
