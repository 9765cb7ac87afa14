/**
 * The clocks of an incident and the gaps between them: pure functions of the clocks, the targets and "now".
 * A gap between two clocks is on time, at risk (most of its target used and still running) or overdue.
 */
export const CLOCKS = [
  "occurred",
  "detected",
  "containment_decided",
  "contained",
  "leak_suspected",
  "leak_confirmed",
  "regulator_first_contact",
  "public_announcement",
  "individuals_notified_first",
  "individuals_notified_last",
  "closed",
] as const;
export type Clock = (typeof CLOCKS)[number];
export type Clocks = Partial<Record<Clock, Date | null>>;

export type GapTarget = { from: Clock; to: Clock; minutes: number };
export const gapKey = (t: { from: Clock; to: Clock }): string => `${t.from}->${t.to}`;

const H = 60;
const D = 24 * H;
/** Defaults an org-admin can change. The 2016 JTB gaps for comparison: 4 d, 6 d, 18 d, 32 d. */
export const DEFAULT_TARGETS: readonly GapTarget[] = [
  { from: "occurred", to: "detected", minutes: 1 * D },
  { from: "detected", to: "containment_decided", minutes: 1 * H },
  { from: "detected", to: "contained", minutes: 4 * H },
  { from: "containment_decided", to: "contained", minutes: 1 * H },
  { from: "leak_suspected", to: "leak_confirmed", minutes: 3 * D },
  { from: "leak_confirmed", to: "regulator_first_contact", minutes: 1 * D },
  { from: "leak_confirmed", to: "public_announcement", minutes: 7 * D },
  { from: "leak_confirmed", to: "individuals_notified_first", minutes: 7 * D },
  { from: "individuals_notified_first", to: "individuals_notified_last", minutes: 14 * D },
];

/** Share of a running gap's target after which it is "at risk". */
export const AT_RISK_SHARE = 0.75;

export type GapStatus = "on_time" | "at_risk" | "overdue";
export type GapState = "not_started" | "running" | "done" | "not_reached";
export type Gap = {
  key: string;
  from: Clock;
  to: Clock;
  targetMinutes: number;
  /**
   * not_started: the first clock is not set; running: only the first is; done: both are; not_reached: only the
   * first is, and the incident was closed (or recovered) before the second: the gap stopped there.
   */
  state: GapState;
  status: GapStatus | null;
  startedAt: Date | null;
  endedAt: Date | null;
  /** When a not_reached gap stopped (the closing or recovery), else null. */
  stoppedAt: Date | null;
  dueAt: Date | null;
  elapsedMs: number | null;
};

/**
 * When the gaps of a recovered or closed incident stop: its `closed` clock, else the moment it was marked so.
 * An incident worked on (any other status, e.g. reopened) has no stop and its gaps run.
 */
export const gapStopTime = (clocks: Clocks, status: string, resolvedAt: Date | null): Date | null =>
  isResolvedStatus(status) ? (clocks.closed ?? resolvedAt) : null;

/** Recovered or closed: the response is over, its gaps stop. */
export const isResolvedStatus = (status: string): boolean => status === "recovered" || status === "closed";

/**
 * One gap at `now`. With `stopAt` (see gapStopTime), a gap whose second clock was never recorded stops there
 * instead of running on for years: it is "not reached", overdue only if its target had passed by then (what a
 * post-incident review must see), otherwise without a status. A gap started after the stop runs as usual:
 * notices and reports can go on after the systems are recovered.
 */
export const computeGap = (clocks: Clocks, target: GapTarget, now: Date, atRiskShare = AT_RISK_SHARE, stopAt: Date | null = null): Gap => {
  const start = clocks[target.from] ?? null;
  const end = clocks[target.to] ?? null;
  const targetMs = target.minutes * 60_000;
  // Every Gap is built by `gap` with its fields in one order: one object shape (a list computes ~9 per incident).
  const gap = (state: GapState, status: GapStatus | null, endedAt: Date | null, stoppedAt: Date | null, dueAt: Date | null, elapsedMs: number | null): Gap => ({
    key: gapKey(target), from: target.from, to: target.to, targetMinutes: target.minutes, state, status, startedAt: start, endedAt, stoppedAt, dueAt, elapsedMs,
  });
  if (!start) return gap("not_started", null, end, null, null, null);
  const dueAt = new Date(start.getTime() + targetMs);
  if (end) {
    const elapsedMs = end.getTime() - start.getTime();
    return gap("done", elapsedMs <= targetMs ? "on_time" : "overdue", end, null, dueAt, elapsedMs);
  }
  if (stopAt && stopAt.getTime() >= start.getTime()) {
    const elapsedMs = stopAt.getTime() - start.getTime();
    return gap("not_reached", elapsedMs > targetMs ? "overdue" : null, null, stopAt, dueAt, elapsedMs);
  }
  const elapsedMs = now.getTime() - start.getTime();
  const status: GapStatus = elapsedMs > targetMs ? "overdue" : elapsedMs >= targetMs * atRiskShare ? "at_risk" : "on_time";
  return gap("running", status, null, null, dueAt, elapsedMs);
};

export const computeGaps = (clocks: Clocks, targets: readonly GapTarget[], now: Date, stopAt: Date | null = null): Gap[] =>
  targets.map((t) => computeGap(clocks, t, now, AT_RISK_SHARE, stopAt));

/** Merges an organisation's overrides into the defaults (same from/to replaces; new pairs are added). */
export const effectiveTargets = (overrides: readonly GapTarget[]): GapTarget[] => {
  const byKey = new Map(DEFAULT_TARGETS.map((t) => [gapKey(t), t]));
  for (const o of overrides) byKey.set(gapKey(o), o);
  return [...byKey.values()];
};

/** The worst status among running or finished gaps: what a list or dashboard shows first. */
export const worstStatus = (gaps: readonly Gap[]): GapStatus | null => {
  const order: GapStatus[] = ["overdue", "at_risk", "on_time"];
  for (const s of order) if (gaps.some((g) => g.status === s)) return s;
  return null;
};

/**
 * The moment a running gap will next change status (to at_risk, then to overdue), for scheduling the check
 * job; null when it cannot change any more.
 */
export const nextTransition = (gap: Gap, atRiskShare = AT_RISK_SHARE): Date | null => {
  if (gap.state !== "running" || !gap.startedAt) return null;
  const targetMs = gap.targetMinutes * 60_000;
  if (gap.status === "on_time") return new Date(gap.startedAt.getTime() + Math.ceil(targetMs * atRiskShare));
  if (gap.status === "at_risk") return new Date(gap.startedAt.getTime() + targetMs + 1);
  return null;
};

export type ClockProblem = { clock: Clock; code: "before_occurred" | "after_closed" | "before_pair" | "in_future"; other?: Clock };

/** Pairs whose order is a fact of the world, not a target: the second can never precede the first. */
const ORDERED_PAIRS: ReadonlyArray<[Clock, Clock]> = [
  ["leak_suspected", "leak_confirmed"],
  ["individuals_notified_first", "individuals_notified_last"],
  ["detected", "contained"],
];
/** Slack for clocks "in the future": browsers and servers disagree by seconds. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** Checks one clock's new value against the others; returns the first problem found. */
export const checkClock = (clocks: Clocks, clock: Clock, at: Date, now: Date): ClockProblem | null => {
  if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) return { clock, code: "in_future" };
  const next: Clocks = { ...clocks, [clock]: at };
  const occurred = next.occurred;
  if (occurred) {
    for (const c of CLOCKS) {
      const v = next[c];
      if (c !== "occurred" && v && v < occurred) return { clock: c === clock ? clock : "occurred", code: "before_occurred", other: c === clock ? "occurred" : c };
    }
  }
  const closed = next.closed;
  if (closed) {
    for (const c of CLOCKS) {
      const v = next[c];
      if (c !== "closed" && v && v > closed) return { clock, code: "after_closed", other: c === clock ? "closed" : c };
    }
  }
  for (const [a, b] of ORDERED_PAIRS) {
    const va = next[a];
    const vb = next[b];
    if (va && vb && vb < va && (clock === a || clock === b)) return { clock, code: "before_pair", other: clock === a ? b : a };
  }
  return null;
};

/**
 * Parses a clock as a user gives it: ISO 8601 with an offset or Z is taken as is; a date-time without one is
 * Japan time (Asia/Tokyo, UTC+9, no daylight saving), the zone of the people who type it.
 */
export const parseClockInput = (input: string): Date | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(input.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", sec = "00", ms = "0", zone] = m;
  const offsetMinutes = !zone ? 9 * 60 : zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const wallClock = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Number(ms.padEnd(3, "0")));
  const back = new Date(wallClock);
  // Date.UTC rolls 2016-02-31 over to March: such inputs are errors, not other days.
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  return new Date(wallClock - offsetMinutes * 60_000);
};
