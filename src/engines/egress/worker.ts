/**
 * Worker thread entry. A range task parses one byte range of a Zeek TSV conn.log (which starts on a line) with the
 * file's header; a file task reads one whole file (gzip or plain, any format). Either way into the worker's own
 * pair table, sent back as typed arrays (transferred, not copied), with its diagnostics (for a range, line numbers
 * relative to the range; the main thread adds the lines of the ranges before it).
 */
import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";
import { Diagnostics } from "./diagnostics.js";
import { zeekTsvParser } from "./formats.js";
import { readLines } from "./lines.js";
import { perimeter } from "./net.js";
import { readFileInto } from "./read.js";
import { FlowTable, stateBuffers } from "./table.js";

export type RangeTask = { kind: "range"; id: number; path: string; start: number; end: number; header: string[]; internal: string[]; file: string };
export type FileTask = { kind: "file"; id: number; path: string; internal: string[]; file: string };
export type Task = RangeTask | FileTask;

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");

port.on("message", (task: Task) => {
  const table = new FlowTable(perimeter(task.internal));
  const diag = new Diagnostics();
  let bytes = 0;
  const progress = (n: number): void => {
    bytes += n;
    if (bytes >= 16 << 20) {
      port.postMessage({ type: "bytes", n: bytes });
      bytes = 0;
    }
  };
  let work: Promise<{ lines: number; records: number; format: string }>;
  if (task.kind === "range") {
    const parser = zeekTsvParser({ t: table, diag, file: task.file });
    for (const h of task.header) {
      const b = Buffer.from(h);
      parser.line(b, 0, b.length, 0);
    }
    const stream = createReadStream(task.path, { start: task.start, end: task.end - 1, highWaterMark: 1 << 20 });
    work = readLines({ name: task.file, stream }, diag, parser.line, progress).then((lines) => ({ lines, records: parser.records(), format: "zeek-tsv" }));
  } else {
    const stream = createReadStream(task.path, { highWaterMark: 1 << 20 });
    work = readFileInto({ name: task.file, stream }, table, diag, progress);
  }
  work.then(
    (r) => {
      port.postMessage({ type: "bytes", n: bytes });
      const state = table.exportState();
      port.postMessage({ type: "done", id: task.id, lines: r.lines, records: r.records, format: r.format, diagnostics: diag.list(), state }, stateBuffers(state));
    },
    () => port.postMessage({ type: "error", id: task.id }),
  );
});
