/**
 * Passports still valid at a reference date. Method (stated in docs/scan.md): distinct passport numbers; for a
 * number seen with several issue dates the latest counts; expiry = issue date + N years by the first letter
 * (T: 10, M: 5, configurable), valid when the reference date ≤ expiry. A number of unknown type is valid if
 * issued within 5 years, expired if more than 10, and "unknown" in between; a number without an issue date is
 * "unknown". An issue date after the reference date is "unknown" too (the data cannot be right). Where the file
 * gives an expiry date (旅券有効期限), the latest one decides instead: valid when the reference date ≤ it.
 */
import { addYears, formatYmd } from "./era.js";
import { U64IdTable } from "./hashtable.js";
import { PASSPORT_WORDS } from "./tally.js";
import type { PassportCounts, PassportRule } from "./types.js";

export function countPassports(batches: Uint32Array[], referenceDate: number, rule: PassportRule): PassportCounts {
  const table = new U64IdTable(1 << 10);
  let letters: Uint32Array = new Uint32Array(1024);
  let issues: Uint32Array = new Uint32Array(1024);
  let expiries: Uint32Array = new Uint32Array(1024);
  const grow = (a: Uint32Array): Uint32Array => {
    const next = new Uint32Array(a.length * 2);
    next.set(a);
    return next;
  };
  for (const b of batches) {
    for (let i = 0; i + PASSPORT_WORDS - 1 < b.length; i += PASSPORT_WORDS) {
      const id = table.idOf(b[i] as number, b[i + 1] as number);
      if (id >= letters.length) {
        letters = grow(letters);
        issues = grow(issues);
        expiries = grow(expiries);
      }
      if (table.created) {
        letters[id] = b[i + 2] as number;
        issues[id] = b[i + 3] as number;
        expiries[id] = b[i + 4] as number;
      } else {
        if ((b[i + 3] as number) > (issues[id] as number)) issues[id] = b[i + 3] as number;
        if ((b[i + 4] as number) > (expiries[id] as number)) expiries[id] = b[i + 4] as number;
      }
    }
  }
  let valid = 0;
  let expired = 0;
  let unknown = 0;
  let withoutIssueDate = 0;
  const minYears = Math.min(...Object.values(rule.yearsByPrefix));
  const maxYears = Math.max(...Object.values(rule.yearsByPrefix));
  for (let id = 0; id < table.size; id++) {
    const issue = issues[id] as number;
    const expiry = expiries[id] as number;
    if (expiry !== 0) {
      if (referenceDate <= expiry) valid++;
      else expired++;
      continue;
    }
    if (issue === 0) {
      withoutIssueDate++;
      unknown++;
      continue;
    }
    if (issue > referenceDate) {
      unknown++;
      continue;
    }
    const years = rule.yearsByPrefix[String.fromCharCode(letters[id] as number)];
    if (years !== undefined) {
      if (referenceDate <= addYears(issue, years)) valid++;
      else expired++;
    } else if (referenceDate <= addYears(issue, minYears)) valid++;
    else if (referenceDate > addYears(issue, maxYears)) expired++;
    else unknown++;
  }
  const rules = Object.entries(rule.yearsByPrefix)
    .map(([k, y]) => `${k}: ${y}y`)
    .join(", ");
  return {
    distinct: table.size,
    valid,
    expired,
    unknown,
    withoutIssueDate,
    referenceDate: formatYmd(referenceDate),
    method: `distinct numbers; latest issue date per number; expiry = issue + years by first letter (${rules}); valid when reference date <= expiry; an expiry date given in the file decides instead; other letters and other countries' numbers: valid within ${minYears}y, expired after ${maxYears}y, else unknown`,
  };
}
