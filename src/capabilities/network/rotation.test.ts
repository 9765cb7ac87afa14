import { test } from "node:test";
import assert from "node:assert/strict";
import { localToInstant, nextHandoff, onCallAt, type Schedule, ZScheduleInput } from "./rotation.js";

const at = (iso: string): Date => new Date(iso);
const tokyoDaily: Schedule = {
  timeZone: "Asia/Tokyo",
  rotation: { kind: "daily", handoffTime: "09:00", startDate: "2026-12-01", participants: ["aoki", "baba", "chiba"] },
  overrides: [],
};

test("a JST daily rotation hands over at 09:00 Tokyo time (00:00 UTC), in order, and wraps", () => {
  assert.equal(onCallAt(tokyoDaily, at("2026-12-01T00:00:00Z")), "aoki");
  assert.equal(onCallAt(tokyoDaily, at("2026-12-01T23:59:59Z")), "aoki");
  assert.equal(onCallAt(tokyoDaily, at("2026-12-02T00:00:00Z")), "baba");
  assert.equal(onCallAt(tokyoDaily, at("2026-12-03T12:00:00Z")), "chiba");
  assert.equal(onCallAt(tokyoDaily, at("2026-12-04T00:00:00Z")), "aoki");
  assert.deepEqual(nextHandoff(tokyoDaily, at("2026-12-01T10:00:00Z")), { at: at("2026-12-02T00:00:00Z"), userId: "baba" });
});

test("before the start date nobody is on call, and the first hand-off is the start", () => {
  assert.equal(onCallAt(tokyoDaily, at("2026-11-30T23:59:59Z")), null);
  assert.deepEqual(nextHandoff(tokyoDaily, at("2026-11-30T12:00:00Z")), { at: at("2026-12-01T00:00:00Z"), userId: "aoki" });
});

test("a UTC schedule hands over at 09:00 UTC, nine hours after the same schedule in Tokyo", () => {
  const utc: Schedule = { ...tokyoDaily, timeZone: "UTC" };
  assert.equal(onCallAt(utc, at("2026-12-01T08:59:00Z")), null);
  assert.equal(onCallAt(utc, at("2026-12-01T09:00:00Z")), "aoki");
  assert.equal(onCallAt(utc, at("2026-12-02T08:59:59Z")), "aoki");
  assert.equal(onCallAt(utc, at("2026-12-02T09:00:00Z")), "baba");
  assert.deepEqual(nextHandoff(utc, at("2026-12-02T09:00:00Z")), { at: at("2026-12-03T09:00:00Z"), userId: "chiba" });
});

test("a weekly rotation hands over across the week boundary and the year end", () => {
  // 2026-12-28 is a Monday; the Monday 10:00 JST hand-off is Monday 01:00 UTC.
  const weekly: Schedule = { ...tokyoDaily, rotation: { kind: "weekly", handoffTime: "10:00", startDate: "2026-12-21", participants: ["aoki", "baba"] } };
  assert.equal(onCallAt(weekly, at("2026-12-28T00:59:59Z")), "aoki");
  assert.equal(onCallAt(weekly, at("2026-12-28T01:00:00Z")), "baba");
  assert.equal(onCallAt(weekly, at("2027-01-03T23:00:00Z")), "baba");
  assert.equal(onCallAt(weekly, at("2027-01-04T01:00:00Z")), "aoki");
  assert.deepEqual(nextHandoff(weekly, at("2026-12-30T00:00:00Z")), { at: at("2027-01-04T01:00:00Z"), userId: "aoki" });
});

test("a zone with daylight saving keeps the hand-off at local 09:00 on both sides of the change", () => {
  // New York left DST on 2026-11-01: 09:00 is 13:00 UTC before, 14:00 UTC after.
  const ny: Schedule = { timeZone: "America/New_York", rotation: { kind: "daily", handoffTime: "09:00", startDate: "2026-10-31", participants: ["aoki", "baba"] }, overrides: [] };
  assert.equal(onCallAt(ny, at("2026-10-31T13:00:00Z")), "aoki");
  assert.equal(onCallAt(ny, at("2026-11-01T13:59:59Z")), "aoki");
  assert.equal(onCallAt(ny, at("2026-11-01T14:00:00Z")), "baba");
  assert.deepEqual(nextHandoff(ny, at("2026-10-31T20:00:00Z")), { at: at("2026-11-01T14:00:00Z"), userId: "baba" });
  // A repeated wall time (01:30 on the fall-back night) is its first occurrence; a skipped one (02:30 on the
  // spring-forward night) lands the same distance past the gap.
  assert.equal(localToInstant(Date.UTC(2026, 10, 1, 1, 30), "America/New_York"), Date.parse("2026-11-01T05:30:00Z"));
  assert.equal(localToInstant(Date.UTC(2026, 2, 8, 2, 30), "America/New_York"), Date.parse("2026-03-08T07:30:00Z"));
});

test("a weekly hand-off across the daylight-saving change keeps local time (a 169-hour week, then 168)", () => {
  const ny: Schedule = { timeZone: "America/New_York", rotation: { kind: "weekly", handoffTime: "09:00", startDate: "2026-10-26", participants: ["aoki", "baba"] }, overrides: [] };
  assert.deepEqual(nextHandoff(ny, at("2026-10-26T13:00:00Z")), { at: at("2026-11-02T14:00:00Z"), userId: "baba" });
  assert.equal(onCallAt(ny, at("2026-11-02T13:30:00Z")), "aoki");
  assert.deepEqual(nextHandoff(ny, at("2026-11-02T14:00:00Z")), { at: at("2026-11-09T14:00:00Z"), userId: "aoki" });
});

test("an override covers its interval: from is inside, to is outside", () => {
  const s: Schedule = { ...tokyoDaily, overrides: [{ userId: "dan", from: at("2026-12-01T03:00:00Z"), to: at("2026-12-01T06:00:00Z") }] };
  assert.equal(onCallAt(s, at("2026-12-01T02:59:59Z")), "aoki");
  assert.equal(onCallAt(s, at("2026-12-01T03:00:00Z")), "dan");
  assert.equal(onCallAt(s, at("2026-12-01T05:59:59Z")), "dan");
  assert.equal(onCallAt(s, at("2026-12-01T06:00:00Z")), "aoki");
  assert.deepEqual(nextHandoff(s, at("2026-12-01T01:00:00Z")), { at: at("2026-12-01T03:00:00Z"), userId: "dan" });
  assert.deepEqual(nextHandoff(s, at("2026-12-01T04:00:00Z")), { at: at("2026-12-01T06:00:00Z"), userId: "aoki" });
});

test("overlapping overrides: the later entry wins where they overlap; an override of the person already on call is no hand-off", () => {
  const s: Schedule = {
    ...tokyoDaily,
    overrides: [
      { userId: "dan", from: at("2026-12-01T03:00:00Z"), to: at("2026-12-01T09:00:00Z") },
      { userId: "eto", from: at("2026-12-01T05:00:00Z"), to: at("2026-12-01T07:00:00Z") },
      { userId: "aoki", from: at("2026-12-01T01:00:00Z"), to: at("2026-12-01T02:00:00Z") },
    ],
  };
  assert.equal(onCallAt(s, at("2026-12-01T04:00:00Z")), "dan");
  assert.equal(onCallAt(s, at("2026-12-01T05:00:00Z")), "eto");
  assert.equal(onCallAt(s, at("2026-12-01T07:00:00Z")), "dan");
  assert.deepEqual(nextHandoff(s, at("2026-12-01T00:30:00Z")), { at: at("2026-12-01T03:00:00Z"), userId: "dan" });
  assert.deepEqual(nextHandoff(s, at("2026-12-01T06:00:00Z")), { at: at("2026-12-01T07:00:00Z"), userId: "dan" });
});

test("the next hand-off after a long run of back-to-back overrides is where the rotation takes over again", () => {
  const base = Date.parse("2026-12-01T00:00:00Z");
  const overrides = Array.from({ length: 500 }, (_, i) => ({ userId: "dan", from: new Date(base + i * 3_600_000), to: new Date(base + (i + 1) * 3_600_000) }));
  const s: Schedule = { ...tokyoDaily, overrides };
  assert.deepEqual(nextHandoff(s, at("2026-12-01T00:00:00Z")), { at: new Date(base + 500 * 3_600_000), userId: "chiba" });
  // A year-long cover over a one-person rotation: one jump, not a pass per day.
  const year: Schedule = { ...tokyoDaily, rotation: { ...tokyoDaily.rotation, participants: ["aoki", "aoki"] }, overrides: [{ userId: "dan", from: at("2026-12-01T00:00:00Z"), to: at("2027-12-01T00:00:00Z") }] };
  assert.deepEqual(nextHandoff(year, at("2026-12-05T00:00:00Z")), { at: at("2027-12-01T00:00:00Z"), userId: "aoki" });
  assert.equal(nextHandoff(year, at("2027-12-05T00:00:00Z")), null);
});

test("an empty schedule has nobody on call and no hand-off; one participant never hands off", () => {
  const empty: Schedule = { ...tokyoDaily, rotation: { ...tokyoDaily.rotation, participants: [] } };
  assert.equal(onCallAt(empty, at("2026-12-05T00:00:00Z")), null);
  assert.equal(nextHandoff(empty, at("2026-12-05T00:00:00Z")), null);
  const solo: Schedule = { ...tokyoDaily, rotation: { ...tokyoDaily.rotation, participants: ["aoki"] } };
  assert.equal(nextHandoff(solo, at("2026-12-05T00:00:00Z")), null);
});

const uuid = "6f1c1f9e-8d1e-4c43-9a55-0d7a3b8a0c11";
const validInput = {
  nameJa: "当番", nameEn: "Duty", timeZone: "Asia/Tokyo",
  rotation: { kind: "daily", handoffTime: "09:00", startDate: "2026-12-01", participants: [uuid] },
  overrides: [{ userId: uuid, from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z" }],
};
const issuePaths = (input: unknown): string[] => {
  const r = ZScheduleInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

test("the schedule schema accepts a valid schedule and names the field of each hostile input", () => {
  assert.deepEqual(issuePaths(validInput), []);
  assert.deepEqual(issuePaths({ ...validInput, timeZone: "Mars/Olympus" }), ["timeZone"]);
  assert.deepEqual(issuePaths({ ...validInput, rotation: { ...validInput.rotation, handoffTime: "24:00" } }), ["rotation.handoffTime"]);
  assert.deepEqual(issuePaths({ ...validInput, rotation: { ...validInput.rotation, startDate: "2026-02-30" } }), ["rotation.startDate"]);
  assert.deepEqual(issuePaths({ ...validInput, rotation: { ...validInput.rotation, kind: "hourly" } }), ["rotation.kind"]);
  assert.deepEqual(issuePaths({ ...validInput, overrides: [{ userId: uuid, from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" }] }), ["overrides.0.to"]);
  assert.deepEqual(issuePaths({ ...validInput, rotation: { ...validInput.rotation, participants: ["<script>"] } }), ["rotation.participants.0"]);
  assert.deepEqual(issuePaths({ ...validInput, extra: 1 }), [""]);
  for (const from of [null, true, 0, "yesterday", "2026-12-01T00:00:00"]) {
    assert.deepEqual(issuePaths({ ...validInput, overrides: [{ userId: uuid, from, to: "2026-12-02T00:00:00Z" }] }), ["overrides.0.from"], String(from));
  }
  assert.deepEqual(ZScheduleInput.parse({ ...validInput, overrides: [{ userId: uuid, from: "2026-12-01T09:00:00+09:00", to: "2026-12-02T00:00:00Z" }] }).overrides[0]!.from, at("2026-12-01T00:00:00Z"));
});

test("a refine names its sentence by a catalog key, so the platform's validation reads it in both languages", () => {
  const r = ZScheduleInput.safeParse({ ...validInput, timeZone: "Mars/Olympus", overrides: [{ userId: uuid, from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" }] });
  assert.deepEqual(r.error?.issues.map((i) => [i.code, i.message]), [["custom", "time_zone_unknown"], ["custom", "override_ends_before_start"]]);
});
