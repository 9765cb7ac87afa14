/** The assets API as the browser sees it (mirrors src/capabilities/assets/routes.ts). */
import type { Named } from "../../../web/api-types";

export const COMPROMISE_STATES = ["suspected", "confirmed", "cleared", "not_affected"] as const;
export type Compromise = (typeof COMPROMISE_STATES)[number];
export type SegmentationReason = "internet_facing" | "egress_allowed";

export type Asset = {
  id: string;
  orgId: string;
  hostname: string;
  addresses: string[];
  role: string;
  owner: string;
  vendor: (Named & { id: string }) | null;
  holdsPersonalData: boolean;
  internetFacing: boolean;
  egressAllowed: boolean;
  segmentation: { warning: boolean; reasons: SegmentationReason[] };
  createdAt: string;
  updatedAt: string;
  policies: { update: boolean; delete: boolean };
};
export type AssetsResponse = { assets: Asset[]; policies: { create: boolean; import: boolean } };

export type ImportReport = {
  dryRun: boolean;
  applied: boolean;
  encoding: "utf-8" | "shift_jis" | null;
  created: number;
  updated: number;
  unchanged: number;
  rows: Array<{ line: number; hostname: string; action: "create" | "update" | "unchanged"; segmentation: SegmentationReason[] }>;
  errors: Array<{ line: number; column: string | null; field: string | null; code: string; ja: string; en: string }>;
};

export type AssetLink = {
  incidentId: string;
  asset: Asset;
  compromise: Compromise;
  note: string;
  linkedAt: string;
  policies: { update: boolean; delete: boolean };
};
