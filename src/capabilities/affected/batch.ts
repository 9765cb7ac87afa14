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
import { hmacBytesInto } from "./fast-hmac.js";
import { forEachPacked } from "./packed.js";
import { assertKind, type RowPrefix } from "./domain.js";

/** COPY data for the two tables, each in its own transferable buffer. */
export type BatchOut = { people: Uint8Array; identifiers: Uint8Array; identifierCount: number };
export type BatchKeys = { identifier: Buffer; encryption: Buffer };

/** The ciphertext version byte of platform/crypto/keys.ts (`decrypt` reads these boxes). */
const VERSION = 1;

/** AES-256-GCM of the UTF-8 bytes `body`, laid out as `encrypt` does (version, nonce, tag, ciphertext), written into the COPY row. */
const encryptBytesInto = (w: CopyWriter, key: KeyObject, body: Uint8Array, nonce: Buffer): void => {
  const { buf, at } = w.field(29 + body.length);
  buf[at] = VERSION;
  nonce.copy(buf, at + 1);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const out = cipher.update(body);
  out.copy(buf, at + 29);
  const rest = cipher.final();
  if (rest.length > 0) rest.copy(buf, at + 29 + out.length);
  cipher.getAuthTag().copy(buf, at + 13);
};

/**
 * The encoder of packed batches (people-source.ts `PackWriter`): the same rows as `makeBatchEncoder`, read
 * straight from the bytes (no JSON.parse, no object a person): the contact's UTF-8 is encrypted and each key's
 * UTF-8 hashed where they lie in the batch.
 */
export const makePackedEncoder = (keys: BatchKeys, prefix: RowPrefix): ((batch: { buf: Uint8Array; kinds: string[] }) => BatchOut) => {
  const hashInto = hmacBytesInto(keys.identifier);
  const encryptionKey = createSecretKey(keys.encryption);
  const importId = uuidBytes(prefix.importId);
  const orgId = uuidBytes(prefix.orgId);
  const incidentId = uuidBytes(prefix.incidentId);
  const kindBytes = new Map<string, Buffer>(); // a handful of kinds, checked once each
  return ({ buf, kinds }) => {
    const kindsHere = kinds.map((k) => {
      let b = kindBytes.get(k);
      if (b === undefined) kindBytes.set(k, (b = Buffer.from(assertKind(k), "utf8")));
      return b;
    });
    const src = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const people = new CopyWriter(Math.ceil(buf.byteLength * 0.6));
    const ids = new CopyWriter(Math.ceil(buf.byteLength * 1.2));
    let nonces = randomBytes(12 * 4096);
    let nonceAt = 0;
    let identifierCount = 0;
    let personNo = 0;
    forEachPacked(
      buf,
      (n, items, records, file, line, contactAt, contactLength) => {
        personNo = n;
        if (nonceAt === nonces.length) {
          nonces = randomBytes(12 * 4096);
          nonceAt = 0;
        }
        people.row(9).bytes(importId).int8(n).bytes(orgId).bytes(incidentId);
        encryptBytesInto(people, encryptionKey, src.subarray(contactAt, contactAt + contactLength), nonces.subarray(nonceAt, nonceAt + 12));
        nonceAt += 12;
        people.int4(items | 0).int4(records).int2(file).int8(line);
      },
      (kind, at, length) => {
        ids.row(6).bytes(importId).int8(personNo).bytes(orgId).bytes(incidentId).bytes(kindsHere[kind] as Buffer);
        const f = ids.field(32);
        hashInto(src, at, length, f.buf, f.at);
        identifierCount++;
      },
    );
    return { people: people.finish(), identifiers: ids.finish(), identifierCount };
  };
};
