/**
 * Worker thread entry: runs range tasks sent by workers.ts and sends back the counts and the range's match-key
 * partitions (in shared slabs, people.ts `KeySet`: a slab is written by one thread only, then read). At the end
 * it joins the partitions it is given, over the keys of the accepted ranges, and sends the edges back.
 */
import { parentPort } from "node:worker_threads";
import { joinEdges, type KeySource } from "./people.js";
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
      port.postMessage({ type: "done", result }, [result.state.passports.buffer as ArrayBuffer]);
    },
    (e: unknown) => port.postMessage({ type: "error", id: task.id, code: (e as NodeJS.ErrnoException)?.code ?? "READ_ERROR" }),
  );
});
