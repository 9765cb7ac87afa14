/**
 * Worker thread entry: worker k of n is given, file by file and in order, the lines of the source hosts whose hash
 * is k modulo n (FlowTable.mine) and every line not tied to one source (headers, other formats), read once by the
 * main thread (workers.ts); so each pair lives in one worker and no table is merged. It then scores its own pairs
 * in three steps driven by the main thread, which adds up what only the whole run knows: the census (sources per
 * destination, the data's time span), the fleet rule over every worker's candidates, and the findings.
 */
import { parentPort } from "node:worker_threads";
import { candidates, census, finish, type Candidates, type DetectContext, type FleetCandidate, type Globals } from "./detect.js";
import { Diagnostics } from "./diagnostics.js";
import { perimeter } from "./net.js";
import { fileReader } from "./read.js";
import { RITA_DEFAULTS } from "./rita.js";
import { FlowTable } from "./table.js";
import type { Diagnostic, EgressOptions, FileSummary, Finding, SetAside } from "./types.js";

export type ReadTask = { type: "read"; k: number; n: number; internal: string[]; options: Omit<EgressOptions, "onProgress"> };
/**
 * Lines of the current file from the reader: `meta` holds (start, end, line number) per line into `buf` (a chunk
 * of the file, shared by the workers that have lines in it). `file` opens the next file; `done` ends the read.
 */
export type LinesBatch = { type: "lines"; buf: SharedArrayBuffer; meta: Uint32Array<ArrayBuffer>; count: number };
export type ToWorker = ReadTask | { type: "file"; name: string } | LinesBatch | { type: "done" } | { type: "detect"; globals: Globals } | { type: "finish"; demoted: number[] };
export type ReadDone = {
  type: "census"; census: ReturnType<typeof census>; files: FileSummary[]; diagnostics: Diagnostic[];
  records: number; egress: number; ignored: FlowTable["ignored"]; minTs: number; maxTs: number; pairs: number; tableBytes: number;
};
export type FromWorker = { type: "ack" } | ReadDone | { type: "candidates"; fleet: FleetCandidate[]; setAside: SetAside[] } | { type: "findings"; findings: Finding[] } | { type: "error"; message: string };

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");

let ctx: DetectContext | null = null;
let globals: Globals | null = null;
let drafts: Candidates | null = null;
const send = (m: FromWorker): void => port.postMessage(m);

let reading: { task: ReadTask; t: FlowTable; diag: Diagnostics; files: FileSummary[]; file: ReturnType<typeof fileReader> | null } | null = null;

const closeFile = (r: NonNullable<typeof reading>): void => {
  if (r.file) r.files.push(r.file.summary());
  r.file = null;
};

function lines(m: LinesBatch): void {
  const r = reading!;
  const b = new Uint8Array(m.buf);
  const meta = m.meta;
  const sink = r.file!.line;
  for (let i = 0, j = 0; i < m.count; i++, j += 3) sink(b, meta[j] as number, meta[j + 1] as number, meta[j + 2] as number);
  send({ type: "ack" });
}

function readDone(): void {
  const { task, t, diag, files } = reading!;
  closeFile(reading!);
  reading = null;
  ctx = { t, options: task.options, beacon: { ...RITA_DEFAULTS, ...task.options.beacon } };
  send({ type: "census", census: census(t), files, diagnostics: diag.list(), records: t.records, egress: t.egress, ignored: { ...t.ignored }, minTs: t.minTs, maxTs: t.maxTs, pairs: t.pairCount, tableBytes: t.bytes });
}

port.on("message", (m: ToWorker) => {
  try {
    if (m.type === "lines") lines(m);
    else if (m.type === "file") {
      closeFile(reading!);
      reading!.file = fileReader(m.name, reading!.t, reading!.diag);
    } else if (m.type === "read") {
      // a line not tied to a source host (a header, another format, a wrong field count) comes to every worker:
      // worker 0 alone reports what is not a record of a source (Diagnostics.muted)
      reading = { task: m, t: new FlowTable(perimeter(m.internal), { k: m.k, n: m.n }), diag: new Diagnostics(m.k > 0), files: [], file: null };
    } else if (m.type === "done") readDone();
    else if (m.type === "detect") {
      globals = m.globals;
      drafts = candidates(ctx!, globals);
      send({ type: "candidates", fleet: drafts.fleet, setAside: drafts.setAside });
    } else {
      const findings = finish(ctx!, globals!, drafts!, new Set(m.demoted));
      ctx = null;
      drafts = null;
      send({ type: "findings", findings });
    }
  } catch (e) {
    send({ type: "error", message: e instanceof Error ? e.message : String(e) });
  }
});
