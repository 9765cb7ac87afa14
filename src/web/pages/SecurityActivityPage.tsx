/** The signed-in user's own security activity: where and when the account was used, and what failed. */
import { useTranslation } from "react-i18next";
import { PageHeader, Section } from "../components/Layout";
import { SecurityEventsTable } from "../components/SecurityEvents";

export function SecurityActivityPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("security.myTitle")} />
      <Section title={t("security.recent")} id="security-activity">
        <p className="muted">{t("security.hint")}</p>
        <SecurityEventsTable path="/me/security-events" />
      </Section>
    </>
  );
}
