/**
 * The live board's feed: one PostgreSQL LISTEN connection per server process. Every change of a recipient row
 * sends `pg_notify('sokuho_broadcast', <broadcast id>)` in its transaction, so an acknowledgement made through
 * any process (or by a link, or the reminder job of a worker) reaches every board watching that broadcast. A
 * notification only says "look again": each board reads the rows changed after the last one it sent, so a lost
 * notification (a reconnect) costs a delay, never an event.
 */
import pg from "pg";
import type { Tx } from "../../platform/db/database.js";
import type { Platform } from "../../platform/context.js";

export const BROADCAST_CHANNEL = "sokuho_broadcast";

/** Tells every process that this broadcast's rows changed (delivered at commit, nothing if it rolls back). */
export const notifyBroadcast = async (tx: Tx, broadcastId: string): Promise<void> => {
  await tx.executeSql("SELECT pg_notify($1, $2)", [BROADCAST_CHANNEL, broadcastId]);
};

type Listener = () => void;

export type BroadcastHub = {
  /** Calls `fn` whenever the broadcast may have changed; returns the unsubscribe. */
  subscribe: (broadcastId: string, fn: Listener) => Promise<() => void>;
  close: () => Promise<void>;
};

const HUBS = new WeakMap<Platform, BroadcastHub>();

export const broadcastHub = (p: Platform): BroadcastHub => {
  let hub = HUBS.get(p);
  if (!hub) {
    hub = createHub(p.db.ownerUrl, (msg, err) => p.log.warn({ err }, msg));
    HUBS.set(p, hub);
  }
  return hub;
};

/** Closes the process's LISTEN connection (server shutdown). */
export const closeBroadcastHub = async (p: Platform): Promise<void> => {
  const hub = HUBS.get(p);
  HUBS.delete(p);
  await hub?.close();
};

const createHub = (url: string, warn: (msg: string, err: unknown) => void): BroadcastHub => {
  const listeners = new Map<string, Set<Listener>>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;

  const fireAll = () => {
    for (const set of listeners.values()) for (const fn of set) fn();
  };
  const connect = (): Promise<void> => {
    if (connecting) return connecting;
    connecting = (async () => {
      const c = new pg.Client({ connectionString: url });
      c.on("notification", (n) => {
        if (n.channel !== BROADCAST_CHANNEL || !n.payload) return;
        for (const fn of listeners.get(n.payload) ?? []) fn();
      });
      c.on("error", (err) => {
        warn("broadcast listener lost its connection; reconnecting", err);
        client = null;
        connecting = null;
        c.end().catch(() => {});
        if (!closed) setTimeout(() => void connect().then(fireAll, () => {}), 1000).unref();
      });
      await c.connect();
      await c.query(`LISTEN ${BROADCAST_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
    })().catch((err: unknown) => {
      connecting = null;
      throw err;
    });
    return connecting;
  };

  return {
    subscribe: async (broadcastId, fn) => {
      await connect();
      let set = listeners.get(broadcastId);
      if (!set) listeners.set(broadcastId, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
        if (set.size === 0) listeners.delete(broadcastId);
      };
    },
    close: async () => {
      closed = true;
      listeners.clear();
      await connecting?.catch(() => {});
      await client?.end().catch(() => {});
      client = null;
    },
  };
};
