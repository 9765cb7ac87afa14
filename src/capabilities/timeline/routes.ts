/** /api/v1/orgs/:orgId/incidents/:incidentId/timeline */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZTimeline, ZTimelineEvent } from "./contract.js";
import { ZTimelineCorrection, ZTimelineInput } from "./domain.js";
import { createTimelineService } from "./service.js";
import { ZIncidentParams } from "../../platform/http/params.js";

export const timelineRoutes = (api: Api, p: Platform): void => {
  const svc = createTimelineService(p);
  const tags = ["timeline"];
  api.get("/orgs/:orgId/incidents/:incidentId/timeline", {
    schema: { tags, summary: "Timeline events in time order, corrected ones marked with supersededBy", params: ZIncidentParams, response: { 200: ZTimeline } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.post("/orgs/:orgId/incidents/:incidentId/timeline", {
    schema: { tags, summary: "Add an event (at without an offset is Japan time)", params: ZIncidentParams, body: ZTimelineInput, response: { 201: z.object({ event: ZTimelineEvent }) } },
  }, async (req, reply) => reply.status(201).send({ event: await svc.add(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body) }));

  api.post("/orgs/:orgId/incidents/:incidentId/timeline/:eventId/corrections", {
    schema: {
      tags, summary: "Correct an event: a new event replaces it, the old one stays in the record", params: ZIncidentParams.extend({ eventId: z.string().uuid() }),
      body: ZTimelineCorrection, response: { 201: z.object({ event: ZTimelineEvent }) },
    },
  }, async (req, reply) => reply.status(201).send({ event: await svc.correct(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.eventId, req.body) }));
};
