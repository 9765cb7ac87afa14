/**
 * Background jobs on PostgreSQL with pg-boss (chosen over graphile-worker: it needs no extra process or
 * compile step, takes an executor per call so a job can be sent inside the caller's transaction, and has
 * cron schedules, retries with back-off and dead letters built in).
 *
 * Jobs caused by a write are sent with `enqueue(tx, ...)` inside that write's transaction: if it rolls back, no
 * job exists. By default the web process also works the queues (SOKUHO_JOBS=inline); `sokuho worker` runs only
 * the workers, for scaling out.
 */
import PgBoss from "pg-boss";
import type { Tx } from "../db/database.js";
import { APP_ROLE } from "../db/database.js";

export type JobHandler<T> = (data: T) => Promise<void>;
export type JobDefinition<T extends object> = {
  name: string;
  handler: JobHandler<T>;
  retryLimit?: number;
  /** cron, in Asia/Tokyo */
  schedule?: string;
  /** Also sent once whenever a process that works the queues starts (a sweep that should not wait for its hour). */
  runAtStart?: boolean;
};

export type Jobs = {
  start: (opts: { work: boolean }) => Promise<void>;
  stop: () => Promise<void>;
  define: <T extends object>(def: JobDefinition<T>) => void;
  enqueue: <T extends object>(tx: Tx, name: string, data: T, opts?: { singletonKey?: string; startAfter?: Date }) => Promise<void>;
  /** Sends outside any transaction (tests, CLI). */
  send: <T extends object>(name: string, data: T) => Promise<string | null>;
  /** Waits until no job of these queues is waiting or running (tests). */
  drain: (names: string[], timeoutMs?: number) => Promise<void>;
  /**
   * A long-running worker that is not a pg-boss queue (the contact network's delivery worker, woken by LISTEN):
   * started where the queues are worked (`start({ work: true })`), stopped before them.
   */
  runner: (r: JobRunner) => void;
};
export type JobRunner = { name: string; start: () => Promise<void>; stop: () => Promise<void> };

const GRANT_LOCK_KEY = 7_406_581_221; // arbitrary, constant: "sokuho job queue grants"

export const createJobs = (connectionString: string, log: (msg: string, extra?: object) => void): Jobs => {
  const boss = new PgBoss({ connectionString, max: 4, application_name: "sokuho-jobs", schema: "pgboss" });
  boss.on("error", (err: Error) => log("job queue error", { message: err.message }));
  const defs = new Map<string, JobDefinition<object>>();
  const runners: JobRunner[] = [];
  const runnersStarted: JobRunner[] = [];
  let started = false;

  return {
    define: (def) => {
      // A queue defined after start would have no table partition and no worker: fail loudly instead.
      if (started) throw new Error(`job ${def.name} defined after the queues started`);
      defs.set(def.name, def as JobDefinition<object>);
    },
    start: async ({ work }) => {
      await boss.start();
      started = true;
      // The application role enqueues from tenant transactions. One statement under a transaction lock: a server
      // and a worker starting together both grant, and two concurrent GRANTs on one schema fail with "tuple
      // concurrently updated" (seen in CI's crash test, which restarts both at once).
      await boss.getDb().executeSql(
        `DO $$BEGIN
           PERFORM pg_advisory_xact_lock(${GRANT_LOCK_KEY});
           GRANT USAGE ON SCHEMA pgboss TO ${APP_ROLE};
           GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA pgboss TO ${APP_ROLE};
           ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT ON TABLES TO ${APP_ROLE};
         END$$`,
        [],
      );
      for (const def of defs.values()) {
        await boss.createQueue(def.name, { name: def.name, retryLimit: def.retryLimit ?? 5, retryBackoff: true, retryDelay: 5 });
        if (def.schedule) await boss.schedule(def.name, def.schedule, {}, { tz: "Asia/Tokyo" });
        if (work) {
          await boss.work<object>(def.name, async (jobs) => {
            for (const job of jobs) await def.handler(job.data);
          });
          // One pending run is enough, however many processes start at once.
          if (def.runAtStart) await boss.send(def.name, {}, { singletonKey: "start" });
        }
      }
      if (work) for (const r of runners) {
        await r.start();
        runnersStarted.push(r);
      }
    },
    runner: (r) => {
      if (started) throw new Error(`runner ${r.name} defined after the queues started`);
      runners.push(r);
    },
    stop: async () => {
      for (const r of runnersStarted.splice(0).reverse()) await r.stop().catch((err: Error) => log("runner stop failed", { runner: r.name, message: err.message }));
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
    enqueue: async (tx, name, data, opts = {}) => {
      if (!defs.has(name)) throw new Error(`unknown job ${name}`);
      await boss.send(name, data, { ...opts, db: { executeSql: (text, values) => tx.executeSql(text, values) } });
    },
    send: (name, data) => boss.send(name, data),
    drain: async (names, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await boss
          .getDb()
          .executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')`, [names]);
        if ((rows[0] as { n: number }).n === 0) return;
        if (Date.now() > deadline) throw new Error(`jobs ${names.join(", ")} did not drain in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
};
