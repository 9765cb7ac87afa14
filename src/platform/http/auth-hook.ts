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
import { SESSION_COOKIE } from "../auth/sessions.js";
import { hmac, safeEqual } from "../crypto/keys.js";
import { AppError } from "./errors.js";
import { effectiveTokenRole } from "../policies/policies.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const TOKEN_PREFIX = "skh_";

export const tokenHash = (identifierKey: Buffer, token: string): Buffer => hmac(identifierKey, `api-token:${token}`);

const lookupToken = async (db: Kysely<DB>, key: Buffer, token: string, now: Date): Promise<Principal | null> => {
  // A token acts for its creator's membership: no membership, no token; a demoted creator limits it at once.
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("memberships as m", (j) => j.onRef("m.org_id", "=", "t.org_id").onRef("m.user_id", "=", "t.created_by"))
    .select(["t.id", "t.org_id", "t.role", "t.created_by", "t.expires_at", "t.revoked_at", "t.last_used_at", "m.role as member_role"])
    .where("t.token_hash", "=", tokenHash(key, token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= now) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return { kind: "token", tokenId: row.id, orgId: row.org_id, role: effectiveTokenRole(row.role, row.member_role), createdBy: row.created_by, expiresAt: row.expires_at };
};

export const registerAuthHook = (app: FastifyInstance, p: Platform): void => {
  app.decorateRequest("principal", null);
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
    if (cookie) req.principal = await p.sessions.lookup(cookie);
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
  const org = await p.db.system.selectFrom("organizations").select(["id", "kind"]).where("id", "=", orgId).executeTakeFirst();
  if (!org) throw new AppError("not_found");
  if (principal.kind === "token") {
    if (principal.orgId !== orgId) throw new AppError("not_found");
    return { userId: principal.createdBy, tokenId: principal.tokenId, orgId, orgKind: org.kind, role: principal.role };
  }
  const m = await p.db.system
    .selectFrom("memberships")
    .select("role")
    .where("org_id", "=", orgId)
    .where("user_id", "=", principal.userId)
    .executeTakeFirst();
  if (!m) throw new AppError("not_found");
  return { userId: principal.userId, tokenId: null, orgId, orgKind: org.kind, role: m.role };
};
