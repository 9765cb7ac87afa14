/** /api/v1/auth/* and /api/v1/me: sign-in, sign-out, password reset, and who am I. */
import { accountStore } from "./store.js";
import { z } from "zod";
import type { FastifyReply } from "fastify";
import type { Platform } from "../context.js";
import type { Api } from "../http/server.js";
import { requireUser } from "../http/auth-hook.js";
import { localeFromHeader } from "../i18n/i18n.js";
import { policiesForOrg } from "../policies/policies.js";
import { SESSION_COOKIE } from "./sessions.js";
import { ZMe, type Me } from "./contract.js";
import { createAuthService } from "./service.js";
import { SECURITY_EVENT_KINDS, securityLog, type SecurityMeta } from "./security-log.js";
import type { FastifyRequest } from "fastify";

/** A page of a user's security log: the same shape for the user and for an org-admin looking at a member. */
export const ZSecurityEvents = z.object({
  events: z.array(z.object({
    id: z.string(), kind: z.enum(SECURITY_EVENT_KINDS), at: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(),
    requestId: z.string().nullable(), detail: z.object({ reason: z.enum(["wrong_password", "locked", "throttled"]).optional(), changed: z.array(z.string()).optional() }),
  })),
});
export const ZSecurityEventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().regex(/^\d{1,18}$/).optional(),
});
export const securityMeta = (req: FastifyRequest): SecurityMeta => ({
  ip: req.ip, userAgent: typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"] : null, requestId: req.id,
});

const ZEmail = z.string().trim().min(3).max(254).email();
const loadMe = async (p: Platform, userId: string, csrfToken: string): Promise<Me> => {
  const user = await p.users.findById(userId);
  if (!user) throw new Error("session user vanished");
  const rows = await accountStore.memberships(p.db.system, userId);
  return {
    user: { id: user.id, displayName: user.display_name, email: p.users.emailOf(user), locale: user.locale },
    memberships: rows.map((r) => ({
      orgId: r.id, slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en, kind: r.kind, role: r.role,
      policies: policiesForOrg({ userId, tokenId: null, orgId: r.id, orgKind: r.kind, role: r.role }),
    })),
    csrfToken,
  };
};

export const authRoutes = (api: Api, p: Platform): void => {
  const auth = createAuthService(p);
  const setCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure: p.config.secureCookies, expires });

  api.post(
    "/auth/login",
    {
      config: { rateLimit: { max: p.config.loginRatePerMinute, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"], summary: "Sign in with email and password",
        body: z.strictObject({ email: ZEmail, password: z.string().min(1).max(1024) }),
        response: { 200: ZMe },
      },
    },
    async (req, reply) => {
      const s = await auth.login(req.body.email, req.body.password, securityMeta(req));
      setCookie(reply, s.token, s.expiresAt);
      const principal = await p.sessions.lookup(s.token);
      return loadMe(p, s.userId, principal!.kind === "user" ? principal!.csrfToken : "");
    },
  );

  api.post("/auth/logout", { schema: { tags: ["auth"], summary: "Sign out" } }, async (req, reply) => {
    if (req.principal?.kind === "user") {
      await p.sessions.destroy(req.principal.sessionIdHash);
      await auth.logSecurity(req.principal.userId, "sign_out", securityMeta(req));
    }
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.status(204).send();
  });

  api.post(
    "/auth/password-reset",
    {
      config: { rateLimit: { max: p.config.loginRatePerMinute, timeWindow: "1 minute" } },
      schema: { tags: ["auth"], summary: "Mail a password reset link (always 202)", body: z.strictObject({ email: ZEmail }) },
    },
    async (req, reply) => {
      await auth.requestPasswordReset(req.body.email, localeFromHeader(req.headers["accept-language"]), securityMeta(req));
      return reply.status(202).send({ status: "accepted" });
    },
  );

  api.post(
    "/auth/password-reset/confirm",
    {
      config: { rateLimit: { max: p.config.loginRatePerMinute, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"], summary: "Set a new password with a reset token",
        body: z.strictObject({ token: z.string().min(20).max(200), password: z.string().max(1024) }),
      },
    },
    async (req, reply) => {
      await auth.confirmPasswordReset(req.body.token, req.body.password, { requestId: req.id, ip: req.ip, userAgent: securityMeta(req).userAgent });
      return reply.status(204).send();
    },
  );

  api.get("/me", { schema: { tags: ["auth"], summary: "The signed-in user and their organisations", response: { 200: ZMe } } }, async (req) => {
    const u = requireUser(req);
    return loadMe(p, u.userId, u.csrfToken);
  });

  api.patch(
    "/me",
    {
      schema: {
        tags: ["auth"], summary: "Update my name or language",
        body: z.strictObject({ displayName: z.string().trim().min(1).max(100).optional(), locale: z.enum(["ja", "en"]).optional() }),
        response: { 200: ZMe },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await accountStore.updateProfile(p.db.system, u.userId, req.body, p.now());
      const changed = (["displayName", "locale"] as const).filter((k) => req.body[k] !== undefined);
      if (changed.length > 0) await auth.logSecurity(u.userId, "profile_updated", securityMeta(req), { changed });
      return loadMe(p, u.userId, u.csrfToken);
    },
  );

  api.get(
    "/me/security-events",
    { schema: { tags: ["auth"], summary: "My security log: sign-ins, failures, lockouts, sign-outs, password resets, profile changes", querystring: ZSecurityEventsQuery, response: { 200: ZSecurityEvents } } },
    async (req) => ({ events: await securityLog.list(p.db.system, requireUser(req).userId, req.query) }),
  );
};
