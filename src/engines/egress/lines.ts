/**
 * Bytes to lines: gzip recognised by its magic bytes and inflated on the way, lines cut on LF (a CR before it is
 * dropped) without decoding, so parsers read bytes in place. A truncated or corrupt gzip stops that file with a
 * GZIP_ERROR; the lines before the damage have been counted.
 */
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { Diagnostics } from "./diagnostics.js";
import type { InputFile } from "./types.js";

export const MAX_LINE = 1 << 20;

export type LineSink = (buf: Uint8Array, start: number, end: number, line: number) => void;

async function* withFirst(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Feeds every line of the file to `sink`; returns the number of lines. */
/**
 * `afterChunk`, when given, is awaited after each chunk's lines (a reader feeding workers waits for them there);
 * `true` from it stops the file there.
 */
export async function readLines(file: InputFile, diag: Diagnostics, sink: LineSink, onRawBytes: (n: number) => void, afterChunk?: () => Promise<boolean> | boolean): Promise<number> {
  const it = file.stream[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    first = await it.next();
  } catch {
    diag.add(file.name, "READ_ERROR");
    return 0;
  }
  if (first.done || first.value.length === 0) {
    diag.add(file.name, "EMPTY_FILE");
    return 0;
  }
  const head = first.value;
  const counted = async function* (src: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const c of src) {
      onRawBytes(c.length);
      yield c;
    }
  };
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let source: AsyncIterable<Uint8Array> = counted(withFirst(head, it));
  if (isGzip) source = Readable.from(source, { objectMode: false }).pipe(createGunzip({ chunkSize: 1 << 18 }));

  let line = 0;
  let carry: Buffer | null = null;
  let skippingLong = false;
  try {
    for await (const raw of source) {
      const chunk = raw as Buffer;
      let pos = 0;
      if (carry !== null || skippingLong) {
        const nl = chunk.indexOf(0x0a);
        if (nl < 0) {
          if (!skippingLong) {
            carry = Buffer.concat([carry!, chunk]);
            if (carry.length > MAX_LINE) {
              skippingLong = true;
              carry = null;
            }
          }
          continue;
        }
        line++;
        if (skippingLong) {
          diag.add(file.name, "LINE_TOO_LONG", line);
          skippingLong = false;
        } else {
          const whole: Buffer = Buffer.concat([carry!, chunk.subarray(0, nl)]);
          emit(whole, 0, whole.length, line);
        }
        carry = null;
        pos = nl + 1;
      }
      for (;;) {
        const nl = chunk.indexOf(0x0a, pos);
        if (nl < 0) break;
        line++;
        if (nl - pos > MAX_LINE) diag.add(file.name, "LINE_TOO_LONG", line);
        else emit(chunk, pos, nl, line);
        pos = nl + 1;
      }
      if (pos < chunk.length) {
        if (chunk.length - pos > MAX_LINE) skippingLong = true;
        else carry = Buffer.from(chunk.subarray(pos));
      }
      if (afterChunk && (await afterChunk())) return line;
    }
  } catch {
    diag.add(file.name, isGzip ? "GZIP_ERROR" : "READ_ERROR", line + 1);
    carry = null;
  }
  if (skippingLong) diag.add(file.name, "LINE_TOO_LONG", ++line);
  else if (carry !== null && carry.length > 0) emit(carry, 0, carry.length, ++line);
  return line;

  function emit(buf: Uint8Array, start: number, end: number, n: number): void {
    if (end > start && buf[end - 1] === 0x0d) end--;
    if (end > start) sink(buf, start, end, n);
  }
}
