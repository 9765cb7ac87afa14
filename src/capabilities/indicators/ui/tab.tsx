/** The incident page's indicators tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { IndicatorsPanel } from "./IndicatorsPanel";

export const indicatorsTab: IncidentTab = {
  id: "indicators",
  labelKey: "incident.tab_indicators",
  Component: ({ orgId, incident, canEdit }) => <IndicatorsPanel orgId={orgId} incidentId={incident.id} canEdit={canEdit} />,
};
