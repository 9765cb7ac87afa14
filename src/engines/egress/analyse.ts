/**
 * analyseEgress(files, options) → {records, findings, diagnostics, …}: reads every file (any mix of formats, gzip
 * or plain, several days), builds the pair table, then runs the detections. Pure: no platform import, no clock
 * other than the timings it reports.
 */
import { createReadStream, statSync } from "node:fs";
import { detect } from "./detect.js";
import { Diagnostics } from "./diagnostics.js";
import { sniff, type LineParser } from "./formats.js";
import { readLines } from "./lines.js";
import { DEFAULT_INTERNAL, perimeter } from "./net.js";
import { RITA_DEFAULTS } from "./rita.js";
import { FlowTable } from "./table.js";
import { readHeader, readParallel } from "./workers.js";

/** Files smaller than this are read in the main thread: starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 64 << 20;
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
    return { name: p, path: p, stream: createReadStream(p, { highWaterMark: 1 << 20 }), ...(size !== undefined ? { size } : {}) };
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
  for (const file of files) {
    if (threads > 1 && file.path && (file.size ?? 0) >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES) && (await readHeader(file.path)).header.some((h) => h.startsWith("#fields"))) {
      (file.stream as { destroy?: () => void }).destroy?.();
      const skippedBefore = diag.skipped;
      const r = await readParallel(file.path, file.name, file.size!, threads, internal, table, diag, progress);
      summaries.push({ file: file.name, format: "zeek-tsv", records: r.records, skipped: diag.skipped - skippedBefore });
      continue;
    }
    let parser: LineParser | null = null;
    let unknown = false;
    const skippedBefore = diag.skipped;
    await readLines(
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
    summaries.push({ file: file.name, format: p?.format ?? "unknown", records: p?.records() ?? 0, skipped: diag.skipped - skippedBefore });
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

/** NUL or most C0 control bytes in the first line: not a text log. */
const hasBinary = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) return true;
  }
  return false;
};
