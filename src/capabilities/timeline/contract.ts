/** The timeline API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { TIMELINE_KINDS } from "../../platform/db/schema.js";
import { ZOrgName, ZPerson } from "../../platform/auth/contract.js";

export const ZTimelineEvent = z.object({
  id: z.string().uuid(), at: z.string(), kind: z.enum(TIMELINE_KINDS), text: z.string(), source: z.string(),
  assetIds: z.array(z.string()), evidenceIds: z.array(z.string()), indicatorIds: z.array(z.string()),
  actor: ZPerson.nullable(),
  actorOrg: ZOrgName.nullable(),
  createdAt: z.string(),
  /** The id of the event that corrected this one; null while it stands. */
  supersededBy: z.string().nullable(),
});
export type TimelineEvent = z.infer<typeof ZTimelineEvent>;
export const ZTimeline = z.object({ events: z.array(ZTimelineEvent), policies: z.object({ add: z.boolean() }) });
export type TimelineResponse = z.infer<typeof ZTimeline>;
