/**
 * The tabs of the settings page, in order. A capability adds its tab with one line here, like a page in nav.ts,
 * so the organisation's settings page imports no other capability's UI. `visible` decides from the membership.
 */
import type { ComponentType } from "react";
import type { Membership } from "../platform/auth/contract";
import { GapTargetsTab } from "../capabilities/incidents/ui/GapTargetsTab";
import { AuditTab } from "../capabilities/orgs/ui/AuditTab";
import { GrantsTab } from "../capabilities/orgs/ui/GrantsTab";
import { MembersTab } from "../capabilities/orgs/ui/MembersTab";
import { OrganisationTab } from "../capabilities/orgs/ui/OrganisationTab";
import { TokensTab } from "../capabilities/orgs/ui/TokensTab";
import { ContactsTab } from "../capabilities/network/ui/ContactsTab";
import { MailContextTab } from "../capabilities/triage/ui/MailContextTab";

export type SettingsTab = { id: string; labelKey: string; visible: (m: Membership) => boolean; Component: ComponentType };

export const SETTINGS_TABS: readonly SettingsTab[] = [
  { id: "members", labelKey: "settings.members", visible: () => true, Component: MembersTab },
  { id: "tokens", labelKey: "settings.tokens", visible: (m) => m.policies.manageTokens, Component: TokensTab },
  { id: "audit", labelKey: "settings.audit", visible: (m) => m.policies.readAudit, Component: AuditTab },
  { id: "grants", labelKey: "settings.grants", visible: (m) => m.kind === "company" && m.policies.manageGrants, Component: GrantsTab },
  { id: "targets", labelKey: "settings.targets", visible: (m) => m.policies.update, Component: GapTargetsTab },
  { id: "organisation", labelKey: "settings.organisation", visible: () => true, Component: OrganisationTab },
  { id: "contacts", labelKey: "settings.contacts", visible: () => true, Component: ContactsTab },
  { id: "mail", labelKey: "triage.contextTab", visible: (m) => m.kind === "company" && ["org-admin", "ciso", "responder"].includes(m.role), Component: MailContextTab },
];
