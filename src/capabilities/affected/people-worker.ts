/**
 * Worker thread for the registry import: runs the person stream (people-source.ts) and hands batches to
 * import.ts when asked ("next"), so that at most a few batches wait in memory. Messages carry counts and
 * batches, never a log line with a value.
 */
import { parentPort, workerData } from "node:worker_threads";
import { peopleBatches, type SourceOptions } from "./people-source.js";

const port = parentPort;
if (!port) throw new Error("people-worker.ts must run in a worker thread");
const data = workerData as Omit<SourceOptions, "onScan" | "onProgress"> & { progress: boolean };

let credit = 0;
let wake: (() => void) | null = null;
port.on("message", (m: { next?: number }) => {
  credit += m.next ?? 0;
  wake?.();
  wake = null;
});

const run = async (): Promise<void> => {
  let lastProgress = 0;
  for await (const b of peopleBatches({
    ...data,
    onScan: (r) => port.postMessage({ scan: r }),
    ...(data.progress
      ? {
          onProgress: (done: number, total: number) => {
            const now = Date.now();
            if (now - lastProgress < 250 && done < total) return;
            lastProgress = now;
            port.postMessage({ progress: [done, total] });
          },
        }
      : {}),
  })) {
    while (credit === 0) await new Promise<void>((r) => (wake = r));
    credit--;
    port.postMessage({ batch: b }, [b.buf.buffer as ArrayBuffer]);
  }
  port.postMessage({ end: true });
};
run().catch((e: unknown) => {
  // The message only: an error of the stream must not carry a value of the file.
  port.postMessage({ error: e instanceof Error ? e.message : "person stream failed" });
});
