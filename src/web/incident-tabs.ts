/**
 * The tabs of the incident page, in order. A capability adds its tab with one line here (its `ui/tab.tsx` says
 * what it shows), like a page in nav.ts, so the incident page never imports another capability's panels.
 */
import type { ComponentType } from "react";
import type { Incident } from "../capabilities/incidents/contract";
import { affectedTab } from "../capabilities/affected/ui/tab";
import { assetsTab } from "../capabilities/assets/ui/tab";
import { decisionsTab } from "../capabilities/decisions/ui/tab";
import { evidenceTab } from "../capabilities/evidence/ui/tab";
import { activityTab, clocksTab, overviewTab } from "../capabilities/incidents/ui/tabs";
import { indicatorsTab } from "../capabilities/indicators/ui/tab";
import { obligationsTab } from "../capabilities/obligations/ui/tab";
import { tasksTab } from "../capabilities/tasks/ui/tab";
import { timelineTab } from "../capabilities/timeline/ui/tab";
import { triageTab } from "../capabilities/triage/ui/tab";

export type IncidentTabProps = {
  incident: Incident;
  /**
   * The organisation the user works in (from the URL), through which every path of the incident goes. It is not
   * `incident.orgId` (the owner): a vendor reaches a granted incident under its own organisation, and the owner's
   * paths answer it 404.
   */
  orgId: string;
  /** The user may change the incident (owner roles, or a vendor's write grant). */
  canEdit: boolean;
  now: number;
  /** Something that changes the incident itself (a clock, a decision) happened: fetch it again. */
  onChanged: () => void;
};

export type IncidentTab = { id: string; labelKey: string; Component: ComponentType<IncidentTabProps> };

export const INCIDENT_TABS: readonly IncidentTab[] = [
  overviewTab, clocksTab, timelineTab, decisionsTab, tasksTab, assetsTab, indicatorsTab, evidenceTab, affectedTab, obligationsTab, activityTab,
  triageTab,
];
