/**
 * The affected-person registry, pure parts: what identifies an import (so a crash resumes it), how a person's
 * PII items are kept (a bit mask over the scanner's PII_TYPES), the COPY text of a batch, and the summary shown
 * to users. No I/O here; the encryption and hashing of a batch is in batch.ts.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { PII_TYPES } from "../../engines/scan/types.js";

/** What identifies the input of an import: the same files (name, size, modification time) and the same options. */
export type ImportInput = {
  files: { name: string; bytes: number; mtimeMs: number }[];
  options: Record<string, unknown>;
};

/** SHA-256 over the files and the options, in a fixed order: equal inputs resume the same import. */
export const importFingerprint = (input: ImportInput): string => {
  const options = Object.keys(input.options)
    .sort()
    .map((k) => [k, input.options[k]]);
  return createHash("sha256").update(JSON.stringify({ files: input.files.map((f) => [f.name, f.bytes, Math.floor(f.mtimeMs)]), options })).digest("hex");
};

/**
 * The files' names and the options, without sizes and times: an earlier import with the same source key and
 * another fingerprint read the same files before they changed (it is marked stale when it had not finished).
 */
export const importSourceKey = (input: ImportInput): string =>
  importFingerprint({ files: input.files.map((f) => ({ name: f.name, bytes: 0, mtimeMs: 0 })), options: input.options });

/**
 * The merge rule: two people of different imports of one incident are one person when they share the HMAC of a
 * strong identifier, one that names one person: an e-mail address, a phone number, a passport or My Number, or a
 * name together with a birth date. A name alone, a birth date alone, or a name with another name is weak (two
 * people can share it) and never merges. Same kind on both sides: the HMAC is over "kind\0value".
 */
const STRONG_ALONE = new Set(["email", "phone", "passport", "my_number"]);
const NAMES = new Set(["kana", "kanji", "romaji"]);
export const isStrongKind = (kind: string): boolean => {
  const parts = kind.split("+");
  if (parts.some((c) => STRONG_ALONE.has(c))) return true;
  return parts.includes("birth") && parts.some((c) => NAMES.has(c));
};

/** A person's contact details as stored (encrypted): short keys keep 6.8M ciphertexts small. */
export const ZContact = z.object({
  k: z.string().optional(), // name in kanji
  a: z.string().optional(), // name in kana
  r: z.string().optional(), // name in romaji
  e: z.string().optional(), // e-mail
  p: z.string().optional(), // phone
  z: z.string().optional(), // postal code
  d: z.string().optional(), // address
});
export type StoredContact = z.infer<typeof ZContact>;
export type Contact = { nameKanji?: string; nameKana?: string; nameRomaji?: string; email?: string; phone?: string; postalCode?: string; address?: string };

const SHORT: [keyof Contact, keyof StoredContact][] = [
  ["nameKanji", "k"], ["nameKana", "a"], ["nameRomaji", "r"], ["email", "e"], ["phone", "p"], ["postalCode", "z"], ["address", "d"],
];
export const packContact = (c: Contact): string => {
  const o: StoredContact = {};
  for (const [long, short] of SHORT) if (c[long] !== undefined) o[short] = c[long];
  return JSON.stringify(o);
};
export const unpackContact = (json: string): Contact => {
  const o = ZContact.parse(JSON.parse(json));
  const c: Contact = {};
  for (const [long, short] of SHORT) if (o[short] !== undefined) c[long] = o[short];
  return c;
};

/** Match-key kinds come from the scanner's option syntax ("email", "kana+birth"); anything else is refused, not escaped. */
const KIND = /^[a-z_]+(\+[a-z_]+)*$/;
export const assertKind = (kind: string): string => {
  if (!KIND.test(kind)) throw new Error("unexpected match-key kind");
  return kind;
};

/** The constant columns of every row of one import. */
export type RowPrefix = { importId: string; orgId: string; incidentId: string };

export const PEOPLE_COPY = "COPY affected_people (import_id, person_no, org_id, incident_id, contact, items, records, file_no, line) FROM STDIN (FORMAT binary)";
/** The import's own partition of affected_identifiers (see migration 0004). */
export const identifierPartition = (importId: string): string => {
  if (!/^[0-9a-f-]{36}$/.test(importId)) throw new Error("not an import id");
  return `affected_identifiers_${importId.replace(/-/g, "")}`;
};
export const identifiersCopy = (importId: string): string =>
  `COPY ${identifierPartition(importId)} (import_id, person_no, org_id, incident_id, kind, hmac) FROM STDIN (FORMAT binary)`;

/** Counts of people per PII item, kept while importing (one pass, no query over millions of rows afterwards). */
export const countItems = (counts: Record<string, number>, mask: number): void => {
  let m = mask;
  while (m !== 0) {
    const low = m & -m;
    const t = PII_TYPES[31 - Math.clz32(low)];
    if (t !== undefined) counts[t] = (counts[t] ?? 0) + 1;
    m ^= low;
  }
};

/** What an import tells a user: counts and progress, never a value. */
export const ZImportView = z.object({
  id: z.string().uuid(),
  status: z.enum(["running", "done", "failed", "stale"]),
  files: z.array(z.object({ name: z.string(), bytes: z.number() })),
  peopleTotal: z.number().nullable(),
  peopleDone: z.number(),
  identifiers: z.number(),
  /** people of this import who are the same person as one of an earlier import (counted once, there) */
  merged: z.number(),
  itemCounts: z.record(z.string(), z.number()),
  scan: z.object({
    records: z.number().optional(),
    people: z.number().optional(),
    passportsValid: z.number().optional(),
    passportsExpired: z.number().optional(),
    referenceDate: z.string().optional(),
  }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  startedByName: z.string().nullable(),
});
export type ImportView = z.infer<typeof ZImportView>;

/** Look-up by what a caller can tell the call centre: an e-mail address, or a phone number or kana name with a birth date. */
export const ZLookupInput = z
  .strictObject({
    email: z.string().trim().max(320).optional(),
    phone: z.string().trim().max(40).optional(),
    nameKana: z.string().trim().max(200).optional(),
    birthDate: z.string().trim().max(40).optional(),
  })
  .refine((v) => v.email !== undefined || ((v.phone !== undefined || v.nameKana !== undefined) && v.birthDate !== undefined), {
    message: "lookup_keys", // a sentence of the message catalog (validation.lookup_keys)
  });
export type LookupInput = z.infer<typeof ZLookupInput>;
