/**
 * Driver thread entry: the whole analysis (reading through its own worker pool, merging, detecting) off the caller's
 * thread, so a server's event loop stays free while a large log is analysed (analyseEgressInWorker).
 */
import { parentPort, workerData } from "node:worker_threads";
import { analyseEgress, fileInputs } from "./analyse.js";
import type { EgressOptions } from "./types.js";
import { useWorkerSource } from "./workers.js";

export type DriverInput = { files: { name: string; path: string }[]; options: Omit<EgressOptions, "onProgress">; workerCode: string | null };

const port = parentPort;
if (!port) throw new Error("driver.ts must run in a worker thread");
const input = workerData as DriverInput;
if (input.workerCode !== null) useWorkerSource(input.workerCode);
const files = fileInputs(input.files.map((f) => f.path)).map((f, i) => ({ ...f, name: input.files[i]!.name }));
analyseEgress(files, { ...input.options, onProgress: (done, total) => port.postMessage({ type: "progress", done, total }) }).then(
  (result) => port.postMessage({ type: "result", result }),
  (err: unknown) => port.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) }),
);
