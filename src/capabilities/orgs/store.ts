/** Organisation, member and API-token queries: one function per query, each run in the caller's transaction. */
import { sql, type Insertable, type Kysely } from "kysely";
import type { DB, InvitationsTable, OrgKind, Role } from "../../platform/db/schema.js";

export const orgStore = {
  get: (db: Kysely<DB>, id: string) => db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst(),
  getBySlug: (db: Kysely<DB>, slug: string) => db.selectFrom("organizations").selectAll().where("slug", "=", slug).executeTakeFirst(),
  listByKind: (db: Kysely<DB>, kind?: OrgKind) => {
    let q = db.selectFrom("organizations").selectAll();
    if (kind) q = q.where("kind", "=", kind);
    return q.orderBy("name_en").execute();
  },
  insert: (db: Kysely<DB>, o: { kind: OrgKind; slug: string; nameJa: string; nameEn: string; isDemo?: boolean }) =>
    db
      .insertInto("organizations")
      .values({ kind: o.kind, slug: o.slug, name_ja: o.nameJa, name_en: o.nameEn, is_demo: o.isDemo ?? false })
      .returningAll()
      .executeTakeFirstOrThrow(),
  updateNames: (db: Kysely<DB>, id: string, names: { name_ja?: string; name_en?: string }, now: Date) =>
    db.updateTable("organizations").set({ ...names, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirst(),
  relationsOf: (db: Kysely<DB>, id: string) =>
    db
      .selectFrom("org_relations")
      .innerJoin("organizations as c", "c.id", "org_relations.company_org_id")
      .innerJoin("organizations as r", "r.id", "org_relations.related_org_id")
      .select([
        "org_relations.id", "org_relations.kind", "org_relations.company_org_id", "org_relations.related_org_id",
        "c.kind as c_kind", "c.name_ja as c_name_ja", "c.name_en as c_name_en",
        "r.kind as r_kind", "r.name_ja as r_name_ja", "r.name_en as r_name_en",
      ])
      .where((eb) => eb.or([eb("org_relations.company_org_id", "=", id), eb("org_relations.related_org_id", "=", id)]))
      .execute(),
  insertRelation: (db: Kysely<DB>, companyId: string, relatedId: string, kind: "member_of" | "supervised_by") =>
    db
      .insertInto("org_relations")
      .values({ company_org_id: companyId, related_org_id: relatedId, kind })
      .onConflict((oc) => oc.columns(["company_org_id", "related_org_id", "kind"]).doNothing())
      .execute(),
};

export const memberStore = {
  list: (db: Kysely<DB>, orgId: string) =>
    db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id", "memberships.user_id", "memberships.role", "memberships.created_at", "users.display_name", "users.email_enc"])
      .where("memberships.org_id", "=", orgId)
      .orderBy("memberships.created_at")
      .execute(),
  get: (db: Kysely<DB>, orgId: string, id: string) =>
    db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id", "memberships.user_id", "memberships.role", "memberships.created_at", "users.display_name", "users.email_enc"])
      .where("memberships.org_id", "=", orgId)
      .where("memberships.id", "=", id)
      .executeTakeFirst(),
  findByUser: (db: Kysely<DB>, orgId: string, userId: string) =>
    db.selectFrom("memberships").selectAll().where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst(),
  insert: (db: Kysely<DB>, orgId: string, userId: string, role: Role) =>
    db.insertInto("memberships").values({ org_id: orgId, user_id: userId, role }).returningAll().executeTakeFirstOrThrow(),
  setRole: (db: Kysely<DB>, orgId: string, id: string, role: Role, now: Date) =>
    db.updateTable("memberships").set({ role, updated_at: now }).where("org_id", "=", orgId).where("id", "=", id).returningAll().executeTakeFirst(),
  delete: (db: Kysely<DB>, orgId: string, id: string) =>
    db.deleteFrom("memberships").where("org_id", "=", orgId).where("id", "=", id).returningAll().executeTakeFirst(),
  /** Serialises changes to the organisation's roles for the rest of the transaction (check-then-act safe). */
  lockRoles: async (db: Kysely<DB>, orgId: string): Promise<void> => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('org-roles:' || ${orgId}))`.execute(db);
  },
  countAdmins: async (db: Kysely<DB>, orgId: string): Promise<number> => {
    const r = await db
      .selectFrom("memberships")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("org_id", "=", orgId)
      .where("role", "=", "org-admin")
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};

export const tokenStore = {
  list: (db: Kysely<DB>, orgId: string) =>
    db
      .selectFrom("api_tokens")
      .select(["id", "name", "prefix", "role", "created_at", "expires_at", "last_used_at", "revoked_at", "created_by"])
      .where("org_id", "=", orgId)
      .orderBy("created_at", "desc")
      .execute(),
  insert: (db: Kysely<DB>, t: { orgId: string; name: string; hash: Buffer; prefix: string; role: Role; createdBy: string | null; expiresAt: Date }) =>
    db
      .insertInto("api_tokens")
      .values({ org_id: t.orgId, name: t.name, token_hash: t.hash, prefix: t.prefix, role: t.role, created_by: t.createdBy, expires_at: t.expiresAt })
      .returning(["id", "name", "prefix", "role", "created_at", "expires_at", "last_used_at", "revoked_at", "created_by"])
      .executeTakeFirstOrThrow(),
  expiryOf: (db: Kysely<DB>, id: string) => db.selectFrom("api_tokens").select("expires_at").where("id", "=", id).executeTakeFirst(),
  revoke: (db: Kysely<DB>, orgId: string, id: string, now: Date) =>
    db
      .updateTable("api_tokens")
      .set({ revoked_at: now })
      .where("org_id", "=", orgId)
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .returning(["id", "name", "prefix", "role", "created_at", "expires_at", "last_used_at", "revoked_at", "created_by"])
      .executeTakeFirst(),
};

/** Invitations: pending ones are listed to the organisation; accepting is a platform act (by token). */
export const invitationStore = {
  listPending: (db: Kysely<DB>, orgId: string, now: Date) =>
    db.selectFrom("invitations").selectAll().where("org_id", "=", orgId).where("accepted_at", "is", null).where("revoked_at", "is", null)
      .where("expires_at", ">", now).orderBy("created_at").execute(),
  /** Replaces any pending invitation of the same address: a new invitation is a new link. */
  revokePendingFor: (db: Kysely<DB>, orgId: string, emailHash: Buffer, now: Date) =>
    db.updateTable("invitations").set({ revoked_at: now }).where("org_id", "=", orgId).where("email_hash", "=", emailHash)
      .where("accepted_at", "is", null).where("revoked_at", "is", null).execute(),
  insert: (db: Kysely<DB>, i: Insertable<InvitationsTable>) => db.insertInto("invitations").values(i).returningAll().executeTakeFirstOrThrow(),
  revoke: (db: Kysely<DB>, orgId: string, id: string, now: Date) =>
    db.updateTable("invitations").set({ revoked_at: now }).where("org_id", "=", orgId).where("id", "=", id)
      .where("accepted_at", "is", null).where("revoked_at", "is", null).returning("id").executeTakeFirst(),
  /** A usable invitation by its token, locked for the accepting transaction. */
  usableByToken: (db: Kysely<DB>, tokenHash: Buffer, now: Date) =>
    db.selectFrom("invitations as i").innerJoin("organizations as o", "o.id", "i.org_id")
      .select(["i.id", "i.org_id", "i.email_hash", "i.email_enc", "i.display_name", "i.role", "i.locale", "o.name_ja", "o.name_en", "o.kind"])
      .where("i.token_hash", "=", tokenHash).where("i.accepted_at", "is", null).where("i.revoked_at", "is", null).where("i.expires_at", ">", now)
      .forUpdate("i").executeTakeFirst(),
  markAccepted: (db: Kysely<DB>, id: string, userId: string, now: Date) =>
    db.updateTable("invitations").set({ accepted_at: now, accepted_by: userId }).where("id", "=", id).where("accepted_at", "is", null).returning("id").executeTakeFirst(),
};
