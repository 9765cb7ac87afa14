import { test } from "node:test";
import assert from "node:assert/strict";
import { clocksFromDecision, isExecutedBeforeDecided } from "./domain.js";

const d = new Date("2016-03-24T10:00:00Z");
const e = new Date("2016-03-25T10:00:00Z");

test("a cut-off decision sets containment_decided, its execution sets contained", () => {
  assert.deepEqual(clocksFromDecision("cut_off_external", d, null, {}), [{ clock: "containment_decided", at: d }]);
  assert.deepEqual(clocksFromDecision("cut_off_external", d, e, {}), [{ clock: "containment_decided", at: d }, { clock: "contained", at: e }]);
});

test("clocks already recorded are never overwritten", () => {
  assert.deepEqual(clocksFromDecision("cut_off_external", d, e, { containment_decided: d, contained: d }), []);
});

test("other decisions move no clock", () => {
  assert.deepEqual(clocksFromDecision("isolate_host", d, e, {}), []);
});

test("an execution before its decision is refused; at the same minute or later it stands", () => {
  assert.equal(isExecutedBeforeDecided(e, d), true);
  assert.equal(isExecutedBeforeDecided(d, d), false);
  assert.equal(isExecutedBeforeDecided(d, e), false);
  assert.equal(isExecutedBeforeDecided(d, null), false);
});
