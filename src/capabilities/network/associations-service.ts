/**
 * Which associations a regulator works with (migration 0024). A regulator's broadcast "to the associations" (and
 * "to everyone related") reaches exactly these, through sokuho_broadcast_reach(); the relation used to be implied by
 * the regulator supervising some member of the association. The regulator's org-admins add and remove it; the
 * association's see it and may end it. Each change is audited; row-level security is the second wall.
 */
import type { Platform, RequestContext } from "../../platform/context.js";
import { auditMeta, inTenant } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, found } from "../../platform/http/errors.js";
import { authorize, policiesForRegulatorAssociations } from "../../platform/policies/policies.js";
import { regulatorAssociationStore as store } from "./associations-store.js";
import type { RegulatorAssociations } from "./associations-contract.js";

export const createRegulatorAssociationService = (p: Platform) => {
  const view = async (ctx: RequestContext, tx: Tx): Promise<RegulatorAssociations> => {
    const policies = policiesForRegulatorAssociations(ctx.actor);
    const links = await store.linksOf(tx.db, ctx.actor.orgId);
    const candidates = policies.add ? await store.candidates(tx.db, ctx.actor.orgId) : [];
    return {
      links: links.map((l) => ({ id: l.id, kind: l.kind, nameJa: l.name_ja, nameEn: l.name_en, since: new Date(l.created_at).toISOString() })),
      candidates: candidates.map((c) => ({ id: c.id, nameJa: c.name_ja, nameEn: c.name_en })),
      policies,
    };
  };

  return {
    list: (ctx: RequestContext) => {
      authorize(policiesForRegulatorAssociations(ctx.actor).read);
      return inTenant(p, ctx, (tx) => view(ctx, tx));
    },

    add: (ctx: RequestContext, associationOrgId: string) => {
      authorize(policiesForRegulatorAssociations(ctx.actor).add);
      return inTenant(p, ctx, async (tx) => {
        if ((await store.orgKind(tx.db, associationOrgId)) !== "association") throw new AppError("reference_invalid", "body.associationOrgId");
        const added = await store.insert(tx.db, ctx.actor.orgId, associationOrgId, ctx.actor.userId, p.now());
        if (added) {
          await p.audit.record(tx, auditMeta(ctx), {
            orgId: ctx.actor.orgId, action: "regulator_association.add", objectType: "organization", objectId: associationOrgId,
            after: { regulatorOrgId: ctx.actor.orgId, associationOrgId },
          });
        }
        return view(ctx, tx);
      });
    },

    remove: (ctx: RequestContext, otherOrgId: string) => {
      authorize(policiesForRegulatorAssociations(ctx.actor).remove);
      return inTenant(p, ctx, async (tx) => {
        const row = found(await store.remove(tx.db, ctx.actor.orgId, otherOrgId));
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "regulator_association.remove", objectType: "organization", objectId: otherOrgId,
          before: { regulatorOrgId: row.regulator_org_id, associationOrgId: row.association_org_id },
        });
        return view(ctx, tx);
      });
    },
  };
};
