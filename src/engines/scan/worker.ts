/**
 * Worker thread entry: runs range tasks sent by workers.ts. Key batches stay here until the main thread has
 * checked that the range started on a record boundary ("commit"), then go into the shared people table.
 */
import { parentPort } from "node:worker_threads";
import { PeopleCounter } from "./people.js";
import { runRange, type RangeTask } from "./range-task.js";

type Message =
  | { type: "task"; task: RangeTask; people: SharedArrayBuffer }
  | { type: "commit"; id: number; people: SharedArrayBuffer }
  | { type: "discard"; id: number; people: SharedArrayBuffer };

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");
const held = new Map<number, Uint32Array[]>();

port.on("message", (m: Message) => {
  if (m.type === "commit") {
    const people = new PeopleCounter(m.people, false);
    for (const b of held.get(m.id) ?? []) people.addBatch(b);
    held.delete(m.id);
    port.postMessage({ type: "committed", id: m.id });
    return;
  }
  if (m.type === "discard") {
    held.delete(m.id);
    return;
  }
  const task = m.task;
  const batches: Uint32Array[] = [];
  held.set(task.id, batches);
  let bytes = 0;
  runRange(task, {
    onKeys: (batch, length) => batches.push(batch.slice(0, length)),
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
