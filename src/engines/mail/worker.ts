/**
 * A worker thread of the mail pool (pool.ts): analyses one mail at a time and reports where it is (stage, part),
 * so the pool can name the part when it has to stop an analysis that runs too long.
 */
import { parentPort } from "node:worker_threads";
import { analyseMail, type Progress } from "./analyse.js";
import type { MailContext } from "./context.js";
import { DEFAULT_RULES, type Rule } from "./rules.js";
import type { MailResult } from "./types.js";

export type MailTask = { id: number; bytes: Uint8Array; contextKey: string; context: MailContext; rules: readonly Rule[] | null };
export type MailReply =
  | ({ type: "progress"; id: number } & Progress)
  | { type: "done"; id: number; result: MailResult }
  | { type: "error"; id: number; message: string };

// The same organisation's context comes with every mail: kept by its JSON (up to 16), so the engine's per-context
// preparation (look-alike targets, known senders as a set) is done once and not once per mail.
const contexts = new Map<string, MailContext>();
const contextOf = (key: string, context: MailContext): MailContext => {
  const known = contexts.get(key);
  if (known) return known;
  if (contexts.size >= 16) contexts.delete(contexts.keys().next().value as string);
  contexts.set(key, context);
  return context;
};

const port = parentPort;
if (port)
  port.on("message", (task: MailTask) => {
    const post = (m: MailReply): void => port.postMessage(m);
    analyseMail(task.bytes, contextOf(task.contextKey, task.context), task.rules ?? DEFAULT_RULES, {
      onProgress: (p) => post({ type: "progress", id: task.id, ...p }),
    }).then(
      (result) => post({ type: "done", id: task.id, result }),
      (err: unknown) => post({ type: "error", id: task.id, message: err instanceof Error ? err.message.slice(0, 300) : "error" }),
    );
  });
