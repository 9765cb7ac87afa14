/** The channels API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { CHANNEL_KINDS, DELIVERY_ERROR_CODES, WEBHOOK_FORMATS } from "../../platform/db/schema.js";

export const ZChannel = z.object({
  id: z.string().uuid(),
  kind: z.enum(CHANNEL_KINDS),
  label: z.string(),
  /** null: the organisation's duty desk */
  userId: z.string().uuid().nullable(),
  ownerName: z.string().nullable(),
  /** The address, partly masked (the owner sees it whole). */
  address: z.string(),
  webhookFormat: z.enum(WEBHOOK_FORMATS).nullable(),
  consecutiveFailures: z.number().int(),
  disabled: z
    .object({ at: z.string(), code: z.enum(DELIVERY_ERROR_CODES).nullable(), status: z.number().int().nullable(), reason: z.string() })
    .nullable()
    .describe("why the channel was disabled, as a sentence in the caller's language"),
  createdAt: z.string(),
  policies: z.object({ manage: z.boolean(), readLog: z.boolean() }),
});
export type Channel = z.infer<typeof ZChannel>;

export const ZChannels = z.object({ channels: z.array(ZChannel), policies: z.object({ manageDesk: z.boolean(), readAll: z.boolean() }) });
export type ChannelsResponse = z.infer<typeof ZChannels>;

export const ZCreatedChannel = z.object({
  channel: ZChannel,
  secret: z.string().nullable().describe("a webhook's signing secret, shown once"),
});
export type CreatedChannel = z.infer<typeof ZCreatedChannel>;

export const ZDelivery = z.object({
  id: z.string().uuid(),
  at: z.string(),
  attempt: z.number().int(),
  outcome: z.enum(["sent", "failed", "reconciled"]),
  statusCode: z.number().int().nullable(),
  errorCode: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  /** The outcome as a sentence in the caller's language. */
  sentence: z.string(),
});
export type Delivery = z.infer<typeof ZDelivery>;
export const ZDeliveries = z.object({ deliveries: z.array(ZDelivery) });
export type DeliveriesResponse = z.infer<typeof ZDeliveries>;
