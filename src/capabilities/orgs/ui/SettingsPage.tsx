/** Settings of the current organisation, one tab per concern; tabs are links so each has its own URL. */
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Navigate, useParams } from "react-router-dom";
import type { Membership } from "../../../platform/auth/contract";
import { PageHeader } from "../../../web/components/Layout";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { GapTargetsTab } from "../../incidents/ui/GapTargetsTab";
import { AuditTab } from "./AuditTab";
import { GrantsTab } from "./GrantsTab";
import { MembersTab } from "./MembersTab";
import { OrganisationTab } from "./OrganisationTab";
import { TokensTab } from "./TokensTab";

type Tab = { id: string; labelKey: string; visible: (m: Membership) => boolean; Component: ComponentType };

const TABS: Tab[] = [
  { id: "members", labelKey: "settings.members", visible: () => true, Component: MembersTab },
  { id: "tokens", labelKey: "settings.tokens", visible: (m) => m.policies.manageTokens, Component: TokensTab },
  { id: "audit", labelKey: "settings.audit", visible: (m) => m.policies.readAudit, Component: AuditTab },
  { id: "grants", labelKey: "settings.grants", visible: (m) => m.kind === "company" && m.policies.manageGrants, Component: GrantsTab },
  { id: "targets", labelKey: "settings.targets", visible: (m) => m.policies.update, Component: GapTargetsTab },
  { id: "organisation", labelKey: "settings.organisation", visible: () => true, Component: OrganisationTab },
];

export function SettingsPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const { tab: tabId } = useParams();
  const tabs = TABS.filter((tab) => tab.visible(org));
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
