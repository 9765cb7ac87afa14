/** Timeline commands: add events, correct them (the old one stays, marked as superseded), list with history. */
import { changedFields } from "../../platform/audit/chain.js";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import { loadIncident } from "../incidents/access.js";
import { parseClockInput } from "../incidents/clocks.js";
import { mergeCorrection, type TimelineInput } from "./domain.js";
import { timelineStore } from "./store.js";

type Row = Awaited<ReturnType<typeof timelineStore.list>>[number];

const present = (r: Row) => ({
  id: r.id,
  at: r.at.toISOString(),
  kind: r.kind,
  text: r.text,
  source: r.source,
  assetIds: r.asset_ids,
  evidenceIds: r.evidence_ids,
  indicatorIds: r.indicator_ids,
  actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name ?? "" } : null,
  actorOrg: r.actor_org_id ? { id: r.actor_org_id, nameJa: r.actor_org_ja ?? "", nameEn: r.actor_org_en ?? "" } : null,
  createdAt: r.created_at.toISOString(),
  supersededBy: r.superseded_by,
});

/** Adds an event inside the caller's transaction (decisions and clocks use it too). */
/** Linked objects must be this incident's (evidence, indicators) or its organisation's (assets): never another's. */
const assertLinksBelong = async (tx: Tx, incident: { id: string; org_id: string }, input: Pick<TimelineInput, "assetIds" | "evidenceIds" | "indicatorIds">) => {
  const lists = [["assets", "assetIds"], ["evidence", "evidenceIds"], ["indicators", "indicatorIds"]] as const;
  for (const [kind, field] of lists) {
    const ids = input[field] ?? [];
    if ((await timelineStore.countLinked(tx.db, incident, kind, ids)) !== new Set(ids).size) throw new AppError("reference_invalid", `body.${field}`);
  }
};

export const appendTimelineEvent = async (
  p: Platform, tx: Tx, ctx: RequestContext, incident: { id: string; org_id: string }, input: Omit<TimelineInput, "at"> & { at: Date },
): Promise<string> => {
  await assertLinksBelong(tx, incident, input);
  const { id } = await timelineStore.insert(tx.db, {
    org_id: incident.org_id, incident_id: incident.id, at: input.at, kind: input.kind, text: input.text, source: input.source ?? "",
    asset_ids: input.assetIds ?? [], evidence_ids: input.evidenceIds ?? [], indicator_ids: input.indicatorIds ?? [],
    actor_user_id: ctx.actor.userId, actor_org_id: ctx.actor.orgId,
  });
  await p.audit.record(tx, auditMeta(ctx), {
    orgId: incident.org_id, action: "timeline.add", objectType: "timeline_event", objectId: id,
    after: { incidentId: incident.id, at: input.at, kind: input.kind },
  });
  return id;
};

const parseAt = (at: string, field: string): Date => {
  const d = parseClockInput(at);
  if (!d) throw new AppError("clock_format", field);
  return d;
};

export const createTimelineService = (p: Platform) => ({
  list: (ctx: RequestContext, incidentId: string) =>
    inTenant(p, ctx, async (tx) => {
      const { pol } = await loadIncident(ctx, tx.db, incidentId);
      return { events: (await timelineStore.list(tx.db, incidentId)).map(present), policies: { add: pol.update } };
    }),

  add: (ctx: RequestContext, incidentId: string, input: TimelineInput) =>
    inTenant(p, ctx, async (tx) => {
      const { row } = await loadIncident(ctx, tx.db, incidentId, "update");
      const id = await appendTimelineEvent(p, tx, ctx, row, { ...input, at: parseAt(input.at, "body.at") });
      return present((await timelineStore.list(tx.db, incidentId)).find((e) => e.id === id)!);
    }),

  correct: (ctx: RequestContext, incidentId: string, eventId: string, patch: Partial<TimelineInput> & { reason: string }) =>
    inTenant(p, ctx, async (tx) => {
      const { row } = await loadIncident(ctx, tx.db, incidentId, "update");
      const old = await timelineStore.get(tx.db, incidentId, eventId);
      if (!old) throw notFound();
      if (old.superseded_by) throw new AppError("conflict", "params.eventId", { field: "supersededBy" });
      const base = { at: old.at, kind: old.kind, text: old.text, source: old.source, assetIds: old.asset_ids, evidenceIds: old.evidence_ids, indicatorIds: old.indicator_ids };
      const merged = mergeCorrection(base, { ...patch, at: patch.at === undefined ? undefined : parseAt(patch.at, "body.at") } as Partial<typeof base>);
      await assertLinksBelong(tx, row, patch);
      const { id } = await timelineStore.insert(tx.db, {
        org_id: row.org_id, incident_id: incidentId, at: merged.at, kind: merged.kind, text: merged.text, source: merged.source,
        asset_ids: merged.assetIds, evidence_ids: merged.evidenceIds, indicator_ids: merged.indicatorIds,
        actor_user_id: ctx.actor.userId, actor_org_id: ctx.actor.orgId,
      });
      found(await timelineStore.supersede(tx.db, eventId, id));
      await p.audit.record(tx, auditMeta(ctx), {
        orgId: row.org_id, action: "timeline.correct", objectType: "timeline_event", objectId: id,
        before: { id: eventId, at: old.at, kind: old.kind },
        after: { incidentId, at: merged.at, kind: merged.kind, changed: changedFields(base, merged, ["at", "kind", "text", "source", "assetIds", "evidenceIds", "indicatorIds"]) },
      });
      return present((await timelineStore.list(tx.db, incidentId)).find((e) => e.id === id)!);
    }),
});
