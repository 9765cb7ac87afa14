/**
 * The left navigation. A capability adds its page with one line here (and its route in App.tsx); `visible`
 * decides from the user's policies in the current organisation whether the entry is shown.
 */
import type { Membership, OrgPolicies } from "../platform/auth/contract";
import { readLocal, writeLocal } from "./storage";

export type NavItem = {
  id: string;
  /** Relative to /o/:orgId ("" is the organisation's dashboard). */
  path: string;
  labelKey: string;
  /** A decorative glyph; the label carries the meaning. */
  icon?: string;
  visible: (policies: OrgPolicies, membership: Membership) => boolean;
};

const always = () => true;

export const NAV: NavItem[] = [
  { id: "dashboard", path: "", labelKey: "nav.dashboard", icon: "◫", visible: always },
  { id: "incidents", path: "incidents", labelKey: "nav.incidents", icon: "⚑", visible: always },
  { id: "playbooks", path: "playbooks", labelKey: "nav.playbooks", icon: "☰", visible: always },
  { id: "assets", path: "assets", labelKey: "assets.nav", icon: "▤", visible: (_p, m) => m.kind === "company" },
  { id: "inbox", path: "inbox", labelKey: "nav.inbox", icon: "✉", visible: (_p, m) => m.kind === "regulator" },
  { id: "shared", path: "shared", labelKey: "obligationShares.nav", icon: "⇄", visible: (_p, m) => m.kind === "association" },
  { id: "broadcasts", path: "broadcasts", labelKey: "broadcasts.nav", icon: "☎", visible: (_p, m) => m.kind !== "vendor" },
  { id: "network", path: "network", labelKey: "network.nav", icon: "☏", visible: always },
  { id: "settings", path: "settings", labelKey: "nav.settings", icon: "⚙", visible: always },
  { id: "triage", path: "triage", labelKey: "triage.nav", icon: "✉", visible: (_p, m) => m.kind === "company" },
];

export const orgHref = (orgId: string, path = ""): string => `/o/${encodeURIComponent(orgId)}${path ? `/${path}` : ""}`;

/**
 * The same place in another organisation: keep the section (and a settings tab), drop object ids, which
 * belong to the organisation being left.
 */
export const sameSectionIn = (pathname: string, orgId: string): string => {
  const parts = pathname.split("/").filter(Boolean).slice(2); // drop "o", old org id
  const [section, sub] = parts;
  if (!section) return orgHref(orgId);
  return orgHref(orgId, section === "settings" && sub ? `settings/${sub}` : section);
};

const LAST_ORG_KEY = "sokuho.lastOrg";
/** The organisation last opened on this browser (an opaque id, nothing personal). */
export const lastOrgId = (): string | null => readLocal(LAST_ORG_KEY);
export const rememberOrg = (orgId: string): void => writeLocal(LAST_ORG_KEY, orgId);
