/**
 * Worker thread entry: worker k of n reads every file in order (any format, gzip or plain) and keeps the records of
 * the source hosts whose hash is k modulo n (FlowTable.mine), so each pair lives in one worker and no table is
 * merged. It then scores its own pairs in three steps driven by the main thread, which adds up what only the whole
 * run knows: the census (sources per destination, the data's time span), the fleet rule over every worker's
 * candidates, and the findings.
 */
import { parentPort } from "node:worker_threads";
import { candidates, census, finish, type Candidates, type DetectContext, type FleetCandidate, type Globals } from "./detect.js";
import { Diagnostics } from "./diagnostics.js";
import { perimeter } from "./net.js";
import { fileInputs, readFileInto } from "./read.js";
import { RITA_DEFAULTS } from "./rita.js";
import { FlowTable } from "./table.js";
import type { Diagnostic, EgressOptions, FileSummary, Finding, SetAside } from "./types.js";

export type ReadTask = { type: "read"; k: number; n: number; files: { name: string; path: string }[]; internal: string[]; options: Omit<EgressOptions, "onProgress"> };
export type ToWorker = ReadTask | { type: "detect"; globals: Globals } | { type: "finish"; demoted: number[] };
export type ReadDone = {
  type: "census"; census: ReturnType<typeof census>; files: FileSummary[]; diagnostics: Diagnostic[];
  records: number; egress: number; ignored: FlowTable["ignored"]; minTs: number; maxTs: number; pairs: number; tableBytes: number;
};
export type FromWorker = { type: "bytes"; n: number } | ReadDone | { type: "candidates"; fleet: FleetCandidate[]; setAside: SetAside[] } | { type: "findings"; findings: Finding[] } | { type: "error"; message: string };

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");

let ctx: DetectContext | null = null;
let globals: Globals | null = null;
let drafts: Candidates | null = null;
const send = (m: FromWorker): void => port.postMessage(m);

async function read(task: ReadTask): Promise<void> {
  const t = new FlowTable(perimeter(task.internal), { k: task.k, n: task.n });
  const diag = new Diagnostics(task.k > 0);
  let bytes = 0;
  // every worker reads every byte: worker 0 alone reports progress
  const progress = (n: number): void => {
    if (task.k > 0) return;
    bytes += n;
    if (bytes >= 16 << 20) {
      send({ type: "bytes", n: bytes });
      bytes = 0;
    }
  };
  const files: FileSummary[] = [];
  const inputs = fileInputs(task.files.map((f) => f.path));
  for (const [i, f] of inputs.entries()) {
    const { lines: _lines, ...summary } = await readFileInto({ ...f, name: task.files[i]!.name }, t, diag, progress);
    files.push(summary);
  }
  if (bytes > 0) send({ type: "bytes", n: bytes });
  ctx = { t, options: task.options, beacon: { ...RITA_DEFAULTS, ...task.options.beacon } };
  send({ type: "census", census: census(t), files, diagnostics: diag.list(), records: t.records, egress: t.egress, ignored: { ...t.ignored }, minTs: t.minTs, maxTs: t.maxTs, pairs: t.pairCount, tableBytes: t.bytes });
}

port.on("message", (m: ToWorker) => {
  try {
    if (m.type === "read") {
      read(m).catch((e: unknown) => send({ type: "error", message: e instanceof Error ? e.message : String(e) }));
    } else if (m.type === "detect") {
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
