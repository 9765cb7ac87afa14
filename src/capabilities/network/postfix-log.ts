/**
 * Reads Postfix's own log (`maillog_file`) to learn whether it accepted a message, by its Message-ID. Used only for
 * rows a crashed worker left `sending`: the MTA may have answered 250 in the instant before the crash, and sending
 * again would be a duplicate. Postfix logs `QUEUEID: message-id=<…>` (cleanup) while it receives a message and
 * `QUEUEID: from=<…>, size=…, nrcpt=… (queue active)` (qmgr) once the message is committed to its queue; a message
 * counts as accepted only with both lines under one queue id.
 */
import { open, stat } from "node:fs/promises";

/** The log's tail that is read (a crash is recovered within minutes, so the lines sought are recent). */
const TAIL_BYTES = 64 * 1024 * 1024;

export const acceptedInLog = (text: string, messageIds: readonly string[]): Set<string> => {
  const wanted = new Set(messageIds);
  const queueOf = new Map<string, string>();
  const committed = new Set<string>();
  for (const line of text.split("\n")) {
    const cleanup = /postfix\/cleanup\[\d+\]: ([0-9A-Za-z]+): message-id=(<[^>]*>)/.exec(line);
    if (cleanup && wanted.has(cleanup[2]!)) queueOf.set(cleanup[1]!, cleanup[2]!);
    const qmgr = /postfix\/qmgr\[\d+\]: ([0-9A-Za-z]+): from=<[^>]*>, size=\d+, nrcpt=\d+ \(queue active\)/.exec(line);
    if (qmgr) committed.add(qmgr[1]!);
  }
  const accepted = new Set<string>();
  for (const [queueId, id] of queueOf) if (committed.has(queueId)) accepted.add(id);
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
