/** The evidence API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { ZOrgName } from "../../platform/auth/contract.js";

export const ZWho = z.object({ userId: z.string().uuid().nullable(), name: z.string().nullable(), org: ZOrgName.nullable() });
export const ZEvidence = z.object({
  id: z.string().uuid(), incidentId: z.string().uuid(), filename: z.string(), contentType: z.string(), size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/), description: z.string(), uploadedAt: z.string(), uploadedBy: ZWho,
  policies: z.object({ download: z.boolean(), verify: z.boolean(), custody: z.boolean() }),
});
export type Evidence = z.infer<typeof ZEvidence>;
export const ZEvidenceList = z.object({ evidence: z.array(ZEvidence), policies: z.object({ upload: z.boolean() }), limits: z.object({ maxBytes: z.number().int() }) });
export type EvidenceList = z.infer<typeof ZEvidenceList>;
export const ZCustodyEvent = z.object({
  id: z.string().uuid(), action: z.enum(["uploaded", "downloaded", "verified", "transferred", "note"]), at: z.string(), note: z.string(), actor: ZWho,
});
export type CustodyEvent = z.infer<typeof ZCustodyEvent>;
export const ZVerifyResult = z.object({
  status: z.enum(["match", "mismatch", "missing"]), sha256: z.string().optional(), size: z.number().int().optional(),
  recorded: z.object({ sha256: z.string(), size: z.number().int() }),
});
export const ZVerifyResponse = z.object({ result: ZVerifyResult, custody: z.array(ZCustodyEvent) });
export type VerifyResponse = z.infer<typeof ZVerifyResponse>;
