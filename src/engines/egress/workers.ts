/**
 * Files on disk read by worker threads: a large uncompressed Zeek TSV conn.log is cut into ranges on line starts
 * (four per thread, for balance, like the scanner's byte ranges), any other file (gzip: one stream per file) is
 * one task; each worker builds the pair table of its task, and the main thread merges the tables in file order
 * (so each pair's connections stay in time order) as soon as the tasks before them are merged.
 */
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { bundledWorkerSource, bundledWorkerSourceAsync } from "../common/worker-bundle.js";
import type { Diagnostics } from "./diagnostics.js";
import type { FlowTable, TableState } from "./table.js";
import type { Diagnostic, FileSummary } from "./types.js";
import type { Task } from "./worker.js";

/** From source, a worker's module graph bundled once per process (see common/worker-bundle.ts). */
export const workerSource = (entry: "worker" | "driver"): string | null => bundledWorkerSource(new URL(`./${entry}.ts`, import.meta.url));
/** The same without blocking the caller's event loop. */
export const workerSourceAsync = (entry: "worker" | "driver"): Promise<string | null> => bundledWorkerSourceAsync(new URL(`./${entry}.ts`, import.meta.url));

/** Set inside the driver thread (a bundle without import.meta): the range/file worker's code, from the main thread. */
let injected: string | null = null;
export const useWorkerSource = (code: string | null): void => {
  injected = code;
};

/** Whether the running module is TypeScript source (tsx) rather than the compiled build. */
export const fromSource = (): boolean => injected !== null || (import.meta.url ?? "").endsWith(".ts");

export function spawnWorker(entry: "worker" | "driver", options: { workerData?: unknown } = {}): Worker {
  if (entry === "worker" && injected !== null) return new Worker(injected, { eval: true, ...options });
  if (!fromSource()) return new Worker(new URL(`./${entry}.js`, import.meta.url), options);
  const code = workerSource(entry);
  if (code === null) throw new Error(`cannot bundle the egress ${entry}`);
  return new Worker(code, { eval: true, ...options });
}

const spawn = (): Worker => spawnWorker("worker");

/** Header lines (#…) at the start of the file, and the offset of the first data line. */
export async function readHeader(path: string): Promise<{ header: string[]; dataStart: number; gzip: boolean }> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const header: string[] = [];
    let pos = 0;
    while (pos < bytesRead && buf[pos] === 0x23) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0 || nl >= bytesRead) break;
      header.push(buf.subarray(pos, nl).toString("utf8").replace(/\r$/, ""));
      pos = nl + 1;
    }
    return { header, dataStart: pos, gzip: bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b };
  } finally {
    await fh.close();
  }
}

async function lineStart(path: string, from: number, size: number): Promise<number> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let pos = from; pos < size; ) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (nl >= 0) return pos + nl + 1;
      pos += bytesRead;
    }
    return size;
  } finally {
    await fh.close();
  }
}

type Done = { type: "done"; id: number; lines: number; records: number; format: string; diagnostics: Diagnostic[]; state: TableState };

/** A file for the worker pool: a large plain Zeek TSV file is cut into ranges, any other file is one task. */
export type PoolFile = { name: string; path: string; size: number; ranges: boolean };

/**
 * Reads the files into `table` with `threads` workers (one per core). Tasks are handed out in file order and their
 * tables merged in that order as soon as the tasks before them are merged (so ids, labels and each pair's
 * connections come out as one thread would give them); at most 2 × threads finished tables wait for their turn,
 * which bounds memory by pairs, not by the size of the input. Returns one summary per file, in order.
 */
export async function readWithWorkers(files: PoolFile[], threads: number, internal: string[], table: FlowTable, diag: Diagnostics, onBytes: (n: number) => void): Promise<FileSummary[]> {
  const tasks: Task[] = [];
  const owner: number[] = []; // task → file index
  const summaries: FileSummary[] = files.map((f) => ({ file: f.name, format: "unknown", records: 0, skipped: 0 }));
  for (const [i, f] of files.entries()) {
    if (!f.ranges) {
      tasks.push({ kind: "file", id: tasks.length, path: f.path, internal, file: f.name });
      owner.push(i);
      continue;
    }
    const { header, dataStart } = await readHeader(f.path);
    const parts = Math.max(1, threads * 4);
    const cuts = [dataStart];
    for (let k = 1; k < parts; k++) cuts.push(Math.max(cuts[k - 1]!, await lineStart(f.path, dataStart + Math.floor(((f.size - dataStart) * k) / parts) - 1, f.size)));
    cuts.push(f.size);
    for (let k = 0; k < parts; k++)
      if (cuts[k + 1]! > cuts[k]!) {
        tasks.push({ kind: "range", id: tasks.length, path: f.path, start: cuts[k]!, end: cuts[k + 1]!, header, internal, file: f.name });
        owner.push(i);
      }
    summaries[i]!.format = "zeek-tsv";
    onBytes(dataStart);
  }

  const results = new Map<number, Done>();
  let merged = 0;
  // lines already read in the current file (a range's diagnostics are relative to its range)
  const linesBefore = files.map((f): number => (f.ranges ? -1 : 0));
  const mergeReady = (): void => {
    for (let r = results.get(merged); r; r = results.get(merged)) {
      const task = tasks[merged]!;
      const s = summaries[owner[merged]!]!;
      const skippedBefore = diag.skipped;
      table.merge(r.state);
      if (task.kind === "range") {
        const fi = owner[merged]!;
        if (linesBefore[fi]! < 0) linesBefore[fi] = task.header.length;
        const base = linesBefore[fi]!;
        for (const d of r.diagnostics) addShifted(diag, task.file, d, base);
        linesBefore[fi] = base + r.lines;
      } else {
        for (const d of r.diagnostics) addShifted(diag, task.file, d, 0);
        s.format = r.format;
      }
      s.records += r.records;
      s.skipped += diag.skipped - skippedBefore;
      results.delete(merged++);
    }
  };
  const workers = Array.from({ length: Math.min(threads, tasks.length) }, spawn);
  let next = 0;
  const idle: Worker[] = [];
  let fail: ((e: Error) => void) | null = null;
  let finish: (() => void) | null = null;
  const give = (w: Worker): void => {
    // bounded: finished tables waiting for an earlier task count against the limit
    if (next >= tasks.length || results.size >= threads * 2) return void idle.push(w);
    w.postMessage(tasks[next++]);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      fail = reject;
      finish = resolve;
      for (const w of workers) {
        w.on("message", (m: { type: "bytes"; n: number } | Done | { type: "error"; id: number }) => {
          if (m.type === "bytes") return onBytes(m.n);
          if (m.type === "error") return fail?.(new Error("READ_ERROR"));
          results.set(m.id, m);
          mergeReady();
          for (const v of idle.splice(0)) give(v);
          give(w);
          if (merged === tasks.length) finish?.();
        });
        w.on("error", (e) => fail?.(e));
        give(w);
      }
      if (tasks.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  mergeReady();
  return summaries;
}

/** A worker's diagnostic added to the run's log with its lines shifted by the lines of the ranges before it. */
function addShifted(diag: Diagnostics, file: string, d: Diagnostic, base: number): void {
  const lines = d.lines ?? [];
  for (let i = 0; i < d.count; i++) diag.add(file, d.code, i < lines.length ? base + lines[i]! : undefined);
}
