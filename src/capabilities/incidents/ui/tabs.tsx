/**
 * The incident page's own tabs (listed in src/web/incident-tabs.ts): the overview (gaps, time axis, details and
 * the edit form) and the clocks.
 */
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Incident } from "../contract";
import type { TimelineResponse } from "../../timeline/contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton } from "../../../web/components/Controls";
import { Badge, DateTime } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { PapBadge, TlpBadge } from "../../../web/components/TlpBadge";
import { useAction, useApi, useMutations } from "../../../web/hooks";
import type { IncidentTab, IncidentTabProps } from "../../../web/incident-tabs";
import { orgHref } from "../../../web/nav";
import { ClocksPanel } from "./ClocksPanel";
import { GapsTable, IncidentTimeAxis } from "./GapsPanel";
import { IncidentForm } from "./IncidentForm";
import { ActivityPanel } from "./ActivityPanel";
import { IncidentTags } from "./IncidentsPage";
import { LeadTagsForm } from "./LeadTagsForm";

export const overviewTab: IncidentTab = { id: "overview", labelKey: "incident.tab_overview", Component: Overview };

export const clocksTab: IncidentTab = {
  id: "clocks",
  labelKey: "incident.tab_clocks",
  Component: function ClocksTab({ incident, orgId, onChanged }) {
    const { t } = useTranslation();
    return (
      <Section title={t("clock.title")} id="clocks">
        <ClocksPanel incident={incident} orgId={orgId} onChanged={onChanged} />
      </Section>
    );
  },
};

function Overview({ incident, orgId, now, onChanged }: IncidentTabProps) {
  const { t } = useTranslation();
  const timeline = useApi<TimelineResponse>(orgPath(orgId, "incidents", incident.id, "timeline"));
  return (
    <>
      <Section title={t("gaps.title")} id="gaps">
        {/* A new incident: every gap says 未開始 until a clock is recorded; say so, and where. */}
        {incident.gaps.every((g) => g.state === "not_started") && (
          <p className="hint-box">
            {t("gaps.startHint")}{" "}
            <Link to="?tab=clocks" replace>
              {t("gaps.recordClocks")}
            </Link>
          </p>
        )}
        <GapsTable gaps={incident.gaps} now={now} />
      </Section>
      <Section title={t("timeAxis.title")} id="time-axis">
        <IncidentTimeAxis incident={incident} events={timeline.data?.events ?? []} now={now} />
      </Section>
      <Details incident={incident} orgId={orgId} onChanged={onChanged} />
    </>
  );
}

function Details({ incident: inc, orgId, onChanged }: { incident: Incident; orgId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const path = orgPath(orgId, "incidents", inc.id);
  const save = useMutations(onChanged);
  const remove = useAction();
  const listHref = orgHref(orgId, "incidents");
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
          <dt>{t("incidentFind.lead")}</dt>
          <dd data-testid="incident-lead">{inc.lead ? inc.lead.name : <span className="muted">{t("incidentFind.noLead")}</span>}</dd>
          <dt>{t("incidentFind.tags")}</dt>
          <dd>{inc.tags.length > 0 ? <IncidentTags tags={inc.tags} /> : <span className="muted">{t("common.none")}</span>}</dd>
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
        <Section title={t("incidentFind.editLeadTags")} id="lead-tags">
          <LeadTagsForm incident={inc} orgId={orgId} onChanged={onChanged} />
        </Section>
      )}
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

/** What happened to the incident, in words, from its audit rows (each entry links to its object). */
export const activityTab: IncidentTab = {
  id: "activity", labelKey: "incident.tab_activity",
  Component: ({ incident, orgId }: IncidentTabProps) => <ActivityPanel incident={incident} orgId={orgId} />,
};
