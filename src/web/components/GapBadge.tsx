/**
 * A gap between two clocks: its status as a badge (colour and a glyph repeat what the text says), and its
 * measure, "6日 / 目標 4時間", with the time left or over for a running gap.
 */
import { useTranslation } from "react-i18next";
import type { GapStatus } from "../../capabilities/incidents/clocks";
import type { Gap } from "../../capabilities/incidents/contract";
import { formatDuration, formatMinutes } from "./Duration";
import "./incident-parts.css";

const GLYPH: Record<GapStatus, string> = { on_time: "✓", at_risk: "!", overdue: "✕" };

/** `state` not_reached without a status reads 未到達, not 未開始: the gap started and the incident ended first. */
export function GapBadge({ status, prefix, state }: { status: GapStatus | null; prefix?: string; state?: Gap["state"] }) {
  const { t } = useTranslation();
  return (
    <span className={`gap-badge gap-badge--${status ?? "none"}`}>
      {status && (
        <span className="gap-badge__glyph" aria-hidden="true">
          {GLYPH[status]}
        </span>
      )}
      {prefix && <span className="gap-badge__prefix">{prefix}</span>}
      {!status && state === "not_reached" ? t("gapStop.notReached") : t(`gapStatus.${status ?? "none"}`)}
    </span>
  );
}

const RANK: Record<GapStatus | "none", number> = { overdue: 0, at_risk: 1, on_time: 2, none: 3 };
/** For sorting, worst first: overdue, at risk, on time, not measured. */
export const gapStatusRank = (status: GapStatus | null): number => RANK[status ?? "none"];

/** "検知 → 封じ込め完了" */
export const useGapName = (): ((gap: Pick<Gap, "from" | "to">) => string) => {
  const { t } = useTranslation();
  return (gap) => t("gaps.name", { from: t(`clocks.${gap.from}`), to: t(`clocks.${gap.to}`) });
};

/** Elapsed so far (running: against `now`, which the caller refreshes) or in total (done; not reached: up to the stop). */
export const elapsedOf = (gap: Gap, now: number): number | null =>
  gap.state === "running" && gap.startedAt ? now - Date.parse(gap.startedAt) : gap.elapsedMs;

export function GapMeasure({ gap, now }: { gap: Gap; now: number }) {
  const { t } = useTranslation();
  const elapsed = elapsedOf(gap, now);
  const target = formatMinutes(gap.targetMinutes);
  if (elapsed === null) return <span className="muted">{t("gaps.notStarted", { target })}</span>;
  if (gap.state === "not_reached") return <span className="gap-measure__main">{t("gapStop.measure", { elapsed: formatDuration(elapsed), target })}</span>;
  const left = gap.targetMinutes * 60_000 - elapsed;
  return (
    <span className="gap-measure">
      <span className="gap-measure__main">{t("gaps.measure", { elapsed: formatDuration(elapsed), target })}</span>
      {gap.state === "running" && (
        <span className={left < 0 ? "gap-measure__left gap-measure__left--over" : "gap-measure__left"}>
          {left < 0 ? t("gaps.over", { time: formatDuration(-left) }) : t("gaps.left", { time: formatDuration(left) })}
        </span>
      )}
    </span>
  );
}
