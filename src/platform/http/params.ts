/** Path parameters shared by the organisation routes (zod, so they are validated and appear in the OpenAPI document). */
import { z } from "zod";

export const ZOrgParams = z.strictObject({ orgId: z.string().uuid() });
export const ZIncidentParams = ZOrgParams.extend({ incidentId: z.string().uuid() });
