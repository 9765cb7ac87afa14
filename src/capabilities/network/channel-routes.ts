/** /api/v1/orgs/:orgId/network/channels: contact channels, their test message, re-enable and delivery log. */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZOrgParams } from "../../platform/http/params.js";
import { ZChannelInput } from "./channel-domain.js";
import { ZChannel, ZChannels, ZCreatedChannel, ZDeliveries } from "./channel-contract.js";
import { createChannelService } from "./channel-service.js";

export const channelRoutes = (api: Api, p: Platform): void => {
  const svc = createChannelService(p);
  const tags = ["network"];
  const ZChannelParams = ZOrgParams.extend({ channelId: z.string().uuid() });
  const base = "/orgs/:orgId/network/channels";

  api.get(base, { schema: { tags, summary: "Contact channels: your own and the duty desk's (an org-admin sees every member's)", params: ZOrgParams, response: { 200: ZChannels } } },
    async (req) => svc.list(await requestContext(p, req, req.params.orgId)));

  api.post(base, {
    schema: { tags, summary: "Add a channel (yours, or with desk: true the duty desk's); a webhook's signing secret is shown once", params: ZOrgParams, body: ZChannelInput, response: { 201: ZCreatedChannel } },
  }, async (req, reply) => reply.status(201).send(await svc.create(await requestContext(p, req, req.params.orgId), req.body)));

  api.delete(`${base}/:channelId`, { schema: { tags, summary: "Remove a channel (its queued messages are cancelled)", params: ZChannelParams } }, async (req, reply) => {
    await svc.remove(await requestContext(p, req, req.params.orgId), req.params.channelId);
    return reply.status(204).send();
  });

  api.post(`${base}/:channelId/test`, {
    schema: { tags, summary: "Queue a test message to this channel", params: ZChannelParams, response: { 202: z.object({ queued: z.boolean() }) } },
  }, async (req, reply) => reply.status(202).send(await svc.test(await requestContext(p, req, req.params.orgId), req.params.channelId)));

  api.post(`${base}/:channelId/enable`, {
    schema: { tags, summary: "Enable a channel disabled after repeated failures (the count starts again)", params: ZChannelParams, response: { 200: z.object({ channel: ZChannel }) } },
  }, async (req) => svc.enable(await requestContext(p, req, req.params.orgId), req.params.channelId));

  api.get(`${base}/:channelId/deliveries`, {
    schema: { tags, summary: "The channel's delivery log: attempts, status codes, outcomes as sentences (no content, no address)", params: ZChannelParams, response: { 200: ZDeliveries } },
  }, async (req) => svc.deliveries(await requestContext(p, req, req.params.orgId), req.params.channelId));
};

