/** The indicators API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { INDICATOR_TYPES, TLPS } from "../../platform/db/schema.js";

export const ZIndicator = z.object({
  id: z.string().uuid(), incidentId: z.string().uuid(), type: z.enum(INDICATOR_TYPES), value: z.string(), normalized: z.string(),
  tlp: z.enum(TLPS), description: z.string(), createdAt: z.string(), policies: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type Indicator = z.infer<typeof ZIndicator>;
export const ZIndicators = z.object({ indicators: z.array(ZIndicator), policies: z.object({ create: z.boolean() }) });
export type IndicatorsResponse = z.infer<typeof ZIndicators>;
export const ZOneIndicator = z.object({ indicator: ZIndicator, duplicate: z.boolean() });
export type OneIndicator = z.infer<typeof ZOneIndicator>;
export const ZBulkResult = z.object({
  results: z.array(z.object({
    line: z.number().int(),
    status: z.enum(["created", "duplicate", "invalid"]),
    indicator: ZIndicator.optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })),
  created: z.number().int(), duplicates: z.number().int(), invalid: z.number().int(),
});
export type BulkResult = z.infer<typeof ZBulkResult>;
