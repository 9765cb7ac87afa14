/**
 * Turns a batch of people from the scanner's stream into COPY text: contact details encrypted (AES-256-GCM),
 * match keys hashed (HMAC-SHA-256). CPU-bound (about 10 µs a person for the cipher and 4 µs a key for the
 * HMAC, measured here), so import.ts runs it in worker threads (copy-worker.ts); it also runs inline for
 * `threads: 0` and in tests.
 */
import { randomBytes } from "node:crypto";
import { keyedHasher } from "../../engines/scan/keyed-hash.js";
import { encrypt } from "../../platform/crypto/keys.js";
import { assertKind, identifierLine, packContact, personLine, type Contact, type RowPrefix } from "./domain.js";

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
export type BatchOut = { people: string; identifiers: string; identifierCount: number };
export type BatchKeys = { identifier: Buffer; encryption: Buffer };

export const makeBatchEncoder = (keys: BatchKeys, prefix: RowPrefix): ((batch: PersonIn[]) => BatchOut) => {
  const hashKey = keyedHasher(keys.identifier);
  return (batch) => {
    const nonces = randomBytes(12 * batch.length);
    let people = "";
    let identifiers = "";
    let identifierCount = 0;
    for (let j = 0; j < batch.length; j++) {
      const p = batch[j] as PersonIn;
      const box = encrypt(keys.encryption, packContact(p.c), nonces.subarray(12 * j, 12 * j + 12));
      people += personLine(prefix, p.n, box.toString("hex"), p.i, p.r, p.f, p.l);
      for (const text of p.t) {
        identifiers += identifierLine(prefix, p.n, assertKind(text.slice(0, text.indexOf("\u0000"))), hashKey(text));
        identifierCount++;
      }
    }
    return { people, identifiers, identifierCount };
  };
};
