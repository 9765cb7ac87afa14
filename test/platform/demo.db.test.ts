/** The demo world: idempotent, and the JTB 2016 replay shows its gaps against the default targets. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { seedDemo } from "../../src/platform/demo/seed.js";
import { DEMO_PASSWORD } from "../../src/platform/demo/data.js";

let tp: TestPlatform;
let app: Api;

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
});
after(async () => {
  await app.close();
  await tp.close();
});

type Incident = { title: string; gaps: Array<{ key: string; status: string | null; elapsedMs: number | null }>; clocks: Record<string, { at: string } | null> };
const DAY = 86_400_000;

test("seeding twice creates the world once, with one user per role", async () => {
  assert.equal((await seedDemo(tp.p)).created, true);
  assert.equal((await seedDemo(tp.p)).created, false);
  const roles = await tp.p.db.system.selectFrom("memberships").select("role").distinct().execute();
  assert.deepEqual(roles.map((r) => r.role).sort(), ["ciso", "org-admin", "regulator-officer", "responder", "vendor-responder", "viewer"]);
});

test("the JTB 2016 replay: contained 6 days after detection and the regulator told 18 days after confirmation, both overdue", async () => {
  const s = await login(app, "ciso@sakura.example.jp", DEMO_PASSWORD);
  const me = (await app.inject({ url: "/api/v1/me", headers: s.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> };
  const orgId = me.memberships.find((m) => m.slug === "sakura-tourist")!.orgId;
  const list = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers })).json() as { incidents: Incident[] };
  const jtb = list.incidents.find((i) => i.title.includes("JTB"))!;
  assert.ok(jtb, "the replay is listed");
  const gap = (k: string) => jtb.gaps.find((g) => g.key === k)!;
  assert.deepEqual([gap("detected->contained").status, gap("detected->contained").elapsedMs], ["overdue", 6 * DAY]);
  assert.deepEqual([gap("leak_confirmed->regulator_first_contact").status, gap("leak_confirmed->regulator_first_contact").elapsedMs], ["overdue", 18 * DAY]);
  assert.equal(gap("leak_confirmed->public_announcement").elapsedMs, 32 * DAY);
  assert.equal(gap("occurred->detected").elapsedMs, 4 * DAY);
  const tl = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${(jtb as unknown as { id: string }).id}/timeline`, headers: s.headers })).json() as { events: Array<{ text: string; source: string }> };
  assert.ok(tl.events.some((e) => e.text.includes("6,788,443") && e.source.includes("ITpro")), "events cite their sources");
});

test("the replays are complete and closed: no gap of 2016 runs until today", async () => {
  const s = await login(app, "ciso@sakura.example.jp", DEMO_PASSWORD);
  const me = (await app.inject({ url: "/api/v1/me", headers: s.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> };
  const orgId = me.memberships.find((m) => m.slug === "sakura-tourist")!.orgId;
  const list = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers })).json() as {
    incidents: Array<{ title: string; status: string; clocks: Record<string, { at: string } | null>; gaps: Array<{ key: string; state: string; elapsedMs: number | null }> }>;
  };
  const jtb = list.incidents.find((i) => i.title.includes("JTB"))!;
  assert.equal(jtb.status, "closed");
  assert.equal(jtb.clocks.closed?.at, "2016-07-08T03:00:00.000Z", "closed at the last date of the public record");
  for (const c of ["occurred", "detected", "containment_decided", "contained", "leak_suspected", "leak_confirmed", "regulator_first_contact", "public_announcement", "individuals_notified_first"]) {
    assert.ok(jtb.clocks[c], `${c} is set from the public record`);
  }
  assert.ok(jtb.gaps.every((g) => g.state !== "running"), "nothing runs");
  const notices = jtb.gaps.find((g) => g.key === "individuals_notified_first->individuals_notified_last")!;
  assert.deepEqual([notices.state, notices.elapsedMs], ["not_reached", 24 * DAY], "stopped at the closing, not 3,800 days");
});

test("under today's law the 速報 is drafted, signed off by the demo CISO and in the demo regulator's inbox; another company sees none of it", async () => {
  await seedDemo(tp.p);
  const orgOf = async (s: Awaited<ReturnType<typeof login>>, slug: string) =>
    ((await app.inject({ url: "/api/v1/me", headers: s.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> }).memberships.find((m) => m.slug === slug)!.orgId;
  const ciso = await login(app, "ciso@sakura.example.jp", DEMO_PASSWORD);
  const sakura = await orgOf(ciso, "sakura-tourist");
  const list = (await app.inject({ url: `/api/v1/orgs/${sakura}/incidents`, headers: ciso.headers })).json() as { incidents: Array<{ id: string; title: string }> };
  const today = list.incidents.find((i) => i.title.includes("現行法"))!;
  assert.ok(today, "the second demo incident, under today's law");

  // The document: one 速報 in Japanese, its newest version signed off by the CISO, no placeholder left.
  const docs = (await app.inject({ url: `/api/v1/orgs/${sakura}/incidents/${today.id}/obligations/documents`, headers: ciso.headers })).json() as {
    documents: Array<{ id: string; kind: string; latestVersion: number; placeholders: number; isSignedOff: boolean; signOff: { version: number; by: string | null } | null }>;
  };
  const prelim = docs.documents.filter((d) => d.kind === "ppc_preliminary");
  assert.equal(prelim.length, 1);
  assert.deepEqual([prelim[0]!.isSignedOff, prelim[0]!.signOff?.version, prelim[0]!.signOff?.by, prelim[0]!.placeholders], [true, prelim[0]!.latestVersion, "鈴木 一郎", 0]);
  const v = (await app.inject({ url: `/api/v1/orgs/${sakura}/incidents/${today.id}/obligations`, headers: ciso.headers })).json() as {
    evaluation: { obligations: Array<{ kind: string; ruleSet: { id: string }; status: string }> };
  };
  assert.equal(v.evaluation.obligations.find((o) => o.ruleSet.id === "jp-appi" && o.kind === "preliminary_report")!.status, "filed", "the sign-off filed it");

  // The regulator's officer: the report is in the inbox, carries the signed version, and renders as a PDF.
  const officer = await login(app, "officer@agency.example.jp", DEMO_PASSWORD);
  const agency = await orgOf(officer, "demo-tourism-agency");
  const inbox = (await app.inject({ url: `/api/v1/orgs/${agency}/inbox`, headers: officer.headers })).json() as { reports: Array<{ id: string; title: string; kind: string; incidentId: string }> };
  const report = inbox.reports.find((r) => r.incidentId === today.id && r.kind === "preliminary_report");
  assert.ok(report, "the submitted 速報 is in the inbox");
  assert.equal(report.title, "個人データの漏えい等の報告（速報）");
  const opened = (await app.inject({ url: `/api/v1/orgs/${agency}/reports/${report.id}`, headers: officer.headers })).json() as { report: { document: string } };
  const carried = JSON.parse(opened.report.document) as { sokuhoDocument: { documentId: string; version: number } };
  assert.deepEqual(carried.sokuhoDocument, { documentId: prelim[0]!.id, version: prelim[0]!.latestVersion, kind: "ppc_preliminary" });
  const pdf = await app.inject({ url: `/api/v1/orgs/${agency}/reports/${report.id}/render?format=pdf`, headers: officer.headers });
  assert.deepEqual([pdf.statusCode, pdf.headers["content-type"]], [200, "application/pdf"]);

  // A user of another company: no inbox, no report, no incident, no document.
  const koharu = await login(app, "admin@koharu.example.jp", DEMO_PASSWORD);
  const own = await orgOf(koharu, "koharu-travel");
  for (const path of [
    `/api/v1/orgs/${agency}/inbox`, `/api/v1/orgs/${own}/reports/${report.id}`, `/api/v1/orgs/${agency}/reports/${report.id}`,
    `/api/v1/orgs/${own}/reports/${report.id}/render?format=pdf`, `/api/v1/orgs/${sakura}/incidents/${today.id}/obligations`,
    `/api/v1/orgs/${own}/incidents/${today.id}/obligations/documents`,
  ]) {
    const r = await app.inject({ url: path, headers: koharu.headers });
    assert.equal(r.statusCode, 404, `${path} → ${r.statusCode}`);
    assert.ok(!r.body.includes("速報"), "nothing of the report in the answer");
  }
  // Its own organisation has no inbox (a company): refused, and nothing of the report in the answer.
  const ownInbox = await app.inject({ url: `/api/v1/orgs/${own}/inbox`, headers: koharu.headers });
  assert.equal(ownInbox.statusCode, 403);
  assert.ok(!ownInbox.body.includes(report.id));
});
