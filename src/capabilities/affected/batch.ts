/**
 * Turns a batch of people from the scanner's stream into binary COPY data: contact details encrypted
 * (AES-256-GCM), match keys hashed (HMAC-SHA-256). CPU-bound (about 10 µs a person for the cipher and 4 µs a
 * key for the HMAC, measured here), so import.ts runs it in worker threads (copy-worker.ts); it also runs
 * inline for `threads: 0`.
 */
import { randomBytes } from "node:crypto";
import { keyedHasherBytes } from "../../engines/scan/keyed-hash.js";
import { encrypt } from "../../platform/crypto/keys.js";
import { CopyWriter, uuidBytes } from "./copy-binary.js";
import { assertKind, packContact, type Contact, type RowPrefix } from "./domain.js";

/** One person as the importer hands it over (short field names: batches cross threads by structured clone). */
export type PersonIn = {
  /** person number (the first record) */
  n: number;
  /** match keys as "kind\0value" texts (raw: never logged) */
  t: string[];
  /** contact details (raw) */
  c: Contact;
  /** PII items bit mask */
  i: number;
  /** records */
  r: number;
  /** file number, line */
  f: number;
  l: number;
};
/** COPY data for the two tables, each in its own transferable buffer. */
export type BatchOut = { people: Uint8Array; identifiers: Uint8Array; identifierCount: number };
export type BatchKeys = { identifier: Buffer; encryption: Buffer };

export const makeBatchEncoder = (keys: BatchKeys, prefix: RowPrefix): ((batch: PersonIn[]) => BatchOut) => {
  const hashKey = keyedHasherBytes(keys.identifier);
  const importId = uuidBytes(prefix.importId);
  const orgId = uuidBytes(prefix.orgId);
  const incidentId = uuidBytes(prefix.incidentId);
  const checkedKinds = new Set<string>(); // a handful of kinds, checked once each instead of once a key
  const kindOf = (text: string): string => {
    const kind = text.slice(0, text.indexOf("\u0000"));
    if (!checkedKinds.has(kind)) checkedKinds.add(assertKind(kind));
    return kind;
  };
  return (batch) => {
    const nonces = randomBytes(12 * batch.length);
    const people = new CopyWriter(batch.length * 260);
    const ids = new CopyWriter(batch.length * 3 * 110);
    let identifierCount = 0;
    for (let j = 0; j < batch.length; j++) {
      const p = batch[j] as PersonIn;
      const box = encrypt(keys.encryption, packContact(p.c), nonces.subarray(12 * j, 12 * j + 12));
      people.row(9).bytes(importId).int8(p.n).bytes(orgId).bytes(incidentId).bytes(box).int4(p.i).int4(p.r).int2(p.f).int8(p.l);
      for (const text of p.t) {
        ids.row(6).bytes(importId).int8(p.n).bytes(orgId).bytes(incidentId).text(kindOf(text)).bytes(hashKey(text));
        identifierCount++;
      }
    }
    return { people: people.finish(), identifiers: ids.finish(), identifierCount };
  };
};
