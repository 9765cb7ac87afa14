/**
 * Broadcasts and requests (要請) across organisations. A regulator or an association sends; the audience is
 * resolved at send time within the sender's reach (PostgreSQL's `sokuho_broadcast_reach()`, also the RLS check of
 * every recipient row); in the same transaction each recipient organisation's duty desk gets one outbox message per
 * channel with a signed single-use acknowledge link. Recipients acknowledge (the first wins) and answer a request
 * with text or a file (stored encrypted in the BlobStore). Unacknowledged rows are reminded once per interval
 * (a new message, attempt + 1) and, at the first reminder, escalate inside the recipient (a page on its duty desk,
 * through the hook the paging side registers). Every change notifies the live boards (broadcasts-live.ts).
 */
import type { Readable } from "node:stream";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import type { BroadcastVia } from "../../platform/db/schema.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForBroadcast } from "../../platform/policies/policies.js";
import { decrypt, randomToken } from "../../platform/crypto/keys.js";
import { BlobNotFoundError, BlobTooLargeError, newBlobKey } from "../../platform/storage/index.js";
import { recordedContentType, sanitizeFilename } from "../evidence/domain.js";
import { enqueueMessages, type QueuedMessage } from "./outbox.js";
import { raisePage } from "./page-engine.js";
import {
  ackStats, ackStep, broadcastMessageKey, formatLog, labelled, LINK_TTL_HOURS, renderBroadcastMessage, timeToAckMs,
  type BroadcastInput, type LogRow, type RecipientTimes,
} from "./broadcasts-domain.js";
import { broadcastStore, type BroadcastRow, type RecipientRow } from "./broadcasts-store.js";
import { notifyBroadcast } from "./broadcasts-live.js";
import { linkHash, linkStore, type NewLink } from "./links-store.js";
import { createLinkService } from "./links.js";
import { channelStore } from "./channel-store.js";
import type { BroadcastRecipient, BroadcastView } from "./broadcasts-contract.js";

export const BROADCAST_REMIND_JOB = "network.broadcasts.remind";
/** Answer files: the same ceiling as evidence (config), but at most 20 MiB. */
const ANSWER_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Escalation inside a recipient organisation when it has not acknowledged by the first reminder: a page on its
 * duty desk (`raisePage` of the paging side, the desk's policy or its fallback), in the reminder's (owner)
 * transaction. Replaceable for tests (`setBroadcastEscalation`); returns the page id.
 */
export type RaiseDeskPage = (tx: Tx, a: {
  orgId: string; titleJa: string; titleEn: string; isDrill: boolean; dedupKey: string; broadcastId: string;
}) => Promise<string | null>;
const ESCALATION = new WeakMap<Platform, RaiseDeskPage>();
const deskPage = (p: Platform): RaiseDeskPage => async (tx, a) =>
  (await raisePage(tx, { p, asTenant: false }, {
    orgId: a.orgId, event: { kind: "broadcast", id: a.broadcastId }, title: { ja: a.titleJa, en: a.titleEn }, isDrill: a.isDrill, dedupKey: a.dedupKey,
  }))?.pageId ?? null;
export const setBroadcastEscalation = (p: Platform, raise: RaiseDeskPage | null): void => {
  if (raise) ESCALATION.set(p, raise);
  else ESCALATION.delete(p);
};

export type AnswerUpload = { text?: string; file?: { filename: string; mimetype: string; stream: Readable & { truncated?: boolean } } };

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const outboxKeys = (p: Platform) => ({ encryption: p.keys.encryption, identifier: p.keys.identifier });

const times = (b: BroadcastRow, r: RecipientRow): RecipientTimes => ({
  orgId: r.org_id, sentAt: b.created_at, acknowledgedAt: r.acknowledged_at, answeredAt: r.answered_at,
  reminderCount: r.reminder_count, lastNotifiedAt: r.last_notified_at,
});

export const createBroadcastService = (p: Platform) => {
  const links = createLinkService(p);
  const presentRecipient = (b: BroadcastRow, r: RecipientRow, delivery: { messages: number; sent: number } | null): BroadcastRecipient => {
    const t = times(b, r);
    return {
      id: r.id,
      org: { id: r.org_id, nameJa: r.name_ja, nameEn: r.name_en, kind: r.org_kind },
      via: r.via,
      acknowledgedAt: iso(r.acknowledged_at),
      acknowledgedBy: r.acknowledged_by_name,
      acknowledgedVia: r.acknowledged_via,
      timeToAckMs: timeToAckMs(t),
      ackStep: ackStep(t)?.step ?? null,
      answeredAt: iso(r.answered_at),
      answeredBy: r.answered_by_name,
      answerText: r.answer_text,
      answerFile: r.answer_file_key ? { name: r.answer_file_name ?? "answer", size: Number(r.answer_file_size ?? 0), contentType: r.answer_file_type ?? "application/octet-stream", sha256: r.answer_file_sha256 ?? "" } : null,
      reminders: r.reminder_count,
      lastNotifiedAt: r.last_notified_at.toISOString(),
      escalatedAt: iso(r.escalated_at),
      delivery,
      seq: r.change_seq,
    };
  };

  const presentBroadcast = (b: BroadcastRow) => ({
    id: b.id, kind: b.kind, titleJa: b.title_ja, titleEn: b.title_en, bodyJa: b.body_ja, bodyEn: b.body_en, audience: b.audience,
    isDrill: b.is_drill, reminderMinutes: b.reminder_minutes, maxReminders: b.max_reminders,
    createdAt: b.created_at.toISOString(), closedAt: iso(b.closed_at),
    sender: { id: b.sender_org_id, nameJa: b.sender_name_ja, nameEn: b.sender_name_en },
  });

  /** The broadcast as this actor may see it (sender or recipient), else 404. */
  const load = async (ctx: RequestContext, tx: Tx, id: string) => {
    const b = await broadcastStore.get(tx.db, id);
    if (!b) throw notFound();
    const pol = policiesForBroadcast(ctx.actor, { senderOrgId: b.sender_org_id, kind: b.kind, closed: b.closed_at !== null });
    if (!pol.read) throw notFound();
    return { b, pol, isSender: b.sender_org_id === ctx.actor.orgId };
  };

  /** The recipient row of the actor's organisation, for acknowledging and answering. */
  const ownRow = async (ctx: RequestContext, tx: Tx, id: string) => {
    const { b, pol } = await load(ctx, tx, id);
    const [row] = await broadcastStore.recipients(tx.db, id, { orgId: ctx.actor.orgId });
    if (!row) throw notFound();
    return { b, pol, row };
  };

  /**
   * The messages of one attempt to these recipients' duty desks, with one fresh acknowledge link per recipient
   * (shared by its channels): queued in `tx`, keyed per broadcast, recipient, channel and attempt.
   */
  const queueMessages = async (tx: Tx, b: BroadcastRow, recipients: readonly { id: string; org_id: string }[], attempt: number, now: Date): Promise<number> => {
    const channels = await channelStore.deskChannels(tx.db, recipients.map((r) => r.org_id));
    const expiresAt = new Date(now.getTime() + LINK_TTL_HOURS * 3_600_000);
    const newLinks: NewLink[] = [];
    const messages: QueuedMessage[] = [];
    for (const r of recipients) {
      const mine = channels.filter((c) => c.org_id === r.org_id);
      if (mine.length === 0) continue;
      const token = randomToken();
      newLinks.push({
        purpose: "broadcast", tokenHash: linkHash(p.keys.identifier, "broadcast", token), recipientId: r.id, broadcastId: b.id, senderOrgId: b.sender_org_id,
        orgId: r.org_id, attempt, expiresAt, at: now,
      });
      const message = renderBroadcastMessage(
        { kind: b.kind, titleJa: b.title_ja, titleEn: b.title_en, bodyJa: b.body_ja, bodyEn: b.body_en, isDrill: b.is_drill },
        {
          senderJa: b.sender_name_ja, senderEn: b.sender_name_en, attempt, expiresAt,
          ackUrl: `${p.config.publicUrl}/ack/broadcast/${token}`,
          openUrl: `${p.config.publicUrl}/o/${r.org_id}/broadcasts/${b.id}`,
        },
      );
      for (const c of mine) {
        messages.push({
          orgId: r.org_id,
          idempotencyKey: broadcastMessageKey({ broadcastId: b.id, recipientOrgId: r.org_id, channelId: c.id, attempt }),
          destination: { channelId: c.id, kind: c.kind, address: decrypt(p.keys.encryption, c.address_enc), webhookFormat: c.webhook_format },
          message,
          cause: { broadcastId: b.id, step: attempt, round: attempt },
        });
      }
    }
    await linkStore.insert(tx.db, newLinks);
    return enqueueMessages(tx, outboxKeys(p), messages);
  };

  /** The organisations an audience reaches now, or the chosen list checked against the reach. */
  const resolveAudience = async (tx: Tx, input: Pick<BroadcastInput, "audience" | "orgIds">) => {
    const reach = await broadcastStore.reach(tx.db, input.audience);
    if (input.audience !== "list") return reach;
    const wanted = new Set(input.orgIds ?? []);
    const chosen = reach.filter((r) => wanted.has(r.id));
    if (chosen.length !== wanted.size) throw new AppError("broadcast_outside_reach", "body.orgIds");
    return chosen;
  };

  /** The broadcast with the rows this actor may see: every recipient and the statistics for the sender, its own row otherwise. */
  const view = async (ctx: RequestContext, tx: Tx, b: BroadcastRow): Promise<BroadcastView> => {
    const isSender = b.sender_org_id === ctx.actor.orgId;
    const rows = await broadcastStore.recipients(tx.db, b.id, isSender ? {} : { orgId: ctx.actor.orgId });
    const deliveries = isSender ? await broadcastStore.deliveries(tx.db, b.id) : null;
    return {
      broadcast: presentBroadcast(b),
      recipients: rows.map((r) => presentRecipient(b, r, deliveries ? (deliveries.get(r.org_id) ?? { messages: 0, sent: 0 }) : null)),
      stats: isSender ? ackStats(rows.map((r) => times(b, r))) : null,
      policies: policiesForBroadcast(ctx.actor, { senderOrgId: b.sender_org_id, kind: b.kind, closed: b.closed_at !== null }),
    };
  };

  const logRows = (b: BroadcastRow, rows: readonly RecipientRow[], deliveries: Map<string, { messages: number }>): LogRow[] =>
    rows.map((r) => {
      const t = times(b, r);
      const ms = timeToAckMs(t);
      return {
        recipientOrgId: r.org_id, organisationJa: r.name_ja, organisationEn: r.name_en, via: r.via, deskChannels: deliveries.get(r.org_id)?.messages ?? 0,
        sentAt: b.created_at.toISOString(), acknowledgedAt: iso(r.acknowledged_at), acknowledgedBy: r.acknowledged_by_name,
        acknowledgedVia: r.acknowledged_via, timeToAcknowledgeSeconds: ms === null ? null : Math.round(ms / 1000), ackStep: ackStep(t)?.step ?? null,
        reminders: r.reminder_count, escalatedAt: iso(r.escalated_at), answeredAt: iso(r.answered_at), answeredBy: r.answered_by_name,
        answerText: r.answer_text, answerFile: r.answer_file_name,
      };
    });

  const svc = {
    /** Who an audience would reach now (the compose form's preview). */
    preview: (ctx: RequestContext, input: Pick<BroadcastInput, "audience" | "orgIds">) =>
      inTenant(p, ctx, async (tx) => {
        authorize(canInOrg(ctx.actor, "broadcasts.send"));
        const orgs = await resolveAudience(tx, input);
        return { count: orgs.length, organisations: orgs.map((o) => ({ id: o.id, nameJa: o.name_ja, nameEn: o.name_en, kind: o.kind as "company", via: o.via })) };
      }),

    send: (ctx: RequestContext, input: BroadcastInput): Promise<BroadcastView> =>
      inTenant(p, ctx, async (tx) => {
        authorize(canInOrg(ctx.actor, "broadcasts.send"));
        const orgs = await resolveAudience(tx, input);
        if (orgs.length === 0) throw new AppError("broadcast_no_recipients", "body.audience");
        const now = p.now();
        const created = await broadcastStore.insert(tx.db, {
          senderOrgId: ctx.actor.orgId, kind: input.kind, titleJa: input.titleJa, titleEn: input.titleEn, bodyJa: input.bodyJa, bodyEn: input.bodyEn,
          audience: input.audience, isDrill: input.isDrill, reminderMinutes: input.reminderMinutes, maxReminders: input.maxReminders,
          createdBy: ctx.actor.userId, at: now,
        });
        const recipients = await broadcastStore.insertRecipients(tx.db, created.id, ctx.actor.orgId, orgs.map((o) => ({ id: o.id, via: o.via as BroadcastVia })), now);
        const b = (await broadcastStore.get(tx.db, created.id))!;
        const queued = await queueMessages(tx, b, recipients, 1, now);
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "broadcast.send", objectType: "broadcast", objectId: b.id,
          after: { kind: b.kind, type: b.is_drill ? "drill" : "live", companies: recipients.length, created: queued, minutes: b.reminder_minutes },
        });
        await notifyBroadcast(tx, b.id);
        return view(ctx, tx, b);
      }),

    list: (ctx: RequestContext) =>
      inTenant(p, ctx, async (tx) => {
        authorize(canInOrg(ctx.actor, "broadcasts.read"));
        const line = (b: { id: string; kind: "alert" | "request"; title_ja: string; title_en: string; is_drill: boolean; created_at: Date; closed_at: Date | null }) => ({
          id: b.id, kind: b.kind, titleJa: b.title_ja, titleEn: b.title_en, isDrill: b.is_drill, createdAt: b.created_at.toISOString(), closedAt: iso(b.closed_at),
        });
        const sent = ctx.actor.orgKind === "regulator" || ctx.actor.orgKind === "association" ? await broadcastStore.listSent(tx.db, ctx.actor.orgId) : [];
        const received = await broadcastStore.listReceived(tx.db, ctx.actor.orgId);
        return {
          sent: sent.map((b) => ({ ...line(b), recipients: Number(b.recipients), acknowledged: Number(b.acknowledged), answered: Number(b.answered) })),
          received: received.map((b) => ({ ...line(b), sender: { nameJa: b.sender_name_ja, nameEn: b.sender_name_en }, acknowledgedAt: iso(b.acknowledged_at), answeredAt: iso(b.answered_at) })),
          policies: { send: canInOrg(ctx.actor, "broadcasts.send") },
        };
      }),

    get: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { b } = await load(ctx, tx, id);
        return view(ctx, tx, b);
      }),

    /** Rows changed after `afterSeq` (the live board; the sender only). */
    changes: (ctx: RequestContext, id: string, afterSeq: string) =>
      inTenant(p, ctx, async (tx) => {
        const { b, pol } = await load(ctx, tx, id);
        if (!pol.board) throw notFound();
        const rows = await broadcastStore.recipients(tx.db, id, { afterSeq });
        const deliveries = rows.length ? await broadcastStore.deliveries(tx.db, id) : new Map<string, { messages: number; sent: number }>();
        return rows.map((r) => presentRecipient(b, r, deliveries.get(r.org_id) ?? { messages: 0, sent: 0 }));
      }),

    /** May this actor watch the board (for the SSE route, before it takes the connection over)? */
    assertBoard: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { pol } = await load(ctx, tx, id);
        if (!pol.board) throw notFound();
      }),

    acknowledge: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { b, pol, row } = await ownRow(ctx, tx, id);
        authorize(pol.acknowledge);
        const name = ctx.actor.userId ? (await p.users.findById(ctx.actor.userId, tx.db))?.display_name ?? null : null;
        const done = await broadcastStore.acknowledge(tx.db, row.id, { at: p.now(), userId: ctx.actor.userId, name, via: ctx.actor.tokenId ? "api" : "ui" });
        if (done) {
          await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "broadcast.acknowledge", objectType: "broadcast", objectId: b.id, after: { via: ctx.actor.tokenId ? "api" : "ui" } });
          await notifyBroadcast(tx, b.id);
        }
        return view(ctx, tx, b);
      }),

    /** Answers a request with text or a file (or both); answering also acknowledges. A later answer replaces it. */
    answer: async (ctx: RequestContext, id: string, upload: AnswerUpload) => {
      const first = await inTenant(p, ctx, (tx) => ownRow(ctx, tx, id));
      if (first.b.kind !== "request") throw new AppError("broadcast_not_request");
      if (first.b.closed_at) throw new AppError("broadcast_closed");
      authorize(first.pol.answer);
      let stored: { key: string; name: string; type: string; size: number; sha256: string } | null = null;
      if (upload.file) {
        const key = newBlobKey();
        const maxBytes = Math.min(p.config.evidenceMaxBytes, ANSWER_MAX_BYTES);
        try {
          const r = await p.storage.put(key, upload.file.stream, { maxBytes });
          if (upload.file.stream.truncated) throw new BlobTooLargeError(maxBytes);
          stored = { key, name: sanitizeFilename(upload.file.filename), type: recordedContentType(upload.file.mimetype), size: r.size, sha256: r.sha256 };
        } catch (err) {
          await p.storage.delete(key).catch(() => {});
          if (err instanceof BlobTooLargeError || (err as { code?: string } | null)?.code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("body_too_large", "body.file", { limit: maxBytes });
          throw err;
        }
      }
      if (!stored && !upload.text) throw new AppError("validation", "body.answer", { detail: "required / 必須" });
      const s = stored;
      try {
        return await inTenant(p, ctx, async (tx) => {
          const { b, pol, row } = await ownRow(ctx, tx, id);
          authorize(pol.answer);
          const now = p.now();
          const name = ctx.actor.userId ? (await p.users.findById(ctx.actor.userId, tx.db))?.display_name ?? null : null;
          await broadcastStore.acknowledge(tx.db, row.id, { at: now, userId: ctx.actor.userId, name, via: ctx.actor.tokenId ? "api" : "ui" });
          found(await broadcastStore.answer(tx.db, row.id, { at: now, userId: ctx.actor.userId, name, text: upload.text ?? null, file: s }));
          const old = row.answer_file_key;
          if (old) tx.afterCommit(() => p.storage.delete(old).catch((e: unknown) => p.log.error({ err: e }, "could not remove a replaced answer file")));
          await p.audit.record(tx, auditMeta(ctx), {
            orgId: ctx.actor.orgId, action: "broadcast.answer", objectType: "broadcast", objectId: b.id,
            after: { chars: upload.text?.length ?? 0, ...(s ? { sha256: s.sha256, size: s.size, contentType: s.type } : {}) },
          });
          await notifyBroadcast(tx, b.id);
          return view(ctx, tx, b);
        });
      } catch (err) {
        if (s) await p.storage.delete(s.key).catch(() => {});
        throw err;
      }
    },

    /** The answer file of one recipient: the sender (any recipient) or the recipient itself. */
    answerFile: async (ctx: RequestContext, id: string, recipientId: string) => {
      const row = await inTenant(p, ctx, async (tx) => {
        const { isSender } = await load(ctx, tx, id);
        const rows = await broadcastStore.recipients(tx.db, id, isSender ? {} : { orgId: ctx.actor.orgId });
        return rows.find((r) => r.id === recipientId && r.answer_file_key);
      });
      if (!row?.answer_file_key) throw notFound();
      try {
        return { stream: await p.storage.get(row.answer_file_key), filename: row.answer_file_name ?? "answer", size: Number(row.answer_file_size ?? 0) };
      } catch (err) {
        if (err instanceof BlobNotFoundError) throw new AppError("evidence_missing");
        throw err;
      }
    },

    close: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { b, pol } = await load(ctx, tx, id);
        if (b.sender_org_id !== ctx.actor.orgId) throw notFound();
        if (b.closed_at) throw new AppError("broadcast_closed");
        authorize(pol.close);
        found(await broadcastStore.close(tx.db, id, ctx.actor.userId, p.now()));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "broadcast.close", objectType: "broadcast", objectId: id });
        await notifyBroadcast(tx, id);
        return view(ctx, tx, (await broadcastStore.get(tx.db, id))!);
      }),

    /** The acknowledgement log (sender only): CSV for Excel or JSON, from one formatter. */
    exportLog: (ctx: RequestContext, id: string, format: "csv" | "json") =>
      inTenant(p, ctx, async (tx) => {
        const { b, pol } = await load(ctx, tx, id);
        if (!pol.board) throw notFound();
        const rows = logRows(b, await broadcastStore.recipients(tx.db, id), await broadcastStore.deliveries(tx.db, id));
        const title = labelled(ctx.locale === "ja" ? b.title_ja || b.title_en : b.title_en || b.title_ja, b.is_drill, ctx.locale);
        return {
          body: formatLog(rows, format, ctx.locale, { broadcastId: b.id, title, kind: b.kind, isDrill: b.is_drill, sentAt: b.created_at.toISOString(), exportedAt: p.now().toISOString() }),
          filename: `broadcast-${b.created_at.toISOString().slice(0, 10)}-${b.id.slice(0, 8)}.${format}`,
        };
      }),

    /** The sender's data for the drill report (broadcasts-report.ts renders it). */
    reportData: (ctx: RequestContext, id: string) =>
      inTenant(p, ctx, async (tx) => {
        const { b, pol } = await load(ctx, tx, id);
        if (!pol.board) throw notFound();
        return view(ctx, tx, b);
      }),

    /** A signed link from a duty-desk message: acknowledges its recipient once, without a login (links.ts). */
    acknowledgeByLink: (token: string, meta: { requestId: string | null; ip: string | null } = { requestId: null, ip: null }) =>
      links.use("broadcast", token, meta).catch((err: unknown) => {
        // This route's answer since it exists: one code for unknown, used and expired links.
        throw err instanceof AppError && err.code.startsWith("action_link_") ? new AppError("broadcast_link_invalid") : err;
      }),

    /**
     * Reminders (the cron job): each unacknowledged recipient of an open broadcast whose interval has passed gets
     * its next attempt, once (a conditional update on the count it read), and at the first reminder an escalation
     * inside its organisation. Returns how many reminders went out.
     */
    remindDue: async (): Promise<number> => {
      const now = p.now();
      const due = await broadcastStore.dueForReminder(p.db.system, now);
      let sent = 0;
      for (const d of due) {
        await p.db.systemTx(async (tx) => {
          if (!(await broadcastStore.takeReminder(tx.db, d.id, d.reminder_count, now))) return;
          const b = (await broadcastStore.get(tx.db, d.broadcast_id))!;
          await queueMessages(tx, b, [{ id: d.id, org_id: d.org_id }], d.reminder_count + 2, now);
          const raise = ESCALATION.get(p) ?? deskPage(p);
          if (d.reminder_count === 0) {
            const pageId = await raise(tx, {
              orgId: d.org_id, broadcastId: b.id, isDrill: b.is_drill, dedupKey: `broadcast:${b.id}:${d.org_id}`,
              titleJa: labelled(`未確認の一斉連絡: ${b.title_ja || b.title_en}`, b.is_drill, "ja"),
              titleEn: labelled(`Unacknowledged broadcast: ${b.title_en || b.title_ja}`, b.is_drill, "en"),
            });
            await broadcastStore.markEscalated(tx.db, d.id, pageId, now);
          }
          await notifyBroadcast(tx, b.id);
          sent++;
        });
      }
      return sent;
    },
  };
  return svc;
};

export const registerBroadcastJobs = (p: Platform): void => {
  p.jobs.define({
    name: BROADCAST_REMIND_JOB,
    schedule: "* * * * *",
    retryLimit: 2,
    handler: async () => {
      await createBroadcastService(p).remindDue();
    },
  });
};
