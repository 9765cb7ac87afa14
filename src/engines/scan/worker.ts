/**
 * Worker thread entry: runs range tasks sent by workers.ts and sends back the counts and the range's match-key
 * partitions (transferred, not copied). Nothing is shared between threads while parsing; the main thread joins
 * the keys of accepted ranges once at the end (people.ts).
 */
import { parentPort } from "node:worker_threads";
import { joinEdges, partitionBuffers, type KeySource } from "./people.js";
import { runRange, type RangeTask } from "./range-task.js";

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");

type Message = { type: "task"; task: RangeTask } | { type: "join"; sources: KeySource[]; from: number; to: number };

port.on("message", (m: Message) => {
  if (m.type === "join") {
    const edges = joinEdges(m.sources, m.from, m.to);
    port.postMessage({ type: "joined", edges }, [edges.buffer as ArrayBuffer]);
    return;
  }
  const task = m.task;
  let bytes = 0;
  runRange(task, {
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
      port.postMessage({ type: "done", result }, [result.state.passports.buffer as ArrayBuffer, ...partitionBuffers(result.state.keys)]);
    },
    (e: unknown) => port.postMessage({ type: "error", id: task.id, code: (e as NodeJS.ErrnoException)?.code ?? "READ_ERROR" }),
  );
});
