/** The incident page's triage tab (listed in src/web/incident-tabs.ts): suspicious mails and connection logs. */
import type { IncidentTab } from "../../../web/incident-tabs";
import { TriagePanel } from "./TriagePanel";

export const triageTab: IncidentTab = {
  id: "triage",
  labelKey: "triage.tab",
  Component: ({ orgId, incident, canEdit, onChanged }) => <TriagePanel orgId={orgId} incidentId={incident.id} canEdit={canEdit} onChanged={onChanged} />,
};
