/** Clocks, their history, gap targets, and the gap events fired when a gap turns at risk or overdue. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { createIncidentService, incidentEvents, type GapChange } from "../../src/capabilities/incidents/service.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let s: Session;
let offsetMs = 0;
// The server's clock stands still unless a test moves it: times compared to the millisecond do not race it.
const START = Math.floor(Date.now() / 60_000) * 60_000;
const now = () => new Date(START + offsetMs);
const HOUR = 3_600_000;

type Incident = { id: string; clocks: Record<string, { at: string; evidence: string; setBy: { name: string } | null } | null>; gaps: Array<{ key: string; status: string | null; state: string; elapsedMs: number | null }>; worstGap: string | null };
type Err = { error: { code: string; field: string; message: string } };

before(async () => {
  tp = await testPlatform({ jobs: false, now });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  s = await signedIn(tp.p, app, orgId, "responder");
});
after(async () => {
  await app.close();
  await tp.close();
});

const newIncident = async (): Promise<string> => {
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers, payload: { title: "clock test", category: "targeted_mail", tlp: "amber+strict" } });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { incident: { id: string } }).incident.id;
};
const setClock = (id: string, clock: string, at: string | null, headers = s.headers) =>
  app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/incidents/${id}/clocks/${clock}`, headers, payload: { at, evidence: "SOC ticket 42" } });
const gap = (inc: Incident, key: string) => inc.gaps.find((g) => g.key === key)!;

test("setting a clock records who, when and on what evidence; the gap follows", async () => {
  const id = await newIncident();
  const r = await setClock(id, "detected", new Date(now().getTime() - HOUR).toISOString());
  assert.equal(r.statusCode, 200, r.body);
  const inc = (r.json() as { incident: Incident }).incident;
  assert.equal(inc.clocks.detected?.evidence, "SOC ticket 42");
  assert.ok(inc.clocks.detected?.setBy);
  assert.equal(gap(inc, "detected->contained").state, "running");
  assert.equal(gap(inc, "detected->contained").status, "on_time");
});

test("a date-time without an offset is Japan time", async () => {
  const id = await newIncident();
  const r = await setClock(id, "occurred", "2016-03-15T10:00");
  assert.equal((r.json() as { incident: Incident }).incident.clocks.occurred?.at, "2016-03-15T01:00:00.000Z");
});

test("a corrected clock keeps its history, newest first, and clearing is a correction too", async () => {
  const id = await newIncident();
  await setClock(id, "detected", "2026-11-01T09:00:00+09:00");
  offsetMs += 1000;
  await setClock(id, "detected", "2026-11-01T08:00:00+09:00");
  offsetMs += 1000;
  await setClock(id, "detected", null);
  const h = await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${id}/clocks/detected/history`, headers: s.headers });
  assert.deepEqual((h.json() as { history: Array<{ at: string | null }> }).history.map((x) => x.at), [null, "2026-10-31T23:00:00.000Z", "2026-11-01T00:00:00.000Z"]);
  const inc = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${id}`, headers: s.headers })).json() as { incident: Incident };
  assert.equal(inc.incident.clocks.detected, null);
  const audit = await tp.p.db.system.selectFrom("audit_events").select("action").where("object_id", "=", id).where("action", "=", "incident.clock").execute();
  assert.equal(audit.length, 3);
});

test("bad clocks get clear errors naming the field", async () => {
  const id = await newIncident();
  await setClock(id, "occurred", "2026-11-01T00:00:00Z");
  const before = await setClock(id, "detected", "2026-10-31T00:00:00Z", { ...s.headers, "accept-language": "en" });
  assert.equal(before.statusCode, 400);
  const e = (before.json() as Err).error;
  assert.equal(e.code, "clock_before_occurred");
  assert.equal(e.field, "body.at");
  assert.match(e.message, /“Detected” cannot be earlier than “Occurred”/, "clocks by name, not by key");
  const garbage = await setClock(id, "detected", "next tuesday");
  assert.equal((garbage.json() as Err).error.code, "clock_format");
  const future = await setClock(id, "contained", new Date(now().getTime() + 24 * HOUR).toISOString());
  assert.equal((future.json() as Err).error.code, "clock_in_future");
  const unknown = await app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/incidents/${id}/clocks/lunch`, headers: s.headers, payload: { at: null } });
  assert.equal(unknown.statusCode, 400);
  assert.equal((unknown.json() as Err).error.field, "params.clock");
});

test("a gap turns at risk, then overdue, each announced once; containing it ends it on time or late", async () => {
  const id = await newIncident();
  const svc = createIncidentService(tp.p);
  const seen: GapChange[] = [];
  const listener = (c: GapChange) => void (c.incidentId === id && seen.push(c));
  incidentEvents.on("gapChanged", listener);
  try {
    await setClock(id, "detected", new Date(now().getTime() - HOUR).toISOString());
    await tp.p.db.systemTx((tx) => svc.checkGaps(tx, id));
    assert.deepEqual(seen.filter((c) => c.gap === "detected->contained"), []);
    offsetMs += 2.5 * HOUR; // 3.5 h of a 4 h target
    await tp.p.db.systemTx((tx) => svc.checkGaps(tx, id));
    await tp.p.db.systemTx((tx) => svc.checkGaps(tx, id));
    assert.deepEqual(seen.filter((c) => c.gap === "detected->contained").map((c) => c.status), ["at_risk"]);
    offsetMs += HOUR;
    await tp.p.db.systemTx((tx) => svc.checkGaps(tx, id));
    assert.deepEqual(seen.filter((c) => c.gap === "detected->contained").map((c) => c.status), ["at_risk", "overdue"]);
    const audit = await tp.p.db.system.selectFrom("audit_events").select("action").where("object_id", "=", id).where("action", "like", "incident.gap.%").execute();
    assert.ok(audit.some((a) => a.action === "incident.gap.overdue"));
    const done = await setClock(id, "contained", now().toISOString());
    assert.equal(gap((done.json() as { incident: Incident }).incident, "detected->contained").status, "overdue");
  } finally {
    incidentEvents.off("gapChanged", listener);
  }
});

test("organisation targets: only org-admins change them; gaps use them", async () => {
  const admin = await signedIn(tp.p, app, orgId, "org-admin");
  const denied = await app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/gap-targets`, headers: s.headers, payload: { targets: [{ from: "detected", to: "contained", minutes: 600 }] } });
  assert.equal(denied.statusCode, 403);
  const ok = await app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/gap-targets`, headers: admin.headers, payload: { targets: [{ from: "detected", to: "contained", minutes: 600 }] } });
  assert.equal(ok.statusCode, 200, ok.body);
  const t = (ok.json() as { targets: Array<{ from: string; to: string; minutes: number; isDefault: boolean }> }).targets.find((x) => x.from === "detected" && x.to === "contained")!;
  assert.deepEqual([t.minutes, t.isDefault], [600, false]);
  const id = await newIncident();
  const r = await setClock(id, "detected", new Date(now().getTime() - 5 * HOUR).toISOString());
  assert.equal(gap((r.json() as { incident: Incident }).incident, "detected->contained").status, "on_time");
  const dup = await app.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/gap-targets`, headers: admin.headers, payload: { targets: [{ from: "detected", to: "contained", minutes: 1 }, { from: "detected", to: "contained", minutes: 2 }] } });
  assert.equal(dup.statusCode, 409);
});

test("a viewer cannot set clocks; a vendor with a write grant can", async () => {
  const id = await newIncident();
  const viewer = await signedIn(tp.p, app, orgId, "viewer");
  assert.equal((await setClock(id, "detected", now().toISOString(), viewer.headers)).statusCode, 403);
  const vendor = await makeOrg(tp.p, "vendor");
  const admin = await signedIn(tp.p, app, orgId, "org-admin");
  await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/grants`, headers: admin.headers, payload: { vendorOrgId: vendor.id, incidentId: id, access: "write", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
  const v = await signedIn(tp.p, app, vendor.id, "vendor-responder");
  const r = await app.inject({ method: "PUT", url: `/api/v1/orgs/${vendor.id}/incidents/${id}/clocks/contained`, headers: v.headers, payload: { at: now().toISOString(), evidence: "vendor cut the line" } });
  assert.equal(r.statusCode, 200, r.body);
});

const patch = (id: string, payload: Record<string, unknown>, headers = s.headers) =>
  app.inject({ method: "PATCH", url: `/api/v1/orgs/${orgId}/incidents/${id}`, headers, payload });
const getIncident = async (id: string): Promise<Incident> =>
  ((await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${id}`, headers: s.headers })).json() as { incident: Incident }).incident;

test("closing an incident sets its closed clock and stops its unfinished gaps; they stay stopped as time goes on", async () => {
  const id = await newIncident();
  await setClock(id, "detected", new Date(now().getTime() - 2 * HOUR).toISOString());
  const closing = await patch(id, { status: "closed" });
  assert.equal(closing.statusCode, 200, closing.body);
  const closed = (closing.json() as { incident: Incident }).incident;
  assert.equal(closed.clocks.closed?.at, now().toISOString(), "closing records when");
  assert.equal(gap(closed, "detected->contained").state, "not_reached");
  assert.equal(gap(closed, "detected->contained").elapsedMs, 2 * HOUR);
  offsetMs += 3 * HOUR; // sessions last 12 h: the tests of this file move the clock by less in all
  const later = await getIncident(id);
  assert.equal(gap(later, "detected->contained").elapsedMs, 2 * HOUR, "hours later it has not run on");
  assert.equal(gap(later, "detected->containment_decided").status, "overdue", "its 1 h target had passed by the closing");
});

test("reopening clears the closed clock, lets the gaps run again and is audited as a reopening", async () => {
  const id = await newIncident();
  await setClock(id, "detected", new Date(now().getTime() - HOUR).toISOString());
  await patch(id, { status: "closed" });
  offsetMs += 1000;
  const reopened = await patch(id, { status: "triage" });
  assert.equal(reopened.statusCode, 200, reopened.body);
  const inc = (reopened.json() as { incident: Incident }).incident;
  assert.equal(inc.clocks.closed, null);
  assert.equal(gap(inc, "detected->contained").state, "running");
  const actions = (await tp.p.db.system.selectFrom("audit_events").select("action").where("object_id", "=", id).orderBy("seq").execute()).map((a) => a.action);
  assert.ok(actions.includes("incident.reopen"), actions.join());
  const history = await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${id}/clocks/closed/history`, headers: s.headers });
  assert.equal((history.json() as { history: unknown[] }).history.length, 2, "the closing stays in the clock's history");
});

test("a recovered incident stops its gaps at the recovery; recording the closed clock closes it", async () => {
  const id = await newIncident();
  await setClock(id, "detected", new Date(now().getTime() - HOUR).toISOString());
  const recovered = (await patch(id, { status: "recovered" })).json() as { incident: Incident & { resolvedAt: string | null } };
  assert.equal(recovered.incident.resolvedAt, now().toISOString());
  assert.equal(recovered.incident.clocks.closed, null, "recovered is not closed");
  offsetMs += 2 * HOUR;
  assert.equal(gap(await getIncident(id), "detected->contained").elapsedMs, HOUR);
  const closedAt = new Date(now().getTime() - HOUR).toISOString();
  const r = await setClock(id, "closed", closedAt);
  const inc = (r.json() as { incident: Incident & { status: string } }).incident;
  assert.equal(inc.status, "closed");
  assert.equal(gap(inc, "detected->contained").elapsedMs, 2 * HOUR, "stopped at the closed clock now");
});

test("the periodic gap check skips recovered and closed incidents", async () => {
  const id = await newIncident();
  await setClock(id, "detected", new Date(now().getTime() - HOUR).toISOString());
  const { gapStateStore } = await import("../../src/capabilities/incidents/clock-store.js");
  assert.ok((await gapStateStore.openIncidents(tp.p.db.system)).some((r) => r.id === id));
  await patch(id, { status: "recovered" });
  assert.ok(!(await gapStateStore.openIncidents(tp.p.db.system)).some((r) => r.id === id));
});
