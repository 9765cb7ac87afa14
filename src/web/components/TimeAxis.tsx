/**
 * An incident on one time axis, drawn as SVG without a chart library: clocks as milestones (labels staggered
 * into rows so none overlap), gaps as bars between their clocks coloured by status (the status is also in the
 * bar's text), timeline events as small markers, and "now". Screen readers get the same facts as a table.
 */
import { useTranslation } from "react-i18next";
import type { GapStatus } from "../../capabilities/incidents/clocks";
import { formatDateTime } from "../format";
import { currentLocale } from "../i18n";
import "./incident-parts.css";

export type Milestone = { key: string; label: string; at: number };
/** isStopped: the incident was closed or recovered before the gap's end; `to` is that moment, drawn dashed. */
export type Span = { key: string; label: string; from: number; to: number; status: GapStatus | null; isRunning: boolean; isStopped?: boolean; dueAt: number | null };
export type Marker = { id: string; at: number; label: string };

type Props = { title: string; milestones: Milestone[]; spans: Span[]; markers: Marker[]; now: number };

const W = 1000;
const PAD = 18;
const FONT = 12;
const ROW = 32;
const LANE = 26;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TOKYO = 9 * HOUR;
const YEAR = 365 * DAY;
const STEPS = [
  15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 56 * DAY, 91 * DAY,
  182 * DAY, YEAR, 2 * YEAR, 5 * YEAR, 10 * YEAR,
];

/** Roughly how wide a label is: CJK characters are square, Latin ones about 0.6 em. */
export const textWidth = (s: string, size = FONT): number =>
  [...s].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? size : size * 0.62), 0);

/** Assigns each label (sorted by x) the first row where it does not touch the previous label in that row. */
export const staggerRows = (items: Array<{ x: number; width: number }>, gap = 8): number[] => {
  const rowEnds: number[] = [];
  return items.map(({ x, width }) => {
    const left = x - width / 2;
    let row = rowEnds.findIndex((end) => end + gap <= left);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = x + width / 2;
    return row;
  });
};

/** Tick positions on Japan-time boundaries, at most about eight across the axis. */
export const ticksFor = (min: number, max: number): { step: number; ticks: number[] } => {
  const step = STEPS.find((s) => (max - min) / s <= 8) ?? STEPS[STEPS.length - 1] ?? DAY;
  const ticks: number[] = [];
  const align = step >= DAY ? DAY : step;
  for (let t = Math.ceil((min + TOKYO) / align) * align - TOKYO; t <= max; t += step) ticks.push(t);
  return { step, ticks };
};

const tickFormat = (locale: string, unit: "hour" | "day" | "month") =>
  new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
    timeZone: "Asia/Tokyo",
    ...(unit === "hour"
      ? { hour: "2-digit", minute: "2-digit" }
      : unit === "day"
        ? { month: locale === "en" ? "short" : "numeric", day: "numeric" }
        : { year: "numeric", month: locale === "en" ? "short" : "numeric" }),
  });

/**
 * The axis's range. A gap still running long after the last clock (a 2016 incident seen today) would squeeze
 * every clock into a corner, so then the axis ends shortly after the last clock and such bars run off its end.
 */
export const axisRange = (times: number[], now: number, hasRunning: boolean): { min: number; max: number; isCut: boolean } => {
  let min = Math.min(...times);
  let max = Math.max(...times);
  let isCut = false;
  if (hasRunning) {
    const span = Math.max(max - min, DAY);
    if (now - max > span) isCut = true;
    else max = Math.max(max, now);
  }
  if (max - min < HOUR) {
    min -= HOUR / 2;
    max += HOUR / 2;
  }
  const margin = (max - min) * (isCut ? 0.12 : 0.04);
  return { min: min - (max - min) * 0.04, max: max + margin, isCut };
};

/**
 * The axis of one incident: its own span, from its clocks and gap bars (and now, while a gap runs). Timeline
 * events do not stretch it: an entry written years later (a list imported into a 2016 replay today) would
 * squeeze the whole response into a few pixels. Events outside the span are left off the drawing and counted.
 */
export const incidentAxis = (milestones: Milestone[], spans: Span[], markers: Marker[], now: number) => {
  // Running bars end at now, which is not a fact to scale by: the clocks and finished or stopped bars are.
  const times = [...milestones.map((m) => m.at), ...spans.flatMap((s) => (s.isRunning ? [s.from] : [s.from, s.to]))];
  if (times.length === 0) times.push(...markers.map((m) => m.at));
  if (times.length === 0) return null;
  const range = axisRange(times, now, spans.some((s) => s.isRunning));
  const shown = markers.filter((m) => m.at >= range.min && m.at <= range.max);
  return { ...range, markers: shown, markersOutside: markers.length - shown.length };
};

const COLOURS: Record<GapStatus | "none", string> = { on_time: "#2e7d45", at_risk: "#c27c00", overdue: "#c0392b", none: "#9aa5b4" };

export function TimeAxis({ title, milestones, spans, markers, now }: Props) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const axis = incidentAxis(milestones, spans, markers, now);
  if (!axis) return <p className="muted">{t("timeAxis.empty")}</p>;
  const { min, max, isCut, markersOutside } = axis;
  const x = (at: number) => PAD + ((Math.min(Math.max(at, min), max) - min) / (max - min)) * (W - 2 * PAD);

  const dayFmt = tickFormat(locale, "day");
  const hourFmt = tickFormat(locale, "hour");
  const monthFmt = tickFormat(locale, "month");
  const { step, ticks } = ticksFor(min, max);
  const tickLabel = (at: number) =>
    step >= 182 * DAY ? monthFmt.format(at) : step >= DAY || (at + TOKYO) % DAY === 0 ? dayFmt.format(at) : hourFmt.format(at);

  const sorted = [...milestones].sort((a, b) => a.at - b.at);
  const labelled = sorted.map((m) => {
    const when = step >= DAY ? `${dayFmt.format(m.at)} ${hourFmt.format(m.at)}` : hourFmt.format(m.at);
    const width = Math.max(textWidth(m.label), textWidth(when, FONT - 1)) + 4;
    // Keep a label inside the drawing; its leader line still points at the true moment.
    const cx = Math.min(Math.max(x(m.at), PAD + width / 2), W - PAD - width / 2);
    return { ...m, when, width, x: cx };
  });
  const rows = staggerRows(labelled);
  const rowCount = Math.max(1, ...rows.map((r) => r + 1));
  const axisY = rowCount * ROW + 14;
  const lanesTop = axisY + 34;
  const height = lanesTop + spans.length * LANE + 12;
  const nowX = x(now);
  const showNow = now >= min && now <= max;

  return (
    <figure className="time-axis">
      <figcaption className="visually-hidden">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" aria-hidden="true" focusable="false" className="time-axis__svg">
        {/* day bands make days countable at a glance */}
        {step >= HOUR &&
          ticks.map((tk, i) =>
            i % 2 === 0 ? <rect key={`band-${tk}`} x={x(tk)} y={axisY} width={Math.max(0, Math.min(x(tk + step), W - PAD) - x(tk))} height={height - axisY} className="time-axis__band" /> : null,
          )}
        <line x1={PAD} x2={W - PAD} y1={axisY} y2={axisY} className="time-axis__axis" />
        {ticks.map((tk) => (
          <g key={tk}>
            <line x1={x(tk)} x2={x(tk)} y1={axisY} y2={axisY + 6} className="time-axis__tick" />
            <text x={x(tk)} y={axisY + 20} textAnchor="middle" className="time-axis__tick-label">
              {tickLabel(tk)}
            </text>
          </g>
        ))}
        {labelled.map((m, i) => {
          const row = rows[i] ?? 0;
          const top = row * ROW + 4;
          return (
            <g key={m.key} className="time-axis__milestone">
              <line x1={x(m.at)} x2={x(m.at)} y1={top + ROW - 4} y2={axisY} className="time-axis__leader" />
              {m.x !== x(m.at) && <line x1={m.x} x2={x(m.at)} y1={top + ROW - 4} y2={top + ROW - 4} className="time-axis__leader" />}
              <text x={m.x} y={top + 12} textAnchor="middle" className="time-axis__label">
                {m.label}
              </text>
              <text x={m.x} y={top + 25} textAnchor="middle" className="time-axis__when">
                {m.when}
              </text>
              <circle cx={x(m.at)} cy={axisY} r={5} className="time-axis__dot" />
            </g>
          );
        })}
        {axis.markers.map((m) => (
          <path key={m.id} d={`M ${x(m.at)} ${axisY - 4} l 4 4 l -4 4 l -4 -4 z`} className="time-axis__marker" transform={`translate(0 ${-14})`}>
            <title>{m.label}</title>
          </path>
        ))}
        {spans.map((s, i) => {
          const y = lanesTop + i * LANE;
          const x1 = x(s.from);
          const x2 = Math.max(x(s.to), x1 + 3);
          const colour = COLOURS[s.status ?? "none"];
          const text = `${s.label}${s.status ? ` · ${t(`gapStatus.${s.status}`)}` : ""}`;
          const width = textWidth(text);
          // Beside the bar where there is room (right, then left), else inside it in white.
          const place = x2 + 10 + width < W - PAD ? "right" : x1 - 6 - width > PAD ? "left" : "inside";
          return (
            <g key={s.key}>
              <rect
                x={x1} y={y} width={x2 - x1} height={14} rx={3} fill={colour} opacity={s.isRunning ? 0.8 : s.isStopped ? 0.45 : 1}
                {...(s.isStopped ? { stroke: colour, strokeDasharray: "4 3", strokeWidth: 1.5 } : {})}
              />
              {s.isRunning && <path d={`M ${x2} ${y - 2} l 8 9 l -8 9 z`} fill={colour} />}
              {s.dueAt !== null && s.dueAt >= min && s.dueAt <= max && (
                <line x1={x(s.dueAt)} x2={x(s.dueAt)} y1={y - 3} y2={y + 17} className="time-axis__due" />
              )}
              <text
                x={place === "right" ? x2 + 12 : place === "left" ? x1 - 6 : x1 + 6}
                y={y + 11}
                textAnchor={place === "left" ? "end" : "start"}
                className={place === "inside" ? "time-axis__span-label time-axis__span-label--inside" : "time-axis__span-label"}
              >
                {text}
              </text>
            </g>
          );
        })}
        {isCut && (
          <text x={W - PAD} y={height - 6} textAnchor="end" className="time-axis__now-label">
            {t("timeAxis.nowLater")}
          </text>
        )}
        {!isCut && markersOutside > 0 && (
          <text x={W - PAD} y={height - 6} textAnchor="end" className="time-axis__now-label">
            {t("timeAxis.eventsOutside", { count: markersOutside })}
          </text>
        )}
        {showNow && !isCut && (
          <g>
            <line x1={nowX} x2={nowX} y1={4} y2={height - 4} className="time-axis__now" />
            <text x={nowX - 4} y={height - 6} textAnchor="end" className="time-axis__now-label">
              {t("timeAxis.now")}
            </text>
          </g>
        )}
      </svg>
      <p className="time-axis__legend" aria-hidden="true">
        {(["on_time", "at_risk", "overdue"] as const).map((s) => (
          <span key={s}>
            <span className="time-axis__swatch" style={{ background: COLOURS[s] }} /> {t(`gapStatus.${s}`)}
          </span>
        ))}
        <span>
          <span className="time-axis__swatch time-axis__swatch--due" /> {t("timeAxis.target")}
        </span>
        <span>
          <span className="time-axis__swatch time-axis__swatch--marker" /> {t("timeAxis.event")}
        </span>
      </p>
      {/* The same data as a table for screen readers. Hidden by a wrapper: a table ignores width and overflow,
          so hiding the table itself left it as wide as its text, widening the page. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("timeAxis.item")}</th>
              <th scope="col">{t("timeAxis.when")}</th>
              <th scope="col">{t("timeAxis.status")}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((m) => (
              <tr key={m.key}>
                <th scope="row">{m.label}</th>
                <td>{formatDateTime(new Date(m.at).toISOString(), locale)}</td>
                <td />
              </tr>
            ))}
            {spans.map((s) => (
              <tr key={s.key}>
                <th scope="row">{s.label}</th>
                <td>
                  {formatDateTime(new Date(s.from).toISOString(), locale)} – {s.isRunning ? t("timeAxis.now") : formatDateTime(new Date(s.to).toISOString(), locale)}
                </td>
                <td>{t(`gapStatus.${s.status ?? "none"}`)}</td>
              </tr>
            ))}
            {markers.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.label}</th>
                <td>{formatDateTime(new Date(m.at).toISOString(), locale)}</td>
                <td>{t("timeAxis.event")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
