/** Channels and their delivery log: one function per query, each taking the transaction it runs in. */
import type { Insertable, Kysely } from "kysely";
import type { DB, NetworkChannelsTable } from "../../platform/db/schema.js";

const COLUMNS = [
  "c.id", "c.org_id", "c.user_id", "c.kind", "c.label", "c.address_enc", "c.webhook_format", "c.consecutive_failures",
  "c.disabled_at", "c.disabled_code", "c.disabled_status", "c.disabled_reason", "c.created_at", "u.display_name",
] as const;

export const channelStore = {
  /** The organisation's channels; `userId` given: that user's and the duty desk's only. */
  list: (db: Kysely<DB>, orgId: string, onlyFor: string | null | "all") => {
    let q = db.selectFrom("network_channels as c").leftJoin("users as u", "u.id", "c.user_id").select(COLUMNS).where("c.org_id", "=", orgId);
    if (onlyFor !== "all") q = q.where((eb) => (onlyFor ? eb.or([eb("c.user_id", "=", onlyFor), eb("c.user_id", "is", null)]) : eb("c.user_id", "is", null)));
    return q.orderBy("c.user_id", "desc").orderBy("c.created_at").execute();
  },
  get: (db: Kysely<DB>, orgId: string, id: string) =>
    db.selectFrom("network_channels as c").leftJoin("users as u", "u.id", "c.user_id").select(COLUMNS).where("c.org_id", "=", orgId).where("c.id", "=", id).executeTakeFirst(),
  insert: (db: Kysely<DB>, row: Insertable<NetworkChannelsTable>) =>
    db.insertInto("network_channels").values(row).returning("id").executeTakeFirstOrThrow(),
  remove: (db: Kysely<DB>, orgId: string, id: string) => db.deleteFrom("network_channels").where("org_id", "=", orgId).where("id", "=", id).returning("id").executeTakeFirst(),
  enable: (db: Kysely<DB>, orgId: string, id: string, now: Date) =>
    db.updateTable("network_channels")
      .set({ disabled_at: null, disabled_code: null, disabled_status: null, disabled_reason: null, consecutive_failures: 0, updated_at: now })
      .where("org_id", "=", orgId).where("id", "=", id).returning("id").executeTakeFirst(),
  deliveries: (db: Kysely<DB>, orgId: string, channelId: string, limit: number) =>
    db.selectFrom("network_delivery_log").selectAll().where("org_id", "=", orgId).where("channel_id", "=", channelId).orderBy("at", "desc").limit(limit).execute(),
  /** Enabled channels of these users (the organisation's members), with their addresses encrypted. */
  enabledOfUsers: (db: Kysely<DB>, orgId: string, userIds: readonly string[]) =>
    userIds.length === 0 ? Promise.resolve([]) :
      db.selectFrom("network_channels").select(["id", "org_id", "user_id", "kind", "address_enc", "webhook_format"])
        .where("org_id", "=", orgId).where("user_id", "in", userIds).where("disabled_at", "is", null).orderBy("created_at").execute(),
  /**
   * The duty desks' enabled channels (user_id NULL) of these organisations, in one query, addresses encrypted: what
   * a page step to a desk and a broadcast's fan-out (and its reminders) address their messages to.
   */
  deskChannels: (db: Kysely<DB>, orgIds: readonly string[]) =>
    orgIds.length === 0 ? Promise.resolve([]) :
      db.selectFrom("network_channels").select(["id", "org_id", "user_id", "kind", "address_enc", "webhook_format"])
        .where("org_id", "in", [...new Set(orgIds)]).where("user_id", "is", null).where("disabled_at", "is", null).orderBy("created_at").execute(),
};
