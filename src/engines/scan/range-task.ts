/**
 * One byte range of an uncompressed CSV file, parsed and tallied (runs inside a worker thread, or inline).
 * The range starts at a guessed record start (just after a line feed). If the last record is still open at the
 * range end (a quoted field with a line break), reading continues line by line until the record closes, and
 * the task reports where it stopped (`stoppedAt`), so the caller can check the next range's guess.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { countReplacement } from "./decode.js";
import { DEFAULT_MAX_RECORD_CHARS } from "./parsers/common.js";
import { CsvParser } from "./parsers/csv.js";
import { ByteCsvParser, Fallback } from "./parsers/csv-bytes.js";
import { Tally, type Plan, type TallyState } from "./tally.js";
import type { Encoding } from "./types.js";

export interface RangeTask {
  id: number;
  path: string;
  encoding: Encoding;
  delimiter: string;
  plan: Plan;
  start: number;
  end: number;
  size: number;
  /** records before the data (title rows, the header): skipped by the file's first range */
  skipRecords: number;
  maxRecordChars?: number;
}
export interface RangeResult {
  id: number;
  state: TallyState;
  /** lines consumed (for absolute line numbers of later ranges) */
  lines: number;
  stoppedAt: number;
  /** diagnostics with lines relative to the range start */
  diags: { code: string; line: number; count: number }[];
}
export interface RangeHooks {
  onBytes?: (n: number) => void;
}

/**
 * The text path reads (and decodes) 64 KB at a time. Bigger reads had made some worker ranges 10× slower; the cause
 * was the text parser's indexOf over large two-byte strings once optimised (fixed in parsers/csv.ts), and small
 * reads keep the decoded strings small anyway.
 */
const CHUNK = 1 << 16;

/** What both paths share: the tally, the diagnostics, the parser options for text records, the header skip. */
function rangeSetup(task: RangeTask) {
  const diags: RangeResult["diags"] = [];
  const tally = new Tally(task.plan);
  tally.useTable(task.plan.tables[0]!.table);
  let skip = task.skipRecords;
  /** true for the records before the data (the file's first range only) */
  const skipHeader = (): boolean => {
    if (skip === 0) return false;
    skip--;
    return true;
  };
  const common = {
    delimiter: task.delimiter,
    ...(task.maxRecordChars ? { maxRecordChars: task.maxRecordChars } : {}),
    onRecord: (f: readonly (string | null)[], n: number, line: number): void => {
      if (!skipHeader()) tally.record(f, n, line);
    },
    onDiag: (code: string, line: number): void => void diags.push({ code, line, count: 1 }),
  };
  return { tally, diags, common, skipHeader };
}

/** Parse and tally one range: on the bytes for UTF-8 with a one-byte delimiter, else (or on Fallback) as text. */
export async function runRange(task: RangeTask, hooks: RangeHooks): Promise<RangeResult> {
  const d = task.delimiter.charCodeAt(0);
  if (task.encoding === "utf-8" && task.delimiter.length === 1 && d < 0x80 && d !== 0x22 && d !== 0x0a && d !== 0x0d) {
    let reported = 0;
    try {
      return runRangeBytes(task, (n) => {
        reported += n;
        hooks.onBytes?.(n);
      });
    } catch (e) {
      if (!(e instanceof Fallback)) throw e;
      hooks.onBytes?.(-reported);
    }
  }
  return runRangeText(task, hooks);
}

/** Bytes read at a time by the byte path (no strings are made, so the size limit of CHUNK does not apply). */
const BYTE_CHUNK = 1 << 20;
const BOM = [0xef, 0xbb, 0xbf];
const REPLACEMENT = Buffer.from("\ufffd", "utf8");

/**
 * The byte path (parsers/csv-bytes.ts, Tally.recordBytes): synchronous reads, since it runs in a worker thread.
 * Throws Fallback where the text path would report something this path does not see: invalid UTF-8 or U+FFFD
 * (INVALID_BYTES), a record over the length limit (RECORD_TOO_LONG).
 */
function runRangeBytes(task: RangeTask, onBytes: (n: number) => void): RangeResult {
  const { tally, diags, common, skipHeader } = rangeSetup(task);
  const parser = new ByteCsvParser({
    ...common,
    onBytes: (b, offs, base, n, line) => {
      if (skipHeader()) return;
      tally.recordBytes(b, offs, base, n, line);
    },
  });
  const fd = openSync(task.path, "r");
  // in the WebAssembly module's memory, where the parser splits it (parsers/csv-bytes.ts)
  let buf = parser.buffer(2 * BYTE_CHUNK);
  let len = 0; // bytes held: buf[0, len) is the file from pos - len
  let checked = 0; // buf[0, checked) is known to be valid UTF-8 without U+FFFD
  let pos = task.start;
  const max = task.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  /** Read up to `limit` bytes more at pos; 0 at the end of the file. */
  const read = (limit: number): number => {
    if (len + BYTE_CHUNK > buf.length) buf = parser.buffer(buf.length * 2, len);
    const got = readSync(fd, buf, len, Math.min(BYTE_CHUNK, limit), pos);
    pos += got;
    len += got;
    if (got > 0) onBytes(got);
    return got;
  };
  /** Check buf[checked, upTo) (whole characters: it ends after a line feed or at the end of the input). */
  const check = (upTo: number): void => {
    if (upTo <= checked) return;
    const part = buf.subarray(checked, upTo);
    if (!isUtf8(part) || part.indexOf(REPLACEMENT) >= 0) throw new Fallback();
    checked = upTo;
  };
  const drop = (used: number): void => {
    buf.copyWithin(0, used, len);
    len -= used;
    checked = Math.max(0, checked - used);
  };
  /** End of the last whole line held (0 if none); a line longer than the limit goes to the text path. */
  const wholeLines = (): number => {
    const end = len === 0 ? 0 : buf.lastIndexOf(0x0a, len - 1) + 1;
    if (len - end > max) throw new Fallback();
    return end;
  };
  try {
    if (read(task.end - pos) >= 3 && BOM.every((x, i) => buf[i] === x)) {
      // the text path's decoder drops a BOM at the range start, and its parser one more U+FEFF
      drop(3);
      if (len >= 3 && BOM.every((x, i) => buf[i] === x)) drop(3);
    }
    for (;;) {
      check(wholeLines());
      drop(parser.parse(buf, 0, checked, false));
      if (pos >= task.end || read(task.end - pos) === 0) break;
    }
    // the last record runs past the range end (a quoted line break across the cut): read on until it closes
    while (len > 0 && pos < task.size) {
      if (read(task.size - pos) === 0) break;
      check(wholeLines());
      const used = parser.parse(buf, 0, checked, false, 1);
      if (used > 0) {
        pos -= len - used; // stop right after it, as the text path does
        len = 0;
        break;
      }
    }
    if (len > 0) {
      check(len);
      parser.parse(buf, 0, len, true);
      len = 0;
    }
  } finally {
    closeSync(fd);
  }
  return { id: task.id, state: tally.export(), lines: parser.line, stoppedAt: pos, diags };
}

/** The text path: decode and parse as text (csv.ts). */
async function runRangeText(task: RangeTask, hooks: RangeHooks): Promise<RangeResult> {
  const { tally, diags, common } = rangeSetup(task);
  const parser = new CsvParser(common);
  const decoder = new TextDecoder(task.encoding);
  const fh = await open(task.path, "r");
  const buf = Buffer.allocUnsafe(CHUNK);
  const feed = (bytes: Uint8Array): void => {
    const text = decoder.decode(bytes, { stream: true });
    if (text.indexOf("\ufffd") >= 0) {
      const r = countReplacement(text, parser.line);
      diags.push({ code: "INVALID_BYTES", line: r.firstLine, count: r.count });
    }
    parser.push(text);
  };
  let pos = task.start;
  try {
    while (pos < task.end) {
      const want = Math.min(CHUNK, task.end - pos);
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      feed(buf.subarray(0, bytesRead));
      hooks.onBytes?.(bytesRead);
    }
    // finish the record that straddles the end, one line at a time
    const small = Buffer.allocUnsafe(1 << 16);
    while (!parser.atBoundary() && pos < task.size) {
      const { bytesRead } = await fh.read(small, 0, small.length, pos);
      if (bytesRead === 0) break;
      let from = 0;
      while (from < bytesRead && !parser.atBoundary()) {
        const nl = small.indexOf(0x0a, from);
        const to = nl < 0 || nl >= bytesRead ? bytesRead : nl + 1;
        feed(small.subarray(from, to));
        pos += to - from;
        from = to;
      }
    }
    const tail = decoder.decode();
    if (tail) parser.push(tail);
    if (!parser.atBoundary()) parser.end();
  } finally {
    await fh.close();
  }
  return { id: task.id, state: tally.export(), lines: parser.line, stoppedAt: pos, diags };
}
