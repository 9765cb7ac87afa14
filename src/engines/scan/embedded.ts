/**
 * Personal data inside text: an e-mail address or a phone number written in a note (備考: "夜間は090-1234-5678へ",
 * "連絡は taro@example.jp まで"). A column of notes is free text or other, not a column of e-mails or phones, yet what a
 * notice must say includes them: the classifier reports, per such column, how many of the sample's values hold each
 * kind (ColumnProfile.embedded), and the result raises flags.personalDataInText. Sample only: the whole file's notes
 * are not counted (a note's personal data is not a record's type either).
 */
import { nfkc } from "./normalize.js";
import * as v from "./recognizers/values.js";
import type { PiiType } from "./types.js";

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** a national number (0…, hyphens, spaces or an area code in brackets) or +81, not inside a longer run of digits */
const PHONE_IN_TEXT = /(?<![\d-])(?:\+81[-\s]?|0)\d{1,4}(?:[-\s]|\)\s?)?\d{1,4}[-\s]?\d{3,4}(?![\d-])/g;

/** The kinds of personal data found inside a value's text (not the value as a whole: that is its column's type). */
export function embeddedIn(raw: string): PiiType[] {
  const s = nfkc(raw);
  // a match as long as the whole value is the value itself, not data inside a text
  const whole = s.trim().length;
  const kinds: PiiType[] = [];
  for (const m of s.matchAll(EMAIL_IN_TEXT)) {
    if (m[0].length < whole && v.email(m[0]) !== null) {
      kinds.push("email");
      break;
    }
  }
  for (const m of s.matchAll(PHONE_IN_TEXT)) {
    if (m[0].length < whole && v.phone(m[0]) !== null) {
      kinds.push("phone");
      break;
    }
  }
  return kinds;
}

/** Per kind, how many of the values hold it inside their text (kinds found in none left out). */
export function embeddedCounts(values: readonly string[]): { type: PiiType; values: number }[] {
  const counts = new Map<PiiType, number>();
  for (const s of values) for (const k of embeddedIn(s)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([type, n]) => ({ type, values: n }));
}
