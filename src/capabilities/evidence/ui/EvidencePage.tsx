/** /o/:orgId/incidents/:incidentId/evidence: the evidence panel on a page of its own, until the incident page embeds it. */
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import type { Incident } from "../../incidents/contract";
import { orgPath } from "../../../web/api";
import { ErrorAlert } from "../../../web/components/Alerts";
import { Loading, PageHeader } from "../../../web/components/Layout";
import { useApi } from "../../../web/hooks";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { EvidencePanel } from "./EvidencePanel";

export function EvidencePage() {
  const { t } = useTranslation();
  const org = useOrg();
  const { incidentId = "" } = useParams();
  const loaded = useApi<{ incident: Incident }>(orgPath(org.orgId, "incidents", incidentId));
  const inc = loaded.data?.incident;
  return (
    <>
      <PageHeader title={inc ? t("evidence.pageTitle", { ref: `${inc.ref} ${inc.title}` }) : t("evidence.title")}>
        <Link to={orgHref(org.orgId, `incidents/${encodeURIComponent(incidentId)}`)} className="button">
          {t("evidence.backToIncident")}
        </Link>
      </PageHeader>
      <ErrorAlert error={loaded.error} />
      {loaded.loading && !inc && <Loading />}
      {inc && <EvidencePanel orgId={org.orgId} incidentId={inc.id} canEdit={inc.policies.update} />}
    </>
  );
}
