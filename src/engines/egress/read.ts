/**
 * One file into a pair table, whatever its format (sniffed from its first line; gzip from its magic bytes). Used by
 * the main thread, and by each worker thread for every file (it keeps its share of the source hosts).
 */
import { createReadStream, statSync } from "node:fs";
import type { Diagnostics } from "./diagnostics.js";
import { sniff, type LineParser } from "./formats.js";
import { readLines } from "./lines.js";
import type { FlowTable } from "./table.js";
import type { FileSummary, InputFile } from "./types.js";

export async function readFileInto(file: InputFile, table: FlowTable, diag: Diagnostics, progress: (bytes: number) => void): Promise<FileSummary & { lines: number }> {
  let parser: LineParser | null = null;
  let unknown = false;
  const skippedBefore = diag.skipped;
  const lines = await readLines(
    file,
    diag,
    (b, s, e, n) => {
      if (parser) return parser.line(b, s, e, n);
      if (unknown) return;
      const first = Buffer.from(b.buffer, b.byteOffset + s, Math.min(e - s, 4096)).toString("latin1");
      parser = hasBinary(first) ? null : sniff(first, { t: table, diag, file: file.name });
      if (!parser) {
        unknown = true;
        diag.add(file.name, "UNKNOWN_FORMAT", n);
        return;
      }
      parser.line(b, s, e, n);
    },
    progress,
  );
  const p = parser as LineParser | null;
  return { file: file.name, format: p?.format ?? "unknown", records: p?.records() ?? 0, skipped: diag.skipped - skippedBefore, lines };
}

/** NUL or most C0 control bytes in the first line: not a text log. */
const hasBinary = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) return true;
  }
  return false;
};

/** Files on disk as inputs. */
export const fileInputs = (paths: string[]): InputFile[] =>
  paths.map((p) => {
    let size: number | undefined;
    try {
      size = statSync(p).size;
    } catch {
      size = undefined;
    }
    // opened when read: a stream opened at once fails unheard (and crashes) while earlier files are still read
    const stream: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => createReadStream(p, { highWaterMark: 1 << 20 })[Symbol.asyncIterator]() };
    return { name: p, path: p, stream, ...(size !== undefined ? { size } : {}) };
  });
