/**
 * Channels: how a member (or the organisation's duty desk) is reached. Commands check the policy, run in the
 * tenant's transaction and write the audit row (kinds and ids, never an address). A webhook gets a signing secret,
 * shown once. `channelsForUsers` / `deskChannels` are what pages and broadcasts use to address their messages.
 */
import { randomUUID } from "node:crypto";
import type { Platform, RequestContext } from "../../platform/context.js";
import { auditMeta, inTenant } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import type { ChannelKind, DeliveryErrorCode, WebhookFormat } from "../../platform/db/schema.js";
import { decrypt, encrypt, randomToken } from "../../platform/crypto/keys.js";
import { authorize, canInOrg, policiesForChannel } from "../../platform/policies/policies.js";
import { found, notFound } from "../../platform/http/errors.js";
import { translator } from "../../platform/i18n/i18n.js";
import { channelStore } from "./channel-store.js";
import type { Channel, Delivery } from "./channel-contract.js";
import { maskAddress, type ChannelInput } from "./channel-domain.js";
import { destinationHash, enqueueMessages, type OutboxDestination, type OutboxKeys } from "./outbox.js";

type Row = NonNullable<Awaited<ReturnType<typeof channelStore.get>>>;

/** A delivery outcome as a sentence in the reader's language. */
export const deliverySentence = (locale: "ja" | "en", code: DeliveryErrorCode | "disabled" | "sent" | "reconciled" | null, status: number | null): string =>
  translator(locale)(`delivery.${code ?? "other"}`, { status: status ?? "—" });

const decryptDestinations = (keys: OutboxKeys, rows: { id: string; user_id: string | null; kind: ChannelKind; address_enc: Buffer; webhook_format: WebhookFormat | null }[]) =>
  rows.map((r) => ({ channelId: r.id, userId: r.user_id, kind: r.kind, address: decrypt(keys.encryption, r.address_enc), webhookFormat: r.webhook_format }));

/** The enabled channels of these members, addresses decrypted, each with the user it reaches. */
export const channelsForUsers = async (tx: Tx, keys: OutboxKeys, orgId: string, userIds: readonly string[]): Promise<(OutboxDestination & { userId: string })[]> => {
  if (userIds.length === 0) return [];
  return decryptDestinations(keys, await channelStore.enabledOfUsers(tx.db, orgId, userIds)).map((d) => ({ ...d, userId: d.userId! }));
};

/** The organisation's duty desk (共通窓口): its enabled channels, addresses decrypted. */
export const deskChannels = async (tx: Tx, keys: OutboxKeys, orgId: string): Promise<OutboxDestination[]> =>
  decryptDestinations(keys, await channelStore.deskChannels(tx.db, [orgId])).map(({ userId: _, ...d }) => d);

export const createChannelService = (p: Platform) => {
  const present = (ctx: RequestContext, r: Row): Channel => {
    const policies = policiesForChannel(ctx.actor, { userId: r.user_id });
    const address = decrypt(p.keys.encryption, r.address_enc);
    const t = translator(ctx.locale);
    return {
      id: r.id,
      kind: r.kind,
      label: r.label,
      userId: r.user_id,
      ownerName: r.display_name ?? null,
      address: policies.manage ? address : maskAddress(r.kind, address),
      webhookFormat: r.webhook_format,
      consecutiveFailures: r.consecutive_failures,
      disabled: r.disabled_at
        ? {
            at: r.disabled_at.toISOString(),
            code: r.disabled_code,
            status: r.disabled_status,
            reason: t("delivery.disabled_reason", { count: r.consecutive_failures, last: deliverySentence(ctx.locale, r.disabled_code, r.disabled_status) }),
          }
        : null,
      createdAt: r.created_at.toISOString(),
      policies: { manage: policies.manage, readLog: policies.readLog },
    };
  };

  /** The channel, if the actor may see it; else 404 (never 403: nobody learns it exists). */
  const load = async (ctx: RequestContext, tx: Tx, id: string): Promise<Row> => {
    const row = found(await channelStore.get(tx.db, ctx.actor.orgId, id));
    if (!policiesForChannel(ctx.actor, { userId: row.user_id }).read) throw notFound();
    return row;
  };

  return {
    list: (ctx: RequestContext) =>
      inTenant(p, ctx, async (tx) => {
        const readAll = canInOrg(ctx.actor, "channels.readAll");
        const rows = await channelStore.list(tx.db, ctx.actor.orgId, readAll ? "all" : ctx.actor.userId);
        return { channels: rows.map((r) => present(ctx, r)), policies: { manageDesk: canInOrg(ctx.actor, "channels.desk"), readAll } };
      }),

    create: async (ctx: RequestContext, input: ChannelInput) => {
      const userId = input.desk ? null : ctx.actor.userId;
      authorize(input.desk ? canInOrg(ctx.actor, "channels.desk") : userId !== null && canInOrg(ctx.actor, "channels.own"));
      const secret = input.kind === "webhook" ? `whsec_${randomToken(32)}` : null;
      const row = await inTenant(p, ctx, async (tx) => {
        const { id } = await channelStore.insert(tx.db, {
          org_id: ctx.actor.orgId,
          user_id: userId,
          kind: input.kind,
          label: input.label,
          address_enc: encrypt(p.keys.encryption, input.address),
          address_hash: destinationHash(p.keys, input.kind, input.address),
          webhook_format: input.kind === "webhook" ? input.webhookFormat : null,
          secret_enc: secret ? encrypt(p.keys.encryption, secret) : null,
          created_by: ctx.actor.userId,
        });
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "channel.create", objectType: "network_channel", objectId: id, after: { kind: input.kind, userId, type: input.kind === "webhook" ? input.webhookFormat : null } });
        return found(await channelStore.get(tx.db, ctx.actor.orgId, id));
      });
      return { channel: present(ctx, row), secret };
    },

    remove: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const row = await load(ctx, tx, id);
        authorize(policiesForChannel(ctx.actor, { userId: row.user_id }).manage);
        found(await channelStore.remove(tx.db, ctx.actor.orgId, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "channel.delete", objectType: "network_channel", objectId: id, before: { kind: row.kind, userId: row.user_id } });
      }),

    /** Re-enables a disabled channel: its failure count starts again from zero. */
    enable: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const row = await load(ctx, tx, id);
        authorize(policiesForChannel(ctx.actor, { userId: row.user_id }).manage);
        found(await channelStore.enable(tx.db, ctx.actor.orgId, id, p.now()));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "channel.enable", objectType: "network_channel", objectId: id, before: { status: row.disabled_at ? "disabled" : "enabled" }, after: { status: "enabled" } });
        return { channel: present(ctx, found(await channelStore.get(tx.db, ctx.actor.orgId, id))) };
      }),

    /** Queues a test message through the outbox (the same path as a page), in the caller's language. */
    test: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const row = await load(ctx, tx, id);
        authorize(policiesForChannel(ctx.actor, { userId: row.user_id }).manage);
        const t = translator(ctx.locale);
        const key = `test:${id}:${randomUUID()}`;
        await enqueueMessages(tx, p.keys, [{
          orgId: ctx.actor.orgId,
          idempotencyKey: key,
          destination: { channelId: id, kind: row.kind, address: decrypt(p.keys.encryption, row.address_enc), webhookFormat: row.webhook_format },
          message: { locale: ctx.locale, subject: t("delivery.test_subject"), text: t("delivery.test_body", { label: row.label || row.kind }), links: [], isDrill: false },
          cause: {},
        }]);
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "channel.test", objectType: "network_channel", objectId: id, after: { kind: row.kind } });
        return { queued: true };
      }),

    deliveries: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const row = await load(ctx, tx, id);
        if (!policiesForChannel(ctx.actor, { userId: row.user_id }).readLog) throw notFound();
        const rows = await channelStore.deliveries(tx.db, ctx.actor.orgId, id, 100);
        return {
          deliveries: rows.map((d): Delivery => ({
            id: d.id,
            at: d.at.toISOString(),
            attempt: d.attempt,
            outcome: d.outcome,
            statusCode: d.status_code,
            errorCode: d.error_code,
            durationMs: d.duration_ms,
            sentence: deliverySentence(ctx.locale, d.outcome === "failed" ? d.error_code : d.outcome, d.status_code),
          })),
        };
      }),
  };
};
