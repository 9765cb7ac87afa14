/**
 * analyseEgressInWorker(files, options): analyseEgress on files on disk, run in a driver thread (which reads through
 * the same worker pool: every worker reads every file and keeps its share of the source hosts). The caller's event loop
 * only receives progress and the result, so a web server stays responsive during a 10M-record import.
 */
import type { DriverInput } from "./driver.js";
import type { EgressOptions, EgressResult } from "./types.js";
import { fromSource, spawnWorker, workerSourceAsync } from "./workers.js";

export async function analyseEgressInWorker(files: { name: string; path: string }[], options: EgressOptions = {}): Promise<EgressResult> {
  const { onProgress, ...rest } = options;
  const source = fromSource();
  const input: DriverInput = { files, options: rest, workerCode: source ? await workerSourceAsync("worker") : null };
  if (source) await workerSourceAsync("driver"); // bundled before spawnWorker asks for it, off the event loop
  const driver = spawnWorker("driver", { workerData: input });
  try {
    return await new Promise<EgressResult>((resolve, reject) => {
      driver.on("message", (m: { type: "progress"; done: number; total: number } | { type: "result"; result: EgressResult } | { type: "error"; message: string }) => {
        if (m.type === "progress") onProgress?.(m.done, m.total);
        else if (m.type === "result") resolve(m.result);
        else reject(new Error(m.message));
      });
      driver.on("error", reject);
      driver.on("exit", (code) => reject(new Error(`the egress driver thread exited (${code})`)));
    });
  } finally {
    await driver.terminate();
  }
}
