/**
 * What pages whom: the functions the other capabilities call inside the transaction of their event, so the page
 * commits with its cause (or not at all). Each looks up the organisation's trigger for the event kind (enabled, with
 * a policy) and raises one page per event (the dedup key). A report to a regulator pages the regulator's desk.
 */
import type { Platform } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import { SEVERITIES, type NetworkEventKind, type Severity } from "../../platform/db/schema.js";
import { triggerStore } from "./config-store.js";
import { raisePage, type RaiseDeps } from "./page-engine.js";

const GAP_WORDS: Record<string, { ja: string; en: string }> = {
  at_risk: { ja: "期限が迫っています", en: "at risk" },
  overdue: { ja: "期限を過ぎました", en: "overdue" },
};

const byTrigger = async (
  tx: Tx, deps: RaiseDeps, a: { orgId: string; kind: NetworkEventKind; sourceId: string; incidentId: string | null; title: { ja: string; en: string }; dedupKey: string; by?: string | null },
): Promise<string | null> => {
  const t = await triggerStore.enabledFor(tx.db, a.orgId, a.kind);
  if (!t) return null;
  const r = await raisePage(tx, deps, {
    orgId: a.orgId, event: { kind: a.kind, id: a.sourceId }, policyId: t.policy_id, title: a.title, incidentId: a.incidentId,
    dedupKey: a.dedupKey, createdBy: a.by ?? null,
  });
  return r?.pageId ?? null;
};

/** An incident was opened (tenant transaction of the creating member). */
export const pageOnIncidentCreated = (p: Platform, tx: Tx, inc: { orgId: string; id: string; ref: string; title: string; severity: string }) =>
  byTrigger(tx, { p, asTenant: true }, {
    orgId: inc.orgId, kind: "incident.created", sourceId: inc.id, incidentId: inc.id, dedupKey: `incident.created:${inc.id}`,
    title: { ja: `インシデント発生 ${inc.ref}: ${inc.title}（重大度 ${inc.severity}）`, en: `Incident opened ${inc.ref}: ${inc.title} (severity ${inc.severity})` },
  });

/** The severity went up (tenant transaction of the update); each level reached pages once. */
export const pageOnSeverityChange = async (p: Platform, tx: Tx, inc: { orgId: string; id: string; ref: string; title: string }, from: string, to: string) => {
  if (SEVERITIES.indexOf(to as Severity) <= SEVERITIES.indexOf(from as Severity)) return null;
  return byTrigger(tx, { p, asTenant: true }, {
    orgId: inc.orgId, kind: "incident.severity_raised", sourceId: inc.id, incidentId: inc.id, dedupKey: `incident.severity_raised:${inc.id}:${to}`,
    title: { ja: `重大度の引き上げ ${inc.ref}: ${from} → ${to}`, en: `Severity raised ${inc.ref}: ${from} → ${to}` },
  });
};

/** A clock gap turned at risk or overdue (the gap check, as the platform). */
export const pageOnGap = (p: Platform, tx: Tx, g: { orgId: string; incidentId: string; ref: string; gap: string; status: string }) => {
  if (g.status !== "at_risk" && g.status !== "overdue") return Promise.resolve(null);
  const words = GAP_WORDS[g.status]!;
  return byTrigger(tx, { p, asTenant: false }, {
    orgId: g.orgId, kind: g.status === "at_risk" ? "gap.at_risk" : "gap.overdue", sourceId: g.incidentId, incidentId: g.incidentId,
    dedupKey: `gap.${g.status}:${g.incidentId}:${g.gap}`,
    title: { ja: `${g.ref}: ${g.gap} ${words.ja}`, en: `${g.ref}: ${g.gap} ${words.en}` },
  });
};

/** An obligation is due soon or overdue (the reminder job, as the platform). */
export const pageOnObligation = (p: Platform, tx: Tx, r: { orgId: string; incidentId: string; obligationId: string; kind: "due_soon" | "overdue"; dueAt: string }) =>
  byTrigger(tx, { p, asTenant: false }, {
    orgId: r.orgId, kind: r.kind === "due_soon" ? "obligation.due_soon" : "obligation.overdue", sourceId: r.obligationId, incidentId: r.incidentId,
    dedupKey: `obligation.${r.kind}:${r.incidentId}:${r.obligationId}:${r.dueAt}`,
    title: r.kind === "due_soon"
      ? { ja: `届出の期限が迫っています: ${r.obligationId}（期限 ${r.dueAt}）`, en: `Obligation due soon: ${r.obligationId} (due ${r.dueAt})` }
      : { ja: `届出の期限を過ぎました: ${r.obligationId}（期限 ${r.dueAt}）`, en: `Obligation overdue: ${r.obligationId} (due ${r.dueAt})` },
  });

/**
 * A company submitted a report to its regulator (the company's tenant transaction): a page at the regulator's desk,
 * climbing the regulator's own chain (officer → section chief → director), raised in the same transaction.
 */
export const pageRegulatorOnReport = (p: Platform, tx: Tx, r: { companyOrgId: string; companyName: { ja: string; en: string }; regulatorOrgId: string; reportId: string; title: string; incidentId: string }) =>
  raisePage(tx, { p, asTenant: true }, {
    orgId: r.companyOrgId, target: { kind: "desk", orgId: r.regulatorOrgId }, event: { kind: "report.received", id: r.reportId },
    title: { ja: `報告の受付: ${r.companyName.ja}「${r.title}」`, en: `Report received: ${r.companyName.en} "${r.title}"` },
    incidentId: r.incidentId, dedupKey: `report:${r.reportId}`,
  });
