/**
 * The organisation's front page: running gaps at risk or overdue first (each links to its incident: these
 * still can be acted on), then the open incidents with their worst gap and how many finished gaps overran. Fetched again every minute so a gap turning at-risk shows without a reload.
 */
import { UrlCheckbox } from "../components/UrlCheckbox";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import type { Gap, Incident, IncidentsResponse } from "../../capabilities/incidents/contract";
import { orgPath } from "../api";
import { ErrorAlert } from "../components/Alerts";
import { GapBadge, GapMeasure, gapStatusRank, useGapName } from "../components/GapBadge";
import { Badge, Label, OrgName } from "../components/Labels";
import { Loading, PageHeader, Section } from "../components/Layout";
import { useEvery, useNow } from "../components/useNow";
import { nameOf } from "../format";
import { useApi } from "../hooks";
import { currentLocale } from "../i18n";
import { orgHref } from "../nav";
import { useOrg } from "../org";
import { useMe } from "../session";
import { DueObligations } from "../../capabilities/obligations/ui/DueObligations";


export function DashboardPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const incidents = useApi<IncidentsResponse>(orgPath(org.orgId, "incidents"));
  useEvery(60_000, incidents.reload);
  const now = useNow(30_000);
  const gapName = useGapName();
  const myId = useMe().user.id;
  const [params, setParams] = useSearchParams();
  const isMine = params.get("mine") === "1";
  const open = incidents.data?.incidents.filter((i) => i.status !== "closed" && (!isMine || i.lead?.id === myId));
  const href = (i: Incident) => orgHref(org.orgId, `incidents/${encodeURIComponent(i.id)}`);
  const troubled = (open ?? [])
    .flatMap((i) => i.gaps.filter((g) => g.state === "running" && (g.status === "overdue" || g.status === "at_risk")).map((g) => ({ incident: i, gap: g })))
    .sort((a, b) => gapStatusRank(a.gap.status) - gapStatusRank(b.gap.status) || (a.gap.dueAt ?? "").localeCompare(b.gap.dueAt ?? ""));
  const overran = (i: Incident): number => i.gaps.filter((g: Gap) => g.state === "done" && g.status === "overdue").length;
  const worstFirst = [...(open ?? [])].sort(
    (a, b) => gapStatusRank(a.worstGap) - gapStatusRank(b.worstGap) || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <>
      <PageHeader title={t("dashboard.welcome", { org: nameOf(org, currentLocale()) })} />
      <div className="stats">
        <div className="stat card">
          <p className="stat__label">{t("dashboard.kind")}</p>
          <p className="stat__value stat__value--text">
            <Label group="kinds" value={org.kind} />
          </p>
          <p className="muted">
            <OrgName org={org} />
          </p>
        </div>
        <div className="stat card">
          <p className="stat__label">{t("dashboard.role")}</p>
          <p className="stat__value stat__value--text">
            <Label group="roles" value={org.role} />
          </p>
          <p className="muted">{t(org.kind === "association" && org.role === "regulator-officer" ? "roleHelp.association-officer" : `roleHelp.${org.role}`)}</p>
        </div>
        <div className="stat card" aria-busy={incidents.loading}>
          <p className="stat__label" id="open-incidents-label">
            {t("dashboard.openIncidents")}
          </p>
          <p className="stat__value" aria-labelledby="open-incidents-label" data-testid="open-incidents">
            {open?.length ?? "–"}
          </p>
          <p className="muted">
            <Link to={orgHref(org.orgId, "incidents")}>{t("dashboard.viewIncidents")}</Link>
          </p>
        </div>
      </div>
      <div className="field field--check dashboard-mine">
        <UrlCheckbox id="dashboard-mine" checked={isMine} onChange={(on) => setParams(on ? { mine: "1" } : {}, { replace: true })} />
        <label htmlFor="dashboard-mine">{t("incidentFind.dashboardMine")}</label>
      </div>
      <ErrorAlert error={incidents.error} />
      {org.kind === "company" && <DueObligations orgId={org.orgId} />}
      {!incidents.data && incidents.loading && <Loading />}
      {open && open.length > 0 && (
        <>
          <Section title={t("dashboard.troubledGaps")} id="troubled-gaps">
            {troubled.length === 0 ? (
              <p className="muted">{t("dashboard.noTroubledGaps")}</p>
            ) : (
              <ul className="plain-list dashboard-gaps">
                {troubled.map(({ incident, gap }) => (
                  <li key={`${incident.id}-${gap.key}`} className={`dashboard-gap dashboard-gap--${gap.status ?? "none"}`}>
                    <GapBadge status={gap.status} />
                    <span className="dashboard-gap__what">
                      <Link to={href(incident)}>
                        <code>{incident.ref}</code> {incident.title}
                      </Link>
                      <span className="dashboard-gap__name">{gapName(gap)}</span>
                    </span>
                    <GapMeasure gap={gap} now={now} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title={t("dashboard.openList")} id="open-incidents">
            <ul className="plain-list dashboard-gaps">
              {worstFirst.map((i) => (
                <li key={i.id} className="dashboard-gap">
                  <GapBadge status={i.worstGap} />
                  <span className="dashboard-gap__what">
                    <Link to={href(i)}>
                      <code>{i.ref}</code> {i.title}
                    </Link>
                    {overran(i) > 0 && <span className="dashboard-gap__name">{t("dashboard.overran", { count: overran(i) })}</span>}
                  </span>
                  <span>
                    <Badge group="statuses" value={i.status} /> <Badge group="severities" value={i.severity} />
                  </span>
                </li>
              ))}
            </ul>
          </Section>
        </>
      )}
    </>
  );
}
