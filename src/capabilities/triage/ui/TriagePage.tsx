/**
 * The organisation's triage page: report an unknown mail (any member), the unattached reports with "attach to
 * incident" (triage roles), and connection logs imported before there is an incident, whose findings open one.
 */
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../web/components/Layout";
import { useOrg } from "../../../web/org";
import { EgressSection, MailSection } from "./TriagePanel";

export function TriagePage() {
  const { t } = useTranslation();
  const org = useOrg();
  const canImport = ["org-admin", "ciso", "responder"].includes(org.role);
  return (
    <>
      <PageHeader title={t("triage.pageTitle")} />
      <p className="muted">{t("triage.pageIntro")}</p>
      <MailSection orgId={org.orgId} incidentId={null} canEdit onChanged={() => undefined} />
      {canImport && <EgressSection orgId={org.orgId} incidentId={null} canEdit onChanged={() => undefined} />}
    </>
  );
}
