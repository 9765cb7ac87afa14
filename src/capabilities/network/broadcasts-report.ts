/**
 * The drill report (連絡網訓練の結果報告): a self-contained, printable HTML page a regulator can hand to its
 * industry after a drill. Who was reached, how fast each organisation acknowledged (from the broadcast and per
 * step: the first message, then each reminder), who never acknowledged, and percentiles. Pure: view in, HTML out.
 */
import type { Document } from "../../platform/documents/index.js";
import type { BroadcastView } from "./broadcasts-contract.js";
import { drillLabel, formatDuration } from "./broadcasts-domain.js";

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const T = {
  ja: {
    title: "連絡網訓練 結果報告", liveTitle: "一斉連絡 受領状況報告", sender: "発信", sentAt: "発信日時", kind: "種別", alert: "注意喚起", request: "要請",
    summary: "概要", recipients: "宛先の組織数", acknowledged: "受領確認済み", answered: "回答済み", never: "受領確認なし",
    p50: "受領までの時間（中央値）", p90: "受領までの時間（90パーセンタイル）", max: "受領までの時間（最長）",
    steps: "段階別の受領", step: "段階", stepFirst: "最初の連絡", stepReminder: "再通知 {n}", count: "組織数", afterStep: "その段階の連絡から受領まで（中央値／最長）",
    perOrg: "組織別の受領状況", org: "組織", ackAt: "受領確認日時", time: "受領までの時間", ackStep: "受領した段階", via: "方法", reminders: "再通知", answeredAt: "回答日時",
    neverList: "受領確認のなかった組織", none: "なし", generated: "作成日時", viaUi: "画面", viaApi: "API", viaLink: "メールのリンク",
    note: "時間は発信から各組織の最初の受領確認まで。段階は、受領確認の直前に届いた連絡（最初の連絡、または何回目の再通知か）。",
  },
  en: {
    title: "Contact-network drill: results", liveTitle: "Broadcast: acknowledgement report", sender: "Sender", sentAt: "Sent at", kind: "Kind", alert: "Alert", request: "Request",
    summary: "Summary", recipients: "Recipient organisations", acknowledged: "Acknowledged", answered: "Answered", never: "Never acknowledged",
    p50: "Time to acknowledge (median)", p90: "Time to acknowledge (90th percentile)", max: "Time to acknowledge (longest)",
    steps: "Acknowledgements per step", step: "Step", stepFirst: "First message", stepReminder: "Reminder {n}", count: "Organisations", afterStep: "From that step's message (median / longest)",
    perOrg: "Per organisation", org: "Organisation", ackAt: "Acknowledged at", time: "Time to acknowledge", ackStep: "Step", via: "Via", reminders: "Reminders", answeredAt: "Answered at",
    neverList: "Organisations that never acknowledged", none: "None", generated: "Generated", viaUi: "screen", viaApi: "API", viaLink: "mail link",
    note: "Times run from the broadcast to each organisation's first acknowledgement. The step is the last message before it (the first message, or which reminder).",
  },
} as const;

const when = (isoTime: string | null, locale: "ja" | "en"): string =>
  isoTime ? new Date(isoTime).toLocaleString(locale === "ja" ? "ja-JP" : "en-GB", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "medium" }) + " JST" : "—";

export const renderDrillReport = (v: BroadcastView, locale: "ja" | "en", now: Date): string => {
  const t = T[locale];
  const b = v.broadcast;
  const s = v.stats!;
  const name = (o: { nameJa: string; nameEn: string }) => esc(locale === "ja" ? o.nameJa : o.nameEn || o.nameJa);
  const title = locale === "ja" ? b.titleJa || b.titleEn : b.titleEn || b.titleJa;
  const stepName = (n: number) => (n === 1 ? t.stepFirst : t.stepReminder.replace("{n}", String(n - 1)));
  const via = (x: string | null) => (x === "ui" ? t.viaUi : x === "api" ? t.viaApi : x === "link" ? t.viaLink : "—");
  const sorted = [...v.recipients].sort((a, c) => (a.timeToAckMs ?? Infinity) - (c.timeToAckMs ?? Infinity));
  const never = v.recipients.filter((r) => r.acknowledgedAt === null);
  const pct = (n: number) => (s.recipients ? `${Math.round((n / s.recipients) * 1000) / 10}%` : "—");
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<title>${esc(b.isDrill ? `${drillLabel(locale)} ${t.title}` : t.liveTitle)} — ${esc(title)}</title>
<style>
  body { font-family: "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; margin: 2rem; color: #111; font-size: 11pt; }
  h1 { font-size: 18pt; margin: 0 0 .25rem; } h2 { font-size: 13pt; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #999; }
  .drill { display: inline-block; border: 2px solid #b00; color: #b00; font-weight: bold; padding: 0 .4rem; margin-right: .5rem; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #bbb; padding: .2rem .4rem; text-align: left; vertical-align: top; }
  th { background: #f0f0f0; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: bold; }
  .muted { color: #555; font-size: 9pt; } tr.never td { background: #fff3f3; }
  @media print { body { margin: 1cm; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${b.isDrill ? `<span class="drill">${esc(drillLabel(locale))}</span>` : ""}${esc(b.isDrill ? t.title : t.liveTitle)}</h1>
<p><strong>${esc(title)}</strong></p>
<dl>
  <dt>${t.sender}</dt><dd>${name(b.sender)}</dd>
  <dt>${t.sentAt}</dt><dd>${esc(when(b.createdAt, locale))}</dd>
  <dt>${t.kind}</dt><dd>${b.kind === "request" ? t.request : t.alert}</dd>
</dl>
<h2>${t.summary}</h2>
<table data-testid="report-summary">
  <tr><th>${t.recipients}</th><td class="num">${s.recipients}</td></tr>
  <tr><th>${t.acknowledged}</th><td class="num">${s.acknowledged} (${pct(s.acknowledged)})</td></tr>
  ${b.kind === "request" ? `<tr><th>${t.answered}</th><td class="num">${s.answered} (${pct(s.answered)})</td></tr>` : ""}
  <tr><th>${t.never}</th><td class="num">${s.never} (${pct(s.never)})</td></tr>
  <tr><th>${t.p50}</th><td class="num">${esc(formatDuration(s.p50Ms, locale))}</td></tr>
  <tr><th>${t.p90}</th><td class="num">${esc(formatDuration(s.p90Ms, locale))}</td></tr>
  <tr><th>${t.max}</th><td class="num">${esc(formatDuration(s.maxMs, locale))}</td></tr>
</table>
<h2>${t.steps}</h2>
<table data-testid="report-steps">
  <tr><th>${t.step}</th><th>${t.count}</th><th>${t.afterStep}</th></tr>
  ${s.steps.map((st) => `<tr><td>${esc(stepName(st.step))}</td><td class="num">${st.acknowledged}</td><td class="num">${esc(formatDuration(st.p50Ms, locale))} / ${esc(formatDuration(st.maxMs, locale))}</td></tr>`).join("\n  ") || `<tr><td colspan="3">${t.none}</td></tr>`}
</table>
<h2>${t.perOrg}</h2>
<table data-testid="report-orgs">
  <tr><th>${t.org}</th><th>${t.ackAt}</th><th>${t.time}</th><th>${t.ackStep}</th><th>${t.via}</th><th>${t.reminders}</th>${b.kind === "request" ? `<th>${t.answeredAt}</th>` : ""}</tr>
  ${sorted.map((r) => `<tr${r.acknowledgedAt ? "" : ' class="never"'}><td>${name(r.org)}</td><td>${esc(when(r.acknowledgedAt, locale))}</td><td class="num">${esc(formatDuration(r.timeToAckMs, locale))}</td><td>${r.ackStep ? esc(stepName(r.ackStep)) : "—"}</td><td>${esc(via(r.acknowledgedVia))}</td><td class="num">${r.reminders}</td>${b.kind === "request" ? `<td>${esc(when(r.answeredAt, locale))}</td>` : ""}</tr>`).join("\n  ")}
</table>
<h2>${t.neverList}</h2>
${never.length ? `<ul data-testid="report-never">${never.map((r) => `<li>${name(r.org)}</li>`).join("")}</ul>` : `<p>${t.none}</p>`}
<p class="muted">${t.note}</p>
<p class="muted">${t.generated}: ${esc(when(now.toISOString(), locale))}</p>
</body>
</html>
`;
};

/**
 * The same report as the platform's document model, for its PDF renderer (A4, Japanese font): the summary and the
 * steps as key-value tables, one line per organisation (fastest first, then those that never acknowledged).
 */
export const drillReportDocument = (v: BroadcastView, locale: "ja" | "en", now: Date): Document => {
  const t = T[locale];
  const b = v.broadcast;
  const s = v.stats!;
  const name = (o: { nameJa: string; nameEn: string }) => (locale === "ja" ? o.nameJa : o.nameEn || o.nameJa);
  const title = locale === "ja" ? b.titleJa || b.titleEn : b.titleEn || b.titleJa;
  const stepName = (n: number) => (n === 1 ? t.stepFirst : t.stepReminder.replace("{n}", String(n - 1)));
  const via = (x: string | null) => (x === "ui" ? t.viaUi : x === "api" ? t.viaApi : x === "link" ? t.viaLink : "—");
  const pct = (n: number) => (s.recipients ? ` (${Math.round((n / s.recipients) * 1000) / 10}%)` : "");
  const sorted = [...v.recipients].sort((a, c) => (a.timeToAckMs ?? Infinity) - (c.timeToAckMs ?? Infinity));
  const never = v.recipients.filter((r) => r.acknowledgedAt === null);
  return {
    title: `${b.isDrill ? `${drillLabel(locale)} ${t.title}` : t.liveTitle}: ${title}`.slice(0, 300),
    locale,
    metadata: [
      { key: t.sender, value: name(b.sender) },
      { key: t.sentAt, value: when(b.createdAt, locale) },
      { key: t.kind, value: b.kind === "request" ? t.request : t.alert },
      { key: t.generated, value: when(now.toISOString(), locale) },
    ],
    sections: [
      {
        id: "summary", heading: t.summary, blocks: [{ type: "table", rows: [
          { key: t.recipients, value: String(s.recipients) },
          { key: t.acknowledged, value: `${s.acknowledged}${pct(s.acknowledged)}` },
          ...(b.kind === "request" ? [{ key: t.answered, value: `${s.answered}${pct(s.answered)}` }] : []),
          { key: t.never, value: `${s.never}${pct(s.never)}` },
          { key: t.p50, value: formatDuration(s.p50Ms, locale) },
          { key: t.p90, value: formatDuration(s.p90Ms, locale) },
          { key: t.max, value: formatDuration(s.maxMs, locale) },
        ] }],
      },
      {
        id: "steps", heading: t.steps, blocks: s.steps.length === 0 ? [{ type: "paragraph", text: t.none }] : [{ type: "table", rows: s.steps.map((st) => ({
          key: stepName(st.step), value: `${t.count} ${st.acknowledged} · ${t.afterStep}: ${formatDuration(st.p50Ms, locale)} / ${formatDuration(st.maxMs, locale)}`,
        })) }],
      },
      {
        id: "organisations", heading: t.perOrg, blocks: [{ type: "table", rows: sorted.slice(0, 500).map((r) => ({
          key: name(r.org).slice(0, 200),
          value: r.acknowledgedAt
            ? [when(r.acknowledgedAt, locale), formatDuration(r.timeToAckMs, locale), r.ackStep ? stepName(r.ackStep) : "—", via(r.acknowledgedVia),
              `${t.reminders} ${r.reminders}`, ...(b.kind === "request" ? [`${t.answeredAt} ${when(r.answeredAt, locale)}`] : [])].join(" · ")
            : `${t.never} · ${t.reminders} ${r.reminders}`,
        })) }],
      },
      { id: "never", heading: t.neverList, blocks: never.length ? [{ type: "list", ordered: false, items: never.slice(0, 500).map((r) => name(r.org)) }] : [{ type: "paragraph", text: t.none }] },
      { id: "note", heading: "—", blocks: [{ type: "paragraph", text: t.note }] },
    ],
    footer: b.isDrill ? `${drillLabel(locale)} ${t.title}` : t.liveTitle,
  };
};
