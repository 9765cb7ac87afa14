/** The incident page's tasks tab (listed in src/web/incident-tabs.ts). */
import type { IncidentTab } from "../../../web/incident-tabs";
import { TasksPanel } from "./TasksPanel";

export const tasksTab: IncidentTab = {
  id: "tasks",
  labelKey: "incident.tab_tasks",
  Component: ({ orgId, incident, canEdit }) => <TasksPanel orgId={orgId} incidentId={incident.id} canEdit={canEdit} isOwner={incident.access === "owner"} />,
};
