/** Queries of sign-in and the account (password links, the account's organisations, its profile). */
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

export const passwordResetStore = {
  insert: (db: Kysely<DB>, tokenHash: Buffer, userId: string, expiresAt: Date) =>
    db.insertInto("password_resets").values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute(),
  /** Marks a live, unused link used and gives its user; nothing for a used, expired or unknown one. */
  use: (db: Kysely<DB>, tokenHash: Buffer, now: Date) =>
    db
      .updateTable("password_resets")
      .set({ used_at: now })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("user_id")
      .executeTakeFirst(),
};

export const accountStore = {
  /** The organisations the user belongs to, with the role in each. */
  memberships: (db: Kysely<DB>, userId: string) =>
    db
      .selectFrom("memberships")
      .innerJoin("organizations", "organizations.id", "memberships.org_id")
      .select(["organizations.id", "organizations.slug", "organizations.name_ja", "organizations.name_en", "organizations.kind", "memberships.role"])
      .where("memberships.user_id", "=", userId)
      .orderBy("organizations.name_en")
      .execute(),
  orgIds: async (db: Kysely<DB>, userId: string): Promise<string[]> =>
    (await db.selectFrom("memberships").select("org_id").where("user_id", "=", userId).execute()).map((r) => r.org_id),
  updateProfile: (db: Kysely<DB>, userId: string, patch: { displayName?: string | undefined; locale?: "ja" | "en" | undefined }, now: Date) =>
    db
      .updateTable("users")
      .set({ ...(patch.displayName ? { display_name: patch.displayName } : {}), ...(patch.locale ? { locale: patch.locale } : {}), updated_at: now })
      .where("id", "=", userId)
      .execute(),
  endSessions: (db: Kysely<DB>, userId: string) => db.deleteFrom("sessions").where("user_id", "=", userId).execute(),
};
