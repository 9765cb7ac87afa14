/**
 * Pages on the platform: raising one in the transaction of its cause, stepping it (escalation.ts `advance`) with its
 * notifications written to the outbox in the same transaction, and acknowledging or resolving it. The escalation
 * worker, the routes, the action links and the triggers all go through these functions.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Platform } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import type { DB, PageSourceKind, Role } from "../../platform/db/schema.js";
import { decrypt, randomToken } from "../../platform/crypto/keys.js";
import {
  acknowledge, advance, notificationKey, resolve, startPage, type EscalationPolicy, type Notification, type Page, type PageEvent, type Recipient,
} from "./escalation.js";
import { onCallAt } from "./rotation.js";
import { enqueueMessages, type OutboxDestination, type QueuedMessage } from "./outbox.js";
import { deskStore, policyStore, scheduleStore, triggerStore } from "./config-store.js";
import { pageStore, reachStore, type NewPageEvent, type PageRow } from "./pages-store.js";
import { linkHash, linkStore } from "./links-store.js";
import { channelStore } from "./channel-store.js";
import { renderPageMessage } from "./page-messages.js";

/** A link in a page's message acts once and not after this long (a page left a day is paged again anyway). */
export const ACTION_LINK_HOURS = 24;
/** A desk without a policy of its own: its shared channels, every hour until someone acknowledges, three times. */
const DESK_FALLBACK_MINUTES = 60;

export type RaisePageInput = {
  orgId: string;
  event: { kind: PageSourceKind; id: string | null };
  /** The policy to climb; or `target` a desk (this organisation's own, or another one's: a page there). */
  policyId?: string;
  target?: { kind: "desk"; orgId: string };
  title: { ja: string; en: string };
  incidentId?: string | null;
  isDrill?: boolean;
  /** One event raises one page: a repeated key returns the page raised before. */
  dedupKey: string;
  createdBy?: string | null;
};
/**
 * `asTenant`: the caller's transaction is a tenant one (`db.tenant`) acting for `input.orgId` (a page in another
 * organisation then goes through the narrow SECURITY DEFINER function); otherwise it is the platform's (`systemTx`).
 */
export type RaiseDeps = { p: Platform; asTenant: boolean };

const clip = (s: string): string => (s.length > 300 ? `${s.slice(0, 299)}…` : s);

// Page state as JSON: escalation.ts `Page` with its Dates as ISO strings.
export const pageToJson = (page: Page): string => JSON.stringify(page);
export const pageFromJson = (state: unknown): Page => {
  const s = state as Record<string, unknown>;
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...(s as unknown as Page),
    triggeredAt: date(s.triggeredAt)!,
    stepStartedAt: date(s.stepStartedAt)!,
    acknowledgedAt: date(s.acknowledgedAt),
    resolvedAt: date(s.resolvedAt),
  };
};

const deskFallback = (orgId: string): EscalationPolicy => ({
  id: `desk:${orgId}`, repeat: 2, steps: [{ timeoutMinutes: DESK_FALLBACK_MINUTES, targets: [{ kind: "desk", orgId }] }],
});

/**
 * The policy a page of `orgId` climbs: the given one, else (for a desk page) the trigger configured for the source
 * event, else the desk's policy, else the desk's channels (fallback). Null when a given policy does not exist.
 */
const policyFor = async (db: Kysely<DB>, orgId: string, a: { policyId?: string | null | undefined; sourceKind: PageSourceKind }): Promise<{ policy: EscalationPolicy; version: number | null; policyId: string | null } | null> => {
  if (a.policyId) {
    const p = await policyStore.get(db, a.policyId);
    return p && p.orgId === orgId ? { policy: p, version: p.version, policyId: p.id } : null;
  }
  if (a.sourceKind !== "manual" && a.sourceKind !== "desk" && a.sourceKind !== "broadcast") {
    const t = await triggerStore.enabledFor(db, orgId, a.sourceKind);
    const p = t ? await policyStore.get(db, t.policy_id) : undefined;
    if (p) return { policy: p, version: p.version, policyId: p.id };
  }
  const desk = await deskStore.get(db, orgId);
  const p = desk?.policy_id ? await policyStore.get(db, desk.policy_id) : undefined;
  if (p) return { policy: p, version: p.version, policyId: p.id };
  return { policy: deskFallback(orgId), version: null, policyId: null };
};

/**
 * Raises a page in the caller's transaction: it commits (or not) with its cause. The policy is frozen now; the first
 * step's notifications are written by the escalation worker, woken at commit. Returns the page (new or raised before
 * under the same dedup key); null when a given policy does not exist.
 */
export const raisePage = async (tx: Tx, deps: RaiseDeps, raw: RaisePageInput): Promise<{ pageId: string; isNew: boolean } | null> => {
  const now = deps.p.now();
  const input = { ...raw, title: { ja: clip(raw.title.ja), en: clip(raw.title.en) } };
  const target = input.target;
  if (target && target.orgId !== input.orgId) {
    const common = {
      sourceKind: input.event.kind, sourceId: input.event.id, dedupKey: input.dedupKey, titleJa: input.title.ja, titleEn: input.title.en,
      incidentId: input.incidentId ?? null, isDrill: input.isDrill ?? false, at: now,
    };
    if (deps.asTenant) {
      // The tenant cannot see the other organisation's pages: a repeated key returns the page raised before, as new.
      const pageId = await pageStore.raiseDeskPageAsTenant(tx.db, { targetOrgId: target.orgId, ...common });
      return { pageId, isNew: true };
    }
    return raiseUnfrozen(tx.db, { ...common, targetOrgId: target.orgId, sourceOrgId: input.orgId });
  }
  const chosen = await policyFor(tx.db, input.orgId, { policyId: input.policyId, sourceKind: input.event.kind });
  if (!chosen) return null;
  const id = randomUUID();
  const page = startPage(id, chosen.policy, now);
  const inserted = await pageStore.insert(tx.db, {
    id, org_id: input.orgId, title_ja: input.title.ja, title_en: input.title.en, status: "triggered", state: pageToJson(page),
    policy_id: chosen.policyId, policy_version: chosen.version, next_wake_at: now, source_kind: input.event.kind, source_id: input.event.id,
    source_org_id: input.orgId, incident_id: input.incidentId ?? null, is_drill: input.isDrill ?? false, dedup_key: input.dedupKey,
    created_by: input.createdBy ?? null, created_at: now, updated_at: now,
  });
  if (!inserted) return { pageId: (await pageStore.byDedupKey(tx.db, input.orgId, input.dedupKey))!.id, isNew: false };
  await pageStore.insertEvents(tx.db, [{ pageId: id, orgId: input.orgId, at: now, kind: "triggered", byUserId: input.createdBy ?? null, via: input.createdBy ? "ui" : "system", detail: { policyVersion: chosen.version } }]);
  await pageStore.notifyChanged(tx.db);
  return { pageId: id, isNew: true };
};

/** A desk page in another organisation, raised as the platform (the worker, a job): frozen by the worker. */
const raiseUnfrozen = async (db: Kysely<DB>, a: {
  targetOrgId: string; sourceOrgId: string; sourceKind: PageSourceKind; sourceId: string | null; dedupKey: string; titleJa: string; titleEn: string;
  incidentId: string | null; isDrill: boolean; at: Date;
}): Promise<{ pageId: string; isNew: boolean }> => {
  const inserted = await pageStore.insert(db, {
    org_id: a.targetOrgId, title_ja: a.titleJa, title_en: a.titleEn, status: "triggered", state: null, next_wake_at: a.at,
    source_kind: a.sourceKind, source_id: a.sourceId, source_org_id: a.sourceOrgId, incident_id: a.incidentId, is_drill: a.isDrill,
    dedup_key: a.dedupKey, created_at: a.at, updated_at: a.at,
  });
  if (!inserted) return { pageId: (await pageStore.byDedupKey(db, a.targetOrgId, a.dedupKey))!.id, isNew: false };
  await pageStore.insertEvents(db, [{ pageId: inserted, orgId: a.targetOrgId, at: a.at, kind: "triggered", via: "system", detail: { sourceOrgId: a.sourceOrgId } }]);
  await pageStore.notifyChanged(db);
  return { pageId: inserted, isNew: true };
};

/** The page's state; a desk page another organisation raised is frozen here, on the desk's policy, at its raising. */
const stateOf = async (db: Kysely<DB>, row: PageRow): Promise<{ page: Page; freeze?: { policyId: string | null; version: number | null } }> => {
  if (row.state) return { page: pageFromJson(row.state) };
  const chosen = (await policyFor(db, row.org_id, { sourceKind: row.source_kind }))!;
  return { page: startPage(row.id, chosen.policy, row.created_at), freeze: { policyId: chosen.policyId, version: chosen.version } };
};

const eventRow = (row: PageRow, e: PageEvent, extra: Partial<NewPageEvent> = {}): NewPageEvent => ({
  pageId: row.id, orgId: row.org_id, at: e.at, kind: e.kind, step: e.step, round: e.round, reason: e.reason ?? null,
  byUserId: e.by && e.by !== "desk" ? e.by : null, ...extra,
});

const decryptOr = (key: Buffer, box: Buffer): string | null => {
  try {
    return decrypt(key, box);
  } catch {
    return null;
  }
};

type Reached = { recipient: Recipient & { kind: "user" | "desk" }; userId: string | null; locale: "ja" | "en"; destinations: OutboxDestination[] };

/** People and channels a step's recipients stand for: role → its members; desk of this organisation → its channels. */
const reach = async (p: Platform, db: Kysely<DB>, orgId: string, recipients: readonly Recipient[]): Promise<{ reached: Reached[]; otherDesks: string[] }> => {
  const userIds: string[] = [];
  const otherDesks: string[] = [];
  let ownDesk = false;
  for (const r of recipients) {
    if (r.kind === "user") userIds.push(r.userId);
    else if (r.kind === "role") userIds.push(...(await reachStore.membersWithRole(db, orgId, r.role as Role)).map((m) => m.user_id));
    else if (r.orgId === orgId) ownDesk = true;
    else otherDesks.push(r.orgId);
  }
  // A user named in a policy who has since left the organisation is not paged (the policy is frozen, membership is not).
  const members = new Set<string>();
  for (const u of new Set(userIds)) if (await reachStore.isMember(db, orgId, u)) members.add(u);
  const ids = [...members];
  const users = await reachStore.users(db, ids);
  const channels = await channelStore.enabledOfUsers(db, orgId, ids);
  const reached: Reached[] = [];
  for (const u of users) {
    const own = channels.filter((c) => c.user_id === u.id);
    const destinations: OutboxDestination[] = own.flatMap((c) => {
      const address = decryptOr(p.keys.encryption, c.address_enc);
      return address ? [{ channelId: c.id, kind: c.kind, address, webhookFormat: c.webhook_format }] : [];
    });
    // Without a channel of their own, a member is reached at the address they sign in with.
    if (destinations.length === 0) {
      const email = decryptOr(p.keys.encryption, u.email_enc);
      if (email) destinations.push({ channelId: null, kind: "email", address: email, webhookFormat: null });
    }
    reached.push({ recipient: { kind: "user", userId: u.id }, userId: u.id, locale: u.locale, destinations });
  }
  if (ownDesk) {
    const desk = (await channelStore.deskChannels(db, [orgId])).flatMap((c) => {
      const address = decryptOr(p.keys.encryption, c.address_enc);
      return address ? [{ channelId: c.id, kind: c.kind, address, webhookFormat: c.webhook_format }] : [];
    });
    if (desk.length > 0) reached.push({ recipient: { kind: "desk", orgId }, userId: null, locale: "ja", destinations: desk });
  }
  return { reached, otherDesks: [...new Set(otherDesks)] };
};

export const actionLinkUrl = (p: Platform, token: string): string => `${p.config.publicUrl}/network/actions#token=${token}`;

/** Messages, links and desk pages for one step's notifications, written in the worker's transaction. */
const notify = async (p: Platform, db: Kysely<DB>, tx: Tx, row: PageRow, page: Page, notifications: readonly Notification[], now: Date): Promise<Map<string, NewPageEvent[]>> => {
  const eventsByStep = new Map<string, NewPageEvent[]>();
  const byStep = new Map<string, Notification[]>();
  for (const n of notifications) byStep.set(`${n.step}:${n.round}`, [...(byStep.get(`${n.step}:${n.round}`) ?? []), n]);
  const org = (await reachStore.org(db, row.org_id))!;
  const sourceOrg = row.source_org_id && row.source_org_id !== row.org_id ? await reachStore.org(db, row.source_org_id) : undefined;
  const queued: QueuedMessage[] = [];
  for (const group of byStep.values()) {
    const { step, round } = group[0]!;
    const events: NewPageEvent[] = [];
    eventsByStep.set(`${step}:${round}`, events);
    const { reached, otherDesks } = await reach(p, db, row.org_id, group.map((n) => n.recipient));
    let messages = 0;
    for (const r of reached) {
      const tokens = { acknowledge: randomToken(), resolve: randomToken() };
      await linkStore.insert(db, (["acknowledge", "resolve"] as const).map((action) => ({
        purpose: "page" as const, tokenHash: linkHash(p.keys.identifier, "page", tokens[action]), orgId: row.org_id, pageId: row.id, userId: r.userId, action,
        expiresAt: new Date(now.getTime() + ACTION_LINK_HOURS * 3_600_000), at: now,
      })));
      const message = renderPageMessage({
        locale: r.locale, title: { ja: row.title_ja, en: row.title_en }, orgName: { ja: org.name_ja, en: org.name_en },
        sourceOrgName: sourceOrg ? { ja: sourceOrg.name_ja, en: sourceOrg.name_en } : null, step, round, isDrill: row.is_drill,
        triggeredAt: page.triggeredAt,
        links: { acknowledge: actionLinkUrl(p, tokens.acknowledge), resolve: actionLinkUrl(p, tokens.resolve), open: `${p.config.publicUrl}/o/${row.org_id}/network/pages/${row.id}` },
      });
      for (const d of r.destinations) {
        const key = notificationKey({ pageId: row.id, step, round, recipient: r.recipient, channel: d.kind, attempt: 0 });
        queued.push({
          orgId: row.org_id, idempotencyKey: `${key}.${d.channelId ?? "account"}`, destination: d, message,
          cause: { pageId: row.id, step, round }, notBefore: now,
        });
        messages++;
      }
    }
    for (const deskOrg of otherDesks) {
      const raised = await raiseUnfrozen(db, {
        targetOrgId: deskOrg, sourceOrgId: row.org_id, sourceKind: "desk", sourceId: row.id, dedupKey: `page:${row.id}:${step}:${round}`,
        titleJa: row.title_ja, titleEn: row.title_en, incidentId: row.incident_id, isDrill: row.is_drill, at: now,
      });
      events.push({ pageId: row.id, orgId: row.org_id, at: now, kind: "desk_paged", step, round, via: "system", detail: { orgId: deskOrg, deskPageId: raised.pageId } });
    }
    events.push({
      pageId: row.id, orgId: row.org_id, at: now, kind: "notified", step, round, via: "system",
      detail: { recipients: reached.map((r) => r.userId ?? "desk"), messages, desks: otherDesks },
    });
  }
  await enqueueMessages(tx, p.keys, queued);
  return eventsByStep;
};

/**
 * Everything due on one locked page by `now`: steps fired (each at its scheduled time), notifications queued in
 * this transaction, events, the page's new state and its next wake-up.
 */
export const stepPage = async (p: Platform, tx: Tx, row: PageRow, now: Date): Promise<{ notified: number; nextWakeAt: Date | null }> => {
  const db = tx.db;
  const { page, freeze } = await stateOf(db, row);
  const scheduleIds = [...new Set(page.policy.steps.flatMap((s) => s.targets.flatMap((t) => (t.kind === "schedule" ? [t.scheduleId] : []))))];
  const schedules = new Map((await scheduleStore.list(db, row.org_id, scheduleIds)).map((s) => [s.id, s.schedule]));
  const result = advance(page, now, (id, at) => {
    const s = schedules.get(id);
    return s ? onCallAt(s, at) : null;
  });
  // A `notified` event becomes what `notify` did for that step (who was reached, desks paged); the others stay.
  const notified = await notify(p, db, tx, row, result.page, result.notifications, now);
  const events = result.events.flatMap((e) =>
    e.kind === "notified" ? (notified.get(`${e.step}:${e.round}`) ?? []).map((n) => ({ ...n, at: e.at })) : [eventRow(row, e, { via: "system" })]);
  await pageStore.insertEvents(db, events);
  await pageStore.update(db, row.id, {
    state: pageToJson(result.page), status: result.page.status, next_wake_at: result.nextWakeAt, updated_at: now,
    ...(freeze ? { policy_id: freeze.policyId, policy_version: freeze.version } : {}),
  });
  return { notified: result.notifications.length, nextWakeAt: result.nextWakeAt };
};

/**
 * Acknowledges or resolves a locked page. Returns whether it changed (a second acknowledgement changes nothing).
 * `by` is the person, or null for the desk's shared link.
 */
export const actOnPage = async (
  tx: Tx, row: PageRow, action: "acknowledge" | "resolve", by: string | null, via: "ui" | "api" | "link", now: Date,
): Promise<{ changed: boolean; status: Page["status"] }> => {
  const { page, freeze } = await stateOf(tx.db, row);
  const r = action === "acknowledge" ? acknowledge(page, by ?? "desk", now) : resolve(page, by ?? "desk", now);
  if (r.events.length === 0) return { changed: false, status: page.status };
  await pageStore.insertEvents(tx.db, r.events.map((e) => eventRow(row, e, { via })));
  await pageStore.update(tx.db, row.id, {
    state: pageToJson(r.page), status: r.page.status, next_wake_at: null, updated_at: now,
    ...(action === "acknowledge" ? { acknowledged_by: by, acknowledged_at: now } : { resolved_by: by, resolved_at: now }),
    ...(freeze ? { policy_id: freeze.policyId, policy_version: freeze.version } : {}),
  });
  await pageStore.notifyChanged(tx.db);
  return { changed: true, status: r.page.status };
};
