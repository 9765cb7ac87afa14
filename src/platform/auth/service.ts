/** Sign-in, sign-out and password reset. Responses never reveal whether an email has an account. */
import { translator } from "../i18n/i18n.js";
import { hmac, randomToken } from "../crypto/keys.js";
import { AppError } from "../http/errors.js";
import type { Platform } from "../context.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { securityLog, type SecurityMeta } from "./security-log.js";

const NO_META: SecurityMeta = { ip: null, userAgent: null, requestId: null };

export const RESET_MINUTES = 30;

export const createAuthService = (p: Platform) => {
  const resetHash = (token: string): Buffer => hmac(p.keys.identifier, `reset:${token}`);

  /** Creates a one-time link to set a password (reset or first sign-in after an invitation). */
  const issuePasswordLink = async (tx: Parameters<Parameters<Platform["db"]["systemTx"]>[0]>[0], userId: string, minutes: number): Promise<string> => {
    const token = randomToken();
    await tx.db
      .insertInto("password_resets")
      .values({ token_hash: resetHash(token), user_id: userId, expires_at: new Date(p.now().getTime() + minutes * 60_000) })
      .execute();
    return `${p.config.publicUrl}/reset-password#token=${token}`;
  };

  // An unknown address has no account to log against: nothing is written, and never the address itself.
  const logSecurity = (userId: string, kind: Parameters<typeof securityLog.record>[2], meta: SecurityMeta, detail?: Parameters<typeof securityLog.record>[5]) =>
    securityLog.record(p.db.system, userId, kind, meta, p.now(), detail);

  const login = async (email: string, password: string, meta: SecurityMeta = NO_META): Promise<{ token: string; expiresAt: Date; userId: string }> => {
    const user = await p.users.findByEmail(email);
    if (user?.locked_until && user.locked_until > p.now()) {
      await logSecurity(user.id, "sign_in_failed", meta, { reason: "locked" });
      throw new AppError("account_locked", undefined, { until: user.locked_until.toISOString() });
    }
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok) {
      if (user) {
        const locked = await p.users.recordFailure(user.id);
        await logSecurity(user.id, "sign_in_failed", meta, { reason: "wrong_password" });
        if (locked) await logSecurity(user.id, "locked", meta);
      }
      throw new AppError("invalid_credentials");
    }
    await p.users.clearFailures(user.id);
    await logSecurity(user.id, "sign_in", meta);
    const session = await p.sessions.create(user.id, "password");
    p.log.info({ userId: user.id }, "signed in");
    return { ...session, userId: user.id };
  };

  const requestPasswordReset = async (email: string, locale: "ja" | "en", meta: SecurityMeta = NO_META): Promise<void> => {
    const user = await p.users.findByEmail(email);
    if (!user) return;
    await p.db.systemTx(async (tx) => {
      await securityLog.record(tx.db, user.id, "password_reset_requested", meta, p.now());
      const link = await issuePasswordLink(tx, user.id, RESET_MINUTES);
      const t = translator(locale);
      await p.mail.queue(tx, {
        to: p.users.emailOf(user),
        subject: t("mail.reset_subject"),
        text: t("mail.reset_body", { minutes: RESET_MINUTES, link }),
      });
    });
  };

  const confirmPasswordReset = async (token: string, password: string, meta: { requestId: string; ip: string; userAgent?: string | null }): Promise<void> => {
    const passwordHash = await hashPassword(password);
    await p.db.systemTx(async (tx) => {
      const row = await tx.db
        .updateTable("password_resets")
        .set({ used_at: p.now() })
        .where("token_hash", "=", resetHash(token))
        .where("used_at", "is", null)
        .where("expires_at", ">", p.now())
        .returning("user_id")
        .executeTakeFirst();
      if (!row) throw new AppError("reset_token_invalid", "body.token");
      await p.users.setPassword(row.user_id, passwordHash, tx.db);
      await tx.db.deleteFrom("sessions").where("user_id", "=", row.user_id).execute();
      await securityLog.record(tx.db, row.user_id, "password_reset", { ip: meta.ip, userAgent: meta.userAgent ?? null, requestId: meta.requestId }, p.now());
      const orgs = await tx.db.selectFrom("memberships").select("org_id").where("user_id", "=", row.user_id).execute();
      for (const { org_id } of orgs) {
        await p.audit.record(tx, { actor: { userId: row.user_id, orgId: null }, requestId: meta.requestId, ip: meta.ip }, {
          orgId: org_id, action: "user.password_reset", objectType: "user", objectId: row.user_id,
        });
      }
    });
  };

  return { login, requestPasswordReset, confirmPasswordReset, issuePasswordLink, logSecurity };
};
export type AuthService = ReturnType<typeof createAuthService>;
