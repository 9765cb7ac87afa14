/** The decisions API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { DECISION_KINDS } from "../../platform/db/schema.js";

export const ZDecision = z.object({
  id: z.string().uuid(), kind: z.enum(DECISION_KINDS), title: z.string(), authorityRole: z.string(), decidedBy: z.string(),
  options: z.array(z.string()), decision: z.string(), decidedAt: z.string(), executor: z.string(), executedAt: z.string().nullable(), createdAt: z.string(),
});
export type Decision = z.infer<typeof ZDecision>;
export type DecisionKind = Decision["kind"];
export const ZDecisions = z.object({ decisions: z.array(ZDecision), policies: z.object({ add: z.boolean() }) });
export type DecisionsResponse = z.infer<typeof ZDecisions>;
