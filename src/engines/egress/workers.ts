/**
 * Files on disk analysed by worker threads, split by source host: each worker reads every file and keeps the pairs
 * of its share of the internal sources, scores them, and the main thread combines what needs the whole run.
 */
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { bundledWorkerSource, bundledWorkerSourceAsync } from "../common/worker-bundle.js";
import { combineCensus, fleetRule, sortDetected, type Detected } from "./detect.js";
import type { Diagnostics } from "./diagnostics.js";
import type { EgressOptions } from "./types.js";
import type { FromWorker, ReadDone, ToWorker } from "./worker.js";

/** From source, a worker's module graph bundled once per process (see common/worker-bundle.ts). */
export const workerSource = (entry: "worker" | "driver"): string | null => bundledWorkerSource(new URL(`./${entry}.ts`, import.meta.url));
/** The same without blocking the caller's event loop. */
export const workerSourceAsync = (entry: "worker" | "driver"): Promise<string | null> => bundledWorkerSourceAsync(new URL(`./${entry}.ts`, import.meta.url));

/** Set inside the driver thread (a bundle without import.meta): the pool worker's code, from the main thread. */
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

/**
 * The whole analysis with `threads` workers, each reading every file and keeping the pairs of its share of the
 * source hosts (a hash of the address), so no pair table is merged and beacons are scored in the workers. The
 * main thread only adds up the census, applies the fleet rule over every worker's candidates and collects the
 * findings. Files, diagnostics (line numbers are the file's own: every worker reads whole files) and findings are
 * those of one thread.
 */
export async function analyseWithWorkers(
  files: { name: string; path: string }[],
  threads: number,
  internal: string[],
  options: Omit<EgressOptions, "onProgress">,
  diag: Diagnostics,
  onBytes: (n: number) => void,
  onRead: () => void,
): Promise<{ reads: ReadDone[]; detected: Detected }> {
  const workers = Array.from({ length: threads }, spawn);
  const inbox = workers.map(() => [] as FromWorker[]);
  const waiting: (((m: FromWorker) => void) | null)[] = workers.map(() => null);
  let failed: Error | null = null;
  let failAll: ((e: Error) => void) | null = null;
  const failure = new Promise<never>((_, reject) => (failAll = reject));
  failure.catch(() => undefined);
  workers.forEach((w, i) => {
    w.on("message", (m: FromWorker) => {
      if (m.type === "bytes") return onBytes(m.n);
      if (m.type === "error") return failAll?.((failed ??= new Error(m.message)));
      const wake = waiting[i];
      if (wake) {
        waiting[i] = null;
        wake(m);
      } else inbox[i]!.push(m);
    });
    w.on("error", (e) => failAll?.((failed ??= e)));
    w.on("exit", (code) => failAll?.((failed ??= new Error(`an egress worker exited (${code})`))));
  });
  const next = <T extends FromWorker["type"]>(i: number, type: T): Promise<Extract<FromWorker, { type: T }>> =>
    Promise.race([
      failure,
      new Promise<FromWorker>((resolve) => {
        const m = inbox[i]!.shift();
        if (m) resolve(m);
        else waiting[i] = resolve;
      }),
    ]).then((m) => {
      if (m.type !== type) throw new Error(`egress worker: expected ${type}, got ${m.type}`);
      return m as Extract<FromWorker, { type: T }>;
    });
  const all = <T extends FromWorker["type"]>(type: T) => Promise.all(workers.map((_, i) => next(i, type)));
  try {
    workers.forEach((w, k) => w.postMessage({ type: "read", k, n: threads, files, internal, options } satisfies ToWorker));
    const reads = await all("census");
    onRead();
    for (const r of reads) diag.merge(r.diagnostics);
    const globals = combineCensus(
      reads.map((r) => r.census),
      Math.min(...reads.map((r) => r.minTs)),
      Math.max(...reads.map((r) => r.maxTs)),
    );
    workers.forEach((w) => w.postMessage({ type: "detect", globals } satisfies ToWorker));
    const drafts = await all("candidates");
    const fleet = fleetRule(drafts.map((d) => d.fleet), globals, options);
    workers.forEach((w, k) => w.postMessage({ type: "finish", demoted: [...fleet.demoted[k]!] } satisfies ToWorker));
    const done = await all("findings");
    const detected = sortDetected({ findings: done.flatMap((d) => d.findings), setAside: [...drafts.flatMap((d) => d.setAside), ...fleet.setAside] });
    return { reads, detected };
  } finally {
    failAll = null;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
