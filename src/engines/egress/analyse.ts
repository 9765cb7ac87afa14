/**
 * analyseEgress(files, options) → {records, findings, diagnostics, …}: reads every file (any mix of formats, gzip
 * or plain, several days), builds the pair table, then runs the detections. Pure: no platform import, no clock
 * other than the timings it reports.
 */
import { detect, type Detected } from "./detect.js";
import { Diagnostics } from "./diagnostics.js";
import { DEFAULT_INTERNAL, perimeter } from "./net.js";
import { RITA_DEFAULTS } from "./rita.js";
import { FlowTable } from "./table.js";
import { fileInputs, readFileInto } from "./read.js";
import { analyseWithWorkers, readHeader } from "./workers.js";

/** Files smaller than this are read in the main thread: starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 64 << 20;
/** A gzip file this many times smaller than PARALLEL_MIN_BYTES goes to a worker too (logs compress about 8–10×). */
const GZIP_RATIO = 8;
import type { Diagnostic, EgressOptions, EgressResult, FileSummary, InputFile } from "./types.js";

export { fileInputs };

export async function analyseEgress(files: InputFile[], options: EgressOptions = {}): Promise<EgressResult> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let peakRss = process.memoryUsage().rss;
  const diag = new Diagnostics();
  const internal = [...(options.internal ?? DEFAULT_INTERNAL), ...(options.assets ?? []).flatMap((a) => a.addresses)];
  const summaries: FileSummary[] = [];
  const total = files.reduce((s, f) => s + (f.size ?? 0), 0);
  let done = 0;
  let sinceReport = 0;

  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  const progress = (bytes: number): void => {
    done += bytes;
    sinceReport += bytes;
    if (sinceReport >= 32 << 20) {
      sinceReport = 0;
      const rss = process.memoryUsage().rss;
      if (rss > peakRss) peakRss = rss;
      options.onProgress?.(done, total);
    }
  };
  // with threads, files on disk (all of them) from PARALLEL_MIN_BYTES in all (a gzip file counted GZIP_RATIO times
  // its size) go to the worker pool, split by source host; anything else is read here
  const minBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  let pooled = threads > 1 && files.length > 0 && files.every((f) => f.path !== undefined && f.size !== undefined);
  if (pooled) {
    let weight = 0;
    for (const f of files) weight += (await readHeader(f.path!).catch(() => null))?.gzip ? f.size! * GZIP_RATIO : f.size!;
    pooled = weight >= minBytes;
  }
  let parsed = 0;
  let cpuRead: NodeJS.CpuUsage = { user: 0, system: 0 };
  const readDone = (): void => {
    parsed = performance.now();
    cpuRead = process.cpuUsage(cpu0);
    options.onProgress?.(total, total);
  };
  let findings: EgressResult["findings"];
  let setAside: Detected["setAside"];
  let totals: { records: number; egress: number; ignored: EgressResult["ignored"]; minTs: number; maxTs: number; pairs: number; tableBytes: number };
  if (pooled) {
    const { onProgress: _p, ...rest } = options;
    const { reads, detected } = await analyseWithWorkers(files.map((f) => ({ name: f.name, path: f.path! })), threads, internal, rest, diag, progress, readDone);
    findings = detected.findings;
    setAside = detected.setAside;
    const r0 = reads[0]!;
    summaries.push(...r0.files.map((f, i) => ({ ...f, records: reads.reduce((s, r) => s + r.files[i]!.records, 0), skipped: reads.reduce((s, r) => s + r.files[i]!.skipped, 0) })));
    const ignored = { internal: 0, inbound: 0, external: 0, notRouted: 0 };
    for (const r of reads) for (const k of Object.keys(ignored) as (keyof typeof ignored)[]) ignored[k] += r.ignored[k];
    totals = {
      records: reads.reduce((s, r) => s + r.records, 0), egress: reads.reduce((s, r) => s + r.egress, 0), ignored,
      minTs: Math.min(...reads.map((r) => r.minTs)), maxTs: Math.max(...reads.map((r) => r.maxTs)),
      pairs: reads.reduce((s, r) => s + r.pairs, 0), tableBytes: reads.reduce((s, r) => s + r.tableBytes, 0),
    };
  } else {
    const table = new FlowTable(perimeter(internal));
    for (const file of files) {
      const { lines: _lines, ...summary } = await readFileInto(file, table, diag, progress);
      summaries.push(summary);
    }
    readDone();
    ({ findings, setAside } = detect({ t: table, options, beacon: { ...RITA_DEFAULTS, ...options.beacon } }));
    totals = { records: table.records, egress: table.egress, ignored: { ...table.ignored }, minTs: table.minTs, maxTs: table.maxTs, pairs: table.pairCount, tableBytes: table.bytes };
  }
  if (totals.records > 0 && totals.egress === 0) diag.add(files[0]?.name ?? "-", "NO_EGRESS_DATA");
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  const cpuAll = process.cpuUsage(cpu0);
  const cpuSeconds = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;
  const byWhy = { allowlist: 0, known_service: 0, fleet_service: 0 };
  for (const s of setAside) byWhy[s.why]++;
  return {
    records: totals.records,
    egressRecords: totals.egress,
    ignored: totals.ignored,
    skippedLines: diag.skipped,
    window: totals.egress > 0 ? { from: new Date(totals.minTs * 1000).toISOString(), to: new Date(totals.maxTs * 1000).toISOString() } : null,
    pairs: totals.pairs,
    findings,
    setAside: { count: setAside.length, byWhy, top: setAside.slice(0, 50) },
    files: summaries,
    diagnostics: inFileOrder(diag.list(), files),
    timings: { seconds, readSeconds: (parsed - started) / 1000, detectSeconds: (performance.now() - parsed) / 1000, cpuSeconds: { read: cpuSeconds(cpuRead), detect: cpuSeconds(cpuAll) - cpuSeconds(cpuRead) }, recordsPerSecond: Math.round(totals.records / Math.max(seconds, 1e-9)), peakRssMb: Math.round(peakRss / 1e6), tableMb: Math.round(totals.tableBytes / 1e6), threads: pooled ? threads : 1 },
  };
}

/** Diagnostics by file, then by first line (the same order whether one thread or several found them). */
function inFileOrder(list: Diagnostic[], files: InputFile[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f.name, i]));
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (order.get(a.d.file) ?? -1) - (order.get(b.d.file) ?? -1) || (a.d.line ?? 0) - (b.d.line ?? 0) || a.i - b.i)
    .map((x) => x.d);
}
