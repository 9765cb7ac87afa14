/**
 * Turns a batch of people from the scanner's stream into binary COPY data: contact details encrypted
 * (AES-256-GCM, the format of platform/crypto/keys.ts `encrypt`), match keys hashed (HMAC-SHA-256). CPU-bound,
 * so import.ts runs it in worker threads (copy-worker.ts); it also runs inline for `threads: 0`.
 *
 * Per person (1M-record bench file, 856,046 people, `bench:import --stages`, CPU time): the JavaScript encoder
 * (`makeJsEncoder`: one AES-ECB pass per batch for the GCM counter blocks, gcm-batch.ts; GHASH with an 8-bit table
 * and HMAC-SHA-256 with precomputed midstates in JS, fast-hmac.ts; rows through CopyWriter) cost 10.6 µs quiet,
 * 14.7–15.2 µs at load 7. The WebAssembly encoder (`makeWasmEncoder`, batch-crypto.wat) costs 2.1–2.5 µs at load 7:
 * HMAC four keys at a time in i32x4 lanes, GHASH with one table a byte position on i64, counter blocks and tags
 * there too, and the rows framed straight into the module's memory with TypedArray#set/DataView (once the crypto
 * had moved, CopyWriter's calls and Buffer#copy were 45 % of what was left). The AES stays in node:crypto (OpenSSL
 * with AES-NI). batch-crypto.test.ts pins the module to createHmac, createCipheriv, `decrypt` and the JS encoder.
 */
import { createSecretKey, randomBytes, randomFillSync } from "node:crypto";
import { BatchCrypto, HEAP, batchCryptoModule } from "./batch-crypto.js";
import { CopyWriter, uuidBytes } from "./copy-binary.js";
import { hmacBytesInto } from "./fast-hmac.js";
import { ecbWith, gcmBatch } from "./gcm-batch.js";
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
export type PackedEncoder = (batch: { buf: Uint8Array; kinds: string[] }) => BatchOut;

/** The encoder: in WebAssembly where it is available (with SIMD), else in JavaScript; `js` forces the latter (tests). */
export const makePackedEncoder = (keys: BatchKeys, prefix: RowPrefix, o: { js?: boolean } = {}): PackedEncoder => {
  const module = o.js ? null : batchCryptoModule();
  return module ? makeWasmEncoder(keys, prefix, module) : makeJsEncoder(keys, prefix);
};

/** Keys of at most this many SHA-256 blocks (951 bytes) are hashed in WebAssembly, longer ones (none seen) in JS. */
const MAX_BLOCKS = 16;
const align16 = (n: number): number => (n + 15) & ~15;
/** A binary COPY bigint field at `at`: its length (8), then the value, below 2^32 (person numbers, lines). */
const int8Field = (dv: DataView, at: number, v: number): void => {
  dv.setInt32(at, 8);
  dv.setInt32(at + 4, 0);
  dv.setUint32(at + 8, v);
};

/**
 * The same rows with the hot loops in WebAssembly (batch-crypto.wat): the batch is copied into the module's memory,
 * the rows are framed there (CopyWriter over a view of it) with their nonce, tag, ciphertext and digest fields
 * reserved, and the module then fills them: the nonces and GCM counter blocks, (one AES-ECB pass through
 * node:crypto), the ciphertexts and tags, and the keys' HMACs four at a time, grouped by block count.
 */
const makeWasmEncoder = (keys: BatchKeys, prefix: RowPrefix, module: NonNullable<ReturnType<typeof batchCryptoModule>>): PackedEncoder => {
  const hashInto = hmacBytesInto(keys.identifier);
  const ecb = ecbWith(createSecretKey(keys.encryption));
  const wc = new BatchCrypto(module, keys.identifier, ecb(Buffer.alloc(16)));
  const field16 = (uuid: string): Buffer => Buffer.concat([Buffer.of(0, 0, 0, 16), uuidBytes(uuid)]);
  // the constant stretches of the rows, written with one TypedArray#set each (Buffer#copy a field was 5 %, the
  // CopyWriter's calls 25 % of the encoding once the crypto was in WebAssembly)
  const header = new CopyWriter(0).finish().subarray(0, 19); // signature, flags, header extension
  const peopleHead = Buffer.concat([Buffer.of(0, 9), field16(prefix.importId)]); // then person_no
  const idsHead = Buffer.concat([Buffer.of(0, 6), field16(prefix.importId)]); // then person_no
  const orgIncident = Buffer.concat([field16(prefix.orgId), field16(prefix.incidentId)]);
  /** per kind: org, incident, the kind's field, the digest's length (the digest follows) */
  const kindTails = new Map<string, Uint8Array>();
  let offsets = new Int32Array(1 << 12);
  const buckets = new Int32Array(MAX_BLOCKS + 1);
  const next = new Int32Array(MAX_BLOCKS + 1);
  return ({ buf, kinds }) => {
    const tails = kinds.map((k) => {
      let t = kindTails.get(k);
      if (t === undefined) {
        const kb = Buffer.from(assertKind(k), "utf8");
        const len = Buffer.alloc(4);
        len.writeInt32BE(kb.length);
        kindTails.set(k, (t = Buffer.concat([orgIncident, len, kb, Buffer.of(0, 0, 0, 32)])));
      }
      return t;
    });
    // the batch into the module's memory; pass 1 there: the sizes of everything, so that the memory grows (if at
    // all) before the rows are written
    const batchAt = HEAP;
    const batchEnd = batchAt + buf.byteLength;
    wc.ensure(batchEnd);
    wc.heap.set(buf, batchAt);
    let n = 0;
    let ctrTotal = 0;
    let contactTotal = 0;
    let keyCount = 0;
    let kindTotal = 0;
    buckets.fill(0);
    {
      const dv = wc.dv;
      let at = batchAt;
      while (at < batchEnd) {
        const contactLength = dv.getUint32(at + 18, true);
        if (n === offsets.length) {
          const more = new Int32Array(offsets.length * 2);
          more.set(offsets);
          offsets = more;
        }
        offsets[n++] = ctrTotal;
        ctrTotal += 16 * (1 + ((contactLength + 15) >> 4));
        contactTotal += contactLength;
        at += 22 + contactLength;
        const count = dv.getUint16(at, true);
        at += 2;
        for (let k = 0; k < count; k++) {
          const length = dv.getUint32(at + 1, true);
          kindTotal += (tails[dv.getUint8(at)] as Uint8Array).length;
          const b = (length + 72) >> 6;
          if (b <= MAX_BLOCKS) buckets[b]!++;
          at += 5 + length;
        }
        keyCount += count;
      }
    }
    // COPY sizes: header 19 + trailer 2; a person's row 141 bytes + the contact; a key's 62 + its tail + 32
    const peopleSize = 21 + 141 * n + contactTotal;
    const idsSize = 21 + 66 * keyCount + kindTotal;
    const peopleAt = align16(batchEnd);
    const idsAt = align16(peopleAt + peopleSize);
    const noncesAt = align16(idsAt + idsSize);
    const gcmJobsAt = align16(noncesAt + 12 * n);
    const hmacJobsAt = gcmJobsAt + 16 * n;
    const ctrAt = hmacJobsAt + 12 * keyCount;
    const ksAt = ctrAt + ctrTotal;
    wc.ensure(ksAt + ctrTotal);
    const heap = wc.heap;
    const i32 = wc.i32;
    const dv = wc.dv;
    if (n > 0) randomFillSync(heap, noncesAt, 12 * n);
    // each bucket's jobs (src, len, out: three i32) one after the other
    for (let b = 1, j = hmacJobsAt >> 2; b <= MAX_BLOCKS; j += 3 * (buckets[b] as number), b++) next[b] = j;
    heap.set(header, peopleAt);
    heap.set(header, idsAt);
    let p = peopleAt + 19;
    let q = idsAt + 19;
    let gcmJob = gcmJobsAt >> 2;
    let at = batchAt;
    for (let i = 0; i < n; i++) {
      const no = dv.getUint32(at, true);
      const contactLength = dv.getUint32(at + 18, true);
      // person_no, org, incident, contact (the box of platform/crypto/keys.ts `encrypt`: version, nonce, tag,
      // ciphertext; the module fills all but the version), items, records, file, line
      heap.set(peopleHead, p);
      int8Field(dv, p + 22, no);
      heap.set(orgIncident, p + 34);
      dv.setInt32(p + 74, 29 + contactLength);
      heap[p + 78] = VERSION;
      i32[gcmJob] = offsets[i] as number;
      i32[gcmJob + 1] = at + 22;
      i32[gcmJob + 2] = contactLength;
      i32[gcmJob + 3] = p + 107;
      gcmJob += 4;
      p += 107 + contactLength;
      dv.setInt32(p, 4);
      dv.setInt32(p + 4, dv.getUint32(at + 4, true) | 0);
      dv.setInt32(p + 8, 4);
      dv.setInt32(p + 12, dv.getUint32(at + 8, true));
      dv.setInt32(p + 16, 2);
      dv.setInt16(p + 20, dv.getUint16(at + 12, true));
      int8Field(dv, p + 22, dv.getUint32(at + 14, true));
      p += 34;
      at += 22 + contactLength;
      const count = dv.getUint16(at, true);
      at += 2;
      for (let k = 0; k < count; k++) {
        const tail = tails[heap[at] as number] as Uint8Array;
        const length = dv.getUint32(at + 1, true);
        heap.set(idsHead, q);
        int8Field(dv, q + 22, no);
        heap.set(tail, q + 34);
        q += 34 + tail.length;
        const b = (length + 72) >> 6;
        if (b <= MAX_BLOCKS) {
          const j = next[b] as number;
          next[b] = j + 3;
          i32[j] = at + 5;
          i32[j + 1] = length;
          i32[j + 2] = q;
        } else hashInto(heap, at + 5, length, heap, q);
        q += 32;
        at += 5 + length;
      }
    }
    if (p + 2 !== peopleAt + peopleSize || q + 2 !== idsAt + idsSize) throw new Error("COPY data not of its computed size");
    if (n > 0) {
      wc.ctr(gcmJobsAt, n, noncesAt, ctrAt);
      heap.set(ecb(heap.subarray(ctrAt, ctrAt + ctrTotal)), ksAt);
      wc.seal(gcmJobsAt, n, ksAt);
    }
    for (let b = 1, j = hmacJobsAt; b <= MAX_BLOCKS; j += 12 * (buckets[b] as number), b++) if (buckets[b]) wc.hmac(j, buckets[b] as number, b);
    dv.setInt16(p, -1);
    dv.setInt16(q, -1);
    const out = { people: copyOut(heap, peopleAt, peopleSize), identifiers: copyOut(heap, idsAt, idsSize), identifierCount: keyCount };
    // the plaintexts (the batch, the keystream, the keys' padded tails) do not stay in the module's memory between
    // batches (≈ 0.05 µs a person)
    heap.fill(0, batchAt, batchEnd);
    heap.fill(0, ksAt, ksAt + ctrTotal);
    wc.clearScratch();
    return out;
  };
};

/** `n` bytes of the module's memory in an ArrayBuffer of their own (transferable), not zeroed first. */
const copyOut = (heap: Buffer, from: number, n: number): Uint8Array => {
  const out = new Uint8Array(Buffer.allocUnsafeSlow(n).buffer, 0, n);
  out.set(heap.subarray(from, from + n));
  return out;
};

/** The encoder in JavaScript alone (gcm-batch.ts, fast-hmac.ts): where WebAssembly is unavailable, and to compare. */
const makeJsEncoder = (keys: BatchKeys, prefix: RowPrefix): PackedEncoder => {
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
