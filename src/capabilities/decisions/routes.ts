/** /api/v1/orgs/:orgId/incidents/:incidentId/decisions */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZDecision, ZDecisions } from "./contract.js";
import { ZDecisionInput, ZDecisionPatch } from "./domain.js";
import { createDecisionService } from "./service.js";
import { ZIncidentParams } from "../../platform/http/params.js";

export const decisionRoutes = (api: Api, p: Platform): void => {
  const svc = createDecisionService(p);
  const tags = ["decisions"];
  api.get("/orgs/:orgId/incidents/:incidentId/decisions", {
    schema: { tags, summary: "The decision log", params: ZIncidentParams, response: { 200: ZDecisions } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.post("/orgs/:orgId/incidents/:incidentId/decisions", {
    schema: {
      tags, summary: "Record a decision; a cut-off (cut_off_external) sets containment_decided, and contained once executed",
      params: ZIncidentParams, body: ZDecisionInput, response: { 201: z.object({ decision: ZDecision }) },
    },
  }, async (req, reply) => reply.status(201).send({ decision: await svc.add(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body) }));

  api.patch("/orgs/:orgId/incidents/:incidentId/decisions/:decisionId", {
    schema: { tags, summary: "Update a decision, e.g. record who executed it and when", params: ZIncidentParams.extend({ decisionId: z.string().uuid() }), body: ZDecisionPatch, response: { 200: z.object({ decision: ZDecision }) } },
  }, async (req) => ({ decision: await svc.update(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.decisionId, req.body) }));
};
