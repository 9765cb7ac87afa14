/**
 * The affected-person registry on a real PostgreSQL: `sokuho scan --import` loads one row per unique person
 * (contact encrypted, identifiers as HMAC) through COPY, resumes after a crash without duplicates, refuses to
 * load the same input twice; the API shows counts and answers the call-centre look-up.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { generateFile, type GroundTruth } from "../../src/engines/scan/generate.js";
import { importRegistry, ImportError } from "../../src/capabilities/affected/import.js";
import { decrypt } from "../../src/platform/crypto/keys.js";
import { unpackContact } from "../../src/capabilities/affected/domain.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let responder: Session;
let incidentId: string;
let base: string;
let truth: GroundTruth;
const dir = mkdtempSync(join(tmpdir(), "sokuho-affected-"));
const file = join(dir, "leak.csv");
const scan = { referenceDate: 20160614, threads: 1 };

const call = (s: Session, method: "GET" | "POST", url: string, payload?: object) =>
  app.inject({ method, url, headers: { ...s.headers, "accept-language": "en" }, ...(payload ? { payload } : {}) });
const count = async (table: "affected_people" | "affected_identifiers"): Promise<number> =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE incident_id = ${incidentId}`.execute(tp.p.db.system)).rows[0]!.n);

before(async () => {
  truth = await generateFile(file, { records: 12_000, people: 10_300, passports: 60, validPassports: 30, referenceDate: 20160614, newlineEvery: 211 });
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company", "Registry Travel")).id;
  responder = await signedIn(tp.p, app, orgId, "responder");
  const inc = await call(responder, "POST", `/api/v1/orgs/${orgId}/incidents`, { title: "顧客データ流出" });
  incidentId = (inc.json() as { incident: { id: string } }).incident.id;
  base = `/api/v1/orgs/${orgId}/incidents/${incidentId}/affected`;
});
after(async () => {
  await app.close();
  await tp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("registry import", () => {
  test("a crash after two batches keeps exactly those batches; the same command resumes without duplicates", async () => {
    await assert.rejects(importRegistry(tp.p, { incidentId, files: [file], scan, threads: 2, batchSize: 2_500, crashAfterBatches: 2 }), /simulated crash/);
    assert.equal(await count("affected_people"), 5_000);
    const failed = await tp.p.db.system.selectFrom("affected_imports").selectAll().where("incident_id", "=", incidentId).executeTakeFirstOrThrow();
    assert.equal(failed.status, "failed");
    assert.equal(failed.people_done, "5000");

    const r = await importRegistry(tp.p, { incidentId, files: [file], scan, threads: 2, batchSize: 2_500 });
    assert.equal(r.status, "done");
    assert.equal(r.resumedFrom, 5_000);
    assert.equal(r.people, truth.people);
    assert.equal(r.copied.people, truth.people - 5_000);
    assert.equal(r.scan?.people.count, truth.people);
    assert.equal(await count("affected_people"), truth.people, "one row per unique person");
    assert.equal(await count("affected_identifiers"), r.identifiers);
    const dupes = await sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT hmac FROM affected_identifiers WHERE incident_id = ${incidentId} GROUP BY hmac HAVING count(DISTINCT person_no) > 1) d`.execute(tp.p.db.system);
    assert.equal(dupes.rows[0]!.n, "0", "no identifier belongs to two people");
    const rec = await sql<{ n: string }>`SELECT sum(records) AS n FROM affected_people WHERE incident_id = ${incidentId}`.execute(tp.p.db.system);
    assert.equal(Number(rec.rows[0]!.n), truth.records, "every record belongs to one person");

    const audit = await tp.p.db.system.selectFrom("audit_events").selectAll().where("org_id", "=", orgId).where("action", "=", "affected.import").execute();
    assert.equal(audit.length, 1);
    const timeline = await tp.p.db.system.selectFrom("timeline_events").select("text").where("incident_id", "=", incidentId).execute();
    assert.ok(timeline.some((t) => t.text.includes(truth.people.toLocaleString("en-US"))));
  });

  test("the same input again adds nothing", async () => {
    const r = await importRegistry(tp.p, { incidentId, files: [file], scan, threads: 0 });
    assert.equal(r.status, "already-done");
    assert.equal(r.people, truth.people);
    assert.equal(await count("affected_people"), truth.people);
  });

  test("contact details are encrypted at rest and identifiers are HMAC", async () => {
    const rows = await tp.p.db.system.selectFrom("affected_people").select(["contact", "items"]).where("incident_id", "=", incidentId).limit(50).execute();
    let withEmail = 0;
    for (const row of rows) {
      const contact = unpackContact(decrypt(tp.p.keys.encryption, row.contact));
      if (contact.email) {
        withEmail++;
        assert.ok(!row.contact.includes(Buffer.from(contact.email)), "the e-mail is not in the stored bytes");
      }
      assert.ok(row.items > 0);
    }
    assert.ok(withEmail > 0);
    const ids = await tp.p.db.system.selectFrom("affected_identifiers").select(["kind", "hmac"]).where("incident_id", "=", incidentId).limit(5).execute();
    for (const id of ids) assert.equal(id.hmac.length, 32);
  });

  test("--as must name a writer of the incident's organisation", async () => {
    const viewer = await makeMember(tp.p, orgId, "viewer");
    await assert.rejects(importRegistry(tp.p, { incidentId, files: [file], scan, actorEmail: viewer.email }), (e: unknown) => e instanceof ImportError && e.code === "actor_not_allowed");
    await assert.rejects(importRegistry(tp.p, { incidentId: "00000000-0000-4000-8000-000000000000", files: [file], scan }), (e: unknown) => e instanceof ImportError && e.code === "incident_not_found");
    await assert.rejects(importRegistry(tp.p, { incidentId, files: [join(dir, "missing.csv")], scan }), (e: unknown) => e instanceof ImportError && e.code === "file_unreadable");
  });
});

describe("registry API", () => {
  test("the summary shows people, progress and item counts, and no personal data", async () => {
    const res = await call(responder, "GET", base);
    assert.equal(res.statusCode, 200);
    const body = res.json() as { people: number; imports: Array<{ status: string; peopleDone: number; peopleTotal: number; itemCounts: Record<string, number>; files: { name: string }[]; scan: { records: number } }>; policies: { lookup: boolean } };
    assert.equal(body.people, truth.people);
    assert.equal(body.imports[0]!.status, "done");
    assert.equal(body.imports[0]!.peopleTotal, truth.people);
    assert.equal(body.imports[0]!.scan.records, truth.records);
    assert.deepEqual(body.imports[0]!.files.map((f) => f.name), ["leak.csv"]);
    assert.ok((body.imports[0]!.itemCounts.email ?? 0) > 0 && (body.imports[0]!.itemCounts.passport_number ?? 0) > 0);
    assert.equal(body.policies.lookup, true);
    assert.ok(!res.body.includes("@example"), "no e-mail in the summary");
  });

  test("look-up by e-mail as a caller types it finds the person, names the items, masks the contact and audits without the value", async () => {
    const row = await tp.p.db.system.selectFrom("affected_people").select(["contact", "person_no"]).where("incident_id", "=", incidentId).where("records", ">", 1).limit(20).execute();
    const person = row.map((r) => ({ no: Number(r.person_no), c: unpackContact(decrypt(tp.p.keys.encryption, r.contact)) })).find((x) => x.c.email)!;
    const res = await call(responder, "POST", `${base}/lookup`, { email: `  ${person.c.email!.toUpperCase()} ` });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { people: Array<{ personNo: number; items: string[]; matchedBy: string[]; contact: Record<string, string> }> };
    assert.equal(body.people.length, 1);
    assert.equal(body.people[0]!.personNo, person.no);
    assert.ok(body.people[0]!.items.includes("email"));
    assert.deepEqual(body.people[0]!.matchedBy, ["email"]);
    assert.match(body.people[0]!.contact.email!, /^\*{4}@/);
    assert.ok(!res.body.includes(person.c.email!));
    const audit = await tp.p.db.system.selectFrom("audit_events").selectAll().where("org_id", "=", orgId).where("action", "=", "affected.lookup").execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]).includes(person.c.email!.split("@")[0]!), "the audit row holds no value");

    const miss = await call(responder, "POST", `${base}/lookup`, { email: "nobody-here@example.org" });
    assert.deepEqual((miss.json() as { people: unknown[] }).people, []);
    const bad = await call(responder, "POST", `${base}/lookup`, { phone: "090-1234-5678" });
    assert.equal(bad.statusCode, 400, "a phone needs a birth date");
  });

  test("viewers see the counts but may not look people up; other organisations see nothing", async () => {
    const viewer = await signedIn(tp.p, app, orgId, "viewer");
    const sum = await call(viewer, "GET", base);
    assert.equal(sum.statusCode, 200);
    assert.equal((sum.json() as { policies: { lookup: boolean } }).policies.lookup, false);
    assert.equal((await call(viewer, "POST", `${base}/lookup`, { email: "a@example.jp" })).statusCode, 403);
    const otherOrg = (await makeOrg(tp.p, "company", "Other Travel")).id;
    const stranger = await signedIn(tp.p, app, otherOrg, "org-admin");
    assert.equal((await call(stranger, "GET", `/api/v1/orgs/${otherOrg}/incidents/${incidentId}/affected`)).statusCode, 404);
  });
});
