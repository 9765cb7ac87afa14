/** Every capability's routes, in one list: adding a capability is one line here (and one in src/web/nav.ts). */
import type { RouteModule } from "../platform/http/server.js";
import { authRoutes } from "../platform/auth/routes.js";
import { orgRoutes } from "./orgs/routes.js";
import { incidentRoutes } from "./incidents/routes.js";
import { evidenceRoutes } from "./evidence/routes.js";
import { assetRoutes } from "./assets/routes.js";
import { indicatorRoutes } from "./indicators/routes.js";
import { registerIncidentJobs } from "./incidents/service.js";
import { registerEvidenceJobs } from "./evidence/sweep.js";
import { timelineRoutes } from "./timeline/routes.js";
import { decisionRoutes } from "./decisions/routes.js";
import { taskRoutes } from "./tasks/routes.js";
import { affectedRoutes } from "./affected/routes.js";
import { obligationRoutes } from "./obligations/routes.js";
import { registerObligationJobs } from "./obligations/service.js";
import { broadcastRoutes } from "./network/broadcasts-routes.js";
import { registerBroadcastJobs } from "./network/broadcasts-service.js";
import { channelRoutes } from "./network/channel-routes.js";
import { registerNetworkDelivery } from "./network/delivery-runner.js";
import { networkPageRoutes } from "./network/pages-routes.js";
import { regulatorAssociationRoutes } from "./network/associations-routes.js";
import { startNetworkWorkers } from "./network/escalation-worker.js";
import { triageRoutes } from "./triage/routes.js";
import { registerTriageJobs } from "./triage/service.js";
import type { Platform } from "../platform/context.js";

export const ROUTES: RouteModule[] = [
  authRoutes,
  orgRoutes,
  incidentRoutes,
  timelineRoutes,
  decisionRoutes,
  taskRoutes,
  assetRoutes,
  indicatorRoutes,
  evidenceRoutes,
  affectedRoutes,
  obligationRoutes,
  broadcastRoutes,
  channelRoutes,
  networkPageRoutes,
  regulatorAssociationRoutes,
  triageRoutes,
  // (one line per capability above this one)
];

/** Every capability's job definitions; called once after boot and before the queues start. */
export const registerJobs = (p: Platform): void => {
  registerIncidentJobs(p);
  registerEvidenceJobs(p);
  registerObligationJobs(p);
  registerBroadcastJobs(p);
  registerNetworkDelivery(p);
  registerTriageJobs(p);
  // (one line per capability with jobs above this one)
};

/**
 * Long-running workers that are no pg-boss queue (the escalation timer), started in each process that works the
 * queues; returns their stop.
 */
export const startWorkers = (p: Platform): (() => Promise<void>) => {
  const stops = [
    startNetworkWorkers(p),
    // (one line per capability with a long-running worker above this one)
  ];
  return async () => void (await Promise.all(stops.map((s) => s())));
};
