/** /api/v1/orgs/:orgId/incidents/:incidentId/indicators */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZBulkResult, ZIndicator, ZIndicators, ZOneIndicator as ZOne } from "./contract.js";
import { AppError } from "../../platform/http/errors.js";
import { ZIndicatorInput, ZIndicatorPatch } from "./domain.js";
import { createIndicatorService } from "./service.js";
import { ZIncidentParams } from "../../platform/http/params.js";

const ZIndicatorParams = ZIncidentParams.extend({ indicatorId: z.string().uuid() });
export const indicatorRoutes = (api: Api, p: Platform): void => {
  const svc = createIndicatorService(p);
  const tags = ["indicators"];
  const base = "/orgs/:orgId/incidents/:incidentId/indicators";

  api.get(base, {
    schema: { tags, summary: "Indicators of an incident", params: ZIncidentParams, response: { 200: ZIndicators } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.post(base, {
    schema: {
      tags, params: ZIncidentParams, body: ZIndicatorInput,
      summary: "Add one indicator (its type detected when not given), or many with `bulk`, one per line",
      description: "A value already on the incident (same type and normalised value) is not added again: the answer is the existing indicator with `duplicate: true` and status 200. A bulk request adds every valid line and reports each line's result; an invalid single value is a 400 naming `body.value`.",
      response: { 201: ZOne, 200: z.union([ZOne, ZBulkResult]) },
    },
  }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const { value, bulk } = req.body;
    if (bulk !== undefined && value !== undefined) throw new AppError("validation", "body.bulk", { detail: ctx.locale === "ja" ? "value と bulk は同時に指定できません" : "give value or bulk, not both" });
    if (bulk !== undefined) return reply.status(200).send(await svc.createBulk(ctx, req.params.incidentId, { ...req.body, bulk }));
    if (value === undefined) throw new AppError("validation", "body.value", { detail: ctx.locale === "ja" ? "必須です" : "required" });
    const r = await svc.create(ctx, req.params.incidentId, { ...req.body, value });
    return reply.status(r.duplicate ? 200 : 201).send(r);
  });

  api.patch(`${base}/:indicatorId`, {
    schema: { tags, summary: "Change an indicator's TLP or description", params: ZIndicatorParams, body: ZIndicatorPatch, response: { 200: z.object({ indicator: ZIndicator }) } },
  }, async (req) => ({ indicator: await svc.update(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.indicatorId, req.body) }));

  api.delete(`${base}/:indicatorId`, { schema: { tags, summary: "Remove an indicator", params: ZIndicatorParams } }, async (req, reply) => {
    await svc.remove(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.indicatorId);
    return reply.status(204).send();
  });
};
