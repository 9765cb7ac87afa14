/** Builds the RequestContext of an organisation route: the actor, and for the audit row, request id and IP. */
import type { FastifyRequest } from "fastify";
import type { Platform, RequestContext } from "../context.js";
import { actorFor } from "./auth-hook.js";
import { localeFromHeader } from "../i18n/i18n.js";

export const requestContext = async (p: Platform, req: FastifyRequest, orgId: string): Promise<RequestContext> => ({
  actor: await actorFor(p, req, orgId),
  requestId: req.id,
  ip: req.ip,
  locale: localeFromHeader(req.headers["accept-language"]),
});
