/**
 * Dates as people write them in Japanese data: ISO, slashes, 年月日, 和暦 (明治–令和, 元年, initials such as H28.6.14),
 * kanji numerals, and passport style `14 JUN 2016`. A date is returned as a number yyyymmdd (sortable, cheap).
 */
import { nfkc } from "./normalize.js";

export interface Era {
  name: string;
  initial: string;
  /** first day, yyyymmdd */
  start: number;
  /** last day, yyyymmdd (inclusive); Infinity for the current era */
  end: number;
}

/**
 * Era boundaries. 明治 is taken from 1868-01-01 because 明治元年 was applied to the whole of 1868 retroactively;
 * on the same-day changes (1912-07-30, 1926-12-25) both eras are accepted.
 */
export const ERAS: readonly Era[] = [
  { name: "明治", initial: "M", start: 18680101, end: 19120730 },
  { name: "大正", initial: "T", start: 19120730, end: 19261225 },
  { name: "昭和", initial: "S", start: 19261225, end: 19890107 },
  { name: "平成", initial: "H", start: 19890108, end: 20190430 },
  { name: "令和", initial: "R", start: 20190501, end: Number.POSITIVE_INFINITY },
];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
}
/** yyyymmdd if the calendar date exists, else null. */
export function ymd(y: number, m: number, d: number): number | null {
  if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return null;
  return y * 10000 + m * 100 + d;
}
export function formatYmd(n: number): string {
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
/** Same month and day N years later; 29 Feb becomes 28 Feb in a common year. */
export function addYears(n: number, years: number): number {
  const y = Math.floor(n / 10000) + years;
  const m = Math.floor(n / 100) % 100;
  let d = n % 100;
  if (m === 2 && d === 29 && !isLeap(y)) d = 28;
  return y * 10000 + m * 100 + d;
}

/** Gregorian date of an era date, or null if the date does not exist or lies outside the era. */
export function fromEra(era: Era, eraYear: number, m: number, d: number): number | null {
  const y = Math.floor(era.start / 10000) + eraYear - 1;
  const n = ymd(y, m, d);
  if (n === null || eraYear < 1) return null;
  return n >= era.start && n <= era.end ? n : null;
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** 二十八 → 28, 三十一 → 31, 十 → 10, 元 → 1; also 二〇一六 (digit by digit). */
export function kanjiNumber(s: string): number | null {
  if (s === "元") return 1;
  if (s.length === 0) return null;
  if (!s.includes("十") && !s.includes("百")) {
    let n = 0;
    for (const ch of s) {
      const v = KANJI_DIGITS[ch];
      if (v === undefined) return null;
      n = n * 10 + v;
    }
    return n;
  }
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch === "百") {
      total += (cur || 1) * 100;
      cur = 0;
    } else if (ch === "十") {
      total += (cur || 1) * 10;
      cur = 0;
    } else {
      const v = KANJI_DIGITS[ch];
      if (v === undefined) return null;
      cur = v;
    }
  }
  return total + cur;
}

const MONTHS: Record<string, number> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};
const ERA_BY_KEY = new Map<string, Era>();
for (const e of ERAS) {
  ERA_BY_KEY.set(e.name, e);
  ERA_BY_KEY.set(e.initial, e);
  ERA_BY_KEY.set(e.name[0] as string, e); // 明 大 昭 平 令
}

const RE_WAREKI = /^(明治|大正|昭和|平成|令和|[明大昭平令]|[MTSHR])\s*(元|\d{1,2}|[〇一二三四五六七八九十]+)\s*(?:年|[./-])\s*(\d{1,2}|[〇一二三四五六七八九十]+)\s*(?:月|[./-])\s*(\d{1,2}|[〇一二三四五六七八九十]+)\s*日?$/;
const RE_SEIREKI = /^(\d{4}|[〇一二三四五六七八九]{4})\s*(?:年|[./-])\s*(\d{1,2}|[〇一二三四五六七八九十]+)\s*(?:月|[./-])\s*(\d{1,2}|[〇一二三四五六七八九十]+)\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const RE_PASSPORT = /^(\d{1,2})\s*([A-Z]{3})\s*(\d{4})$/;
/**
 * A month by name, as foreign guests' records write dates: 15-Jan-1970, 15 January 1970, Jan 15, 1970, January 15
 * 1970, 15th June 1970; with two year digits as Excel shows a date in English (15-Jan-70: see twoDigitYear).
 */
const RE_DAY_MONTH = /^(\d{1,2})(?:ST|ND|RD|TH)?[\s-]+([A-Z]{3})[A-Z]*\.?[\s-]+(\d{4}|\d{2})$/;
const RE_MONTH_DAY = /^([A-Z]{3})[A-Z]*\.?\s+(\d{1,2})(?:ST|ND|RD|TH)?,?\s+(\d{4}|\d{2})$/;
/**
 * A two-digit year beside a month by name (Excel's d-mmm-yy: 12-Jun-85): read as Excel and Windows read it, 30–99
 * in the 1900s and 00–29 in the 2000s. (Numbers alone, 85/06/12, keep their own rule: RE_SHORT_YEAR.)
 */
const twoDigitYear = (y: string): number => (y.length === 4 ? Number(y) : Number(y) >= 30 ? 1900 + Number(y) : 2000 + Number(y));
/** 生 / 生まれ after a birth date (1970年1月15日生まれ, 昭和45年1月15日生): the date before it. */
const BORN = /\s*(?:生まれ|生)$/;
/**
 * A weekday after a date, as Japanese business systems print booking and registration dates: 2015/11/01(日),
 * 2015年11月1日(日曜日), H27.11.1(日・祝), 2015-11-01 (Sun). Dropped unchecked: a wrong weekday is a typo, the date
 * is still a date.
 */
const WEEKDAY = /\s*\((?:[月火水木金土日](?:曜日?)?(?:[・･]祝)?|祝|MON|TUE|WED|THU|FRI|SAT|SUN)[A-Z]*\.?\)/;
/**
 * An age after a birth date, as member ledgers print it: 1970/01/15（46歳）, 1970年1月15日生（満46才）, 1970-01-15 46歳.
 * In brackets, or after a space (1970/01/1546歳 is no date).
 */
const AGE = /(?:\s*\(\s*満?\s*\d{1,3}\s*[歳才]\s*\)|\s+満?\d{1,3}\s*[歳才])$/;
/** 15.01.1970: day first, as dates with dots are written where they are (Europe); never month first */
const RE_DOTTED_DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
/**
 * 15/01/1970 or 01/15/1970: taken when one of the two is over 12, or in the order of the column (DateOrder: the
 * classifier reads it from the column's values that are not in doubt), so that the order is never a guess
 */
const RE_SLASHED_XY = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/;
/** 70/01/15 (a year in two digits, first): taken only when it is 32 or more, so that it is no day and its century is 19 */
const RE_SHORT_YEAR = /^(\d{2})([/.-])(\d{1,2})\2(\d{1,2})$/;

const num = (s: string): number | null => (/^\d+$/.test(s) ? Number(s) : kanjiNumber(s));

/** Fast path for `YYYY-MM-DD` / `YYYY/MM/DD` written in ASCII digits (the bulk of real dumps). */
function fastIso(s: string): number | null {
  if (s.length !== 10) return null;
  const sep = s.charCodeAt(4);
  if ((sep !== 0x2d && sep !== 0x2f) || s.charCodeAt(7) !== sep) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    y = y * 10 + c;
  }
  const m1 = s.charCodeAt(5) - 48, m2 = s.charCodeAt(6) - 48, d1 = s.charCodeAt(8) - 48, d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  return ymd(y, m1 * 10 + m2, d1 * 10 + d2);
}

/** Parse a date; returns yyyymmdd or null. Era dates outside their era (平成31年5月1日) are rejected. */
/** Day first (15/01/1970) or month first (01/15/1970), as a column's values that are not in doubt show it. */
export type DateOrder = "dmy" | "mdy";

export function parseDate(input: string, order?: DateOrder): number | null {
  const fast = fastIso(input);
  if (fast !== null) return fast;
  const s = nfkc(input).trim().toUpperCase().replace(AGE, "").replace(BORN, "").replace(WEEKDAY, "");
  if (s.length < 6 || s.length > 40) return null;
  if (/^\d{8}$/.test(s)) return ymd(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
  let m = RE_SEIREKI.exec(s);
  if (m) {
    const y = num(m[1] as string), mo = num(m[2] as string), d = num(m[3] as string);
    return y === null || mo === null || d === null ? null : ymd(y, mo, d);
  }
  m = RE_WAREKI.exec(s);
  if (m) {
    const era = ERA_BY_KEY.get(m[1] as string);
    const ey = num(m[2] as string), mo = num(m[3] as string), d = num(m[4] as string);
    if (!era || ey === null || mo === null || d === null) return null;
    return fromEra(era, ey, mo, d);
  }
  m = RE_PASSPORT.exec(s) ?? RE_DAY_MONTH.exec(s);
  if (m) {
    const mo = MONTHS[m[2] as string];
    return mo === undefined ? null : ymd(twoDigitYear(m[3] as string), mo, Number(m[1]));
  }
  m = RE_MONTH_DAY.exec(s);
  if (m) {
    const mo = MONTHS[m[1] as string];
    return mo === undefined ? null : ymd(twoDigitYear(m[3] as string), mo, Number(m[2]));
  }
  m = RE_DOTTED_DMY.exec(s);
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  m = RE_SLASHED_XY.exec(s);
  if (m) {
    const x = Number(m[1]);
    const y = Number(m[2]);
    // a part over 12 shows the order; both 12 or under take the column's (both over 12: no date)
    const o = orderShown(x, y) ?? (x <= 12 && y <= 12 ? order : undefined);
    if (o === undefined) return null;
    return o === "dmy" ? ymd(Number(m[3]), y, x) : ymd(Number(m[3]), x, y);
  }
  m = RE_SHORT_YEAR.exec(s);
  if (m && Number(m[1]) >= 32) return ymd(1900 + Number(m[1]), Number(m[3]), Number(m[4]));
  return null;
}

/** The order a day/month pair shows by itself: the part over 12 is the day (neither or both: none). */
function orderShown(x: number, y: number): DateOrder | undefined {
  if (x > 12 && y <= 12) return "dmy";
  if (y > 12 && x <= 12) return "mdy";
  return undefined;
}

/**
 * The order a column writes its day/month/year dates in, from the values that are not in doubt (a part over 12):
 * one order only, else none (a column with both has no order to lend its other values).
 */
export function dateOrderOf(values: readonly string[]): DateOrder | undefined {
  let dmy = 0;
  let mdy = 0;
  for (const v of values) {
    const m = RE_SLASHED_XY.exec(nfkc(v).trim());
    if (m === null) continue;
    const o = orderShown(Number(m[1]), Number(m[2]));
    if (o === "dmy") dmy++;
    else if (o === "mdy") mdy++;
  }
  return dmy > 0 && mdy === 0 ? "dmy" : mdy > 0 && dmy === 0 ? "mdy" : undefined;
}

/** Excel's serial day numbers count from 1899-12-30 (serial 60 is Excel's 29 February 1900, which never was). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_SERIAL = /^(\d{1,5})(?:\.\d+)?$/;
/** The last serial read as a date: 2099-12-31. */
const EXCEL_SERIAL_MAX = 73050;
/**
 * A date Excel wrote as its serial day number (25583 → 1970-01-15; a time of day as the fraction: 42309.5): what a
 * CSV saved from a sheet whose date column was formatted as a number holds. Only for a column the classifier found
 * written so (ColumnProfile.dateSerial): a number alone is no date.
 */
export function excelSerialDate(input: string): number | null {
  const m = EXCEL_SERIAL.exec(nfkc(input).trim());
  if (m === null) return null;
  const n = Number(m[1]);
  if (n <= 60 || n > EXCEL_SERIAL_MAX) return null;
  const d = new Date(EXCEL_EPOCH_MS + n * 86_400_000);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}
/**
 * A value that shows a column of Excel serial dates: five digits, 10000 (1927-05-18) to 2099-12-31. Four digits
 * are not enough: 1970 under 生年 is a year.
 */
export function showsExcelSerial(input: string): boolean {
  const m = EXCEL_SERIAL.exec(nfkc(input).trim());
  return m !== null && (m[1] as string).length === 5 && Number(m[1]) <= EXCEL_SERIAL_MAX;
}

/** A birth date: a real date between 1868 and the reference date. */
export function parseBirthDate(s: string, referenceYmd: number): number | null {
  const n = parseDate(s);
  return n !== null && n >= 18680101 && n <= referenceYmd ? n : null;
}

/** Today's date as yyyymmdd (UTC). */
export function todayYmd(): number {
  const d = new Date();
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}
/** `2016-06-14` → 20160614 (throws on a bad date: used for options). */
export function ymdFromIso(s: string): number {
  const n = parseDate(s);
  if (n === null) throw new Error(`not a date: ${s}`);
  return n;
}
