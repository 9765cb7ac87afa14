/**
 * The escalation stepper. A page freezes a copy of its policy when triggered (an edited policy does not change
 * running pages, as at PagerDuty) and climbs it step by step until someone acknowledges. Pure: the worker calls
 * `advance` at `nextWakeAt` and writes the notifications it returns to the outbox in the same transaction.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { ROLES, type Role } from "../../platform/db/schema.js";

/** PagerDuty's UI repeats a policy at most 9 times; more is a loop, not an escalation. */
export const MAX_REPEAT = 9;
/** Opsgenie's old API capped a delay at a day; a step that waits longer is not paging anyone. */
export const MAX_TIMEOUT_MINUTES = 1440;

export const ZTarget = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("user"), userId: z.string().uuid() }),
  z.strictObject({ kind: z.literal("schedule"), scheduleId: z.string().uuid() }),
  z.strictObject({ kind: z.literal("role"), role: z.enum(ROLES) }),
  /** Another organisation's duty desk: that organisation decides who answers it. */
  z.strictObject({ kind: z.literal("desk"), orgId: z.string().uuid() }),
]);
export type Target = z.infer<typeof ZTarget>;
/** At most this many targets in one step. */
export const MAX_STEP_TARGETS = 50;
/** Problems with a step read as one sentence naming the step and the bounds (catalog `validation.step_*`). */
const stepTimeout = { error: "step_timeout" } as const;
const stepTargets = { error: "step_targets" } as const;
export const ZEscalationStep = z.strictObject({
  timeoutMinutes: z.number(stepTimeout).int(stepTimeout).min(1, stepTimeout).max(MAX_TIMEOUT_MINUTES, stepTimeout),
  targets: z.array(ZTarget, stepTargets).min(1, stepTargets).max(MAX_STEP_TARGETS, stepTargets),
});
export const ZEscalationPolicyInput = z.strictObject({
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  /** Extra rounds after the first pass through the steps. */
  repeat: z.number().int().min(0).max(MAX_REPEAT).default(0),
  steps: z.array(ZEscalationStep).min(1).max(20),
});
export type EscalationPolicyInput = z.infer<typeof ZEscalationPolicyInput>;

export type EscalationStep = { readonly timeoutMinutes: number; readonly targets: readonly Target[] };
export type EscalationPolicy = { readonly id: string; readonly repeat: number; readonly steps: readonly EscalationStep[] };

/** Who a notification goes to: schedules are resolved to the person on call when the step fires. */
export type Recipient =
  | { kind: "user"; userId: string; viaScheduleId?: string }
  | { kind: "role"; role: Role }
  | { kind: "desk"; orgId: string };
export type Notification = { pageId: string; step: number; round: number; recipient: Recipient; dueAt: Date };

export type PageStatus = "triggered" | "acknowledged" | "resolved" | "exhausted";
export type Page = {
  readonly id: string;
  readonly policy: EscalationPolicy;
  readonly triggeredAt: Date;
  readonly status: PageStatus;
  readonly step: number;
  readonly round: number;
  /** When the current step became due: its scheduled time, not when a (late) worker noticed it. */
  readonly stepStartedAt: Date;
  readonly isStepNotified: boolean;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: Date | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
};
export type PageEvent = {
  at: Date;
  kind: "notified" | "step_skipped" | "escalated" | "repeated" | "exhausted" | "acknowledged" | "resolved";
  step: number;
  round: number;
  reason?: "no_one_on_call";
  by?: string;
};
/** Who is on call on a schedule at an instant (rotation.ts `onCallAt` behind the schedule's id). */
export type OnCall = (scheduleId: string, at: Date) => string | null;

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

const isWithin = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

/**
 * Triggers a page on a copy of `policy`. A policy that skipped the schema (a zero timeout, a repeat of a billion,
 * no steps) is refused here too: the stepper's loop is only bounded because these are.
 */
export const startPage = (id: string, policy: EscalationPolicy, triggeredAt: Date): Page => {
  const isValid = isWithin(policy.repeat, 0, MAX_REPEAT) && policy.steps.length > 0 &&
    policy.steps.every((s) => isWithin(s.timeoutMinutes, 1, MAX_TIMEOUT_MINUTES));
  if (!isValid) throw new RangeError("escalation policy out of bounds");
  return frozenPage(id, policy, triggeredAt);
};

const frozenPage = (id: string, policy: EscalationPolicy, triggeredAt: Date): Page => ({
  id,
  policy: deepFreeze(structuredClone({ id: policy.id, repeat: policy.repeat, steps: policy.steps })),
  triggeredAt,
  status: "triggered",
  step: 0,
  round: 0,
  stepStartedAt: triggeredAt,
  isStepNotified: false,
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  resolvedAt: null,
});

const recipientKey = (r: Recipient): string =>
  r.kind === "user" ? `user:${r.userId}` : r.kind === "role" ? `role:${r.role}` : `desk:${r.orgId}`;

/** A step's recipients at `at`, each once (a user named directly and on call through a schedule gets one page). */
const recipientsOf = (step: EscalationStep, at: Date, onCall: OnCall): Recipient[] => {
  const byKey = new Map<string, Recipient>();
  for (const t of step.targets) {
    let r: Recipient | null;
    if (t.kind === "schedule") {
      const userId = onCall(t.scheduleId, at);
      r = userId === null ? null : { kind: "user", userId, viaScheduleId: t.scheduleId };
    } else r = t.kind === "user" ? { kind: "user", userId: t.userId } : t;
    if (r && !byKey.has(recipientKey(r))) byKey.set(recipientKey(r), r);
  }
  return [...byKey.values()];
};

/** The next step (or the first of the next round), due at `at`; exhausted after the last round. */
const moveOn = (p: Page, at: Date, events: PageEvent[]): Page => {
  const isLastStep = p.step + 1 >= p.policy.steps.length;
  const round = isLastStep ? p.round + 1 : p.round;
  if (round > p.policy.repeat) {
    events.push({ at, kind: "exhausted", step: p.step, round: p.round });
    return { ...p, status: "exhausted" };
  }
  const step = isLastStep ? 0 : p.step + 1;
  events.push({ at, kind: isLastStep ? "repeated" : "escalated", step, round });
  return { ...p, step, round, stepStartedAt: at, isStepNotified: false };
};

/**
 * Everything due by `now`: the notifications to send, what happened, the page after, and when to call again
 * (null once nobody needs waking). Steps start at their scheduled time, so a late worker does not push the
 * rest of the chain later. A step whose targets reach nobody (an empty schedule) escalates at once, with a reason.
 */
export const advance = (
  page: Page,
  now: Date,
  onCall: OnCall,
): { page: Page; notifications: Notification[]; events: PageEvent[]; nextWakeAt: Date | null } => {
  let p = page;
  const notifications: Notification[] = [];
  const events: PageEvent[] = [];
  while (p.status === "triggered" && p.stepStartedAt.getTime() <= now.getTime()) {
    const step = p.policy.steps[p.step]!;
    if (!p.isStepNotified) {
      const recipients = recipientsOf(step, p.stepStartedAt, onCall);
      if (recipients.length === 0) {
        events.push({ at: p.stepStartedAt, kind: "step_skipped", step: p.step, round: p.round, reason: "no_one_on_call" });
        p = moveOn(p, p.stepStartedAt, events);
        continue;
      }
      for (const recipient of recipients) notifications.push({ pageId: p.id, step: p.step, round: p.round, recipient, dueAt: p.stepStartedAt });
      events.push({ at: p.stepStartedAt, kind: "notified", step: p.step, round: p.round });
      p = { ...p, isStepNotified: true };
    }
    const timeoutAt = new Date(p.stepStartedAt.getTime() + step.timeoutMinutes * 60_000);
    if (now.getTime() < timeoutAt.getTime()) break;
    p = moveOn(p, timeoutAt, events);
  }
  return { page: p, notifications, events, nextWakeAt: nextWakeOf(p) };
};

const nextWakeOf = (p: Page): Date | null => {
  if (p.status !== "triggered") return null;
  if (!p.isStepNotified) return p.stepStartedAt;
  return new Date(p.stepStartedAt.getTime() + p.policy.steps[p.step]!.timeoutMinutes * 60_000);
};

/**
 * Stops the climb. The first acknowledgement owns the page; a second one (two people pressing the link) and an
 * acknowledgement of a resolved page change nothing. An exhausted page can still be acknowledged.
 */
export const acknowledge = (page: Page, by: string, at: Date): { page: Page; events: PageEvent[] } => {
  if (page.status !== "triggered" && page.status !== "exhausted") return { page, events: [] };
  return {
    page: { ...page, status: "acknowledged", acknowledgedBy: by, acknowledgedAt: at },
    events: [{ at, kind: "acknowledged", step: page.step, round: page.round, by }],
  };
};

/** Ends the page from any open state; resolving twice changes nothing. */
export const resolve = (page: Page, by: string, at: Date): { page: Page; events: PageEvent[] } => {
  if (page.status === "resolved") return { page, events: [] };
  return {
    page: { ...page, status: "resolved", resolvedBy: by, resolvedAt: at },
    events: [{ at, kind: "resolved", step: page.step, round: page.round, by }],
  };
};

export type Channel = "email" | "webhook" | "sms" | "voice";
/**
 * The outbox's idempotency key (and the SMTP Message-ID's local part): the same (page, step, round, recipient,
 * channel, attempt) always gives the same key, so a retry after a crash finds the row it already wrote. The
 * schedule a user was reached through is not part of it: the person is paged once per step, however reached.
 */
export const notificationKey = (n: { pageId: string; step: number; round: number; recipient: Recipient; channel: Channel; attempt: number }): string =>
  createHash("sha256").update(JSON.stringify([n.pageId, n.step, n.round, recipientKey(n.recipient), n.channel, n.attempt])).digest("hex");
