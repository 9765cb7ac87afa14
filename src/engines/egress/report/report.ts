/** The result as JSON (machine), a ranked table for a terminal, and a self-contained HTML page. */
import { formatDiagnostic } from "../diagnostics.js";
import { formatBytes } from "../detect.js";
import type { EgressResult, Finding } from "../types.js";

export const toJson = (r: EgressResult): string => JSON.stringify(r, null, 2);

const KIND: Record<Finding["kind"], { ja: string; en: string }> = {
  policy: { ja: "ポリシー違反", en: "policy" },
  indicator: { ja: "指標一致", en: "indicator" },
  exfiltration: { ja: "持ち出し", en: "exfiltration" },
  beacon: { ja: "ビーコン", en: "beacon" },
  long_connection: { ja: "長時間接続", en: "long connection" },
};

const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length));

export function toTerminal(r: EgressResult): string {
  const out: string[] = [];
  out.push(`外部通信の検知 / egress analysis: ${r.records.toLocaleString()} records (${r.egressRecords.toLocaleString()} inside→outside, ${r.pairs.toLocaleString()} pairs)${r.window ? `, ${r.window.from} – ${r.window.to}` : ""}`);
  out.push(`${r.timings.seconds.toFixed(2)} s, ${r.timings.recordsPerSecond.toLocaleString()} records/s, peak ${r.timings.peakRssMb} MB`);
  out.push("");
  if (r.findings.length === 0) out.push("検知なし / no findings");
  else {
    out.push(`${pad("#", 4)}${pad("score", 7)}${pad("kind", 16)}${pad("src", 17)}${pad("dst", 34)}${pad("port", 7)}${pad("bytes out", 11)}${pad("first evidence (UTC)", 22)}`);
    r.findings.forEach((f, i) => {
      const dst = f.dstHost && f.dstHost !== f.dst ? `${f.dst} ${f.dstHost}` : f.dst;
      out.push(`${pad(String(i + 1), 4)}${pad(f.score.toFixed(3), 7)}${pad(KIND[f.kind].en, 16)}${pad(f.src, 17)}${pad(dst, 34)}${pad(f.port === null ? "-" : String(f.port), 7)}${pad(formatBytes(f.bytesOut), 11)}${pad(f.firstEvidenceAt.slice(0, 19).replace("T", " "), 22)}`);
      out.push(`    ${f.reason.ja}`);
      out.push(`    ${f.reason.en}`);
      out.push(`    first ${f.firstSeen} · last ${f.lastSeen} · ${f.connections.toLocaleString()} connections · per day ${f.bytesPerDay.map((d) => `${d.day.slice(5)} ${formatBytes(d.bytesOut)}`).join(", ")}`);
    });
  }
  if (r.setAside.count > 0) {
    const w = r.setAside.byWhy;
    out.push("");
    out.push(`除外 / set aside: ${r.setAside.count} (許可リスト allow-list ${w.allowlist}, 既知の定期通信 known services ${w.known_service}, 多数のホストが使う宛先 fleet services ${w.fleet_service}) — --json lists them`);
  }
  if (r.diagnostics.length > 0) {
    out.push("");
    for (const d of r.diagnostics) out.push(formatDiagnostic(d));
  }
  return out.join("\n");
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function toHtml(r: EgressResult): string {
  const rows = r.findings
    .map((f, i) => {
      const max = Math.max(1, ...f.bytesPerDay.map((d) => d.bytesOut));
      const bars = f.bytesPerDay.map((d) => `<span title="${esc(d.day)}: ${esc(formatBytes(d.bytesOut))} out, ${d.connections} conn." style="display:inline-block;width:10px;margin-right:1px;background:#c33;height:${Math.max(1, Math.round((d.bytesOut / max) * 24))}px"></span>`).join("");
      return `<tr class="${f.severity}"><td>${i + 1}</td><td>${f.score.toFixed(3)}<br><small>${f.severity}</small></td><td>${esc(KIND[f.kind].ja)}<br><small>${esc(KIND[f.kind].en)}</small></td><td>${f.hosts.map(esc).join("<br>")}</td><td>${f.destinations.map(esc).join("<br>")}${f.port !== null ? `<br><small>${f.proto ?? ""}/${f.port}</small>` : ""}</td><td>${esc(formatBytes(f.bytesOut))}<br><small>${f.connections.toLocaleString()} conn.</small></td><td><small>first ${esc(f.firstSeen)}<br>evidence ${esc(f.firstEvidenceAt)}<br>last ${esc(f.lastSeen)}</small></td><td style="vertical-align:bottom">${bars}</td><td>${esc(f.reason.ja)}<br><small>${esc(f.reason.en)}</small></td></tr>`;
    })
    .join("\n");
  const diags = r.diagnostics.map((d) => `<li>${esc(formatDiagnostic(d, "ja"))}<br><small>${esc(formatDiagnostic(d, "en"))}</small></li>`).join("");
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>外部通信の検知 / egress findings</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top;font-size:.9rem}tr.critical td:first-child{border-left:4px solid #900}tr.high td:first-child{border-left:4px solid #c60}tr.medium td:first-child{border-left:4px solid #cc0}small{color:#555}</style></head><body>
<h1>外部通信の検知 <small>egress findings</small></h1>
<p>${r.records.toLocaleString()} records, ${r.egressRecords.toLocaleString()} inside→outside, ${r.pairs.toLocaleString()} pairs${r.window ? `, ${esc(r.window.from)} – ${esc(r.window.to)}` : ""}. 除外 / set aside: ${r.setAside.count}.</p>
<table><thead><tr><th>#</th><th>score</th><th>種類 kind</th><th>内部ホスト hosts</th><th>宛先 destinations</th><th>送信 bytes out</th><th>時刻 (UTC)</th><th>日別送信 per day</th><th>理由 reason</th></tr></thead><tbody>
${rows || '<tr><td colspan="9">検知なし / no findings</td></tr>'}
</tbody></table>
${diags ? `<h2>診断 <small>diagnostics</small></h2><ul>${diags}</ul>` : ""}
</body></html>
`;
}
