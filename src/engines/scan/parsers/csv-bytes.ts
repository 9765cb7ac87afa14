/**
 * CSV/TSV over UTF-8 bytes, for the worker ranges: a record without a quote is split in place into field offsets
 * (no decoding, no string per field) and handed to the tally's byte path; a record holding a quote is found in the
 * bytes, decoded alone and parsed by the string parser (csv.ts), so quoting rules, diagnostics and line numbers are
 * exactly that parser's. Whatever the string path would report differently (invalid or replacement bytes, a
 * record over the length limit) throws `Fallback`, and the caller parses the range as text instead.
 *
 * Hand-written byte loop (see parse).
 */
import { CsvParser } from "./csv.js";
import { DEFAULT_MAX_RECORD_CHARS, type DiagSink, type RecordSink } from "./common.js";

/** The byte path cannot promise the string path's result here: parse this range as text. */
export class Fallback extends Error {}

/** One unquoted record as field offsets into `buf`: field k is [starts[k], ends[k]). */
export type ByteRecordSink = (buf: Uint8Array, starts: Int32Array, ends: Int32Array, n: number, line: number) => void;

export interface ByteCsvOptions {
  /** a one-byte (ASCII) delimiter */
  delimiter: string;
  maxRecordChars?: number;
  onBytes: ByteRecordSink;
  /** records that held a quote, decoded */
  onRecord: RecordSink;
  onDiag?: DiagSink;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class ByteCsvParser {
  private lineNo = 0;
  private starts: Int32Array = new Int32Array(64);
  private ends: Int32Array = new Int32Array(64);
  private readonly delim: number;
  private readonly max: number;
  private readonly onBytes: ByteRecordSink;
  private readonly quoted: CsvParser;
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

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
    let starts = this.starts;
    let ends = this.ends;
    let p = from;
    let done = 0;
    while (p < to && done < maxRecords) {
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
              if (n + 1 === starts.length) {
                this.grow();
                starts = this.starts;
                ends = this.ends;
              }
              starts[n] = f;
              ends[n] = i;
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
              if (n + 1 === starts.length) {
                this.grow();
                starts = this.starts;
                ends = this.ends;
              }
              starts[n] = f;
              ends[n] = j;
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
            if (n + 1 === starts.length) {
              this.grow();
              starts = this.starts;
              ends = this.ends;
            }
            starts[n] = f;
            ends[n] = i;
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
            if (n + 1 === starts.length) {
              this.grow();
              starts = this.starts;
              ends = this.ends;
            }
            starts[n] = f;
            ends[n] = i;
            n++;
            f = i + 1;
          } else if (c === LF || c === QUOTE) break;
        }
      }
      if (i > to) i = to;
      if (i < to && buf[i] === QUOTE) {
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
        starts[n] = f;
        ends[n] = end;
        this.onBytes(buf, starts, ends, n + 1, this.lineNo);
        done++;
      }
      p = i + 1;
    }
    return p > to ? to : p;
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

  private grow(): void {
    const s = new Int32Array(this.starts.length * 2);
    const e = new Int32Array(this.ends.length * 2);
    s.set(this.starts);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }
}
