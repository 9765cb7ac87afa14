import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { addDuration, formatInZone, isJapaneseHoliday, wallClock, type DayCounting } from "./days.js";

const JST: DayCounting = { timeZone: "Asia/Tokyo", firstDay: "awareness_day", days: "calendar", holidays: "jp", deadline: "end_of_day" };
const due = (start: string, days: number, c: Partial<DayCounting> = {}) => {
  const conv = { ...JST, ...c };
  return formatInZone(addDuration(new Date(start), { days }, conv), conv.timeZone);
};

describe("day counting", () => {
  test("day 1 is the awareness day, or the next day (初日不算入): one day apart", () => {
    assert.equal(due("2025-05-13T10:00:00+09:00", 30), "2025-06-11T23:59:59+09:00");
    assert.equal(due("2025-05-13T10:00:00+09:00", 30, { firstDay: "next_day" }), "2025-06-12T23:59:59+09:00");
  });

  test("the day is the Japanese day: 23:30 UTC is already the next day in Tokyo", () => {
    assert.equal(due("2025-05-12T23:30:00Z", 1), "2025-05-13T23:59:59+09:00");
  });

  test("exact time keeps the wall time; hours are exact whatever the convention", () => {
    assert.equal(due("2025-05-13T10:07:00+09:00", 3, { deadline: "exact_time" }), "2025-05-16T10:07:00+09:00");
    assert.equal(addDuration(new Date("2025-05-13T10:07:00+09:00"), { hours: 72 }, JST).toISOString(), "2025-05-16T01:07:00.000Z");
  });

  test("business days skip weekends and holidays; a holiday awareness day is not day 1", () => {
    // 2025-05-03 (Sat, 憲法記念日): first business day 5/7 is day 1, 5/9 day 3.
    assert.equal(due("2025-05-03T10:00:00+09:00", 3, { days: "business" }), "2025-05-09T23:59:59+09:00");
    assert.equal(due("2025-05-02T10:00:00+09:00", 1, { days: "business" }), "2025-05-02T23:59:59+09:00");
    assert.equal(due("2025-05-02T10:00:00+09:00", 1, { days: "business", firstDay: "next_day" }), "2025-05-07T23:59:59+09:00");
  });

  test("holiday table: Golden Week 2025 and a substitute holiday; 12/29 is not a public holiday", () => {
    for (const d of ["2025-05-03", "2025-05-04", "2025-05-05", "2025-05-06", "2026-01-01"]) assert.ok(isJapaneseHoliday(d), d);
    for (const d of ["2025-05-07", "2025-12-29", "2026-01-02"]) assert.ok(!isJapaneseHoliday(d), d);
  });

  test("a time zone with daylight saving: the offset of the due day is used", () => {
    const la = { timeZone: "America/Los_Angeles", firstDay: "next_day", days: "calendar", holidays: "none", deadline: "end_of_day" } as const;
    assert.equal(due("2026-03-01T12:00:00-08:00", 10, la), "2026-03-11T23:59:59-07:00");
  });
});

describe("day counting, properties", () => {
  // Instants from 2000 to 2049 (the holiday table's range), any minute.
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2049, 11, 1) / 60_000 }).map((m) => new Date(m * 60_000));
  const days = fc.integer({ min: 1, max: 90 });

  test("end of day is 23:59:59 local, after the start; day 1 = the next day is exactly one day later", () => {
    fc.assert(fc.property(instant, days, fc.constantFrom("Asia/Tokyo", "Asia/Singapore", "America/Los_Angeles", "UTC"), (start, n, timeZone) => {
      const c: DayCounting = { timeZone, firstDay: "awareness_day", days: "calendar", holidays: "none", deadline: "end_of_day" };
      const a = addDuration(start, { days: n }, c);
      const b = addDuration(start, { days: n }, { ...c, firstDay: "next_day" });
      const w = wallClock(a, timeZone);
      assert.deepEqual([w.hh, w.mi, w.ss], [23, 59, 59]);
      assert.ok(a.getTime() > start.getTime());
      const wb = wallClock(b, timeZone);
      assert.equal(Date.UTC(wb.y, wb.m - 1, wb.d) - Date.UTC(w.y, w.m - 1, w.d), 86_400_000);
    }));
  });

  test("a business-day deadline never falls on a weekend or a Japanese holiday, and one more day is never earlier", () => {
    fc.assert(fc.property(instant, days, (start, n) => {
      const c: DayCounting = { ...JST, days: "business" };
      const due = addDuration(start, { days: n }, c);
      const w = wallClock(due, "Asia/Tokyo");
      const dow = new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay();
      assert.ok(dow !== 0 && dow !== 6);
      assert.ok(!isJapaneseHoliday(`${w.y}-${String(w.m).padStart(2, "0")}-${String(w.d).padStart(2, "0")}`));
      assert.ok(addDuration(start, { days: n + 1 }, c).getTime() > due.getTime());
    }));
  });
});
