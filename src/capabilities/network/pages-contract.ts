/** The contact network's answers about pages and the escalation set-up, as zod schemas with their types. */
import { z } from "zod";
import { NETWORK_EVENT_KINDS, PAGE_STATUSES, ROLES } from "../../platform/db/schema.js";

const ZText = z.object({ ja: z.string(), en: z.string() });
const ZPerson = z.object({ id: z.string(), name: z.string() });
const ZTargetView = z.union([
  z.object({ kind: z.literal("user"), userId: z.string() }),
  z.object({ kind: z.literal("schedule"), scheduleId: z.string() }),
  z.object({ kind: z.literal("role"), role: z.enum(ROLES) }),
  z.object({ kind: z.literal("desk"), orgId: z.string() }),
]);
const ZStepView = z.object({ timeoutMinutes: z.number(), targets: z.array(ZTargetView) });

export const ZPageSummary = z.object({
  id: z.string(),
  title: ZText,
  status: z.enum(PAGE_STATUSES),
  step: z.number(),
  round: z.number(),
  steps: z.number(),
  sourceKind: z.string(),
  sourceId: z.string().nullable(),
  sourceOrg: z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() }).nullable(),
  incidentId: z.string().nullable(),
  isDrill: z.boolean(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  nextWakeAt: z.string().nullable(),
  policies: z.object({ read: z.boolean(), acknowledge: z.boolean(), resolve: z.boolean() }),
});
export type PageSummary = z.infer<typeof ZPageSummary>;

export const ZPageList = z.object({ pages: z.array(ZPageSummary), policies: z.object({ page: z.boolean() }) });
export type PageList = z.infer<typeof ZPageList>;

export const ZPageDetail = z.object({
  page: ZPageSummary.extend({
    policy: z.object({ repeat: z.number(), steps: z.array(ZStepView) }).nullable(),
    policyVersion: z.number().nullable(),
  }),
  events: z.array(z.object({
    id: z.string(), at: z.string(), kind: z.string(), step: z.number().nullable(), round: z.number().nullable(), reason: z.string().nullable(),
    via: z.string().nullable(), by: ZPerson.nullable(), recipients: z.number(), messages: z.number(),
  })),
});
export type PageDetail = z.infer<typeof ZPageDetail>;

export const ZScheduleView = z.object({
  id: z.string(), nameJa: z.string(), nameEn: z.string(), timeZone: z.string(),
  rotation: z.object({ kind: z.enum(["daily", "weekly"]), handoffTime: z.string(), startDate: z.string(), participants: z.array(z.string()) }),
  participants: z.array(ZPerson),
  overrides: z.array(z.object({ id: z.string(), user: ZPerson, from: z.string(), to: z.string() })),
  onCallNow: ZPerson.nullable(),
  nextHandoff: z.object({ at: z.string(), user: ZPerson.nullable() }).nullable(),
});
export type ScheduleView = z.infer<typeof ZScheduleView>;

export const ZPolicyView = z.object({
  id: z.string(), nameJa: z.string(), nameEn: z.string(), repeat: z.number(), steps: z.array(ZStepView), version: z.number(), updatedAt: z.string(),
});
export type PolicyView = z.infer<typeof ZPolicyView>;

export const ZTriggerView = z.object({ eventKind: z.enum(NETWORK_EVENT_KINDS), policyId: z.string(), isEnabled: z.boolean() });
export type TriggerView = z.infer<typeof ZTriggerView>;

export const ZNetworkOverview = z.object({
  schedules: z.array(ZScheduleView),
  escalationPolicies: z.array(ZPolicyView),
  desk: z.object({ policyId: z.string().nullable() }),
  triggers: z.array(ZTriggerView),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) })),
  desks: z.array(z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string(), kind: z.string() })),
  policies: z.object({ manage: z.boolean(), page: z.boolean() }),
});
export type NetworkOverview = z.infer<typeof ZNetworkOverview>;

export const ZActionLinkView = z.object({
  action: z.enum(["acknowledge", "resolve"]),
  state: z.enum(["ready", "used", "expired"]),
  expiresAt: z.string(),
  page: z.object({
    title: ZText, org: z.object({ nameJa: z.string(), nameEn: z.string() }), status: z.enum(PAGE_STATUSES), isDrill: z.boolean(),
    createdAt: z.string(), acknowledgedAt: z.string().nullable(),
  }),
});
export type ActionLinkView = z.infer<typeof ZActionLinkView>;
export const ZActionLinkResult = z.object({
  action: z.enum(["acknowledge", "resolve"]), changed: z.boolean(), status: z.enum(PAGE_STATUSES), acknowledgedAt: z.string().nullable(),
});
export type ActionLinkResult = z.infer<typeof ZActionLinkResult>;
