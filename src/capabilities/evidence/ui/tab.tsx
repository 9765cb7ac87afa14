/** The incident page's evidence tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { EvidencePanel } from "./EvidencePanel";

export const evidenceTab: IncidentTab = {
  id: "evidence",
  labelKey: "incident.tab_evidence",
  Component: ({ orgId, incident, canEdit }) => <EvidencePanel orgId={orgId} incidentId={incident.id} canEdit={canEdit} />,
};
