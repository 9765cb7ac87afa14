import type { Condition } from "./schema.js";

/** The trigger ids a condition refers to (`any` included), for the loader's checks and the engine's reasons. */
export const triggerRefs = (c: Condition | undefined): string[] => {
  if (!c) return [];
  if ("all" in c) return c.all.flatMap(triggerRefs);
  if ("any" in c) return c.any.flatMap(triggerRefs);
  if ("not" in c) return triggerRefs(c.not);
  if ("trigger" in c) return [c.trigger];
  return [];
};
