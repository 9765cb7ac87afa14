/**
 * Files on disk analysed by worker threads, split by source host: the main thread reads (and inflates) each file
 * once and sends each conn.log line to the worker of its source host (found from the bytes of that one field), and
 * every other line (headers, other formats, lines without a readable IPv4 source) to every worker. Each worker
 * parses and scores its own pairs; the main thread combines what needs the whole run.
 */
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { bundledWorkerSource, bundledWorkerSourceAsync } from "../common/worker-bundle.js";
import { combineCensus, fleetRule, sortDetected, type Detected } from "./detect.js";
import type { Diagnostics } from "./diagnostics.js";
import { tsvSourceV4, TsvHeader } from "./formats.js";
import { readLines } from "./lines.js";
import { fileInputs, formatOfFirstLine } from "./read.js";
import { partOf } from "./table.js";
import type { EgressOptions, FileSummary } from "./types.js";
import type { FromWorker, LinesBatch, ReadDone, ToWorker } from "./worker.js";

/** Chunks a worker may have unprocessed before the reader waits for it (memory stays bounded). */
const IN_FLIGHT = 8;

/**
 * The lines of one chunk of a file, by worker: the chunk is copied once into shared memory and each worker that
 * has a line in it is sent the chunk (not copied again) and its lines' (start, end, line number).
 */
class Router {
  private src: Uint8Array | null = null;
  private metas: Uint32Array<ArrayBuffer>[];
  private counts: number[];
  constructor(
    private readonly n: number,
    private readonly post: (k: number, m: LinesBatch) => void,
  ) {
    this.metas = Array.from({ length: n }, () => new Uint32Array(3 * 4096));
    this.counts = new Array<number>(n).fill(0);
  }
  /** A line of `b` for worker k, or for every worker (k = −1). */
  add(k: number, b: Uint8Array, s: number, e: number, line: number): void {
    if (b !== this.src) {
      this.flush();
      this.src = b;
    }
    if (k < 0) for (let j = 0; j < this.n; j++) this.push(j, s, e, line);
    else this.push(k, s, e, line);
  }
  private push(k: number, s: number, e: number, line: number): void {
    let m = this.metas[k]!;
    const j = this.counts[k]! * 3;
    if (j + 3 > m.length) {
      const bigger = new Uint32Array(m.length * 2);
      bigger.set(m);
      this.metas[k] = m = bigger;
    }
    m[j] = s;
    m[j + 1] = e;
    m[j + 2] = line;
    this.counts[k]!++;
  }
  flush(): void {
    const b = this.src;
    this.src = null;
    if (b === null) return;
    const shared = new SharedArrayBuffer(b.length);
    new Uint8Array(shared).set(b);
    for (let k = 0; k < this.n; k++) {
      const count = this.counts[k]!;
      if (count === 0) continue;
      const meta = this.metas[k]!;
      this.metas[k] = new Uint32Array(meta.length);
      this.counts[k] = 0;
      this.post(k, { type: "lines", buf: shared, meta, count });
    }
  }
}

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
 * The whole analysis with `threads` workers, each given the lines of its share of the source hosts (a hash of the
 * address) by this thread, which reads (and inflates) every file once, so no pair table is merged and beacons are
 * scored in the workers. This thread also adds up the census, applies the fleet rule over every worker's
 * candidates and collects the findings. Files, diagnostics (line numbers are the file's own, sent with each line;
 * a file's own diagnostics such as GZIP_ERROR or LINE_TOO_LONG are found here) and findings are those of one
 * thread.
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
  const inFlight = workers.map(() => 0);
  let readerWaits: (() => void) | null = null;
  const wakeReader = (): void => {
    if (readerWaits && inFlight.every((x) => x < IN_FLIGHT)) {
      const w = readerWaits;
      readerWaits = null;
      w();
    }
  };
  const inbox = workers.map(() => [] as FromWorker[]);
  const waiting: (((m: FromWorker) => void) | null)[] = workers.map(() => null);
  let failed: Error | null = null;
  let failAll: ((e: Error) => void) | null = null;
  const failure = new Promise<never>((_, reject) => (failAll = reject));
  failure.catch(() => undefined);
  workers.forEach((w, i) => {
    w.on("message", (m: FromWorker) => {
      if (m.type === "ack") {
        inFlight[i]!--;
        return wakeReader();
      }
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
    workers.forEach((w, k) => w.postMessage({ type: "read", k, n: threads, internal, options } satisfies ToWorker));
    const router = new Router(threads, (k, m) => {
      inFlight[k]!++;
      workers[k]!.postMessage(m satisfies ToWorker, [m.meta.buffer]);
    });
    const mainSkipped: number[] = [];
    const inputs = fileInputs(files.map((f) => f.path));
    for (const [i, input] of inputs.entries()) {
      const name = files[i]!.name;
      for (const w of workers) w.postMessage({ type: "file", name } satisfies ToWorker);
      const skippedBefore = diag.skipped;
      // the format as the workers will sniff it from the first line: only conn.log TSV lines are routed
      let tsv: TsvHeader | null = null;
      let first = true;
      await readLines(
        { ...input, name },
        diag,
        (b, s, e, n) => {
          if (first) {
            first = false;
            if (formatOfFirstLine(b, s, e) === "zeek-tsv") tsv = new TsvHeader();
          }
          if (tsv === null) return router.add(-1, b, s, e, n);
          if (b[s] === 0x23 /* # */) {
            (tsv as TsvHeader).read(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString("utf8"));
            return router.add(-1, b, s, e, n);
          }
          const v4 = tsvSourceV4(tsv, b, s, e);
          if (v4 < 0) return router.add(-1, b, s, e, n);
          router.add(partOf("", v4, threads), b, s, e, n);
        },
        onBytes,
        () => {
          router.flush();
          if (failed) return true;
          if (inFlight.every((x) => x < IN_FLIGHT)) return false;
          return Promise.race([failure.catch(() => true), new Promise<boolean>((resolve) => (readerWaits = () => resolve(false)))]);
        },
      );
      if (failed) throw failed;
      router.flush();
      mainSkipped.push(diag.skipped - skippedBefore);
    }
    for (const w of workers) w.postMessage({ type: "done" } satisfies ToWorker);
    const reads = await all("census");
    for (const r of reads) r.files = r.files.map((f: FileSummary, i) => ({ ...f, skipped: f.skipped + (r === reads[0] ? mainSkipped[i]! : 0) }));
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
