/**
 * What a responder records on an incident, checked through the API with a fixed clock: a decision cannot be
 * carried out before it was made (the field is named), a playbook task tied to a clock is done once that clock is
 * set (by the cut-off decision), and the clock errors and recorded texts name clocks in words, not keys.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

const NOW = new Date("2026-03-25T03:00:00Z"); // 12:00 in Tokyo
let tp: TestPlatform;
let app: Api;
let orgId: string;
let s: Session;
let base: string;

type Err = { error: { code: string; field?: string; message: string; fields?: Array<{ field: string; message: string }> } };

before(async () => {
  tp = await testPlatform({ jobs: false, now: () => NOW });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  s = await signedIn(tp.p, app, orgId, "org-admin");
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers, payload: { title: "不審な外部通信" } });
  base = `/api/v1/orgs/${orgId}/incidents/${(r.json() as { incident: { id: string } }).incident.id}`;
});
after(async () => {
  await app.close();
  await tp.close();
});

const send = (method: "POST" | "PUT" | "PATCH", url: string, payload: object) =>
  app.inject({ method, url: `${base}${url}`, headers: { ...s.headers, "accept-language": "ja" }, payload });
const cutOff = { kind: "cut_off_external", title: "外部通信の遮断", authorityRole: "CISO", decidedBy: "鈴木", decision: "FW で遮断する" };

test("a decision executed before it was decided is refused, naming executedAt, on create and on change", async () => {
  const r = await send("POST", "/decisions", { ...cutOff, kind: "other", decidedAt: "2026-03-25T10:00", executedAt: "2026-03-25T09:55" });
  assert.equal(r.statusCode, 400);
  const e = (r.json() as Err).error;
  assert.equal(e.code, "decision_executed_before_decided");
  assert.equal(e.field, "body.executedAt");
  assert.match(e.message, /^実行日時は判断日時より前にはできません/);

  const ok = await send("POST", "/decisions", { ...cutOff, kind: "other", decidedAt: "2026-03-25T10:00" });
  assert.equal(ok.statusCode, 201);
  const id = (ok.json() as { decision: { id: string } }).decision.id;
  const early = await send("PATCH", `/decisions/${id}`, { executedAt: "2026-03-25T09:00" });
  assert.equal(early.statusCode, 400);
  assert.equal((early.json() as Err).error.field, "body.executedAt");
  const later = await send("PATCH", `/decisions/${id}`, { decidedAt: "2026-03-25T11:00", executedAt: "2026-03-25T10:30" });
  assert.equal(later.statusCode, 400, "moving the decision after its execution is refused too");
});

test("a clock in the future is refused in words that name the clock", async () => {
  const r = await send("PUT", "/clocks/detected", { at: "2026-03-26T10:00", evidence: "" });
  assert.equal(r.statusCode, 400);
  const e = (r.json() as Err).error;
  assert.equal(e.message, "「検知」を未来の日時にはできません。");
  assert.deepEqual(e.fields, [{ field: "body.at", message: e.message }]);
});

test("the playbook task to decide the cut-off is done once the cut-off decision is recorded", async () => {
  assert.equal((await send("PUT", "/clocks/detected", { at: "2026-03-25T08:00", evidence: "FW ログ" })).statusCode, 200);
  const playbooks = (await app.inject({ url: `/api/v1/orgs/${orgId}/playbooks`, headers: s.headers })).json() as { playbooks: Array<{ id: string; key: string }> };
  const egress = playbooks.playbooks.find((p) => p.key === "egress-unknown-host")!;
  type Tasks = { tasks: Array<{ title: string; status: string; overdue: boolean; completedBy: string | null }> };
  const applied = (await send("POST", `/playbooks/${egress.id}/apply`, {})).json() as Tasks;
  const decideTask = (t: Tasks) => t.tasks.find((x) => x.title === "宛先への通信を遮断する判断を行う")!;
  assert.equal(decideTask(applied).overdue, true, "due an hour after detection, 4 h ago");
  assert.equal(decideTask(applied).status, "open");

  assert.equal((await send("POST", "/decisions", { ...cutOff, decidedAt: "2026-03-25T10:00", executedAt: "2026-03-25T10:30" })).statusCode, 201);
  const after = (await app.inject({ url: `${base}/tasks`, headers: s.headers })).json() as Tasks;
  const { status, overdue, completedBy } = decideTask(after);
  assert.deepEqual({ status, overdue, completedBy }, { status: "done", overdue: false, completedBy: "containment_decided" });
  const other = after.tasks.find((x) => x.title.startsWith("通信量と期間"))!;
  assert.equal(other.status, "open", "tasks not tied to the clock stay as they were");

  const clock = (await app.inject({ url: `${base}/clocks/containment_decided/history`, headers: s.headers })).json() as { history: Array<{ evidence: string }> };
  assert.equal(clock.history[0]?.evidence, "判断「外部通信の遮断」による", "the clock's basis reads as a sentence");
});
