/** The incident page's obligations tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { ObligationsPanel } from "./ObligationsPanel";

export const obligationsTab: IncidentTab = {
  id: "obligations",
  labelKey: "incident.tab_obligations",
  Component: ({ orgId, incident }) => <ObligationsPanel orgId={orgId} incidentId={incident.id} own={incident.orgId === orgId} />,
};
