/**
 * Starts a worker thread on a TypeScript module, from source (tsx) or compiled JS: `entry` is the module's URL
 * as seen from the caller (`new URL("./worker.ts", import.meta.url)`); compiled, the sibling .js is used.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

export function spawnWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.href.endsWith(".ts")) return new Worker(entry, options);
  // From source: `execArgv: ["--import", "tsx"]` does not reach workers on Node 20, so a small JS bootstrap
  // registers tsx's loader in the thread and then imports the TypeScript entry.
  const api = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** The module next to `base` named `name` (.ts from source, .js compiled). */
export const siblingModule = (base: string, name: string): URL => new URL(`./${name}${base.endsWith(".ts") ? ".ts" : ".js"}`, base);
