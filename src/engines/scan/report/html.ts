/** A self-contained HTML report (Japanese first, English beside), with masked samples only. */
import type { ScanResult } from "../types.js";
import { typeLabel } from "./terminal.js";

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (x: number): string => x.toLocaleString("en-US");

export function toHtml(r: ScanResult): string {
  const rows = (pairs: [string, string][]): string => pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("");
  const byType = Object.entries(r.recordsByType).map(([t, c]) => [typeLabel(t), n(c ?? 0)] as [string, string]);
  const cols = r.columns
    .map(
      (c) =>
        `<tr><td>${esc(c.table)}</td><td>${esc(c.name)}</td><td>${esc(c.type)}</td><td>${c.confidence}</td><td>${esc(c.basis)}<br><small>${esc(c.evidence.join("; "))}</small></td><td>${n(c.valid)} / ${n(c.nonNull)}</td><td>${n(c.nulls)}</td><td>${c.sampleUniqueness.toFixed(2)}</td><td>${esc(c.maskedSamples.join(", "))}</td></tr>`,
    )
    .join("");
  const diags = r.diagnostics
    .map((d) => `<tr><td>${esc(d.severity)}</td><td>${esc(d.code)}</td><td>${esc(d.file)}${d.line !== undefined ? `:${d.line}` : ""}</td><td>${n(d.count)}</td><td>${esc(d.message.ja)}<br>${esc(d.message.en)}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>sokuho 影響調査 / impact scan</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f4f4f4}.big{font-size:1.6rem;font-weight:600}</style></head>
<body>
<h1>個人情報 影響調査 / PII impact scan</h1>
<p>${esc(r.files.join(", "))} — ${esc(r.format)}, ${esc(r.encoding)}${r.compressed ? ", gzip" : ""}, ${n(r.bytes)} bytes</p>
<table>${rows([
    ["レコード数 / records", n(r.records)],
    ["本人数（重複除去後）/ unique people", n(r.people.count)],
    ["有効な旅券 / valid passports", `${n(r.passports.valid)} (基準日 reference date ${r.passports.referenceDate})`],
    ["期限切れの旅券 / expired passports", n(r.passports.expired)],
    ["判定不能の旅券 / passports of unknown validity", n(r.passports.unknown)],
    ["旅券番号（重複除去）/ distinct passport numbers", n(r.passports.distinct)],
  ])}</table>
<h2>方法 / Method</h2>
<p>本人: ${esc(r.people.method)}</p>
<p>旅券: ${esc(r.passports.method)}</p>
<h2>項目別レコード数 / Records with each item</h2>
<table>${rows(byType)}</table>
${r.bySource ? `<h2>${esc(r.bySource.column)} 別 / by ${esc(r.bySource.column)}</h2><table>${rows(Object.entries(r.bySource.records).map(([k, v]) => [k, n(v)]))}</table>` : ""}
<h2>フラグ / Flags</h2>
<table>${rows([
    ["要配慮個人情報の可能性 / possibly sensitive", r.flags.possiblySensitive ? "yes" : "no"],
    ["備考などの文中の個人情報（メール・電話・住所・氏名）/ personal data inside notes (e-mail, phone, address, name)", r.flags.personalDataInText ? "yes" : "no"],
    ["財産的被害のおそれ（カード番号）/ financial damage (card numbers)", r.flags.financialDamage ? "yes" : "no"],
    ["ログインID・パスワード（ハッシュを含む）/ login credentials (passwords or their hashes)", r.flags.loginCredentials ? "yes" : "no"],
    ["マイナンバー / My Number", r.flags.myNumber ? "yes" : "no"],
    ["個人識別符号 / identification codes", r.flags.identificationCodes ? "yes" : "no"],
    ["1,000人超 / over 1,000 people", r.flags.over1000People ? "yes" : "no"],
  ])}</table>
<h2>列の分類 / Columns</h2>
<table><tr><th>table</th><th>column</th><th>type</th><th>confidence</th><th>basis</th><th>valid / non-null</th><th>nulls</th><th>uniqueness (sample)</th><th>masked samples</th></tr>${cols}</table>
${diags ? `<h2>警告 / Diagnostics</h2><table><tr><th>severity</th><th>code</th><th>where</th><th>count</th><th>message</th></tr>${diags}</table>` : ""}
<p>${r.timings.seconds} s · ${r.timings.mbPerSecond} MB/s · ${r.timings.threads} thread(s)</p>
</body></html>
`;
}
