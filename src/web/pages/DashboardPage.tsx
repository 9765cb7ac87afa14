import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { IncidentsResponse } from "../api-types";
import { orgPath } from "../api";
import { ErrorAlert } from "../components/Alerts";
import { Label, OrgName } from "../components/Labels";
import { PageHeader } from "../components/Layout";
import { nameOf } from "../format";
import { useApi } from "../hooks";
import { currentLocale } from "../i18n";
import { orgHref } from "../nav";
import { useOrg } from "../org";

export function DashboardPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const incidents = useApi<IncidentsResponse>(orgPath(org.orgId, "incidents"));
  const open = incidents.data?.incidents.filter((i) => i.status !== "closed").length;

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
          <p className="muted">{org.role}</p>
        </div>
        <div className="stat card" aria-busy={incidents.loading}>
          <p className="stat__label" id="open-incidents-label">
            {t("dashboard.openIncidents")}
          </p>
          <p className="stat__value" aria-labelledby="open-incidents-label" data-testid="open-incidents">
            {open ?? "–"}
          </p>
          <p className="muted">
            <Link to={orgHref(org.orgId, "incidents")}>{t("dashboard.viewIncidents")}</Link>
          </p>
        </div>
      </div>
      <ErrorAlert error={incidents.error} />
    </>
  );
}
