/** The users table, read and written as the owner role (sign-in happens before any organisation is chosen). */
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { decrypt, encrypt, hmac, normalizeEmail, type Keys } from "../crypto/keys.js";

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export const createUserStore = (db: Kysely<DB>, keys: Keys, now: () => Date = () => new Date()) => {
  const emailHash = (email: string): Buffer => hmac(keys.identifier, `email:${normalizeEmail(email)}`);

  return {
    emailHash,
    emailOf: (row: { email_enc: Buffer }): string => decrypt(keys.encryption, row.email_enc),
    findByEmail: (email: string, exec: Kysely<DB> = db) =>
      exec.selectFrom("users").selectAll().where("email_hash", "=", emailHash(email)).executeTakeFirst(),
    findById: (id: string, exec: Kysely<DB> = db) => exec.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst(),
    create: (
      u: { email: string; displayName: string; passwordHash: string | null; locale?: "ja" | "en"; isDemo?: boolean },
      exec: Kysely<DB> = db,
    ) =>
      exec
        .insertInto("users")
        .values({
          email_hash: emailHash(u.email),
          email_enc: encrypt(keys.encryption, normalizeEmail(u.email)),
          display_name: u.displayName,
          password_hash: u.passwordHash,
          locale: u.locale ?? "ja",
          is_demo: u.isDemo ?? false,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    /** Counts a failed sign-in; locks the account for LOCK_MINUTES after LOCK_AFTER_FAILURES in a row (then true). */
    recordFailure: async (id: string): Promise<boolean> => {
      const row = await db
        .updateTable("users")
        .set((eb) => ({ failed_logins: eb("failed_logins", "+", 1) }))
        .where("id", "=", id)
        .returning("failed_logins")
        .executeTakeFirst();
      if (row && row.failed_logins >= LOCK_AFTER_FAILURES) {
        await db
          .updateTable("users")
          .set({ locked_until: new Date(now().getTime() + LOCK_MINUTES * 60_000), failed_logins: 0 })
          .where("id", "=", id)
          .execute();
        return true;
      }
      return false;
    },
    clearFailures: (id: string) =>
      db.updateTable("users").set({ failed_logins: 0, locked_until: null }).where("id", "=", id).execute(),
    setPassword: (id: string, passwordHash: string, exec: Kysely<DB> = db) =>
      exec
        .updateTable("users")
        .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: now() })
        .where("id", "=", id)
        .execute(),
  };
};
export type UserStore = ReturnType<typeof createUserStore>;
