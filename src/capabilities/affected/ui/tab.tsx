/** The incident page's affected-people tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { AffectedPanel } from "./AffectedPanel";

export const affectedTab: IncidentTab = {
  id: "affected",
  labelKey: "incident.tab_affected",
  Component: ({ orgId, incident }) => <AffectedPanel orgId={orgId} incidentId={incident.id} />,
};
