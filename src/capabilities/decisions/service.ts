/** Decision commands; a cut-off decision moves the containment clocks and leaves a timeline event. */
import { changedFields } from "../../platform/audit/chain.js";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import { loadIncident } from "../incidents/access.js";
import { parseClockInput } from "../incidents/clocks.js";
import { currentClocks, recordClock } from "../incidents/service.js";
import { appendTimelineEvent } from "../timeline/service.js";
import { clocksFromDecision, isExecutedBeforeDecided, type DecisionInput } from "./domain.js";
import { decisionStore } from "./store.js";

type Row = Awaited<ReturnType<typeof decisionStore.get>> & object;

const present = (r: Row) => ({
  id: r.id, kind: r.kind, title: r.title, authorityRole: r.authority_role, decidedBy: r.decided_by,
  options: (r.options as string[]) ?? [], decision: r.decision, decidedAt: r.decided_at.toISOString(),
  executor: r.executor, executedAt: r.executed_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
});

const refuseExecutionBeforeDecision = (decidedAt: Date, executedAt: Date | null): void => {
  if (isExecutedBeforeDecided(decidedAt, executedAt)) throw new AppError("decision_executed_before_decided", "body.executedAt");
};

/** Words stored with what a decision does to the record (clock evidence, timeline), in the actor's language. */
const phrases = (ctx: RequestContext) => ({
  clockEvidence: (title: string) => (ctx.locale === "en" ? `From the decision “${title}”` : `判断「${title}」による`),
  executed: (title: string, executor: string) =>
    ctx.locale === "en" ? `“${title}” carried out${executor ? ` by ${executor}` : ""}` : `「${title}」を実行${executor ? `（${executor}）` : ""}`,
});
/**
 * What the audit row keeps of a decision: its kind and times. Who decided and executed it, and the words, are
 * personal data or free text; the row names the fields that changed and the decision itself holds them.
 */
const auditView = (r: Row) => ({ id: r.id, kind: r.kind, decidedAt: r.decided_at.toISOString(), executedAt: r.executed_at?.toISOString() ?? null });
const DECISION_FIELDS = ["kind", "title", "authorityRole", "decidedBy", "options", "decision", "decidedAt", "executor", "executedAt"] as const;

const dateOf = (value: string | null | undefined, field: string): Date | null => {
  if (value === undefined || value === null || value === "") return null;
  const d = parseClockInput(value);
  if (!d) throw new AppError("clock_format", field);
  return d;
};

const requiredDate = (value: string, field: string): Date => {
  const d = dateOf(value, field);
  if (!d) throw new AppError("clock_format", field);
  return d;
};

/** Applies the clocks a cut-off implies, each with the decision as its evidence. */
const applyClocks = async (p: Platform, tx: Tx, ctx: RequestContext, incident: { id: string; org_id: string }, r: Row) => {
  const moves = clocksFromDecision(r.kind, r.decided_at, r.executed_at, await currentClocks(tx, incident.id));
  for (const m of moves) {
    await recordClock(p, tx, ctx, incident, m.clock, m.at, phrases(ctx).clockEvidence(r.title), m.clock === "contained" ? "body.executedAt" : "body.decidedAt");
  }
};

export const createDecisionService = (p: Platform) => ({
  list: (ctx: RequestContext, incidentId: string) =>
    inTenant(p, ctx, async (tx) => {
      const { pol } = await loadIncident(ctx, tx.db, incidentId);
      return { decisions: (await decisionStore.list(tx.db, incidentId)).map(present), policies: { add: pol.update } };
    }),

  add: (ctx: RequestContext, incidentId: string, input: DecisionInput) =>
    inTenant(p, ctx, async (tx) => {
      const { row: incident } = await loadIncident(ctx, tx.db, incidentId, "update");
      const decidedAt = requiredDate(input.decidedAt, "body.decidedAt");
      const executedAt = dateOf(input.executedAt, "body.executedAt");
      refuseExecutionBeforeDecision(decidedAt, executedAt);
      const r = await decisionStore.insert(tx.db, {
        org_id: incident.org_id, incident_id: incidentId, kind: input.kind, title: input.title, authority_role: input.authorityRole,
        decided_by: input.decidedBy, decided_by_user: ctx.actor.userId, options: JSON.stringify(input.options ?? []), decision: input.decision,
        decided_at: decidedAt, executor: input.executor ?? "", executed_at: executedAt, created_by: ctx.actor.userId,
      });
      await p.audit.record(tx, auditMeta(ctx), { orgId: incident.org_id, action: "decision.add", objectType: "decision", objectId: r.id, after: auditView(r) });
      await appendTimelineEvent(p, tx, ctx, incident, { at: decidedAt, kind: "decision", text: `${input.title}: ${input.decision}`, source: input.decidedBy });
      await applyClocks(p, tx, ctx, incident, r);
      return present(r);
    }),

  update: (ctx: RequestContext, incidentId: string, id: string, patch: Partial<DecisionInput>) =>
    inTenant(p, ctx, async (tx) => {
      const { row: incident } = await loadIncident(ctx, tx.db, incidentId, "update");
      const before = await decisionStore.get(tx.db, incidentId, id);
      if (!before) throw notFound();
      const executedAt = patch.executedAt === undefined ? undefined : dateOf(patch.executedAt, "body.executedAt");
      const decidedAt = patch.decidedAt !== undefined ? requiredDate(patch.decidedAt, "body.decidedAt") : before.decided_at;
      refuseExecutionBeforeDecision(decidedAt, executedAt === undefined ? before.executed_at : executedAt);
      const r = found(await decisionStore.update(tx.db, id, {
        ...(patch.title ? { title: patch.title } : {}),
        ...(patch.authorityRole ? { authority_role: patch.authorityRole } : {}),
        ...(patch.decidedBy ? { decided_by: patch.decidedBy } : {}),
        ...(patch.options ? { options: JSON.stringify(patch.options) } : {}),
        ...(patch.decision ? { decision: patch.decision } : {}),
        ...(patch.decidedAt !== undefined ? { decided_at: decidedAt } : {}),
        ...(patch.executor !== undefined ? { executor: patch.executor } : {}),
        ...(executedAt !== undefined ? { executed_at: executedAt } : {}),
        updated_at: p.now(),
      }));
      await p.audit.record(tx, auditMeta(ctx), { orgId: incident.org_id, action: "decision.update", objectType: "decision", objectId: id,
        before: auditView(before), after: { ...auditView(r), changed: changedFields(present(before), present(r), DECISION_FIELDS) } });
      if (executedAt && !before.executed_at) {
        await appendTimelineEvent(p, tx, ctx, incident, { at: executedAt, kind: "action", text: phrases(ctx).executed(r.title, r.executor), source: r.executor });
      }
      await applyClocks(p, tx, ctx, incident, r);
      return present(r);
    }),
});
