/**
 * A large uncompressed Zeek TSV conn.log read by worker threads: the file is cut into ranges on line starts (four
 * per thread, for balance), each worker builds the pair table of its range, and the main thread merges the tables
 * in file order (so each pair's connections stay in time order) as soon as the ranges before them are merged.
 */
import { open } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type * as Esbuild from "esbuild";
import type { Diagnostics } from "./diagnostics.js";
import type { FlowTable, TableState } from "./table.js";
import type { Diagnostic } from "./types.js";
import type { RangeTask } from "./worker.js";

let bundled: string | null | undefined;
/** From source, the worker's module graph bundled by esbuild once per process (a worker compiling TypeScript itself starts slowly). */
function workerSource(): string | null {
  if (bundled !== undefined) return bundled;
  try {
    const esbuild = createRequire(import.meta.url)("esbuild") as typeof Esbuild;
    const out = esbuild.buildSync({ entryPoints: [fileURLToPath(new URL("./worker.ts", import.meta.url))], bundle: true, platform: "node", format: "cjs", target: "node20", write: false, logLevel: "silent" });
    bundled = out.outputFiles[0]?.text ?? null;
  } catch {
    bundled = null;
  }
  return bundled;
}

function spawn(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker.js", import.meta.url));
  const code = workerSource();
  if (code === null) throw new Error("cannot bundle the egress worker");
  return new Worker(code, { eval: true });
}

/** Header lines (#…) at the start of the file, and the offset of the first data line. */
export async function readHeader(path: string): Promise<{ header: string[]; dataStart: number }> {
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
    return { header, dataStart: pos };
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

type Done = { type: "done"; id: number; lines: number; records: number; diagnostics: Diagnostic[]; state: TableState };

/** Reads the file into `table` with `threads` workers; returns the records parsed. */
export async function readParallel(path: string, name: string, size: number, threads: number, internal: string[], table: FlowTable, diag: Diagnostics, onBytes: (n: number) => void): Promise<{ records: number; lines: number }> {
  const { header, dataStart } = await readHeader(path);
  const parts = Math.max(1, threads * 4);
  const cuts = [dataStart];
  for (let k = 1; k < parts; k++) cuts.push(Math.max(cuts[k - 1]!, await lineStart(path, dataStart + Math.floor(((size - dataStart) * k) / parts) - 1, size)));
  cuts.push(size);
  const tasks: RangeTask[] = [];
  for (let k = 0; k < parts; k++) if (cuts[k + 1]! > cuts[k]!) tasks.push({ id: tasks.length, path, start: cuts[k]!, end: cuts[k + 1]!, header, internal, file: name });
  onBytes(dataStart);

  const results = new Map<number, Done>();
  let merged = 0;
  let lines = header.length;
  let records = 0;
  const mergeReady = (): void => {
    for (let r = results.get(merged); r; r = results.get(merged)) {
      table.merge(r.state);
      for (const d of r.diagnostics) for (let i = 0; i < d.count; i++) diag.add(name, d.code, i < (d.lines?.length ?? 0) ? lines + d.lines![i]! : undefined);
      lines += r.lines;
      records += r.records;
      results.delete(merged++);
    }
  };
  const workers = Array.from({ length: Math.min(threads, tasks.length) }, spawn);
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = (): void => {
              if (next >= tasks.length) return resolve();
              w.postMessage(tasks[next++]);
            };
            w.on("message", (m: { type: "bytes"; n: number } | Done | { type: "error"; id: number }) => {
              if (m.type === "bytes") return onBytes(m.n);
              if (m.type === "error") return reject(new Error("READ_ERROR"));
              results.set(m.id, m);
              mergeReady();
              give();
            });
            w.on("error", reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  mergeReady();
  return { records, lines };
}
