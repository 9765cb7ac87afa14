/**
 * Page commands for the routes: the page board and a page's timeline, a manual page, acknowledge and resolve from
 * the UI or the API, and the signed single-use links of the messages (shown on GET, acted on POST only, so a mail
 * client's link pre-fetcher cannot acknowledge).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForPage } from "../../platform/policies/policies.js";
import type { PageStatusValue } from "../../platform/db/schema.js";
import { actOnPage, pageFromJson, raisePage } from "./page-engine.js";
import { pageStore, reachStore, type PageRow } from "./pages-store.js";
import { createLinkService } from "./links.js";
import { policyStore } from "./config-store.js";

export const ZManualPage = z.strictObject({
  titleJa: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().min(1).max(300).optional(),
  policyId: z.string().uuid(),
  incidentId: z.string().uuid().optional(),
  isDrill: z.boolean().default(false),
});
export const ZPageListQuery = z.strictObject({
  status: z.enum(["triggered", "acknowledged", "resolved", "exhausted"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

type ListRow = Awaited<ReturnType<typeof pageStore.list>>[number];
const presentPage = (ctx: RequestContext, r: ListRow | PageRow, sourceOrg: { name_ja: string; name_en: string } | null) => {
  const state = r.state ? pageFromJson(r.state) : null;
  return {
    id: r.id,
    title: { ja: r.title_ja, en: r.title_en },
    status: r.status as PageStatusValue,
    step: state?.step ?? 0,
    round: state?.round ?? 0,
    steps: state?.policy.steps.length ?? 0,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    sourceOrg: r.source_org_id && r.source_org_id !== r.org_id && sourceOrg ? { id: r.source_org_id, nameJa: sourceOrg.name_ja, nameEn: sourceOrg.name_en } : null,
    incidentId: r.source_org_id === r.org_id || r.source_org_id === null ? r.incident_id : null,
    isDrill: r.is_drill,
    createdAt: r.created_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    nextWakeAt: r.next_wake_at?.toISOString() ?? null,
    policies: policiesForPage(ctx.actor, { orgId: r.org_id, status: r.status }),
  };
};

export const createPageService = (p: Platform) => {
  const links = createLinkService(p);
  const detail = async (ctx: RequestContext, db: Parameters<typeof pageStore.get>[0], id: string) => {
    const row = await pageStore.get(db, id);
    if (!row || row.org_id !== ctx.actor.orgId) throw notFound();
    const sourceOrg = row.source_org_id ? await reachStore.org(db, row.source_org_id).catch(() => undefined) : undefined;
    const state = row.state ? pageFromJson(row.state) : null;
    const events = await pageStore.events(db, id);
    return {
      page: {
        ...presentPage(ctx, row, sourceOrg ?? null),
        policy: state ? { repeat: state.policy.repeat, steps: state.policy.steps.map((s) => ({ timeoutMinutes: s.timeoutMinutes, targets: [...s.targets] })) } : null,
        policyVersion: row.policy_version,
      },
      events: events.map((e) => ({
        id: e.id, at: e.at.toISOString(), kind: e.kind, step: e.step, round: e.round, reason: e.reason, via: e.via,
        by: e.by_user_id ? { id: e.by_user_id, name: e.by_name ?? "" } : null,
        recipients: ((e.detail as { recipients?: string[] }).recipients ?? []).length,
        messages: (e.detail as { messages?: number }).messages ?? 0,
      })),
    };
  };

  const act = (ctx: RequestContext, id: string, action: "acknowledge" | "resolve") =>
    inTenant(p, ctx, async (tx) => {
      const row = await pageStore.lock(tx.db, id);
      if (!row || row.org_id !== ctx.actor.orgId) throw notFound();
      authorize(policiesForPage(ctx.actor, { orgId: row.org_id, status: row.status })[action]);
      const r = await actOnPage(tx, row, action, ctx.actor.userId, ctx.actor.tokenId ? "api" : "ui", p.now());
      if (r.changed) {
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: `network.page.${action}`, objectType: "network_page", objectId: id, after: { status: r.status, via: ctx.actor.tokenId ? "api" : "ui" },
        });
      }
      return detail(ctx, tx.db, id);
    });

  return {
    list: (ctx: RequestContext, query: z.infer<typeof ZPageListQuery>) => {
      authorize(canInOrg(ctx.actor, "network.read"));
      return inTenant(p, ctx, async (tx) => ({
        pages: (await pageStore.list(tx.db, ctx.actor.orgId, { status: query.status, limit: query.limit })).map((r) =>
          presentPage(ctx, r, r.source_org_name_ja ? { name_ja: r.source_org_name_ja, name_en: r.source_org_name_en ?? "" } : null)),
        policies: { page: canInOrg(ctx.actor, "network.page") },
      }));
    },

    get: (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "network.read"));
      return inTenant(p, ctx, (tx) => detail(ctx, tx.db, id));
    },

    /** A member pages a policy of their organisation by hand. */
    page: (ctx: RequestContext, input: z.infer<typeof ZManualPage>) => {
      authorize(canInOrg(ctx.actor, "network.page"));
      return inTenant(p, ctx, async (tx) => {
        const policy = await policyStore.get(tx.db, input.policyId);
        if (!policy || policy.orgId !== ctx.actor.orgId) throw new AppError("reference_invalid", "body.policyId");
        if (input.incidentId) {
          if (!(await reachStore.isOwnIncident(tx.db, ctx.actor.orgId, input.incidentId))) throw new AppError("reference_invalid", "body.incidentId");
        }
        const raised = (await raisePage(tx, { p, asTenant: true }, {
          orgId: ctx.actor.orgId, event: { kind: "manual", id: null }, policyId: policy.id,
          title: { ja: input.titleJa, en: input.titleEn ?? input.titleJa }, incidentId: input.incidentId ?? null, isDrill: input.isDrill,
          dedupKey: `manual:${ctx.requestId ?? randomUUID()}`, createdBy: ctx.actor.userId,
        }))!;
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "network.page.raise", objectType: "network_page", objectId: raised.pageId,
          after: { kind: "manual", incidentId: input.incidentId ?? null, steps: policy.steps.length },
        });
        return detail(ctx, tx.db, raised.pageId);
      });
    },

    acknowledge: (ctx: RequestContext, id: string) => act(ctx, id, "acknowledge"),
    resolve: (ctx: RequestContext, id: string) => act(ctx, id, "resolve"),

    /** What a link would do, without doing it (a GET, which pre-fetchers and previews make). */
    showLink: async (token: string) => {
      const link = await links.find("page", token);
      if (!link) throw new AppError("action_link_invalid");
      const row = (await pageStore.get(p.db.system, link.page_id!))!;
      const org = (await reachStore.org(p.db.system, row.org_id))!;
      const now = p.now();
      return {
        action: link.action,
        state: (link.used_at ? "used" : link.expires_at.getTime() <= now.getTime() ? "expired" : "ready") as "ready" | "used" | "expired",
        expiresAt: link.expires_at.toISOString(),
        page: {
          title: { ja: row.title_ja, en: row.title_en }, org: { nameJa: org.name_ja, nameEn: org.name_en }, status: row.status as PageStatusValue,
          isDrill: row.is_drill, createdAt: row.created_at.toISOString(), acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
        },
      };
    },

    /** Acts on a link once (the shared link handler, links.ts). */
    useLink: (token: string, meta: { requestId: string | null; ip: string | null }) => links.use("page", token, meta),
  };
};
export type PageService = ReturnType<typeof createPageService>;
