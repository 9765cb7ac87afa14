/** Builds the RequestContext of an organisation route: the actor, and for the audit row, request id and IP. */
import type { FastifyRequest } from "fastify";
import type { Platform, RequestContext } from "../context.js";
import type { CompiledQuery } from "kysely";
import { actorFor } from "./auth-hook.js";
import { AppError } from "./errors.js";
import { localeFromHeader } from "../i18n/i18n.js";

export const requestContext = async (p: Platform, req: FastifyRequest, orgId: string): Promise<RequestContext> => ({
  actor: await actorFor(p, req, orgId),
  requestId: req.id,
  ip: req.ip,
  locale: localeFromHeader(req.headers["accept-language"]),
});

/**
 * Reads `query` as the caller of an organisation route, with the caller's context. On a route whose config has
 * `sessionRead: true`, a cookie session is read with the rows in one round trip (db.sessionRead: the database sets
 * the tenant settings only for a live session of a member, so rows read for a session refused here were read with
 * no organisation and are empty anyway); otherwise the context as usual, then one tenantRead. The caller's
 * policies are checked by the service on the returned context, before it uses the rows.
 */
export const readAsCaller = async <R>(p: Platform, req: FastifyRequest, orgId: string, query: CompiledQuery<R>): Promise<{ ctx: RequestContext; rows: R[] }> => {
  const cookie = req.deferredSession;
  if (cookie === null) {
    const ctx = await requestContext(p, req, orgId);
    return { ctx, rows: await p.db.tenantRead({ orgId, userId: ctx.actor.userId }, query) };
  }
  req.deferredSession = null;
  const idHash = p.sessions.hashOf(cookie);
  const now = p.now();
  // A read kept since nothing it depends on changed (http/read-cache.ts) answers without the database.
  const key = `${idHash.toString("base64")}\n${orgId}\n${statementId(query.sql)}\n${JSON.stringify(query.parameters)}`;
  const kept = p.readCache.get(key, now.getTime());
  if (kept) {
    const found = p.sessions.acceptKept(idHash, orgId, kept.session);
    req.principal = found.principal;
    req.membership = found.membership;
    return { ctx: await requestContext(p, req, orgId), rows: kept.rows as R[] };
  }
  const epoch = p.changes.epoch(); // before the read: a change that commits after it is noticed
  const { session, rows } = await p.db.sessionRead({ idHash, orgId, now }, query);
  const found = await p.sessions.acceptRead(idHash, orgId, session);
  if (!found) throw new AppError("unauthenticated");
  req.principal = found.principal;
  req.membership = found.membership;
  if (session && found.membership.role !== null && keepable(rows, orgId)) p.readCache.keep(key, { epoch, checkedAt: now.getTime(), session, rows });
  return { ctx: await requestContext(p, req, orgId), rows };
};

/** A short id per statement text (a template's text is one string object, so its hash is computed once). */
const statementIds = new Map<string, number>();
const statementId = (text: string): number => {
  let id = statementIds.get(text);
  if (id === undefined) statementIds.set(text, (id = statementIds.size));
  return id;
};

/** Rows of the caller's own organisation only: another's incident is visible under a grant, which expires in time. */
const keepable = (rows: readonly unknown[], orgId: string): boolean =>
  rows.every((r) => typeof r === "object" && r !== null && (r as { org_id?: unknown }).org_id === orgId);

