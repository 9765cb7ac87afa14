/**
 * Pages on the platform: a page climbs its steps at their times with its messages in the outbox, acknowledging
 * stops it, an edited policy does not change a running page, two workers never notify a step twice, the message's
 * links work once (GET only shows), a report pages the regulator's own chain, triggers page in the transaction of
 * their cause, and another organisation sees none of it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeMember, makeOrg, login, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { createIncidentService } from "../../src/capabilities/incidents/service.js";
import { decrypt } from "../../src/platform/crypto/keys.js";
import { createEscalationWorker, type EscalationWorker } from "../../src/capabilities/network/escalation-worker.js";
import type { OutgoingMessage } from "../../src/capabilities/network/outbox.js";
import type { PageDetail } from "../../src/capabilities/network/pages-contract.js";

let clock = Date.parse("2026-12-01T00:00:00Z");
let tp: TestPlatform;
let app: Api;
let worker: EscalationWorker;
const ids = { A: "", B: "", R: "", u1: "", u2: "", officer: "", chief: "", director: "" };
let adminA: Session;
let responderA: Session;
let adminB: Session;
let adminR: Session;

const url = (org: string, rest: string) => `/api/v1/orgs/${org}${rest}`;
const call = async (s: Session, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, payload?: object) =>
  app.inject({ method, url: path, headers: s.headers, ...(payload ? { payload } : {}) });
const minutes = (n: number) => n * 60_000;

type OutRow = { page_id: string | null; step: number | null; round: number | null; idempotency_key: string; payload_enc: Buffer; org_id: string };
const outbox = async (pageId: string): Promise<OutRow[]> =>
  tp.p.db.system.selectFrom("network_outbox").select(["page_id", "step", "round", "idempotency_key", "payload_enc", "org_id"])
    .where("page_id", "=", pageId).orderBy("created_at").orderBy("step").execute();
const messageOf = (r: OutRow): OutgoingMessage => JSON.parse(decrypt(tp.p.keys.encryption, r.payload_enc)) as OutgoingMessage;
const tokenIn = (m: OutgoingMessage, rel: "acknowledge" | "resolve"): string => new URL(m.links.find((l) => l.rel === rel)!.url).hash.replace("#token=", "");
const recipientsOf = async (pageId: string, step: number): Promise<string[]> => {
  const rows = await tp.p.db.system.selectFrom("network_page_events").select("detail").where("page_id", "=", pageId).where("kind", "=", "notified").where("step", "=", step).execute();
  return rows.flatMap((r) => (r.detail as { recipients: string[] }).recipients);
};

const policy = async (s: Session, org: string, steps: { timeoutMinutes: number; targets: object[] }[], repeat = 0) => {
  const r = await call(s, "POST", url(org, "/network/policies"), { nameJa: "方針", nameEn: "Policy", repeat, steps });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { policy: { id: string } }).policy.id;
};
const page = async (s: Session, org: string, policyId: string, extra: object = {}) => {
  const r = await call(s, "POST", url(org, "/network/pages"), { titleJa: "テスト呼出", titleEn: "Test page", policyId, ...extra });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as PageDetail).page.id;
};
const detail = async (s: Session, org: string, id: string) => (await call(s, "GET", url(org, `/network/pages/${id}`))).json() as PageDetail;

before(async () => {
  tp = await testPlatform({ jobs: false, now: () => new Date(clock) });
  app = await testApi(tp.p);
  worker = createEscalationWorker(tp.p, { timers: false });
  const [A, B, R] = [await makeOrg(tp.p, "company", "Alpha"), await makeOrg(tp.p, "company", "Bravo"), await makeOrg(tp.p, "regulator", "Agency")];
  Object.assign(ids, { A: A.id, B: B.id, R: R.id });
  await createOrgService(tp.p).relate(A.id, R.id, "supervised_by");
  adminA = await signedIn(tp.p, app, A.id, "org-admin");
  const u1 = await makeMember(tp.p, A.id, "responder");
  const u2 = await makeMember(tp.p, A.id, "responder");
  ids.u1 = u1.userId;
  ids.u2 = u2.userId;
  responderA = await login(app, u1.email);
  adminB = await signedIn(tp.p, app, B.id, "org-admin");
  adminR = await signedIn(tp.p, app, R.id, "org-admin");
  ids.officer = (await makeMember(tp.p, R.id, "regulator-officer")).userId;
  ids.chief = (await makeMember(tp.p, R.id, "regulator-officer")).userId;
  ids.director = (await makeMember(tp.p, R.id, "regulator-officer")).userId;
});
after(async () => {
  await worker.stop();
  await app.close();
  await tp.close();
});

describe("escalation", () => {
  test("a page climbs its steps at their scheduled times, each notified once, then is exhausted", async () => {
    const pol = await policy(adminA, ids.A, [
      { timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] },
      { timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u2 }] },
    ]);
    const id = await page(responderA, ids.A, pol);
    assert.equal((await outbox(id)).length, 0, "nothing is sent before the worker steps the page");
    await worker.tick();
    assert.deepEqual(await recipientsOf(id, 0), [ids.u1]);
    assert.equal((await outbox(id)).length, 1);
    clock += minutes(5) - 1000;
    await worker.tick();
    assert.equal((await outbox(id)).length, 1, "step 2 waits for step 1's timeout");
    clock += 1000;
    await worker.tick();
    assert.deepEqual(await recipientsOf(id, 1), [ids.u2]);
    assert.deepEqual((await outbox(id)).map((r) => r.step), [0, 1]);
    await worker.tick();
    assert.equal((await outbox(id)).length, 2, "a second pass at the same time sends nothing more");
    clock += minutes(5);
    await worker.tick();
    const d = await detail(adminA, ids.A, id);
    assert.equal(d.page.status, "exhausted");
    assert.deepEqual(d.events.map((e) => e.kind), ["triggered", "notified", "escalated", "notified", "exhausted"]);
    // Each step's time is its schedule, not the worker's: step 2 became due 5 minutes after the trigger.
    const escalated = d.events.find((e) => e.kind === "escalated")!;
    assert.equal(Date.parse(escalated.at) - Date.parse(d.events[0]!.at), minutes(5));
  });

  test("acknowledging stops the climb; a second acknowledgement changes nothing", async () => {
    const pol = await policy(adminA, ids.A, [
      { timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.u1 }] },
      { timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.u2 }] },
    ]);
    const id = await page(adminA, ids.A, pol);
    await worker.tick();
    const ack = await call(responderA, "POST", url(ids.A, `/network/pages/${id}/acknowledge`));
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal((ack.json() as PageDetail).page.status, "acknowledged");
    clock += minutes(10);
    await worker.tick();
    assert.deepEqual((await outbox(id)).map((r) => r.step), [0], "the next step never fires");
    const again = await call(adminA, "POST", url(ids.A, `/network/pages/${id}/acknowledge`));
    assert.equal(again.statusCode, 403, "an acknowledged page offers no acknowledgement");
    const d = await detail(adminA, ids.A, id);
    assert.equal(d.events.filter((e) => e.kind === "acknowledged").length, 1);
    assert.equal(d.events.find((e) => e.kind === "acknowledged")!.by!.id, ids.u1);
    assert.equal(d.page.nextWakeAt, null);
  });

  test("a policy edited after the trigger does not change the running page", async () => {
    const pol = await policy(adminA, ids.A, [
      { timeoutMinutes: 10, targets: [{ kind: "user", userId: ids.u1 }] },
      { timeoutMinutes: 10, targets: [{ kind: "user", userId: ids.u1 }] },
    ]);
    const id = await page(adminA, ids.A, pol);
    const edit = await call(adminA, "PUT", url(ids.A, `/network/policies/${pol}`), {
      nameJa: "方針", nameEn: "Policy", repeat: 0, steps: [{ timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.u2 }] }, { timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.u2 }] }],
    });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal((edit.json() as { policy: { version: number } }).policy.version, 2);
    await worker.tick();
    clock += minutes(2);
    await worker.tick();
    assert.deepEqual(await recipientsOf(id, 0), [ids.u1], "the frozen copy pages u1");
    assert.deepEqual(await recipientsOf(id, 1), [], "and still waits 10 minutes, not the edited 1");
    const d = await detail(adminA, ids.A, id);
    assert.equal(d.page.policyVersion, 1);
    assert.equal(d.page.policy!.steps[0]!.timeoutMinutes, 10);
  });

  test("two workers stepping the same pages at once never notify a step twice", async () => {
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 1, targets: [{ kind: "role", role: "responder" }] }, { timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.u1 }] }]);
    const pages: string[] = [];
    for (let i = 0; i < 12; i++) pages.push(await page(adminA, ids.A, pol));
    const other = createEscalationWorker(tp.p, { timers: false });
    try {
      await Promise.all([worker.tick(), other.tick(), worker.tick(), other.tick()]);
      clock += minutes(1);
      await Promise.all([worker.tick(), other.tick(), worker.tick(), other.tick()]);
    } finally {
      await other.stop();
    }
    for (const id of pages) {
      const rows = await outbox(id);
      assert.deepEqual(rows.map((r) => `${r.step}`).sort(), ["0", "0", "1"], "two responders at step 1, u1 at step 2, once each");
      const notified = await tp.p.db.system.selectFrom("network_page_events").select("step").where("page_id", "=", id).where("kind", "=", "notified").execute();
      assert.deepEqual(notified.map((n) => n.step).sort(), [0, 1]);
    }
  });

  test("a step whose schedule has nobody on call escalates at once, saying why", async () => {
    const s = await call(adminA, "POST", url(ids.A, "/network/schedules"), {
      nameJa: "当番", nameEn: "Rota", timeZone: "Asia/Tokyo", rotation: { kind: "daily", handoffTime: "09:00", startDate: "2030-01-01", participants: [ids.u1, ids.u2] },
    });
    assert.equal(s.statusCode, 201, s.body);
    const scheduleId = (s.json() as { schedule: { id: string; onCallNow: unknown } }).schedule.id;
    assert.equal((s.json() as { schedule: { onCallNow: unknown } }).schedule.onCallNow, null, "nobody before the start date");
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 5, targets: [{ kind: "schedule", scheduleId }] }, { timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u2 }] }]);
    const id = await page(adminA, ids.A, pol);
    await worker.tick();
    const d = await detail(adminA, ids.A, id);
    assert.equal(d.events.find((e) => e.kind === "step_skipped")?.reason, "no_one_on_call");
    assert.deepEqual(await recipientsOf(id, 1), [ids.u2]);
  });
});

describe("set-up", () => {
  test("schedule participants and policy targets must be members, own schedules and related desks", async () => {
    const stranger = (await makeMember(tp.p, ids.B, "responder")).userId;
    const s = await call(adminA, "POST", url(ids.A, "/network/schedules"), {
      nameJa: "当番", nameEn: "Rota", timeZone: "Asia/Tokyo", rotation: { kind: "weekly", handoffTime: "09:00", startDate: "2026-01-05", participants: [ids.u1, stranger] },
    });
    assert.equal(s.statusCode, 400);
    assert.equal((s.json() as { error: { field: string } }).error.field, "body.rotation.participants.1");
    const p1 = await call(adminA, "POST", url(ids.A, "/network/policies"), { nameJa: "x", nameEn: "x", steps: [{ timeoutMinutes: 1, targets: [{ kind: "desk", orgId: ids.B }] }] });
    assert.equal(p1.statusCode, 400, "B is no organisation A is related to");
    const p2 = await call(adminA, "POST", url(ids.A, "/network/policies"), { nameJa: "x", nameEn: "x", steps: [{ timeoutMinutes: 1, targets: [{ kind: "desk", orgId: ids.R }] }] });
    assert.equal(p2.statusCode, 201, "its regulator's desk it may page");
    const byResponder = await call(responderA, "POST", url(ids.A, "/network/policies"), { nameJa: "x", nameEn: "x", steps: [{ timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.u1 }] }] });
    assert.equal(byResponder.statusCode, 403, "only org-admins keep the set-up");
  });

  test("a bad time limit is refused with a sentence naming its step (ja and en), on create and on edit", async () => {
    const steps = [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] }, { timeoutMinutes: 1441, targets: [{ kind: "user", userId: ids.u2 }] }];
    type Err = { error: { code: string; message: string; fields: { field: string; message: string }[] } };
    const ja = await call(adminA, "POST", url(ids.A, "/network/policies"), { nameJa: "x", nameEn: "x", steps });
    assert.equal(ja.statusCode, 400);
    const j = (ja.json() as Err).error;
    assert.equal(j.message, "第2段階の待ち時間（次の段階までの分数）は 1〜1440 分の整数で指定してください。");
    assert.deepEqual(j.fields, [{ field: "body.steps.1.timeoutMinutes", message: j.message }]);
    const pol = await policy(adminA, ids.A, [steps[0]!]);
    const en = await app.inject({ method: "PUT", url: url(ids.A, `/network/policies/${pol}`), headers: { ...adminA.headers, "accept-language": "en" },
      payload: { nameJa: "x", nameEn: "x", steps: [steps[0], steps[0], { ...steps[1], timeoutMinutes: 0 }] } });
    assert.equal(en.statusCode, 400);
    assert.equal((en.json() as Err).error.message, "Step 3: the time limit (minutes before the next step) must be a whole number from 1 to 1440.");
  });

  test("the schedule says who is on call now and at the next hand-off, with overrides", async () => {
    const today = new Date(clock).toISOString().slice(0, 10);
    const s = await call(adminA, "POST", url(ids.A, "/network/schedules"), {
      nameJa: "日直", nameEn: "Daily", timeZone: "UTC", rotation: { kind: "daily", handoffTime: "00:00", startDate: today, participants: [ids.u1, ids.u2] },
    });
    const view = (s.json() as { schedule: { id: string; onCallNow: { id: string }; nextHandoff: { at: string; user: { id: string } } } }).schedule;
    assert.equal(view.onCallNow.id, ids.u1);
    assert.equal(view.nextHandoff.user.id, ids.u2);
    assert.equal(Date.parse(view.nextHandoff.at) - Math.floor(clock / 86_400_000) * 86_400_000, 86_400_000);
    const o = await call(adminA, "POST", url(ids.A, `/network/schedules/${view.id}/overrides`), {
      userId: ids.u2, from: new Date(clock - 1000).toISOString(), to: new Date(clock + 3_600_000).toISOString(),
    });
    assert.equal(o.statusCode, 201, o.body);
    assert.equal((o.json() as { schedule: { onCallNow: { id: string } } }).schedule.onCallNow.id, ids.u2);
  });
});

describe("action links", () => {
  test("GET shows and does not acknowledge; POST acknowledges once; again is a clear error", async () => {
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] }, { timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u2 }] }]);
    const id = await page(adminA, ids.A, pol);
    await worker.tick();
    const [row] = await outbox(id);
    const token = tokenIn(messageOf(row!), "acknowledge");
    const shown = await app.inject({ method: "GET", url: `/api/v1/network/actions/${token}` });
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual([(shown.json() as { action: string }).action, (shown.json() as { state: string }).state], ["acknowledge", "ready"]);
    await app.inject({ method: "GET", url: `/api/v1/network/actions/${token}` });
    assert.equal((await detail(adminA, ids.A, id)).page.status, "triggered", "a GET (a pre-fetcher) acknowledges nothing");
    const used = await app.inject({ method: "POST", url: `/api/v1/network/actions/${token}` });
    assert.equal(used.statusCode, 200, used.body);
    assert.equal((used.json() as { status: string }).status, "acknowledged");
    const d = await detail(adminA, ids.A, id);
    const ackEvent = d.events.find((e) => e.kind === "acknowledged")!;
    assert.deepEqual([ackEvent.via, ackEvent.by?.id], ["link", ids.u1]);
    const twice = await app.inject({ method: "POST", url: `/api/v1/network/actions/${token}`, headers: { "accept-language": "en" } });
    assert.equal(twice.statusCode, 410);
    assert.equal((twice.json() as { error: { code: string; message: string } }).error.code, "action_link_used");
    assert.match((twice.json() as { error: { message: string } }).error.message, /used already/);
    assert.equal((await app.inject({ method: "GET", url: `/api/v1/network/actions/${token}` })).json().state, "used");
    clock += minutes(10);
    await worker.tick();
    assert.deepEqual((await outbox(id)).map((r) => r.step), [0], "the climb stopped");
  });

  test("an expired link is a clear error and does nothing; an unknown one is 404", async () => {
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 1440, targets: [{ kind: "user", userId: ids.u1 }] }]);
    const id = await page(adminA, ids.A, pol);
    await worker.tick();
    const token = tokenIn(messageOf((await outbox(id))[0]!), "resolve");
    clock += 25 * 3_600_000;
    const r = await app.inject({ method: "POST", url: `/api/v1/network/actions/${token}` });
    assert.equal(r.statusCode, 410);
    assert.equal((r.json() as { error: { code: string } }).error.code, "action_link_expired");
    clock -= 25 * 3_600_000; // back, so the sessions of the other tests live on
    assert.notEqual((await detail(adminA, ids.A, id)).page.status, "resolved");
    const unknown = await app.inject({ method: "POST", url: `/api/v1/network/actions/${"x".repeat(43)}` });
    assert.equal(unknown.statusCode, 404);
  });

  test("two clicks at once: one acknowledges, the other is told the link was used", async () => {
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] }]);
    const id = await page(adminA, ids.A, pol);
    await worker.tick();
    const token = tokenIn(messageOf((await outbox(id))[0]!), "acknowledge");
    const results = await Promise.all([1, 2, 3].map(() => app.inject({ method: "POST", url: `/api/v1/network/actions/${token}` })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 410, 410]);
    const events = (await detail(adminA, ids.A, id)).events.filter((e) => e.kind === "acknowledged");
    assert.equal(events.length, 1);
  });
});

describe("triggers", () => {
  test("a report to the regulator pages its desk chain: officer, then section chief, then director", async () => {
    const deskPolicy = await policy(adminR, ids.R, [
      { timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.officer }] },
      { timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.chief }] },
      { timeoutMinutes: 1, targets: [{ kind: "user", userId: ids.director }] },
    ]);
    assert.equal((await call(adminR, "PUT", url(ids.R, "/network/desk"), { policyId: deskPolicy })).statusCode, 200);
    const ciso = await signedIn(tp.p, app, ids.A, "ciso");
    const inc = await call(ciso, "POST", url(ids.A, "/incidents"), { title: "leak", category: "unauthorized_access" });
    const incidentId = (inc.json() as { incident: { id: string } }).incident.id;
    await call(ciso, "PUT", url(ids.A, `/incidents/${incidentId}/clocks/leak_confirmed`), { at: new Date(clock - 86_400_000).toISOString() });
    const f = await call(ciso, "PUT", url(ids.A, `/incidents/${incidentId}/obligations/facts`), { values: { cause: "misconfiguration", wrongful: false, people: 2000 } });
    const obligationId = (f.json() as { evaluation: { obligations: { id: string; required: boolean; kind: string }[] } }).evaluation.obligations.find((o) => o.required && o.kind === "preliminary_report")!.id;
    const rep = await call(ciso, "POST", url(ids.A, `/incidents/${incidentId}/obligations/reports`), { obligationId, title: "速報", document: "{}" });
    assert.equal(rep.statusCode, 201, rep.body);
    const board = (await call(adminR, "GET", url(ids.R, "/network/pages"))).json() as { pages: { id: string; sourceKind: string; sourceOrg: { id: string } | null }[] };
    const deskPage = board.pages.find((x) => x.sourceKind === "report.received")!;
    assert.ok(deskPage, "the page committed with the report");
    assert.equal(deskPage.sourceOrg!.id, ids.A);
    await worker.tick();
    assert.deepEqual(await recipientsOf(deskPage.id, 0), [ids.officer]);
    clock += minutes(1);
    await worker.tick();
    assert.deepEqual(await recipientsOf(deskPage.id, 1), [ids.chief]);
    // The company sees none of the regulator's page; another company neither.
    assert.equal((await call(ciso, "GET", url(ids.A, `/network/pages/${deskPage.id}`))).statusCode, 404);
    assert.equal((await call(adminB, "GET", url(ids.B, `/network/pages/${deskPage.id}`))).statusCode, 404);
    assert.equal((await call(adminB, "POST", url(ids.B, `/network/pages/${deskPage.id}/acknowledge`))).statusCode, 404);
    assert.equal((await call(adminB, "POST", url(ids.R, `/network/pages/${deskPage.id}/acknowledge`))).statusCode, 404);
    const chiefMail = (await outbox(deskPage.id)).find((r) => r.step === 1)!;
    assert.equal(chiefMail.org_id, ids.R);
    const ack = await app.inject({ method: "POST", url: `/api/v1/network/actions/${tokenIn(messageOf(chiefMail), "acknowledge")}` });
    assert.equal(ack.statusCode, 200, ack.body);
    clock += minutes(5);
    await worker.tick();
    assert.deepEqual(await recipientsOf(deskPage.id, 2), [], "the director is not paged");
  });

  test("a company cannot page an organisation it is not related to through the desk function", async () => {
    await assert.rejects(tp.p.db.tenant({ orgId: ids.B }, (tx) =>
      tx.executeSql("SELECT sokuho_network_raise_desk_page($1, 'manual', NULL, 'x', 't', 't', NULL, false, now())", [ids.R])), /not related/);
  });

  test("a page by hand may name only an incident of its own organisation", async () => {
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 5, targets: [{ kind: "role", role: "org-admin" }] }]);
    const own = ((await call(adminA, "POST", url(ids.A, "/incidents"), { title: "own" })).json() as { incident: { id: string } }).incident.id;
    const other = ((await call(adminB, "POST", url(ids.B, "/incidents"), { title: "other" })).json() as { incident: { id: string } }).incident.id;
    const refused = await call(adminA, "POST", url(ids.A, "/network/pages"), { titleJa: "呼出", titleEn: "Page", policyId: pol, incidentId: other });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal((refused.json() as { error: { code: string } }).error.code, "reference_invalid");
    assert.equal(((await detail(adminA, ids.A, await page(adminA, ids.A, pol, { incidentId: own }))).page as { incidentId: string | null }).incidentId, own);
  });

  test("an incident opened pages the configured policy, in its transaction; without a trigger nothing is raised", async () => {
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 5, targets: [{ kind: "role", role: "org-admin" }] }]);
    const before = (await call(adminA, "GET", url(ids.A, "/network/pages"))).json().pages.length as number;
    await call(adminA, "POST", url(ids.A, "/incidents"), { title: "quiet" });
    assert.equal((await call(adminA, "GET", url(ids.A, "/network/pages"))).json().pages.length, before);
    const t = await call(adminA, "PUT", url(ids.A, "/network/triggers"), { triggers: [{ eventKind: "incident.created", policyId: pol }, { eventKind: "incident.severity_raised", policyId: pol }] });
    assert.equal(t.statusCode, 200, t.body);
    const inc = await call(adminA, "POST", url(ids.A, "/incidents"), { title: "loud", severity: "medium" });
    const incidentId = (inc.json() as { incident: { id: string } }).incident.id;
    const pages = (await call(adminA, "GET", url(ids.A, "/network/pages"))).json().pages as { sourceKind: string; incidentId: string | null }[];
    assert.ok(pages.some((x) => x.sourceKind === "incident.created" && x.incidentId === incidentId));
    await call(adminA, "PATCH", url(ids.A, `/incidents/${incidentId}`), { severity: "high" });
    await call(adminA, "PATCH", url(ids.A, `/incidents/${incidentId}`), { severity: "low" });
    const after = (await call(adminA, "GET", url(ids.A, "/network/pages"))).json().pages as { sourceKind: string; incidentId: string | null }[];
    assert.equal(after.filter((x) => x.sourceKind === "incident.severity_raised" && x.incidentId === incidentId).length, 1, "raised once; lowering pages nobody");
  });

  test("a clock gap turning overdue pages the configured policy once, from the gap check's transaction", async () => {
    const pol = await policy(adminA, ids.A, [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] }]);
    const t = await call(adminA, "PUT", url(ids.A, "/network/triggers"), { triggers: [{ eventKind: "gap.overdue", policyId: pol }] });
    assert.equal(t.statusCode, 200, t.body);
    const inc = await call(adminA, "POST", url(ids.A, "/incidents"), { title: "no cut-off yet" });
    const incidentId = (inc.json() as { incident: { id: string } }).incident.id;
    const c = await call(adminA, "PUT", url(ids.A, `/incidents/${incidentId}/clocks/detected`), { at: new Date(clock - 2 * 3_600_000).toISOString() });
    assert.equal(c.statusCode, 200, c.body);
    const incidents = createIncidentService(tp.p);
    await tp.p.db.systemTx((tx) => incidents.checkGaps(tx, incidentId));
    await tp.p.db.systemTx((tx) => incidents.checkGaps(tx, incidentId));
    const pages = (await call(adminA, "GET", url(ids.A, "/network/pages"))).json().pages as { id: string; sourceKind: string; incidentId: string | null }[];
    const gapPages = pages.filter((x) => x.sourceKind === "gap.overdue" && x.incidentId === incidentId);
    assert.equal(gapPages.length, 1, "the one overdue gap (detected → cut-off decided, 1 h) paged once, checked twice");
    await worker.tick();
    assert.deepEqual(await recipientsOf(gapPages[0]!.id, 0), [ids.u1]);
  });
});
