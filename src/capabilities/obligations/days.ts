/**
 * Day counting for legal deadlines, pure. How days are counted is data (a rule set's `dayCounting`), because the
 * law leaves it to guidelines, and every answer states the convention it used:
 *
 *   timeZone   the wall clock the days are counted in (Asia/Tokyo for Japanese rules)
 *   firstDay   "awareness_day": the day the clock starts is day 1 (the PPC's reading for 確報);
 *              "next_day": day 1 is the following day (民法140条 初日不算入; Singapore's "3 days after")
 *   days       "calendar" or "business" (business = not Saturday, Sunday, or a holiday of `holidays`)
 *   holidays   "jp": Japanese public holidays (国民の祝日, from @holiday-jp/holiday_jp, 1970–2050);
 *              "jp_government": those plus 12/29–1/3, when government offices are closed (行政機関の休日に関する法律 1条);
 *              "none"
 *   deadline   "end_of_day": 23:59:59 of the last day in timeZone; "exact_time": the same wall time as the start
 *
 * A duration in hours is always exact (GDPR's 72 h), whatever the convention says.
 */
import holidayJp from "@holiday-jp/holiday_jp";

export const FIRST_DAY = ["awareness_day", "next_day"] as const;
export const DAY_KINDS = ["calendar", "business"] as const;
export const HOLIDAY_CALENDARS = ["jp", "jp_government", "none"] as const;
export const DEADLINE_KINDS = ["end_of_day", "exact_time"] as const;

export type DayCounting = {
  timeZone: string;
  firstDay: (typeof FIRST_DAY)[number];
  days: (typeof DAY_KINDS)[number];
  holidays: (typeof HOLIDAY_CALENDARS)[number];
  deadline: (typeof DEADLINE_KINDS)[number];
};
export type Duration = { days: number } | { hours: number };

/** The holiday table ends in 2050; past it a business-day count would silently treat holidays as working days. */
export const HOLIDAYS_KNOWN_UNTIL = "2050-12-31";

type Wall = { y: number; m: number; d: number; hh: number; mi: number; ss: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
};

export const isValidTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** The wall clock of an instant in a time zone. */
export const wallClock = (at: Date, timeZone: string): Wall => {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), hh: Number(parts.hour), mi: Number(parts.minute), ss: Number(parts.second) };
};

const offsetMs = (at: Date, timeZone: string): number => {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mi, w.ss) - Math.floor(at.getTime() / 1000) * 1000;
};

/** The instant a wall-clock time in a time zone stands for (the later offset wins in a DST fold). */
export const fromWallClock = (w: Wall, timeZone: string): Date => {
  const guess = Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mi, w.ss);
  const first = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(first), timeZone));
};

/** An ISO 8601 string in the time zone's own offset, as counsel reads it: 2016-06-24T23:59:59+09:00. */
export const formatInZone = (at: Date, timeZone: string): string => {
  const w = wallClock(at, timeZone);
  const off = Math.round(offsetMs(at, timeZone) / 60_000);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${p2(w.m)}-${p2(w.d)}T${p2(w.hh)}:${p2(w.mi)}:${p2(w.ss)}${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
};

const ymd = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** A calendar date moved by n days (date arithmetic in UTC, so no time zone can shift it). */
const addDate = (w: Pick<Wall, "y" | "m" | "d">, n: number): Pick<Wall, "y" | "m" | "d"> => {
  const t = new Date(Date.UTC(w.y, w.m - 1, w.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};

export const isJapaneseHoliday = (date: string): boolean => Object.hasOwn(holidayJp.holidays, date);

const isBusinessDay = (w: Pick<Wall, "y" | "m" | "d">, holidays: DayCounting["holidays"]): boolean => {
  const dow = new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay();
  if (dow === 0 || dow === 6) return false;
  if (holidays === "none") return true;
  if (holidays === "jp_government" && ((w.m === 12 && w.d >= 29) || (w.m === 1 && w.d <= 3))) return false;
  return !isJapaneseHoliday(ymd(w.y, w.m, w.d));
};

/** The last day of a period of n days that starts on `start` (a date in the rule's time zone). */
const lastDay = (start: Pick<Wall, "y" | "m" | "d">, n: number, c: DayCounting): Pick<Wall, "y" | "m" | "d"> => {
  if (c.days === "calendar") return addDate(start, c.firstDay === "awareness_day" ? n - 1 : n);
  // Business days: count n of them, starting with the start day itself only when it is day 1 and a working day.
  let day = c.firstDay === "awareness_day" ? addDate(start, -1) : start;
  for (let counted = 0; counted < n; ) {
    day = addDate(day, 1);
    if (isBusinessDay(day, c.holidays)) counted++;
  }
  return day;
};

/** The deadline `duration` after `start` under the convention `c`. */
export const addDuration = (start: Date, duration: Duration, c: DayCounting): Date => {
  if ("hours" in duration) return new Date(start.getTime() + duration.hours * 3_600_000);
  const w = wallClock(start, c.timeZone);
  if (c.deadline === "end_of_day") {
    const last = lastDay(w, duration.days, c);
    return fromWallClock({ ...last, hh: 23, mi: 59, ss: 59 }, c.timeZone);
  }
  // Exact time: "n days after" is the same wall time n (business) days later; the first-day rule does not apply.
  const last = lastDay(w, duration.days, { ...c, firstDay: "next_day" });
  return new Date(fromWallClock({ ...last, hh: w.hh, mi: w.mi, ss: w.ss }, c.timeZone).getTime() + (start.getTime() % 1000));
};

const HOLIDAY_TEXT: Record<DayCounting["holidays"], { ja: string; en: string }> = {
  jp: { ja: "・国民の祝日", en: " or Japanese public holidays" },
  jp_government: { ja: "・国民の祝日・年末年始（12月29日〜1月3日）", en: ", Japanese public holidays or 29 Dec–3 Jan" },
  none: { ja: "", en: "" },
};

/** The convention in words, for every answer (counsel must be able to recount the days). */
export const describeCounting = (c: DayCounting): { ja: string; en: string } => ({
  ja: [
    `時間帯 ${c.timeZone}`,
    c.firstDay === "awareness_day" ? "起算日（知った日）を1日目とする" : "起算日の翌日を1日目とする（初日不算入）",
    c.days === "calendar" ? "暦日（土日祝日を含む）" : `営業日（土日${HOLIDAY_TEXT[c.holidays].ja}を除く）`,
    c.deadline === "end_of_day" ? "期限は最終日の23:59:59" : "期限は起算時刻と同じ時刻",
    "時間で定める期限（例: 72時間）は時刻から正確に数える",
  ].join("、"),
  en: [
    `time zone ${c.timeZone}`,
    c.firstDay === "awareness_day" ? "the day the clock starts is day 1" : "day 1 is the day after the clock starts",
    c.days === "calendar" ? "calendar days (weekends and holidays count)" : `business days (no weekends${HOLIDAY_TEXT[c.holidays].en})`,
    c.deadline === "end_of_day" ? "due at 23:59:59 on the last day" : "due at the same time of day as the start",
    "periods in hours (e.g. 72 h) run from the exact time",
  ].join("; "),
});
