/**
 * One file into a pair table, whatever its format (sniffed from its first line; gzip from its magic bytes). Used by
 * the main thread, and by each worker thread for every file (it keeps its share of the source hosts).
 */
import { createReadStream, statSync } from "node:fs";
import type { Diagnostics } from "./diagnostics.js";
import { sniff, sniffFormat, type Format, type LineParser } from "./formats.js";
import { readLines, type LineSink } from "./lines.js";
import type { FlowTable } from "./table.js";
import type { FileSummary, InputFile } from "./types.js";

export async function readFileInto(file: InputFile, table: FlowTable, diag: Diagnostics, progress: (bytes: number) => void): Promise<FileSummary & { lines: number }> {
  const reader = fileReader(file.name, table, diag);
  const lines = await readLines(file, diag, reader.line, progress);
  return { ...reader.summary(), lines };
}

/** The lines of one file, in order, into a table: the format is sniffed from the first line it is given. */
export function fileReader(name: string, table: FlowTable, diag: Diagnostics): { line: LineSink; summary: () => FileSummary } {
  let parser: LineParser | null = null;
  let unknown = false;
  const skippedBefore = diag.skipped;
  return {
    line: (b, s, e, n) => {
      if (parser) return parser.line(b, s, e, n);
      if (unknown) return;
      parser = formatOfFirstLine(b, s, e) === "unknown" ? null : sniff(firstText(b, s, e), { t: table, diag, file: name });
      if (!parser) {
        unknown = true;
        diag.add(name, "UNKNOWN_FORMAT", n);
        return;
      }
      parser.line(b, s, e, n);
    },
    summary: () => {
      const p = parser as LineParser | null;
      return { file: name, format: p?.format ?? "unknown", records: p?.records() ?? 0, skipped: diag.skipped - skippedBefore };
    },
  };
}

const firstText = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, Math.min(e - s, 4096)).toString("latin1");

/** The format a file's first line says (what `fileReader` will parse it as). */
export function formatOfFirstLine(b: Uint8Array, s: number, e: number): Format {
  const first = firstText(b, s, e);
  return hasBinary(first) ? "unknown" : sniffFormat(first);
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
