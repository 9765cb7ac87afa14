/**
 * The escalation worker: wakes at each page's `next_wake_at`, precisely. One timer is armed to the earliest wake-up;
 * a NOTIFY on `sokuho_pages` (a page raised, acknowledged, resolved) re-arms it at once; a poll every few seconds
 * covers a lost notification or a clock that moved. Several processes may run it against one PostgreSQL: each
 * takes a due page with `FOR UPDATE SKIP LOCKED` and steps it in one transaction with its outbox rows, so no step
 * is notified twice.
 */
import pg from "pg";
import type { Platform } from "../../platform/context.js";
import { pageStore } from "./pages-store.js";
import { stepPage } from "./page-engine.js";

export type EscalationWorker = {
  /** Steps every page due by now (the platform's clock); returns how many pages were stepped. */
  tick: () => Promise<number>;
  stop: () => Promise<void>;
};

/** Longest sleep between looks at the table, whatever the timer says (a NOTIFY lost with a dropped connection). */
const POLL_MS = 5_000;
/** A timer longer than this is re-armed after it, so a clock moved forward (tests, suspend) is noticed. */
const MAX_SLEEP_MS = 60_000;
/** How soon to look again at a due page that another worker holds. */
const BUSY_RETRY_MS = 25;

export const createEscalationWorker = (p: Platform, opts: { pollMs?: number; listen?: boolean; timers?: boolean } = {}): EscalationWorker => {
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;

  const tickOnce = async (): Promise<number> => {
    let stepped = 0;
    // One page per transaction: a page that fails (logged) does not hold back the others, and its lock is short.
    for (let i = 0; i < 1000 && !stopped; i++) {
      const now = p.now();
      const did = await p.db.systemTx(async (tx) => {
        const row = await pageStore.lockNextDue(tx.db, now);
        if (!row) return false;
        await stepPage(p, tx, row, now);
        return true;
      });
      if (!did) break;
      stepped++;
    }
    return stepped;
  };

  /** Runs a pass; a request during a pass runs one more after it (nothing wakes while a pass is in flight). */
  const tick = async (): Promise<number> => {
    if (running) {
      again = true;
      return running.then(() => tick());
    }
    running = (async () => {
      let n = 0;
      do {
        again = false;
        n += await tickOnce();
      } while (again && !stopped);
      return n;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  };

  let timer: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  // Several wake-ups may arm at once (the timer, a NOTIFY, the poll): only the latest reading sets the timer, or an
  // older one (read before a page was raised) could clear it.
  let armSeq = 0;
  const arm = async (lastStepped: number): Promise<void> => {
    if (stopped) return;
    const seq = ++armSeq;
    const at = await pageStore.earliestWake(p.db.system).catch(() => null);
    if (stopped || seq !== armSeq) return;
    if (timer) clearTimeout(timer);
    timer = null;
    if (!at) return;
    // A page already due that this pass did not take is held by another worker: look again shortly, not at once.
    const delay = Math.min(Math.max(lastStepped === 0 ? BUSY_RETRY_MS : 0, at.getTime() - p.now().getTime()), MAX_SLEEP_MS);
    timer = setTimeout(() => void wake(), delay);
  };
  const wake = async (): Promise<void> => {
    if (stopped) return;
    let stepped = 0;
    try {
      stepped = await tick();
    } catch (err) {
      p.log.error({ component: "network", err: { message: (err as Error).message } }, "escalation pass failed");
    }
    await arm(stepped);
  };

  let listener: pg.Client | null = null;
  const isListening = opts.listen ?? true;
  const start = async (): Promise<void> => {
    if (isListening) {
      listener = new pg.Client({ connectionString: p.db.ownerUrl, application_name: "sokuho-escalation" });
      listener.on("error", (err) => p.log.warn({ component: "network", err: { message: err.message } }, "escalation listener error"));
      listener.on("notification", () => void wake());
      await listener.connect();
      await listener.query("LISTEN sokuho_pages");
    }
    const every = opts.pollMs ?? POLL_MS;
    poll = setInterval(() => void wake(), every);
    poll.unref?.();
    await wake();
  };
  const started = opts.timers === false ? Promise.resolve() : start().catch((err: unknown) => p.log.error({ component: "network", err: { message: (err as Error).message } }, "escalation worker did not start"));

  return {
    tick,
    stop: async () => {
      stopped = true;
      await started;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      await running?.catch(() => 0);
      await listener?.end().catch(() => {});
    },
  };
};

/** The worker for `serve` and `worker` processes (those that work the queues). */
export const startNetworkWorkers = (p: Platform): (() => Promise<void>) => {
  const worker = createEscalationWorker(p);
  return worker.stop;
};
