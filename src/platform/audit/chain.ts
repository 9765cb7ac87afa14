/**
 * The audit chain, as pure functions: redaction of personal data, canonical JSON, the keyed hash of a row, and the
 * verification of a sequence of rows. No I/O here; store.ts reads and writes.
 */
import { createHmac } from "node:crypto";

export const GENESIS_HASH = Buffer.alloc(32);
export const CHAIN_VERSION = 1;

/** Field names whose values are personal data or secrets: the audit row says they changed, never what to. */
const REDACTED_KEYS = new Set([
  "email", "email_enc", "email_hash", "display_name", "name", "name_kana", "name_kanji", "name_romaji",
  "password", "password_hash", "token", "token_hash", "id_hash", "csrf_token", "phone", "address", "postal_code",
  "birth_date", "passport_number", "card_number", "my_number", "contact",
]);
export const REDACTED = "[redacted]";

/** Makes a value safe and stable for the audit log: redacted keys, Dates as ISO strings, no binary, no undefined. */
export const redact = (value: unknown): unknown => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return "[binary]";
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      out[k] = REDACTED_KEYS.has(k) ? REDACTED : redact(v);
    }
    return out;
  }
  // jsonb cannot hold NUL characters.
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  return value;
};

/** JSON with object keys sorted at every level, so that jsonb's reordering does not change the hash. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
};

export type ChainFields = {
  org_id: string;
  seq: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_org_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
};

export const rowHash = (key: Buffer, prevHash: Buffer, f: ChainFields): Buffer =>
  createHmac("sha256", key)
    .update(prevHash)
    .update(
      canonicalJson({
        v: CHAIN_VERSION,
        org_id: f.org_id,
        seq: String(f.seq),
        occurred_at: f.occurred_at.toISOString(),
        actor_user_id: f.actor_user_id,
        actor_token_id: f.actor_token_id,
        actor_org_id: f.actor_org_id,
        action: f.action,
        object_type: f.object_type,
        object_id: f.object_id,
        before: f.before ?? null,
        after: f.after ?? null,
        request_id: f.request_id,
        ip: f.ip,
      }),
    )
    .digest();

export type StoredRow = ChainFields & { id: string; prev_hash: Buffer; hash: Buffer };

export type ChainProblem = {
  orgId: string;
  rowId: string | null;
  seq: string;
  kind: "edited" | "missing" | "reordered" | "head-mismatch";
  detail: string;
};

/**
 * Checks one organisation's rows, in seq order, continuing from `state` (so that callers can stream pages).
 * Returns the problems found and the state to continue from.
 */
export type ChainState = { expectedSeq: bigint; prevHash: Buffer };
export const initialChainState = (): ChainState => ({ expectedSeq: 1n, prevHash: GENESIS_HASH });

export const verifyRows = (key: Buffer, rows: StoredRow[], state: ChainState): { problems: ChainProblem[]; state: ChainState } => {
  const problems: ChainProblem[] = [];
  let { expectedSeq, prevHash } = state;
  for (const row of rows) {
    const seq = BigInt(row.seq);
    if (seq !== expectedSeq) {
      problems.push({
        orgId: row.org_id,
        rowId: row.id,
        seq: row.seq,
        kind: seq > expectedSeq ? "missing" : "reordered",
        detail: seq > expectedSeq ? `rows ${expectedSeq}..${seq - 1n} are missing` : `seq ${seq} appears out of order`,
      });
    }
    if (!row.prev_hash.equals(prevHash)) {
      problems.push({ orgId: row.org_id, rowId: row.id, seq: row.seq, kind: "reordered", detail: "prev_hash does not match the previous row" });
    }
    const expected = rowHash(key, row.prev_hash, row);
    if (!expected.equals(row.hash)) {
      problems.push({ orgId: row.org_id, rowId: row.id, seq: row.seq, kind: "edited", detail: "the row's content does not match its hash" });
    }
    expectedSeq = seq + 1n;
    prevHash = row.hash;
  }
  return { problems, state: { expectedSeq, prevHash } };
};

/** After the last row: the stored head must point at it (catches deletion of the newest rows). */
export const verifyHead = (orgId: string, state: ChainState, head: { seq: string; hash: Buffer } | undefined): ChainProblem[] => {
  const lastSeq = state.expectedSeq - 1n;
  if (!head) return lastSeq === 0n ? [] : [{ orgId, rowId: null, seq: String(lastSeq), kind: "head-mismatch", detail: "no chain head" }];
  if (BigInt(head.seq) !== lastSeq || !head.hash.equals(lastSeq === 0n ? head.hash : state.prevHash)) {
    return [{ orgId, rowId: null, seq: head.seq, kind: "head-mismatch", detail: `the chain head is seq ${head.seq} but the last row is seq ${lastSeq}` }];
  }
  return [];
};
