/** Display helpers that depend on the UI language: names in both scripts, dates in Japan time. */
import type { Locale, Named } from "../platform/auth/contract";

export const nameOf = (n: Named, locale: Locale): string => (locale === "en" ? n.nameEn : n.nameJa) || n.nameJa || n.nameEn;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Incidents are judged against Japanese deadlines, so every time is shown in Asia/Tokyo, whatever the laptop says. */
export const formatDateTime = (iso: string, locale: Locale, withTime = true): string => {
  const key = `${locale}:${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      // "22 Nov 2026" in English: day/month order differs between readers, a month name does not.
      month: locale === "en" ? "short" : "2-digit",
      day: "2-digit",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", timeZoneName: "short" } : {}),
    });
    formatters.set(key, f);
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : f.format(d);
};

/** A `datetime-local` value (Japan time) as an ISO instant, for expiry inputs. */
export const tokyoLocalToIso = (local: string): string => new Date(`${local}:00+09:00`).toISOString();

/** Today plus `days` in Japan time, as a `date` input value (YYYY-MM-DD). */
export const tokyoDatePlus = (days: number): string =>
  new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The end of a Japan-time day (`YYYY-MM-DD`) as an ISO instant: "expires on the 30th" means through the 30th. */
export const endOfTokyoDay = (date: string): string => new Date(`${date}T23:59:59+09:00`).toISOString();
