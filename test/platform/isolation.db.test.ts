/**
 * Tenant isolation over every organisation route and every role: a member of A gets 404 for every object of B,
 * reading and writing; a vendor sees only what was granted, and nothing once the grant expires or is revoked.
 * The matrix checks itself: a new /orgs/:orgId route that is not listed here fails the test.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { ROLES_BY_KIND } from "../../src/platform/policies/policies.js";
import { importRegistry } from "../../src/capabilities/affected/import.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEgressImport } from "../../src/capabilities/triage/service.js";
import { corpus } from "../../src/engines/mail/corpus.js";
import { connLog, multipart } from "../capabilities/triage-fixtures.js";

let tp: TestPlatform;
let app: Api;
const routes: string[] = [];
type Ids = {
  orgId: string; incidentId: string; memberId: string; tokenId: string; grantId: string; vendorId: string;
  /** Ids of objects each capability creates in setUpCompany (see `creators`). */
  extra: Record<string, string>;
};

/** Each capability creates one object of each kind in a company, through the API, and names its ids. */
type Creator = (c: { app: Api; orgId: string; incidentId: string; headers: Record<string, string> }) => Promise<Record<string, string>>;
/** A one-file multipart/form-data body, for the evidence upload route. */
const EVIDENCE_FORM = {
  headers: { "content-type": "multipart/form-data; boundary=sokuho-isolation" },
  payload: '--sokuho-isolation\r\ncontent-disposition: form-data; name="file"; filename="x.txt"\r\ncontent-type: text/plain\r\n\r\nx\r\n--sokuho-isolation--\r\n',
};
const creators: Creator[] = [
  // orgs: a pending invitation
  async ({ app: a, orgId, headers }) => {
    const r = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/members`, headers, payload: { email: `pending.${orgId}@example.jp`, displayName: "p", role: "viewer" } });
    return { invitationId: (r.json() as { invitation: { id: string } }).invitation.id };
  },
  async ({ app: a, orgId, incidentId, headers }) => {
    const ev = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/timeline`, headers, payload: { at: "2026-01-01T09:00", kind: "note", text: "x" } });
    const de = await a.inject({
      method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/decisions`, headers,
      payload: { kind: "other", title: "t", authorityRole: "ciso", decidedBy: "x", decision: "d", decidedAt: "2026-01-01T10:00" },
    });
    return { eventId: (ev.json() as { event: { id: string } }).event.id, decisionId: (de.json() as { decision: { id: string } }).decision.id };
  },
  // assets and indicators: an asset in the inventory, linked to the incident, and an indicator on it
  async ({ app, orgId, incidentId, headers }) => {
    const post = async (url: string, payload: object) => {
      const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}${url}`, headers, payload });
      assert.ok(r.statusCode < 300, r.body);
      return r.json() as { asset?: { id: string }; indicator?: { id: string } };
    };
    const assetId = (await post("/assets", { hostname: "db01", holdsPersonalData: true })).asset!.id;
    await post(`/incidents/${incidentId}/assets`, { assetId, compromise: "suspected" });
    const indicatorId = (await post(`/incidents/${incidentId}/indicators`, { value: "192.0.2.1" })).indicator!.id;
    return { assetId, indicatorId };
  },
  async ({ app: a, orgId, incidentId, headers }) => {
    const steps = [{ titleJa: "手順", titleEn: "step", anchorClock: "detected", offsetMinutes: 60, mandatory: false, role: "responder" }];
    const pb = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/playbooks`, headers, payload: { nameJa: "手順書", nameEn: "pb", category: "other", steps } });
    const playbookId = (pb.json() as { playbook: { id: string } }).playbook.id;
    const t = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/tasks`, headers, payload: { title: "t" } });
    return { playbookId, taskId: (t.json() as { tasks: Array<{ id: string }> }).tasks[0]!.id };
  },
  async ({ app: a, orgId, incidentId, headers }) => {
    const r = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/evidence`, headers: { ...headers, ...EVIDENCE_FORM.headers }, payload: EVIDENCE_FORM.payload });
    return { evidenceId: (r.json() as { evidence: { id: string } }).evidence.id };
  },
  // the affected-person registry: a two-person leak loaded as `sokuho scan --import` does
  async ({ incidentId }) => {
    const dir = mkdtempSync(join(tmpdir(), "sokuho-iso-"));
    const file = join(dir, "leak.csv");
    writeFileSync(file, "氏名,メールアドレス\n山田 太郎,taro@example.jp\n佐藤 花子,hanako@example.jp\n");
    const r = await importRegistry(tp.p, { incidentId, files: [file], scan: { threads: 1 }, threads: 0 });
    rmSync(dir, { recursive: true, force: true });
    return { affectedImportId: r.importId };
  },
  // obligations: facts, a signed-off filing and a report submitted to the company's supervising regulator (with a
  // question on it), and an order that regulator issued to the company
  async ({ app: a, orgId, incidentId, headers }) => {
    const base = `/api/v1/orgs/${orgId}/incidents/${incidentId}/obligations`;
    await a.inject({ method: "PUT", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/clocks/leak_confirmed`, headers, payload: { at: new Date(Date.now() - 86_400_000).toISOString() } });
    const f = await a.inject({ method: "PUT", url: `${base}/facts`, headers, payload: { values: { cause: "misconfiguration", wrongful: false, people: 2000 } } });
    assert.equal(f.statusCode, 200, f.body);
    const obligationId = (f.json() as { evaluation: { obligations: Array<{ id: string; required: boolean; kind: string }> } }).evaluation.obligations.find((o) => o.required && o.kind === "preliminary_report")!.id;
    const fl = await a.inject({ method: "POST", url: `${base}/filings`, headers, payload: { obligationId, filedAt: new Date(Date.now() - 60_000).toISOString() } });
    const filingId = (fl.json() as { filings: Array<{ id: string }> }).filings[0]!.id;
    const regulator = await makeOrg(tp.p, "regulator", `regulator of ${orgId.slice(0, 8)}`);
    await createOrgService(tp.p).relate(orgId, regulator.id, "supervised_by");
    const rep = await a.inject({ method: "POST", url: `${base}/reports`, headers, payload: { obligationId, title: "速報", document: "{}" } });
    assert.equal(rep.statusCode, 201, rep.body);
    const reportId = (rep.json() as { report: { id: string } }).report.id;
    const officer = await signedIn(tp.p, app, regulator.id, "regulator-officer");
    const o = await a.inject({ method: "POST", url: `/api/v1/orgs/${regulator.id}/orders`, headers: officer.headers, payload: { authority: "jta", title: "報告徴収", items: ["x"], dueAt: new Date(Date.now() + 86_400_000).toISOString(), companyOrgId: orgId } });
    assert.equal(o.statusCode, 201, o.body);
    // An association the company is a member of, with which it shares the incident's obligations and reports.
    const association = await makeOrg(tp.p, "association", `association of ${orgId.slice(0, 8)}`);
    await createOrgService(tp.p).relate(orgId, association.id, "member_of");
    const sh = await a.inject({ method: "POST", url: `${base}/shares`, headers, payload: { associationOrgId: association.id } });
    assert.equal(sh.statusCode, 201, sh.body);
    const shareId = (sh.json() as { shares: Array<{ id: string }> }).shares[0]!.id;
    return { filingId, reportId, orderId: (o.json() as { order: { id: string } }).order.id, regulatorId: regulator.id, associationId: association.id, shareId };
  },
  // network broadcasts: the company's supervising regulator sends a request; the company is its recipient
  async ({ orgId }) => {
    const rel = await tp.p.db.system.selectFrom("org_relations").select("related_org_id").where("company_org_id", "=", orgId).where("kind", "=", "supervised_by").executeTakeFirstOrThrow();
    const officer = await signedIn(tp.p, app, rel.related_org_id, "regulator-officer");
    const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${rel.related_org_id}/broadcasts`, headers: officer.headers, payload: { kind: "request", titleJa: "要請", audience: "supervised" } });
    assert.equal(r.statusCode, 201, r.body);
    const v = r.json() as { broadcast: { id: string }; recipients: Array<{ id: string }> };
    return { broadcastId: v.broadcast.id, broadcastRecipientId: v.recipients[0]!.id };
  },
  // network: a duty-desk webhook channel
  async ({ app: a, orgId, headers }) => {
    const r = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/network/channels`, headers, payload: { kind: "webhook", webhookFormat: "json", address: "https://hooks.example.jp/desk", desk: true } });
    assert.equal(r.statusCode, 201, r.body);
    return { channelId: (r.json() as { channel: { id: string } }).channel.id };
  },
  // network: a schedule, a policy and a page raised by hand on it
  async ({ app: a, orgId, headers }) => {
    const post = async (path: string, payload: object) => {
      const r = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/network${path}`, headers, payload });
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as { schedule?: { id: string }; policy?: { id: string }; page?: { id: string } };
    };
    const me = (await a.inject({ method: "GET", url: "/api/v1/me", headers })).json() as { user: { id: string } };
    const s = await post("/schedules", {
      nameJa: "当番", nameEn: "Rota", timeZone: "Asia/Tokyo", rotation: { kind: "daily", handoffTime: "09:00", startDate: "2026-01-01", participants: [me.user.id] },
      overrides: [{ userId: me.user.id, from: "2026-02-01T00:00:00Z", to: "2026-02-02T00:00:00Z" }],
    });
    const sched = (await a.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/network/schedules/${s.schedule!.id}`, headers })).json() as { schedule: { overrides: { id: string }[] } };
    const pol = await post("/policies", { nameJa: "方針", nameEn: "Policy", steps: [{ timeoutMinutes: 5, targets: [{ kind: "schedule", scheduleId: s.schedule!.id }] }] });
    const pg = await post("/pages", { titleJa: "呼出", policyId: pol.policy!.id });
    return { scheduleId: s.schedule!.id, overrideId: sched.schedule.overrides[0]!.id, policyId: pol.policy!.id, pageId: pg.page!.id };
  },
  // obligation documents: a 速報 draft, signed off by a CISO, submitted to the company's supervising regulator
  async ({ app: a, orgId, incidentId, headers }) => {
    const base = `/api/v1/orgs/${orgId}/incidents/${incidentId}/obligations/documents`;
    const d = await a.inject({ method: "POST", url: base, headers, payload: { kind: "ppc_preliminary", locale: "ja" } });
    assert.equal(d.statusCode, 201, d.body);
    const documentId = (d.json() as { document: { id: string } }).document.id;
    const ciso = await signedIn(tp.p, app, orgId, "ciso");
    const so = await a.inject({ method: "POST", url: `${base}/${documentId}/sign-off`, headers: ciso.headers, payload: { version: 1 } });
    assert.equal(so.statusCode, 200, so.body);
    const rep = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/obligations/reports`, headers: ciso.headers, payload: { documentId, title: "速報（文書）" } });
    assert.equal(rep.statusCode, 201, rep.body);
    return { documentId, documentReportId: (rep.json() as { report: { id: string } }).report.id };
  },
  // triage: a mail report on the incident, one without, and an analysed conn.log import with its findings
  async ({ app: a, orgId, incidentId, headers }) => {
    const mail = multipart({ name: "m.eml", bytes: corpus()[0]!.bytes });
    const m = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/mail-reports`, headers: { ...headers, ...mail.headers }, payload: mail.payload });
    assert.equal(m.statusCode, 201, m.body);
    const u = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/mail-reports`, headers: { ...headers, ...mail.headers }, payload: mail.payload });
    const log = multipart({ name: "conn.log", bytes: Buffer.from(connLog()) });
    const e = await a.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/egress-imports`, headers: { ...headers, ...log.headers }, payload: log.payload });
    assert.equal(e.statusCode, 202, e.body);
    const importId = (e.json() as { import: { id: string } }).import.id;
    await runEgressImport(tp.p, importId);
    const f = await tp.p.db.system.selectFrom("egress_findings").select("id").where("import_id", "=", importId).orderBy("rank").executeTakeFirstOrThrow();
    return { mailReportId: (m.json() as { report: { id: string } }).report.id, unattachedReportId: (u.json() as { report: { id: string } }).report.id, importId, findingId: f.id };
  },
  // (one creator per capability above this line)
];
let A: Ids;
let B: Ids;
/** Multipart bodies for the triage upload routes (a mail, a log line). */
const TRIAGE_MAIL = (({ headers, payload }) => ({ headers, payload: payload.toString("latin1") }))(multipart({ name: "m.eml", bytes: Buffer.from("From: a@b.example\r\nSubject: s\r\n\r\nbody\r\n") }));
const TRIAGE_LOG = (({ headers, payload }) => ({ headers, payload: payload.toString("latin1") }))(multipart({ name: "conn.log", bytes: Buffer.from("x") }));

/** Every organisation-scoped route, with a request that would succeed for a B admin. */
const cases = (b: Ids) => [
  { route: "GET /api/v1/orgs/:orgId", url: `/api/v1/orgs/${b.orgId}` },
  { route: "PATCH /api/v1/orgs/:orgId", url: `/api/v1/orgs/${b.orgId}`, payload: { nameEn: "x" } },
  { route: "GET /api/v1/orgs/:orgId/members", url: `/api/v1/orgs/${b.orgId}/members` },
  { route: "POST /api/v1/orgs/:orgId/members", url: `/api/v1/orgs/${b.orgId}/members`, payload: { email: "intruder@example.jp", displayName: "x", role: "viewer" } },
  { route: "PATCH /api/v1/orgs/:orgId/members/:memberId", url: `/api/v1/orgs/${b.orgId}/members/${b.memberId}`, payload: { role: "viewer" } },
  { route: "GET /api/v1/orgs/:orgId/members/:memberId/security-events", url: `/api/v1/orgs/${b.orgId}/members/${b.memberId}/security-events` },
  { route: "DELETE /api/v1/orgs/:orgId/members/:memberId", url: `/api/v1/orgs/${b.orgId}/members/${b.memberId}` },
  { route: "DELETE /api/v1/orgs/:orgId/invitations/:invitationId", url: `/api/v1/orgs/${b.orgId}/invitations/${b.extra.invitationId}` },
  { route: "GET /api/v1/orgs/:orgId/tokens", url: `/api/v1/orgs/${b.orgId}/tokens` },
  { route: "POST /api/v1/orgs/:orgId/tokens", url: `/api/v1/orgs/${b.orgId}/tokens`, payload: { name: "x", role: "viewer", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
  { route: "DELETE /api/v1/orgs/:orgId/tokens/:tokenId", url: `/api/v1/orgs/${b.orgId}/tokens/${b.tokenId}` },
  { route: "GET /api/v1/orgs/:orgId/audit", url: `/api/v1/orgs/${b.orgId}/audit` },
  { route: "GET /api/v1/orgs/:orgId/audit/export", url: `/api/v1/orgs/${b.orgId}/audit/export` },
  { route: "GET /api/v1/orgs/:orgId/incidents", url: `/api/v1/orgs/${b.orgId}/incidents` },
  { route: "POST /api/v1/orgs/:orgId/incidents", url: `/api/v1/orgs/${b.orgId}/incidents`, payload: { title: "x" } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}` },
  { route: "PATCH /api/v1/orgs/:orgId/incidents/:incidentId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}`, payload: { title: "x" } },
  { route: "DELETE /api/v1/orgs/:orgId/incidents/:incidentId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}` },
  { route: "GET /api/v1/orgs/:orgId/grants", url: `/api/v1/orgs/${b.orgId}/grants` },
  { route: "POST /api/v1/orgs/:orgId/grants", url: `/api/v1/orgs/${b.orgId}/grants`, payload: { vendorOrgId: b.vendorId, incidentId: b.incidentId, access: "read", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
  { route: "DELETE /api/v1/orgs/:orgId/grants/:grantId", url: `/api/v1/orgs/${b.orgId}/grants/${b.grantId}` },
  { route: "PUT /api/v1/orgs/:orgId/incidents/:incidentId/clocks/:clock", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/clocks/detected`, payload: { at: "2026-01-01T00:00:00Z" } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/clocks/:clock/history", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/clocks/detected/history` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/activity", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/activity` },
  { route: "GET /api/v1/orgs/:orgId/gap-targets", url: `/api/v1/orgs/${b.orgId}/gap-targets` },
  { route: "PUT /api/v1/orgs/:orgId/gap-targets", url: `/api/v1/orgs/${b.orgId}/gap-targets`, payload: { targets: [] } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/timeline", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/timeline` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/timeline", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/timeline`, payload: { at: "2026-01-01T09:00", kind: "note", text: "x" } },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/timeline/:eventId/corrections", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/timeline/${b.extra.eventId}/corrections`, payload: { text: "y", reason: "z" } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/decisions", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/decisions` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/decisions", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/decisions`, payload: { kind: "other", title: "t", authorityRole: "ciso", decidedBy: "x", decision: "d", decidedAt: "2026-01-01T10:00" } },
  { route: "PATCH /api/v1/orgs/:orgId/incidents/:incidentId/decisions/:decisionId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/decisions/${b.extra.decisionId}`, payload: { executor: "x" } },
  { route: "GET /api/v1/orgs/:orgId/assets", url: `/api/v1/orgs/${b.orgId}/assets` },
  { route: "POST /api/v1/orgs/:orgId/assets", url: `/api/v1/orgs/${b.orgId}/assets`, payload: { hostname: "x" } },
  { route: "POST /api/v1/orgs/:orgId/assets/import", url: `/api/v1/orgs/${b.orgId}/assets/import`, payload: { csv: "hostname\nx\n" } },
  { route: "GET /api/v1/orgs/:orgId/assets/:assetId", url: `/api/v1/orgs/${b.orgId}/assets/${b.extra.assetId}` },
  { route: "PATCH /api/v1/orgs/:orgId/assets/:assetId", url: `/api/v1/orgs/${b.orgId}/assets/${b.extra.assetId}`, payload: { role: "x" } },
  { route: "DELETE /api/v1/orgs/:orgId/assets/:assetId", url: `/api/v1/orgs/${b.orgId}/assets/${b.extra.assetId}` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/assets", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/assets` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/assets", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/assets`, payload: { assetId: b.extra.assetId, compromise: "confirmed" } },
  { route: "PATCH /api/v1/orgs/:orgId/incidents/:incidentId/assets/:assetId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/assets/${b.extra.assetId}`, payload: { compromise: "confirmed" } },
  { route: "DELETE /api/v1/orgs/:orgId/incidents/:incidentId/assets/:assetId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/assets/${b.extra.assetId}` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/indicators", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/indicators` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/indicators", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/indicators`, payload: { value: "evil.example" } },
  { route: "PATCH /api/v1/orgs/:orgId/incidents/:incidentId/indicators/:indicatorId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/indicators/${b.extra.indicatorId}`, payload: { tlp: "red" } },
  { route: "DELETE /api/v1/orgs/:orgId/incidents/:incidentId/indicators/:indicatorId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/indicators/${b.extra.indicatorId}` },
  { route: "GET /api/v1/orgs/:orgId/playbooks", url: `/api/v1/orgs/${b.orgId}/playbooks` },
  { route: "POST /api/v1/orgs/:orgId/playbooks", url: `/api/v1/orgs/${b.orgId}/playbooks`, payload: { copyFrom: b.extra.playbookId } },
  { route: "GET /api/v1/orgs/:orgId/playbooks/:playbookId", url: `/api/v1/orgs/${b.orgId}/playbooks/${b.extra.playbookId}` },
  { route: "PUT /api/v1/orgs/:orgId/playbooks/:playbookId", url: `/api/v1/orgs/${b.orgId}/playbooks/${b.extra.playbookId}`, payload: { nameJa: "x", nameEn: "x", category: "other", steps: [{ titleJa: "a", titleEn: "a", anchorClock: "detected", offsetMinutes: 1, mandatory: false, role: "responder" }] } },
  { route: "DELETE /api/v1/orgs/:orgId/playbooks/:playbookId", url: `/api/v1/orgs/${b.orgId}/playbooks/${b.extra.playbookId}` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/playbooks/:playbookId/apply", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/playbooks/${b.extra.playbookId}/apply` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/tasks", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/tasks` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/tasks", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/tasks`, payload: { title: "x" } },
  { route: "PATCH /api/v1/orgs/:orgId/incidents/:incidentId/tasks/:taskId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/tasks/${b.extra.taskId}`, payload: { status: "done" } },
  { route: "DELETE /api/v1/orgs/:orgId/incidents/:incidentId/tasks/:taskId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/tasks/${b.extra.taskId}` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/evidence", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/evidence`, headers: EVIDENCE_FORM.headers, payload: EVIDENCE_FORM.payload },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/evidence", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/evidence` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/evidence/:evidenceId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/evidence/${b.extra.evidenceId}` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/evidence/:evidenceId/download", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/evidence/${b.extra.evidenceId}/download` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/evidence/:evidenceId/verify", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/evidence/${b.extra.evidenceId}/verify` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/evidence/:evidenceId/custody", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/evidence/${b.extra.evidenceId}/custody`, payload: { action: "note", note: "x" } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/affected", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/affected` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/affected/lookup", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/affected/lookup`, payload: { email: "taro@example.jp" } },
  { route: "DELETE /api/v1/orgs/:orgId/incidents/:incidentId/affected/imports/:importId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/affected/imports/${b.extra.affectedImportId}` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/obligations", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations` },
  { route: "PUT /api/v1/orgs/:orgId/incidents/:incidentId/obligations/facts", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/facts`, payload: { values: { people: 1 } } },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/obligations/filings", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/filings`, payload: { obligationId: "jp-appi/x", filedAt: "2026-01-01T00:00:00Z" } },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/obligations/filings/:filingId/sign-off", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/filings/${b.extra.filingId}/sign-off` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/obligations/reports", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/reports`, payload: { obligationId: "jp-appi/x", title: "t", document: "{}" } },
  { route: "GET /api/v1/orgs/:orgId/obligations/due", url: `/api/v1/orgs/${b.orgId}/obligations/due` },
  { route: "GET /api/v1/orgs/:orgId/reports/:reportId", url: `/api/v1/orgs/${b.orgId}/reports/${b.extra.reportId}` },
  { route: "POST /api/v1/orgs/:orgId/reports/:reportId/messages", url: `/api/v1/orgs/${b.orgId}/reports/${b.extra.reportId}/messages`, payload: { body: "?" } },
  { route: "GET /api/v1/orgs/:orgId/inbox", url: `/api/v1/orgs/${b.extra.regulatorId}/inbox` },
  { route: "GET /api/v1/orgs/:orgId/orders", url: `/api/v1/orgs/${b.orgId}/orders` },
  { route: "POST /api/v1/orgs/:orgId/orders", url: `/api/v1/orgs/${b.extra.regulatorId}/orders`, payload: { authority: "jta", title: "t", items: ["x"], dueAt: "2030-01-01T00:00:00Z", all: true } },
  { route: "PUT /api/v1/orgs/:orgId/orders/:orderId/incident", url: `/api/v1/orgs/${b.orgId}/orders/${b.extra.orderId}/incident`, payload: { incidentId: b.incidentId } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/obligations/shares", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/shares` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/obligations/shares", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/shares`, payload: { associationOrgId: b.extra.associationId } },
  { route: "DELETE /api/v1/orgs/:orgId/incidents/:incidentId/obligations/shares/:shareId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/shares/${b.extra.shareId}` },
  { route: "GET /api/v1/orgs/:orgId/shared", url: `/api/v1/orgs/${b.extra.associationId}/shared` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/obligations/ppc-form", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/ppc-form?kind=ppc_preliminary&format=text` },
  { route: "GET /api/v1/orgs/:orgId/broadcasts", url: `/api/v1/orgs/${b.orgId}/broadcasts` },
  { route: "POST /api/v1/orgs/:orgId/broadcasts", url: `/api/v1/orgs/${b.extra.regulatorId}/broadcasts`, payload: { kind: "alert", titleJa: "x", audience: "supervised" } },
  { route: "GET /api/v1/orgs/:orgId/broadcasts/audience", url: `/api/v1/orgs/${b.extra.regulatorId}/broadcasts/audience?audience=supervised` },
  { route: "GET /api/v1/orgs/:orgId/broadcasts/:broadcastId", url: `/api/v1/orgs/${b.orgId}/broadcasts/${b.extra.broadcastId}` },
  { route: "POST /api/v1/orgs/:orgId/broadcasts/:broadcastId/acknowledge", url: `/api/v1/orgs/${b.orgId}/broadcasts/${b.extra.broadcastId}/acknowledge` },
  { route: "POST /api/v1/orgs/:orgId/broadcasts/:broadcastId/answer", url: `/api/v1/orgs/${b.orgId}/broadcasts/${b.extra.broadcastId}/answer`, payload: { answer: "x" } },
  { route: "POST /api/v1/orgs/:orgId/broadcasts/:broadcastId/answer-file", url: `/api/v1/orgs/${b.orgId}/broadcasts/${b.extra.broadcastId}/answer-file`, headers: EVIDENCE_FORM.headers, payload: EVIDENCE_FORM.payload },
  { route: "GET /api/v1/orgs/:orgId/broadcasts/:broadcastId/recipients/:recipientId/file", url: `/api/v1/orgs/${b.orgId}/broadcasts/${b.extra.broadcastId}/recipients/${b.extra.broadcastRecipientId}/file` },
  { route: "POST /api/v1/orgs/:orgId/broadcasts/:broadcastId/close", url: `/api/v1/orgs/${b.extra.regulatorId}/broadcasts/${b.extra.broadcastId}/close` },
  { route: "GET /api/v1/orgs/:orgId/broadcasts/:broadcastId/export", url: `/api/v1/orgs/${b.extra.regulatorId}/broadcasts/${b.extra.broadcastId}/export` },
  { route: "GET /api/v1/orgs/:orgId/broadcasts/:broadcastId/report", url: `/api/v1/orgs/${b.extra.regulatorId}/broadcasts/${b.extra.broadcastId}/report` },
  { route: "GET /api/v1/orgs/:orgId/broadcasts/:broadcastId/events", url: `/api/v1/orgs/${b.extra.regulatorId}/broadcasts/${b.extra.broadcastId}/events` },
  { route: "GET /api/v1/orgs/:orgId/network/channels", url: `/api/v1/orgs/${b.orgId}/network/channels` },
  { route: "POST /api/v1/orgs/:orgId/network/channels", url: `/api/v1/orgs/${b.orgId}/network/channels`, payload: { kind: "email", address: "intruder@example.jp" } },
  { route: "DELETE /api/v1/orgs/:orgId/network/channels/:channelId", url: `/api/v1/orgs/${b.orgId}/network/channels/${b.extra.channelId}` },
  { route: "POST /api/v1/orgs/:orgId/network/channels/:channelId/test", url: `/api/v1/orgs/${b.orgId}/network/channels/${b.extra.channelId}/test` },
  { route: "POST /api/v1/orgs/:orgId/network/channels/:channelId/enable", url: `/api/v1/orgs/${b.orgId}/network/channels/${b.extra.channelId}/enable` },
  { route: "GET /api/v1/orgs/:orgId/network/channels/:channelId/deliveries", url: `/api/v1/orgs/${b.orgId}/network/channels/${b.extra.channelId}/deliveries` },
  { route: "GET /api/v1/orgs/:orgId/network/overview", url: `/api/v1/orgs/${b.orgId}/network/overview` },
  { route: "POST /api/v1/orgs/:orgId/network/schedules", url: `/api/v1/orgs/${b.orgId}/network/schedules`, payload: { nameJa: "x", nameEn: "x", timeZone: "UTC", rotation: { kind: "daily", handoffTime: "09:00", startDate: "2026-01-01", participants: [] } } },
  { route: "GET /api/v1/orgs/:orgId/network/schedules/:scheduleId", url: `/api/v1/orgs/${b.orgId}/network/schedules/${b.extra.scheduleId}` },
  { route: "PUT /api/v1/orgs/:orgId/network/schedules/:scheduleId", url: `/api/v1/orgs/${b.orgId}/network/schedules/${b.extra.scheduleId}`, payload: { nameJa: "x", nameEn: "x", timeZone: "UTC", rotation: { kind: "daily", handoffTime: "09:00", startDate: "2026-01-01", participants: [] } } },
  { route: "DELETE /api/v1/orgs/:orgId/network/schedules/:scheduleId", url: `/api/v1/orgs/${b.orgId}/network/schedules/${b.extra.scheduleId}` },
  { route: "POST /api/v1/orgs/:orgId/network/schedules/:scheduleId/overrides", url: `/api/v1/orgs/${b.orgId}/network/schedules/${b.extra.scheduleId}/overrides`, payload: { userId: b.extra.scheduleId, from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" } },
  { route: "DELETE /api/v1/orgs/:orgId/network/schedules/:scheduleId/overrides/:overrideId", url: `/api/v1/orgs/${b.orgId}/network/schedules/${b.extra.scheduleId}/overrides/${b.extra.overrideId}` },
  { route: "POST /api/v1/orgs/:orgId/network/policies", url: `/api/v1/orgs/${b.orgId}/network/policies`, payload: { nameJa: "x", nameEn: "x", steps: [{ timeoutMinutes: 1, targets: [{ kind: "role", role: "org-admin" }] }] } },
  { route: "GET /api/v1/orgs/:orgId/network/policies/:policyId", url: `/api/v1/orgs/${b.orgId}/network/policies/${b.extra.policyId}` },
  { route: "PUT /api/v1/orgs/:orgId/network/policies/:policyId", url: `/api/v1/orgs/${b.orgId}/network/policies/${b.extra.policyId}`, payload: { nameJa: "x", nameEn: "x", steps: [{ timeoutMinutes: 1, targets: [{ kind: "role", role: "org-admin" }] }] } },
  { route: "DELETE /api/v1/orgs/:orgId/network/policies/:policyId", url: `/api/v1/orgs/${b.orgId}/network/policies/${b.extra.policyId}` },
  { route: "PUT /api/v1/orgs/:orgId/network/desk", url: `/api/v1/orgs/${b.orgId}/network/desk`, payload: { policyId: null } },
  { route: "PUT /api/v1/orgs/:orgId/network/triggers", url: `/api/v1/orgs/${b.orgId}/network/triggers`, payload: { triggers: [] } },
  { route: "GET /api/v1/orgs/:orgId/network/associations", url: `/api/v1/orgs/${b.extra.regulatorId}/network/associations` },
  { route: "POST /api/v1/orgs/:orgId/network/associations", url: `/api/v1/orgs/${b.extra.regulatorId}/network/associations`, payload: { associationOrgId: b.extra.associationId } },
  { route: "DELETE /api/v1/orgs/:orgId/network/associations/:otherOrgId", url: `/api/v1/orgs/${b.extra.associationId}/network/associations/${b.extra.regulatorId}` },
  { route: "GET /api/v1/orgs/:orgId/network/pages", url: `/api/v1/orgs/${b.orgId}/network/pages` },
  { route: "POST /api/v1/orgs/:orgId/network/pages", url: `/api/v1/orgs/${b.orgId}/network/pages`, payload: { titleJa: "x", policyId: b.extra.policyId } },
  { route: "GET /api/v1/orgs/:orgId/network/pages/:pageId", url: `/api/v1/orgs/${b.orgId}/network/pages/${b.extra.pageId}` },
  { route: "POST /api/v1/orgs/:orgId/network/pages/:pageId/acknowledge", url: `/api/v1/orgs/${b.orgId}/network/pages/${b.extra.pageId}/acknowledge` },
  { route: "POST /api/v1/orgs/:orgId/network/pages/:pageId/resolve", url: `/api/v1/orgs/${b.orgId}/network/pages/${b.extra.pageId}/resolve` },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/documents` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/documents`, payload: { kind: "ppc_final", locale: "en" } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents/:documentId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/documents/${b.extra.documentId}` },
  { route: "PUT /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents/:documentId", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/documents/${b.extra.documentId}`, payload: { content: { title: "x", sections: [{ id: "a", heading: "h", text: "t" }] } } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents/:documentId/diff", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/documents/${b.extra.documentId}/diff?from=1&to=1` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents/:documentId/sign-off", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/documents/${b.extra.documentId}/sign-off`, payload: { version: 1 } },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents/:documentId/render", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/obligations/documents/${b.extra.documentId}/render?format=json` },
  { route: "GET /api/v1/orgs/:orgId/reports/:reportId/render", url: `/api/v1/orgs/${b.orgId}/reports/${b.extra.documentReportId}/render?format=html` },
  { route: "GET /api/v1/orgs/:orgId/mail-context", url: `/api/v1/orgs/${b.orgId}/mail-context` },
  { route: "PUT /api/v1/orgs/:orgId/mail-context", url: `/api/v1/orgs/${b.orgId}/mail-context`, payload: { ownDomains: [], trustedAuthservIds: [], knownSenders: [], vips: [], partners: [] } },
  { route: "POST /api/v1/orgs/:orgId/mail-reports", url: `/api/v1/orgs/${b.orgId}/mail-reports`, ...TRIAGE_MAIL },
  { route: "GET /api/v1/orgs/:orgId/mail-reports", url: `/api/v1/orgs/${b.orgId}/mail-reports` },
  { route: "GET /api/v1/orgs/:orgId/mail-reports/:reportId", url: `/api/v1/orgs/${b.orgId}/mail-reports/${b.extra.mailReportId}` },
  { route: "PUT /api/v1/orgs/:orgId/mail-reports/:reportId/incident", url: `/api/v1/orgs/${b.orgId}/mail-reports/${b.extra.unattachedReportId}/incident`, payload: { incidentId: b.incidentId } },
  { route: "POST /api/v1/orgs/:orgId/mail-reports/:reportId/indicators", url: `/api/v1/orgs/${b.orgId}/mail-reports/${b.extra.mailReportId}/indicators` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/mail-reports", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/mail-reports`, ...TRIAGE_MAIL },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/mail-reports", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/mail-reports` },
  { route: "POST /api/v1/orgs/:orgId/egress-imports", url: `/api/v1/orgs/${b.orgId}/egress-imports`, ...TRIAGE_LOG },
  { route: "GET /api/v1/orgs/:orgId/egress-imports", url: `/api/v1/orgs/${b.orgId}/egress-imports` },
  { route: "GET /api/v1/orgs/:orgId/egress-imports/:importId", url: `/api/v1/orgs/${b.orgId}/egress-imports/${b.extra.importId}` },
  { route: "POST /api/v1/orgs/:orgId/incidents/:incidentId/egress-imports", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/egress-imports`, ...TRIAGE_LOG },
  { route: "GET /api/v1/orgs/:orgId/incidents/:incidentId/egress-imports", url: `/api/v1/orgs/${b.orgId}/incidents/${b.incidentId}/egress-imports` },
  { route: "POST /api/v1/orgs/:orgId/egress-findings/:findingId/incident", url: `/api/v1/orgs/${b.orgId}/egress-findings/${b.extra.findingId}/incident`, payload: { incidentId: b.incidentId } },
  { route: "POST /api/v1/orgs/:orgId/egress-findings/:findingId/hosts", url: `/api/v1/orgs/${b.orgId}/egress-findings/${b.extra.findingId}/hosts`, payload: { incidentId: b.incidentId, host: "10.1.0.5" } },
  // (each capability's routes above this line; object ids come from setUpCompany's `extra`)
];

const setUpCompany = async (label: string): Promise<Ids> => {
  const org = await makeOrg(tp.p, "company", label);
  const vendor = await makeOrg(tp.p, "vendor", `${label} vendor`);
  const admin = await signedIn(tp.p, app, org.id, "org-admin");
  const viewer = await makeMember(tp.p, org.id, "viewer");
  const inc = await app.inject({ method: "POST", url: `/api/v1/orgs/${org.id}/incidents`, headers: admin.headers, payload: { title: `${label} incident` } });
  const incidentId = (inc.json() as { incident: { id: string } }).incident.id;
  const tok = await app.inject({ method: "POST", url: `/api/v1/orgs/${org.id}/tokens`, headers: admin.headers, payload: { name: "ci", role: "viewer", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
  const grant = await app.inject({
    method: "POST", url: `/api/v1/orgs/${org.id}/grants`, headers: admin.headers,
    payload: { vendorOrgId: vendor.id, incidentId, access: "write", expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  assert.equal(grant.statusCode, 201, grant.body);
  const extra: Record<string, string> = {};
  for (const create of creators) Object.assign(extra, await create({ app, orgId: org.id, incidentId, headers: admin.headers }));
  return {
    extra,
    orgId: org.id, incidentId, memberId: viewer.membershipId, vendorId: vendor.id,
    tokenId: (tok.json() as { token: { id: string } }).token.id, grantId: (grant.json() as { grant: { id: string } }).grant.id,
  };
};

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  A = await setUpCompany("Alpha");
  B = await setUpCompany("Bravo");
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("cross-tenant access", () => {
  test("the matrix lists every organisation route", () => {
    const registered = new Set<string>();
    const listed = new Set(cases(B).map((c) => c.route));
    // Walk Fastify's routes: hasRoute for each listed one, and find unlisted ones from the OpenAPI document.
    const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith("/api/v1/orgs/")) continue;
      for (const m of Object.keys(methods)) registered.add(`${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
    }
    assert.deepEqual([...registered].sort(), [...listed].sort());
    routes.push(...registered);
  });

  for (const role of ROLES_BY_KIND.company) {
    test(`a ${role} of A gets 404 for every object of B`, async () => {
      const s = await signedIn(tp.p, app, A.orgId, role);
      for (const c of cases(B)) {
        const [method] = c.route.split(" ");
        const res = await app.inject({ method: method as "GET", url: c.url, headers: { ...s.headers, ...c.headers }, ...(c.payload ? { payload: c.payload } : {}) });
        assert.equal(res.statusCode, 404, `${role}: ${c.route} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    });
  }

  test("an API token of A gets 404 for every object of B", async () => {
    const admin = await signedIn(tp.p, app, A.orgId, "org-admin");
    const res = await app.inject({ method: "POST", url: `/api/v1/orgs/${A.orgId}/tokens`, headers: admin.headers, payload: { name: "t", role: "org-admin", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    const bearer = { authorization: `Bearer ${(res.json() as { secret: string }).secret}` };
    for (const c of cases(B)) {
      const [method] = c.route.split(" ");
      const r = await app.inject({ method: method as "GET", url: c.url, headers: { ...bearer, ...c.headers }, ...(c.payload ? { payload: c.payload } : {}) });
      assert.equal(r.statusCode, 404, `token: ${c.route} → ${r.statusCode}`);
    }
  });

  test("B's objects addressed through A's own organisation path are 404 too", async () => {
    const s = await signedIn(tp.p, app, A.orgId, "org-admin");
    const bIds = [B.incidentId, B.memberId, B.tokenId, B.grantId, ...Object.values(B.extra)];
    const swapped = cases(B).map((c) => ({ ...c, url: c.url.replace(B.orgId, A.orgId) })).filter((c) => bIds.some((id) => c.url.includes(id)));
    for (const c of swapped) {
      const [method] = c.route.split(" ");
      const res = await app.inject({ method: method as "GET", url: c.url, headers: { ...s.headers, ...c.headers }, ...(c.payload ? { payload: c.payload } : {}) });
      assert.equal(res.statusCode, 404, `${c.route} with A's path → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
  });

  test("without a session every organisation route is 401", async () => {
    for (const c of cases(B)) {
      const [method] = c.route.split(" ");
      const res = await app.inject({ method: method as "GET", url: c.url, ...(c.headers ? { headers: c.headers } : {}), ...(c.payload ? { payload: c.payload } : {}) });
      assert.equal(res.statusCode, 401, `${c.route} → ${res.statusCode}`);
    }
  });
});

describe("the regulator's side", () => {
  test("A's regulator reads A's report and nothing of B; B's regulator and B's members read nothing of A", async () => {
    const officerA = await signedIn(tp.p, app, A.extra.regulatorId!, "regulator-officer");
    const own = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.extra.regulatorId}/reports/${A.extra.reportId}`, headers: officerA.headers });
    assert.equal(own.statusCode, 200, own.body);
    const inbox = (await app.inject({ method: "GET", url: `/api/v1/orgs/${A.extra.regulatorId}/inbox`, headers: officerA.headers })).json() as { reports: Array<{ id: string }>; obligations: Array<{ companyOrgId: string }> };
    assert.deepEqual(inbox.reports.map((r) => r.id).sort(), [A.extra.reportId, A.extra.documentReportId].sort());
    assert.ok(inbox.obligations.every((o) => o.companyOrgId === A.orgId));
    // The signed-off 速報 a company submitted opens as a PDF for its regulator.
    const pdf = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.extra.regulatorId}/reports/${A.extra.documentReportId}/render?format=pdf`, headers: officerA.headers });
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString("latin1"), "%PDF-");
    const otherRegulator = await signedIn(tp.p, app, B.extra.regulatorId!, "regulator-officer");
    const otherCompany = await signedIn(tp.p, app, B.orgId, "org-admin");
    for (const [s, org] of [[otherRegulator, B.extra.regulatorId!], [otherCompany, B.orgId]] as const) {
      for (const [method, path, payload] of [
        ["GET", `/reports/${A.extra.reportId}`, undefined], ["POST", `/reports/${A.extra.reportId}/messages`, { body: "?" }],
        ["GET", `/reports/${A.extra.documentReportId}/render?format=pdf`, undefined],
        ["PUT", `/orders/${A.extra.orderId}/incident`, { incidentId: null }],
      ] as const) {
        const r = await app.inject({ method, url: `/api/v1/orgs/${org}${path}`, headers: s.headers, ...(payload ? { payload } : {}) });
        assert.equal(r.statusCode, 404, `${method} ${path} as ${org === B.orgId ? "B" : "B's regulator"} → ${r.statusCode}`);
      }
    }
    const theirs = (await app.inject({ method: "GET", url: `/api/v1/orgs/${B.extra.regulatorId}/inbox`, headers: otherRegulator.headers })).json() as { reports: Array<{ id: string }> };
    assert.deepEqual(theirs.reports.map((r) => r.id).sort(), [B.extra.reportId, B.extra.documentReportId].sort());
    const order = await app.inject({ method: "POST", url: `/api/v1/orgs/${B.extra.regulatorId}/orders`, headers: otherRegulator.headers, payload: { authority: "jta", title: "t", items: ["x"], dueAt: "2030-01-01T00:00:00Z", companyOrgId: A.orgId } });
    assert.equal(order.statusCode, 400, "an order only to a company the regulator supervises");
  });
});

describe("an association's view of what its members share", () => {
  type Shared = { shares: Array<{ companyOrgId: string; incidentId: string; obligations: Array<{ obligationId: string }>; reports: Array<{ id: string; submittedBy: string | null }> }> };
  const seenBy = (org: string) => tp.p.db.tenant({ orgId: org, userId: null }, async (tx) => ({
    evaluations: (await tx.db.selectFrom("obligation_evaluations").select("id").where("incident_id", "=", A.incidentId).execute()).length,
    reports: (await tx.db.selectFrom("obligation_reports").select("id").where("incident_id", "=", A.incidentId).execute()).length,
    shares: (await tx.db.selectFrom("obligation_shares").select("id").where("incident_id", "=", A.incidentId).execute()).length,
  }));

  test("the association A shared with lists A's obligations and reports, read only; no other association sees them", async () => {
    const assoc = await signedIn(tp.p, app, A.extra.associationId!, "viewer");
    const r = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.extra.associationId}/shared`, headers: assoc.headers });
    assert.equal(r.statusCode, 200, r.body);
    const list = r.json() as Shared;
    assert.deepEqual(list.shares.map((s) => [s.companyOrgId, s.incidentId]), [[A.orgId, A.incidentId]]);
    assert.ok(list.shares[0]!.obligations.length > 0);
    assert.deepEqual(list.shares[0]!.reports.map((x) => x.id).sort(), [A.extra.reportId, A.extra.documentReportId].sort());
    assert.ok(list.shares[0]!.reports.every((x) => x.submittedBy), "each report names who submitted it");
    // Read only: the association reaches nothing of the incident itself, nor the report's thread, nor a share.
    for (const [method, path, payload] of [
      ["GET", `/incidents/${A.incidentId}/obligations`, undefined], ["GET", `/incidents/${A.incidentId}/obligations/shares`, undefined],
      ["POST", `/incidents/${A.incidentId}/obligations/shares`, { associationOrgId: A.extra.associationId }],
      ["GET", `/reports/${A.extra.reportId}`, undefined], ["POST", `/reports/${A.extra.reportId}/messages`, { body: "?" }],
    ] as const) {
      const x = await app.inject({ method, url: `/api/v1/orgs/${A.extra.associationId}${path}`, headers: assoc.headers, ...(payload ? { payload } : {}) });
      assert.equal(x.statusCode, 404, `${method} ${path} as the association → ${x.statusCode}`);
    }
    // B's association, and an association A is not a member of: nothing, by the routes and by RLS alone.
    const outsider = await makeOrg(tp.p, "association", "outsider association");
    for (const org of [B.extra.associationId!, outsider.id]) {
      const s = await signedIn(tp.p, app, org, "org-admin");
      const l = (await app.inject({ method: "GET", url: `/api/v1/orgs/${org}/shared`, headers: s.headers })).json() as Shared;
      assert.ok(l.shares.every((x) => x.companyOrgId !== A.orgId));
      assert.deepEqual(await seenBy(org), { evaluations: 0, reports: 0, shares: 0 });
    }
    const rls = await seenBy(A.extra.associationId!);
    assert.ok(rls.evaluations > 0 && rls.reports === 2 && rls.shares === 1, JSON.stringify(rls));
    // A company shares only with an association it is a member of, and not twice.
    const admin = await signedIn(tp.p, app, A.orgId, "org-admin");
    const base = `/api/v1/orgs/${A.orgId}/incidents/${A.incidentId}/obligations/shares`;
    const notMember = await app.inject({ method: "POST", url: base, headers: admin.headers, payload: { associationOrgId: outsider.id } });
    assert.equal(notMember.statusCode, 404, "not its association: the same as no organisation at all");
    const twice = await app.inject({ method: "POST", url: base, headers: admin.headers, payload: { associationOrgId: A.extra.associationId } });
    assert.equal(twice.statusCode, 409);
    const responder = await signedIn(tp.p, app, A.orgId, "responder");
    const denied = await app.inject({ method: "DELETE", url: `${base}/${A.extra.shareId}`, headers: responder.headers });
    assert.equal(denied.statusCode, 403, "only the CISO or an org-admin shares and revokes");
    // RLS alone refuses a share with a non-member association.
    await assert.rejects(tp.p.db.tenant({ orgId: A.orgId, userId: null }, (tx) => tx.db.insertInto("obligation_shares")
      .values({ org_id: A.orgId, incident_id: A.incidentId, association_org_id: outsider.id }).execute()));
  });

  test("a revoked share: the association sees nothing any more, and the revocation is audited", async () => {
    const admin = await signedIn(tp.p, app, A.orgId, "org-admin");
    const base = `/api/v1/orgs/${A.orgId}/incidents/${A.incidentId}/obligations/shares`;
    const rev = await app.inject({ method: "DELETE", url: `${base}/${A.extra.shareId}`, headers: admin.headers });
    assert.equal(rev.statusCode, 200, rev.body);
    const after = (rev.json() as { shares: Array<{ id: string; revokedAt: string | null }> }).shares.find((x) => x.id === A.extra.shareId);
    assert.ok(after?.revokedAt, "the share stays, revoked");
    const again = await app.inject({ method: "DELETE", url: `${base}/${A.extra.shareId}`, headers: admin.headers });
    assert.equal(again.statusCode, 404);
    const assoc = await signedIn(tp.p, app, A.extra.associationId!, "viewer");
    const list = (await app.inject({ method: "GET", url: `/api/v1/orgs/${A.extra.associationId}/shared`, headers: assoc.headers })).json() as Shared;
    assert.deepEqual(list.shares, []);
    assert.deepEqual(await seenBy(A.extra.associationId!), { evaluations: 0, reports: 0, shares: 0 });
    const audit = await tp.p.db.system.selectFrom("audit_events").select("action").where("org_id", "=", A.orgId).where("action", "like", "obligation.share.%").execute();
    assert.deepEqual(audit.map((x) => x.action).sort(), ["obligation.share.create", "obligation.share.revoke"]);
  });
});

describe("vendor access", () => {
  let vendorSession: Session;
  let companyAdmin: Session;
  let other: string;

  before(async () => {
    vendorSession = await signedIn(tp.p, app, A.vendorId, "vendor-responder");
    companyAdmin = await login(app, (await makeMember(tp.p, A.orgId, "org-admin")).email);
    const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${A.orgId}/incidents`, headers: companyAdmin.headers, payload: { title: "not granted" } });
    other = (r.json() as { incident: { id: string } }).incident.id;
  });

  test("a vendor sees and edits only the granted incident", async () => {
    const list = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.vendorId}/incidents`, headers: vendorSession.headers });
    const ids = (list.json() as { incidents: Array<{ id: string; access: string }> }).incidents.map((i) => i.id);
    assert.deepEqual(ids, [A.incidentId]);
    const one = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.vendorId}/incidents/${A.incidentId}`, headers: vendorSession.headers });
    assert.equal(one.statusCode, 200);
    assert.equal((one.json() as { incident: { access: string } }).incident.access, "grant-write");
    const edit = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${A.vendorId}/incidents/${A.incidentId}`, headers: vendorSession.headers, payload: { status: "triage" } });
    assert.equal(edit.statusCode, 200, edit.body);
    const notGranted = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.vendorId}/incidents/${other}`, headers: vendorSession.headers });
    assert.equal(notGranted.statusCode, 404);
    const del = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${A.vendorId}/incidents/${A.incidentId}`, headers: vendorSession.headers });
    assert.equal(del.statusCode, 403);
  });

  test("the vendor's change lands in the company's audit chain", async () => {
    const log = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.orgId}/audit?limit=200`, headers: companyAdmin.headers });
    const ev = (log.json() as { events: Array<{ action: string; actorOrgId: string; objectId: string }> }).events
      .find((e) => e.action === "incident.update" && e.objectId === A.incidentId);
    assert.equal(ev?.actorOrgId, A.vendorId);
  });

  test("a vendor of another company sees nothing", async () => {
    const s = await signedIn(tp.p, app, B.vendorId, "vendor-responder");
    const r = await app.inject({ method: "GET", url: `/api/v1/orgs/${B.vendorId}/incidents/${A.incidentId}`, headers: s.headers });
    assert.equal(r.statusCode, 404);
  });

  test("nothing once the grant has expired", async () => {
    await tp.p.db.system.updateTable("access_grants").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", A.grantId).execute();
    const list = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.vendorId}/incidents`, headers: vendorSession.headers });
    assert.deepEqual((list.json() as { incidents: unknown[] }).incidents, []);
    const one = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.vendorId}/incidents/${A.incidentId}`, headers: vendorSession.headers });
    assert.equal(one.statusCode, 404);
    const edit = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${A.vendorId}/incidents/${A.incidentId}`, headers: vendorSession.headers, payload: { title: "late" } });
    assert.equal(edit.statusCode, 404);
  });

  test("nothing after the company revokes a grant", async () => {
    const g = await app.inject({
      method: "POST", url: `/api/v1/orgs/${A.orgId}/grants`, headers: companyAdmin.headers,
      payload: { vendorOrgId: A.vendorId, incidentId: other, access: "read", expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    const grantId = (g.json() as { grant: { id: string } }).grant.id;
    const seen = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.vendorId}/incidents/${other}`, headers: vendorSession.headers });
    assert.equal(seen.statusCode, 200);
    const readOnlyEdit = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${A.vendorId}/incidents/${other}`, headers: vendorSession.headers, payload: { title: "x" } });
    assert.equal(readOnlyEdit.statusCode, 403);
    const rev = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${A.orgId}/grants/${grantId}`, headers: companyAdmin.headers });
    assert.equal(rev.statusCode, 204);
    const gone = await app.inject({ method: "GET", url: `/api/v1/orgs/${A.vendorId}/incidents/${other}`, headers: vendorSession.headers });
    assert.equal(gone.statusCode, 404);
  });

  test("access can be granted only to vendors", async () => {
    const r = await app.inject({
      method: "POST", url: `/api/v1/orgs/${A.orgId}/grants`, headers: companyAdmin.headers,
      payload: { vendorOrgId: B.orgId, incidentId: other, access: "read", expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    assert.equal(r.statusCode, 400);
    assert.equal((r.json() as { error: { code: string; field: string } }).error.field, "body.vendorOrgId");
  });
});
