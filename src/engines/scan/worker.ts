/** Worker thread entry: runs range tasks sent by workers.ts, streams key batches back. */
import { parentPort } from "node:worker_threads";
import { runRange, type RangeTask } from "./range-task.js";

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");
port.on("message", (task: RangeTask) => {
  let bytes = 0;
  runRange(task, {
    onKeys: (batch, length) => {
      const copy = batch.slice(0, length);
      port.postMessage({ type: "keys", id: task.id, batch: copy }, [copy.buffer as ArrayBuffer]);
    },
    onBytes: (n) => {
      bytes += n;
      if (bytes >= 16 << 20) {
        port.postMessage({ type: "bytes", n: bytes });
        bytes = 0;
      }
    },
  }).then(
    (result) => {
      port.postMessage({ type: "bytes", n: bytes });
      port.postMessage({ type: "done", result }, [result.state.passports.buffer as ArrayBuffer]);
    },
    (e: unknown) => port.postMessage({ type: "error", id: task.id, code: (e as NodeJS.ErrnoException)?.code ?? "READ_ERROR" }),
  );
});
