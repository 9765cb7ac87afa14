/** /api/v1/orgs/:orgId/incidents and /api/v1/orgs/:orgId/grants. */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { readAsCaller, requestContext } from "../../platform/http/context.js";
import { ZClock, ZClockInput, ZIncidentInput, ZIncidentListQuery, ZIncidentPatch, ZTargets } from "./domain.js";
import { ZActivity, ZClockHistoryEntry, ZGapTargets, ZGrant, ZIncident, ZIncidents } from "./contract.js";
import { createIncidentService } from "./service.js";
import { ZIncidentParams, ZOrgParams } from "../../platform/http/params.js";
import { ZInstant } from "../../platform/http/instant.js";
import { exactResponseSerializer } from "../../platform/http/exact-response.js";

export const incidentRoutes = (api: Api, p: Platform): void => {
  const svc = createIncidentService(p);
  const tags = ["incidents"];

  api.get("/orgs/:orgId/incidents", {
    schema: {
      tags, summary: "Incidents of this organisation, and those granted to it; filtered by free text (q: ref, title, summary, tags), tag, lead (me or a user id)",
      params: ZOrgParams, querystring: ZIncidentListQuery, response: { 200: ZIncidents },
    },
    // present() builds exactly ZIncidents: checked strictly in tests, written directly in production (7–9 % of its CPU)
    serializerCompiler: exactResponseSerializer(),
    config: { sessionRead: true }, // a cookie session is read with the rows: one round trip (readAsCaller)
  }, async (req) => svc.list((query) => readAsCaller(p, req, req.params.orgId, query), req.params.orgId, req.query));

  api.post("/orgs/:orgId/incidents", {
    schema: { tags, summary: "Open an incident", params: ZOrgParams, body: ZIncidentInput, response: { 201: z.object({ incident: ZIncident }) } },
  }, async (req, reply) => reply.status(201).send({ incident: await svc.create(await requestContext(p, req, req.params.orgId), req.body) }));

  api.get("/orgs/:orgId/incidents/:incidentId", { schema: { tags, summary: "One incident", params: ZIncidentParams, response: { 200: z.object({ incident: ZIncident }) } } },
    async (req) => ({ incident: await svc.get(await requestContext(p, req, req.params.orgId), req.params.incidentId) }));

  api.patch("/orgs/:orgId/incidents/:incidentId", {
    schema: { tags, summary: "Change an incident", params: ZIncidentParams, body: ZIncidentPatch, response: { 200: z.object({ incident: ZIncident }) } },
  }, async (req) => ({ incident: await svc.update(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body) }));

  api.delete("/orgs/:orgId/incidents/:incidentId", { schema: { tags, summary: "Delete an incident", params: ZIncidentParams } }, async (req, reply) => {
    await svc.remove(await requestContext(p, req, req.params.orgId), req.params.incidentId);
    return reply.status(204).send();
  });

  api.put("/orgs/:orgId/incidents/:incidentId/clocks/:clock", {
    schema: {
      tags, summary: "Set or clear (at: null) one clock; a date-time without an offset is Japan time",
      params: ZIncidentParams.extend({ clock: ZClock }), body: ZClockInput, response: { 200: z.object({ incident: ZIncident }) },
    },
  }, async (req) => ({ incident: await svc.setClock(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.clock, req.body) }));

  api.get("/orgs/:orgId/incidents/:incidentId/activity", {
    schema: {
      tags, summary: "What happened to this incident and its objects, newest first (from the audit log, in words)", params: ZIncidentParams,
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.string().regex(/^\d{1,18}$/).optional() }),
      response: { 200: ZActivity },
    },
  }, async (req) => svc.activity(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.query));

  api.get("/orgs/:orgId/incidents/:incidentId/clocks/:clock/history", {
    schema: {
      tags, summary: "Every value a clock has had, newest first", params: ZIncidentParams.extend({ clock: ZClock }),
      response: { 200: z.object({ history: z.array(ZClockHistoryEntry) }) },
    },
  }, async (req) => svc.clockHistory(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.clock));

  api.get("/orgs/:orgId/gap-targets", {
    schema: {
      tags, summary: "Targets between clocks (defaults and this organisation's own)", params: ZOrgParams,
      response: { 200: ZGapTargets },
    },
  }, async (req) => svc.getTargets(await requestContext(p, req, req.params.orgId)));

  api.put("/orgs/:orgId/gap-targets", {
    schema: { tags, summary: "Replace this organisation's own targets (the rest stay default)", params: ZOrgParams, body: ZTargets, response: { 200: ZGapTargets } },
  }, async (req) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    await svc.setTargets(ctx, req.body);
    return svc.getTargets(ctx);
  });

  api.get("/orgs/:orgId/grants", { schema: { tags: ["vendor access"], summary: "Access this company gave its vendors", params: ZOrgParams, response: { 200: z.object({ grants: z.array(ZGrant) }) } } },
    async (req) => svc.listGrants(await requestContext(p, req, req.params.orgId)));

  api.post("/orgs/:orgId/grants", {
    schema: {
      tags: ["vendor access"], summary: "Give a vendor expiring access to one incident", params: ZOrgParams,
      body: z.strictObject({ vendorOrgId: z.string().uuid(), incidentId: z.string().uuid(), access: z.enum(["read", "write"]), expiresAt: ZInstant }),
      response: { 201: z.object({ grant: ZGrant }) },
    },
  }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const { id } = await svc.grant(ctx, req.body);
    const grant = (await svc.listGrants(ctx)).grants.find((g) => g.id === id)!;
    return reply.status(201).send({ grant });
  });

  api.delete("/orgs/:orgId/grants/:grantId", { schema: { tags: ["vendor access"], summary: "Revoke a grant", params: ZOrgParams.extend({ grantId: z.string().uuid() }) } }, async (req, reply) => {
    await svc.revokeGrant(await requestContext(p, req, req.params.orgId), req.params.grantId);
    return reply.status(204).send();
  });
};
