/**
 * /api/v1/orgs/:orgId/network/{overview, schedules, policies, desk, triggers, pages} and the public
 * /api/v1/network/actions/:token (GET shows what a link would do, POST does it once; no sign-in).
 */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZOrgParams } from "../../platform/http/params.js";
import { createNetworkConfigService, ZDeskInput, ZEscalationPolicyInput, ZOverride, ZScheduleInput, ZTriggersInput } from "./config-service.js";
import { createPageService, ZManualPage, ZPageListQuery } from "./pages.js";
import {
  ZActionLinkResult, ZActionLinkView, ZNetworkOverview, ZPageDetail, ZPageList, ZPolicyView, ZScheduleView, ZTriggerView,
} from "./pages-contract.js";

const ZScheduleParams = ZOrgParams.extend({ scheduleId: z.string().uuid() });
const ZOverrideParams = ZScheduleParams.extend({ overrideId: z.string().uuid() });
const ZPolicyParams = ZOrgParams.extend({ policyId: z.string().uuid() });
const ZPageParams = ZOrgParams.extend({ pageId: z.string().uuid() });
const ZTokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

export const networkPageRoutes = (api: Api, p: Platform): void => {
  const config = createNetworkConfigService(p);
  const pages = createPageService(p);
  const tags = ["network"];
  const base = "/orgs/:orgId/network";
  const ctxOf = (req: { params: { orgId: string } }) => requestContext(p, req as never, req.params.orgId);

  api.get(`${base}/overview`, {
    schema: { tags, summary: "The escalation set-up: schedules (who is on call now, next hand-off), policies, the desk, triggers", params: ZOrgParams, response: { 200: ZNetworkOverview } },
  }, async (req) => config.overview(await requestContext(p, req, req.params.orgId)));

  api.post(`${base}/schedules`, {
    schema: { tags, summary: "Create an on-call schedule (participants must be members)", params: ZOrgParams, body: ZScheduleInput, response: { 201: z.object({ schedule: ZScheduleView }) } },
  }, async (req, reply) => reply.status(201).send(await config.createSchedule(await requestContext(p, req, req.params.orgId), req.body)));
  api.get(`${base}/schedules/:scheduleId`, {
    schema: { tags, summary: "A schedule, with who is on call now and the next hand-off", params: ZScheduleParams, response: { 200: z.object({ schedule: ZScheduleView }) } },
  }, async (req) => config.schedule(await ctxOf(req), req.params.scheduleId));
  api.put(`${base}/schedules/:scheduleId`, {
    schema: { tags, summary: "Replace a schedule (rotation, participants, overrides)", params: ZScheduleParams, body: ZScheduleInput, response: { 200: z.object({ schedule: ZScheduleView }) } },
  }, async (req) => config.updateSchedule(await ctxOf(req), req.params.scheduleId, req.body));
  api.delete(`${base}/schedules/:scheduleId`, {
    schema: { tags, summary: "Delete a schedule no policy names", params: ZScheduleParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await config.deleteSchedule(await ctxOf(req), req.params.scheduleId);
    return reply.status(204).send(null);
  });
  api.post(`${base}/schedules/:scheduleId/overrides`, {
    schema: { tags, summary: "Add an override (someone covers from → to; the later override wins where they overlap)", params: ZScheduleParams, body: ZOverride, response: { 201: z.object({ schedule: ZScheduleView }) } },
  }, async (req, reply) => reply.status(201).send(await config.addOverride(await ctxOf(req), req.params.scheduleId, req.body)));
  api.delete(`${base}/schedules/:scheduleId/overrides/:overrideId`, {
    schema: { tags, summary: "Remove an override", params: ZOverrideParams, response: { 200: z.object({ schedule: ZScheduleView }) } },
  }, async (req) => config.deleteOverride(await ctxOf(req), req.params.scheduleId, req.params.overrideId));

  api.post(`${base}/policies`, {
    schema: { tags, summary: "Create an escalation policy", params: ZOrgParams, body: ZEscalationPolicyInput, response: { 201: z.object({ policy: ZPolicyView }) } },
  }, async (req, reply) => reply.status(201).send(await config.createPolicy(await requestContext(p, req, req.params.orgId), req.body)));
  api.get(`${base}/policies/:policyId`, {
    schema: { tags, summary: "An escalation policy", params: ZPolicyParams, response: { 200: z.object({ policy: ZPolicyView }) } },
  }, async (req) => config.policy(await ctxOf(req), req.params.policyId));
  api.put(`${base}/policies/:policyId`, {
    schema: { tags, summary: "Edit a policy (a new version; running pages keep the copy they froze)", params: ZPolicyParams, body: ZEscalationPolicyInput, response: { 200: z.object({ policy: ZPolicyView }) } },
  }, async (req) => config.updatePolicy(await ctxOf(req), req.params.policyId, req.body));
  api.delete(`${base}/policies/:policyId`, {
    schema: { tags, summary: "Delete a policy (its triggers go with it; running pages keep their copy)", params: ZPolicyParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await config.deletePolicy(await ctxOf(req), req.params.policyId);
    return reply.status(204).send(null);
  });

  api.put(`${base}/desk`, {
    schema: { tags, summary: "The policy that answers when another organisation pages this one's duty desk", params: ZOrgParams, body: ZDeskInput, response: { 200: z.object({ desk: z.object({ policyId: z.string().nullable() }) }) } },
  }, async (req) => config.setDesk(await requestContext(p, req, req.params.orgId), req.body));
  api.put(`${base}/triggers`, {
    schema: { tags, summary: "Which events page which policy (replaces the list)", params: ZOrgParams, body: ZTriggersInput, response: { 200: z.object({ triggers: z.array(ZTriggerView) }) } },
  }, async (req) => config.setTriggers(await requestContext(p, req, req.params.orgId), req.body));

  api.get(`${base}/pages`, {
    schema: { tags, summary: "The page board: pages of this organisation, newest first", params: ZOrgParams, querystring: ZPageListQuery, response: { 200: ZPageList } },
  }, async (req) => pages.list(await requestContext(p, req, req.params.orgId), req.query));
  api.post(`${base}/pages`, {
    schema: { tags, summary: "Page a policy by hand", params: ZOrgParams, body: ZManualPage, response: { 201: ZPageDetail } },
  }, async (req, reply) => reply.status(201).send(await pages.page(await requestContext(p, req, req.params.orgId), req.body)));
  api.get(`${base}/pages/:pageId`, {
    schema: { tags, summary: "A page with its timeline (notified, escalated, acknowledged…)", params: ZPageParams, response: { 200: ZPageDetail } },
  }, async (req) => pages.get(await ctxOf(req), req.params.pageId));
  api.post(`${base}/pages/:pageId/acknowledge`, {
    schema: { tags, summary: "Acknowledge a page: the climb stops", params: ZPageParams, response: { 200: ZPageDetail } },
  }, async (req) => pages.acknowledge(await ctxOf(req), req.params.pageId));
  api.post(`${base}/pages/:pageId/resolve`, {
    schema: { tags, summary: "Resolve a page", params: ZPageParams, response: { 200: ZPageDetail } },
  }, async (req) => pages.resolve(await ctxOf(req), req.params.pageId));

  // The message's links: no sign-in; the token is the authority, for one action on one page, once.
  const limited = { rateLimit: { max: p.config.loginRatePerMinute, timeWindow: "1 minute" } };
  api.get("/network/actions/:token", {
    config: limited,
    schema: { tags, summary: "What a message's link will do (does nothing: link previews and pre-fetchers make GETs)", params: ZTokenParams, response: { 200: ZActionLinkView } },
  }, async (req) => pages.showLink(req.params.token));
  api.post("/network/actions/:token", {
    config: limited,
    schema: { tags, summary: "Do what a message's link says (acknowledge or resolve), once", params: ZTokenParams, response: { 200: ZActionLinkResult } },
  }, async (req) => pages.useLink(req.params.token, { requestId: req.id, ip: req.ip }));
};
