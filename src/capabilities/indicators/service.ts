/** Indicator commands on an incident: validated and normalised, one row per (type, normalized) value. */
import { changedFields } from "../../platform/audit/chain.js";
import type { z } from "zod";
import type { Kysely } from "kysely";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { DB, IndicatorType, Tlp } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import { translator } from "../../platform/i18n/i18n.js";
import { authorize } from "../../platform/policies/policies.js";
import { loadIncident as loadIncidentFor } from "../incidents/access.js";
import {
  INDICATOR_FORMATS, MAX_BULK_LINES, normalizeIndicator, splitBulk, type IndicatorProblem,
  type ZIndicatorInput, type ZIndicatorPatch,
} from "./domain.js";
import { indicatorStore, type IndicatorRow } from "./store.js";

type Access = { ownerOrgId: string; policies: { update: boolean; delete: boolean } };

/** The incident as this actor may use it; vendors change indicators under a write grant but never delete (RLS agrees). */
const loadIncident = async (ctx: RequestContext, db: Kysely<DB>, id: string): Promise<Access> => {
  const { row, pol } = await loadIncidentFor(ctx, db, id);
  return { ownerOrgId: row.org_id, policies: { update: pol.update, delete: pol.update && row.org_id === ctx.actor.orgId } };
};

/** The error for a value that is not an indicator, in the request's language, naming the field and what was expected. */
export const indicatorError = (ctx: RequestContext, p: IndicatorProblem, field: string): AppError =>
  p.problem === "invalid"
    ? new AppError("indicator_invalid", field, { type: p.type, expected: INDICATOR_FORMATS[p.type][ctx.locale] })
    : p.problem === "undetected"
      ? new AppError("indicator_type_unknown", field)
      : new AppError("validation", field, { detail: ctx.locale === "ja" ? "値が空です" : "the value is empty" });

const present = (r: IndicatorRow, access: Access) => ({
  id: r.id,
  incidentId: r.incident_id,
  type: r.type,
  value: r.value,
  normalized: r.normalized,
  tlp: r.tlp as Tlp,
  description: r.description,
  createdAt: r.created_at.toISOString(),
  policies: access.policies,
});
type BulkLine = { line: number; status: "created" | "duplicate" | "invalid"; indicator?: ReturnType<typeof present>; error?: { code: string; message: string } };

export const createIndicatorService = (p: Platform) => {
  // The value itself stays out of the audit log: an email address is personal data. The id names the row.
  const snapshot = (r: IndicatorRow) => ({ incidentId: r.incident_id, type: r.type, tlp: r.tlp });

  const addOne = async (
    ctx: RequestContext, tx: Tx, access: Access, incidentId: string,
    v: { type: IndicatorType; value: string; normalized: string; tlp?: Tlp; description?: string },
  ) => {
    const row = await indicatorStore.insertIfNew(tx.db, {
      orgId: access.ownerOrgId, incidentId, type: v.type, value: v.value, normalized: v.normalized,
      tlp: v.tlp ?? "amber", description: v.description ?? "", createdBy: ctx.actor.userId,
    });
    if (!row) return { indicator: present((await indicatorStore.findByNormalized(tx.db, incidentId, v.type, v.normalized))!, access), duplicate: true };
    await p.audit.record(tx, auditMeta(ctx), { orgId: access.ownerOrgId, action: "indicator.create", objectType: "indicator", objectId: row.id, after: snapshot(row) });
    return { indicator: present(row, access), duplicate: false };
  };

  return {
    list: (ctx: RequestContext, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        return { indicators: (await indicatorStore.list(tx.db, incidentId)).map((r) => present(r, access)), policies: { create: access.policies.update } };
      }),

    /** One value: the new indicator, or the existing one with `duplicate: true`. */
    create: (ctx: RequestContext, incidentId: string, input: z.infer<typeof ZIndicatorInput> & { value: string }) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        authorize(access.policies.update);
        const n = normalizeIndicator(input.value, input.type);
        if (!n.ok) throw indicatorError(ctx, n, "body.value");
        return addOne(ctx, tx, access, incidentId, { ...n, tlp: input.tlp, description: input.description });
      }),

    /** Many values, one per line: each valid line is added (or found), each invalid one reported with its line number. */
    createBulk: (ctx: RequestContext, incidentId: string, input: z.infer<typeof ZIndicatorInput> & { bulk: string }) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        authorize(access.policies.update);
        const lines = splitBulk(input.bulk);
        if (lines.length === 0) throw new AppError("validation", "body.bulk", { detail: ctx.locale === "ja" ? "値がありません" : "no values" });
        if (lines.length > MAX_BULK_LINES) throw new AppError("validation", "body.bulk", { detail: `max ${MAX_BULK_LINES}` });
        const t = translator(ctx.locale);
        const results: BulkLine[] = [];
        for (const { line, raw } of lines) {
          const n = normalizeIndicator(raw, input.type);
          if (!n.ok) {
            const e = indicatorError(ctx, n, ctx.locale === "ja" ? `${line} 行目` : `line ${line}`);
            results.push({ line, status: "invalid" as const, error: { code: e.code, message: t(`errors.${e.code}`, { ...e.params, label: e.field ?? "" }) } });
            continue;
          }
          const r = await addOne(ctx, tx, access, incidentId, { ...n, tlp: input.tlp, description: input.description });
          results.push({ line, status: r.duplicate ? ("duplicate" as const) : ("created" as const), indicator: r.indicator });
        }
        const count = (s: string) => results.filter((r) => r.status === s).length;
        return { results, created: count("created"), duplicates: count("duplicate"), invalid: count("invalid") };
      }),

    update: (ctx: RequestContext, incidentId: string, id: string, patch: z.infer<typeof ZIndicatorPatch>) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        const before = await indicatorStore.get(tx.db, incidentId, id);
        if (!before) throw notFound();
        authorize(access.policies.update);
        const after = found(await indicatorStore.update(tx.db, incidentId, id, patch));
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: access.ownerOrgId, action: "indicator.update", objectType: "indicator", objectId: id,
          before: snapshot(before), after: { ...snapshot(after), changed: changedFields(before, after, ["type", "tlp", "description"]) },
        });
        return present(after, access);
      }),

    remove: (ctx: RequestContext, incidentId: string, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        const before = await indicatorStore.get(tx.db, incidentId, id);
        if (!before) throw notFound();
        authorize(access.policies.delete);
        found(await indicatorStore.delete(tx.db, incidentId, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: access.ownerOrgId, action: "indicator.delete", objectType: "indicator", objectId: id, before: snapshot(before) });
      }),
  };
};
