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
};

export const principalStore = {
  /** An API token with its creator's current role in the token's organisation (no membership: no row). */
  token: (db: Kysely<DB>, tokenHash: Buffer) =>
    db
      .selectFrom("api_tokens as t")
      .innerJoin("memberships as m", (j) => j.onRef("m.org_id", "=", "t.org_id").onRef("m.user_id", "=", "t.created_by"))
      .select(["t.id", "t.org_id", "t.role", "t.created_by", "t.expires_at", "t.revoked_at", "t.last_used_at", "m.role as member_role"])
      .where("t.token_hash", "=", tokenHash)
      .executeTakeFirst(),
  touchToken: (db: Kysely<DB>, id: string, now: Date) => db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute(),
  orgKind: (db: Kysely<DB>, orgId: string) => db.selectFrom("organizations").select(["id", "kind"]).where("id", "=", orgId).executeTakeFirst(),
  /** The organisation's kind and the user's role there (null when not a member); nothing for an unknown organisation. */
  membership: (db: Kysely<DB>, orgId: string, userId: string) =>
    db
      .selectFrom("organizations as o")
      .leftJoin("memberships as m", (j) => j.onRef("m.org_id", "=", "o.id").on("m.user_id", "=", userId))
      .select(["o.kind as orgKind", "m.role as role"])
      .where("o.id", "=", orgId)
      .executeTakeFirst(),
};
