/**
 * Decisions: who holds the authority, who decided, the options considered, what was decided and when, who
 * executes and when it was done. "Cut off external communication" moves the containment clocks: deciding it
 * sets containment_decided, executing it sets contained (unless those clocks are already set).
 */
import { z } from "zod";
import { DECISION_KINDS } from "../../platform/db/schema.js";
import type { Clock, Clocks } from "../incidents/clocks.js";

export const ZDecisionInput = z.strictObject({
  kind: z.enum(DECISION_KINDS),
  title: z.string().trim().min(1).max(300),
  authorityRole: z.string().trim().min(1).max(100),
  decidedBy: z.string().trim().min(1).max(200),
  // No .default() here: ZDecisionPatch is this schema made partial, and a default would fill an absent field.
  options: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
  decision: z.string().trim().min(1).max(5000),
  decidedAt: z.string().max(40),
  executor: z.string().trim().max(200).optional(),
  executedAt: z.string().max(40).nullable().optional(),
});
export type DecisionInput = z.infer<typeof ZDecisionInput>;
export const ZDecisionPatch = ZDecisionInput.partial().omit({ kind: true });

/** The clocks a decision sets, given what is already set: never overwrites a clock someone else recorded. */
export const clocksFromDecision = (
  kind: (typeof DECISION_KINDS)[number], decidedAt: Date | null, executedAt: Date | null, current: Clocks,
): Array<{ clock: Clock; at: Date }> => {
  if (kind !== "cut_off_external") return [];
  const out: Array<{ clock: Clock; at: Date }> = [];
  if (decidedAt && !current.containment_decided) out.push({ clock: "containment_decided", at: decidedAt });
  if (executedAt && !current.contained) out.push({ clock: "contained", at: executedAt });
  return out;
};

/** A decision is carried out after it is made: an execution time before the decision time is refused. */
export const isExecutedBeforeDecided = (decidedAt: Date, executedAt: Date | null): boolean =>
  executedAt !== null && executedAt.getTime() < decidedAt.getTime();
