/**
 * Resolves the caller on every /api request: a session cookie or a bearer API token. Cookie-authenticated writes
 * must carry the session's CSRF token in `X-CSRF-Token` (synchroniser-token pattern; SameSite=Lax cookies are the
 * first line). Bearer tokens need none: a browser never sends them on its own.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { Platform } from "../context.js";
import type { Actor, Principal, UserPrincipal } from "../auth/principal.js";
import { SESSION_COOKIE, type OrgMembership } from "../auth/sessions.js";
import { hmac, safeEqual } from "../crypto/keys.js";
import { AppError } from "./errors.js";
import { effectiveTokenRole } from "../policies/policies.js";
import { principalStore } from "../auth/store.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
    /** For a cookie on an organisation route: the user's membership there, read with the session. */
    membership: OrgMembership | null;
    /**
     * The session cookie of a GET on a route with `config: { sessionRead: true }`, not yet looked up: the route
     * reads it with its rows in one round trip (readAsCaller in ./context.ts). Null everywhere else.
     */
    deferredSession: string | null;
  }
  interface FastifyContextConfig {
    /** The route's handler reads with readAsCaller: the hook leaves a cookie session's look-up to it. */
    sessionRead?: boolean;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organisation of an organisation route (routing has run: params are known), if it is a well-formed id. */
const routeOrgId = (req: FastifyRequest): string | undefined => {
  const orgId = (req.params as { orgId?: unknown } | undefined)?.orgId;
  return typeof orgId === "string" && UUID.test(orgId) ? orgId : undefined;
};
export const TOKEN_PREFIX = "skh_";

export const tokenHash = (identifierKey: Buffer, token: string): Buffer => hmac(identifierKey, `api-token:${token}`);

const lookupToken = async (db: Kysely<DB>, key: Buffer, token: string, now: Date): Promise<Principal | null> => {
  // A token acts for its creator's membership: no membership, no token; a demoted creator limits it at once.
  const row = await principalStore.token(db, tokenHash(key, token));
  if (!row || row.revoked_at || row.expires_at <= now) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await principalStore.touchToken(db, row.id, now);
  }
  return { kind: "token", tokenId: row.id, orgId: row.org_id, role: effectiveTokenRole(row.role, row.member_role), createdBy: row.created_by, expiresAt: row.expires_at };
};

export const registerAuthHook = (app: FastifyInstance, p: Platform): void => {
  app.decorateRequest("principal", null);
  app.decorateRequest("membership", null);
  app.decorateRequest("deferredSession", null);
  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith("/api/v1/")) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) {
      const token = auth.slice(7).trim();
      req.principal = token.startsWith(TOKEN_PREFIX) ? await lookupToken(p.db.system, p.keys.identifier, token, p.now()) : null;
      if (!req.principal) throw new AppError("unauthenticated");
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    const orgId = routeOrgId(req);
    if (cookie && orgId && req.method === "GET" && req.routeOptions.config.sessionRead === true) {
      req.deferredSession = cookie; // a GET needs no CSRF check: nothing else here needs the principal yet
      return;
    }
    if (cookie && orgId) {
      const found = await p.sessions.lookupInOrg(cookie, orgId);
      req.principal = found?.principal ?? null;
      req.membership = found?.membership ?? null;
    } else if (cookie) req.principal = await p.sessions.lookup(cookie);
    if (req.principal?.kind === "user" && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers["x-csrf-token"];
      if (typeof sent !== "string" || !safeEqual(Buffer.from(sent), Buffer.from(req.principal.csrfToken))) {
        throw new AppError("csrf", "headers.x-csrf-token");
      }
    }
  });
};

export const requireUser = (req: FastifyRequest): UserPrincipal => {
  if (req.principal?.kind !== "user") throw new AppError("unauthenticated");
  return req.principal;
};

/**
 * The caller as a member of `orgId`. Anything else is a 404, not a 403: a user of organisation A cannot even
 * learn that an object of organisation B exists.
 */
export const actorFor = async (p: Platform, req: FastifyRequest, orgId: string): Promise<Actor> => {
  const principal = req.principal;
  if (!principal) throw new AppError("unauthenticated");
  if (principal.kind === "user") return userActor(p, req, principal, orgId);
  const org = await principalStore.orgKind(p.db.system, orgId);
  if (!org) throw new AppError("not_found");
  if (principal.orgId !== orgId) throw new AppError("not_found");
  return { userId: principal.createdBy, tokenId: principal.tokenId, orgId, orgKind: org.kind, role: principal.role };
};

/** A signed-in user as a member of `orgId`: the membership read with the session, else one query for it. */
const userActor = async (p: Platform, req: FastifyRequest, principal: UserPrincipal, orgId: string): Promise<Actor> => {
  const m =
    req.membership?.orgId === orgId
      ? req.membership
      : await principalStore.membership(p.db.system, orgId, principal.userId);
  if (!m?.orgKind || !m.role) throw new AppError("not_found");
  return { userId: principal.userId, tokenId: null, orgId, orgKind: m.orgKind, role: m.role };
};
