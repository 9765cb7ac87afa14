/** The affected-people API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { ZImportView } from "./domain.js";

export type { ImportView } from "./domain.js";
/** people: unique people of the finished imports, each merged group once; merged: people counted once because another import has them too. */
export const ZAffectedSummary = z.object({ people: z.number().int(), merged: z.number().int(), imports: z.array(ZImportView), policies: z.object({ read: z.boolean(), lookup: z.boolean(), importFile: z.boolean(), deleteImport: z.boolean() }) });
export type AffectedSummary = z.infer<typeof ZAffectedSummary>;
export const ZLookupResult = z.object({
  /** The match keys the look-up could form ("email", "kana+birth"). */
  searchedKeys: z.array(z.string()),
  people: z.array(z.object({
    importId: z.string().uuid(), personNo: z.number().int(), items: z.array(z.string()), records: z.number().int(),
    matchedBy: z.array(z.string()), contact: z.record(z.string(), z.string()),
    /** every import that has this person (merged by a strong identifier), the canonical one first: file name and line, no value */
    sources: z.array(z.object({ importId: z.string().uuid(), personNo: z.number().int(), file: z.string(), line: z.number().int() })),
  })),
});
export type LookupResult = z.infer<typeof ZLookupResult>;
export const ZDeleteImportResult = z.object({ deleted: z.string().uuid(), people: z.number().int(), merged: z.number().int() });
