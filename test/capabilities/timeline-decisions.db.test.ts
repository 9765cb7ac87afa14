/** Timeline events with corrections, and decisions, with the cut-off moving the containment clocks. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let s: Session;
let incidentId: string;
const base = () => `/api/v1/orgs/${orgId}/incidents/${incidentId}`;

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  s = await signedIn(tp.p, app, orgId, "responder");
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers, payload: { title: "egress to unknown host" } });
  incidentId = (r.json() as { incident: { id: string } }).incident.id;
});
after(async () => {
  await app.close();
  await tp.close();
});

type Event = { id: string; at: string; text: string; kind: string; supersededBy: string | null };

test("events are listed in time order; a correction supersedes, never erases", async () => {
  for (const [at, text] of [["2016-03-19T10:00", "outbound traffic alert"], ["2016-03-15T09:00", "mail opened"]] as const) {
    const r = await app.inject({ method: "POST", url: `${base()}/timeline`, headers: s.headers, payload: { at, kind: "observation", text } });
    assert.equal(r.statusCode, 201, r.body);
  }
  const list = (await app.inject({ url: `${base()}/timeline`, headers: s.headers })).json() as { events: Event[] };
  assert.deepEqual(list.events.map((e) => e.text), ["mail opened", "outbound traffic alert"]);
  const first = list.events[0]!;
  const c = await app.inject({ method: "POST", url: `${base()}/timeline/${first.id}/corrections`, headers: s.headers, payload: { at: "2016-03-15T10:30", reason: "mail server log" } });
  assert.equal(c.statusCode, 201, c.body);
  const after = (await app.inject({ url: `${base()}/timeline`, headers: s.headers })).json() as { events: Event[] };
  const old = after.events.find((e) => e.id === first.id)!;
  const fresh = (c.json() as { event: Event }).event;
  assert.equal(old.supersededBy, fresh.id);
  assert.equal(fresh.text, "mail opened");
  assert.equal(fresh.at, "2016-03-15T01:30:00.000Z");
  const again = await app.inject({ method: "POST", url: `${base()}/timeline/${first.id}/corrections`, headers: s.headers, payload: { text: "x", reason: "y" } });
  assert.equal(again.statusCode, 409);
  const audit = await tp.p.db.system.selectFrom("audit_events").select("action").where("org_id", "=", orgId).where("action", "like", "timeline.%").execute();
  assert.deepEqual(audit.map((a) => a.action).sort(), ["timeline.add", "timeline.add", "timeline.correct"]);
});

test("bad events get field errors", async () => {
  const r = await app.inject({ method: "POST", url: `${base()}/timeline`, headers: s.headers, payload: { at: "soon", kind: "observation", text: "x" } });
  assert.equal((r.json() as { error: { field: string } }).error.field, "body.at");
  const k = await app.inject({ method: "POST", url: `${base()}/timeline`, headers: s.headers, payload: { at: "2016-03-15", kind: "rumour", text: "x" } });
  assert.equal((k.json() as { error: { field: string } }).error.field, "body.kind");
});

test("a cut-off decision sets containment_decided; recording its execution sets contained; both leave timeline events", async () => {
  const decidedAt = new Date(Date.now() - 2 * 3_600_000);
  const r = await app.inject({
    method: "POST", url: `${base()}/decisions`, headers: s.headers,
    payload: {
      kind: "cut_off_external", title: "外部通信の遮断", authorityRole: "CISO", decidedBy: "鈴木 一郎",
      options: ["監視を続ける", "該当サーバのみ隔離", "全社の外部通信を遮断"], decision: "全社の外部通信を遮断する",
      decidedAt: decidedAt.toISOString(), executor: "情報システム部",
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  const decision = (r.json() as { decision: { id: string; options: string[] } }).decision;
  assert.equal(decision.options.length, 3);
  let inc = ((await app.inject({ url: base(), headers: s.headers })).json() as { incident: { clocks: Record<string, { at: string } | null> } }).incident;
  assert.equal(inc.clocks.containment_decided?.at, decidedAt.toISOString());
  assert.equal(inc.clocks.contained, null);
  const executedAt = new Date(Date.now() - 3_600_000);
  const u = await app.inject({ method: "PATCH", url: `${base()}/decisions/${decision.id}`, headers: s.headers, payload: { executedAt: executedAt.toISOString() } });
  assert.equal(u.statusCode, 200, u.body);
  inc = ((await app.inject({ url: base(), headers: s.headers })).json() as { incident: { clocks: Record<string, { at: string } | null> } }).incident;
  assert.equal(inc.clocks.contained?.at, executedAt.toISOString());
  const tl = (await app.inject({ url: `${base()}/timeline`, headers: s.headers })).json() as { events: Event[] };
  assert.ok(tl.events.some((e) => e.kind === "decision" && e.text.includes("外部通信の遮断")));
  assert.ok(tl.events.some((e) => e.kind === "action" && e.text.startsWith("「外部通信の遮断」を実行")), "the execution reads as one Japanese sentence");
});

test("a viewer reads the decision log but cannot add to it", async () => {
  const v = await signedIn(tp.p, app, orgId, "viewer");
  const list = await app.inject({ url: `${base()}/decisions`, headers: v.headers });
  assert.equal((list.json() as { policies: { add: boolean } }).policies.add, false);
  const r = await app.inject({ method: "POST", url: `${base()}/decisions`, headers: v.headers, payload: { kind: "other", title: "t", authorityRole: "x", decidedBy: "x", decision: "x", decidedAt: "2016-03-20" } });
  assert.equal(r.statusCode, 403);
});
