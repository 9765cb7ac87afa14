/** The assets API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { COMPROMISE_STATES } from "../../platform/db/schema.js";
import { ZOrgName } from "../../platform/auth/contract.js";
import { ASSET_FIELDS, SEGMENTATION_REASONS } from "./domain.js";

export const ZAsset = z.object({
  id: z.string().uuid(), orgId: z.string().uuid(), hostname: z.string(), addresses: z.array(z.string()), role: z.string(), owner: z.string(),
  vendor: ZOrgName.nullable(),
  holdsPersonalData: z.boolean(), internetFacing: z.boolean(), egressAllowed: z.boolean(),
  segmentation: z.object({ warning: z.boolean(), reasons: z.array(z.enum(SEGMENTATION_REASONS)) }),
  createdAt: z.string(), updatedAt: z.string(), policies: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type Asset = z.infer<typeof ZAsset>;
export type SegmentationReason = Asset["segmentation"]["reasons"][number];
export const ZAssets = z.object({ assets: z.array(ZAsset), policies: z.object({ create: z.boolean(), import: z.boolean() }) });
export type AssetsResponse = z.infer<typeof ZAssets>;

export const ZAssetLink = z.object({
  incidentId: z.string().uuid(), asset: ZAsset, compromise: z.enum(COMPROMISE_STATES), note: z.string(), linkedAt: z.string(),
  policies: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type AssetLink = z.infer<typeof ZAssetLink>;
export type Compromise = AssetLink["compromise"];
export const ZAssetLinks = z.object({ links: z.array(ZAssetLink), policies: z.object({ create: z.boolean() }) });
export type AssetLinksResponse = z.infer<typeof ZAssetLinks>;

export const ZImportReport = z.object({
  dryRun: z.boolean(), applied: z.boolean(), encoding: z.enum(["utf-8", "shift_jis"]).nullable(),
  created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(),
  rows: z.array(z.object({ line: z.number().int(), hostname: z.string(), action: z.enum(["create", "update", "unchanged"]), segmentation: z.array(z.enum(SEGMENTATION_REASONS)) })),
  errors: z.array(z.object({
    line: z.number().int(), column: z.string().nullable(), field: z.enum(ASSET_FIELDS as [string, ...string[]]).nullable(), code: z.string(), ja: z.string(), en: z.string(),
  })),
});
export type ImportReport = z.infer<typeof ZImportReport>;
/** A refused import: the error, and the report naming each bad row. */
export const ZImportRefused = z.object({
  error: z.object({ code: z.string(), field: z.string().optional(), message: z.string(), requestId: z.string() }),
  report: ZImportReport.optional(),
});
