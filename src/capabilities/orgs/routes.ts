/** /api/v1/orgs/:orgId, members, API tokens, audit log; /api/v1/directory. */
import { z } from "zod";
import { Readable } from "node:stream";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ORG_KINDS } from "../../platform/db/schema.js";
import { authorize, canInOrg } from "../../platform/policies/policies.js";
import { inTenant } from "../../platform/context.js";
import { requireUser } from "../../platform/http/auth-hook.js";
import { ZRole } from "./domain.js";
import { ZAuditEvent, ZCreatedToken, ZInvitation, ZMember, ZMembers, ZOrgSummary, ZOrgView, ZToken } from "./contract.js";
import { createOrgService } from "./service.js";
import { ZOrgParams } from "../../platform/http/params.js";
import { ZSecurityEvents, ZSecurityEventsQuery } from "../../platform/auth/routes.js";
import { ZInstant } from "../../platform/http/instant.js";

export const orgRoutes = (api: Api, p: Platform): void => {
  const svc = createOrgService(p);
  const tags = ["organisations"];

  api.get("/directory", {
    schema: { tags, summary: "Organisations on this platform, by kind", querystring: z.strictObject({ kind: z.enum(ORG_KINDS).optional() }), response: { 200: z.object({ orgs: z.array(ZOrgSummary) }) } },
  }, async (req) => {
    if (!req.principal) requireUser(req);
    return svc.directory(req.query.kind);
  });

  api.get("/orgs/:orgId", { schema: { tags, summary: "An organisation, its relations and what you may do", params: ZOrgParams, response: { 200: ZOrgView } } },
    async (req) => svc.getOrg(await requestContext(p, req, req.params.orgId)));

  api.patch("/orgs/:orgId", {
    schema: { tags, summary: "Rename an organisation", params: ZOrgParams, body: z.strictObject({ nameJa: z.string().trim().min(1).max(200).optional(), nameEn: z.string().trim().min(1).max(200).optional() }), response: { 200: ZOrgView } },
  }, async (req) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    await svc.updateOrg(ctx, req.body);
    return svc.getOrg(ctx);
  });

  api.get("/orgs/:orgId/members", {
    schema: { tags, summary: "Members, pending invitations (for those who manage members) and the roles this organisation can give", params: ZOrgParams, response: { 200: ZMembers } },
  }, async (req) => svc.listMembers(await requestContext(p, req, req.params.orgId)));

  api.post("/orgs/:orgId/members", {
    schema: {
      tags, summary: "Invite someone (mails a link to accept; the same answer whether the address has an account or not)", params: ZOrgParams,
      body: z.strictObject({ email: z.string().trim().email().max(254), displayName: z.string().trim().min(1).max(100), role: ZRole }),
      response: { 201: z.object({ invitation: ZInvitation }) },
    },
  }, async (req, reply) => reply.status(201).send({ invitation: await svc.invite(await requestContext(p, req, req.params.orgId), req.body) }));

  api.delete("/orgs/:orgId/invitations/:invitationId", {
    schema: { tags, summary: "Withdraw a pending invitation", params: ZOrgParams.extend({ invitationId: z.string().uuid() }) },
  }, async (req, reply) => {
    await svc.revokeInvitation(await requestContext(p, req, req.params.orgId), req.params.invitationId);
    return reply.status(204).send();
  });

  const ZInvitationToken = z.string().min(20).max(200);
  const invitationLimit = { rateLimit: { max: p.config.loginRatePerMinute, timeWindow: "1 minute" } };
  api.post("/invitations/lookup", {
    config: invitationLimit,
    schema: {
      tags, summary: "What an invitation link is for (the organisation, the role, and whether to sign in first)",
      body: z.strictObject({ token: ZInvitationToken }),
      response: { 200: z.object({
        org: z.object({ nameJa: z.string(), nameEn: z.string(), kind: z.enum(ORG_KINDS) }), role: ZRole, displayName: z.string(),
        hasAccount: z.boolean(), signedIn: z.enum(["no", "invitee", "someone_else"]),
      }) },
    },
  }, async (req) => svc.lookupInvitation(req.body.token, req.principal?.kind === "user" ? req.principal : null));

  api.post("/invitations/accept", {
    config: invitationLimit,
    schema: {
      tags, summary: "Accept an invitation: signed in as the invitee, or with a new password for a new account",
      body: z.strictObject({ token: ZInvitationToken, password: z.string().max(1024).optional() }),
      response: { 200: z.object({ orgId: z.string().uuid(), newAccount: z.boolean() }) },
    },
  }, async (req) => svc.acceptInvitation(req.body.token, req.principal?.kind === "user" ? req.principal : null, { password: req.body.password }, { requestId: req.id, ip: req.ip }));

  const ZMemberParams = ZOrgParams.extend({ memberId: z.string().uuid() });
  api.patch("/orgs/:orgId/members/:memberId", {
    schema: { tags, summary: "Change a member's role", params: ZMemberParams, body: z.strictObject({ role: ZRole }), response: { 200: z.object({ member: ZMember }) } },
  }, async (req) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    await svc.changeRole(ctx, req.params.memberId, req.body.role);
    return { member: await svc.getMember(ctx, req.params.memberId) };
  });

  api.get("/orgs/:orgId/members/:memberId/security-events", {
    schema: { tags, summary: "A member's security log (org-admins)", params: ZMemberParams, querystring: ZSecurityEventsQuery, response: { 200: ZSecurityEvents } },
  }, async (req) => svc.memberSecurityEvents(await requestContext(p, req, req.params.orgId), req.params.memberId, req.query));

  api.delete("/orgs/:orgId/members/:memberId", { schema: { tags, summary: "Remove a member", params: ZMemberParams } }, async (req, reply) => {
    await svc.removeMember(await requestContext(p, req, req.params.orgId), req.params.memberId);
    return reply.status(204).send();
  });

  api.get("/orgs/:orgId/tokens", { schema: { tags, summary: "API tokens", params: ZOrgParams, response: { 200: z.object({ tokens: z.array(ZToken) }) } } },
    async (req) => svc.listTokens(await requestContext(p, req, req.params.orgId)));

  api.post("/orgs/:orgId/tokens", {
    schema: {
      tags, summary: "Create an API token (the secret is shown once)", params: ZOrgParams,
      body: z.strictObject({ name: z.string().trim().min(1).max(100), role: ZRole, expiresAt: ZInstant }),
      response: { 201: ZCreatedToken },
    },
  }, async (req, reply) => reply.status(201).send(await svc.createToken(await requestContext(p, req, req.params.orgId), req.body)));

  api.delete("/orgs/:orgId/tokens/:tokenId", { schema: { tags, summary: "Revoke an API token", params: ZOrgParams.extend({ tokenId: z.string().uuid() }) } }, async (req, reply) => {
    await svc.revokeToken(await requestContext(p, req, req.params.orgId), req.params.tokenId);
    return reply.status(204).send();
  });

  api.get("/orgs/:orgId/audit", {
    schema: {
      tags: ["audit"], summary: "The audit log, newest first", params: ZOrgParams,
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.string().regex(/^\d{1,18}$/).optional() }),
      response: { 200: z.object({ events: z.array(ZAuditEvent) }) },
    },
  }, async (req) => svc.listAudit(await requestContext(p, req, req.params.orgId), req.query));

  api.get("/orgs/:orgId/audit/export", { schema: { tags: ["audit"], summary: "The whole audit log as JSON lines, oldest first", params: ZOrgParams } }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    authorize(canInOrg(ctx.actor, "audit.read"));
    // One short tenant transaction per page: the log is append-only and ordered by seq, so pages stay consistent.
    async function* lines() {
      let before = "0";
      for (;;) {
        const page = await inTenant(p, ctx, (tx) =>
          p.audit.page(tx.db, ctx.actor.orgId, before, 1000));
        if (page.length === 0) return;
        for (const row of page) yield JSON.stringify({ ...row, prev_hash: row.prev_hash.toString("hex"), hash: row.hash.toString("hex") }) + "\n";
        before = page[page.length - 1]!.seq;
      }
    }
    reply.header("content-type", "application/x-ndjson; charset=utf-8");
    reply.header("content-disposition", `attachment; filename="sokuho-audit-${ctx.actor.orgId}.jsonl"`);
    return reply.send(Readable.from(lines()));
  });
};
