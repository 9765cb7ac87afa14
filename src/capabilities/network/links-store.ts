/**
 * Signed single-use links of the contact network, one table for pages (acknowledge, resolve) and broadcasts
 * (acknowledge): `network_links` (migration 0020). The random token travels only in the message; the table keeps
 * an HMAC of it. Each purpose has its own derivation (domain separation; the hashes of links mailed before 0020
 * moved unchanged), so a token is looked up under both.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { hmac } from "../../platform/crypto/keys.js";

export type LinkPurpose = "page" | "broadcast";
export type NewLink =
  | { purpose: "page"; tokenHash: Buffer; orgId: string; pageId: string; userId: string | null; action: "acknowledge" | "resolve"; expiresAt: Date; at: Date }
  | { purpose: "broadcast"; tokenHash: Buffer; orgId: string; recipientId: string; broadcastId: string; senderOrgId: string; attempt: number; expiresAt: Date; at: Date };

const PREFIX: Record<LinkPurpose, string> = { page: "network-action", broadcast: "broadcast-link" };

/** The stored hash of a token for one purpose. */
export const linkHash = (key: Buffer, purpose: LinkPurpose, token: string): Buffer => hmac(key, `${PREFIX[purpose]}:${token}`);
/** Every hash a token may be stored under (one per purpose). */
const hashesOf = (key: Buffer, token: string): Buffer[] => (Object.keys(PREFIX) as LinkPurpose[]).map((p) => linkHash(key, p, token));

export const linkStore = {
  insert: async (db: Kysely<DB>, links: readonly NewLink[]): Promise<void> => {
    if (links.length === 0) return;
    await db.insertInto("network_links").values(links.map((l) => (l.purpose === "page"
      ? { token_hash: l.tokenHash, org_id: l.orgId, purpose: "page" as const, action: l.action, page_id: l.pageId, user_id: l.userId, expires_at: l.expiresAt, created_at: l.at }
      : {
          token_hash: l.tokenHash, org_id: l.orgId, purpose: "broadcast" as const, action: "acknowledge" as const, recipient_id: l.recipientId,
          broadcast_id: l.broadcastId, sender_org_id: l.senderOrgId, attempt: l.attempt, expires_at: l.expiresAt, created_at: l.at,
        }))).execute();
  },
  /** The link a token stands for, used or not. */
  find: (db: Kysely<DB>, key: Buffer, token: string) =>
    db.selectFrom("network_links").selectAll().where("token_hash", "in", hashesOf(key, token)).executeTakeFirst(),
  /** Uses the link once: of two concurrent requests only one gets the row back (the other finds used_at set). */
  use: (db: Kysely<DB>, key: Buffer, token: string, now: Date) =>
    db.updateTable("network_links").set({ used_at: now })
      .where("token_hash", "in", hashesOf(key, token)).where("used_at", "is", null).where("expires_at", ">", now)
      .returningAll().executeTakeFirst(),
};
export type LinkRow = NonNullable<Awaited<ReturnType<typeof linkStore.find>>>;
