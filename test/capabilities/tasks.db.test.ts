/** Playbooks (built-in and own, edited as data) applied to incidents as tasks whose due times follow the clocks. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let admin: Session;
let incidentId: string;

type Playbook = { id: string; key: string; builtin: boolean; nameEn: string; steps: Array<{ titleEn: string; offsetMinutes: number }>; policies: { update: boolean } };
type Task = { id: string; title: string; dueAt: string | null; overdue: boolean; status: string; mandatory: boolean };

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  admin = await signedIn(tp.p, app, orgId, "org-admin");
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: admin.headers, payload: { title: "phish", category: "targeted_mail" } });
  incidentId = (r.json() as { incident: { id: string } }).incident.id;
});
after(async () => {
  await app.close();
  await tp.close();
});

const playbooks = async () => ((await app.inject({ url: `/api/v1/orgs/${orgId}/playbooks`, headers: admin.headers })).json() as { playbooks: Playbook[] }).playbooks;

test("the five built-in playbooks are there, read-only", async () => {
  const list = await playbooks();
  const builtins = list.filter((p) => p.builtin).map((p) => p.key).sort();
  assert.deepEqual(builtins, ["egress-unknown-host", "lost-device", "misdelivered-mail", "targeted-mail", "web-skimming"]);
  const tm = list.find((p) => p.key === "targeted-mail")!;
  assert.equal(tm.policies.update, false);
  const put = await app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/playbooks/${tm.id}`, headers: admin.headers, payload: { nameJa: "x", nameEn: "x", category: "other", steps: [{ titleJa: "a", titleEn: "a", anchorClock: "detected", offsetMinutes: 1, mandatory: false, role: "responder" }] } });
  assert.equal(put.statusCode, 403);
});

test("applying a playbook creates its tasks once, due from their clocks, in the request's language", async () => {
  const tm = (await playbooks()).find((p) => p.key === "targeted-mail")!;
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/playbooks/${tm.id}/apply`, headers: { ...admin.headers, "accept-language": "en" } });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as { created: number; tasks: Task[] };
  assert.equal(body.created, tm.steps.length);
  assert.ok(body.tasks.every((t) => t.dueAt === null), "no clock yet, no due time");
  assert.ok(body.tasks.some((t) => t.title === "Isolate the infected machine from the network" && t.mandatory));
  const again = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/playbooks/${tm.id}/apply`, headers: admin.headers });
  assert.equal((again.json() as { created: number }).created, 0);

  const detected = new Date(Date.now() - 3 * 3_600_000);
  await app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/clocks/detected`, headers: admin.headers, payload: { at: detected.toISOString() } });
  const tasks = ((await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/tasks`, headers: admin.headers })).json() as { tasks: Task[] }).tasks;
  const isolate = tasks.find((t) => t.title.startsWith("Isolate"))!;
  assert.equal(isolate.dueAt, new Date(detected.getTime() + 30 * 60_000).toISOString());
  assert.equal(isolate.overdue, true);
  const done = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/tasks/${isolate.id}`, headers: admin.headers, payload: { status: "done" } });
  assert.equal((done.json() as { tasks: Task[] }).tasks.find((t) => t.id === isolate.id)!.overdue, false);
});

test("an organisation copies a built-in, edits it as data, and applies its own", async () => {
  const tm = (await playbooks()).find((p) => p.key === "lost-device")!;
  const copy = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/playbooks`, headers: admin.headers, payload: { copyFrom: tm.id } });
  assert.equal(copy.statusCode, 201, copy.body);
  const own = (copy.json() as { playbook: Playbook }).playbook;
  assert.equal(own.builtin, false);
  assert.equal(own.steps.length, tm.steps.length);
  const edited = await app.inject({
    method: "PUT", url: `/api/v1/orgs/${orgId}/playbooks/${own.id}`, headers: admin.headers,
    payload: { nameJa: "紛失（当社版）", nameEn: "Lost device (ours)", category: "lost_device", steps: [{ titleJa: "上長へ報告", titleEn: "Tell your manager", anchorClock: "detected", offsetMinutes: 15, mandatory: true, role: "responder" }] },
  });
  assert.equal(edited.statusCode, 200, edited.body);
  assert.deepEqual((edited.json() as { playbook: Playbook }).playbook.steps.map((s) => [s.titleEn, s.offsetMinutes]), [["Tell your manager", 15]]);
  const bad = await app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/playbooks/${own.id}`, headers: admin.headers, payload: { nameJa: "x", nameEn: "x", category: "other", steps: [{ titleJa: "a", titleEn: "a", anchorClock: "lunch", offsetMinutes: -1, mandatory: false, role: "responder" }] } });
  assert.equal(bad.statusCode, 400);
  assert.match((bad.json() as { error: { field: string } }).error.field, /^body\.steps\.0\./);
});

test("a responder cannot delete a mandatory task; skipping it is the way", async () => {
  const responder = await signedIn(tp.p, app, orgId, "responder");
  const tasks = ((await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/tasks`, headers: responder.headers })).json() as { tasks: Task[] }).tasks;
  const mandatory = tasks.find((t) => t.mandatory)!;
  const del = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/tasks/${mandatory.id}`, headers: responder.headers });
  assert.equal(del.statusCode, 403);
  const skip = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/tasks/${mandatory.id}`, headers: responder.headers, payload: { status: "skipped" } });
  assert.equal(skip.statusCode, 200);
});
