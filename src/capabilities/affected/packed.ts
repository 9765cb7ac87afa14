/**
 * The packed batches of the registry import: people-source.ts writes them (one person when their last record is
 * read), the encoding thread reads them (batch.ts `makePackedEncoder`). Apart from both so that the encoding
 * threads do not load the scanner.
 *
 * Packed batch, little-endian, per person: u32 person number, u32 items mask, u32 records, u16 file number,
 * u32 line, u32 n + n bytes of the contact (`packContact`'s JSON, UTF-8), u16 key count, per key u8 kind
 * index (into the batch's `kinds`) and u32 n + n bytes of the key text `kind\0value` (UTF-8). The buffer is its
 * own ArrayBuffer: it is transferred, not copied, from the stream's thread to the encoding thread.
 *
 */
/** Strings up to this many UTF-16 units are written by the loop of writeUtf8; longer ones by Buffer#write. */
const LOOP_UNITS = 64;

/**
 * The UTF-8 of `s` into `b` at `at`, byte for byte what `Buffer#write(s, at, "utf8")` writes (a lone surrogate as
 * U+FFFD); returns the bytes written. `b` must have 3 bytes a unit free. `json`: instead return -1, having written
 * garbage, at the first unit that JSON.stringify would escape (quote, backslash, control character, surrogate).
 *
 * Why a loop: a person's strings are short (a name, an e-mail, a key text), Buffer#write's call cost is most of
 * their time, and the contact's values were also read once more for JSON escapes. Measured on a person's ten
 * typical strings, 2M writes: 206–239 ms with Buffer#write and the check, 133–168 ms here (~2 s of CPU at JTB size,
 * 21.5M key texts and 6.8M contacts). Long strings still go to Buffer#write.
 */
export function writeUtf8(b: Buffer, s: string, at: number, json = false): number {
  const n = s.length;
  if (n > LOOP_UNITS) {
    if (json && !plainJson(s)) return -1;
    return b.write(s, at, "utf8");
  }
  const start = at;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      if (json && (c < 0x20 || c === 0x22 || c === 0x5c)) return -1;
      b[at++] = c;
    } else if (c < 0x800) {
      b[at++] = 0xc0 | (c >> 6);
      b[at++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        if (json) return -1;
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[at++] = 0xf0 | (cp >> 18);
          b[at++] = 0x80 | ((cp >> 12) & 0x3f);
          b[at++] = 0x80 | ((cp >> 6) & 0x3f);
          b[at++] = 0x80 | (cp & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      b[at++] = 0xe0 | (c >> 12);
      b[at++] = 0x80 | ((c >> 6) & 0x3f);
      b[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at - start;
}

/** A string that JSON.stringify would only quote: no quote, backslash, control character or surrogate (a lone one is escaped). */
const plainJson = (v: string): boolean => {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
};

/** An upper bound of writeContactJson's bytes. */
export const contactJsonBound = (names: readonly string[], values: readonly (string | undefined)[]): number => {
  let need = 2;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== undefined) need += 5 + (names[k] as string).length + 6 * v.length; // \uXXXX is the longest form of a unit
  }
  return need;
};

/**
 * The JSON object of the defined `values` under `names` (one-byte ASCII names) into `b` at `at`, byte for byte what
 * `JSON.stringify` would give; returns the end. The values are cleared. `b` must have contactJsonBound bytes free.
 */
export const writeContactJson = (b: Buffer, at: number, names: readonly string[], values: (string | undefined)[]): number => {
  b[at++] = 0x7b; // {
  let first = true;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === undefined) continue;
    values[k] = undefined;
    if (!first) b[at++] = 0x2c; // ,
    first = false;
    b[at++] = 0x22;
    const name = names[k] as string;
    for (let j = 0; j < name.length; j++) b[at++] = name.charCodeAt(j);
    b[at++] = 0x22;
    b[at++] = 0x3a; // :
    b[at] = 0x22;
    const n = writeUtf8(b, v, at + 1, true);
    if (n >= 0) {
      at += n + 1;
      b[at++] = 0x22;
    } else at += b.write(JSON.stringify(v), at, "utf8");
  }
  b[at++] = 0x7d; // }
  return at;
};

/** Appends people to a growing buffer in the packed format above. */
export class PackWriter {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  private at = 0;
  count = 0;

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  head(personNo: number, items: number, records: number, file: number, line: number): void {
    this.ensure(18);
    const b = this.buf;
    b.writeUInt32LE(personNo, this.at);
    b.writeUInt32LE(items >>> 0, this.at + 4);
    b.writeUInt32LE(records, this.at + 8);
    b.writeUInt16LE(file, this.at + 12);
    b.writeUInt32LE(line, this.at + 14);
    this.at += 18;
    this.count++;
  }
  /** u32 length + UTF-8 */
  text(s: string): void {
    this.ensure(4 + 3 * s.length);
    const n = writeUtf8(this.buf, s, this.at + 4);
    this.buf.writeUInt32LE(n, this.at);
    this.at += 4 + n;
  }
  /**
   * u32 length + the JSON object of the defined `values` under `names` (one-byte ASCII names), byte for byte what
   * `JSON.stringify` of each value would give, written in place (no string per person); the values are cleared.
   */
  contact(names: readonly string[], values: (string | undefined)[]): void {
    this.ensure(4 + contactJsonBound(names, values));
    const end = writeContactJson(this.buf, this.at + 4, names, values);
    this.buf.writeUInt32LE(end - this.at - 4, this.at);
    this.at = end;
  }
  /** bytes as they are (a held person's packed contact and keys: people-source.ts) */
  raw(src: Uint8Array, from: number, length: number): void {
    this.ensure(length);
    this.buf.set(src.subarray(from, from + length), this.at);
    this.at += length;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.at);
    this.at += 4;
  }
  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(v, this.at);
    this.at += 2;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.at++] = v;
  }
  /**
   * The batch in a buffer of its own (transferable: the writer's buffer itself, its unwritten tail never touched);
   * the writer starts again empty in a fresh buffer of the same size. Copying each batch out (~10 MB at the default
   * 20,000 people) kept the writer's buffer resident beside every copy.
   */
  take(): Uint8Array {
    const out = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.at);
    this.buf = Buffer.allocUnsafeSlow(this.buf.length);
    this.at = 0;
    this.count = 0;
    return out;
  }
}

/** Reads the packed batch of `PackWriter` (the encoding thread's side). */
export function forEachPacked(
  buf: Uint8Array,
  person: (personNo: number, items: number, records: number, file: number, line: number, contactAt: number, contactLength: number, keys: number) => void,
  key: (kind: number, at: number, length: number) => void,
): void {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  while (at < b.length) {
    const personNo = b.readUInt32LE(at);
    const items = b.readUInt32LE(at + 4);
    const records = b.readUInt32LE(at + 8);
    const file = b.readUInt16LE(at + 12);
    const line = b.readUInt32LE(at + 14);
    const contactLength = b.readUInt32LE(at + 18);
    const contactAt = at + 22;
    at = contactAt + contactLength;
    const keys = b.readUInt16LE(at);
    at += 2;
    person(personNo, items, records, file, line, contactAt, contactLength, keys);
    for (let k = 0; k < keys; k++) {
      const kind = b[at] as number;
      const length = b.readUInt32LE(at + 1);
      key(kind, at + 5, length);
      at += 5 + length;
    }
  }
}

