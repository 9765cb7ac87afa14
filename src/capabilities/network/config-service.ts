/**
 * An organisation's escalation set-up, kept by its org-admins: on-call schedules (participants must be members) with
 * overrides, escalation policies (targets checked: members, own schedules, roles of this kind of organisation, the
 * desks of related organisations), the duty desk's policy and which events page whom (triggers). Everyone in the
 * organisation reads it; the schedule view says who is on call now and at the next hand-off.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import { AppError, found } from "../../platform/http/errors.js";
import { authorize, canInOrg, roleAllowedIn } from "../../platform/policies/policies.js";
import { NETWORK_EVENT_KINDS, type DB } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import { nextHandoff, onCallAt, ZOverride, ZScheduleInput, type ScheduleInput } from "./rotation.js";
import { ZEscalationPolicyInput, type EscalationPolicyInput } from "./escalation.js";
import { deskStore, policyStore, scheduleStore, triggerStore, type ScheduleRecord } from "./config-store.js";
import { reachStore } from "./pages-store.js";

export const ZDeskInput = z.strictObject({ policyId: z.string().uuid().nullable() });
export const ZTriggersInput = z.strictObject({
  triggers: z.array(z.strictObject({ eventKind: z.enum(NETWORK_EVENT_KINDS), policyId: z.string().uuid(), isEnabled: z.boolean().default(true) })).max(NETWORK_EVENT_KINDS.length),
});

const membersOf = reachStore.membersOf;

export const createNetworkConfigService = (p: Platform) => {
  const presentSchedule = (s: ScheduleRecord, names: Map<string, string>) => {
    const now = p.now();
    const current = onCallAt(s.schedule, now);
    const next = nextHandoff(s.schedule, now);
    const person = (id: string | null) => (id ? { id, name: names.get(id) ?? "" } : null);
    return {
      id: s.id, nameJa: s.nameJa, nameEn: s.nameEn, timeZone: s.schedule.timeZone,
      rotation: { ...s.schedule.rotation, participants: [...s.schedule.rotation.participants] },
      participants: s.schedule.rotation.participants.map((u) => person(u)!),
      overrides: s.overrides.map((o) => ({ id: o.id, user: person(o.userId)!, from: o.from.toISOString(), to: o.to.toISOString() })),
      onCallNow: person(current),
      nextHandoff: next ? { at: next.at.toISOString(), user: person(next.userId) } : null,
    };
  };

  const checkMembers = async (db: Kysely<DB>, orgId: string, ids: readonly { userId: string; field: string }[]): Promise<void> => {
    const members = new Set((await membersOf(db, orgId)).map((m) => m.user_id));
    const stranger = ids.find((i) => !members.has(i.userId));
    if (stranger) throw new AppError("reference_invalid", stranger.field);
  };

  const checkSchedule = async (db: Kysely<DB>, orgId: string, input: ScheduleInput): Promise<void> =>
    checkMembers(db, orgId, [
      ...input.rotation.participants.map((u, i) => ({ userId: u, field: `body.rotation.participants.${i}` })),
      ...input.overrides.map((o, i) => ({ userId: o.userId, field: `body.overrides.${i}.userId` })),
    ]);

  const checkPolicy = async (ctx: RequestContext, db: Kysely<DB>, input: EscalationPolicyInput): Promise<void> => {
    const orgId = ctx.actor.orgId;
    const schedules = new Set((await scheduleStore.list(db, orgId)).map((s) => s.id));
    const desks = new Set([orgId, ...(await deskStore.reachable(db, orgId)).map((o) => o.id)]);
    const users: { userId: string; field: string }[] = [];
    input.steps.forEach((step, i) => step.targets.forEach((t, j) => {
      const field = `body.steps.${i}.targets.${j}`;
      if (t.kind === "user") users.push({ userId: t.userId, field: `${field}.userId` });
      if (t.kind === "schedule" && !schedules.has(t.scheduleId)) throw new AppError("reference_invalid", `${field}.scheduleId`);
      if (t.kind === "desk" && !desks.has(t.orgId)) throw new AppError("reference_invalid", `${field}.orgId`);
      if (t.kind === "role" && !roleAllowedIn(ctx.actor.orgKind, t.role)) throw new AppError("reference_invalid", `${field}.role`);
    }));
    await checkMembers(db, orgId, users);
  };

  const names = async (db: Kysely<DB>, orgId: string) => new Map((await membersOf(db, orgId)).map((m) => [m.user_id, m.display_name]));
  const scheduleView = async (ctx: RequestContext, tx: Tx, id: string) => {
    const [s] = await scheduleStore.list(tx.db, ctx.actor.orgId, [id]);
    return { schedule: presentSchedule(found(s), await names(tx.db, ctx.actor.orgId)) };
  };
  const managing = <T>(ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    authorize(canInOrg(ctx.actor, "network.manage"));
    return inTenant(p, ctx, fn);
  };
  const policyView = (pol: Awaited<ReturnType<typeof policyStore.list>>[number]) => ({
    id: pol.id, nameJa: pol.nameJa, nameEn: pol.nameEn, repeat: pol.repeat, steps: pol.steps.map((st) => ({ timeoutMinutes: st.timeoutMinutes, targets: [...st.targets] })), version: pol.version, updatedAt: pol.updatedAt.toISOString(),
  });

  return {
    /** Everything the set-up screens show at once: schedules, policies, the desk, triggers, members and desks to page. */
    overview: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "network.read"));
      return inTenant(p, ctx, async (tx) => {
        const orgId = ctx.actor.orgId;
        const members = await membersOf(tx.db, orgId);
        const nameMap = new Map(members.map((m) => [m.user_id, m.display_name]));
        const desk = await deskStore.get(tx.db, orgId);
        return {
          schedules: (await scheduleStore.list(tx.db, orgId)).map((s) => presentSchedule(s, nameMap)),
          escalationPolicies: (await policyStore.list(tx.db, orgId)).map(policyView),
          desk: { policyId: desk?.policy_id ?? null },
          triggers: (await triggerStore.list(tx.db, orgId)).map((t) => ({ eventKind: t.event_kind, policyId: t.policy_id, isEnabled: t.is_enabled })),
          members: members.map((m) => ({ id: m.user_id, name: m.display_name, role: m.role })),
          desks: (await deskStore.reachable(tx.db, orgId)).map((o) => ({ id: o.id, nameJa: o.name_ja, nameEn: o.name_en, kind: o.kind })),
          policies: { manage: canInOrg(ctx.actor, "network.manage"), page: canInOrg(ctx.actor, "network.page") },
        };
      });
    },

    schedule: (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "network.read"));
      return inTenant(p, ctx, (tx) => scheduleView(ctx, tx, id));
    },

    createSchedule: (ctx: RequestContext, input: ScheduleInput) =>
      managing(ctx, async (tx) => {
        await checkSchedule(tx.db, ctx.actor.orgId, input);
        const { id } = await scheduleStore.insert(tx.db, {
          orgId: ctx.actor.orgId, nameJa: input.nameJa, nameEn: input.nameEn, timeZone: input.timeZone, kind: input.rotation.kind,
          handoffTime: input.rotation.handoffTime, startDate: input.rotation.startDate, by: ctx.actor.userId, at: p.now(),
        });
        await scheduleStore.replaceParticipants(tx.db, ctx.actor.orgId, id, input.rotation.participants);
        await scheduleStore.replaceOverrides(tx.db, ctx.actor.orgId, id, input.overrides, p.now());
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "network.schedule.create", objectType: "network_schedule", objectId: id,
          after: { nameJa: input.nameJa, nameEn: input.nameEn, kind: input.rotation.kind, people: input.rotation.participants.length },
        });
        return scheduleView(ctx, tx, id);
      }),

    updateSchedule: (ctx: RequestContext, id: string, input: ScheduleInput) =>
      managing(ctx, async (tx) => {
        await checkSchedule(tx.db, ctx.actor.orgId, input);
        found(await scheduleStore.update(tx.db, id, {
          nameJa: input.nameJa, nameEn: input.nameEn, timeZone: input.timeZone, kind: input.rotation.kind,
          handoffTime: input.rotation.handoffTime, startDate: input.rotation.startDate, at: p.now(),
        }));
        await scheduleStore.replaceParticipants(tx.db, ctx.actor.orgId, id, input.rotation.participants);
        await scheduleStore.replaceOverrides(tx.db, ctx.actor.orgId, id, input.overrides, p.now());
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "network.schedule.update", objectType: "network_schedule", objectId: id,
          after: { nameJa: input.nameJa, nameEn: input.nameEn, kind: input.rotation.kind, people: input.rotation.participants.length },
        });
        return scheduleView(ctx, tx, id);
      }),

    deleteSchedule: (ctx: RequestContext, id: string) =>
      managing(ctx, async (tx) => {
        // A policy that names the schedule would page nobody at that step: refuse, naming why.
        const users = (await policyStore.list(tx.db, ctx.actor.orgId)).filter((pol) => pol.steps.some((s) => s.targets.some((t) => t.kind === "schedule" && t.scheduleId === id)));
        if (users.length > 0) throw new AppError("conflict", "params.scheduleId", { field: users[0]!.nameEn });
        found(await scheduleStore.delete(tx.db, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "network.schedule.delete", objectType: "network_schedule", objectId: id });
      }),

    addOverride: (ctx: RequestContext, scheduleId: string, input: z.infer<typeof ZOverride>) =>
      managing(ctx, async (tx) => {
        found((await scheduleStore.list(tx.db, ctx.actor.orgId, [scheduleId]))[0]);
        await checkMembers(tx.db, ctx.actor.orgId, [{ userId: input.userId, field: "body.userId" }]);
        const { id } = await scheduleStore.addOverride(tx.db, ctx.actor.orgId, scheduleId, input, p.now());
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "network.schedule.override", objectType: "network_schedule", objectId: scheduleId,
          after: { id, userId: input.userId, from: input.from, to: input.to },
        });
        return scheduleView(ctx, tx, scheduleId);
      }),

    deleteOverride: (ctx: RequestContext, scheduleId: string, overrideId: string) =>
      managing(ctx, async (tx) => {
        found(await scheduleStore.deleteOverride(tx.db, scheduleId, overrideId));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "network.schedule.override_delete", objectType: "network_schedule", objectId: scheduleId, after: { id: overrideId } });
        return scheduleView(ctx, tx, scheduleId);
      }),

    policy: (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "network.read"));
      return inTenant(p, ctx, async (tx) => {
        const pol = await policyStore.get(tx.db, id);
        if (!pol || pol.orgId !== ctx.actor.orgId) found(undefined);
        return { policy: policyView(pol!) };
      });
    },

    createPolicy: (ctx: RequestContext, input: EscalationPolicyInput) =>
      managing(ctx, async (tx) => {
        await checkPolicy(ctx, tx.db, input);
        const { id } = await policyStore.insert(tx.db, { orgId: ctx.actor.orgId, ...input, by: ctx.actor.userId, at: p.now() });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "network.policy.create", objectType: "network_policy", objectId: id,
          after: { nameJa: input.nameJa, nameEn: input.nameEn, steps: input.steps.length },
        });
        return { policy: policyView((await policyStore.get(tx.db, id))!) };
      }),

    updatePolicy: (ctx: RequestContext, id: string, input: EscalationPolicyInput) =>
      managing(ctx, async (tx) => {
        await checkPolicy(ctx, tx.db, input);
        found(await policyStore.update(tx.db, id, { ...input, at: p.now() }));
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "network.policy.update", objectType: "network_policy", objectId: id,
          after: { nameJa: input.nameJa, nameEn: input.nameEn, steps: input.steps.length },
        });
        return { policy: policyView((await policyStore.get(tx.db, id))!) };
      }),

    deletePolicy: (ctx: RequestContext, id: string) =>
      managing(ctx, async (tx) => {
        found(await policyStore.delete(tx.db, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "network.policy.delete", objectType: "network_policy", objectId: id });
      }),

    setDesk: (ctx: RequestContext, input: z.infer<typeof ZDeskInput>) =>
      managing(ctx, async (tx) => {
        if (input.policyId) {
          const pol = await policyStore.get(tx.db, input.policyId);
          if (!pol || pol.orgId !== ctx.actor.orgId) throw new AppError("reference_invalid", "body.policyId");
        }
        await deskStore.set(tx.db, ctx.actor.orgId, input.policyId, ctx.actor.userId, p.now());
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "network.desk.update", objectType: "organization", objectId: ctx.actor.orgId, after: { id: input.policyId } });
        return { desk: { policyId: input.policyId } };
      }),

    setTriggers: (ctx: RequestContext, input: z.infer<typeof ZTriggersInput>) =>
      managing(ctx, async (tx) => {
        const kinds = input.triggers.map((t) => t.eventKind);
        const dup = kinds.findIndex((k, i) => kinds.indexOf(k) !== i);
        if (dup >= 0) throw new AppError("conflict", `body.triggers.${dup}.eventKind`, { field: kinds[dup]! });
        const own = new Set((await policyStore.list(tx.db, ctx.actor.orgId)).map((x) => x.id));
        const bad = input.triggers.findIndex((t) => !own.has(t.policyId));
        if (bad >= 0) throw new AppError("reference_invalid", `body.triggers.${bad}.policyId`);
        await triggerStore.replace(tx.db, ctx.actor.orgId, input.triggers, ctx.actor.userId, p.now());
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "network.triggers.update", objectType: "organization", objectId: ctx.actor.orgId,
          after: { keys: input.triggers.filter((t) => t.isEnabled).map((t) => t.eventKind) },
        });
        return { triggers: input.triggers };
      }),
  };
};

export { ZScheduleInput, ZEscalationPolicyInput, ZOverride };
