/**
 * The incidents API's answers: the routes use these schemas (validation, OpenAPI); the UI imports the types only
 * (`import type`), so zod stays out of its bundle. The enum lists themselves live in platform/db/schema.ts and
 * clocks.ts, which have no runtime imports and may be bundled.
 */
import { z } from "zod";
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, PAPS, SEVERITIES, TLPS } from "../../platform/db/schema.js";
import { ZOrgName, ZPerson } from "../../platform/auth/contract.js";
import { CLOCKS, type Clock } from "./clocks.js";
import { ACTIVITY_KINDS, ACTIVITY_TABS } from "./activity.js";

export const GAP_STATUSES = ["on_time", "at_risk", "overdue"] as const;
export const ZGapStatus = z.enum(GAP_STATUSES);

export const ZClockValue = z.object({ at: z.string(), evidence: z.string(), setBy: ZPerson.nullable(), setAt: z.string() });
export type ClockValue = z.infer<typeof ZClockValue>;
export const ZClockHistoryEntry = ZClockValue.extend({ at: z.string().nullable() });
export type ClockHistoryEntry = z.infer<typeof ZClockHistoryEntry>;

/**
 * The clocks that are set, by name. An object with one optional property per clock, not z.record: the OpenAPI
 * document then lists every clock (a record over an enum rendered as `{}`).
 */
export const ZClocks = z.object(Object.fromEntries(CLOCKS.map((c) => [c, ZClockValue.nullable().optional()])) as Record<Clock, z.ZodOptional<z.ZodNullable<typeof ZClockValue>>>);

export const ZGap = z.object({
  key: z.string(), from: z.enum(CLOCKS), to: z.enum(CLOCKS), targetMinutes: z.number(), state: z.enum(["not_started", "running", "done", "not_reached"]),
  status: ZGapStatus.nullable(), startedAt: z.string().nullable(), endedAt: z.string().nullable(), stoppedAt: z.string().nullable(), dueAt: z.string().nullable(), elapsedMs: z.number().nullable(),
});
export type Gap = z.infer<typeof ZGap>;

export const ZIncident = z.object({
  id: z.string().uuid(), orgId: z.string().uuid(), ref: z.string(), title: z.string(), summary: z.string(),
  status: z.enum(INCIDENT_STATUSES), severity: z.enum(SEVERITIES), category: z.enum(INCIDENT_CATEGORIES), tlp: z.enum(TLPS), pap: z.enum(PAPS),
  createdAt: z.string(), updatedAt: z.string(), resolvedAt: z.string().nullable(),
  lead: ZPerson.nullable(),
  tags: z.array(z.string()),
  clocks: ZClocks,
  gaps: z.array(ZGap),
  worstGap: ZGapStatus.nullable(),
  owner: ZOrgName,
  access: z.enum(["owner", "grant-read", "grant-write"]),
  policies: z.object({ read: z.boolean(), update: z.boolean(), delete: z.boolean(), grant: z.boolean() }),
});
export type Incident = z.infer<typeof ZIncident>;
export const ZIncidents = z.object({ incidents: z.array(ZIncident), policies: z.object({ create: z.boolean() }) });
export type IncidentsResponse = z.infer<typeof ZIncidents>;

export const ZActivityEntry = z.object({
  id: z.string(), at: z.string(),
  actor: ZPerson.nullable().describe("null: the platform itself (a gap turning overdue)"),
  kind: z.enum(ACTIVITY_KINDS),
  object: z.object({ label: z.string().nullable(), labelEn: z.string().nullable(), tab: z.enum(ACTIVITY_TABS), anchor: z.string().nullable() }),
  clock: z.enum(CLOCKS).nullable(),
  gap: z.object({ from: z.enum(CLOCKS), to: z.enum(CLOCKS) }).nullable(),
  changes: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  lead: ZPerson.nullable().optional(),
});
export type ActivityEntry = z.infer<typeof ZActivityEntry>;
export const ZActivity = z.object({ entries: z.array(ZActivityEntry), nextBefore: z.string().nullable() });
export type ActivityResponse = z.infer<typeof ZActivity>;

export const ZTarget = z.object({ from: z.enum(CLOCKS), to: z.enum(CLOCKS), minutes: z.number() });
export type GapTarget = z.infer<typeof ZTarget>;
export const ZGapTargets = z.object({ targets: z.array(ZTarget.extend({ isDefault: z.boolean() })), defaults: z.array(ZTarget), policies: z.object({ update: z.boolean() }) });
export type GapTargetsResponse = z.infer<typeof ZGapTargets>;

export const ZGrant = z.object({
  id: z.string().uuid(), incidentId: z.string().uuid(), incidentRef: z.string(), incidentTitle: z.string(),
  vendor: ZOrgName,
  access: z.enum(["read", "write"]), expiresAt: z.string(), revokedAt: z.string().nullable(), createdAt: z.string(), active: z.boolean(),
});
export type Grant = z.infer<typeof ZGrant>;
