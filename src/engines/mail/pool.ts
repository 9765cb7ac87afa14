/**
 * Mail analysis off the caller's event loop: a small pool of worker threads (worker.ts), each analysing one mail at
 * a time. A server keeps answering other requests while a large mail or archive is opened. Bounded: `workers`
 * threads, at most `maxQueued` mails waiting (more → MailAnalysisError "busy"), and a time limit per mail (the
 * thread is stopped and replaced → "timeout", naming the stage and the part it was in). A thread that dies
 * (memory) → "crashed". Never a crash of the caller.
 */
import { Worker } from "node:worker_threads";
import { bundledWorkerSource } from "../common/worker-bundle.js";
import type { Progress } from "./analyse.js";
import type { MailContext } from "./context.js";
import type { Rule } from "./rules.js";
import type { MailResult } from "./types.js";
import type { MailReply, MailTask } from "./worker.js";

export type MailPoolOptions = { workers?: number; maxQueued?: number; timeoutMs?: number; maxHeapMb?: number };
export type MailPoolStats = { workers: number; running: number; queued: number };

export class MailAnalysisError extends Error {
  constructor(
    readonly kind: "timeout" | "crashed" | "busy" | "closed",
    /** where the analysis was when it stopped (null: not started) */
    readonly stage: Progress["stage"] | null,
    /** the attachment or inner file being inspected ("attachment 1 (a.zip) > b.exe"), when in that stage */
    readonly part: string | null,
    readonly ms: number,
  ) {
    super(`mail analysis ${kind}${part ? ` in ${part}` : stage ? ` in ${stage}` : ""}`);
    this.name = "MailAnalysisError";
  }
}

/** From source, the worker's module graph bundled once per process (see common/worker-bundle.ts). */
const workerSource = (): string | null => bundledWorkerSource(new URL("./worker.ts", import.meta.url));

const spawn = (maxHeapMb: number): Worker => {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker.js", import.meta.url), { resourceLimits });
  const code = workerSource();
  if (code === null) throw new Error("cannot bundle the mail worker");
  return new Worker(code, { eval: true, resourceLimits });
};

const STARTUP_MS = 60_000;

type Job = {
  id: number;
  task: MailTask;
  transfer: ArrayBuffer;
  timeoutMs: number;
  resolve: (r: MailResult) => void;
  reject: (e: unknown) => void;
  stage: Progress["stage"] | null;
  part: string | null;
  started: number;
  onProgress: ((p: Progress) => void) | undefined;
};
type Slot = { worker: Worker | null; job: Job | null; timer: NodeJS.Timeout | null };

export type MailPool = {
  analyse: (bytes: Uint8Array, context: MailContext, opts?: { rules?: readonly Rule[]; timeoutMs?: number; onProgress?: (p: Progress) => void }) => Promise<MailResult>;
  stats: () => MailPoolStats;
  close: () => Promise<void>;
};

export const createMailPool = (options: MailPoolOptions = {}): MailPool => {
  const size = Math.max(1, options.workers ?? 1);
  const maxQueued = options.maxQueued ?? 16;
  const defaultTimeout = options.timeoutMs ?? 30_000;
  const maxHeapMb = options.maxHeapMb ?? 512;
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, job: null, timer: null }));
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot): Job | null => {
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.worker?.unref();
    return job;
  };
  /** The thread is gone or stopped: the running mail fails with `kind`, a new thread is started for the next one. */
  const lose = (slot: Slot, w: Worker, kind: "timeout" | "crashed"): void => {
    if (slot.worker !== w) return;
    slot.worker = null;
    const job = finish(slot);
    if (job) job.reject(new MailAnalysisError(kind, job.stage, job.part, Math.round(performance.now() - job.started)));
    void w.terminate();
    // after a timeout a new thread loads the engine now, not when the next mail comes (not after a crash: a thread
    // that cannot start would be restarted for ever; the next mail starts one)
    if (kind === "timeout" && !closed)
      try {
        workerFor(slot).unref();
      } catch {
        slot.worker = null;
      }
    dispatch();
  };

  const workerFor = (slot: Slot): Worker => {
    if (slot.worker) return slot.worker;
    const w = spawn(maxHeapMb);
    slot.worker = w;
    w.on("message", (m: MailReply) => {
      const job = slot.job;
      if (!job || m.id !== job.id) return;
      if (m.type === "progress") {
        // the clock starts when the thread starts on the mail, not while a new thread loads the engine
        if (job.stage === null && slot.timer) {
          clearTimeout(slot.timer);
          slot.timer = setTimeout(() => lose(slot, w, "timeout"), job.timeoutMs);
        }
        job.stage = m.stage;
        job.part = m.part ?? (m.stage === "files" ? job.part : null);
        job.onProgress?.({ stage: m.stage, ...(m.part !== undefined ? { part: m.part } : {}) });
        return;
      }
      finish(slot);
      if (m.type === "done") job.resolve(m.result);
      else job.reject(new MailAnalysisError("crashed", job.stage, job.part, Math.round(performance.now() - job.started)));
      dispatch();
    });
    w.on("error", () => lose(slot, w, "crashed"));
    w.on("exit", () => lose(slot, w, "crashed"));
    return w;
  };

  const dispatch = (): void => {
    for (const slot of slots) {
      if (closed || slot.job || queue.length === 0) continue;
      const job = queue.shift() as Job;
      let w: Worker;
      try {
        w = workerFor(slot);
      } catch {
        job.reject(new MailAnalysisError("crashed", null, null, 0));
        continue;
      }
      slot.job = job;
      job.started = performance.now();
      w.ref();
      // until the thread reports it began (a new thread first loads the engine): the limit, and never less than 60 s
      slot.timer = setTimeout(() => lose(slot, w, "timeout"), Math.max(job.timeoutMs, STARTUP_MS));
      w.postMessage(job.task, [job.transfer]);
    }
  };

  return {
    analyse: (bytes, context, opts = {}) =>
      new Promise<MailResult>((resolve, reject) => {
        if (closed) return reject(new MailAnalysisError("closed", null, null, 0));
        if (queue.length >= maxQueued) return reject(new MailAnalysisError("busy", null, null, 0));
        // a copy the worker owns (transferred, not cloned): the caller keeps its bytes
        const copy = new Uint8Array(bytes);
        const id = nextId++;
        queue.push({
          id, transfer: copy.buffer, timeoutMs: opts.timeoutMs ?? defaultTimeout, resolve, reject, stage: null, part: null, started: 0, onProgress: opts.onProgress,
          task: { id, bytes: copy, contextKey: JSON.stringify(context), context, rules: opts.rules ?? null },
        });
        dispatch();
      }),
    stats: () => ({ workers: slots.filter((s) => s.worker).length, running: slots.filter((s) => s.job).length, queued: queue.length }),
    close: async () => {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new MailAnalysisError("closed", null, null, 0));
      await Promise.all(
        slots.map(async (slot) => {
          const w = slot.worker;
          slot.worker = null;
          const job = finish(slot);
          job?.reject(new MailAnalysisError("closed", job.stage, job.part, 0));
          if (w) await w.terminate();
        }),
      );
    },
  };
};
