/** Settings of the current organisation, one tab per concern; tabs are links so each has its own URL. */
import { useTranslation } from "react-i18next";
import { NavLink, Navigate, useParams } from "react-router-dom";
import { PageHeader } from "../../../web/components/Layout";
import { orgHref } from "../../../web/nav";
import { SETTINGS_TABS } from "../../../web/settings-tabs";
import { useOrg } from "../../../web/org";

export function SettingsPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const { tab: tabId } = useParams();
  const tabs = SETTINGS_TABS.filter((tab) => tab.visible(org));
  const tab = tabs.find((x) => x.id === tabId);
  // No tab, or one this role cannot see here (e.g. after switching organisation): the first allowed one.
  if (!tab) return <Navigate to={orgHref(org.orgId, `settings/${tabs[0]?.id ?? "organisation"}`)} replace />;
  const { Component } = tab;

  return (
    <>
      <PageHeader title={`${t("settings.title")}: ${t(tab.labelKey)}`} />
      <nav aria-label={t("settings.tabs")} className="tabs">
        <ul>
          {tabs.map((x) => (
            <li key={x.id}>
              <NavLink to={orgHref(org.orgId, `settings/${x.id}`)}>{t(x.labelKey)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {/* Keyed by org: switching organisation must not show the previous one's data for a moment. */}
      <Component key={org.orgId} />
    </>
  );
}
