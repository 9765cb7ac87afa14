/**
 * Worker threads over byte ranges of one uncompressed CSV file (with one thread: the whole file as one range, in
 * this thread, through the same byte path).
 *
 * 1. The threads start; meanwhile the main thread classifies columns on the first MB and builds the plan.
 * 2. The file is cut into ranges that shrink towards its end (rangeCuts); each starts just after a line feed.
 * 3. Workers parse and tally ranges; each returns its counts and its match-key partitions (people.ts, in
 *    shared slabs) and, at the end, joins half the partitions.
 * 4. Range k is accepted when range k−1 (accepted) stopped exactly at k's start, which proves k started on a
 *    record boundary. If k−1 ran past it (a quoted field with a line break across the cut), k is parsed again
 *    from where k−1 stopped. Only accepted ranges' keys reach the people join, so the result equals one thread's.
 */
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { bundledWorkerSource } from "../common/worker-bundle.js";
import type { Sniffed } from "./decode.js";
import { NO_KEYS } from "./people.js";
import { makeParser } from "./parsers/index.js";
import { runRange, type RangeResult, type RangeTask } from "./range-task.js";
import { Router } from "./router.js";
import { siblingModule, spawnWorker as spawnModule } from "./spawn-worker.js";
import { routerOptions, type ScanContext } from "./scan.js";
import type { Plan, TablePlan } from "./tally.js";
import { DEFAULT_MATCH_KEYS } from "./types.js";

/** From source, the worker module graph bundled once per process (see common/worker-bundle.ts: a worker loading tsx starts slowly). */
const bundledWorker = (): string | null => bundledWorkerSource(new URL("./worker.ts", import.meta.url));

/** A range worker: compiled JS, or from source the bundle above (else tsx's loader in the thread). */
function spawnWorker(): Worker {
  const code = import.meta.url.endsWith(".ts") ? bundledWorker() : null;
  return code !== null ? new Worker(code, { eval: true }) : spawnModule(siblingModule(import.meta.url, "worker"));
}

/**
 * For each guess, the first byte after the first line feed at or after it (or the file size). The guesses are read
 * at once, through one handle (one open and read at a time per guess had cost 30–50 ms for the JTB file's 33 cuts,
 * before any thread could start).
 */
async function nextLineStarts(path: string, guesses: number[], size: number): Promise<number[]> {
  const fh = await open(path, "r");
  try {
    return await Promise.all(
      guesses.map(async (from) => {
        const buf = Buffer.allocUnsafe(1 << 16);
        for (let pos = from; pos < size; ) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) break;
          const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
          if (nl >= 0) return pos + nl + 1;
          pos += bytesRead;
        }
        return size;
      }),
    );
  } finally {
    await fh.close();
  }
}

/** The smallest range of the guided cut: ~0.04 s of work for a thread. */
const MIN_RANGE = 4 << 20;

/**
 * Where to cut a file into ranges (guesses, before moving each to a line start). With `fixed`, ranges of that many
 * bytes (tests). Else guided: each range a 1/(3·threads) of what is left, between MIN_RANGE and 1/(8·threads) of
 * the file, so the ranges shrink towards the end and no thread waits long for another's last one. With 16 equal
 * ranges a thread one worker sat idle ~0.45 s of 7.6 at the end of the JTB file (profile, docs/scan.md); the cap
 * keeps a range that falls back to the text path (invalid UTF-8) from being a large share of the file.
 */
export function rangeCuts(size: number, threads: number, fixed?: number): number[] {
  if (threads <= 1) return [];
  const cuts: number[] = [];
  if (fixed !== undefined) {
    const n = Math.max(1, Math.ceil(size / Math.max(1, fixed)));
    for (let k = 1; k < n; k++) cuts.push(Math.floor((k * size) / n));
    return cuts;
  }
  const cap = Math.max(MIN_RANGE, Math.ceil(size / (8 * threads)));
  for (let pos = 0; ; ) {
    pos += Math.min(cap, Math.max(MIN_RANGE, Math.ceil((size - pos) / (3 * threads))));
    if (pos >= size) return cuts;
    cuts.push(pos);
  }
}

/** Classify on the sample and return the plan of the one CSV table. */
function planFromSample(ctx: ScanContext, sn: Sniffed, prefix: string, name: string, label: string): { table: TablePlan; delimiter: string; router: Router } {
  const tables: TablePlan[] = [];
  let router: Router | null = null;
  const made = makeParser(sn.format, sn.sample, { onRecord: (f, n, l) => router!.record(f, n, l), onDiag: () => {} }, ctx.options.delimiter);
  router = new Router({ addTable: (t) => tables.push(t), useTable: () => true, record: () => {} }, prefix, routerOptions(ctx, sn.format, label));
  router.table(name, []);
  made.parser.push(sn.sample);
  made.parser.end();
  router.finish();
  return { table: tables[0]!, delimiter: made.delimiter ?? ",", router };
}

interface RangeSlot {
  start: number;
  end: number;
  result: RangeResult | null;
  worker: Worker | null;
  committed: boolean;
}
type Busy = Worker & { busy?: boolean };

export async function scanCsvThreaded(ctx: ScanContext, path: string, label: string, sn: Sniffed, prefix: string, threads: number): Promise<void> {
  const name = path.split("/").pop() ?? path;
  const cuts = rangeCuts(sn.size, threads, ctx.options.rangeBytes);
  // the threads start now, so that they load their code while this one classifies the sample (~0.2 s)
  if (cuts.length > 0) pool(ctx, Math.min(threads, cuts.length + 1));
  // the line starts are read by libuv's threads while this one classifies
  const lineStarts = nextLineStarts(path, cuts, sn.size);
  lineStarts.catch(() => {}); // awaited below; not an unhandled rejection if the classification throws first
  const { table, delimiter, router } = planFromSample(ctx, sn, prefix, name, label);
  for (const [k, v] of router.byTable) ctx.profiles.set(k, v);
  const plan: Plan = { tables: [table], matchKeys: ctx.options.matchKeys ?? DEFAULT_MATCH_KEYS, ...(ctx.options.sourceColumn ? { sourceColumn: ctx.options.sourceColumn } : {}) };

  const starts: number[] = [0];
  for (const s of await lineStarts) if (s > (starts[starts.length - 1] as number) && s < sn.size) starts.push(s);
  const slots: RangeSlot[] = starts.map((s, k) => ({ start: s, end: starts[k + 1] ?? sn.size, result: null, worker: null, committed: false }));
  const task = (k: number, start: number): RangeTask => ({
    id: k,
    path,
    encoding: sn.encoding,
    delimiter,
    plan,
    start,
    end: slots[k]!.end,
    size: sn.size,
    skipRecords: start === 0 ? (table.skipRecords ?? (table.hasHeader ? 1 : 0)) : 0,
    ...(ctx.options.maxRecordChars ? { maxRecordChars: ctx.options.maxRecordChars } : {}),
  });

  if (threads <= 1 || slots.length === 1) {
    // one thread, or a file too small to cut (under MIN_RANGE): the same byte path in this thread, the file as one
    // range (no worker is started for it)
    const only = slots[0]!;
    only.end = sn.size;
    slots.length = 1;
    only.result = await runRange(task(0, 0), { onBytes: (n) => ctx.progress(n) });
    mergeSlots(ctx, label, slots);
    return;
  }
  const queue: RangeTask[] = slots.map((s, k) => task(k, s.start));
  const workers = pool(ctx, Math.min(threads, slots.length));
  let firstUnaccepted = 0;
  let failure: string | null = null;
  let crashed = false;
  type Msg = { type: string; id?: number; n?: number; result?: RangeResult; code?: string };
  const listeners: [Busy, (m: Msg) => void, (e: Error) => void][] = [];

  await new Promise<void>((resolve) => {
    let running = 0;
    const maybeDone = (): void => {
      if (running === 0 && queue.length === 0 && firstUnaccepted === slots.length) resolve();
    };
    const accept = (): void => {
      while (firstUnaccepted < slots.length) {
        const k = firstUnaccepted;
        const slot = slots[k]!;
        if (!slot.result) return;
        const prevStop = k === 0 ? 0 : slots[k - 1]!.result!.stoppedAt;
        if (k > 0 && prevStop !== slot.start) {
          // the guess was inside a record: drop this range's result and redo it from where the previous one stopped
          slot.result = null;
          slot.start = prevStop;
          if (prevStop >= slot.end) {
            slot.result = emptyResult(k, prevStop, plan);
            continue;
          }
          queue.unshift(task(k, prevStop));
          return;
        }
        firstUnaccepted++;
      }
    };
    const pump = (): void => {
      for (const w of workers) {
        if (w.busy) continue;
        const t = queue.shift();
        if (!t) break;
        w.busy = true;
        running++;
        slots[t.id]!.worker = w;
        w.postMessage({ type: "task", task: t });
      }
      maybeDone();
    };
    for (const w of workers) {
      const onMessage = (m: Msg): void => {
        if (m.type === "bytes") ctx.progress(m.n!);
        else if (m.type === "done" || m.type === "error") {
          w.busy = false;
          running--;
          if (m.type === "error") {
            failure = m.code ?? "READ_ERROR";
            slots[m.id!]!.result = emptyResult(m.id!, slots[m.id!]!.end, plan);
            slots[m.id!]!.worker = null;
          } else slots[m.result!.id]!.result = m.result!;
          accept();
          pump();
        }
      };
      const onError = (e: Error): void => {
        if (process.env.SOKUHO_DEBUG) console.error(e);
        failure = "READ_ERROR";
        crashed = true;
        queue.length = 0;
        running = 0;
        firstUnaccepted = slots.length;
        resolve();
      };
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onError); // ended without an error (killed, out of memory): its ranges would never come back
      listeners.push([w, onMessage, onError]);
    }
    pump();
  });
  for (const [w, onMessage, onError] of listeners) {
    w.off("message", onMessage);
    w.off("error", onError);
    w.off("exit", onError);
  }
  if (crashed) await closePool(ctx); // a thread died: the people join runs in this thread
  if (failure) ctx.diags.add(label, "READ_ERROR");
  mergeSlots(ctx, label, slots);
}

/** The ranges' results into the scan, in file order, with absolute line numbers. */
function mergeSlots(ctx: ScanContext, label: string, slots: RangeSlot[]): void {
  let lineBase = 0;
  for (const slot of slots) {
    const r = slot.result;
    if (!r) continue;
    for (const d of r.diags) ctx.diags.add(label, d.code, d.line + lineBase, d.count);
    r.state.ragged.lines = r.state.ragged.lines.map((l) => l + lineBase);
    r.state.totals.lines = r.state.totals.lines.map((l) => l + lineBase);
    r.state.emptyRows.lines = r.state.emptyRows.lines.map((l) => l + lineBase);
    r.state.headerRows.lines = r.state.headerRows.lines.map((l) => l + lineBase);
    ctx.states.push(r.state);
    lineBase += r.lines;
  }
}

/** The scan's worker threads: spawned on first use, kept for the next file and the people join, ended by closePool. */
function pool(ctx: ScanContext, n: number): Busy[] {
  const workers = (ctx.pool ??= []);
  while (workers.length < n) workers.push(spawnWorker());
  return workers.slice(0, n);
}

export async function closePool(ctx: ScanContext): Promise<void> {
  const workers = ctx.pool;
  delete ctx.pool;
  if (workers) await Promise.all(workers.map((w) => w.terminate()));
}

/**
 * The people join in the worker threads, half the key partitions each (both read the ranges' shared key slabs;
 * the edges come back); the union-find over them stays here. Measured on the JTB file: the join had taken 0.86 s
 * in this thread. Rejects when a thread fails or ends (the caller then joins in its own thread: the slabs are shared).
 */
export async function joinPeopleInWorkers(ctx: ScanContext): Promise<void> {
  const workers = ctx.pool ?? [];
  let next = 0;
  await ctx.people.computeParallel(workers.length, (sources, from, to) => {
    const w = workers[next++ % workers.length] as Worker;
    return new Promise<Int32Array>((resolve, reject) => {
      // a thread that has ended (or ends now without an error: killed, out of memory) would never answer
      if (w.threadId < 0) return reject(new Error("a scan thread has ended"));
      const onMessage = (m: { type: string; edges?: Int32Array }): void => {
        if (m.type !== "joined") return;
        done();
        resolve(m.edges as Int32Array);
      };
      const onError = (e: Error): void => {
        done();
        reject(e);
      };
      const onExit = (): void => onError(new Error("a scan thread ended during the join"));
      const done = (): void => {
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
      };
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.postMessage({ type: "join", sources, from, to });
    });
  });
}

function emptyResult(id: number, stoppedAt: number, plan: Plan): RangeResult {
  return {
    id,
    lines: 0,
    stoppedAt,
    diags: [],
    state: {
      records: 0,
      recordsWithPii: 0,
      recordsWithName: 0,
      recordsWithoutKeys: 0,
      byType: [],
      columns: plan.tables.map((t) => ({ table: t.table, rows: 0, nonNull: [], valid: [], text: [] })),
      sources: [],
      sourceOther: 0,
      ragged: { count: 0, lines: [] },
      totals: { count: 0, lines: [] },
      emptyRows: { count: 0, lines: [] },
      headerRows: { count: 0, lines: [] },
      passports: new Uint32Array(0),
      keys: NO_KEYS,
    },
  };
}
