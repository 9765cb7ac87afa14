/** A report for people at a terminal: counts, method, columns with masked samples, diagnostics. */
import { formatDiagnostic } from "../diagnostics.js";
import type { ScanResult } from "../types.js";

const n = (x: number): string => x.toLocaleString("en-US");
const LABELS: Record<string, string> = {
  name_kanji: "氏名(漢字) name (kanji)", name_kana: "氏名(カナ) name (kana)", name_romaji: "氏名(ローマ字) name (romaji)", sex: "性別 sex",
  birth_date: "生年月日 birth date", email: "メール e-mail", phone: "電話 phone", postal_code: "郵便番号 postal code", address: "住所 address",
  passport_number: "旅券番号 passport no.", passport_issue_date: "旅券取得日 passport issue date", passport_expiry_date: "旅券有効期限 passport expiry date", my_number: "マイナンバー My Number",
  corporate_number: "法人番号 corporate no.", card_number: "カード番号 card no.", bank_account: "口座番号 bank account",
  drivers_licence: "免許証番号 driver's licence", ip_address: "IPアドレス IP address",
};
export const typeLabel = (t: string): string => LABELS[t] ?? t;

export function toTerminal(r: ScanResult): string {
  const out: string[] = [];
  out.push(`sokuho scan — ${r.files.join(", ")} (${r.format}, ${r.encoding}${r.compressed ? ", gzip" : ""}, ${n(r.bytes)} bytes)`);
  out.push("");
  out.push(`レコード records            ${n(r.records)}`);
  out.push(`個人 unique people          ${n(r.people.count)}   (records without a match key: ${n(r.people.recordsWithoutKeys)})`);
  out.push(`  keys: ${r.people.matchKeys.join(" | ")}`);
  out.push(`旅券 passports              ${n(r.passports.distinct)}: valid ${n(r.passports.valid)}, expired ${n(r.passports.expired)}, unknown ${n(r.passports.unknown)} (as of ${r.passports.referenceDate})`);
  out.push("");
  out.push("records with each type:");
  for (const [t, c] of Object.entries(r.recordsByType)) out.push(`  ${typeLabel(t).padEnd(40)} ${n(c ?? 0).padStart(12)}`);
  if (r.bySource) {
    out.push("");
    out.push(`records by ${r.bySource.column}:`);
    for (const [k, v] of Object.entries(r.bySource.records).sort((a, b) => b[1] - a[1])) out.push(`  ${k.padEnd(40)} ${n(v).padStart(12)}`);
  }
  out.push("");
  out.push("columns:");
  for (const c of r.columns) {
    out.push(`  ${c.table}:${c.name} → ${c.type} (confidence ${c.confidence}, ${c.basis}; valid ${n(c.valid)}/${n(c.nonNull)}, nulls ${n(c.nulls)}, uniqueness ${c.sampleUniqueness.toFixed(2)})${c.maskedSamples.length ? `  e.g. ${c.maskedSamples.join(", ")}` : ""}`);
    out.push(`      evidence: ${c.evidence.join("; ")}`);
  }
  const flags = Object.entries(r.flags).filter(([, v]) => v).map(([k]) => k);
  out.push("");
  out.push(`flags: ${flags.length ? flags.join(", ") : "none"}`);
  if (r.diagnostics.length) {
    out.push("");
    for (const d of r.diagnostics) out.push(formatDiagnostic(d));
  }
  out.push("");
  out.push(`${r.timings.seconds} s, ${r.timings.mbPerSecond} MB/s, ${n(r.timings.recordsPerSecond)} records/s, ${r.timings.threads} thread(s), peak RSS ${r.timings.peakRssMb} MB`);
  // headers, sheet and member names and source values come from the file: a control character there (an escape
  // sequence in a hostile header) must not act on the terminal
  // eslint-disable-next-line no-control-regex
  return out.join("\n").replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "\ufffd");
}
