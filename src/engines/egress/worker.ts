/**
 * Worker thread entry: parses one byte range of a Zeek TSV conn.log (which starts on a line) into its own pair
 * table and sends the table back as typed arrays (transferred, not copied), with its diagnostics (line numbers
 * relative to the range; the main thread adds the lines of the ranges before it).
 */
import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";
import { Diagnostics } from "./diagnostics.js";
import { zeekTsvParser } from "./formats.js";
import { readLines } from "./lines.js";
import { perimeter } from "./net.js";
import { FlowTable, stateBuffers } from "./table.js";

export type RangeTask = { id: number; path: string; start: number; end: number; header: string[]; internal: string[]; file: string };

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");

port.on("message", (task: RangeTask) => {
  const table = new FlowTable(perimeter(task.internal));
  const diag = new Diagnostics();
  const parser = zeekTsvParser({ t: table, diag, file: task.file });
  for (const h of task.header) {
    const b = Buffer.from(h);
    parser.line(b, 0, b.length, 0);
  }
  let bytes = 0;
  const stream = createReadStream(task.path, { start: task.start, end: task.end - 1, highWaterMark: 1 << 20 });
  readLines({ name: task.file, stream }, diag, parser.line, (n) => {
    bytes += n;
    if (bytes >= 16 << 20) {
      port.postMessage({ type: "bytes", n: bytes });
      bytes = 0;
    }
  }).then(
    (lines) => {
      port.postMessage({ type: "bytes", n: bytes });
      const state = table.exportState();
      port.postMessage({ type: "done", id: task.id, lines, records: parser.records(), diagnostics: diag.list(), state }, stateBuffers(state));
    },
    () => port.postMessage({ type: "error", id: task.id }),
  );
});
