import { test } from "node:test";
import assert from "node:assert/strict";
import {
  acknowledge, advance, type EscalationPolicy, MAX_REPEAT, notificationKey, type OnCall, type Page, resolve, startPage, ZEscalationPolicyInput,
} from "./escalation.js";
import { onCallAt, type Schedule } from "./rotation.js";

const t0 = new Date("2026-12-01T00:00:00Z");
const min = (m: number): Date => new Date(t0.getTime() + m * 60_000);
const nobody: OnCall = () => null;
const ORG = "0b8f3c2e-1111-4a4a-8b8b-222222222222";

/** Officer → section chief → director, as a regulator's own chain. */
const chain: EscalationPolicy = {
  id: "policy-1",
  repeat: 1,
  steps: [
    { timeoutMinutes: 5, targets: [{ kind: "user", userId: "officer" }] },
    { timeoutMinutes: 10, targets: [{ kind: "user", userId: "chief" }, { kind: "role", role: "ciso" }] },
    { timeoutMinutes: 15, targets: [{ kind: "user", userId: "director" }, { kind: "desk", orgId: ORG }] },
  ],
};
const who = (r: ReturnType<typeof advance>): string[] =>
  r.notifications.map((n) => `${n.round}/${n.step}/${n.recipient.kind === "user" ? n.recipient.userId : n.recipient.kind === "role" ? n.recipient.role : n.recipient.orgId}`);

test("the first step is paged at trigger time, and nothing more until its timeout", () => {
  const r = advance(startPage("page-1", chain, t0), t0, nobody);
  assert.deepEqual(who(r), ["0/0/officer"]);
  assert.deepEqual(r.nextWakeAt, min(5));
  const again = advance(r.page, min(4.99), nobody);
  assert.deepEqual(who(again), []);
  assert.deepEqual(again.nextWakeAt, min(5));
});

test("each step fires at its timeout, at the scheduled time even if the worker wakes late", () => {
  const p = advance(startPage("page-1", chain, t0), t0, nobody).page;
  const step1 = advance(p, min(5), nobody);
  assert.deepEqual(who(step1), ["0/1/chief", "0/1/ciso"]);
  assert.deepEqual(step1.nextWakeAt, min(15));
  // A worker that was down from 00:05 to 00:20 fires step 2 as due at 00:15 and keeps the chain on time.
  const late = advance(step1.page, min(20), nobody);
  assert.deepEqual(who(late), [`0/2/director`, `0/2/${ORG}`]);
  assert.deepEqual(late.notifications[0]!.dueAt, min(15));
  assert.deepEqual(late.nextWakeAt, min(30));
});

test("repeats the whole policy `repeat` times, then is exhausted and stops waking", () => {
  let p: Page = startPage("page-1", chain, t0);
  const fired: string[] = [];
  let wake: Date | null = t0;
  const events: string[] = [];
  let exhaustedAt: Date | undefined;
  while (wake) {
    const r = advance(p, wake, nobody);
    fired.push(...who(r));
    events.push(...r.events.map((e) => e.kind));
    exhaustedAt ??= r.events.find((e) => e.kind === "exhausted")?.at;
    p = r.page;
    wake = r.nextWakeAt;
  }
  assert.deepEqual(fired, [
    "0/0/officer", "0/1/chief", "0/1/ciso", `0/2/director`, `0/2/${ORG}`,
    "1/0/officer", "1/1/chief", "1/1/ciso", `1/2/director`, `1/2/${ORG}`,
  ]);
  assert.equal(p.status, "exhausted");
  assert.equal(events.at(-1), "exhausted");
  assert.ok(events.includes("repeated"));
  // Two rounds of 5 + 10 + 15 minutes: exhausted at 60 minutes, not one timeout later or earlier.
  assert.deepEqual(exhaustedAt, min(60));
  assert.deepEqual(advance(p, min(1000), nobody), { page: p, notifications: [], events: [], nextWakeAt: null });
});

test("acknowledging mid-step stops the climb; a second acknowledgement does not take the page over", () => {
  const p = advance(advance(startPage("page-1", chain, t0), t0, nobody).page, min(5), nobody).page;
  const acked = acknowledge(p, "chief", min(7));
  assert.equal(acked.page.status, "acknowledged");
  assert.deepEqual(acked.events.map((e) => [e.kind, e.step, e.by]), [["acknowledged", 1, "chief"]]);
  const after = advance(acked.page, min(100), nobody);
  assert.deepEqual(after.notifications, []);
  assert.equal(after.nextWakeAt, null);
  const twice = acknowledge(acked.page, "director", min(8));
  assert.equal(twice.page.acknowledgedBy, "chief");
  assert.deepEqual(twice.events, []);
});

test("resolve ends any open page once; a resolved page cannot be acknowledged", () => {
  const p = startPage("page-1", chain, t0);
  const done = resolve(p, "officer", min(1));
  assert.equal(done.page.status, "resolved");
  assert.deepEqual(resolve(done.page, "chief", min(2)).events, []);
  assert.equal(acknowledge(done.page, "chief", min(2)).page.status, "resolved");
  assert.equal(advance(done.page, min(10), nobody).notifications.length, 0);
});

test("a page follows the policy as it was when triggered, not the edited one", () => {
  const editable = structuredClone(chain) as { id: string; repeat: number; steps: { timeoutMinutes: number; targets: { kind: "user"; userId: string }[] }[] };
  const p = startPage("page-1", editable, t0);
  editable.steps[0]!.timeoutMinutes = 60;
  editable.steps[1]!.targets = [{ kind: "user", userId: "intruder" }];
  editable.repeat = 0;
  const r = advance(advance(p, t0, nobody).page, min(5), nobody);
  assert.deepEqual(who(r), ["0/1/chief", "0/1/ciso"]);
  assert.equal(r.page.policy.repeat, 1);
  assert.throws(() => {
    (r.page.policy.steps[0] as { timeoutMinutes: number }).timeoutMinutes = 1;
  }, TypeError);
});

const tokyo: Schedule = { timeZone: "Asia/Tokyo", rotation: { kind: "daily", handoffTime: "09:00", startDate: "2026-12-01", participants: ["aoki", "baba"] }, overrides: [] };
const empty: Schedule = { ...tokyo, rotation: { ...tokyo.rotation, participants: [] } };
const schedules: Record<string, Schedule> = { tokyo, empty };
const onCall: OnCall = (id, at) => onCallAt(schedules[id]!, at);

test("a schedule target pages whoever is on call when the step fires, and a user reached twice is paged once", () => {
  const policy: EscalationPolicy = {
    id: "p", repeat: 0,
    steps: [
      { timeoutMinutes: 1440, targets: [{ kind: "schedule", scheduleId: "tokyo" }, { kind: "user", userId: "baba" }] },
      { timeoutMinutes: 5, targets: [{ kind: "schedule", scheduleId: "tokyo" }] },
    ],
  };
  const r = advance(startPage("page-2", policy, min(60)), min(60), onCall);
  assert.deepEqual(r.notifications.map((n) => n.recipient), [{ kind: "user", userId: "aoki", viaScheduleId: "tokyo" }, { kind: "user", userId: "baba" }]);
  // The second step fires a day later, after the hand-off: baba is on call then.
  const next = advance(r.page, min(60 + 1440), onCall);
  assert.deepEqual(next.notifications.map((n) => n.recipient), [{ kind: "user", userId: "baba", viaScheduleId: "tokyo" }]);
});

test("a step that reaches nobody (an empty schedule) escalates at once and says why", () => {
  const policy: EscalationPolicy = {
    id: "p", repeat: 0,
    steps: [
      { timeoutMinutes: 30, targets: [{ kind: "schedule", scheduleId: "empty" }] },
      { timeoutMinutes: 30, targets: [{ kind: "user", userId: "chief" }] },
    ],
  };
  const r = advance(startPage("page-3", policy, t0), t0, onCall);
  assert.deepEqual(who(r), ["0/1/chief"]);
  assert.deepEqual(r.events.map((e) => [e.kind, e.step, e.reason]), [
    ["step_skipped", 0, "no_one_on_call"], ["escalated", 1, undefined], ["notified", 1, undefined],
  ]);
  assert.deepEqual(r.nextWakeAt, min(30));
  // A policy that reaches nobody at all ends exhausted instead of looping.
  const hopeless = advance(startPage("page-4", { id: "p", repeat: MAX_REPEAT, steps: [policy.steps[0]!] }, t0), t0, onCall);
  assert.equal(hopeless.page.status, "exhausted");
  assert.equal(hopeless.events.filter((e) => e.kind === "step_skipped").length, MAX_REPEAT + 1);
});

test("the idempotency key is the same for the same notification and differs in every part", () => {
  const base = { pageId: "page-1", step: 1, round: 0, recipient: { kind: "user", userId: "chief" } as const, channel: "email" as const, attempt: 1 };
  const key = notificationKey(base);
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(notificationKey({ ...base }), key);
  assert.equal(notificationKey({ ...base, recipient: { kind: "user", userId: "chief", viaScheduleId: "tokyo" } }), key);
  const variants = [
    { ...base, pageId: "page-2" }, { ...base, step: 2 }, { ...base, round: 1 }, { ...base, channel: "webhook" as const }, { ...base, attempt: 2 },
    { ...base, recipient: { kind: "desk", orgId: "chief" } as const },
  ];
  assert.equal(new Set([key, ...variants.map(notificationKey)]).size, variants.length + 1);
});

const uuid = "6f1c1f9e-8d1e-4c43-9a55-0d7a3b8a0c11";
const validPolicy = {
  nameJa: "規制当局の連絡網", nameEn: "Regulator chain", repeat: 2,
  steps: [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: uuid }, { kind: "schedule", scheduleId: uuid }, { kind: "role", role: "ciso" }, { kind: "desk", orgId: uuid }] }],
};
const issuePaths = (input: unknown): string[] => {
  const r = ZEscalationPolicyInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

test("the policy schema accepts a valid policy and refuses hostile ones, naming the field", () => {
  assert.deepEqual(issuePaths(validPolicy), []);
  assert.equal(ZEscalationPolicyInput.parse({ ...validPolicy, repeat: undefined }).repeat, 0);
  const step = validPolicy.steps[0]!;
  for (const timeoutMinutes of [0, -5, 1.5, 1441, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.deepEqual(issuePaths({ ...validPolicy, steps: [{ ...step, timeoutMinutes }] }), ["steps.0.timeoutMinutes"], String(timeoutMinutes));
  }
  for (const repeat of [-1, MAX_REPEAT + 1, 1e9]) assert.deepEqual(issuePaths({ ...validPolicy, repeat }), ["repeat"], String(repeat));
  assert.deepEqual(issuePaths({ ...validPolicy, steps: [] }), ["steps"]);
  assert.deepEqual(issuePaths({ ...validPolicy, steps: [{ ...step, targets: [] }] }), ["steps.0.targets"]);
  assert.deepEqual(issuePaths({ ...validPolicy, steps: [{ ...step, targets: [{ kind: "role", role: "god" }] }] }), ["steps.0.targets.0.role"]);
  assert.deepEqual(issuePaths({ ...validPolicy, steps: [{ ...step, targets: [{ kind: "everyone" }] }] }), ["steps.0.targets.0.kind"]);
  assert.deepEqual(issuePaths({ ...validPolicy, steps: Array.from({ length: 21 }, () => step) }), ["steps"]);
});

test("a policy that bypassed the schema is refused when triggered, so the stepper cannot spin", () => {
  const step = chain.steps[0]!;
  for (const bad of [
    { ...chain, repeat: 1e9 }, { ...chain, repeat: -1 }, { ...chain, steps: [] },
    { ...chain, steps: [{ ...step, timeoutMinutes: 0 }] }, { ...chain, steps: [{ ...step, timeoutMinutes: -5 }] },
    { ...chain, steps: [{ ...step, timeoutMinutes: Number.NaN }] },
  ]) assert.throws(() => startPage("page-x", bad, t0), RangeError);
});
