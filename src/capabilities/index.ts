/** Every capability's routes, in one list: adding a capability is one line here (and one in src/web/nav.ts). */
import type { RouteModule } from "../platform/http/server.js";
import { authRoutes } from "../platform/auth/routes.js";
import { orgRoutes } from "./orgs/routes.js";
import { incidentRoutes } from "./incidents/routes.js";

export const ROUTES: RouteModule[] = [
  authRoutes,
  orgRoutes,
  incidentRoutes,
  // (one line per capability above this one)
];
