/**
 * Tells this process when something a kept read depends on has changed in the database: one connection LISTENs on
 * 'sokuho_read_cache' (sent by the triggers of migration 0027 when a changing transaction commits) and each
 * notification moves `epoch` on. While the connection is not up, `live()` is false and nothing may be kept: a
 * notification sent then is lost. The connection comes back by itself; the epoch moves on when it does.
 */
import pg from "pg";

export const READ_CACHE_CHANNEL = "sokuho_read_cache";

export type ChangeFeed = {
  /** A number that moves on with every change seen (and with `bump`); a read kept at one epoch is stale at another. */
  epoch: () => number;
  /** True while the feed is listening: only then can a change be seen, so only then may a read be kept. */
  live: () => boolean;
  /** Moves the epoch on: this process changed something (a write it answered) and will not wait for the notice. */
  bump: () => void;
  start: () => Promise<void>;
  stop: () => Promise<void>;
};

export const createChangeFeed = (connectionString: string, log: (msg: string, extra?: object) => void, retryMs = 1000): ChangeFeed => {
  let epoch = 0;
  let client: pg.Client | null = null;
  let listening = false;
  let stopped = true;
  let retry: NodeJS.Timeout | null = null;

  /** Forgets the connection (and the epoch moves on: whatever was kept may have missed a notice); ends it quietly. */
  const release = async (): Promise<void> => {
    const c = client;
    client = null;
    listening = false;
    epoch++;
    if (!c) return;
    c.removeAllListeners();
    c.on("error", () => {});
    await c.end().catch(() => {});
  };

  const down = (reason: string) => {
    if (!listening && client === null) return;
    void release();
    if (!stopped) {
      log("change feed lost; kept reads are off until it is back", { reason });
      retry = setTimeout(() => void connect(), retryMs);
      retry.unref();
    }
  };

  const connect = async (): Promise<void> => {
    retry = null;
    if (stopped) return;
    // TCP keep-alive: a connection that died silently ends (and the feed with it) instead of listening to nothing;
    // until then a kept read still goes back to the database every minute (read-cache.ts), which bounds the harm.
    const c = new pg.Client({ connectionString, application_name: "sokuho-change-feed", keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client = c;
    c.on("error", (err) => down(err.message));
    c.on("end", () => down("connection ended"));
    c.on("notification", () => void epoch++);
    try {
      await c.connect();
      await c.query(`LISTEN ${READ_CACHE_CHANNEL}`);
      if (client !== c) return; // lost while connecting
      epoch++; // whatever was kept before this connection may have missed a notice
      listening = true;
    } catch (err) {
      down(err instanceof Error ? err.message : String(err));
    }
  };

  return {
    epoch: () => epoch,
    live: () => listening,
    bump: () => void epoch++,
    start: async () => {
      if (!stopped) return;
      stopped = false;
      await connect();
    },
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      retry = null;
      await release();
    },
  };
};
