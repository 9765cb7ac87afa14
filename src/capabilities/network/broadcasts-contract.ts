/** The broadcasts API's answers (zod), with their types for the UI (`import type`). */
import { z } from "zod";
import { BROADCAST_AUDIENCES, BROADCAST_KINDS, ORG_KINDS } from "../../platform/db/schema.js";

const ZOrgRef = z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() });

export const ZBroadcastPolicies = z.object({ read: z.boolean(), board: z.boolean(), close: z.boolean(), acknowledge: z.boolean(), answer: z.boolean() });

export const ZReachOrg = ZOrgRef.extend({ kind: z.enum(ORG_KINDS), via: z.enum(["supervised_by", "member_of", "association"]) });
export const ZAudiencePreview = z.object({ count: z.number(), organisations: z.array(ZReachOrg) });

export const ZRecipient = z.object({
  id: z.string(),
  org: ZOrgRef.extend({ kind: z.enum(ORG_KINDS) }),
  via: z.enum(["supervised_by", "member_of", "association"]),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedVia: z.enum(["ui", "api", "link"]).nullable(),
  /** milliseconds from the broadcast to this organisation's first acknowledgement */
  timeToAckMs: z.number().nullable(),
  /** 1: after the first message; n+1: after the n-th reminder */
  ackStep: z.number().nullable(),
  answeredAt: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answerText: z.string().nullable(),
  answerFile: z.object({ name: z.string(), size: z.number(), contentType: z.string(), sha256: z.string() }).nullable(),
  reminders: z.number(),
  lastNotifiedAt: z.string(),
  escalatedAt: z.string().nullable(),
  /** Duty-desk messages of the first attempt (sender only): queued and accepted by the receiver. */
  delivery: z.object({ messages: z.number(), sent: z.number() }).nullable(),
  /** The change sequence: the SSE event id. */
  seq: z.string(),
});

export const ZBroadcastStats = z.object({
  recipients: z.number(), acknowledged: z.number(), answered: z.number(), never: z.number(),
  p50Ms: z.number().nullable(), p90Ms: z.number().nullable(), maxMs: z.number().nullable(),
  steps: z.array(z.object({ step: z.number(), acknowledged: z.number(), p50Ms: z.number().nullable(), maxMs: z.number().nullable() })),
});

export const ZBroadcast = z.object({
  id: z.string(),
  kind: z.enum(BROADCAST_KINDS),
  titleJa: z.string(), titleEn: z.string(), bodyJa: z.string(), bodyEn: z.string(),
  audience: z.enum(BROADCAST_AUDIENCES),
  isDrill: z.boolean(),
  reminderMinutes: z.number(), maxReminders: z.number(),
  createdAt: z.string(), closedAt: z.string().nullable(),
  sender: ZOrgRef,
});

export const ZBroadcastView = z.object({
  broadcast: ZBroadcast,
  /** The sender: every recipient; a recipient: its own row only. */
  recipients: z.array(ZRecipient),
  stats: ZBroadcastStats.nullable(),
  policies: ZBroadcastPolicies,
});

export const ZBroadcastLine = z.object({
  id: z.string(), kind: z.enum(BROADCAST_KINDS), titleJa: z.string(), titleEn: z.string(), isDrill: z.boolean(),
  createdAt: z.string(), closedAt: z.string().nullable(),
});
export const ZBroadcastList = z.object({
  sent: z.array(ZBroadcastLine.extend({ recipients: z.number(), acknowledged: z.number(), answered: z.number() })),
  received: z.array(ZBroadcastLine.extend({ sender: z.object({ nameJa: z.string(), nameEn: z.string() }), acknowledgedAt: z.string().nullable(), answeredAt: z.string().nullable() })),
  policies: z.object({ send: z.boolean() }),
});

export const ZLinkAck = z.object({
  acknowledged: z.boolean(),
  broadcast: z.object({ titleJa: z.string(), titleEn: z.string(), isDrill: z.boolean(), sender: z.object({ nameJa: z.string(), nameEn: z.string() }) }),
});

export type BroadcastView = z.infer<typeof ZBroadcastView>;
export type BroadcastRecipient = z.infer<typeof ZRecipient>;
export type BroadcastList = z.infer<typeof ZBroadcastList>;
export type AudiencePreview = z.infer<typeof ZAudiencePreview>;
export type LinkAck = z.infer<typeof ZLinkAck>;
