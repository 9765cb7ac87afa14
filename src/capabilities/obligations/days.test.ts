import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { addDuration, formatInZone, isJapaneseHoliday, type DayCounting } from "./days.js";

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
