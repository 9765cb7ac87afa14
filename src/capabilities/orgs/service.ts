/**
 * Organisation commands: each checks the policy, runs in one transaction with its audit row, and returns the
 * presented object. Creating organisations and relations is a platform act (CLI, seed), not a tenant one.
 */
import type { Kysely } from "kysely";
import type { DB, OrgKind, Role } from "../../platform/db/schema.js";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForMember, policiesForOrg, roleCovers, ROLES_BY_KIND } from "../../platform/policies/policies.js";
import { createAuthService } from "../../platform/auth/service.js";
import { hashPassword } from "../../platform/auth/passwords.js";
import { translator } from "../../platform/i18n/i18n.js";
import { decrypt, encrypt, hmac, normalizeEmail, randomToken } from "../../platform/crypto/keys.js";
import { tokenHash, TOKEN_PREFIX } from "../../platform/http/auth-hook.js";
import { assertRelationKinds, assertRoleAllowed, relationFrom, tokenExpiryProblem } from "./domain.js";
import { invitationStore, memberStore, orgStore, tokenStore } from "./store.js";
import { securityLog } from "../../platform/auth/security-log.js";

const INVITE_LINK_MINUTES = 7 * 24 * 60;
const SYSTEM_ACTOR = { actor: { userId: null, tokenId: null, orgId: null }, requestId: null, ip: null };

const presentOrg = (o: { id: string; kind: OrgKind; slug: string; name_ja: string; name_en: string }) => ({
  id: o.id, kind: o.kind, slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en,
});

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === "23505";

export const createOrgService = (p: Platform) => {
  const auth = createAuthService(p);

  const presentMember = (ctx: RequestContext, m: { id: string; user_id: string; role: Role; created_at: Date; display_name: string; email_enc: Buffer }) => ({
    id: m.id,
    userId: m.user_id,
    displayName: m.display_name,
    email: p.users.emailOf(m),
    role: m.role,
    createdAt: m.created_at.toISOString(),
    policies: policiesForMember(ctx.actor, { userId: m.user_id }),
  });

  const presentToken = (t: { id: string; name: string; prefix: string; role: Role; created_at: Date; expires_at: Date; last_used_at: Date | null; revoked_at: Date | null }) => ({
    id: t.id, name: t.name, prefix: t.prefix, role: t.role,
    createdAt: t.created_at.toISOString(),
    expiresAt: t.expires_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
    revokedAt: t.revoked_at?.toISOString() ?? null,
  });

  const invitationHash = (token: string): Buffer => hmac(p.keys.identifier, `invitation:${token}`);
  const presentInvitation = (i: { id: string; display_name: string; email_enc: Buffer; role: Role; created_at: Date; expires_at: Date }) => ({
    id: i.id, displayName: i.display_name, email: decrypt(p.keys.encryption, i.email_enc), role: i.role,
    createdAt: i.created_at.toISOString(), expiresAt: i.expires_at.toISOString(),
  });

  /** Keeps at least one org-admin: the organisation must never lock itself out. */
  const assertKeepsAnAdmin = async (db: Kysely<DB>, orgId: string, current: Role, next: Role | null) => {
    if (current === "org-admin" && next !== "org-admin" && (await memberStore.countAdmins(db, orgId)) <= 1) {
      throw new AppError("last_admin");
    }
  };

  /** Takes the organisation's role lock, then checks the acting user is still an org-admin (a simultaneous request
   * may have demoted them while this one waited). */
  const lockRolesAsAdmin = async (db: Kysely<DB>, ctx: RequestContext) => {
    await memberStore.lockRoles(db, ctx.actor.orgId);
    if (!ctx.actor.userId) return;
    const me = await memberStore.findByUser(db, ctx.actor.orgId, ctx.actor.userId);
    if (!me || !canInOrg({ ...ctx.actor, role: me.role }, "members.manage")) throw new AppError("forbidden");
  };

  return {
    // Platform acts ------------------------------------------------------------------------------------------
    createOrg: (o: { kind: OrgKind; slug: string; nameJa: string; nameEn: string; isDemo?: boolean }) =>
      p.db.systemTx(async (tx) => {
        const org = await orgStore.insert(tx.db, o).catch((err) => {
          throw isUniqueViolation(err) ? new AppError("conflict", "slug", { field: "slug" }) : err;
        });
        await p.audit.record(tx, SYSTEM_ACTOR, { orgId: org.id, action: "org.create", objectType: "organization", objectId: org.id, after: presentOrg(org) });
        return org;
      }),

    relate: (companyId: string, relatedId: string, kind: "member_of" | "supervised_by") =>
      p.db.systemTx(async (tx) => {
        const [c, r] = [await orgStore.get(tx.db, companyId), await orgStore.get(tx.db, relatedId)];
        if (!c || !r) throw notFound();
        assertRelationKinds(c.kind, r.kind, kind);
        await orgStore.insertRelation(tx.db, companyId, relatedId, kind);
        await p.audit.record(tx, SYSTEM_ACTOR, { orgId: companyId, action: `org.relation.${kind}`, objectType: "organization", objectId: relatedId });
      }),

    /** Adds a user to an organisation (creating the account if new) and mails them. Used by the API and the CLI. */
    addMember: async (
      meta: { actor: RequestContext["actor"] | null; requestId: string | null; ip: string | null },
      orgId: string,
      input: { email: string; displayName: string; role: Role; locale?: "ja" | "en"; password?: string; notify?: boolean },
    ) => {
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      return p.db.systemTx(async (tx) => {
        const org = await orgStore.get(tx.db, orgId);
        if (!org) throw notFound();
        assertRoleAllowed(org.kind, input.role);
        let user = await p.users.findByEmail(input.email, tx.db);
        const isNew = !user;
        if (!user) user = await p.users.create({ email: input.email, displayName: input.displayName, passwordHash, locale: input.locale ?? "ja" }, tx.db);
        else if (passwordHash) await p.users.setPassword(user.id, passwordHash, tx.db);
        if (await memberStore.findByUser(tx.db, orgId, user.id)) throw new AppError("conflict", "body.email", { field: "email" });
        const m = await memberStore.insert(tx.db, orgId, user.id, input.role);
        const auditActor = meta.actor
          ? { userId: meta.actor.userId, tokenId: meta.actor.tokenId, orgId: meta.actor.orgId }
          : { userId: null, tokenId: null, orgId: null };
        await p.audit.record(tx, { actor: auditActor, requestId: meta.requestId, ip: meta.ip }, {
          orgId, action: "member.add", objectType: "membership", objectId: m.id, after: { userId: user.id, role: m.role, newAccount: isNew },
        });
        if (input.notify !== false) {
          const t = translator(user.locale);
          const link = user.password_hash || passwordHash ? `${p.config.publicUrl}/login` : await auth.issuePasswordLink(tx, user.id, INVITE_LINK_MINUTES);
          await p.mail.queue(tx, {
            to: p.users.emailOf(user),
            subject: t("mail.invite_subject", { org: user.locale === "en" ? org.name_en : org.name_ja }),
            text: t("mail.invite_body", { org: user.locale === "en" ? org.name_en : org.name_ja, role: t(`roles.${input.role}`), link, minutes: INVITE_LINK_MINUTES }),
          });
        }
        return { membershipId: m.id, userId: user.id, isNew };
      });
    },

    // Tenant acts --------------------------------------------------------------------------------------------
    getOrg: (ctx: RequestContext) =>
      inTenant(p, ctx, async (tx) => {
        const org = await orgStore.get(tx.db, ctx.actor.orgId);
        if (!org) throw notFound();
        const rels = await orgStore.relationsOf(tx.db, org.id);
        return {
          org: presentOrg(org),
          relations: rels.map((r) => {
            const mine = r.company_org_id === org.id;
            return {
              kind: relationFrom(org.id, r),
              org: mine
                ? { id: r.related_org_id, kind: r.r_kind, nameJa: r.r_name_ja, nameEn: r.r_name_en }
                : { id: r.company_org_id, kind: r.c_kind, nameJa: r.c_name_ja, nameEn: r.c_name_en },
            };
          }),
          policies: policiesForOrg(ctx.actor),
        };
      }),

    updateOrg: async (ctx: RequestContext, input: { nameJa?: string | undefined; nameEn?: string | undefined }) => {
      authorize(canInOrg(ctx.actor, "org.update"));
      await inTenant(p, ctx, async (tx) => {
        const before = await orgStore.get(tx.db, ctx.actor.orgId);
        if (!before) throw notFound();
        const after = found(await orgStore.updateNames(tx.db, before.id, {
          ...(input.nameJa ? { name_ja: input.nameJa } : {}),
          ...(input.nameEn ? { name_en: input.nameEn } : {}),
        }, p.now()));
        await p.audit.record(tx, auditMeta(ctx), { orgId: before.id, action: "org.update", objectType: "organization", objectId: before.id, before: presentOrg(before), after: presentOrg(after) });
      });
    },

    listMembers: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "members.read"));
      const manage = canInOrg(ctx.actor, "members.manage");
      return inTenant(p, ctx, async (tx) => ({
        members: (await memberStore.list(tx.db, ctx.actor.orgId)).map((m) => presentMember(ctx, m)),
        invitations: manage ? (await invitationStore.listPending(tx.db, ctx.actor.orgId, p.now())).map(presentInvitation) : [],
        roles: [...ROLES_BY_KIND[ctx.actor.orgKind]],
      }));
    },

    /**
     * Invites someone by address. The answer is the same whether an account exists for it (here or elsewhere) or
     * not: the inviter sees only what it typed, and the person joins by accepting the mailed link.
     */
    invite: async (ctx: RequestContext, input: { email: string; displayName: string; role: Role }) => {
      authorize(canInOrg(ctx.actor, "members.manage"));
      assertRoleAllowed(ctx.actor.orgKind, input.role);
      const existing = await p.users.findByEmail(input.email);
      const token = randomToken();
      return inTenant(p, ctx, async (tx) => {
        if (existing && (await memberStore.findByUser(tx.db, ctx.actor.orgId, existing.id))) throw new AppError("conflict", "body.email", { field: "email" });
        const org = await orgStore.get(tx.db, ctx.actor.orgId);
        if (!org) throw notFound();
        const emailHash = p.users.emailHash(input.email);
        await invitationStore.revokePendingFor(tx.db, ctx.actor.orgId, emailHash, p.now());
        const inv = await invitationStore.insert(tx.db, {
          org_id: ctx.actor.orgId, email_hash: emailHash, email_enc: encrypt(p.keys.encryption, normalizeEmail(input.email)),
          display_name: input.displayName, role: input.role, locale: ctx.locale, token_hash: invitationHash(token),
          invited_by: ctx.actor.userId, expires_at: new Date(p.now().getTime() + INVITE_LINK_MINUTES * 60_000),
        });
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "member.invite", objectType: "invitation", objectId: inv.id, after: { role: inv.role } });
        const t = translator(ctx.locale);
        const orgName = ctx.locale === "en" ? org.name_en : org.name_ja;
        await p.mail.queue(tx, {
          to: normalizeEmail(input.email),
          subject: t("mail.invitation_subject", { org: orgName }),
          text: t("mail.invitation_body", { org: orgName, role: t(`roles.${inv.role}`), link: `${p.config.publicUrl}/invitation#token=${token}`, days: INVITE_LINK_MINUTES / 1440 }),
        });
        return presentInvitation(inv);
      });
    },

    revokeInvitation: async (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "members.manage"));
      await inTenant(p, ctx, async (tx) => {
        found(await invitationStore.revoke(tx.db, ctx.actor.orgId, id, p.now()));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "member.invite_revoke", objectType: "invitation", objectId: id });
      });
    },

    /** What the holder of an invitation link may know: the organisation, the role, and whether they must sign in. */
    lookupInvitation: async (token: string, principal: { userId: string } | null) => {
      const inv = await invitationStore.usableByToken(p.db.system, invitationHash(token), p.now());
      if (!inv) throw new AppError("invitation_invalid", "body.token");
      const account = await p.users.findByEmail(decrypt(p.keys.encryption, inv.email_enc));
      return {
        org: { nameJa: inv.name_ja, nameEn: inv.name_en, kind: inv.kind }, role: inv.role, displayName: inv.display_name,
        hasAccount: account !== undefined,
        signedIn: principal === null ? ("no" as const) : principal.userId === account?.id ? ("invitee" as const) : ("someone_else" as const),
      };
    },

    /**
     * Accepts an invitation: an existing account must be signed in as itself; a new account is created with the
     * password given. Single use; the membership and the audit row are written in one transaction.
     */
    acceptInvitation: async (token: string, principal: { userId: string } | null, input: { password?: string | undefined }, meta: { requestId: string; ip: string }) => {
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      return p.db.systemTx(async (tx) => {
        const inv = await invitationStore.usableByToken(tx.db, invitationHash(token), p.now());
        if (!inv) throw new AppError("invitation_invalid", "body.token");
        const email = decrypt(p.keys.encryption, inv.email_enc);
        let user = await p.users.findByEmail(email, tx.db);
        const isNew = !user;
        if (user) {
          if (principal?.userId !== user.id) throw new AppError("unauthenticated");
        } else {
          if (!passwordHash) throw new AppError("weak_password", "body.password");
          user = await p.users.create({ email, displayName: inv.display_name, passwordHash, locale: inv.locale }, tx.db);
        }
        if (await memberStore.findByUser(tx.db, inv.org_id, user.id)) throw new AppError("conflict", "body.token", { field: "token" });
        const m = await memberStore.insert(tx.db, inv.org_id, user.id, inv.role);
        found(await invitationStore.markAccepted(tx.db, inv.id, user.id, p.now()));
        await p.audit.record(tx, { actor: { userId: user.id, tokenId: null, orgId: inv.org_id }, ...meta }, {
          orgId: inv.org_id, action: "member.add", objectType: "membership", objectId: m.id, after: { userId: user.id, role: m.role, invitationId: inv.id },
        });
        return { orgId: inv.org_id, newAccount: isNew };
      });
    },

    getMember: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const m = await memberStore.get(tx.db, ctx.actor.orgId, id);
        if (!m) throw notFound();
        return presentMember(ctx, m);
      }),

    /** A member's security log (sign-ins, failures, lockouts, resets), for the organisation's admins only. */
    memberSecurityEvents: async (ctx: RequestContext, id: string, page: { limit: number; before?: string | undefined }) => {
      authorize(canInOrg(ctx.actor, "members.manage"));
      const m = await inTenant(p, ctx, (tx) => memberStore.get(tx.db, ctx.actor.orgId, id));
      if (!m) throw notFound();
      return { events: await securityLog.list(p.db.system, m.user_id, page) };
    },

    changeRole: async (ctx: RequestContext, id: string, role: Role) => {
      authorize(canInOrg(ctx.actor, "members.manage"));
      assertRoleAllowed(ctx.actor.orgKind, role);
      await inTenant(p, ctx, async (tx) => {
        await lockRolesAsAdmin(tx.db, ctx);
        const m = await memberStore.get(tx.db, ctx.actor.orgId, id);
        if (!m) throw notFound();
        await assertKeepsAnAdmin(tx.db, ctx.actor.orgId, m.role, role);
        found(await memberStore.setRole(tx.db, ctx.actor.orgId, id, role, p.now()));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "member.role", objectType: "membership", objectId: id, before: { role: m.role }, after: { role } });
      });
    },

    removeMember: async (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "members.manage"));
      await inTenant(p, ctx, async (tx) => {
        await lockRolesAsAdmin(tx.db, ctx);
        const m = await memberStore.get(tx.db, ctx.actor.orgId, id);
        if (!m) throw notFound();
        if (m.user_id === ctx.actor.userId) throw new AppError("forbidden");
        await assertKeepsAnAdmin(tx.db, ctx.actor.orgId, m.role, null);
        found(await memberStore.delete(tx.db, ctx.actor.orgId, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "member.remove", objectType: "membership", objectId: id, before: { userId: m.user_id, role: m.role } });
      });
    },

    listTokens: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "tokens.manage"));
      return inTenant(p, ctx, async (tx) => ({ tokens: (await tokenStore.list(tx.db, ctx.actor.orgId)).map(presentToken) }));
    },

    /** A token never has more rights than its maker (role covered, expiry no later than the maker token's). */
    createToken: async (ctx: RequestContext, input: { name: string; role: Role; expiresAt: Date }) => {
      authorize(canInOrg(ctx.actor, "tokens.manage"));
      assertRoleAllowed(ctx.actor.orgKind, input.role);
      if (!roleCovers(ctx.actor.role, input.role)) throw new AppError("forbidden", "body.role");
      const problem = tokenExpiryProblem(input.expiresAt, p.now(), p.config.tokenMaxDays);
      if (problem) throw new AppError("token_expiry", "body.expiresAt", { days: p.config.tokenMaxDays });
      const secret = `${TOKEN_PREFIX}${randomToken(30)}`;
      const token = await inTenant(p, ctx, async (tx) => {
        if (ctx.actor.tokenId) {
          const maker = await tokenStore.expiryOf(tx.db, ctx.actor.tokenId);
          if (!maker || input.expiresAt > maker.expires_at) throw new AppError("token_expiry", "body.expiresAt", { days: p.config.tokenMaxDays });
        }
        const t = await tokenStore.insert(tx.db, {
          orgId: ctx.actor.orgId, name: input.name, hash: tokenHash(p.keys.identifier, secret), prefix: secret.slice(0, 10),
          role: input.role, createdBy: ctx.actor.userId, expiresAt: input.expiresAt,
        });
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "token.create", objectType: "api_token", objectId: t.id, after: { role: t.role, prefix: t.prefix, expiresAt: t.expires_at.toISOString() } });
        return t;
      });
      return { token: presentToken(token), secret };
    },

    revokeToken: async (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "tokens.manage"));
      await inTenant(p, ctx, async (tx: Tx) => {
        const t = await tokenStore.revoke(tx.db, ctx.actor.orgId, id, p.now());
        if (!t) throw notFound();
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "token.revoke", objectType: "api_token", objectId: id });
      });
    },

    listAudit: (ctx: RequestContext, opts: { limit: number; before?: string | undefined }) => {
      authorize(canInOrg(ctx.actor, "audit.read"));
      return inTenant(p, ctx, async (tx) => ({ events: await p.audit.list(tx, ctx.actor.orgId, { limit: opts.limit, beforeSeq: opts.before }) }));
    },

    directory: (kind?: OrgKind) => orgStore.listByKind(p.db.app, kind).then((rows) => ({ orgs: rows.map(presentOrg) })),
  };
};
export type OrgService = ReturnType<typeof createOrgService>;
