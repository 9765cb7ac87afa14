/**
 * Reads kept in memory for the hottest signed-in route (the incident list, which the UI and API clients poll):
 * the session row that authorised the read and the rows it gave, per session, organisation and statement. A kept
 * read is served only while nothing it depends on has changed: the change feed (db/change-feed.ts) is listening
 * and its epoch is the one the read was made at (any committed change to a session, membership, user name,
 * organisation, incident, clock, grant or gap target moves it, and so does any write this process answers); the
 * session has not expired; and for at most a minute, after which the read goes to the database again (and the
 * session's last_seen_at is touched there, as without the cache). Rows that depend on the clock (an incident
 * another organisation granted: the grant expires) are never kept. Measured with bench/api.ts: the list then
 * costs one HMAC and the presentation instead of a database round trip (see the README, "The cost of one request").
 */
import type { ChangeFeed } from "../db/change-feed.js";
import type { SessionReadRow } from "../db/database.js";

/** How long a kept read may answer without asking the database (and touching the session) again. */
export const KEPT_READ_MS = 60_000;
/**
 * Memory bound: at most this many rows kept in all (an incident list row with its clocks is ~2–4 KB, so ~100–200 MB),
 * and no read over a tenth of it (a very large list is read from the database each time).
 */
const MAX_KEPT_ROWS = 50_000;

export type KeptRead = { epoch: number; checkedAt: number; session: SessionReadRow; rows: readonly unknown[] };

export type ReadCache = {
  get: (key: string, nowMs: number) => KeptRead | undefined;
  /** Keeps a read made at `epoch`, unless the feed is down or something changed since `epoch` was read. */
  keep: (key: string, read: KeptRead) => void;
  size: () => number;
};

export const createReadCache = (feed: ChangeFeed, maxRows = MAX_KEPT_ROWS): ReadCache => {
  const kept = new Map<string, KeptRead>();
  let rows = 0;
  /** Counts a read's rows as one at least, so that empty lists are bounded too. */
  const weight = (r: KeptRead) => Math.max(1, r.rows.length);
  const drop = (key: string) => {
    const e = kept.get(key);
    if (!e) return undefined;
    kept.delete(key);
    rows -= weight(e);
    return e;
  };
  return {
    get: (key, nowMs) => {
      const e = drop(key);
      if (!e) return undefined;
      if (!feed.live() || e.epoch !== feed.epoch() || nowMs - e.checkedAt >= KEPT_READ_MS || e.session.expires_at.getTime() <= nowMs) return undefined;
      kept.set(key, e); // most recently used last
      rows += weight(e);
      return e;
    },
    keep: (key, read) => {
      if (!feed.live() || read.epoch !== feed.epoch() || weight(read) > maxRows / 10) return;
      drop(key);
      kept.set(key, read);
      rows += weight(read);
      while (rows > maxRows) drop(kept.keys().next().value!); // least recently used first
    },
    size: () => kept.size,
  };
};
