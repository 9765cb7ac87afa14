import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkClock, computeGap, computeGaps, DEFAULT_TARGETS, effectiveTargets, gapStopTime, nextTransition, parseClockInput, worstStatus, type GapTarget } from "./clocks.js";

const at = (s: string) => parseClockInput(s)!;
const T: GapTarget = { from: "detected", to: "contained", minutes: 240 };

describe("gaps", () => {
  test("not started until the first clock is set", () => {
    const g = computeGap({ contained: at("2016-03-25T00:00") }, T, at("2016-03-26T00:00"));
    assert.equal(g.state, "not_started");
    assert.equal(g.status, null);
  });

  test("a running gap is on time, then at risk at 75 %, then overdue just past the target", () => {
    const clocks = { detected: at("2026-11-22T09:00") };
    assert.equal(computeGap(clocks, T, at("2026-11-22T11:59:59")).status, "on_time");
    assert.equal(computeGap(clocks, T, at("2026-11-22T12:00")).status, "at_risk"); // 180 of 240 min
    assert.equal(computeGap(clocks, T, at("2026-11-22T13:00")).status, "at_risk"); // exactly the target
    assert.equal(computeGap(clocks, T, at("2026-11-22T13:00:00.001")).status, "overdue");
  });

  test("a finished gap is on time when it took at most the target, overdue otherwise, whatever now is", () => {
    const now = at("2030-01-01T00:00");
    assert.equal(computeGap({ detected: at("2026-11-22T09:00"), contained: at("2026-11-22T13:00") }, T, now).status, "on_time");
    assert.equal(computeGap({ detected: at("2026-11-22T09:00"), contained: at("2026-11-22T13:01") }, T, now).status, "overdue");
  });

  test("correcting a clock later recomputes the gap from the corrected value", () => {
    const now = at("2026-11-22T14:00");
    const first = computeGap({ detected: at("2026-11-22T09:00") }, T, now);
    assert.equal(first.status, "overdue");
    const corrected = computeGap({ detected: at("2026-11-22T12:30") }, T, now);
    assert.equal(corrected.status, "on_time");
    assert.equal(corrected.dueAt?.toISOString(), "2026-11-22T07:30:00.000Z");
  });

  test("JTB 2016 against the defaults: contained 6 days after detection and regulator 18 days after confirmation are overdue", () => {
    const clocks = {
      occurred: at("2016-03-15"), detected: at("2016-03-19"), contained: at("2016-03-25"),
      leak_confirmed: at("2016-05-13"), regulator_first_contact: at("2016-05-31"), public_announcement: at("2016-06-14"),
    };
    const gaps = computeGaps(clocks, DEFAULT_TARGETS, at("2016-07-08"));
    const by = Object.fromEntries(gaps.map((g) => [g.key, g]));
    assert.equal(by["detected->contained"]!.status, "overdue");
    assert.equal(by["detected->contained"]!.elapsedMs, 6 * 86_400_000);
    assert.equal(by["leak_confirmed->regulator_first_contact"]!.status, "overdue");
    assert.equal(by["leak_confirmed->regulator_first_contact"]!.elapsedMs, 18 * 86_400_000);
    assert.equal(by["occurred->detected"]!.elapsedMs, 4 * 86_400_000);
    assert.equal(worstStatus(gaps), "overdue");
  });

  test("next transition: at-risk time, then overdue time, then none", () => {
    const clocks = { detected: at("2026-11-22T09:00") };
    const g1 = computeGap(clocks, T, at("2026-11-22T10:00"));
    assert.equal(nextTransition(g1)?.toISOString(), at("2026-11-22T12:00").toISOString());
    const g2 = computeGap(clocks, T, at("2026-11-22T12:30"));
    assert.equal(nextTransition(g2)?.getTime(), at("2026-11-22T13:00").getTime() + 1);
    assert.equal(nextTransition(computeGap(clocks, T, at("2026-11-22T14:00"))), null);
  });

  test("organisation targets replace the defaults pair by pair", () => {
    const t = effectiveTargets([{ from: "detected", to: "contained", minutes: 30 }]);
    assert.equal(t.length, DEFAULT_TARGETS.length);
    assert.equal(t.find((x) => x.from === "detected" && x.to === "contained")!.minutes, 30);
  });
});

describe("gaps of a closed or recovered incident", () => {
  const N: GapTarget = { from: "individuals_notified_first", to: "individuals_notified_last", minutes: 14 * 24 * 60 };
  const notified = { individuals_notified_first: at("2016-06-14T12:00") };

  test("a gap whose end was never recorded stops at the closing time instead of running for years", () => {
    const closedAt = at("2016-07-08T12:00");
    const g = computeGap({ ...notified, closed: closedAt }, N, at("2026-12-02T12:00"), undefined, closedAt);
    assert.equal(g.state, "not_reached");
    assert.equal(g.stoppedAt?.toISOString(), closedAt.toISOString());
    assert.equal(g.elapsedMs, 24 * 86_400_000, "measured up to the closing, not up to today");
    assert.equal(g.status, "overdue", "its target passed before the incident was closed without it");
    assert.equal(nextTransition(g), null, "a stopped gap is never checked again");
  });

  test("a stopped gap still inside its target at closing has no status: not reached, not late", () => {
    const closedAt = at("2016-06-20T12:00");
    const g = computeGap(notified, N, at("2026-12-02T12:00"), undefined, closedAt);
    assert.equal(g.state, "not_reached");
    assert.equal(g.status, null);
  });

  test("a finished gap keeps its own end; a gap started after the stop runs (work after recovery)", () => {
    const stop = at("2016-06-20T12:00");
    const done = computeGap({ ...notified, individuals_notified_last: at("2016-06-26T12:00") }, N, at("2026-12-02T12:00"), undefined, stop);
    assert.equal(done.state, "done");
    assert.equal(done.status, "on_time");
    const later = computeGap({ individuals_notified_first: at("2016-06-21T12:00") }, N, at("2016-06-22T12:00"), undefined, stop);
    assert.equal(later.state, "running");
  });

  test("a recovered or closed incident stops at its closed clock, else at its resolution time; one worked on never stops", () => {
    const closedAt = at("2016-07-08T12:00");
    const resolvedAt = at("2016-07-01T12:00");
    assert.equal(gapStopTime({ closed: closedAt }, "recovered", resolvedAt)?.getTime(), closedAt.getTime());
    assert.equal(gapStopTime({}, "recovered", resolvedAt)?.getTime(), resolvedAt.getTime());
    assert.equal(gapStopTime({}, "closed", resolvedAt)?.getTime(), resolvedAt.getTime());
    assert.equal(gapStopTime({ closed: closedAt }, "triage", resolvedAt), null, "a reopened incident runs again");
    assert.equal(gapStopTime({}, "recovered", null), null);
  });

  test("computeGaps stops every unfinished gap of a closed incident, so the worst status stops changing", () => {
    const closedAt = at("2016-07-08T12:00");
    const clocks = { occurred: at("2016-03-15T12:00"), detected: at("2016-03-19T12:00"), ...notified, closed: closedAt };
    const a = computeGaps(clocks, DEFAULT_TARGETS, at("2016-07-09T00:00"), closedAt);
    const b = computeGaps(clocks, DEFAULT_TARGETS, at("2026-12-02T00:00"), closedAt);
    assert.deepEqual(a, b, "now does not matter any more");
    assert.ok(a.every((g) => g.state !== "running"));
  });
});

describe("clock input", () => {
  test("a date-time without an offset is Japan time; with Z or an offset it is taken as is", () => {
    assert.equal(at("2016-03-15T09:00").toISOString(), "2016-03-15T00:00:00.000Z");
    assert.equal(at("2016-03-15 09:00").toISOString(), "2016-03-15T00:00:00.000Z");
    assert.equal(at("2016-03-15T00:00:00Z").toISOString(), "2016-03-15T00:00:00.000Z");
    assert.equal(at("2016-03-15T09:00:00+09:00").toISOString(), "2016-03-15T00:00:00.000Z");
    assert.equal(at("2016-03-14T19:00:00-0500").toISOString(), "2016-03-15T00:00:00.000Z");
    assert.equal(at("2016-03-15").toISOString(), "2016-03-14T15:00:00.000Z");
  });

  test("nonsense is refused, including days that do not exist", () => {
    for (const bad of ["", "yesterday", "2016-02-30T10:00", "2016-13-01", "2016-03-15T25:00", "15/03/2016"]) {
      assert.equal(parseClockInput(bad), null, bad);
    }
    assert.ok(parseClockInput("2016-02-29T10:00"), "a leap day exists");
  });
});

describe("clock order", () => {
  const now = at("2026-11-22T12:00");
  test("no clock before occurred", () => {
    assert.deepEqual(checkClock({ occurred: at("2026-11-20T00:00") }, "detected", at("2026-11-19T00:00"), now), { clock: "detected", code: "before_occurred", other: "occurred" });
    assert.equal(checkClock({ detected: at("2026-11-19T00:00") }, "occurred", at("2026-11-20T00:00"), now)?.code, "before_occurred");
    assert.equal(checkClock({ occurred: at("2026-11-20T00:00") }, "detected", at("2026-11-20T00:00"), now), null);
  });
  test("nothing after closed, nothing in the future, confirmed not before suspected", () => {
    assert.equal(checkClock({ closed: at("2026-11-21T00:00") }, "contained", at("2026-11-21T01:00"), now)?.code, "after_closed");
    assert.equal(checkClock({}, "detected", at("2026-11-22T12:06"), now)?.code, "in_future");
    assert.equal(checkClock({}, "detected", at("2026-11-22T12:04"), now), null);
    assert.equal(checkClock({ leak_suspected: at("2026-11-21T00:00") }, "leak_confirmed", at("2026-11-20T00:00"), now)?.code, "before_pair");
  });
});
