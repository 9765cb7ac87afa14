/**
 * Worker thread for the registry import: encodes batches (batch.ts) sent by import.ts. The keys arrive once,
 * in the worker's start data; batches arrive packed (packed.ts) and transferred, the COPY data goes back transferred (neither is copied).
 */
import { parentPort, workerData } from "node:worker_threads";
import { makePackedEncoder, type BatchKeys } from "./batch.js";
import type { RowPrefix } from "./domain.js";

const port = parentPort;
if (!port) throw new Error("copy-worker.ts must run in a worker thread");
const data = workerData as { keys: BatchKeys; prefix: RowPrefix };
const encode = makePackedEncoder({ identifier: Buffer.from(data.keys.identifier), encryption: Buffer.from(data.keys.encryption) }, data.prefix);

port.on("message", (m: { seq: number; buf: Uint8Array; kinds: string[] }) => {
  try {
    const out = encode(m);
    port.postMessage({ seq: m.seq, out }, [out.people.buffer as ArrayBuffer, out.identifiers.buffer as ArrayBuffer]);
  } catch (e) {
    // The message only: a batch holds personal data, and an error must not carry it.
    port.postMessage({ seq: m.seq, error: (e as Error).message });
  }
});
