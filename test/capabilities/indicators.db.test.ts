/** Indicators on an incident through the API: normalisation, de-duplication, bulk lines, audit rows, vendors. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

type Indicator = { id: string; type: string; value: string; normalized: string; tlp: string; description: string; policies: { update: boolean; delete: boolean } };
type One = { indicator: Indicator; duplicate: boolean };
type Bulk = { results: Array<{ line: number; status: string; indicator?: Indicator; error?: { code: string; message: string } }>; created: number; duplicates: number; invalid: number };
type ErrorBody = { error: { code: string; field?: string; message: string } };

let tp: TestPlatform;
let app: Api;
let orgId: string;
let vendorId: string;
let admin: Session;
let incidentId: string;
let base: string;

const call = (s: Session, method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, lang = "en") =>
  app.inject({ method, url, headers: { ...s.headers, "accept-language": lang }, ...(payload ? { payload } : {}) });
const auditOf = (action: string, objectId: string) =>
  tp.p.db.system.selectFrom("audit_events").selectAll().where("org_id", "=", orgId).where("action", "=", action).where("object_id", "=", objectId).execute();

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company", "IOC Co")).id;
  vendorId = (await makeOrg(tp.p, "vendor", "IOC Vendor")).id;
  admin = await signedIn(tp.p, app, orgId, "responder");
  const inc = await call(admin, "POST", `/api/v1/orgs/${orgId}/incidents`, { title: "標的型メール" });
  incidentId = (inc.json() as { incident: { id: string } }).incident.id;
  base = `/api/v1/orgs/${orgId}/incidents/${incidentId}/indicators`;
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("indicators", () => {
  let first: Indicator;

  test("create detects and normalises, with an audit row that leaves the value out", async () => {
    const r = await call(admin, "POST", base, { value: "Info[@]Partner-Air[.]Example", tlp: "green", description: "差出人" });
    assert.equal(r.statusCode, 201, r.body);
    const body = r.json() as One;
    first = body.indicator;
    assert.equal(body.duplicate, false);
    assert.deepEqual([first.type, first.value, first.normalized, first.tlp], ["email-addr", "Info[@]Partner-Air[.]Example", "info@partner-air.example", "green"]);
    const [row] = await auditOf("indicator.create", first.id);
    assert.deepEqual(row?.after, { incidentId, type: "email-addr", tlp: "green" });
  });

  test("the same observable in another spelling is a 200 duplicate, not a second row", async () => {
    const r = await call(admin, "POST", base, { type: "email-addr", value: "info@partner-air.example" });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as One;
    assert.deepEqual([body.duplicate, body.indicator.id], [true, first.id]);
    const list = (await call(admin, "GET", base)).json() as { indicators: Indicator[] };
    assert.equal(list.indicators.length, 1);
    assert.equal((await auditOf("indicator.create", first.id)).length, 1);
  });

  test("an invalid value is a 400 on body.value with what was expected", async () => {
    const r = await call(admin, "POST", base, { type: "ipv4-addr", value: "300.1.2.3" });
    assert.equal(r.statusCode, 400);
    const e = (r.json() as ErrorBody).error;
    assert.deepEqual([e.code, e.field], ["indicator_invalid", "body.value"]);
    assert.match(e.message, /IPv4 address of four numbers/);
    const ja = await call(admin, "POST", base, { value: "ただの文章" }, "ja");
    assert.deepEqual([(ja.json() as ErrorBody).error.code, (ja.json() as ErrorBody).error.field], ["indicator_type_unknown", "body.value"]);
    assert.match((ja.json() as ErrorBody).error.message, /種類を選んでください/);
    const tlp = await call(admin, "POST", base, { value: "192.0.2.1", tlp: "purple" });
    assert.equal((tlp.json() as ErrorBody).error.field, "body.tlp");
  });

  test("bulk: per-line results with line numbers; valid lines added, duplicates found, bad lines reported", async () => {
    const bulk = ["hxxp://evil[.]example/login", "", "192.0.2.1", "INFO@partner-air.example", "not an indicator", "192.000.002.001", "2001:DB8:0:0::1"].join("\n");
    const r = await call(admin, "POST", base, { bulk, tlp: "amber+strict" });
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json() as Bulk;
    assert.deepEqual(b.results.map((x) => [x.line, x.status, x.indicator?.normalized ?? x.error?.code]), [
      [1, "created", "http://evil.example/login"],
      [3, "created", "192.0.2.1"],
      [4, "duplicate", "info@partner-air.example"],
      [5, "invalid", "indicator_type_unknown"],
      [6, "duplicate", "192.0.2.1"],
      [7, "created", "2001:db8::1"],
    ]);
    assert.deepEqual([b.created, b.duplicates, b.invalid], [3, 2, 1]);
    assert.match(b.results[3]!.error!.message, /^line 5:/);
    assert.equal(b.results[0]!.indicator!.tlp, "amber+strict");
  });

  test("update and delete, each with its audit row", async () => {
    const r = await call(admin, "PATCH", `${base}/${first.id}`, { tlp: "red", description: "偽装された送信元" });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as { indicator: Indicator }).indicator.tlp, "red");
    const [upd] = await auditOf("indicator.update", first.id);
    assert.deepEqual(upd?.after, { incidentId, type: "email-addr", tlp: "red", changed: ["tlp", "description"] });
    assert.equal((await call(admin, "PATCH", `${base}/${first.id}`, { value: "x" })).statusCode, 400);
    assert.equal((await call(admin, "DELETE", `${base}/${first.id}`)).statusCode, 204);
    assert.equal((await auditOf("indicator.delete", first.id)).length, 1);
    assert.equal((await call(admin, "DELETE", `${base}/${first.id}`)).statusCode, 404);
  });

  test("a viewer reads but cannot add", async () => {
    const viewer = await signedIn(tp.p, app, orgId, "viewer");
    const list = await call(viewer, "GET", base);
    assert.equal((list.json() as { policies: { create: boolean } }).policies.create, false);
    assert.equal((await call(viewer, "POST", base, { value: "evil.example" })).statusCode, 403);
  });
});

describe("vendors", () => {
  let vendor: Session;
  let vendorBase: string;
  let grantId: string;

  before(async () => {
    vendor = await signedIn(tp.p, app, vendorId, "vendor-responder");
    vendorBase = `/api/v1/orgs/${vendorId}/incidents/${incidentId}/indicators`;
    const owner = await signedIn(tp.p, app, orgId, "org-admin");
    const g = await call(owner, "POST", `/api/v1/orgs/${orgId}/grants`, { vendorOrgId: vendorId, incidentId, access: "read", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    grantId = (g.json() as { grant: { id: string } }).grant.id;
  });

  test("a read grant reads indicators and cannot add or change them", async () => {
    const list = await call(vendor, "GET", vendorBase);
    assert.equal(list.statusCode, 200, list.body);
    const items = (list.json() as { indicators: Indicator[] }).indicators;
    assert.ok(items.length >= 3);
    assert.deepEqual(items[0]?.policies, { update: false, delete: false });
    assert.equal((await call(vendor, "POST", vendorBase, { value: "evil2.example" })).statusCode, 403);
    assert.equal((await call(vendor, "PATCH", `${vendorBase}/${items[0]!.id}`, { tlp: "red" })).statusCode, 403);
  });

  test("a write grant adds (audited in the company's chain) but does not delete", async () => {
    await tp.p.db.system.updateTable("access_grants").set({ access: "write" }).where("id", "=", grantId).execute();
    const r = await call(vendor, "POST", vendorBase, { value: "evil2.example" });
    assert.equal(r.statusCode, 201, r.body);
    const ind = (r.json() as One).indicator;
    assert.deepEqual(ind.policies, { update: true, delete: false });
    const [row] = await auditOf("indicator.create", ind.id);
    assert.equal(row?.actor_org_id, vendorId);
    assert.equal((await call(vendor, "DELETE", `${vendorBase}/${ind.id}`)).statusCode, 403);
  });

  test("nothing once the grant is revoked", async () => {
    await tp.p.db.system.updateTable("access_grants").set({ revoked_at: new Date() }).where("id", "=", grantId).execute();
    assert.equal((await call(vendor, "GET", vendorBase)).statusCode, 404);
  });
});
