/**
 * The audit chain, as pure functions: redaction of personal data, canonical JSON, the keyed hash of a row, and the
 * verification of a sequence of rows. No I/O here; store.ts reads and writes.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const GENESIS_HASH = Buffer.alloc(32);
export const CHAIN_VERSION = 1;

/**
 * The only field names an audit row's before/after may hold, at any depth. The audit log cannot be edited, so it
 * cannot be erased either: it keeps references (ids), states, times, counts, digests and the names of the fields
 * that changed, never free text or a person's details. The object itself (whose table can be corrected or erased)
 * holds the content. `AuditObject` makes this a type: a key outside the list does not compile; at run time every
 * other key is replaced by "[redacted]" as a second net.
 */
export const AUDIT_FIELDS = [
  // references to objects
  "id", "incidentId", "assetId", "userId", "vendorOrgId", "playbookId", "assigneeUserId", "evidenceId", "decisionId",
  "invitationId", "leadUserId", "obligationId", "regulatorOrgId", "messageId", "companies", "authority",
  // kinds and states (enumerations)
  "kind", "status", "severity", "category", "tlp", "pap", "role", "access", "action", "type", "compromise", "clock",
  "gap", "previous", "via", "method",
  // times
  "at", "dueAt", "expiresAt", "decidedAt", "executedAt",
  // counts, flags and digests
  "steps", "created", "updated", "keys", "found", "people", "identifiers", "resumedFrom", "files", "bytes", "size",
  "sha256", "contentType", "batch", "batches", "firstLine", "lastLine", "newAccount", "mandatory", "targets", "from",
  "to", "minutes", "holdsPersonalData", "internetFacing", "egressAllowed", "evidenceGiven", "tagCount", "filedAt", "chars", "documentChars", "items", "leadHours",
  // infrastructure and organisations: a server's name and addresses, an organisation's names (never a person's)
  "hostname", "addresses", "ref", "slug", "nameJa", "nameEn", "prefix",
  // field names: which fields a change touched, and which fields a look-up asked for
  "changed", "asked",
  // obligation documents: which document, which version, which language
  "documentId", "version", "locale",
  // triage: a mail's verdict
  "verdict",
  // the affected-person registry: people merged across imports (a count)
  "merged",
  // obligations: the association a company shared an incident with
  "associationOrgId",
] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];
type AuditScalar = string | number | boolean | null | undefined | Date;
export type AuditValue = AuditScalar | readonly AuditScalar[] | AuditObject | readonly AuditObject[];
export type AuditObject = { readonly [K in AuditField]?: AuditValue };
/** `T` with every key outside the allow-list typed `never`, so an object carrying one does not compile. */
export type OnlyAuditFields<T> = T & { [K in Exclude<keyof T, AuditField>]: never };

const ALLOWED = new Set<string>(AUDIT_FIELDS);
export const REDACTED = "[redacted]";

/** Makes a value safe and stable for the audit log: allowed keys only, Dates as ISO strings, no binary, no undefined. */
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
      out[k] = ALLOWED.has(k) ? redact(v) : REDACTED;
    }
    return out;
  }
  // jsonb cannot hold NUL characters.
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  return value;
};

/** The names of the fields whose values differ between two versions of an object: what a row says about free text. */
export const changedFields = <T extends Record<string, unknown>>(before: T, after: T, keys: ReadonlyArray<keyof T & string>): string[] =>
  keys.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));

/** JSON with object keys sorted at every level, so that jsonb's reordering does not change the hash. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
};

/**
 * SHA-256 of a value's canonical JSON: what a batch audit row keeps instead of the rows themselves, so whoever
 * holds the input can prove what was written, and the row stays small.
 */
export const digestOf = (value: unknown): string => createHash("sha256").update(canonicalJson(value)).digest("hex");

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
  kind: "edited" | "missing" | "reordered" | "head-mismatch" | "head-signature" | "no-chain" | "rewound";
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

/**
 * The key that signs chain heads, derived from the audit key for this one purpose: a row hash can never be
 * presented as a head signature or the other way round.
 */
export const headKeyFrom = (auditKey: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", auditKey, Buffer.alloc(0), "sokuho/audit-head/v1", 32));

/** HMAC over the organisation, the head's seq and its hash: only the server can say "this is the newest row". */
export const headSignature = (headKey: Buffer, orgId: string, seq: string, hash: Buffer): Buffer =>
  createHmac("sha256", headKey).update(`sokuho-audit-head|v1|${orgId}|${BigInt(seq)}|`).update(hash).digest();

export const isHeadSigned = (headKey: Buffer, orgId: string, head: { seq: string; hash: Buffer; sig: Buffer | null }): boolean => {
  if (!head.sig || head.sig.length !== 32) return false;
  return timingSafeEqual(headSignature(headKey, orgId, head.seq, head.hash), head.sig);
};

export type StoredHead = { seq: string; hash: Buffer; sig: Buffer | null };

/**
 * After the last row: the stored head must point at it (catches deletion of the newest rows) and carry the
 * server's signature (catches a head rewound in SQL to match the deletion). An organisation without any chain is a
 * failure too: every organisation records its own creation, so an empty chain means it was deleted.
 */
export const verifyHead = (orgId: string, state: ChainState, head: StoredHead | undefined): ChainProblem[] => {
  const lastSeq = state.expectedSeq - 1n;
  if (!head) {
    return [lastSeq === 0n
      ? { orgId, rowId: null, seq: "0", kind: "no-chain", detail: "the organisation has no audit rows and no chain head" }
      : { orgId, rowId: null, seq: String(lastSeq), kind: "head-mismatch", detail: "no chain head" }];
  }
  if (BigInt(head.seq) !== lastSeq || !head.hash.equals(lastSeq === 0n ? head.hash : state.prevHash)) {
    return [{ orgId, rowId: null, seq: head.seq, kind: "head-mismatch", detail: `the chain head is seq ${head.seq} but the last row is seq ${lastSeq}` }];
  }
  if (lastSeq === 0n) return [{ orgId, rowId: null, seq: "0", kind: "no-chain", detail: "the organisation has no audit rows" }];
  return [];
};

/** The head's signature, checked apart from the chain so that `sign-heads` can tell "unsigned" from "broken". */
export const verifyHeadSignature = (headKey: Buffer, orgId: string, head: StoredHead | undefined): ChainProblem[] =>
  !head || BigInt(head.seq) === 0n || isHeadSigned(headKey, orgId, head)
    ? []
    : [{ orgId, rowId: null, seq: head.seq, kind: "head-signature", detail: head.sig ? "the chain head's signature does not match (rewound or forged in SQL)" : "the chain head is not signed" }];

// Anchors -------------------------------------------------------------------------------------------------------

/** A copy of the signed heads kept outside the database: later, the chain must still contain each of them. */
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
export const ZAnchor = z.strictObject({
  format: z.literal("sokuho-audit-anchor"),
  version: z.literal(1),
  createdAt: z.string(),
  heads: z.array(z.strictObject({ orgId: z.uuid(), seq: z.string().regex(/^\d{1,19}$/), hash: hex32, sig: hex32 })),
});
export type Anchor = z.infer<typeof ZAnchor>;
export type AnchorHead = Anchor["heads"][number];

/**
 * Compares the database's heads and rows with an anchor. `current` is the head now; `hashAt` the stored hash of
 * the row at the anchored seq (undefined when the row is gone).
 */
export const verifyAgainstAnchor = (
  headKey: Buffer,
  anchored: AnchorHead,
  current: StoredHead | undefined,
  hashAt: Buffer | undefined,
): ChainProblem[] => {
  const { orgId, seq } = anchored;
  const problem = (kind: ChainProblem["kind"], detail: string): ChainProblem[] => [{ orgId, rowId: null, seq, kind, detail }];
  const hash = Buffer.from(anchored.hash, "hex");
  if (!isHeadSigned(headKey, orgId, { seq, hash, sig: Buffer.from(anchored.sig, "hex") })) {
    return problem("head-signature", "the anchored head's signature does not match: the anchor file was edited or made with another key");
  }
  if (!current) return problem("rewound", `the organisation's chain head is gone; it was at seq ${seq} when anchored`);
  if (BigInt(current.seq) < BigInt(seq)) return problem("rewound", `the chain head is at seq ${current.seq}, below the anchored seq ${seq}`);
  if (!hashAt) return problem("rewound", `the row at the anchored seq ${seq} is gone`);
  if (!hashAt.equals(hash)) return problem("rewound", `the row at the anchored seq ${seq} differs from the anchored one (the chain was rewritten after it)`);
  return [];
};
