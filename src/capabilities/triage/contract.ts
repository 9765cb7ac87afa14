/** The triage API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";

const ZText = z.object({ ja: z.string(), en: z.string() });
const ZWho = z.object({ userId: z.string().uuid().nullable(), name: z.string().nullable() });

export const ZMailContext = z.object({
  ownDomains: z.array(z.string()), trustedAuthservIds: z.array(z.string()), knownSenders: z.array(z.string()),
  vips: z.array(z.object({ name: z.string(), address: z.string() })),
  partners: z.array(z.object({ name: z.string(), domains: z.array(z.string()), displayNames: z.array(z.string()), dkimDomains: z.array(z.string()) })),
  updatedAt: z.string().nullable(),
  policies: z.object({ update: z.boolean() }),
});
export type MailContextResponse = z.infer<typeof ZMailContext>;

export const ZMailSignal = z.object({
  id: z.string(), severity: z.enum(["info", "low", "medium", "high"]), reason: ZText,
  evidence: z.object({
    header: z.string().optional(), part: z.string().optional(), offset: z.number().optional(), value: z.string().optional(),
    expected: z.string().optional(), kind: z.string().optional(),
  }),
});
export const ZMailAttachment = z.object({
  path: z.string(), name: z.string(), declaredType: z.string().nullable(), realType: z.string(), size: z.number(), sha256: z.string().nullable(),
  depth: z.number().int(), isEncrypted: z.boolean(), hasMacro: z.boolean(),
});
export const ZMailReport = z.object({
  id: z.string().uuid(), incidentId: z.string().uuid().nullable(), filename: z.string(), size: z.number().int(), sha256: z.string(),
  verdict: z.enum(["malicious", "suspicious", "benign"]), subject: z.string(), from: z.string(), note: z.string(),
  reportedAt: z.string(), reportedBy: ZWho,
  signals: z.array(ZMailSignal),
  rules: z.array(z.object({ id: z.string(), verdict: z.enum(["malicious", "suspicious", "benign"]), reason: ZText })),
  indicators: z.object({ urls: z.array(z.string()), domains: z.array(z.string()), ips: z.array(z.string()), sha256: z.array(z.string()) }),
  attachments: z.array(ZMailAttachment),
  warnings: z.array(z.object({ code: z.string(), message: ZText, part: z.string().optional(), offset: z.number().optional() })),
  policies: z.object({ addIndicators: z.boolean(), attach: z.boolean() }),
});
export type MailReport = z.infer<typeof ZMailReport>;
export const ZMailReports = z.object({ reports: z.array(ZMailReport), policies: z.object({ upload: z.boolean() }), limits: z.object({ maxBytes: z.number().int() }) });
export type MailReportsResponse = z.infer<typeof ZMailReports>;
export const ZAddedIndicators = z.object({ created: z.number().int(), duplicates: z.number().int(), invalid: z.number().int() });
export type AddedIndicators = z.infer<typeof ZAddedIndicators>;

export const ZEgressFinding = z.object({
  id: z.string().uuid(), importId: z.string().uuid(), rank: z.number().int(),
  kind: z.enum(["policy", "indicator", "exfiltration", "beacon", "long_connection"]), severity: z.string(),
  src: z.string(), dst: z.string(), dstHost: z.string().nullable(), port: z.number().int().nullable(), score: z.number(),
  firstSeen: z.string(), lastSeen: z.string(), firstEvidenceAt: z.string(), bytesOut: z.number(), bytesIn: z.number(), connections: z.number().int(),
  hosts: z.array(z.string()), destinations: z.array(z.string()), reason: ZText,
});
export type EgressFinding = z.infer<typeof ZEgressFinding>;
export const ZEgressImport = z.object({
  id: z.string().uuid(), incidentId: z.string().uuid().nullable(), filename: z.string(), size: z.number(), sha256: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]), createdAt: z.string(), finishedAt: z.string().nullable(), createdBy: ZWho,
  summary: z.object({
    records: z.number(), egressRecords: z.number(), skippedLines: z.number(), pairs: z.number(), findings: z.number(),
    window: z.object({ from: z.string(), to: z.string() }).nullable(),
    formats: z.array(z.string()),
    diagnostics: z.array(z.object({ severity: z.string(), line: z.number().optional(), count: z.number(), message: ZText })),
  }).nullable(),
  error: ZText.nullable(),
  policies: z.object({ addToIncident: z.boolean(), createIncident: z.boolean() }),
});
export type EgressImport = z.infer<typeof ZEgressImport>;
export const ZEgressImports = z.object({ imports: z.array(ZEgressImport), policies: z.object({ upload: z.boolean() }), limits: z.object({ maxBytes: z.number() }) });
export type EgressImportsResponse = z.infer<typeof ZEgressImports>;
export const ZEgressImportDetail = z.object({ import: ZEgressImport, findings: z.array(ZEgressFinding) });
export type EgressImportDetail = z.infer<typeof ZEgressImportDetail>;
export const ZPromoted = z.object({
  incidentId: z.string().uuid(), created: z.boolean(), detectedAt: z.string().nullable(), detectedChanged: z.boolean(),
  indicators: ZAddedIndicators, linkedAssets: z.array(z.object({ host: z.string(), assetId: z.string().uuid(), hostname: z.string() })), unmatchedHosts: z.array(z.string()),
});
export type Promoted = z.infer<typeof ZPromoted>;
export const ZHostLinked = z.object({ host: z.string(), assetId: z.string().uuid(), hostname: z.string(), createdAsset: z.boolean(), alreadyLinked: z.boolean() });
export type HostLinked = z.infer<typeof ZHostLinked>;
