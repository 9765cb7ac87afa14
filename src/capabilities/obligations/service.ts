/**
 * Obligations on the platform: the facts of an incident (suggested from the clocks, the category and the
 * affected-person registry; confirmed or overridden by a person, overrides audited), every evaluation stored when
 * its inputs change (history with what changed), filings signed off by the CISO, regulators' orders that become
 * each company's obligation, reports submitted to the supervising regulator with a Q&A thread, the regulator's
 * inbox, and reminders (`obligation.due_soon`, `obligation.overdue`) raised once each by a cron job.
 */
import { EventEmitter } from "node:events";
import type { Kysely } from "kysely";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { DB } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import {
  authorize, canInOrg, policiesForObligations, policiesForReport,
} from "../../platform/policies/policies.js";
import { incidentSubject, loadIncident } from "../incidents/access.js";
import { currentClocks } from "../incidents/service.js";
import { onIncidentFactsChanged } from "../incidents/hooks.js";
import { affectedStore } from "../affected/store.js";
import { evaluateObligations, parseFacts, statusOf, type Evaluation, type Obligation } from "./domain.js";
import { loadRuleSets, DEFAULT_RULES_DIR } from "./load.js";
import type { RuleSet, Facts } from "./schema.js";
import { diffEvaluations, FACT_CLOCKS, suggestFacts } from "./suggest.js";
import {
  causeOfChange, classify, DEFAULT_LEAD_HOURS, inputsHash, type EvaluationCause, mergeFacts, remindersAt, REQUIRED_FACTS,
  type FactValues, type StoredFact,
} from "./facts.js";
import { pageOnObligation, pageRegulatorOnReport } from "../network/triggers.js";
import { evaluationStore, factStore, incidentRowStore, shareStore, filingStore, messageStore, orderStore, relationStore, reminderStore, reportStore } from "./store.js";

/** The window called "due soon" for an obligation whose rule set is no longer loaded (the rule sets' default). */
const DUE_SOON_HOURS = 48;

export const REMINDER_JOB = "obligations.remind";
export const RECOMPUTE_JOB = "obligations.recompute";

/** Reminders after commit, for the contact network to subscribe to (like incidents' gapChanged). */
export type ObligationReminder = {
  orgId: string; incidentId: string; obligationId: string; kind: "due_soon" | "overdue"; leadHours: number | null; dueAt: string;
};
export const obligationEvents = new EventEmitter<{ due_soon: [ObligationReminder]; overdue: [ObligationReminder] }>();

// Rule sets are loaded once per platform at start (registerObligationJobs); a bad file stops the start.
const RULES = new WeakMap<Platform, RuleSet[]>();
export const obligationRules = (p: Platform): RuleSet[] => {
  let sets = RULES.get(p);
  if (!sets) {
    sets = loadRuleSets(p.config.obligationRulesDir ?? DEFAULT_RULES_DIR);
    RULES.set(p, sets);
  }
  return sets;
};
const rulesVersion = (sets: readonly RuleSet[]) => sets.map((s) => `${s.id}@${s.version}`).join(",");

type Inputs = {
  orgId: string;
  fields: ReturnType<typeof mergeFacts>["fields"];
  facts: Facts | null;
  missing: string[];
  filings: { obligationId: string; filedAt: string }[];
};

/** People and people per data item from the finished imports of the affected-person registry (null before any). */
export const registryOf = async (db: Kysely<DB>, incidentId: string): Promise<{ people: number; peoplePerItem: Record<string, number> } | null> => {
  const imports = (await affectedStore.listImports(db, incidentId)).filter((i) => i.status === "done");
  return imports.length === 0 ? null : {
    people: imports.reduce((n, i) => n + Number(i.people_done), 0),
    peoplePerItem: imports.reduce<Record<string, number>>((acc, i) => {
      for (const [k, v] of Object.entries((i.summary as { itemCounts?: Record<string, number> }).itemCounts ?? {})) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
  };
};

/** Everything the engine takes for one incident, read in the caller's transaction. */
const gatherInputs = async (db: Kysely<DB>, tx: Tx, incident: { id: string; org_id: string; category: string }): Promise<Inputs> => {
  const clocks = await currentClocks(tx, incident.id);
  const registry = await registryOf(db, incident.id);
  const suggestion = suggestFacts({
    clocks: { leak_suspected: clocks.leak_suspected ?? null, leak_confirmed: clocks.leak_confirmed ?? null },
    category: incident.category as Parameters<typeof suggestFacts>[0]["category"],
    registry,
  });
  const stored = ((await factStore.get(db, incident.id))?.values ?? {}) as Record<string, StoredFact>;
  const { input, fields } = mergeFacts(stored, suggestion);
  const orders = (await orderStore.forIncident(db, incident.id)).map((o) => ({
    authority: o.authority, issuedAt: o.issued_at.toISOString(), dueAt: o.due_at.toISOString(), items: o.items,
  }));
  const filings = (await filingStore.list(db, incident.id))
    .filter((f) => f.signed_off_at !== null)
    .map((f) => ({ obligationId: f.obligation_id, filedAt: f.filed_at.toISOString() }));
  const missing = REQUIRED_FACTS.filter((f) => (input as Record<string, unknown>)[f] === undefined);
  const parsed = missing.length > 0 ? null : parseFacts({ ...input, orders });
  return {
    orgId: incident.org_id, fields, filings, facts: parsed?.ok ? parsed.facts : null,
    missing: parsed && !parsed.ok ? parsed.issues.map((i) => i.field) : missing,
  };
};

export const createObligationService = (p: Platform) => {
  /**
   * Reports as the caller sees them, each naming its submitter: the company reads its own users; for a regulator (or
   * an association the incident is shared with) the names are read as the platform, for reports it may read (the
   * caller checked `policiesForReport`, or RLS chose the rows).
   */
  const withSubmitters = async <R extends ReportRow>(rows: R[]): Promise<R[]> => {
    const unnamed = rows.filter((r) => r.submitted_by_name === null).map((r) => r.id);
    if (unnamed.length === 0) return rows;
    const names = await reportStore.submitterNames(p.db.system, unnamed);
    return rows.map((r) => (r.submitted_by_name === null ? { ...r, submitted_by_name: names.get(r.id) ?? null } : r));
  };
  /** A report's thread, each message naming its author: the other side's names are read as withSubmitters does. */
  const thread = async (db: Kysely<DB>, reportId: string) => {
    const rows = await messageStore.list(db, reportId);
    const unnamed = rows.filter((m) => m.author_name === null).map((m) => m.id);
    const names = await messageStore.authorNames(p.db.system, unnamed);
    return rows.map((m) => presentMessage(m.author_name === null ? { ...m, author_name: names.get(m.id) ?? null } : m));
  };

  const rules = obligationRules(p);
  const version = rulesVersion(rules);
  const bySetVersion = new Map(rules.map((s) => [`${s.id}@${s.version}`, s]));
  const setOf = (o: Obligation) => bySetVersion.get(`${o.ruleSet.id}@${o.ruleSet.version}`);
  /** "Due soon" as the obligation's rule set says (a stored evaluation keeps its rule set's id and version). */
  const dueSoonOf = (o: Obligation) => setOf(o)?.dueSoonHours ?? DUE_SOON_HOURS;
  /** Reminder lead times: SOKUHO_OBLIGATION_LEAD_HOURS for every rule set when set, else the rule set's `leadHours`. */
  const leadHoursOf = (o: Obligation): readonly number[] => p.config.obligationLeadHours ?? setOf(o)?.leadHours ?? DEFAULT_LEAD_HOURS;

  /**
   * Evaluates the incident now and stores the evaluation when its inputs (facts, signed filings, rule versions)
   * differ from the last stored one, with what changed. Returns the evaluation in force (null while facts are missing).
   */
  const refresh = async (
    db: Kysely<DB>, tx: Tx, incident: { id: string; org_id: string; category: string }, userId: string | null, hint?: EvaluationCause,
  ): Promise<{ inputs: Inputs; evaluation: Evaluation | null; stored: boolean }> => {
    // One evaluation at a time per incident: the second of two concurrent changes waits, then reads the first's
    // committed rows (READ COMMITTED: each statement sees what committed before it), so the newest stored
    // evaluation is always computed from every committed fact.
    await evaluationStore.lockIncident(db, incident.id);
    const inputs = await gatherInputs(db, tx, incident);
    if (!inputs.facts) return { inputs, evaluation: null, stored: false };
    const evaluation = evaluateObligations(inputs.facts, rules, p.now(), inputs.filings);
    const hash = inputsHash({ facts: inputs.facts, filings: inputs.filings, version });
    const last = await evaluationStore.latest(db, incident.id);
    if (last?.inputs_hash === hash) return { inputs, evaluation, stored: false };
    const previous = last ? { facts: (last.facts as { facts: Record<string, unknown> }).facts, filings: (last.facts as { filings: unknown }).filings } : null;
    const cause = causeOfChange(previous, { facts: inputs.facts as unknown as Record<string, unknown>, filings: inputs.filings }, hint);
    const changes = last ? diffEvaluations(last.result as Evaluation, evaluation) : [];
    await evaluationStore.insert(db, {
      org_id: incident.org_id, incident_id: incident.id, cause, inputs_hash: hash,
      facts: JSON.stringify({ facts: inputs.facts, filings: inputs.filings, rules: version }),
      result: JSON.stringify(evaluation), changes: JSON.stringify(changes), evaluated_by: userId, evaluated_at: p.now(),
    });
    return { inputs, evaluation, stored: true };
  };

  const incidentOf = (row: { id: string; org_id: string; category: string | null }) => ({ id: row.id, org_id: row.org_id, category: row.category ?? "other" });

  /**
   * The facts as they stand and the newest stored evaluation, its statuses as of now. Reads only: evaluations are
   * stored by the changes that cause them (facts, clocks, registry, orders, filings: `refresh` in their
   * transaction) and by the reminder job (a changed rule file).
   */
  const current = async (db: Kysely<DB>, tx: Tx, incident: { id: string; org_id: string; category: string }): Promise<{ inputs: Inputs; evaluation: Evaluation | null }> => {
    const inputs = await gatherInputs(db, tx, incident);
    if (!inputs.facts) return { inputs, evaluation: null };
    const last = await evaluationStore.latest(db, incident.id);
    if (!last) return { inputs, evaluation: null };
    const ev = last.result as Evaluation;
    return { inputs, evaluation: { ...ev, obligations: reEvaluateStatus(ev, p.now(), dueSoonOf) } };
  };

  /** The incident's obligations as the panel shows them. */
  const view = async (ctx: RequestContext, tx: Tx, incidentId: string) => {
    const { row } = await loadIncident(ctx, tx.db, incidentId);
    const pol = policiesForObligations(ctx.actor, incidentSubject(row));
    const { inputs, evaluation } = await current(tx.db, tx, incidentOf(row));
    const history = await evaluationStore.history(tx.db, incidentId, 50);
    const filings = await filingStore.list(tx.db, incidentId);
    const reports = row.org_id === ctx.actor.orgId ? await reportStore.forIncident(tx.db, incidentId) : [];
    const supervisors = row.org_id === ctx.actor.orgId ? await relationStore.supervisors(tx.db, row.org_id) : [];
    return {
      facts: { fields: inputs.fields, missing: inputs.missing, complete: inputs.facts !== null },
      evaluation,
      history: history.map((h) => ({ id: h.id, cause: h.cause, changes: h.changes as unknown[], evaluatedAt: h.evaluated_at.toISOString(), evaluatedBy: h.evaluated_by_name ?? null })),
      filings: filings.map((f) => ({
        id: f.id, obligationId: f.obligation_id, filedAt: f.filed_at.toISOString(), reference: f.reference, recordedAt: f.recorded_at.toISOString(),
        recordedBy: f.recorded_by_name ?? null, signedOffAt: f.signed_off_at?.toISOString() ?? null, signedOffBy: f.signed_off_by_name ?? null,
      })),
      reports: reports.map(presentReport),
      supervisors: supervisors.map((s) => ({ id: s.id, nameJa: s.name_ja, nameEn: s.name_en })),
      policies: pol,
    };
  };

  const withObligations = async (ctx: RequestContext, incidentId: string, need: keyof ReturnType<typeof policiesForObligations>, fn: (tx: Tx, row: Awaited<ReturnType<typeof loadIncident>>["row"]) => Promise<void>) =>
    inTenant(p, ctx, async (tx) => {
      const { row } = await loadIncident(ctx, tx.db, incidentId);
      authorize(policiesForObligations(ctx.actor, incidentSubject(row))[need]);
      await fn(tx, row);
      return view(ctx, tx, incidentId);
    });

  const sharesView = async (tx: Tx, incidentId: string, companyId: string, canShare: boolean) => ({
    shares: (await shareStore.forIncident(tx.db, incidentId)).map((s) => ({
      id: s.id, associationOrgId: s.association_org_id, association: { nameJa: s.name_ja, nameEn: s.name_en },
      sharedAt: s.shared_at.toISOString(), sharedBy: s.shared_by_name ?? null, revokedAt: s.revoked_at?.toISOString() ?? null, revokedBy: s.revoked_by_name ?? null,
    })),
    associations: (await shareStore.associations(tx.db, companyId)).map((a) => ({ id: a.id, nameJa: a.name_ja, nameEn: a.name_en })),
    policies: { share: canShare },
  });

  /**
   * The one way to an incident's shares: the company's own incident (its vendors and everyone else get a 404: shares
   * are the company's decision, RLS agrees); a `change` needs the share policy (CISO or org-admin) and runs in the
   * same transaction. Answers with the shares as they stand afterwards.
   */
  const onShares = (ctx: RequestContext, incidentId: string, change?: (tx: Tx, row: Awaited<ReturnType<typeof loadIncident>>["row"]) => Promise<void>) =>
    inTenant(p, ctx, async (tx) => {
      const { row } = await loadIncident(ctx, tx.db, incidentId);
      if (row.org_id !== ctx.actor.orgId) throw notFound();
      const pol = policiesForObligations(ctx.actor, { orgId: row.org_id });
      if (change) {
        authorize(pol.share);
        await change(tx, row);
      }
      return sharesView(tx, incidentId, row.org_id, pol.share);
    });

  return {
    refresh,
    current,

    get: (ctx: RequestContext, incidentId: string) => inTenant(p, ctx, (tx) => view(ctx, tx, incidentId)),

    /** Sets (or clears, with null) the person's value of each fact given; an override of a suggestion is audited. */
    setFacts: (ctx: RequestContext, incidentId: string, values: FactValues) =>
      withObligations(ctx, incidentId, "editFacts", async (tx, row) => {
        // Two saves at once: the second waits here and merges into the first's values (no lost field).
        await evaluationStore.lockIncident(tx.db, incidentId);
        const before = await gatherInputs(tx.db, tx, incidentOf(row));
        const stored = { ...(((await factStore.get(tx.db, incidentId))?.values ?? {}) as Record<string, StoredFact>) };
        const changed: { field: string; source: string; suggestedFrom: string | null; value: unknown }[] = [];
        for (const [field, value] of Object.entries(values)) {
          const shown = before.fields.find((f) => f.field === field)!;
          if (value === null) {
            if (stored[field]) changed.push({ field, source: "cleared", suggestedFrom: shown.suggestedFrom, value: null });
            delete stored[field];
            continue;
          }
          const source = classify(value, shown.suggestedFrom ? shown.suggested : undefined);
          stored[field] = { value, source };
          changed.push({ field, source, suggestedFrom: shown.suggestedFrom, value });
        }
        await factStore.upsert(tx.db, { incident_id: incidentId, org_id: row.org_id, values: JSON.stringify(stored), updated_by: ctx.actor.userId, updated_at: p.now() });
        // Facts are categories, counts, flags and times, never a person's data; the audit names each field and its source.
        if (changed.length > 0) {
          await p.audit.record(tx, auditMeta(ctx), {
            orgId: row.org_id, action: changed.some((c) => c.source === "override") ? "obligation.facts.override" : "obligation.facts.confirm",
            objectType: "incident", objectId: incidentId, after: { changed: changed.map((c) => c.field) },
          });
        }
        await refresh(tx.db, tx, incidentOf(row), ctx.actor.userId, "facts");
      }),

    recordFiling: (ctx: RequestContext, incidentId: string, input: { obligationId: string; filedAt: string; reference?: string | undefined }) =>
      withObligations(ctx, incidentId, "recordFiling", async (tx, row) => {
        const filedAt = new Date(input.filedAt);
        if (filedAt.getTime() > p.now().getTime()) throw new AppError("value_invalid", "body.filedAt");
        const { id } = await filingStore.insert(tx.db, {
          org_id: row.org_id, incident_id: incidentId, obligation_id: input.obligationId, filed_at: filedAt,
          reference: input.reference ?? "", recorded_by: ctx.actor.userId, recorded_at: p.now(),
        });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "obligation.filing.record", objectType: "obligation_filing", objectId: id,
          after: { incidentId, obligationId: input.obligationId, filedAt: filedAt.toISOString() },
        });
      }),

    signOff: (ctx: RequestContext, incidentId: string, filingId: string) =>
      withObligations(ctx, incidentId, "signOff", async (tx, row) => {
        const f = await filingStore.signOff(tx.db, incidentId, filingId, ctx.actor.userId, p.now());
        if (!f) throw notFound();
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "obligation.filing.sign_off", objectType: "obligation_filing", objectId: filingId,
          after: { incidentId, obligationId: f.obligation_id, filedAt: f.filed_at.toISOString() },
        });
        await refresh(tx.db, tx, incidentOf(row), ctx.actor.userId, "filing");
      }),

    /** A company submits a report (one obligation's document) to a regulator that supervises it. */
    submit: (ctx: RequestContext, incidentId: string, input: { obligationId: string; regulatorOrgId?: string | undefined; title: string; document: string }) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await loadIncident(ctx, tx.db, incidentId);
        authorize(policiesForObligations(ctx.actor, { orgId: row.org_id }).submit);
        const supervisors = await relationStore.supervisors(tx.db, row.org_id);
        const regulator = input.regulatorOrgId ? supervisors.find((s) => s.id === input.regulatorOrgId) : supervisors.length === 1 ? supervisors[0] : undefined;
        if (!regulator) throw new AppError("reference_invalid", "body.regulatorOrgId");
        const { evaluation } = await current(tx.db, tx, incidentOf(row));
        const obligation = evaluation?.obligations.find((o) => o.id === input.obligationId);
        if (!obligation) throw new AppError("reference_invalid", "body.obligationId");
        const same = await reportStore.lockAndFindSame(tx.db, { regulatorOrgId: regulator.id, incidentId, obligationId: obligation.id, document: input.document });
        if (same) throw new AppError("report_exists", "body.document");
        const { id } = await reportStore.insert(tx.db, {
          org_id: row.org_id, regulator_org_id: regulator.id, incident_id: incidentId, obligation_id: obligation.id, kind: obligation.kind,
          title: input.title, document: input.document, submitted_by: ctx.actor.userId, submitted_at: p.now(),
        });
        // The document may hold what the report says about people; the audit keeps its size, not its text.
        const after = { incidentId, obligationId: obligation.id, regulatorOrgId: regulator.id, documentChars: input.document.length };
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "obligation.report.submit", objectType: "obligation_report", objectId: id, after });
        const report = found(await reportStore.get(tx.db, id));
        await pageRegulatorOnReport(p, tx, {
          companyOrgId: row.org_id, companyName: { ja: report.company_name_ja, en: report.company_name_en }, regulatorOrgId: regulator.id,
          reportId: id, title: input.title, incidentId,
        });
        return { report: presentReport(report) };
      }),

    report: (ctx: RequestContext, reportId: string) =>
      inTenant(p, ctx, async (tx) => {
        const r = await reportStore.get(tx.db, reportId);
        if (!r) throw notFound();
        const pol = policiesForReport(ctx.actor, { orgId: r.org_id, regulatorOrgId: r.regulator_org_id });
        if (!pol.read) throw notFound();
        const [named] = await withSubmitters([r]);
        return { report: { ...presentReport(named!), document: r.document }, messages: await thread(tx.db, reportId), policies: pol };
      }),

    reply: (ctx: RequestContext, reportId: string, body: string) =>
      inTenant(p, ctx, async (tx) => {
        const r = await reportStore.get(tx.db, reportId);
        if (!r) throw notFound();
        const pol = policiesForReport(ctx.actor, { orgId: r.org_id, regulatorOrgId: r.regulator_org_id });
        if (!pol.read) throw notFound();
        authorize(pol.reply);
        const { id } = await messageStore.insert(tx.db, {
          reportId, orgId: r.org_id, regulatorId: r.regulator_org_id, authorOrgId: ctx.actor.orgId, authorUserId: ctx.actor.userId, body, at: p.now(),
        });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "obligation.report.message", objectType: "obligation_report", objectId: reportId, after: { messageId: id, chars: body.length },
        });
        return { messages: await thread(tx.db, reportId) };
      }),

    /** An incident's shares with associations and the associations the company is a member of. */
    shares: (ctx: RequestContext, incidentId: string) => onShares(ctx, incidentId),

    /**
     * Shares the incident's obligations and reports with an association the company is a member of (audited). Any
     * other organisation is a 404, the same as one that does not exist; a live share already there is a 409.
     */
    share: (ctx: RequestContext, incidentId: string, associationOrgId: string) =>
      onShares(ctx, incidentId, async (tx, row) => {
        const associations = await shareStore.associations(tx.db, row.org_id);
        if (!associations.some((a) => a.id === associationOrgId)) throw notFound();
        const share = await shareStore.insert(tx.db, {
          org_id: row.org_id, incident_id: incidentId, association_org_id: associationOrgId, shared_by: ctx.actor.userId, shared_at: p.now(),
        });
        if (!share) throw new AppError("share_exists", "body.associationOrgId");
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "obligation.share.create", objectType: "obligation_share", objectId: share.id, after: { incidentId, associationOrgId },
        });
      }),

    /** Revokes a share: from now on the association sees nothing of the incident (the row stays, with who and when). */
    revokeShare: (ctx: RequestContext, incidentId: string, shareId: string) =>
      onShares(ctx, incidentId, async (tx, row) => {
        const r = await shareStore.revoke(tx.db, incidentId, shareId, ctx.actor.userId, p.now());
        if (!r) throw notFound();
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "obligation.share.revoke", objectType: "obligation_share", objectId: shareId, after: { incidentId, associationOrgId: r.association_org_id },
        });
      }),

    /** The association's read-only list: what its members shared (obligations now, reports submitted). */
    shared: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "shares.read"));
      return inTenant(p, ctx, async (tx) => {
        const shares = await shareStore.toAssociation(tx.db, ctx.actor.orgId);
        const incidentIds = [...new Set(shares.map((s) => s.incident_id))];
        const evaluations = new Map((await evaluationStore.latestOf(tx.db, incidentIds)).map((e) => [e.incident_id, e]));
        // RLS gave the reports of incidents shared with this association: it may read who submitted them.
        const reports = await withSubmitters(await reportStore.forIncidents(tx.db, incidentIds));
        return {
          shares: shares.map((s) => {
            const e = evaluations.get(s.incident_id);
            return {
              id: s.id, companyOrgId: s.org_id, company: { nameJa: s.name_ja, nameEn: s.name_en }, incidentId: s.incident_id, sharedAt: s.shared_at.toISOString(),
              obligations: e ? reEvaluateStatus(e.result as Evaluation, p.now(), dueSoonOf).filter((o) => o.required).map(pickObligation) : [],
              reports: reports.filter((r) => r.incident_id === s.incident_id).map(presentReport),
            };
          }),
        };
      });
    },

    /** The regulator's inbox: reports submitted to it and the obligations due across the companies it supervises. */
    inbox: (ctx: RequestContext, filter: { companyOrgId?: string | undefined; status?: Obligation["status"] | undefined; kind?: string | undefined }) => {
      authorize(canInOrg(ctx.actor, "inbox.read"));
      return inTenant(p, ctx, async (tx) => {
        const companies = await relationStore.supervised(tx.db, ctx.actor.orgId);
        const ids = companies.map((c) => c.id).filter((id) => !filter.companyOrgId || id === filter.companyOrgId);
        // Reports submitted to this regulator by companies it supervises: what policiesForReport lets it read.
        const reports = await withSubmitters((await reportStore.toRegulator(tx.db, ctx.actor.orgId, filter.companyOrgId))
          .filter((r) => ids.includes(r.org_id) && policiesForReport(ctx.actor, { orgId: r.org_id, regulatorOrgId: r.regulator_org_id }).read));
        const obligations = (await evaluationStore.latestPerIncident(tx.db, ids)).flatMap((e) => {
          const again = reEvaluateStatus(e.result as Evaluation, p.now(), dueSoonOf);
          return again.map((o) => ({
            companyOrgId: e.org_id, companyNameJa: e.name_ja, companyNameEn: e.name_en, incidentId: e.incident_id, incidentRef: e.ref ?? null,
            ...pickObligation(o),
          }));
        }).filter((o) => o.required && (!filter.status || o.status === filter.status) && (!filter.kind || o.kind === filter.kind));
        return {
          companies: companies.map((c) => ({ id: c.id, nameJa: c.name_ja, nameEn: c.name_en })),
          reports: reports.map(presentReport),
          obligations,
          policies: { issueOrder: canInOrg(ctx.actor, "orders.issue") },
        };
      });
    },

    /** Obligations of the organisation's own incidents that are due soon or overdue (the dashboard). */
    due: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "obligations.list"));
      return inTenant(p, ctx, async (tx) => ({
        obligations: (await evaluationStore.latestPerIncident(tx.db, [ctx.actor.orgId])).flatMap((e) =>
          reEvaluateStatus(e.result as Evaluation, p.now(), dueSoonOf)
            .filter((o) => o.status === "due_soon" || o.status === "overdue")
            .map((o) => ({ incidentId: e.incident_id, incidentRef: e.ref ?? null, incidentTitle: e.title ?? null, ...pickObligation(o) }))),
      }));
    },

    /** A regulator issues an order to one supervised company or to all of them; each gets it as an obligation. */
    issueOrder: (ctx: RequestContext, input: { authority: string; title: string; items: string[]; issuedAt?: string | undefined; dueAt: string; companyOrgId?: string | undefined; all?: boolean | undefined }) => {
      authorize(canInOrg(ctx.actor, "orders.issue"));
      return inTenant(p, ctx, async (tx) => {
        const supervised = await relationStore.supervised(tx.db, ctx.actor.orgId);
        const targets = input.all ? supervised : supervised.filter((c) => c.id === input.companyOrgId);
        if (targets.length === 0) throw new AppError("reference_invalid", input.all ? "body.all" : "body.companyOrgId");
        const issuedAt = input.issuedAt ? new Date(input.issuedAt) : p.now();
        const dueAt = new Date(input.dueAt);
        if (dueAt.getTime() <= issuedAt.getTime()) throw new AppError("value_invalid", "body.dueAt");
        const order = await orderStore.insert(tx.db, {
          regulator_org_id: ctx.actor.orgId, authority: input.authority, title: input.title, items: JSON.stringify(input.items),
          issued_at: issuedAt, due_at: dueAt, created_by: ctx.actor.userId, created_at: p.now(),
        });
        for (const c of targets) await orderStore.addTarget(tx.db, order.id, ctx.actor.orgId, c.id);
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "obligation.order.issue", objectType: "regulator_order", objectId: order.id,
          after: { authority: input.authority, items: input.items.length, dueAt: dueAt.toISOString(), companies: targets.map((c) => c.id) },
        });
        return { order: { id: order.id, companies: targets.length } };
      });
    },

    orders: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "orders.read"));
      return inTenant(p, ctx, async (tx) => ({
        orders: (await orderStore.list(tx.db, ctx.actor.orgId)).map((o) => ({
          id: o.id, authority: o.authority, title: o.title, items: o.items, issuedAt: o.issued_at.toISOString(), dueAt: o.due_at.toISOString(),
          company: { id: o.company_org_id, nameJa: o.company_name_ja, nameEn: o.company_name_en },
          regulator: { id: o.regulator_org_id, nameJa: o.regulator_name_ja, nameEn: o.regulator_name_en },
          incidentId: o.company_org_id === ctx.actor.orgId ? o.incident_id : null,
          linkedAt: o.linked_at?.toISOString() ?? null,
        })),
      }));
    },

    /** The company attaches an order it received to one of its incidents: the order's report becomes its obligation. */
    linkOrder: (ctx: RequestContext, orderId: string, incidentId: string | null) =>
      inTenant(p, ctx, async (tx) => {
        // Only the company the order went to has it (404 for everyone else), and only who may open incidents files it.
        if (!(await orderStore.target(tx.db, orderId, ctx.actor.orgId))) throw notFound();
        authorize(canInOrg(ctx.actor, "incidents.create"));
        const before = await orderStore.target(tx.db, orderId, ctx.actor.orgId);
        const linked = incidentId ? (await loadIncident(ctx, tx.db, incidentId, "update")).row : null;
        if (linked && linked.org_id !== ctx.actor.orgId) throw new AppError("reference_invalid", "body.incidentId");
        const r = await orderStore.link(tx.db, orderId, ctx.actor.orgId, incidentId, p.now());
        if (!r) throw notFound();
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "obligation.order.link", objectType: "regulator_order", objectId: orderId, before: { incidentId: before?.incident_id ?? null }, after: { incidentId } });
        // Both incidents' answers change now, so the regulator's inbox does not wait for the next run of the job.
        if (linked) await refresh(tx.db, tx, incidentOf(linked), ctx.actor.userId, "order");
        if (before?.incident_id && before.incident_id !== incidentId) {
          const old = await loadIncident(ctx, tx.db, before.incident_id);
          await refresh(tx.db, tx, incidentOf(old.row), ctx.actor.userId, "order");
        }
        return { orderId, incidentId };
      }),

    /**
     * Recomputes an incident as the platform (after a clock or registry change, and every minute) and raises each
     * reminder that holds now and was not raised before: an audit row in the company's chain and an event after commit.
     */
    remind: async (incidentId: string, leadHours?: readonly number[]): Promise<ObligationReminder[]> =>
      p.db.systemTx(async (tx) => {
        const inc = await incidentRowStore.get(tx.db, incidentId);
        if (!inc) return [];
        const { evaluation } = await refresh(tx.db, tx, incidentOf(inc), null);
        if (!evaluation) return [];
        const raised: ObligationReminder[] = [];
        for (const r of remindersAt(evaluation, p.now(), leadHours ?? leadHoursOf)) {
          const isNew = await reminderStore.raise(tx.db, { orgId: inc.org_id, incidentId, obligationId: r.obligationId, reminder: r.reminder, dueAt: r.dueAt, at: p.now() });
          if (!isNew) continue;
          const event: ObligationReminder = { orgId: inc.org_id, incidentId, obligationId: r.obligationId, kind: r.kind, leadHours: r.leadHours, dueAt: r.dueAt.toISOString() };
          await p.audit.record(tx, { actor: { userId: null, orgId: null } }, {
            orgId: inc.org_id, action: `obligation.${r.kind}`, objectType: "incident", objectId: incidentId,
            after: { obligationId: r.obligationId, dueAt: event.dueAt, leadHours: r.leadHours },
          });
          await pageOnObligation(p, tx, event);
          tx.afterCommit(() => void obligationEvents.emit(r.kind, event));
          raised.push(event);
        }
        return raised;
      }),
  };
};
export type ObligationService = ReturnType<typeof createObligationService>;

/** The stored answer with its statuses as of now (a stored evaluation's statuses are those of its own moment). */
const reEvaluateStatus = (ev: Evaluation, now: Date, dueSoonOf: (o: Obligation) => number): Obligation[] =>
  ev.obligations.map((o) => (!o.required || o.filedAt ? o : {
    ...o, status: statusOf(o.dueAt ? new Date(o.dueAt) : null, o.targetAt ? new Date(o.targetAt) : null, null, now, dueSoonOf(o)),
  }));

const pickObligation = (o: Obligation) => ({
  obligationId: o.id, regime: o.regime, kind: o.kind, title: o.title, authority: o.authority, required: o.required,
  status: o.status, targetAt: o.targetAt, dueAt: o.dueAt, filedAt: o.filedAt, reason: o.reason,
});

type ReportRow = NonNullable<Awaited<ReturnType<typeof reportStore.get>>> | Awaited<ReturnType<typeof reportStore.toRegulator>>[number];
const presentReport = (r: ReportRow) => ({
  id: r.id, orgId: r.org_id, regulatorOrgId: r.regulator_org_id, incidentId: r.incident_id, incidentRef: r.incident_ref ?? null,
  obligationId: r.obligation_id, kind: r.kind, title: r.title, submittedAt: r.submitted_at.toISOString(),
  company: { nameJa: r.company_name_ja, nameEn: r.company_name_en }, submittedBy: r.submitted_by_name ?? null,
});

const presentMessage = (m: Awaited<ReturnType<typeof messageStore.list>>[number]) => ({
  id: m.id, body: m.body, createdAt: m.created_at.toISOString(), authorOrgId: m.author_org_id,
  authorOrg: { nameJa: m.name_ja, nameEn: m.name_en }, authorName: m.author_name ?? null,
});

/** Loads the rule sets (a bad file stops the start, naming file, rule and field) and defines the reminder jobs. */
export const registerObligationJobs = (p: Platform): void => {
  obligationRules(p);
  // A clock, the category or the registry changed: recompute in the cause's transaction (incidents/hooks.ts).
  onIncidentFactsChanged(p, "obligations", async (tx, change) => {
    if (change.cause === "clock" && !FACT_CLOCKS.includes(change.clock ?? "")) return;
    const inc = await incidentRowStore.get(tx.db, change.incidentId);
    if (!inc) return;
    await createObligationService(p).refresh(tx.db, tx, { id: inc.id, org_id: inc.org_id, category: inc.category }, change.userId,
      change.cause === "category" ? "facts" : change.cause);
  });
  p.jobs.define<{ incidentId?: string }>({
    name: REMINDER_JOB,
    schedule: "* * * * *",
    retryLimit: 2,
    handler: async ({ incidentId }) => {
      const svc = createObligationService(p);
      const ids = incidentId ? [incidentId] : (await reminderStore.openIncidents(p.db.system)).map((r) => r.id);
      for (const id of ids) await svc.remind(id);
    },
  });
};
