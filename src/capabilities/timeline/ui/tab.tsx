/** The incident page's timeline tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { TimelinePanel } from "./TimelinePanel";

export const timelineTab: IncidentTab = {
  id: "timeline",
  labelKey: "incident.tab_timeline",
  Component: ({ orgId, incident, canEdit }) => <TimelinePanel orgId={orgId} incidentId={incident.id} canEdit={canEdit} />,
};
