/**
 * PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"):
 * a signature and two zero words, then per row a 16-bit field count and per field a 32-bit length and the
 * value's bytes in network order, then -1. Why binary: against the text format the rows of the registry are
 * half the bytes (bytea needs no hex), and the server parses no uuid or hex text.
 */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

export class CopyWriter {
  private buf: Buffer;
  private at = 0;
  private readonly fixed: boolean;

  /** `into`: write into this buffer (a view of the encoder's WebAssembly memory, batch.ts), never growing it. */
  constructor(sizeHint: number, into?: Buffer) {
    this.fixed = into !== undefined;
    this.buf = into ?? Buffer.allocUnsafe(Math.max(1024, sizeHint));
    this.raw(SIGNATURE);
    this.int32(0); // flags
    this.int32(0); // header extension length
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    if (this.fixed) throw new Error("COPY data larger than its reserved space");
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  private raw(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.at);
    this.at += b.length;
  }
  private int32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
  }

  row(fields: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    return this;
  }
  /** bytea, uuid (16 bytes) or text already in UTF-8 */
  bytes(b: Buffer): this {
    this.int32(b.length);
    this.raw(b);
    return this;
  }
  text(s: string): this {
    const n = Buffer.byteLength(s, "utf8");
    this.int32(n);
    this.ensure(n);
    this.buf.write(s, this.at, "utf8");
    this.at += n;
    return this;
  }
  /** A bigint column from a safe integer (two 32-bit words: a BigInt per value was 3 % of the encoding's time). */
  int8(v: number): this {
    this.ensure(12);
    const b = this.buf;
    b.writeInt32BE(8, this.at);
    const hi = Math.floor(v / 0x100000000);
    b.writeInt32BE(hi | 0, this.at + 4);
    b.writeUInt32BE((v - hi * 0x100000000) >>> 0, this.at + 8);
    this.at += 12;
    return this;
  }
  int4(v: number): this {
    this.int32(4);
    this.int32(v);
    return this;
  }
  int2(v: number): this {
    this.int32(2);
    this.ensure(2);
    this.buf.writeInt16BE(v, this.at);
    this.at += 2;
    return this;
  }

  /**
   * A field of `n` bytes to be filled by the caller: its length is written, the space reserved; returns the buffer
   * and the offset to write at (valid until the next call on this writer).
   */
  field(n: number): { buf: Buffer; at: number } {
    this.int32(n);
    this.ensure(n);
    const at = this.at;
    this.at += n;
    return { buf: this.buf, at };
  }

  /** The finished COPY data, in a buffer of its own (so it can be transferred to another thread). */
  finish(): Uint8Array {
    this.ensure(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    const out = new Uint8Array(this.at);
    out.set(this.buf.subarray(0, this.at));
    return out;
  }
}

export const uuidBytes = (uuid: string): Buffer => {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error("not a uuid");
  return Buffer.from(hex, "hex");
};
