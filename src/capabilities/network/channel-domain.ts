/** Channels: the input a member (or an org-admin, for the duty desk) gives. Pure, no I/O. */
import { z } from "zod";
import { WEBHOOK_FORMATS } from "../../platform/db/schema.js";

const ZLabel = z.string().trim().max(200).default("");

/** A phone number in E.164 (+81…); kept for a future SMS/voice provider. */
const ZPhone = z.string().trim().regex(/^\+[1-9]\d{6,14}$/);

export const ZChannelInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("email"), label: ZLabel, address: z.string().trim().email().max(254), desk: z.boolean().default(false) }),
  z.strictObject({
    kind: z.literal("webhook"), label: ZLabel,
    address: z.string().trim().url().max(2000).refine((u) => /^https?:\/\//i.test(u), "webhook_url_scheme"),
    webhookFormat: z.enum(WEBHOOK_FORMATS), desk: z.boolean().default(false),
  }),
  z.strictObject({ kind: z.literal("sms"), label: ZLabel, address: ZPhone, desk: z.boolean().default(false) }),
  z.strictObject({ kind: z.literal("voice"), label: ZLabel, address: ZPhone, desk: z.boolean().default(false) }),
]);
export type ChannelInput = z.infer<typeof ZChannelInput>;

/** How an address is shown in lists: enough to recognise it, not to copy it whole. */
export const maskAddress = (kind: string, address: string): string => {
  if (kind === "email") {
    const [local = "", domain = ""] = address.split("@");
    return `${local.slice(0, 2)}…@${domain}`;
  }
  if (kind === "webhook") {
    try {
      const u = new URL(address);
      return `${u.protocol}//${u.host}/…`;
    } catch {
      return "…";
    }
  }
  return `${address.slice(0, 4)}…${address.slice(-2)}`;
};
