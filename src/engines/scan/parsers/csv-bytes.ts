/**
 * CSV/TSV over UTF-8 bytes, for the worker ranges: a record without a quote is split in place into field offsets
 * (no decoding, no string per field) and handed to the tally's byte path; a record holding a quote is found in the
 * bytes, decoded alone and parsed by the string parser (csv.ts), so quoting rules, diagnostics and line numbers are
 * exactly that parser's. Whatever the string path would report differently (invalid or replacement bytes, a
 * record over the length limit) throws `Fallback`, and the caller parses the range as text instead.
 *
 * The split of unquoted records runs in WebAssembly with SIMD (csv-split.wat, 32 bytes a step) when the bytes are
 * in the module's memory (`buffer()`); the hand-written JavaScript loop (see parse) does the rest: records holding a
 * quote, the record at the end of the input, long records, and everything when WebAssembly or SIMD is missing.
 */
import { CsvParser } from "./csv.js";
import { DEFAULT_MAX_RECORD_CHARS, type DiagSink, type RecordSink } from "./common.js";
import { wasmBase64 } from "./csv-split.wasm.js";

/** The byte path cannot promise the string path's result here: parse this range as text. */
export class Fallback extends Error {}

/**
 * One unquoted record as field offsets into `buf`: field k is [offs[base + 2k], offs[base + 2k + 1]). (Pairs at a
 * base index, so that the WebAssembly split's output is handed over as it is: copying it to two arrays per record
 * had cost 0.24 of 0.59 ns a byte.)
 */
export type ByteRecordSink = (buf: Uint8Array, offs: Int32Array, base: number, n: number, line: number) => void;

export interface ByteCsvOptions {
  /** a one-byte (ASCII) delimiter */
  delimiter: string;
  maxRecordChars?: number;
  onBytes: ByteRecordSink;
  /** records that held a quote, decoded */
  onRecord: RecordSink;
  onDiag?: DiagSink;
  /**
   * The split of unquoted records: "wasm" (the default when WebAssembly with SIMD is there; throws otherwise) or
   * "js". Only bytes in this parser's `buffer()` are split in WebAssembly.
   */
  split?: "wasm" | "js";
}

/**
 * The split in WebAssembly (csv-split.wat). Measured on the 1M-line slice of the dirty JTB-size CSV (12 fields,
 * 178 bytes a record; parse only, the sink a no-op, best of 5, load 7–9 on the 2 cores): 2.5–4.6 ns a byte with
 * the JavaScript loop (its word-at-a-time variant), 0.40–0.42 with the WebAssembly split (offsets handed over
 * without a copy). The whole command's profile had put the JavaScript split at ~2 ns a byte, 2.76 s of ~13.7 s.
 */
type Split = (base: number, p: number, to: number, d: number, out: number, outEnd: number, maxRecords: number, maxLen: number) => number;

/** Module memory: [0, 8) the counts of the last split, [OUT, OUT_END) its offsets, then the byte buffer. */
const OUT = 16;
const OUT_END = 1 << 17;
const BUF_AT = OUT_END;
/** Bytes after a buffer that the split's loads (32 bytes a step) may read. */
const PAD = 32;
const PAGE = 65536;

/** The part of the WebAssembly API used here (the project's libs declare none of it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
/** The module, validated and compiled once per thread; null without WebAssembly or SIMD. */
function splitModule(): object | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = Buffer.from(wasmBase64, "base64");
      if (wasmApi !== undefined && wasmApi.validate(bytes)) compiled = new wasmApi.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** True when the WebAssembly split can run here. */
export const wasmSplitAvailable = (): boolean => splitModule() !== null;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class ByteCsvParser {
  private lineNo = 0;
  /** the JavaScript loop's record: start and end of each field */
  private pairs: Int32Array = new Int32Array(128);
  private readonly delim: number;
  private readonly max: number;
  private readonly onBytes: ByteRecordSink;
  private readonly quoted: CsvParser;
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  private readonly useWasm: boolean;
  /** instantiated by the first buffer() call */
  private memory: WasmMemory | null = null;
  private split: Split | null = null;
  /** over memory.buffer (re-made when the memory grows) */
  private mem32: Int32Array = new Int32Array(0);
  /** buffer() without WebAssembly: the last one handed out */
  private plain: Buffer | null = null;

  constructor(opts: ByteCsvOptions) {
    const d = opts.delimiter.charCodeAt(0);
    if (opts.delimiter.length !== 1 || d >= 0x80 || d === QUOTE || d === LF || d === CR) throw new Error("the byte parser needs a one-byte delimiter");
    this.delim = d;
    this.max = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.onBytes = opts.onBytes;
    this.quoted = new CsvParser({
      delimiter: opts.delimiter,
      onRecord: opts.onRecord,
      stripBom: false,
      maxRecordChars: this.max,
      ...(opts.onDiag ? { onDiag: opts.onDiag } : {}),
    });
    if (opts.split === "wasm" && !wasmSplitAvailable()) throw new Error("WebAssembly with SIMD is not available");
    this.useWasm = opts.split !== "js" && wasmSplitAvailable();
  }

  /**
   * A buffer of `size` bytes for parse(), holding the first `keep` bytes of the one the previous call returned
   * (which must not be used any more: growing the module's memory detaches it). With the WebAssembly split it lies in
   * the module's memory, so parse() splits it there; else it is a plain Buffer.
   */
  buffer(size: number, keep = 0): Buffer {
    if (!this.useWasm) {
      const b = Buffer.allocUnsafe(size);
      if (keep > 0 && this.plain !== null) this.plain.copy(b, 0, 0, keep);
      this.plain = b;
      return b;
    }
    if (this.memory === null) {
      const inst = new (wasmApi as WasmApi).Instance(splitModule() as object, {});
      this.memory = inst.exports.memory as WasmMemory;
      this.split = inst.exports.split as Split;
    }
    const need = BUF_AT + size + PAD;
    const have = this.memory.buffer.byteLength;
    // contents stay where they were: keep needs no copy
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
    this.mem32 = new Int32Array(this.memory.buffer);
    return Buffer.from(this.memory.buffer, BUF_AT, size);
  }

  /** Lines consumed so far. */
  get line(): number {
    return this.lineNo;
  }

  /**
   * Parse the records of buf[from, to) (valid UTF-8). Returns where the first incomplete record starts (`to` when
   * none). `final`: `to` is the end of the input. `maxRecords`: stop after that many records.
   */
  parse(buf: Uint8Array, from: number, to: number, final: boolean, maxRecords = 0x7fffffff): number {
    const d = this.delim;
    const comma = d === 0x2c;
    const words = comma && (buf.byteOffset & 3) === 0 ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2) : null;
    let pairs = this.pairs;
    let p = from;
    let done = 0;
    const mem = this.memory;
    const split = mem !== null && buf.buffer === mem.buffer && buf.byteOffset + to + PAD <= mem.buffer.byteLength ? this.split : null;
    const maxLen = Math.min(this.max, 0x7fffffff);
    while (p < to && done < maxRecords) {
      if (split !== null) {
        // as many whole unquoted records as fit in its output; the loop below takes the one it stopped at
        const q = split(buf.byteOffset, p, to, d, OUT, OUT_END, maxRecords - done, maxLen);
        const m = this.mem32;
        const lines = m[1] as number;
        if (lines > 0) {
          const records = m[0] as number;
          this.emit(buf, records);
          done += records;
          this.lineNo += lines;
          p = q;
          continue;
        }
      }
      // the fields of the line at p: n offsets before the last field, which starts at f; i ends at its line feed,
      // at a quote, or at `to`. Two copies of one loop: with the delimiter a constant (','), V8 skips most bytes
      // with one compare (1.4 against 1.8 ns a byte on the 1M-row slice); multi-byte characters are stepped over
      // from their lead byte (the input is valid UTF-8, and no delimiter is above 0x7f).
      let n = 0;
      let f = p;
      let i = p;
      if (words !== null) {
        // ',' with a 4-byte aligned buffer: a word at a time. m marks the bytes below 0x2d (',', '"', LF, CR, space;
        // not digits, letters, '-', '.', '@' nor any byte of a multi-byte character): ((x - 0x2d2d2d2d) & ~x &
        // 0x80808080) is exact for the first such byte of the word and may mark a later byte wrongly (a borrow),
        // so each marked byte is read. Bytes before the first aligned word and after the last whole one go one at
        // a time. 1.9 → 1.3 ns a byte on the 1M-row slice.
        let stop = false;
        const last = to - 4;
        while (!stop && i < to) {
          if ((i & 3) !== 0 || i > last) {
            const c = buf[i] as number;
            if (c === 0x2c) {
              if (2 * n + 4 > pairs.length) pairs = this.grow();
              pairs[2 * n] = f;
              pairs[2 * n + 1] = i;
              n++;
              f = i + 1;
            } else if (c === LF || c === QUOTE) break;
            i++;
            continue;
          }
          const x = words[i >> 2] as number;
          let m = (x - 0x2d2d2d2d) & ~x & 0x80808080;
          while (m !== 0) {
            const j = i + ((31 - Math.clz32(m & -m)) >> 3);
            const c = buf[j] as number;
            if (c === 0x2c) {
              if (2 * n + 4 > pairs.length) pairs = this.grow();
              pairs[2 * n] = f;
              pairs[2 * n + 1] = j;
              n++;
              f = j + 1;
            } else if (c === LF || c === QUOTE) {
              i = j;
              stop = true;
              break;
            }
            m &= m - 1;
          }
          if (!stop) i += 4;
        }
      } else if (comma) {
        for (; i < to; i++) {
          const c = buf[i] as number;
          if (c > 0x2c) {
            if (c >= 0xe0) i += 2;
            continue;
          }
          if (c === 0x2c) {
            if (2 * n + 4 > pairs.length) pairs = this.grow();
            pairs[2 * n] = f;
            pairs[2 * n + 1] = i;
            n++;
            f = i + 1;
          } else if (c === LF || c === QUOTE) break;
        }
      } else {
        for (; i < to; i++) {
          const c = buf[i] as number;
          if (c >= 0xe0) {
            i += 2;
            continue;
          }
          if (c === d) {
            if (2 * n + 4 > pairs.length) pairs = this.grow();
            pairs[2 * n] = f;
            pairs[2 * n + 1] = i;
            n++;
            f = i + 1;
          } else if (c === LF || c === QUOTE) break;
        }
      }
      if (i > to) i = to;
      if (i < to && buf[i] === QUOTE) {
        // quotes of the plain kind (every field in quotes, as spreadsheets and database exports write them): split in
        // place like an unquoted record; any other record with a quote is the string parser's
        const fields = this.plainQuoted(buf, p, to);
        if (fields > 0) {
          const next = this.quotedEnd;
          if (next - p > this.max) throw new Fallback();
          pairs = this.pairs;
          this.lineNo++;
          this.onBytes(buf, pairs, 0, fields, this.lineNo);
          done++;
          p = next;
          continue;
        }
        const end = this.recordEnd(buf, p, to, final);
        if (end < 0) {
          if (to - p > this.max) throw new Fallback();
          return p;
        }
        if (end - p > this.max) throw new Fallback();
        const q = this.quoted;
        q.setLine(this.lineNo);
        q.push(this.decoder.decode(buf.subarray(p, end)));
        if (final && end === to) q.end();
        this.lineNo = q.line;
        done++;
        p = end;
        continue;
      }
      if (i >= to && !final) {
        if (to - p > this.max) throw new Fallback();
        return p;
      }
      if (i - p > this.max) throw new Fallback();
      // i is the line feed (or the end of the input)
      let end = i;
      if (end > p && buf[end - 1] === CR) end--;
      this.lineNo++;
      if (end > p) {
        pairs[2 * n] = f;
        pairs[2 * n + 1] = end;
        this.onBytes(buf, pairs, 0, n + 1, this.lineNo);
        done++;
      }
      p = i + 1;
    }
    return p > to ? to : p;
  }

  /** Hand the records of the last split to the sink, as they lie in the module's memory. */
  private emit(buf: Uint8Array, records: number): void {
    const m = this.mem32;
    const line = this.lineNo;
    let j = OUT >> 2;
    for (let r = 0; r < records; r++) {
      const n = m[j] as number;
      this.onBytes(buf, m, j + 2, n, line + (m[j + 1] as number));
      j += 2 + 2 * n;
    }
  }

  /** Where the record split by the last plainQuoted() call ends (after its line feed). */
  private quotedEnd = 0;

  /**
   * The record at p when its quotes are plain: each field either wholly in quotes with no quote, CR or line feed
   * inside, the closing quote followed at once by the delimiter or the line's end; or unquoted without a quote.
   * Its fields (inside the quotes) into `pairs`, its end into quotedEnd; returns the number of fields, or 0 for any
   * other record and one not complete in [p, to): csv.ts parses those (doubled quotes, line breaks, text after a
   * closing quote, stray quotes, the last line of the input). For these records csv.ts gives the same fields.
   * Why: a file with every field quoted (Excel, `COPY … CSV FORCE QUOTE *`, mysqldump's ENCLOSED BY) had gone
   * record by record through decoding and the string parser: the bench slice's 1M rows took 5.4–6.2 s quoted against
   * 1.8–2.5 s unquoted; split here, 2.5–3.3 s.
   */
  private plainQuoted(b: Uint8Array, p: number, to: number): number {
    const d = this.delim;
    let pairs = this.pairs;
    let n = 0;
    let i = p;
    for (;;) {
      let s = i;
      let e: number;
      if (i < to && b[i] === QUOTE) {
        s = i + 1;
        let j = s;
        while (j < to) {
          const c = b[j] as number;
          if (c === QUOTE || c === LF || c === CR) break;
          j++;
        }
        if (j >= to || b[j] !== QUOTE) return 0;
        e = j;
        i = j + 1;
      } else {
        while (i < to) {
          const c = b[i] as number;
          if (c === d || c === LF || c === QUOTE) break;
          if (c === CR && i + 1 < to && b[i + 1] === LF) break;
          i++;
        }
        e = i;
      }
      if (2 * n + 4 > pairs.length) pairs = this.grow();
      pairs[2 * n] = s;
      pairs[2 * n + 1] = e;
      n++;
      if (i >= to) return 0;
      const c = b[i] as number;
      if (c === d) {
        i++;
        continue;
      }
      if (c === LF) {
        this.quotedEnd = i + 1;
        return n;
      }
      if (c === CR && i + 1 < to && b[i + 1] === LF) {
        this.quotedEnd = i + 2;
        return n;
      }
      return 0;
    }
  }

  /** End of the record starting at p (after its line feed), following csv.ts's quoting rules; -1 if incomplete. */
  private recordEnd(b: Uint8Array, p: number, to: number, final: boolean): number {
    const d = this.delim;
    let i = p;
    for (;;) {
      if (i < to && b[i] === QUOTE) {
        i++;
        for (;;) {
          while (i < to && b[i] !== QUOTE) i++;
          if (i >= to) return final ? to : -1; // unterminated: the string parser reports it at the end
          if (i + 1 < to && b[i + 1] === QUOTE) {
            i += 2;
            continue;
          }
          if (i + 1 >= to && !final) return -1; // cannot tell yet whether this quote is doubled
          i++;
          break;
        }
      }
      while (i < to && b[i] !== d && b[i] !== LF) i++;
      if (i >= to) return final ? to : -1;
      if (b[i] === LF) return i + 1;
      i++; // the delimiter
    }
  }

  private grow(): Int32Array {
    const bigger = new Int32Array(this.pairs.length * 2);
    bigger.set(this.pairs);
    this.pairs = bigger;
    return bigger;
  }
}
