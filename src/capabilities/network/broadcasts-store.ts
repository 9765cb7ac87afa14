/** Queries of broadcasts and their recipients (their links: links-store.ts); each takes the transaction it runs in. */
import { sql, type Kysely } from "kysely";
import type { BroadcastAudience, BroadcastKind, BroadcastVia, DB } from "../../platform/db/schema.js";

type Db = Kysely<DB>;

export type ReachRow = { id: string; kind: string; name_ja: string; name_en: string; via: BroadcastVia };

const AUDIENCE_VIA: Record<Exclude<BroadcastAudience, "related" | "list">, BroadcastVia> = {
  supervised: "supervised_by",
  members: "member_of",
  associations: "association",
};

const RECIPIENT_COLUMNS = [
  "r.id", "r.broadcast_id", "r.sender_org_id", "r.org_id", "r.via", "r.acknowledged_at", "r.acknowledged_by", "r.acknowledged_by_name",
  "r.acknowledged_via", "r.answer_text", "r.answer_file_key", "r.answer_file_name", "r.answer_file_type", "r.answer_file_size",
  "r.answer_file_sha256", "r.answered_at", "r.answered_by", "r.answered_by_name", "r.reminder_count", "r.last_notified_at",
  "r.escalated_page_id", "r.escalated_at", "r.change_seq", "o.name_ja", "o.name_en", "o.kind as org_kind",
] as const;

export const broadcastStore = {
  /** The organisations the acting organisation may reach (sokuho_broadcast_reach), by audience. */
  reach: async (db: Db, audience: BroadcastAudience): Promise<ReachRow[]> => {
    const rows = await sql<ReachRow>`
      SELECT DISTINCT ON (o.id) o.id, o.kind, o.name_ja, o.name_en, x.via
        FROM sokuho_broadcast_reach() x JOIN organizations o ON o.id = x.org_id
       ORDER BY o.id, x.via`.execute(db);
    const via = audience === "related" || audience === "list" ? null : AUDIENCE_VIA[audience];
    return rows.rows
      .filter((r) => via === null || r.via === via)
      .sort((a, b) => a.name_ja.localeCompare(b.name_ja, "ja"));
  },

  insert: (db: Db, b: {
    senderOrgId: string; kind: BroadcastKind; titleJa: string; titleEn: string; bodyJa: string; bodyEn: string; audience: BroadcastAudience;
    isDrill: boolean; reminderMinutes: number; maxReminders: number; createdBy: string | null; at: Date;
  }) =>
    db.insertInto("network_broadcasts").values({
      sender_org_id: b.senderOrgId, kind: b.kind, title_ja: b.titleJa, title_en: b.titleEn, body_ja: b.bodyJa, body_en: b.bodyEn,
      audience: b.audience, is_drill: b.isDrill, reminder_minutes: b.reminderMinutes, max_reminders: b.maxReminders,
      created_by: b.createdBy, created_at: b.at,
    }).returningAll().executeTakeFirstOrThrow(),

  insertRecipients: (db: Db, broadcastId: string, senderOrgId: string, orgs: readonly { id: string; via: BroadcastVia }[], at: Date) =>
    db.insertInto("network_broadcast_recipients")
      .values(orgs.map((o) => ({ broadcast_id: broadcastId, sender_org_id: senderOrgId, org_id: o.id, via: o.via, last_notified_at: at })))
      .returning(["id", "org_id"])
      .execute(),

  get: (db: Db, id: string) =>
    db.selectFrom("network_broadcasts as b").innerJoin("organizations as s", "s.id", "b.sender_org_id")
      .selectAll("b").select(["s.name_ja as sender_name_ja", "s.name_en as sender_name_en"])
      .where("b.id", "=", id).executeTakeFirst(),

  /** Broadcasts the organisation sent, newest first, with their acknowledgement counts. */
  listSent: (db: Db, senderOrgId: string) =>
    db.selectFrom("network_broadcasts as b")
      .leftJoin("network_broadcast_recipients as r", "r.broadcast_id", "b.id")
      .select(["b.id", "b.kind", "b.title_ja", "b.title_en", "b.is_drill", "b.created_at", "b.closed_at", "b.audience"])
      .select((eb) => [
        eb.fn.count<string>("r.id").as("recipients"),
        eb.fn.count<string>("r.acknowledged_at").as("acknowledged"),
        eb.fn.count<string>("r.answered_at").as("answered"),
      ])
      .where("b.sender_org_id", "=", senderOrgId)
      .groupBy("b.id").orderBy("b.created_at", "desc").limit(200).execute(),

  /** Broadcasts the organisation received (its own rows), newest first. */
  listReceived: (db: Db, orgId: string) =>
    db.selectFrom("network_broadcast_recipients as r")
      .innerJoin("network_broadcasts as b", "b.id", "r.broadcast_id")
      .innerJoin("organizations as s", "s.id", "b.sender_org_id")
      .select(["b.id", "b.kind", "b.title_ja", "b.title_en", "b.is_drill", "b.created_at", "b.closed_at", "r.acknowledged_at", "r.answered_at",
        "s.name_ja as sender_name_ja", "s.name_en as sender_name_en"])
      .where("r.org_id", "=", orgId)
      .orderBy("b.created_at", "desc").limit(200).execute(),

  recipients: (db: Db, broadcastId: string, opts: { orgId?: string; afterSeq?: string } = {}) => {
    let q = db.selectFrom("network_broadcast_recipients as r").innerJoin("organizations as o", "o.id", "r.org_id")
      .select(RECIPIENT_COLUMNS)
      .where("r.broadcast_id", "=", broadcastId);
    if (opts.orgId) q = q.where("r.org_id", "=", opts.orgId);
    if (opts.afterSeq) q = q.where("r.change_seq", ">", opts.afterSeq).orderBy("r.change_seq");
    else q = q.orderBy("o.name_ja");
    return q.execute();
  },

  /** Per recipient organisation: messages queued for the first attempt and how many reached the receiver. */
  deliveries: async (db: Db, broadcastId: string) => {
    const rows = await db.selectFrom("network_outbox").select(["org_id"])
      .select((eb) => [eb.fn.countAll<string>().as("messages"), eb.fn.count<string>("sent_at").as("sent")])
      .where("broadcast_id", "=", broadcastId).where("round", "=", 1).groupBy("org_id").execute();
    return new Map(rows.map((r) => [r.org_id, { messages: Number(r.messages), sent: Number(r.sent) }]));
  },

  /** The first acknowledgement wins: a second (concurrent or later) one matches no row. */
  acknowledge: (db: Db, recipientId: string, a: { at: Date; userId: string | null; name: string | null; via: "ui" | "api" | "link" }) =>
    db.updateTable("network_broadcast_recipients").set({
      acknowledged_at: a.at, acknowledged_by: a.userId, acknowledged_by_name: a.name, acknowledged_via: a.via,
      change_seq: sql`nextval('network_broadcast_change_seq')`,
    }).where("id", "=", recipientId).where("acknowledged_at", "is", null).returning(["id", "broadcast_id", "org_id"]).executeTakeFirst(),

  answer: (db: Db, recipientId: string, a: {
    at: Date; userId: string | null; name: string | null; text: string | null;
    file: { key: string; name: string; type: string; size: number; sha256: string } | null;
  }) =>
    db.updateTable("network_broadcast_recipients").set({
      answer_text: a.text, answer_file_key: a.file?.key ?? null, answer_file_name: a.file?.name ?? null, answer_file_type: a.file?.type ?? null,
      answer_file_size: a.file?.size ?? null, answer_file_sha256: a.file?.sha256 ?? null,
      answered_at: a.at, answered_by: a.userId, answered_by_name: a.name,
      change_seq: sql`nextval('network_broadcast_change_seq')`,
    }).where("id", "=", recipientId).returning(["id"]).executeTakeFirst(),

  close: (db: Db, id: string, by: string | null, at: Date) =>
    db.updateTable("network_broadcasts").set({ closed_at: at, closed_by: by }).where("id", "=", id).where("closed_at", "is", null)
      .returning(["id"]).executeTakeFirst(),

  /** Unacknowledged recipients of open broadcasts whose interval has passed since their last message. */
  dueForReminder: (db: Db, now: Date, limit = 500) =>
    db.selectFrom("network_broadcast_recipients as r").innerJoin("network_broadcasts as b", "b.id", "r.broadcast_id")
      .select(["r.id", "r.org_id", "r.reminder_count", "r.escalated_page_id", "b.id as broadcast_id"])
      .where("r.acknowledged_at", "is", null).where("b.closed_at", "is", null)
      .whereRef("r.reminder_count", "<", "b.max_reminders")
      .where(sql<boolean>`r.last_notified_at + make_interval(mins => b.reminder_minutes) <= ${now}`)
      .orderBy("r.last_notified_at").limit(limit).execute(),

  /** Counts one reminder, once: the row must still be unacknowledged and at the count the caller read. */
  takeReminder: (db: Db, recipientId: string, seenCount: number, now: Date) =>
    db.updateTable("network_broadcast_recipients")
      .set({ reminder_count: seenCount + 1, last_notified_at: now, change_seq: sql`nextval('network_broadcast_change_seq')` })
      .where("id", "=", recipientId).where("reminder_count", "=", seenCount).where("acknowledged_at", "is", null)
      .returning(["id"]).executeTakeFirst(),

  markEscalated: (db: Db, recipientId: string, pageId: string | null, now: Date) =>
    db.updateTable("network_broadcast_recipients").set({ escalated_page_id: pageId, escalated_at: now })
      .where("id", "=", recipientId).where("escalated_at", "is", null).execute(),
};
export type BroadcastRow = NonNullable<Awaited<ReturnType<typeof broadcastStore.get>>>;
export type RecipientRow = Awaited<ReturnType<typeof broadcastStore.recipients>>[number];
