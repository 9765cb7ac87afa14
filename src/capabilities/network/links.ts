/**
 * The one handler behind every signed single-use link of the contact network (a page's acknowledge/resolve, a
 * broadcast's acknowledge): no sign-in, the token is the authority for one action, once. A GET shows what a link
 * would do and changes nothing (mail clients and chat previews pre-fetch links); the action is a POST. Single use is
 * a conditional UPDATE (`linkStore.use`) in the same transaction as the action and its audit row, so of two
 * concurrent requests one acts and the other is told the link was used.
 */
import type { Platform } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import type { PageStatusValue } from "../../platform/db/schema.js";
import { AppError, found } from "../../platform/http/errors.js";
import { actOnPage } from "./page-engine.js";
import { pageStore, reachStore } from "./pages-store.js";
import { broadcastStore } from "./broadcasts-store.js";
import { notifyBroadcast } from "./broadcasts-live.js";
import { linkStore, type LinkPurpose, type LinkRow } from "./links-store.js";

type Meta = { requestId: string | null; ip: string | null };

/** Why a link does not act: unknown (404), already used or expired (410), each with its own sentence. */
export const linkProblem = (link: { used_at: Date | null; expires_at: Date } | undefined, now: Date): AppError => {
  if (!link) return new AppError("action_link_invalid");
  if (link.used_at) return new AppError("action_link_used");
  if (link.expires_at.getTime() <= now.getTime()) return new AppError("action_link_expired");
  return new AppError("action_link_invalid");
};

export type PageLinkResult = { action: "acknowledge" | "resolve"; changed: boolean; status: PageStatusValue; acknowledgedAt: string | null };
export type BroadcastLinkResult = {
  acknowledged: boolean;
  broadcast: { titleJa: string; titleEn: string; isDrill: boolean; sender: { nameJa: string; nameEn: string } };
};

const actOnPageLink = async (p: Platform, tx: Tx, link: LinkRow, meta: Meta, now: Date): Promise<PageLinkResult> => {
  const row = (await pageStore.lock(tx.db, link.page_id!))!;
  // A person who left the organisation since cannot act for it any more.
  if (link.user_id && !(await reachStore.isMember(tx.db, row.org_id, link.user_id))) throw new AppError("action_link_invalid");
  const r = await actOnPage(tx, row, link.action, link.user_id, "link", now);
  if (r.changed) {
    await p.audit.record(tx, { actor: { userId: link.user_id, orgId: row.org_id }, requestId: meta.requestId, ip: meta.ip }, {
      orgId: row.org_id, action: `network.page.${link.action}`, objectType: "network_page", objectId: row.id, after: { status: r.status, via: "link" },
    });
  }
  const after = (await pageStore.get(tx.db, row.id))!;
  return { action: link.action, changed: r.changed, status: after.status as PageStatusValue, acknowledgedAt: after.acknowledged_at?.toISOString() ?? null };
};

const acknowledgeBroadcastLink = async (p: Platform, tx: Tx, link: LinkRow, meta: Meta, now: Date): Promise<BroadcastLinkResult> => {
  const b = found(await broadcastStore.get(tx.db, link.broadcast_id!));
  const done = await broadcastStore.acknowledge(tx.db, link.recipient_id!, { at: now, userId: null, name: null, via: "link" });
  if (done) {
    await p.audit.record(tx, { actor: { userId: null, tokenId: null, orgId: null }, requestId: meta.requestId, ip: meta.ip }, {
      orgId: link.org_id, action: "broadcast.acknowledge", objectType: "broadcast", objectId: b.id, after: { via: "link" },
    });
    await notifyBroadcast(tx, b.id);
  }
  return {
    acknowledged: done !== undefined,
    broadcast: { titleJa: b.title_ja, titleEn: b.title_en, isDrill: b.is_drill, sender: { nameJa: b.sender_name_ja, nameEn: b.sender_name_en } },
  };
};

export const createLinkService = (p: Platform) => {
  /** Uses a link of the given purpose once and does its action; a token of the other purpose is unknown here. */
  const use = <P extends LinkPurpose>(purpose: P, token: string, meta: Meta): Promise<P extends "page" ? PageLinkResult : BroadcastLinkResult> =>
    p.db.systemTx(async (tx) => {
      const now = p.now();
      const link = await linkStore.use(tx.db, p.keys.identifier, token, now);
      // A token of the other purpose is unknown here (the throw rolls its use back: it stays usable on its own route).
      if (link && link.purpose !== purpose) throw new AppError("action_link_invalid");
      if (!link) {
        const seen = await linkStore.find(tx.db, p.keys.identifier, token);
        throw linkProblem(seen?.purpose === purpose ? seen : undefined, now);
      }
      const r = purpose === "page" ? await actOnPageLink(p, tx, link, meta, now) : await acknowledgeBroadcastLink(p, tx, link, meta, now);
      return r as P extends "page" ? PageLinkResult : BroadcastLinkResult;
    });

  return {
    use,
    /** The link a token stands for, if it is of this purpose (the GET of the link page: changes nothing). */
    find: async (purpose: LinkPurpose, token: string) => {
      const link = await linkStore.find(p.db.system, p.keys.identifier, token);
      return link?.purpose === purpose ? link : undefined;
    },
  };
};
export type LinkService = ReturnType<typeof createLinkService>;
