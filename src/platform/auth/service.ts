/** Sign-in, sign-out and password reset. Responses never reveal whether an email has an account. */
import { translator } from "../i18n/i18n.js";
import { decrypt, encrypt, hmac, randomToken } from "../crypto/keys.js";
import { createLoginThrottle, purgeLoginThrottle } from "./throttle.js";
import { AppError } from "../http/errors.js";
import type { Platform } from "../context.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { securityLog, type SecurityMeta } from "./security-log.js";
import { accountStore, passwordResetStore } from "./store.js";

const NO_META: SecurityMeta = { ip: null, userAgent: null, requestId: null };

export const RESET_MINUTES = 30;

export const createAuthService = (p: Platform) => {
  const resetHash = (token: string): Buffer => hmac(p.keys.identifier, `reset:${token}`);

  /** Creates a one-time link to set a password (reset or first sign-in after an invitation). */
  const issuePasswordLink = async (tx: Parameters<Parameters<Platform["db"]["systemTx"]>[0]>[0], userId: string, minutes: number): Promise<string> => {
    const token = randomToken();
    await passwordResetStore.insert(tx.db, resetHash(token), userId, new Date(p.now().getTime() + minutes * 60_000));
    return `${p.config.publicUrl}/reset-password#token=${token}`;
  };

  const throttle = createLoginThrottle(p.db.system, p.keys.identifier, p.now);
  // An unknown address has no account to log against: nothing is written, and never the address itself.
  const logSecurity = (userId: string, kind: Parameters<typeof securityLog.record>[2], meta: SecurityMeta, detail?: Parameters<typeof securityLog.record>[5]) =>
    securityLog.record(p.db.system, userId, kind, meta, p.now(), detail);

  /** Same answers for an unknown address and a wrong password, before and after the throttle engages. */
  const login = async (email: string, password: string, meta: SecurityMeta = NO_META): Promise<{ token: string; expiresAt: Date; userId: string }> => {
    const client = meta.ip ?? "unknown";
    if (await throttle.isBlocked(email, client)) {
      const known = await p.users.findByEmail(email);
      if (known) await logSecurity(known.id, "sign_in_failed", meta, { reason: "throttled" });
      throw new AppError("rate_limited");
    }
    const user = await p.users.findByEmail(email);
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok) {
      const throttled = await throttle.recordFailure(email, client);
      if (user) {
        await logSecurity(user.id, "sign_in_failed", meta, { reason: "wrong_password" });
        if (throttled) await logSecurity(user.id, "locked", meta);
      }
      throw new AppError("invalid_credentials");
    }
    await throttle.recordSuccess(email, client);
    await logSecurity(user.id, "sign_in", meta);
    const session = await p.sessions.create(user.id, "password");
    p.log.info({ userId: user.id }, "signed in");
    return { ...session, userId: user.id };
  };

  /**
   * Queues the request and returns: the look-up and the mail happen in a job, so the answer takes the same time
   * whether the address has an account or not (nothing to measure). The address and the client travel encrypted.
   */
  const requestPasswordReset = async (email: string, locale: "ja" | "en", meta: SecurityMeta = NO_META): Promise<void> => {
    const sealed = encrypt(p.keys.encryption, JSON.stringify({ email, meta })).toString("base64");
    await p.db.systemTx((tx) => p.jobs.enqueue(tx, RESET_REQUEST_JOB, { sealed, locale }));
  };

  const sendPasswordReset = async (email: string, locale: "ja" | "en", meta: SecurityMeta = NO_META): Promise<void> => {
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
      const row = await passwordResetStore.use(tx.db, resetHash(token), p.now());
      if (!row) throw new AppError("reset_token_invalid", "body.token");
      await p.users.setPassword(row.user_id, passwordHash, tx.db);
      await p.sessions.destroyAllForUser(row.user_id, tx.db);
      await securityLog.record(tx.db, row.user_id, "password_reset", { ip: meta.ip, userAgent: meta.userAgent ?? null, requestId: meta.requestId }, p.now());
      for (const org_id of await accountStore.orgIds(tx.db, row.user_id)) {
        await p.audit.record(tx, { actor: { userId: row.user_id, orgId: null }, requestId: meta.requestId, ip: meta.ip }, {
          orgId: org_id, action: "user.password_reset", objectType: "user", objectId: row.user_id,
        });
      }
    });
  };

  return { login, requestPasswordReset, sendPasswordReset, confirmPasswordReset, issuePasswordLink, logSecurity };
};
export type AuthService = ReturnType<typeof createAuthService>;

export const RESET_REQUEST_JOB = "auth.reset_request";

/** The password-reset job (the address travels encrypted) and the purge of old sign-in throttle windows. */
export const registerAuthJobs = (p: Platform): void => {
  p.jobs.define<{ sealed: string; locale: "ja" | "en" }>({
    name: RESET_REQUEST_JOB,
    retryLimit: 3,
    handler: async ({ sealed, locale }) => {
      const { email, meta } = JSON.parse(decrypt(p.keys.encryption, Buffer.from(sealed, "base64"))) as { email: string; meta: SecurityMeta };
      await createAuthService(p).sendPasswordReset(email, locale, meta);
    },
  });
  p.jobs.define({
    name: "auth.throttle_purge",
    schedule: "23 * * * *",
    handler: async () => void (await purgeLoginThrottle(p.db.system, p.now())),
  });
  p.jobs.define({
    name: "auth.security_log_prune",
    schedule: "37 4 * * *",
    handler: async () => void (await securityLog.prune(p.db.system, new Date(p.now().getTime() - p.config.securityLogDays * 86_400_000))),
  });
};
