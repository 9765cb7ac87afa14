/**
 * A port: what other capabilities want done **in the transaction** of a change to an incident's facts (a clock
 * recorded, the category changed, the affected-person registry import finished). The incidents capability (and
 * `affected`, which finishes imports) call `incidentFactsChanged`; a capability that depends on those facts
 * (obligations) subscribes with `onIncidentFactsChanged` when its jobs are registered. The dependency points one
 * way: subscribers import this file, the incidents capability imports none of them.
 *
 * Subscriptions are per platform (a test's platform does not see another's). A subscriber that throws rolls the
 * cause back with it, like any other statement of the transaction.
 */
import type { Platform } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";

export type IncidentFactsChange = {
  incidentId: string;
  orgId: string;
  cause: "clock" | "category" | "registry";
  /** The clock recorded (cause "clock"): a subscriber may ignore clocks it does not read. */
  clock?: string;
  /** Who made the change (null: the platform, e.g. an import run by the CLI or a job). */
  userId: string | null;
};
export type IncidentFactsHook = (tx: Tx, change: IncidentFactsChange) => Promise<void>;

const HOOKS = new WeakMap<Platform, Map<string, IncidentFactsHook>>();

/** Subscribes `hook` under `name` (subscribing the same name again replaces it, so registering twice is harmless). */
export const onIncidentFactsChanged = (p: Platform, name: string, hook: IncidentFactsHook): void => {
  let hooks = HOOKS.get(p);
  if (!hooks) HOOKS.set(p, (hooks = new Map()));
  hooks.set(name, hook);
};

/** Runs every subscriber in the caller's transaction, in the order they subscribed. */
export const incidentFactsChanged = async (p: Platform, tx: Tx, change: IncidentFactsChange): Promise<void> => {
  for (const hook of HOOKS.get(p)?.values() ?? []) await hook(tx, change);
};
