/** Sign-in, sign-out and password reset. Responses never reveal whether an email has an account. */
import { translator } from "../i18n/i18n.js";
import { decrypt, encrypt, hmac, randomToken } from "../crypto/keys.js";
import { createLoginThrottle, purgeLoginThrottle } from "./throttle.js";
import { AppError } from "../http/errors.js";
import type { Platform } from "../context.js";
import { hashPassword, verifyPassword } from "./passwords.js";

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

  const throttle = createLoginThrottle(p.db.system, p.keys.identifier, p.now);

  /** Same answers for an unknown address and a wrong password, before and after the throttle engages. */
  const login = async (email: string, password: string, ip: string): Promise<{ token: string; expiresAt: Date; userId: string }> => {
    if (await throttle.isBlocked(email, ip)) throw new AppError("rate_limited");
    const user = await p.users.findByEmail(email);
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok) {
      await throttle.recordFailure(email, ip);
      throw new AppError("invalid_credentials");
    }
    await throttle.recordSuccess(email, ip);
    const session = await p.sessions.create(user.id, "password");
    p.log.info({ userId: user.id }, "signed in");
    return { ...session, userId: user.id };
  };

  /**
   * Queues the request and returns: the look-up and the mail happen in a job, so the answer takes the same time
   * whether the address has an account or not (nothing to measure).
   */
  const requestPasswordReset = async (email: string, locale: "ja" | "en"): Promise<void> => {
    await p.db.systemTx((tx) => p.jobs.enqueue(tx, RESET_REQUEST_JOB, { email: encrypt(p.keys.encryption, email).toString("base64"), locale }));
  };

  const sendPasswordReset = async (email: string, locale: "ja" | "en"): Promise<void> => {
    const user = await p.users.findByEmail(email);
    if (!user) return;
    await p.db.systemTx(async (tx) => {
      const link = await issuePasswordLink(tx, user.id, RESET_MINUTES);
      const t = translator(locale);
      await p.mail.queue(tx, {
        to: p.users.emailOf(user),
        subject: t("mail.reset_subject"),
        text: t("mail.reset_body", { minutes: RESET_MINUTES, link }),
      });
    });
  };

  const confirmPasswordReset = async (token: string, password: string, meta: { requestId: string; ip: string }): Promise<void> => {
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
      const orgs = await tx.db.selectFrom("memberships").select("org_id").where("user_id", "=", row.user_id).execute();
      for (const { org_id } of orgs) {
        await p.audit.record(tx, { actor: { userId: row.user_id, orgId: null }, ...meta }, {
          orgId: org_id, action: "user.password_reset", objectType: "user", objectId: row.user_id,
        });
      }
    });
  };

  return { login, requestPasswordReset, sendPasswordReset, confirmPasswordReset, issuePasswordLink };
};
export type AuthService = ReturnType<typeof createAuthService>;

export const RESET_REQUEST_JOB = "auth.reset_request";

/** The password-reset job (the address travels encrypted) and the purge of old sign-in throttle windows. */
export const registerAuthJobs = (p: Platform): void => {
  p.jobs.define<{ email: string; locale: "ja" | "en" }>({
    name: RESET_REQUEST_JOB,
    retryLimit: 3,
    handler: async ({ email, locale }) => createAuthService(p).sendPasswordReset(decrypt(p.keys.encryption, Buffer.from(email, "base64")), locale),
  });
  p.jobs.define({
    name: "auth.throttle_purge",
    schedule: "23 * * * *",
    handler: async () => void (await purgeLoginThrottle(p.db.system, p.now())),
  });
};
