/**
 * Turns a batch of people from the scanner's stream into binary COPY data: contact details encrypted
 * (AES-256-GCM, the format of platform/crypto/keys.ts `encrypt`), match keys hashed (HMAC-SHA-256). CPU-bound,
 * so import.ts runs it in worker threads (copy-worker.ts); it also runs inline for `threads: 0`.
 *
 * Per person, measured here (2 cores, loaded): a GCM cipher object had cost ≈ 7 µs unloaded; now one AES pass per
 * batch (gcm-batch.ts) gives every person's counter blocks and GHASH runs here; each key's HMAC ≈ 1 µs with
 * `fast-hmac.ts` (3× the one-shot `crypto.hash` pair); both are written straight into the COPY buffer (no
 * Buffer.concat per person: that was 10 % of the worker's time).
 */
import { createSecretKey, randomBytes } from "node:crypto";
import { CopyWriter, uuidBytes } from "./copy-binary.js";
import { hmacBytesInto } from "./fast-hmac.js";
import { gcmBatch } from "./gcm-batch.js";
import { forEachPacked } from "./packed.js";
import { assertKind, type RowPrefix } from "./domain.js";

/** COPY data for the two tables, each in its own transferable buffer. */
export type BatchOut = { people: Uint8Array; identifiers: Uint8Array; identifierCount: number };
export type BatchKeys = { identifier: Buffer; encryption: Buffer };

/** The ciphertext version byte of platform/crypto/keys.ts (`decrypt` reads these boxes). */
const VERSION = 1;

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
  const gcm = gcmBatch(encryptionKey);
  let lengths = new Int32Array(1 << 12);
  let offsets = new Int32Array(1 << 12);
  return ({ buf, kinds }) => {
    const kindsHere = kinds.map((k) => {
      let b = kindBytes.get(k);
      if (b === undefined) kindBytes.set(k, (b = Buffer.from(assertKind(k), "utf8")));
      return b;
    });
    const src = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    // the contacts' lengths first: one AES pass gives every person's counter blocks (gcm-batch.ts)
    let n = 0;
    forEachPacked(
      buf,
      (_n, _items, _records, _file, _line, _at, contactLength) => {
        if (n === lengths.length) {
          const more = new Int32Array(lengths.length * 2);
          more.set(lengths);
          lengths = more;
          offsets = new Int32Array(more.length);
        }
        lengths[n++] = contactLength;
      },
      () => {},
    );
    const nonces = randomBytes(12 * n);
    const ks = gcm.blocks(nonces, lengths, n, offsets);
    const people = new CopyWriter(Math.ceil(buf.byteLength * 0.6));
    const ids = new CopyWriter(Math.ceil(buf.byteLength * 1.2));
    let identifierCount = 0;
    let personNo = 0;
    let i = 0;
    forEachPacked(
      buf,
      (no, items, records, file, line, contactAt, contactLength) => {
        personNo = no;
        people.row(9).bytes(importId).int8(no).bytes(orgId).bytes(incidentId);
        // the box of platform/crypto/keys.ts `encrypt`: version, nonce, tag, ciphertext
        const { buf: out, at } = people.field(29 + contactLength);
        out[at] = VERSION;
        nonces.copy(out, at + 1, 12 * i, 12 * i + 12);
        gcm.seal(ks, offsets[i] as number, src, contactAt, contactLength, out, at + 29, at + 13);
        i++;
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
