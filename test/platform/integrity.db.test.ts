/**
 * Integrity under deletion, concurrency and partial updates: incident numbers are never reused, a write that
 * changed nothing is never a success with an audit row, mandatory tasks stay unless a playbook owner removes
 * them, a PATCH changes only what it names, and the last org-admin survives two simultaneous demotions.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import type { TestPlatform } from "../support/platform.js";
import { makeMember, makeOrg, signedIn, login, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { useCompanyWorld } from "../support/world.js";

const world = useCompanyWorld({ jobs: false });
let tp: TestPlatform;
let app: Api;
let orgId: string;
let admin: Session;
before(async () => void ({ tp, app, orgId, admin } = await world()));

type Incident = { id: string; ref: string };
const createIncident = async (s: Session, org = orgId, title = "x"): Promise<Incident> => {
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${org}/incidents`, headers: s.headers, payload: { title } });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { incident: Incident }).incident;
};
const auditActions = async (org: string, action: string): Promise<number> => {
  const r = await tp.p.db.system.selectFrom("audit_events").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("org_id", "=", org).where("action", "=", action).executeTakeFirstOrThrow();
  return Number(r.n);
};
const numberOf = (ref: string): number => Number(ref.split("-").at(-1));

test("incident numbers go on after an older incident is deleted, and are never reused", async () => {
  const org = (await makeOrg(tp.p, "company")).id;
  const s = await signedIn(tp.p, app, org, "org-admin");
  const a = await createIncident(s, org);
  const b = await createIncident(s, org);
  assert.equal((await app.inject({ method: "DELETE", url: `/api/v1/orgs/${org}/incidents/${a.id}`, headers: s.headers })).statusCode, 204);
  const c = await createIncident(s, org);
  assert.equal(numberOf(c.ref), numberOf(b.ref) + 1);
  await app.inject({ method: "DELETE", url: `/api/v1/orgs/${org}/incidents/${c.id}`, headers: s.headers });
  const d = await createIncident(s, org);
  assert.equal(numberOf(d.ref), numberOf(c.ref) + 1, "the newest number is not handed out again either");
});

test("incidents created at the same moment get distinct consecutive numbers", async () => {
  const org = (await makeOrg(tp.p, "company")).id;
  const s = await signedIn(tp.p, app, org, "org-admin");
  const made = await Promise.all(Array.from({ length: 8 }, (_, i) => createIncident(s, org, `c${i}`)));
  assert.deepEqual(made.map((i) => numberOf(i.ref)).sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test("a vendor with a write grant cannot delete a task: a 403 and no audit row, and the task stays", async () => {
  const vendor = (await makeOrg(tp.p, "vendor")).id;
  const vs = await signedIn(tp.p, app, vendor, "vendor-responder");
  const inc = await createIncident(admin);
  const grant = await app.inject({
    method: "POST", url: `/api/v1/orgs/${orgId}/grants`, headers: admin.headers,
    payload: { vendorOrgId: vendor, incidentId: inc.id, access: "write", expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  assert.equal(grant.statusCode, 201, grant.body);
  const added = await app.inject({ method: "POST", url: `/api/v1/orgs/${vendor}/incidents/${inc.id}/tasks`, headers: vs.headers, payload: { title: "collect logs" } });
  assert.equal(added.statusCode, 201, added.body);
  const taskId = (added.json() as { tasks: Array<{ id: string }> }).tasks[0]!.id;
  const before = await auditActions(orgId, "task.delete");
  const del = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${vendor}/incidents/${inc.id}/tasks/${taskId}`, headers: vs.headers });
  assert.ok(del.statusCode === 403 || del.statusCode === 404, `got ${del.statusCode}`);
  assert.equal(await auditActions(orgId, "task.delete"), before);
  const list = await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${inc.id}/tasks`, headers: admin.headers });
  assert.equal((list.json() as { tasks: unknown[] }).tasks.length, 1);
  const policies = (await app.inject({ url: `/api/v1/orgs/${vendor}/incidents/${inc.id}/tasks`, headers: vs.headers })).json() as { tasks: Array<{ policies: { delete: boolean } }> };
  assert.equal(policies.tasks[0]!.policies.delete, false, "the client is told the vendor may not delete");
});

test("a responder can neither clear a task's mandatory flag nor delete a mandatory task; a ciso can, and the audit shows it", async () => {
  const inc = await createIncident(admin);
  const responder = await signedIn(tp.p, app, orgId, "responder");
  const ciso = await signedIn(tp.p, app, orgId, "ciso");
  const added = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${inc.id}/tasks`, headers: ciso.headers, payload: { title: "notify PPC", mandatory: true } });
  assert.equal(added.statusCode, 201, added.body);
  const taskId = (added.json() as { tasks: Array<{ id: string }> }).tasks[0]!.id;
  const url = `/api/v1/orgs/${orgId}/incidents/${inc.id}/tasks/${taskId}`;
  assert.equal((await app.inject({ method: "PATCH", url, headers: responder.headers, payload: { mandatory: false } })).statusCode, 403);
  assert.equal((await app.inject({ method: "DELETE", url, headers: responder.headers })).statusCode, 403);
  const made = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${inc.id}/tasks`, headers: responder.headers, payload: { title: "y", mandatory: true } });
  assert.equal(made.statusCode, 403, "a responder cannot make a task mandatory either");
  assert.equal((await app.inject({ method: "PATCH", url, headers: ciso.headers, payload: { mandatory: false } })).statusCode, 200);
  const row = await tp.p.db.system.selectFrom("audit_events").select(["before", "after"]).where("org_id", "=", orgId)
    .where("action", "=", "task.update").where("object_id", "=", taskId).executeTakeFirstOrThrow();
  assert.equal((row.before as { mandatory: boolean }).mandatory, true);
  assert.equal((row.after as { mandatory: boolean }).mandatory, false);
});

test("PATCH of a decision with one field leaves the others as they were", async () => {
  const inc = await createIncident(admin);
  const created = await app.inject({
    method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${inc.id}/decisions`, headers: admin.headers,
    payload: { kind: "other", title: "t", authorityRole: "CISO", decidedBy: "CISO", options: ["a", "b"], decision: "a", decidedAt: "2026-01-01T10:00:00+09:00" },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = (created.json() as { decision: { id: string } }).decision.id;
  const r = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${orgId}/incidents/${inc.id}/decisions/${id}`, headers: admin.headers, payload: { executor: "ops" } });
  assert.equal(r.statusCode, 200, r.body);
  const d = (r.json() as { decision: { options: string[]; executor: string } }).decision;
  assert.deepEqual(d.options, ["a", "b"]);
  assert.equal(d.executor, "ops");
});

test("two simultaneous demotions of the only two org-admins: one wins, the organisation keeps an admin", async () => {
  const org = (await makeOrg(tp.p, "company")).id;
  const a = await makeMember(tp.p, org, "org-admin");
  const b = await makeMember(tp.p, org, "org-admin");
  const [sa, sb] = [await login(app, a.email), await login(app, b.email)];
  const results = await Promise.all([
    app.inject({ method: "PATCH", url: `/api/v1/orgs/${org}/members/${b.membershipId}`, headers: sa.headers, payload: { role: "viewer" } }),
    app.inject({ method: "PATCH", url: `/api/v1/orgs/${org}/members/${a.membershipId}`, headers: sb.headers, payload: { role: "viewer" } }),
  ]);
  const codes = results.map((r) => r.statusCode).sort();
  assert.ok(codes.includes(409) || codes.includes(404) || codes.includes(403), `codes ${codes.join(",")}`);
  const admins = await tp.p.db.system.selectFrom("memberships").select("id").where("org_id", "=", org).where("role", "=", "org-admin").execute();
  assert.equal(admins.length, 1);
});

test("a demotion racing a removal of the other admin also keeps one admin", async () => {
  const org = (await makeOrg(tp.p, "company")).id;
  const a = await makeMember(tp.p, org, "org-admin");
  const b = await makeMember(tp.p, org, "org-admin");
  const [sa, sb] = [await login(app, a.email), await login(app, b.email)];
  await Promise.all([
    app.inject({ method: "DELETE", url: `/api/v1/orgs/${org}/members/${b.membershipId}`, headers: sa.headers }),
    app.inject({ method: "PATCH", url: `/api/v1/orgs/${org}/members/${a.membershipId}`, headers: sb.headers, payload: { role: "viewer" } }),
  ]);
  const admins = await tp.p.db.system.selectFrom("memberships").select("id").where("org_id", "=", org).where("role", "=", "org-admin").execute();
  assert.equal(admins.length, 1);
});

test("two assets with the same host name at the same moment: one is created, the other is a 409 naming the field", async () => {
  const hostname = `dup-${Date.now()}`;
  const [a, b] = await Promise.all([0, 1].map(() => app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/assets`, headers: admin.headers, payload: { hostname } })));
  const codes = [a!.statusCode, b!.statusCode].sort();
  assert.deepEqual(codes, [201, 409], a!.body + b!.body);
  const conflict = [a!, b!].find((r) => r.statusCode === 409)!;
  assert.equal((conflict.json() as { error: { field: string } }).error.field, "body.hostname");
});

test("a child row cannot point at another organisation's incident, even written as the owner role", async () => {
  const other = (await makeOrg(tp.p, "company")).id;
  const inc = await createIncident(admin);
  await assert.rejects(
    tp.p.db.system.insertInto("timeline_events").values({
      org_id: other, incident_id: inc.id, at: new Date(), kind: "note", text: "x", source: "", asset_ids: [], evidence_ids: [], indicator_ids: [],
    }).execute(),
    (e: { code?: string }) => e.code === "23503",
  );
});
