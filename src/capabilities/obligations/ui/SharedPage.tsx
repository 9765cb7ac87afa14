/**
 * An association's page (read only): the incidents its member companies chose to share with it, each with the
 * obligations required now (what, to whom, due, status) and the reports submitted to the regulator. A revoked share
 * disappears; the association reaches nothing else of the incident.
 */
import { useTranslation } from "react-i18next";
import { orgPath } from "../../../web/api";
import { ErrorAlert } from "../../../web/components/Alerts";
import { DateTime } from "../../../web/components/Labels";
import { Loading, PageHeader, Section } from "../../../web/components/Layout";
import { useApi } from "../../../web/hooks";
import { useOrg } from "../../../web/org";
import { StatusBadge, useText } from "./ObligationsPanel";
import type { SharedResponse } from "./types";

export function SharedPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const text = useText();
  const loaded = useApi<SharedResponse>(orgPath(org.orgId, "shared"));
  const d = loaded.data;
  return (
    <>
      <PageHeader title={t("obligationShares.sharedTitle")} />
      <p className="muted">{t("obligationShares.sharedIntro")}</p>
      <ErrorAlert error={loaded.error} />
      {!d && loaded.loading && <Loading />}
      {d && d.shares.length === 0 && <p className="muted">{t("obligationShares.nothingShared")}</p>}
      {d?.shares.map((s) => (
        <Section key={s.id} title={text({ ja: s.company.nameJa, en: s.company.nameEn })} id={`shared-${s.id}`}>
          <div data-testid="shared-incident" data-company={s.companyOrgId}>
            <p className="muted small">{t("obligationShares.sharedSince")} <DateTime value={s.sharedAt} /></p>
            <h3>{t("obligationShares.obligations")}</h3>
            {s.obligations.length === 0 ? <p className="muted">{t("common.none")}</p> : (
              <table className="table" data-testid="shared-obligations">
                <thead>
                  <tr><th scope="col">{t("obligations.what")}</th><th scope="col">{t("obligations.to")}</th><th scope="col">{t("obligations.due")}</th><th scope="col">{t("obligations.status")}</th></tr>
                </thead>
                <tbody>
                  {s.obligations.map((o) => (
                    <tr key={o.obligationId}>
                      <td>{text(o.title)}</td>
                      <td>{t(`obligations.authority_${o.authority}`, { defaultValue: o.authority })}</td>
                      <td><DateTime value={o.dueAt} /></td>
                      <td><StatusBadge status={o.status} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h3>{t("obligationShares.reports")}</h3>
            {s.reports.length === 0 ? <p className="muted">{t("common.none")}</p> : (
              <table className="table" data-testid="shared-reports">
                <thead>
                  <tr><th scope="col">{t("obligations.reportTitle")}</th><th scope="col">{t("inbox.submittedAt")}</th></tr>
                </thead>
                <tbody>
                  {s.reports.map((r) => (
                    <tr key={r.id}><td>{r.title}</td><td><DateTime value={r.submittedAt} /></td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </Section>
      ))}
    </>
  );
}
