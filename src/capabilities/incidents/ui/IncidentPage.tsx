/**
 * One incident, for a team under pressure: a sticky summary (worst gap, key clocks) with the sections as tabs,
 * each tab its own URL (?tab=…). The incident is fetched again every minute so gap statuses turn with time;
 * countdowns re-render every 30 seconds in between.
 */
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import type { Incident, TimelineResponse } from "../../../web/api-types";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton } from "../../../web/components/Controls";
import { formatTokyoShort } from "../../../web/components/Duration";
import { GapBadge, GapMeasure, useGapName } from "../../../web/components/GapBadge";
import { Badge, DateTime, Label, OrgName } from "../../../web/components/Labels";
import { Loading, PageHeader, Section } from "../../../web/components/Layout";
import { PapBadge, TlpBadge } from "../../../web/components/TlpBadge";
import { useEvery, useNow } from "../../../web/components/useNow";
import { useAction, useApi, useMutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { AffectedPanel } from "../../affected/ui/AffectedPanel";
import { IncidentAssetsPanel } from "../../assets/ui/IncidentAssetsPanel";
import { DecisionsPanel } from "../../decisions/ui/DecisionsPanel";
import { EvidencePanel } from "../../evidence/ui/EvidencePanel";
import { IndicatorsPanel } from "../../indicators/ui/IndicatorsPanel";
import { TasksPanel } from "../../tasks/ui/TasksPanel";
import { TimelinePanel } from "../../timeline/ui/TimelinePanel";
import { ObligationsPanel } from "../../obligations/ui/ObligationsPanel";
import { ClocksPanel } from "./ClocksPanel";
import { GapsTable, IncidentTimeAxis, urgentFirst } from "./GapsPanel";
import { IncidentForm } from "./IncidentForm";
import "./incident.css";

const TABS = ["overview", "clocks", "timeline", "decisions", "tasks", "assets", "indicators", "evidence", "affected", "obligations"] as const;
type Tab = (typeof TABS)[number];
const KEY_CLOCKS = ["detected", "contained", "leak_confirmed", "regulator_first_contact"] as const;

export function IncidentPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const { incidentId = "" } = useParams();
  const [params] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get("tab")) ?? "overview";
  const path = orgPath(org.orgId, "incidents", incidentId);
  const loaded = useApi<{ incident: Incident }>(path);
  const reload = loaded.reload;
  useEvery(60_000, reload);
  const now = useNow(30_000);
  const inc = loaded.data?.incident;

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
            <TabContent tab={tab} incident={inc} now={now} onChanged={reload} />
          </div>
        </>
      )}
    </>
  );
}

function StickySummary({ incident, tab, now }: { incident: Incident; tab: Tab; now: number }) {
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
                <dt>{t(`clockShort.${c}`)}</dt>
                <dd>{v ? <time dateTime={v.at}>{formatTokyoShort(v.at, locale)}</time> : <span className="muted">—</span>}</dd>
              </div>
            );
          })}
        </dl>
      </div>
      <nav aria-label={t("incident.tabs")} className="tabs incident-summary__tabs">
        <ul>
          {TABS.map((x) => (
            <li key={x}>
              <Link to={`?tab=${x}`} aria-current={x === tab ? "page" : undefined} replace>
                {t(`incident.tab_${x}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

function TabContent({ tab, incident, now, onChanged }: { tab: Tab; incident: Incident; now: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const ids = { orgId: incident.orgId, incidentId: incident.id, canEdit: incident.policies.update };
  switch (tab) {
    case "overview":
      return <Overview incident={incident} now={now} onChanged={onChanged} />;
    case "clocks":
      return (
        <Section title={t("clock.title")} id="clocks">
          <ClocksPanel incident={incident} onChanged={onChanged} />
        </Section>
      );
    case "timeline":
      return <TimelinePanel {...ids} />;
    case "decisions":
      return <DecisionsPanel {...ids} onChanged={onChanged} />;
    case "tasks":
      return <TasksPanel {...ids} />;
    case "assets":
      return <IncidentAssetsPanel {...ids} />;
    case "indicators":
      return <IndicatorsPanel {...ids} />;
    case "evidence":
      return <EvidencePanel {...ids} />;
    case "affected":
      return <AffectedPanel orgId={incident.orgId} incidentId={incident.id} />;
    case "obligations":
      return <ObligationsPanel orgId={incident.orgId} incidentId={incident.id} />;
  }
}

function Overview({ incident, now, onChanged }: { incident: Incident; now: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const timeline = useApi<TimelineResponse>(orgPath(incident.orgId, "incidents", incident.id, "timeline"));
  return (
    <>
      <Section title={t("gaps.title")} id="gaps">
        <GapsTable gaps={incident.gaps} now={now} />
      </Section>
      <Section title={t("timeAxis.title")} id="time-axis">
        <IncidentTimeAxis incident={incident} events={timeline.data?.events ?? []} now={now} />
      </Section>
      <Details incident={incident} onChanged={onChanged} />
    </>
  );
}

function Details({ incident: inc, onChanged }: { incident: Incident; onChanged: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const path = orgPath(inc.orgId, "incidents", inc.id);
  const save = useMutations(onChanged);
  const remove = useAction();
  const listHref = orgHref(inc.orgId, "incidents");
  return (
    <>
      <Section title={t("incidents.detail")} id="incident">
        <dl className="dl">
          <dt>{t("incidents.ref")}</dt>
          <dd>
            <code>{inc.ref}</code>
          </dd>
          <dt>{t("incidents.status")}</dt>
          <dd>
            <Badge group="statuses" value={inc.status} />
          </dd>
          <dt>{t("incidents.severity")}</dt>
          <dd>
            <Badge group="severities" value={inc.severity} />
          </dd>
          <dt>{t("incidents.category")}</dt>
          <dd>{t(`categories.${inc.category}`)}</dd>
          <dt>{t("incidents.tlp")} / {t("incidents.pap")}</dt>
          <dd className="incident-tags">
            <TlpBadge tlp={inc.tlp} /> <span className="muted">{t(`tlpHelp.${inc.tlp.replace("+", "_")}`)}</span>
            <PapBadge pap={inc.pap} /> <span className="muted">{t(`papHelp.${inc.pap}`)}</span>
          </dd>
          <dt>{t("incidents.summary")}</dt>
          <dd className="prewrap">{inc.summary || <span className="muted">{t("common.none")}</span>}</dd>
          <dt>{t("incidents.createdAt")}</dt>
          <dd>
            <DateTime value={inc.createdAt} />
          </dd>
          <dt>{t("incidents.updatedAt")}</dt>
          <dd>
            <DateTime value={inc.updatedAt} />
          </dd>
        </dl>
      </Section>
      {inc.policies.update && (
        <Section title={t("incidents.editTitle")} id="edit-incident">
          <Notice message={save.notice} />
          <ErrorAlert error={save.error ?? remove.error} />
          <IncidentForm
            key={inc.updatedAt}
            initial={inc}
            error={save.error}
            busy={save.busy}
            submitLabel={t("common.save")}
            onSubmit={(fields) => void save.mutate(() => api.patch(path, fields), t("common.saved"))}
          >
            {inc.policies.delete && (
              <ConfirmButton
                label={t("incidents.remove")}
                question={t("common.confirmRemove")}
                disabled={remove.busy}
                onConfirm={() => void remove.attempt(() => api.del(path)).then((ok) => ok && navigate(listHref, { replace: true }))}
              >
                {t("incidents.remove")}
              </ConfirmButton>
            )}
          </IncidentForm>
        </Section>
      )}
    </>
  );
}
