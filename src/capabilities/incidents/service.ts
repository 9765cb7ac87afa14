/**
 * Incident commands: the record, its clocks (with history) and the gaps between them against the owning
 * organisation's targets; and the vendor access grants a company gives on its incidents.
 */
import { changedFields } from "../../platform/audit/chain.js";
import { removeIncidentBlobsAfterCommit } from "../evidence/sweep.js";
import type { z } from "zod";
import { EventEmitter } from "node:events";
import type { Kysely } from "kysely";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import { AppError, notFound, type ErrorCode } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForIncident } from "../../platform/policies/policies.js";
import type { DB, IncidentCategory, IncidentStatus, Pap, Severity, Tlp } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import { grantExpiryProblem, grantIsActive, incidentRef, type ZIncidentInput, type ZIncidentPatch, type ZTargets } from "./domain.js";
import { grantStore, incidentStore } from "./store.js";
import { loadIncident } from "./access.js";
import { clocksOf, clockStore, gapStateStore, targetStore, type ClockRow } from "./clock-store.js";
import {
  CLOCKS, checkClock, computeGaps, DEFAULT_TARGETS, effectiveTargets, gapKey, parseClockInput, worstStatus,
  type Clock, type Gap, type GapStatus, type GapTarget,
} from "./clocks.js";
import { orgStore } from "../orgs/store.js";

type IncidentRow = NonNullable<Awaited<ReturnType<typeof incidentStore.get>>>;

export const GAP_CHECK_JOB = "incidents.gaps.check";

/** Gap status changes, after commit: the contact network subscribes to page people. */
export type GapChange = { orgId: string; incidentId: string; ref: string; gap: string; from: Clock; to: Clock; status: GapStatus; previous: GapStatus | null };
export const incidentEvents = new EventEmitter<{ gapChanged: [GapChange] }>();

const presentGap = (g: Gap) => ({
  key: g.key, from: g.from, to: g.to, targetMinutes: g.targetMinutes, state: g.state, status: g.status,
  startedAt: g.startedAt?.toISOString() ?? null, endedAt: g.endedAt?.toISOString() ?? null,
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

  const present = (ctx: RequestContext, r: IncidentRow, clockRows: readonly ClockRow[], targets: readonly GapTarget[]) => {
    const grant = r.grant_access ? { access: r.grant_access } : null;
    const clocks = clocksOf(clockRows, r.id);
    const gaps = computeGaps(clocks, targets, p.now());
    const clockDetails = Object.fromEntries(
      CLOCKS.map((c) => {
        const row = clockRows.find((x) => x.incident_id === r.id && x.clock === c && x.at !== null);
        return [c, row ? { at: row.at!.toISOString(), evidence: row.evidence, setBy: row.set_by ? { id: row.set_by, name: row.set_by_name ?? "" } : null, setAt: row.set_at.toISOString() } : null];
      }),
    ) as Record<Clock, { at: string; evidence: string; setBy: { id: string; name: string } | null; setAt: string } | null>;
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
      owner: { id: r.org_id, nameJa: r.owner_name_ja, nameEn: r.owner_name_en },
      access: (r.org_id === ctx.actor.orgId ? "owner" : `grant-${r.grant_access ?? "read"}`) as "owner" | "grant-read" | "grant-write",
      clocks: clockDetails,
      gaps: gaps.map(presentGap),
      worstGap: worstStatus(gaps),
      policies: policiesForIncident(ctx.actor, { orgId: r.org_id, grant }),
    };
  };
  const presentOne = async (ctx: RequestContext, db: Kysely<DB>, r: IncidentRow) =>
    present(ctx, r, await clockStore.current(db, [r.id]), (await targetsFor([r.org_id])).get(r.org_id)!);
  // The title is free text (it may name a person): the row keeps the reference and the states, and which fields changed.
  const snapshot = (r: IncidentRow) => ({ ref: r.ref, status: r.status, severity: r.severity, category: r.category, tlp: r.tlp, pap: r.pap });

  const load = loadIncident;

  /** Compares the gaps with the last announced states; records and announces each change to at risk or overdue. */
  const checkGaps = async (tx: Tx, incidentId: string): Promise<GapChange[]> => {
    const inc = await tx.db.selectFrom("incidents").select(["id", "org_id", "ref"]).where("id", "=", incidentId).executeTakeFirst();
    if (!inc) return [];
    const clocks = clocksOf(await clockStore.current(tx.db, [inc.id]), inc.id);
    const gaps = computeGaps(clocks, effectiveTargets(await targetStore.list(tx.db, inc.org_id)), p.now());
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
      tx.afterCommit(() => void incidentEvents.emit("gapChanged", change));
    }
    return changes;
  };

  return {
    checkGaps,

    list: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "incidents.list"));
      return inTenant(p, ctx, async (tx) => {
        const rows = (await incidentStore.list(tx.db, ctx.actor.orgId)).filter((r) => r.org_id === ctx.actor.orgId || r.grant_access !== null);
        const clockRows = await clockStore.current(tx.db, rows.map((r) => r.id));
        const targets = await targetsFor(rows.map((r) => r.org_id));
        return {
          incidents: rows.map((r) => present(ctx, r, clockRows, targets.get(r.org_id)!)),
          policies: { create: canInOrg(ctx.actor, "incidents.create") },
        };
      });
    },

    get: (ctx: RequestContext, id: string) => inTenant(p, ctx, async (tx) => presentOne(ctx, tx.db, (await load(ctx, tx.db, id)).row)),

    create: async (ctx: RequestContext, input: z.infer<typeof ZIncidentInput>) => {
      authorize(canInOrg(ctx.actor, "incidents.create"));
      return inTenant(p, ctx, async (tx) => {
        const ref = incidentRef(p.now(), await incidentStore.nextNumber(tx.db, ctx.actor.orgId));
        const { id } = await incidentStore.insert(tx.db, {
          org_id: ctx.actor.orgId, ref, title: input.title, summary: input.summary ?? "", severity: input.severity ?? "medium",
          category: input.category ?? "other", tlp: input.tlp ?? "amber", pap: input.pap ?? "amber", created_by: ctx.actor.userId,
        });
        const row = (await incidentStore.get(tx.db, ctx.actor.orgId, id))!;
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "incident.create", objectType: "incident", objectId: id, after: snapshot(row) });
        return presentOne(ctx, tx.db, row);
      });
    },

    update: (ctx: RequestContext, id: string, patch: z.infer<typeof ZIncidentPatch>) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await load(ctx, tx.db, id);
        authorize(pol.update);
        await incidentStore.update(tx.db, id, { ...patch, updated_at: p.now() });
        const after = (await incidentStore.get(tx.db, ctx.actor.orgId, id))!;
        // A vendor's change is recorded in the owning company's chain.
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "incident.update", objectType: "incident", objectId: id, before: snapshot(row),
          after: { ...snapshot(after), changed: changedFields(row, after, ["title", "status", "severity", "category", "tlp", "pap"]) } });
        return presentOne(ctx, tx.db, after);
      }),

    remove: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await load(ctx, tx.db, id);
        authorize(pol.delete);
        await removeIncidentBlobsAfterCommit(p, tx, id);
        await incidentStore.delete(tx.db, ctx.actor.orgId, id);
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "incident.delete", objectType: "incident", objectId: id, before: snapshot(row) });
      }),

    /** Sets (or clears, with null) one clock; the old value stays in its history. Returns the incident. */
    setClock: (ctx: RequestContext, id: string, clock: Clock, input: { at: string | null; evidence: string }) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await load(ctx, tx.db, id, "update");
        const at = input.at === null ? null : parseClockInput(input.at);
        if (input.at !== null && !at) throw new AppError("clock_format", "body.at");
        await recordClock(p, tx, ctx, row, clock, at, input.evidence);
        return presentOne(ctx, tx.db, row);
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
