/**
 * One incident, for a team under pressure: a sticky summary (worst gap, key clocks) with the sections as tabs,
 * each tab its own URL (?tab=…). The incident is fetched again every minute so gap statuses turn with time;
 * countdowns re-render every 30 seconds in between.
 */
import { useTranslation } from "react-i18next";
import { useEffect } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router-dom";
import type { Incident } from "../contract";
import { orgPath } from "../../../web/api";
import { ErrorAlert } from "../../../web/components/Alerts";
import { formatTokyoShort } from "../../../web/components/Duration";
import { GapBadge, GapMeasure, useGapName } from "../../../web/components/GapBadge";
import { Badge, Label, OrgName } from "../../../web/components/Labels";
import { Loading, PageHeader } from "../../../web/components/Layout";
import { PapBadge, TlpBadge } from "../../../web/components/TlpBadge";
import { useEvery, useNow } from "../../../web/components/useNow";
import { useApi } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import { INCIDENT_TABS, type IncidentTab } from "../../../web/incident-tabs";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { urgentFirst } from "./GapsPanel";
import "./incident.css";

const KEY_CLOCKS = ["detected", "contained", "leak_confirmed", "regulator_first_contact"] as const;

/**
 * Scrolls to the element the URL's #anchor names (an activity entry's object) once its tab has rendered it;
 * panels load their rows after the tab opens, so it looks again for a moment. `x` also finds a section `x-heading`.
 */
function useScrollToHash(tab: string, isReady: boolean): void {
  const { hash } = useLocation();
  useEffect(() => {
    const id = decodeURIComponent(hash.slice(1));
    if (!id || !isReady) return;
    let tries = 0;
    const timer = window.setInterval(() => {
      const el = document.getElementById(id) ?? document.getElementById(`${id}-heading`);
      if (el) el.scrollIntoView({ block: "center" });
      if (el || ++tries > 20) window.clearInterval(timer);
    }, 100);
    return () => window.clearInterval(timer);
  }, [hash, tab, isReady]);
}

export function IncidentPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const { incidentId = "" } = useParams();
  const [params] = useSearchParams();
  const tab = INCIDENT_TABS.find((x) => x.id === params.get("tab")) ?? INCIDENT_TABS[0]!;
  const path = orgPath(org.orgId, "incidents", incidentId);
  const loaded = useApi<{ incident: Incident }>(path);
  const reload = loaded.reload;
  useEvery(60_000, reload);
  const now = useNow(30_000);
  const inc = loaded.data?.incident;
  useScrollToHash(tab.id, !!inc);

  return (
    <>
      <PageHeader title={inc ? `${inc.ref} ${inc.title}` : t("incidents.detail")}>
        <Link to={orgHref(org.orgId, "incidents")} className="button">
          {t("incidents.backToList")}
        </Link>
      </PageHeader>
      <ErrorAlert error={loaded.error} />
      {loaded.loading && !inc && <Loading />}
      {inc && (
        <>
          <div className="incident-tags" aria-label={t("incident.classification")} role="group">
            <Badge group="statuses" value={inc.status} />
            <Badge group="severities" value={inc.severity} />
            <span className="tag">{t(`categories.${inc.category}`)}</span>
            <TlpBadge tlp={inc.tlp} />
            <PapBadge pap={inc.pap} />
            <span className="muted">
              <OrgName org={inc.owner} /> · <Label group="access" value={inc.access} />
            </span>
          </div>
          <StickySummary incident={inc} tab={tab} now={now} />
          <div className="incident-tab" id="incident-tab">
            {/* The URL's organisation, not the owner's: see IncidentTabProps.orgId. */}
            <tab.Component incident={inc} orgId={org.orgId} canEdit={inc.policies.update} now={now} onChanged={reload} />
          </div>
        </>
      )}
    </>
  );
}

function StickySummary({ incident, tab, now }: { incident: Incident; tab: IncidentTab; now: number }) {
  const { t } = useTranslation();
  const gapName = useGapName();
  const locale = currentLocale();
  const [worst, ...rest] = urgentFirst(incident.gaps).filter((g) => g.status !== null);
  const alsoBad = rest.filter((g) => g.status === "overdue" || g.status === "at_risk").length;
  return (
    <div className="incident-summary" role="region" aria-label={t("incident.summary")}>
      <div className="incident-summary__row">
        <div className="incident-summary__worst" data-testid="worst-gap">
          <span className="incident-summary__label">{t("gaps.worst")}</span>
          {worst ? (
            <>
              <GapBadge status={worst.status} />
              <span className="incident-summary__gap">{gapName(worst)}</span>
              <GapMeasure gap={worst} now={now} />
              {alsoBad > 0 && <span className="muted">{t("gaps.andMore", { count: alsoBad })}</span>}
            </>
          ) : (
            <span className="muted">{t("gaps.none")}</span>
          )}
        </div>
        <dl className="incident-summary__clocks">
          {KEY_CLOCKS.map((c) => {
            const v = incident.clocks[c];
            return (
              <div key={c}>
                <dt>{t(`clocks.${c}`)}</dt>
                <dd>{v ? <time dateTime={v.at}>{formatTokyoShort(v.at, locale, now)}</time> : <span className="muted">—</span>}</dd>
              </div>
            );
          })}
        </dl>
      </div>
      <nav aria-label={t("incident.tabs")} className="tabs incident-summary__tabs">
        <ul>
          {INCIDENT_TABS.map((x) => (
            <li key={x.id}>
              <Link to={`?tab=${x.id}`} aria-current={x === tab ? "page" : undefined} replace>
                {t(x.labelKey)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
