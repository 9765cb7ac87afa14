/**
 * analyseEgress(files, options) → {records, findings, diagnostics, …}: reads every file (any mix of formats, gzip
 * or plain, several days), builds the pair table, then runs the detections. Pure: no platform import, no clock
 * other than the timings it reports.
 */
import { createReadStream, statSync } from "node:fs";
import { detect } from "./detect.js";
import { Diagnostics } from "./diagnostics.js";
import { DEFAULT_INTERNAL, perimeter } from "./net.js";
import { RITA_DEFAULTS } from "./rita.js";
import { FlowTable } from "./table.js";
import { readFileInto } from "./read.js";
import { readHeader, readWithWorkers, type PoolFile } from "./workers.js";

/** Files smaller than this are read in the main thread: starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 64 << 20;
/** A gzip file this many times smaller than PARALLEL_MIN_BYTES goes to a worker too (logs compress about 8–10×). */
const GZIP_RATIO = 8;
import type { EgressOptions, EgressResult, FileSummary, InputFile } from "./types.js";

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

export async function analyseEgress(files: InputFile[], options: EgressOptions = {}): Promise<EgressResult> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let peakRss = process.memoryUsage().rss;
  const diag = new Diagnostics();
  const internal = [...(options.internal ?? DEFAULT_INTERNAL), ...(options.assets ?? []).flatMap((a) => a.addresses)];
  const table = new FlowTable(perimeter(internal));
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
  // with threads, files on disk go to the worker pool: a large plain Zeek TSV file in byte ranges, a large gzip
  // file (or a plain file of another format) as one stream; contiguous pool files share one pool, in file order
  const minBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  const plan: (PoolFile | null)[] = [];
  for (const file of files) {
    if (threads <= 1 || !file.path || file.size === undefined) {
      plan.push(null);
      continue;
    }
    const head = await readHeader(file.path).catch(() => null);
    if (!head) {
      plan.push(null); // unreadable: the main thread reports READ_ERROR
      continue;
    }
    const { header, gzip } = head;
    if (!gzip && file.size >= minBytes) plan.push({ name: file.name, path: file.path, size: file.size, ranges: header.some((h) => h.startsWith("#fields")) });
    else if (gzip && file.size >= minBytes / GZIP_RATIO) plan.push({ name: file.name, path: file.path, size: file.size, ranges: false });
    else plan.push(null);
  }
  for (let i = 0; i < files.length; ) {
    if (plan[i]) {
      const run: PoolFile[] = [];
      for (; i < files.length && plan[i]; i++) {
        run.push(plan[i]!);
      }
      summaries.push(...(await readWithWorkers(run, threads, internal, table, diag, progress)));
      continue;
    }
    const { lines: _lines, ...summary } = await readFileInto(files[i]!, table, diag, progress);
    summaries.push(summary);
    i++;
  }
  options.onProgress?.(total, total);
  if (table.records > 0 && table.egress === 0) diag.add(files[0]?.name ?? "-", "NO_EGRESS_DATA");

  const parsed = performance.now();
  const cpuRead = process.cpuUsage(cpu0);
  const beacon = { ...RITA_DEFAULTS, ...options.beacon };
  const { findings, setAside } = detect({ t: table, options, beacon });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  const cpuAll = process.cpuUsage(cpu0);
  const cpuSeconds = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;
  const byWhy = { allowlist: 0, known_service: 0, fleet_service: 0 };
  for (const s of setAside) byWhy[s.why]++;
  return {
    records: table.records,
    egressRecords: table.egress,
    ignored: { ...table.ignored },
    skippedLines: diag.skipped,
    window: table.egress > 0 ? { from: new Date(table.minTs * 1000).toISOString(), to: new Date(table.maxTs * 1000).toISOString() } : null,
    pairs: table.pairCount,
    findings,
    setAside: { count: setAside.length, byWhy, top: setAside.slice(0, 50) },
    files: summaries,
    diagnostics: diag.list(),
    timings: { seconds, readSeconds: (parsed - started) / 1000, detectSeconds: (performance.now() - parsed) / 1000, cpuSeconds: { read: cpuSeconds(cpuRead), detect: cpuSeconds(cpuAll) - cpuSeconds(cpuRead) }, recordsPerSecond: Math.round(table.records / Math.max(seconds, 1e-9)), peakRssMb: Math.round(peakRss / 1e6), tableMb: Math.round(table.bytes / 1e6), threads },
  };
}
