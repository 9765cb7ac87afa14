/** Timeline events: pure shapes and rules. A correction never edits an event: it supersedes it. */
import { z } from "zod";
import { TIMELINE_KINDS } from "../../platform/db/schema.js";

const ZIds = z.array(z.string().uuid()).max(50);
export const ZTimelineInput = z.strictObject({
  at: z.string().max(40),
  kind: z.enum(TIMELINE_KINDS),
  text: z.string().trim().min(1).max(5000),
  source: z.string().trim().max(500).optional(),
  assetIds: ZIds.optional(),
  evidenceIds: ZIds.optional(),
  indicatorIds: ZIds.optional(),
});
export type TimelineInput = z.infer<typeof ZTimelineInput>;
export const ZTimelineCorrection = ZTimelineInput.partial().extend({ reason: z.string().trim().min(1).max(1000) });

/** The fields of a correction: what was given replaces, what was not is carried over. */
export const mergeCorrection = <T extends Record<string, unknown>>(old: T, patch: Partial<T>): T => {
  const out = { ...old };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
};
