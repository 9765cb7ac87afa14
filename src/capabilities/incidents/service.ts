/** Incident commands (a minimal record for now) and the vendor access grants a company gives on them. */
import type { z } from "zod";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForIncident } from "../../platform/policies/policies.js";
import type { IncidentStatus, Severity } from "../../platform/db/schema.js";
import { grantExpiryProblem, grantIsActive, incidentRef, type ZIncidentInput, type ZIncidentPatch } from "./domain.js";
import { grantStore, incidentStore } from "./store.js";
import { orgStore } from "../orgs/store.js";

type IncidentRow = NonNullable<Awaited<ReturnType<typeof incidentStore.get>>>;

export const createIncidentService = (p: Platform) => {
  const present = (ctx: RequestContext, r: IncidentRow) => {
    const grant = r.grant_access ? { access: r.grant_access } : null;
    return {
      id: r.id,
      orgId: r.org_id,
      ref: r.ref,
      title: r.title,
      summary: r.summary,
      status: r.status as IncidentStatus,
      severity: r.severity as Severity,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      owner: { id: r.org_id, nameJa: r.owner_name_ja, nameEn: r.owner_name_en },
      access: (r.org_id === ctx.actor.orgId ? "owner" : `grant-${r.grant_access ?? "read"}`) as "owner" | "grant-read" | "grant-write",
      policies: policiesForIncident(ctx.actor, { orgId: r.org_id, grant }),
    };
  };
  const snapshot = (r: IncidentRow) => ({ ref: r.ref, title: r.title, status: r.status, severity: r.severity });

  /** Loads an incident the actor may see; RLS already hides the rest, the policy check is the first wall. */
  const load = async (ctx: RequestContext, db: Parameters<typeof incidentStore.get>[0], id: string) => {
    const row = await incidentStore.get(db, ctx.actor.orgId, id);
    if (!row) throw notFound();
    const pol = policiesForIncident(ctx.actor, { orgId: row.org_id, grant: row.grant_access ? { access: row.grant_access } : null });
    if (!pol.read) throw notFound();
    return { row, pol };
  };

  return {
    list: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "incidents.list"));
      return inTenant(p, ctx, async (tx) => ({
        incidents: (await incidentStore.list(tx.db, ctx.actor.orgId))
          .filter((r) => r.org_id === ctx.actor.orgId || r.grant_access !== null)
          .map((r) => present(ctx, r)),
        policies: { create: canInOrg(ctx.actor, "incidents.create") },
      }));
    },

    get: (ctx: RequestContext, id: string) => inTenant(p, ctx, async (tx) => present(ctx, (await load(ctx, tx.db, id)).row)),

    create: async (ctx: RequestContext, input: z.infer<typeof ZIncidentInput>) => {
      authorize(canInOrg(ctx.actor, "incidents.create"));
      return inTenant(p, ctx, async (tx) => {
        const ref = incidentRef(p.now(), await incidentStore.nextNumber(tx.db, ctx.actor.orgId));
        const { id } = await incidentStore.insert(tx.db, {
          org_id: ctx.actor.orgId, ref, title: input.title, summary: input.summary ?? "", severity: input.severity ?? "medium", created_by: ctx.actor.userId,
        });
        const row = (await incidentStore.get(tx.db, ctx.actor.orgId, id))!;
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "incident.create", objectType: "incident", objectId: id, after: snapshot(row) });
        return present(ctx, row);
      });
    },

    update: (ctx: RequestContext, id: string, patch: z.infer<typeof ZIncidentPatch>) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await load(ctx, tx.db, id);
        authorize(pol.update);
        await incidentStore.update(tx.db, id, { ...patch, updated_at: p.now() });
        const after = (await incidentStore.get(tx.db, ctx.actor.orgId, id))!;
        // A vendor's change is recorded in the owning company's chain.
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "incident.update", objectType: "incident", objectId: id, before: snapshot(row), after: snapshot(after) });
        return present(ctx, after);
      }),

    remove: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await load(ctx, tx.db, id);
        authorize(pol.delete);
        await incidentStore.delete(tx.db, ctx.actor.orgId, id);
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "incident.delete", objectType: "incident", objectId: id, before: snapshot(row) });
      }),

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
