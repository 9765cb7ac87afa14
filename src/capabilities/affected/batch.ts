/**
 * Turns a batch of people from the scanner's stream into binary COPY data: contact details encrypted
 * (AES-256-GCM, the format of platform/crypto/keys.ts `encrypt`), match keys hashed (HMAC-SHA-256). CPU-bound,
 * so import.ts runs it in worker threads (copy-worker.ts); it also runs inline for `threads: 0`.
 *
 * Per person, measured here (2 cores, loaded): the cipher object ≈ 7 µs unloaded (a KeyObject made once instead of
 * the raw key: −25 %), each key's HMAC ≈ 1 µs with `fast-hmac.ts` (3× the one-shot `crypto.hash` pair), and both
 * are written straight into the COPY buffer (no Buffer.concat per person: that was 10 % of the worker's time).
 */
import { createCipheriv, createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import { CopyWriter, uuidBytes } from "./copy-binary.js";
import { hmacInto } from "./fast-hmac.js";
import { assertKind, packContact, type Contact, type RowPrefix } from "./domain.js";

/** One person as the importer hands it over (short field names: batches cross threads as JSON). */
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

/** The ciphertext version byte of platform/crypto/keys.ts (`decrypt` reads these boxes). */
const VERSION = 1;

/** AES-256-GCM of `plaintext` as `encrypt` lays it out (version, nonce, tag, ciphertext), written into the COPY row. */
const encryptInto = (w: CopyWriter, key: KeyObject, plaintext: string, nonces: Buffer, j: number): void => {
  const body = Buffer.from(plaintext, "utf8");
  const { buf, at } = w.field(29 + body.length);
  buf[at] = VERSION;
  nonces.copy(buf, at + 1, 12 * j, 12 * j + 12);
  const cipher = createCipheriv("aes-256-gcm", key, nonces.subarray(12 * j, 12 * j + 12));
  const out = cipher.update(body);
  out.copy(buf, at + 29);
  const rest = cipher.final();
  if (rest.length > 0) rest.copy(buf, at + 29 + out.length);
  cipher.getAuthTag().copy(buf, at + 13);
};

export const makeBatchEncoder = (keys: BatchKeys, prefix: RowPrefix): ((batch: PersonIn[]) => BatchOut) => {
  const hashInto = hmacInto(keys.identifier);
  const encryptionKey = createSecretKey(keys.encryption);
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
      people.row(9).bytes(importId).int8(p.n).bytes(orgId).bytes(incidentId);
      encryptInto(people, encryptionKey, packContact(p.c), nonces, j);
      people.int4(p.i).int4(p.r).int2(p.f).int8(p.l);
      for (const text of p.t) {
        ids.row(6).bytes(importId).int8(p.n).bytes(orgId).bytes(incidentId).text(kindOf(text));
        const { buf, at } = ids.field(32);
        hashInto(text, buf, at);
        identifierCount++;
      }
    }
    return { people: people.finish(), identifiers: ids.finish(), identifierCount };
  };
};
