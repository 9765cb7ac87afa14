/** The incident page's decisions tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { DecisionsPanel } from "./DecisionsPanel";

export const decisionsTab: IncidentTab = {
  id: "decisions",
  labelKey: "incident.tab_decisions",
  Component: ({ orgId, incident, canEdit, onChanged }) => <DecisionsPanel orgId={orgId} incidentId={incident.id} canEdit={canEdit} onChanged={onChanged} />,
};
