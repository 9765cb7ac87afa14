import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTIN_PLAYBOOKS, dueOf, isOverdue, ZPlaybookInput } from "./domain.js";

const detected = new Date("2026-11-22T00:00:00Z");

test("a task is due at its clock plus its offset, and moves when the clock is corrected", () => {
  const t = { anchorClock: "detected", offsetMinutes: 30, dueAt: null, status: "open" };
  assert.equal(dueOf(t, { detected })?.toISOString(), "2026-11-22T00:30:00.000Z");
  assert.equal(dueOf(t, { detected: new Date("2026-11-22T01:00:00Z") })?.toISOString(), "2026-11-22T01:30:00.000Z");
  assert.equal(dueOf(t, {}), null);
});

test("an explicit due time wins; done and skipped tasks are never overdue", () => {
  const own = new Date("2026-11-23T00:00:00Z");
  assert.equal(dueOf({ anchorClock: "detected", offsetMinutes: 30, dueAt: own, status: "open" }, { detected }), own);
  const now = new Date("2026-11-22T01:00:00Z");
  assert.equal(isOverdue({ anchorClock: "detected", offsetMinutes: 30, dueAt: null, status: "open" }, { detected }, now), true);
  assert.equal(isOverdue({ anchorClock: "detected", offsetMinutes: 30, dueAt: null, status: "done" }, { detected }, now), false);
  assert.equal(isOverdue({ anchorClock: "detected", offsetMinutes: 90, dueAt: null, status: "open" }, { detected }, now), false);
});

test("the five built-in playbooks are valid playbooks", () => {
  assert.deepEqual(BUILTIN_PLAYBOOKS.map((p) => p.key), ["targeted-mail", "egress-unknown-host", "web-skimming", "lost-device", "misdelivered-mail"]);
  for (const p of BUILTIN_PLAYBOOKS) assert.ok(ZPlaybookInput.safeParse({ nameJa: p.nameJa, nameEn: p.nameEn, category: p.category, steps: p.steps }).success, p.key);
});
