/** The gaps between clocks against their targets, and the incident drawn on one time axis. */
import { useTranslation } from "react-i18next";
import { CLOCKS } from "../clocks";
import type { Gap, Incident } from "../contract";
import type { TimelineEvent } from "../../timeline/contract";
import { DateTime } from "../../../web/components/Labels";
import { formatDuration } from "../../../web/components/Duration";
import { GapBadge, GapMeasure, elapsedOf, useGapName } from "../../../web/components/GapBadge";
import { TimeAxis, type Marker, type Milestone, type Span } from "../../../web/components/TimeAxis";

/** Gaps worth a look first: overdue, then at risk, then running, then the rest (stable otherwise). */
const RANK = (g: Gap): number =>
  g.status === "overdue" ? (g.state === "running" ? 0 : 2) : g.status === "at_risk" ? 1 : g.state === "running" ? 3 : g.state === "not_started" ? 5 : 4;
export const urgentFirst = (gaps: Gap[]): Gap[] => [...gaps].sort((a, b) => RANK(a) - RANK(b));

export function GapsTable({ gaps, now }: { gaps: Gap[]; now: number }) {
  const { t } = useTranslation();
  const gapName = useGapName();
  const isStopped = gaps.some((g) => g.state === "not_reached");
  return (
    <div className="table-wrap">
      {isStopped && <p className="muted gaps-table__note">{t("gapStop.note")}</p>}
      <table className="gaps-table">
        <thead>
          <tr>
            <th scope="col">{t("gaps.gap")}</th>
            <th scope="col">{t("gaps.status")}</th>
            <th scope="col">{t("gaps.elapsed")}</th>
            <th scope="col">{t("gaps.dueAt")}</th>
          </tr>
        </thead>
        <tbody>
          {urgentFirst(gaps).map((g) => (
            <tr key={g.key} className={g.state === "not_started" ? "row--inactive" : `gap-row--${g.status ?? "none"}`} data-gap={g.key}>
              <th scope="row">{gapName(g)}</th>
              <td>
                <GapBadge status={g.status} state={g.state} />
                {g.state === "running" && <span className="gaps-table__running">{t("gaps.running")}</span>}
                {g.state === "not_reached" && g.status && <span className="gaps-table__running">{t("gapStop.notReached")}</span>}
              </td>
              <td>
                <GapMeasure gap={g} now={now} />
              </td>
              <td className="nowrap">{g.dueAt ? <DateTime value={g.dueAt} /> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentTimeAxis({ incident, events, now }: { incident: Incident; events: TimelineEvent[]; now: number }) {
  const { t } = useTranslation();
  const gapName = useGapName();
  const milestones: Milestone[] = CLOCKS.flatMap((c) => {
    const v = incident.clocks[c];
    return v ? [{ key: c, label: t(`clocks.${c}`), at: Date.parse(v.at) }] : [];
  });
  const spans: Span[] = incident.gaps
    .filter((g) => g.startedAt)
    .map((g) => ({
      key: g.key,
      label: `${gapName(g)} ${formatDuration(elapsedOf(g, now) ?? 0)}${g.state === "not_reached" ? ` · ${t("gapStop.notReached")}` : ""}`,
      from: Date.parse(g.startedAt ?? ""),
      // a gap never reached ends where the incident was closed or recovered, not now
      to: g.endedAt ? Date.parse(g.endedAt) : g.stoppedAt ? Date.parse(g.stoppedAt) : now,
      status: g.status,
      isRunning: g.state === "running",
      isStopped: g.state === "not_reached",
      dueAt: g.dueAt ? Date.parse(g.dueAt) : null,
    }));
  const markers: Marker[] = events
    .filter((e) => !e.supersededBy && e.kind !== "clock")
    .map((e) => ({ id: e.id, at: Date.parse(e.at), label: `${t(`timelineKinds.${e.kind}`)}: ${e.text.slice(0, 80)}` }));
  return <TimeAxis title={t("timeAxis.title")} milestones={milestones} spans={spans} markers={markers} now={now} />;
}
