/**
 * Reads Postfix's own log (`maillog_file`) to learn whether it accepted a message, by its Message-ID. Used only for
 * rows a crashed worker left `sending`: the MTA may have answered 250 in the instant before the crash, and sending
 * again would be a duplicate. Postfix logs `QUEUEID: message-id=<…>` (cleanup) while it receives a message and
 * `QUEUEID: from=<…>, size=…, nrcpt=… (queue active)` (qmgr) once the message is committed to its queue; a message
 * counts as accepted only when the second line follows the first under one queue id, before that id starts another
 * message. Why the order: Postfix reuses queue ids (they are made of the inode and the time); a message whose client
 * died after DATA had been taken for accepted because its id had been committed minutes earlier for another message,
 * and was never sent (found by CI: 479 of 480 duty desks reached after two kill -9).
 */
import { open, stat } from "node:fs/promises";

/** The log's tail that is read (a crash is recovered within minutes, so the lines sought are recent). */
const TAIL_BYTES = 64 * 1024 * 1024;

export const acceptedInLog = (text: string, messageIds: readonly string[]): Set<string> => {
  const wanted = new Set(messageIds);
  /** queue id → the wanted Message-ID received under it and not yet committed */
  const receiving = new Map<string, string>();
  const accepted = new Set<string>();
  for (const line of text.split("\n")) {
    const cleanup = /postfix\/cleanup\[\d+\]: ([0-9A-Za-z]+): message-id=(<[^>]*>)/.exec(line);
    if (cleanup) {
      // a new message under this queue id: what it held before was committed already or never will be
      if (wanted.has(cleanup[2]!)) receiving.set(cleanup[1]!, cleanup[2]!);
      else receiving.delete(cleanup[1]!);
      continue;
    }
    const qmgr = /postfix\/qmgr\[\d+\]: ([0-9A-Za-z]+): from=<[^>]*>, size=\d+, nrcpt=\d+ \(queue active\)/.exec(line);
    if (qmgr === null) continue;
    const id = receiving.get(qmgr[1]!);
    if (id !== undefined) {
      accepted.add(id);
      receiving.delete(qmgr[1]!);
    }
  }
  return accepted;
};

export const postfixAcceptLog = (path: string) => async (messageIds: readonly string[]): Promise<Set<string>> => {
  if (messageIds.length === 0) return new Set();
  const { size } = await stat(path);
  const start = Math.max(0, size - TAIL_BYTES);
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    return acceptedInLog(buf.toString("utf8"), messageIds);
  } finally {
    await fh.close();
  }
};
