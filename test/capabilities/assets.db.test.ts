/** The asset inventory, its CSV import and incident links through the API: writes, audit rows, vendors, errors. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { sjis } from "./shift-jis.js";

type Asset = {
  id: string; hostname: string; addresses: string[]; owner: string; vendor: { id: string } | null; holdsPersonalData: boolean;
  internetFacing: boolean; egressAllowed: boolean; segmentation: { warning: boolean; reasons: string[] }; policies: { update: boolean; delete: boolean };
};
type Report = {
  dryRun: boolean; applied: boolean; encoding: string; created: number; updated: number; unchanged: number;
  rows: Array<{ line: number; hostname: string; action: string; segmentation: string[] }>;
  errors: Array<{ line: number; column: string | null; field: string | null; code: string; ja: string; en: string }>;
};
type ErrorBody = { error: { code: string; field?: string; message: string } };

let tp: TestPlatform;
let app: Api;
let orgId: string;
let vendorId: string;
let vendorSlug: string;
let admin: Session;
let incidentId: string;

const call = (s: Session | null, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, payload?: object, lang = "en") =>
  app.inject({ method, url: `/api/v1/orgs/${path}`, headers: { ...(s?.headers ?? {}), "accept-language": lang }, ...(payload ? { payload } : {}) });

const auditOf = (action: string, objectId: string) =>
  tp.p.db.system.selectFrom("audit_events").selectAll().where("org_id", "=", orgId).where("action", "=", action).where("object_id", "=", objectId).execute();

const importBatches = (org: string) =>
  tp.p.db.system.selectFrom("audit_events").select(["after", "occurred_at"]).where("org_id", "=", org).where("action", "=", "asset.import.batch").orderBy("seq").execute();
const pick = (o: unknown, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  const org = await makeOrg(tp.p, "company", "Asset Co");
  const vendor = await makeOrg(tp.p, "vendor", "Asset Vendor");
  orgId = org.id;
  vendorId = vendor.id;
  vendorSlug = vendor.slug;
  admin = await signedIn(tp.p, app, orgId, "org-admin");
  const inc = await call(admin, "POST", `${orgId}/incidents`, { title: "asset incident" });
  incidentId = (inc.json() as { incident: { id: string } }).incident.id;
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("inventory", () => {
  let asset: Asset;

  test("create normalises the host name and addresses, warns about segmentation, writes an audit row", async () => {
    const r = await call(admin, "POST", `${orgId}/assets`, {
      hostname: " ＤＢ０１.corp.example ", addresses: ["192.0.2.10", "2001:DB8::1", "192.0.2.10"], role: "顧客DB", owner: "情報システム部 佐藤",
      holdsPersonalData: true, egressAllowed: true, vendorOrgId: vendorId,
    });
    assert.equal(r.statusCode, 201, r.body);
    asset = (r.json() as { asset: Asset }).asset;
    assert.equal(asset.hostname, "db01.corp.example");
    assert.deepEqual(asset.addresses, ["192.0.2.10", "2001:db8::1"]);
    assert.deepEqual(asset.segmentation, { warning: true, reasons: ["egress_allowed"] });
    assert.equal(asset.vendor?.id, vendorId);
    const [row] = await auditOf("asset.create", asset.id);
    assert.equal((row?.after as { hostname: string }).hostname, "db01.corp.example");
    assert.equal(JSON.stringify(row?.after).includes("佐藤"), false, "the owner stays out of the audit log");
  });

  test("list and get", async () => {
    const list = await call(admin, "GET", `${orgId}/assets`);
    assert.equal(list.statusCode, 200);
    assert.deepEqual((list.json() as { assets: Asset[] }).assets.map((a) => a.id), [asset.id]);
    const one = await call(admin, "GET", `${orgId}/assets/${asset.id}`);
    assert.equal((one.json() as { asset: Asset }).asset.hostname, "db01.corp.example");
  });

  test("update writes before and after; a no-op change writes nothing", async () => {
    const r = await call(admin, "PATCH", `${orgId}/assets/${asset.id}`, { internetFacing: true, egressAllowed: false });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual((r.json() as { asset: Asset }).asset.segmentation.reasons, ["internet_facing"]);
    const rows = await auditOf("asset.update", asset.id);
    assert.equal(rows.length, 1);
    assert.equal((rows[0]?.before as { internetFacing: boolean }).internetFacing, false);
    assert.equal((rows[0]?.after as { internetFacing: boolean }).internetFacing, true);
    await call(admin, "PATCH", `${orgId}/assets/${asset.id}`, { internetFacing: true });
    assert.equal((await auditOf("asset.update", asset.id)).length, 1);
  });

  test("bad input is a 400 naming the field; a taken host name is a 409", async () => {
    const cases: Array<[object, string]> = [
      [{ hostname: "bad host!" }, "body.hostname"],
      [{ hostname: "" }, "body.hostname"],
      [{ hostname: "ok01", addresses: ["192.0.2.1", "999.1.1.1"] }, "body.addresses.1"],
      [{ hostname: "ok01", vendorOrgId: orgId }, "body.vendorOrgId"],
      [{ hostname: "ok01", color: "red" }, "body.color"],
    ];
    for (const [payload, field] of cases) {
      const r = await call(admin, "POST", `${orgId}/assets`, payload);
      assert.equal(r.statusCode, 400, `${JSON.stringify(payload)} → ${r.body}`);
      assert.equal((r.json() as ErrorBody).error.field, field);
    }
    const ja = await call(admin, "POST", `${orgId}/assets`, { hostname: "bad host!" }, "ja");
    assert.match((ja.json() as ErrorBody).error.message, /ホスト名は英数字/);
    const taken = await call(admin, "POST", `${orgId}/assets`, { hostname: "DB01.corp.example" });
    assert.equal(taken.statusCode, 409);
    assert.equal((taken.json() as ErrorBody).error.field, "body.hostname");
  });

  test("viewers read, only managers write", async () => {
    const viewer = await signedIn(tp.p, app, orgId, "viewer");
    const list = await call(viewer, "GET", `${orgId}/assets`);
    assert.equal(list.statusCode, 200);
    assert.equal((list.json() as { assets: Asset[] }).assets[0]?.policies.update, false);
    assert.equal((await call(viewer, "POST", `${orgId}/assets`, { hostname: "v01" })).statusCode, 403);
    assert.equal((await call(viewer, "PATCH", `${orgId}/assets/${asset.id}`, { role: "x" })).statusCode, 403);
    assert.equal((await call(viewer, "DELETE", `${orgId}/assets/${asset.id}`)).statusCode, 403);
  });

  test("delete writes an audit row", async () => {
    const r = await call(admin, "POST", `${orgId}/assets`, { hostname: "temp01" });
    const id = (r.json() as { asset: Asset }).asset.id;
    assert.equal((await call(admin, "DELETE", `${orgId}/assets/${id}`)).statusCode, 204);
    assert.equal((await call(admin, "GET", `${orgId}/assets/${id}`)).statusCode, 404);
    assert.equal((await auditOf("asset.delete", id)).length, 1);
  });
});

describe("CSV import", () => {
  const CSV = [
    "ホスト名,IPアドレス,用途,管理部署,委託先,個人情報,外部公開,外部通信",
    `web01,192.0.2.20,予約サイト,EC部,${"VENDOR"},×,○,はい`,
    '"crm01","192.0.2.30 192.0.2.31","顧客管理, ""本番""",営業部,,○,×,1',
    "",
  ].join("\r\n");

  test("a dry run reports and changes nothing", async () => {
    const r = await call(admin, "POST", `${orgId}/assets/import`, { csv: CSV.replace("VENDOR", vendorSlug), dryRun: true });
    assert.equal(r.statusCode, 200, r.body);
    const rep = r.json() as Report;
    assert.equal(rep.applied, false);
    assert.equal(rep.created, 2);
    assert.deepEqual(rep.rows.map((x) => [x.line, x.hostname, x.action, x.segmentation]), [
      [2, "web01", "create", []],
      [3, "crm01", "create", ["egress_allowed"]],
    ]);
    const list = await call(admin, "GET", `${orgId}/assets`);
    assert.equal((list.json() as { assets: Asset[] }).assets.some((a) => a.hostname === "web01"), false);
  });

  test("Shift_JIS bytes import; a second run updates by host name and keeps empty cells", async () => {
    const bytes = sjis(CSV.replace("VENDOR", vendorSlug));
    const r = await call(admin, "POST", `${orgId}/assets/import`, { csvBase64: bytes.toString("base64") });
    assert.equal(r.statusCode, 200, r.body);
    const rep = r.json() as Report;
    assert.deepEqual([rep.applied, rep.encoding, rep.created, rep.updated], [true, "shift_jis", 2, 0]);
    const assets = ((await call(admin, "GET", `${orgId}/assets`)).json() as { assets: Array<Asset & { role: string }> }).assets;
    const crm = assets.find((a) => a.hostname === "crm01")!;
    assert.equal(crm.role, '顧客管理, "本番"');
    assert.deepEqual(crm.addresses, ["192.0.2.30", "192.0.2.31"]);
    assert.equal(assets.find((a) => a.hostname === "web01")?.vendor?.id, vendorId);
    const [batch] = await importBatches(orgId);
    assert.deepEqual(pick(batch!.after, ["batch", "batches", "firstLine", "lastLine", "created", "updated", "via"]),
      { batch: 1, batches: 1, firstLine: 2, lastLine: 3, created: 2, updated: 0, via: "csv" });
    assert.match(String((batch!.after as { sha256: string }).sha256), /^[0-9a-f]{64}$/);

    const again = await call(admin, "POST", `${orgId}/assets/import`, { csv: "hostname,egress_allowed,role\nCRM01,no,\nweb01,yes,予約サイト\n" });
    const rep2 = again.json() as Report;
    assert.deepEqual([rep2.created, rep2.updated, rep2.unchanged], [0, 1, 1]);
    const crm2 = ((await call(admin, "GET", `${orgId}/assets/${crm.id}`)).json() as { asset: Asset & { role: string } }).asset;
    assert.equal(crm2.egressAllowed, false);
    assert.equal(crm2.role, '顧客管理, "本番"', "an empty cell keeps the value");
    const batches = await importBatches(orgId);
    assert.equal(batches.length, 2, "one audit row per batch, none per row");
    assert.deepEqual(pick(batches[1]!.after, ["created", "updated", "firstLine", "lastLine"]), { created: 0, updated: 1, firstLine: 2, lastLine: 2 });
    assert.equal((await auditOf("asset.update", crm.id)).length, 0);
  });

  test("bad rows: 400, every error with line and field in both languages, nothing imported", async () => {
    const csv = "hostname,addresses,holds_personal_data,vendor\nok01,192.0.2.1,yes,\nbad host,192.0.2.1,yes,\nok02,300.1.1.1,maybe,no-such-vendor\nok01,,,\n";
    const r = await call(admin, "POST", `${orgId}/assets/import`, { csv });
    assert.equal(r.statusCode, 400, r.body);
    const body = r.json() as ErrorBody & { report: Report };
    assert.equal(body.error.code, "csv_invalid");
    assert.deepEqual(body.report.errors.map((e) => [e.line, e.field, e.code]), [
      [3, "hostname", "hostname"],
      [4, "addresses", "address"],
      [4, "holdsPersonalData", "boolean"],
      [5, "hostname", "duplicate_host"],
    ]);
    assert.match(body.report.errors[3]!.ja, /2 行目/);
    assert.match(body.report.errors[3]!.en, /line 2/);
    const assets = ((await call(admin, "GET", `${orgId}/assets`)).json() as { assets: Asset[] }).assets;
    assert.equal(assets.some((a) => a.hostname === "ok01"), false);
  });

  test("an unknown vendor is an error on its line; a header problem is on line 1", async () => {
    const r = await call(admin, "POST", `${orgId}/assets/import`, { csv: "hostname,vendor\nok03,\nok04,no-such-vendor\n", dryRun: true });
    assert.deepEqual((r.json() as Report).errors.map((e) => [e.line, e.field, e.code]), [[3, "vendor", "vendor"]]);
    const h = await call(admin, "POST", `${orgId}/assets/import`, { csv: "name,colour\nx,y\n", dryRun: true });
    assert.deepEqual((h.json() as Report).errors.map((e) => [e.line, e.column, e.code]), [
      [1, "name", "unknown_column"], [1, "colour", "unknown_column"], [1, null, "missing_hostname_column"],
    ]);
  });

  test("neither text nor decodable bytes is a clear 400, never a crash", async () => {
    const both = await call(admin, "POST", `${orgId}/assets/import`, { csv: "a", csvBase64: "YQ==" });
    assert.equal(both.statusCode, 400);
    const junk = await call(admin, "POST", `${orgId}/assets/import`, { csvBase64: Buffer.from([0x82, 0xff, 0xfe, 0x80]).toString("base64") });
    assert.equal(junk.statusCode, 400, junk.body);
    assert.equal((junk.json() as ErrorBody).error.code, "csv_encoding");
  });
});

describe("a large import", () => {
  test("25,000 rows import in seconds, in batches, and other writes of the organisation go on meanwhile", async (t) => {
    const org = (await makeOrg(tp.p, "company", "Big Inventory")).id;
    const big = await signedIn(tp.p, app, org, "org-admin");
    const lines = Array.from({ length: 25_000 }, (_, i) => `h${String(i).padStart(5, "0")}.corp,10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},web,,○,×,×`);
    const csv = ["hostname,addresses,role,vendor,holds_personal_data,internet_facing,egress_allowed", ...lines, ""].join("\n");
    const started = Date.now();
    const importing = app.inject({ method: "POST", url: `/api/v1/orgs/${org}/assets/import`, headers: big.headers, payload: { csv } })
      .then((r) => ({ r, at: Date.now() }));
    // Once the first batch is in, another write of the same organisation must not wait for the rest.
    while ((await importBatches(org)).length === 0) await new Promise((res) => setTimeout(res, 20));
    const other = await app.inject({ method: "POST", url: `/api/v1/orgs/${org}/incidents`, headers: big.headers, payload: { title: "during the import" } });
    const otherDone = Date.now();
    const { r, at } = await importing;
    assert.equal(other.statusCode, 201, other.body);
    assert.equal(r.statusCode, 200, r.body.slice(0, 500));
    assert.equal((r.json() as Report).created, 25_000);
    assert.ok(otherDone < at, `the concurrent write finished ${at - otherDone} ms before the import`);
    const seconds = (at - started) / 1000;
    t.diagnostic(`25,000 rows: ${seconds} s; a concurrent write finished ${at - otherDone} ms before the import`);
    assert.ok(seconds < 30, `25,000 rows took ${seconds} s`);
    const batches = await importBatches(org);
    assert.equal(batches.length, 25);
    assert.equal(batches.reduce((n, b) => n + (b.after as { created: number }).created, 0), 25_000);
    const n = await tp.p.db.system.selectFrom("assets").select((eb) => eb.fn.countAll<string>().as("n")).where("org_id", "=", org).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 25_000);
    assert.deepEqual((await tp.p.audit.verify(tp.p.db.system, org)).problems, []);

    // The same file again changes nothing; one changed cell updates one row, in one batch row.
    const again = await app.inject({ method: "POST", url: `/api/v1/orgs/${org}/assets/import`, headers: big.headers,
      payload: { csv: csv.replace("h00007.corp,10.0.0.7,web,", "h00007.corp,10.0.0.7,db,") } });
    assert.deepEqual(pick(again.json(), ["created", "updated", "unchanged"]), { created: 0, updated: 1, unchanged: 24_999 });
    const role = await tp.p.db.system.selectFrom("assets").select("role").where("org_id", "=", org).where("hostname", "=", "h00007.corp").executeTakeFirstOrThrow();
    assert.equal(role.role, "db");
    assert.equal((await importBatches(org)).length, 26);
  });
});

describe("incident links and vendors", () => {
  let assetId: string;
  let vendor: Session;

  before(async () => {
    const r = await call(admin, "POST", `${orgId}/assets`, { hostname: "linked01", holdsPersonalData: true, internetFacing: true });
    assetId = (r.json() as { asset: Asset }).asset.id;
    await call(admin, "POST", `${orgId}/assets`, { hostname: "unlinked01" });
    vendor = await signedIn(tp.p, app, vendorId, "vendor-responder");
  });

  test("link, change and unlink, each with its audit row", async () => {
    const link = await call(admin, "POST", `${orgId}/incidents/${incidentId}/assets`, { assetId, compromise: "suspected", note: "不審な通信" });
    assert.equal(link.statusCode, 201, link.body);
    const again = await call(admin, "POST", `${orgId}/incidents/${incidentId}/assets`, { assetId, compromise: "suspected" });
    assert.equal(again.statusCode, 409);
    const patch = await call(admin, "PATCH", `${orgId}/incidents/${incidentId}/assets/${assetId}`, { compromise: "confirmed" });
    assert.equal((patch.json() as { link: { compromise: string } }).link.compromise, "confirmed");
    const audit = await tp.p.db.system.selectFrom("audit_events").select(["action", "after"]).where("org_id", "=", orgId).where("object_type", "=", "incident_asset").orderBy("seq").execute();
    assert.deepEqual(audit.map((a) => a.action), ["incident_asset.link", "incident_asset.update"]);
    assert.equal(JSON.stringify(audit).includes("不審な通信"), false, "notes stay out of the audit log");
    const bad = await call(admin, "POST", `${orgId}/incidents/${incidentId}/assets`, { assetId, compromise: "pwned" });
    assert.equal((bad.json() as ErrorBody).error.field, "body.compromise");
    const del = await call(admin, "DELETE", `${orgId}/assets/${assetId}`);
    assert.equal(del.statusCode, 409, "a linked asset cannot be deleted");
  });

  test("a vendor with a grant reads the linked assets, edits links under write, never the inventory", async () => {
    const noGrant = await call(vendor, "GET", `${vendorId}/incidents/${incidentId}/assets`);
    assert.equal(noGrant.statusCode, 404);
    await call(admin, "POST", `${orgId}/grants`, { vendorOrgId: vendorId, incidentId, access: "write", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const list = await call(vendor, "GET", `${vendorId}/incidents/${incidentId}/assets`);
    assert.equal(list.statusCode, 200, list.body);
    const links = (list.json() as { links: Array<{ asset: Asset; policies: { update: boolean; delete: boolean } }> }).links;
    assert.deepEqual(links.map((l) => l.asset.hostname), ["linked01"]);
    assert.deepEqual(links[0]?.asset.segmentation.reasons, ["internet_facing"]);
    assert.deepEqual([links[0]?.asset.policies.update, links[0]?.policies.update, links[0]?.policies.delete], [false, true, false]);
    const patch = await call(vendor, "PATCH", `${vendorId}/incidents/${incidentId}/assets/${assetId}`, { compromise: "cleared" });
    assert.equal(patch.statusCode, 200, patch.body);
    const [row] = await auditOf("incident_asset.update", assetId).then((r) => r.slice(-1));
    assert.equal(row?.actor_org_id, vendorId, "the vendor's change is in the company's chain");
    assert.equal((await call(vendor, "DELETE", `${vendorId}/incidents/${incidentId}/assets/${assetId}`)).statusCode, 403);
    assert.equal((await call(vendor, "GET", `${vendorId}/assets`)).statusCode, 403);
    assert.equal((await call(vendor, "POST", `${vendorId}/assets`, { hostname: "v01" })).statusCode, 403);
    assert.equal((await call(vendor, "PATCH", `${vendorId}/assets/${assetId}`, { role: "x" })).statusCode, 403);
    assert.equal((await call(vendor, "POST", `${vendorId}/assets/import`, { csv: "hostname\nv01\n" })).statusCode, 403);
  });

  test("unlink by the owner", async () => {
    const r = await call(admin, "DELETE", `${orgId}/incidents/${incidentId}/assets/${assetId}`);
    assert.equal(r.statusCode, 204);
    assert.equal((await auditOf("incident_asset.unlink", assetId)).length, 1);
    assert.equal((await call(admin, "DELETE", `${orgId}/incidents/${incidentId}/assets/${assetId}`)).statusCode, 404);
  });

  test("an asset of another company cannot be linked", async () => {
    const other = await makeOrg(tp.p, "company", "Other Co");
    const otherAdmin = await signedIn(tp.p, app, other.id, "org-admin");
    const r = await call(otherAdmin, "POST", `${other.id}/assets`, { hostname: "foreign01" });
    const foreignId = (r.json() as { asset: Asset }).asset.id;
    const link = await call(admin, "POST", `${orgId}/incidents/${incidentId}/assets`, { assetId: foreignId, compromise: "suspected" });
    assert.equal(link.statusCode, 404);
    assert.equal((link.json() as ErrorBody).error.field, "body.assetId");
  });
});
