/**
 * Durations in human units ("6日 4時間", "3 h 30 min") and Japan-time values for `datetime-local` inputs. The
 * server reads a date-time without an offset as Japan time, so inputs are filled and sent as Tokyo wall time.
 */
import { i18n } from "../i18n";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** At most two units, the larger first: days and hours, hours and minutes, or minutes. */
export const formatDuration = (ms: number): string => {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  const part = (unit: "days" | "hours" | "minutes", count: number) => i18n.t(`duration.${unit}`, { count });
  const parts =
    days > 0
      ? [part("days", days), ...(hours > 0 ? [part("hours", hours)] : [])]
      : hours > 0
        ? [part("hours", hours), ...(minutes > 0 ? [part("minutes", minutes)] : [])]
        : [part("minutes", minutes)];
  return parts.join(" ");
};

export const formatMinutes = (minutes: number): string => formatDuration(minutes * MINUTE);

/** The unit a number of minutes reads best in: 2880 → 2 days, 90 → 90 minutes. */
export type DurationUnit = "minutes" | "hours" | "days";
export const bestUnit = (minutes: number): { value: number; unit: DurationUnit } =>
  minutes > 0 && minutes % 1440 === 0
    ? { value: minutes / 1440, unit: "days" }
    : minutes > 0 && minutes % 60 === 0
      ? { value: minutes / 60, unit: "hours" }
      : { value: minutes, unit: "minutes" };
export const UNIT_MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** An instant as a `datetime-local` value in Japan time (YYYY-MM-DDTHH:mm). */
export const toTokyoLocal = (iso: string | Date): string => {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Date(d.getTime() + 9 * HOUR).toISOString().slice(0, 16);
};
export const nowTokyoLocal = (): string => toTokyoLocal(new Date());

const shortFormats = new Map<string, Intl.DateTimeFormat>();
const tokyoYear = (d: Date): number => new Date(d.getTime() + 9 * HOUR).getUTCFullYear();
/**
 * "11/22 10:00" (ja) or "22 Nov 10:00" (en), Japan time, for chips and summaries; with the year ("2016/3/19 12:00")
 * when it is not the year of `now`, so a replayed 2016 case never reads as this year's.
 */
export const formatTokyoShort = (iso: string, locale: string, now: number = Date.now()): string => {
  const d = new Date(iso);
  const withYear = tokyoYear(d) !== tokyoYear(new Date(now));
  const key = `${locale}:${withYear}`;
  let f = shortFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
      timeZone: "Asia/Tokyo", ...(withYear ? { year: "numeric" } : {}), month: locale === "en" ? "short" : "numeric", day: "numeric", hour: "2-digit", minute: "2-digit",
    });
    shortFormats.set(key, f);
  }
  return f.format(d);
};
