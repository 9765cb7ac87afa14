/**
 * Writes audit rows inside the caller's transaction (the write and its audit row commit or roll back together),
 * reads them back for the API and the export, and verifies whole chains.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { Tx } from "../db/database.js";
import { EventEmitter } from "node:events";
import {
  headKeyFrom, headSignature, initialChainState, isHeadSigned, redact, rowHash, verifyAgainstAnchor, verifyHead,
  verifyHeadSignature, verifyRows, type Anchor, type AuditObject, type OnlyAuditFields, type AnchorHead, type ChainProblem, type StoredHead, type StoredRow,
} from "./chain.js";

export type AuditActor = { userId: string | null; tokenId?: string | null; orgId: string | null };

/** One audit row; before/after hold only allow-listed fields (see AUDIT_FIELDS in chain.ts). */
export type AuditEntry<B extends AuditObject = AuditObject, A extends AuditObject = AuditObject> = {
  orgId: string;
  action: string;
  objectType: string;
  objectId?: string | null;
  before?: OnlyAuditFields<B>;
  after?: OnlyAuditFields<A>;
};

export type AuditMeta = { actor: AuditActor; requestId?: string | null; ip?: string | null };

export type AuditRecord = {
  id: string;
  orgId: string;
  seq: string;
  occurredAt: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorOrgId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  hash: string;
};

/** In-process fan-out of audit events, emitted only after the transaction commits (Outline's afterCommit idea). */
export const auditEvents = new EventEmitter<{ recorded: [AuditRecord] }>();

const toRecord = (r: StoredRow): AuditRecord => ({
  id: String(r.id),
  orgId: r.org_id,
  seq: String(r.seq),
  occurredAt: r.occurred_at.toISOString(),
  actorUserId: r.actor_user_id,
  actorTokenId: r.actor_token_id,
  actorOrgId: r.actor_org_id,
  action: r.action,
  objectType: r.object_type,
  objectId: r.object_id,
  before: r.before,
  after: r.after,
  requestId: r.request_id,
  ip: r.ip,
  hash: r.hash.toString("hex"),
});

export const createAuditStore = (auditKey: Buffer, now: () => Date = () => new Date()) => {
  const headKey = headKeyFrom(auditKey);

  const record = async <B extends AuditObject, A extends AuditObject>(tx: Tx, meta: AuditMeta, entry: AuditEntry<B, A>): Promise<void> => {
    const head = await sql<{ seq: string; hash: Buffer }>`SELECT seq, hash FROM sokuho_audit_head(${entry.orgId})`.execute(tx.db);
    const prev = head.rows[0];
    if (!prev) throw new Error("audit head unavailable");
    const fields = {
      org_id: entry.orgId,
      seq: String(BigInt(prev.seq) + 1n),
      // Millisecond precision, so the timestamp read back from PostgreSQL hashes the same.
      occurred_at: new Date(Math.floor(now().getTime())),
      actor_user_id: meta.actor.userId,
      actor_token_id: meta.actor.tokenId ?? null,
      actor_org_id: meta.actor.orgId,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId ?? null,
      before: entry.before === undefined ? null : redact(entry.before),
      after: entry.after === undefined ? null : redact(entry.after),
      request_id: meta.requestId ?? null,
      ip: meta.ip ?? null,
    };
    const hash = rowHash(auditKey, prev.hash, fields);
    // The id is taken first and the insert has no RETURNING: a vendor writing into a company's chain may insert
    // the row but, under RLS, not read it back.
    const { id } = (await sql<{ id: string }>`SELECT nextval('audit_events_id_seq')::text AS id`.execute(tx.db)).rows[0]!;
    await tx.db
      .insertInto("audit_events")
      .values({
        id,
        ...fields,
        before: fields.before === null ? null : JSON.stringify(fields.before),
        after: fields.after === null ? null : JSON.stringify(fields.after),
        prev_hash: prev.hash,
        hash,
        // Moved to audit_heads by the trigger and never kept in the row (see migrations/0006).
        head_sig: headSignature(headKey, entry.orgId, fields.seq, hash),
      })
      .execute();
    const rec = toRecord({ ...fields, id, prev_hash: prev.hash, hash });
    tx.afterCommit(() => void auditEvents.emit("recorded", rec));
  };

  /** Newest first, for the API (the tenant transaction's RLS limits it to the acting organisation). */
  const list = async (tx: Tx, orgId: string, opts: { limit: number; beforeSeq?: string | undefined }): Promise<AuditRecord[]> => {
    let q = tx.db.selectFrom("audit_events").selectAll().where("org_id", "=", orgId);
    if (opts.beforeSeq) q = q.where("seq", "<", opts.beforeSeq);
    const rows = await q.orderBy("seq", "desc").limit(opts.limit).execute();
    return rows.map((r) => toRecord(r as unknown as StoredRow));
  };

  /** One page of an organisation's rows after `afterSeq`, in chain order (in a tenant transaction, RLS agrees). */
  const page = async (db: Kysely<DB>, orgId: string, afterSeq: string, limit: number): Promise<StoredRow[]> =>
    (await db.selectFrom("audit_events").selectAll().where("org_id", "=", orgId).where("seq", ">", afterSeq).orderBy("seq").limit(limit).execute()) as unknown as StoredRow[];

  /** Streams rows of one organisation in chain order, a page at a time. */
  async function* stream(db: Kysely<DB>, orgId: string, pageSize = 1000): AsyncGenerator<StoredRow[]> {
    let after = 0n;
    for (;;) {
      const rows = await page(db, orgId, String(after), pageSize);
      if (rows.length === 0) return;
      yield rows;
      after = BigInt(rows[rows.length - 1]!.seq);
    }
  }

  const headOf = async (db: Kysely<DB>, orgId: string): Promise<StoredHead | undefined> =>
    db.selectFrom("audit_heads").select(["seq", "hash", "sig"]).where("org_id", "=", orgId).executeTakeFirst();

  /** Every organisation that exists or has left a trace in the audit tables, so a deleted chain is still visited. */
  const orgIdsToVerify = async (db: Kysely<DB>, onlyOrgId?: string): Promise<string[]> => {
    const [orgs, heads, withRows] = await Promise.all([
      db.selectFrom("organizations").select("id").execute(),
      db.selectFrom("audit_heads").select("org_id").execute(),
      db.selectFrom("audit_events").select("org_id").distinct().execute(),
    ]);
    const ids = new Set([...orgs.map((r) => r.id), ...heads.map((r) => r.org_id), ...withRows.map((r) => r.org_id)]);
    return [...ids].filter((id) => !onlyOrgId || id === onlyOrgId).sort();
  };

  /** Walks one organisation's rows and checks its head (without its signature). */
  const verifyChain = async (db: Kysely<DB>, orgId: string): Promise<{ rows: number; problems: ChainProblem[]; head: StoredHead | undefined }> => {
    const problems: ChainProblem[] = [];
    let rows = 0;
    let state = initialChainState();
    for await (const page of stream(db, orgId)) {
      rows += page.length;
      const r = verifyRows(auditKey, page, state);
      problems.push(...r.problems);
      state = r.state;
    }
    const head = await headOf(db, orgId);
    problems.push(...verifyHead(orgId, state, head));
    return { rows, problems, head };
  };

  /** Verifies every organisation's chain (or one), reading as the owner role. */
  const verify = async (db: Kysely<DB>, onlyOrgId?: string): Promise<{ orgs: number; rows: number; problems: ChainProblem[] }> => {
    const orgIds = await orgIdsToVerify(db, onlyOrgId);
    const problems: ChainProblem[] = [];
    let count = 0;
    for (const orgId of orgIds) {
      const r = await verifyChain(db, orgId);
      count += r.rows;
      problems.push(...r.problems, ...verifyHeadSignature(headKey, orgId, r.head));
    }
    return { orgs: orgIds.length, rows: count, problems };
  };

  /** The current signed heads, to be kept outside the database. Refuses to anchor a head it cannot vouch for. */
  const anchor = async (db: Kysely<DB>): Promise<Anchor> => {
    const heads = await db.selectFrom("audit_heads").select(["org_id", "seq", "hash", "sig"]).orderBy("org_id").execute();
    const out: AnchorHead[] = [];
    for (const h of heads) {
      if (!isHeadSigned(headKey, h.org_id, h)) throw new Error(`the chain head of organisation ${h.org_id} is not validly signed; run \`sokuho audit verify\``);
      out.push({ orgId: h.org_id, seq: String(h.seq), hash: h.hash.toString("hex"), sig: h.sig!.toString("hex") });
    }
    return { format: "sokuho-audit-anchor", version: 1, createdAt: now().toISOString(), heads: out };
  };

  /** Proves that nothing anchored was rewound or rewritten since: each anchored head is still in its chain. */
  const verifyAnchor = async (db: Kysely<DB>, a: Anchor, onlyOrgId?: string): Promise<ChainProblem[]> => {
    const problems: ChainProblem[] = [];
    for (const h of a.heads) {
      if (onlyOrgId && h.orgId !== onlyOrgId) continue;
      const current = await headOf(db, h.orgId);
      const at = await db.selectFrom("audit_events").select("hash").where("org_id", "=", h.orgId).where("seq", "=", h.seq).executeTakeFirst();
      problems.push(...verifyAgainstAnchor(headKey, h, current, at?.hash));
    }
    return problems;
  };

  /**
   * Signs the heads left unsigned by the upgrade to signed heads (migration 0006), but only where the whole chain
   * verifies; a broken chain stays unsigned and keeps failing `verify`.
   */
  const signUnsignedHeads = async (db: Kysely<DB>): Promise<{ signed: string[]; refused: ChainProblem[] }> => {
    const unsigned = await db.selectFrom("audit_heads").select("org_id").where("sig", "is", null).where("seq", ">", "0").execute();
    const signed: string[] = [];
    const refused: ChainProblem[] = [];
    for (const { org_id: orgId } of unsigned) {
      const r = await verifyChain(db, orgId);
      if (r.problems.length > 0 || !r.head) {
        refused.push(...r.problems);
        continue;
      }
      const sig = headSignature(headKey, orgId, r.head.seq, r.head.hash);
      await db.updateTable("audit_heads").set({ sig }).where("org_id", "=", orgId).where("seq", "=", r.head.seq).where("sig", "is", null).execute();
      signed.push(orgId);
    }
    return { signed, refused };
  };

  /** JSON lines, oldest first. */
  async function* exportLines(db: Kysely<DB>, orgId: string): AsyncGenerator<string> {
    for await (const page of stream(db, orgId)) for (const row of page) yield JSON.stringify(toRecord(row)) + "\n";
  }

  return { record, list, page, verify, anchor, verifyAnchor, signUnsignedHeads, exportLines, stream };
};

export type AuditStore = ReturnType<typeof createAuditStore>;
