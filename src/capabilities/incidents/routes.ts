/** /api/v1/orgs/:orgId/incidents and /api/v1/orgs/:orgId/grants. */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { INCIDENT_STATUSES, SEVERITIES } from "../../platform/db/schema.js";
import { ZIncidentInput, ZIncidentPatch } from "./domain.js";
import { createIncidentService } from "./service.js";

const ZOrgParams = z.strictObject({ orgId: z.string().uuid() });
const ZIncidentParams = ZOrgParams.extend({ incidentId: z.string().uuid() });
const ZIncident = z.object({
  id: z.string().uuid(), orgId: z.string().uuid(), ref: z.string(), title: z.string(), summary: z.string(),
  status: z.enum(INCIDENT_STATUSES), severity: z.enum(SEVERITIES), createdAt: z.string(), updatedAt: z.string(),
  owner: z.object({ id: z.string().uuid(), nameJa: z.string(), nameEn: z.string() }),
  access: z.enum(["owner", "grant-read", "grant-write"]),
  policies: z.object({ read: z.boolean(), update: z.boolean(), delete: z.boolean(), grant: z.boolean() }),
});
const ZGrant = z.object({
  id: z.string().uuid(), incidentId: z.string().uuid(), incidentRef: z.string(), incidentTitle: z.string(),
  vendor: z.object({ id: z.string().uuid(), nameJa: z.string(), nameEn: z.string() }),
  access: z.enum(["read", "write"]), expiresAt: z.string(), revokedAt: z.string().nullable(), createdAt: z.string(), active: z.boolean(),
});

export const incidentRoutes = (api: Api, p: Platform): void => {
  const svc = createIncidentService(p);
  const tags = ["incidents"];

  api.get("/orgs/:orgId/incidents", {
    schema: { tags, summary: "Incidents of this organisation, and those granted to it", params: ZOrgParams, response: { 200: z.object({ incidents: z.array(ZIncident), policies: z.object({ create: z.boolean() }) }) } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId)));

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

  api.get("/orgs/:orgId/grants", { schema: { tags: ["vendor access"], summary: "Access this company gave its vendors", params: ZOrgParams, response: { 200: z.object({ grants: z.array(ZGrant) }) } } },
    async (req) => svc.listGrants(await requestContext(p, req, req.params.orgId)));

  api.post("/orgs/:orgId/grants", {
    schema: {
      tags: ["vendor access"], summary: "Give a vendor expiring access to one incident", params: ZOrgParams,
      body: z.strictObject({ vendorOrgId: z.string().uuid(), incidentId: z.string().uuid(), access: z.enum(["read", "write"]), expiresAt: z.coerce.date() }),
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
