/** The incident page's assets tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { IncidentAssetsPanel } from "./IncidentAssetsPanel";

export const assetsTab: IncidentTab = {
  id: "assets",
  labelKey: "incident.tab_assets",
  Component: ({ orgId, incident, canEdit }) => <IncidentAssetsPanel orgId={orgId} incidentId={incident.id} canEdit={canEdit} isOwner={incident.access === "owner"} />,
};
