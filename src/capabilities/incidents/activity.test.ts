import { test } from "node:test";
import assert from "node:assert/strict";
import { describeAudit } from "./activity.js";

const row = (action: string, objectType: string, objectId: string | null, before: unknown, after: unknown) => ({ action, objectType, objectId, before, after });

test("each object's row points at its tab and anchor", () => {
  assert.deepEqual(describeAudit(row("decision.add", "decision", "d1", null, { title: "x" })), { kind: "decision_recorded", tab: "decisions", anchor: "decision-d1", detail: {} });
  assert.deepEqual(describeAudit(row("timeline.correct", "timeline_event", "t2", {}, {})).anchor, "timeline-t2");
  assert.deepEqual(describeAudit(row("incident_asset.unlink", "incident_asset", "a3", { incidentId: "i" }, null)).tab, "assets");
  const clock = describeAudit(row("incident.clock", "incident", "i", { clock: "detected", at: null }, { clock: "detected", at: "2026-01-01T00:00:00.000Z", evidence: "x" }));
  assert.deepEqual(clock, { kind: "clock_set", tab: "clocks", anchor: "clock-detected", detail: { clock: "detected" } });
  assert.equal(describeAudit(row("incident.clock", "incident", "i", {}, { clock: "closed", at: null })).kind, "clock_cleared");
});

test("an incident change names its fields, with values only for the enumerated ones, and the new lead by id", () => {
  const d = describeAudit(row("incident.update", "incident", "i",
    { status: "triage", title: "old", severity: "high", leadUserId: null, tagCount: 0 },
    { status: "closed", title: "new", severity: "high", leadUserId: "u1", tagCount: 2 }));
  assert.equal(d.kind, "incident_updated");
  assert.deepEqual(d.detail.changes, [
    { field: "status", from: "triage", to: "closed" }, { field: "title", from: null, to: null },
    { field: "leadUserId", from: null, to: null }, { field: "tagCount", from: null, to: null },
  ]);
  assert.equal(d.detail.leadUserId, "u1");
});

test("nothing free-text or unknown leaks from the audit content, and unknown actions are 'other'", () => {
  const d = describeAudit(row("incident.update", "incident", "i", { status: "triage" }, { status: "山田 太郎 090-1234-5678" }));
  assert.deepEqual(d.detail.changes, [{ field: "status", from: "triage", to: null }]);
  const clock = describeAudit(row("incident.clock", "incident", "i", {}, { clock: "<script>", at: "x" }));
  assert.deepEqual([clock.anchor, clock.detail], [null, {}]);
  const gap = describeAudit(row("incident.gap.overdue", "incident", "i", null, { gap: "detected->lunch" }));
  assert.deepEqual(gap.detail, {});
  const unknown = describeAudit(row("internal.secret_thing", "thing", "x", null, { name: "山田" }));
  assert.deepEqual([unknown.kind, unknown.detail], ["other", {}]);
  assert.equal(describeAudit(row("incident.gap.overdue", "incident", "i", null, "not an object")).kind, "gap_overdue");
});
