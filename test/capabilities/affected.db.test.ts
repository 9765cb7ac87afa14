/**
 * The affected-person registry on a real PostgreSQL: `sokuho scan --import` loads one row per unique person
 * (contact encrypted, identifiers as HMAC) through COPY, resumes after a crash without duplicates, refuses to
 * load the same input twice; the API shows counts and answers the call-centre look-up.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { generateFile, type GroundTruth } from "../../src/engines/scan/generate.js";
import { writeZip } from "../../src/engines/common/zip-writer.js";
import { importRegistry, ImportError } from "../../src/capabilities/affected/import.js";
import { decrypt } from "../../src/platform/crypto/keys.js";
import { identifierPartition, unpackContact } from "../../src/capabilities/affected/domain.js";

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

const call = (s: Session, method: "GET" | "POST" | "DELETE", url: string, payload?: object) =>
  app.inject({ method, url, headers: { ...s.headers, "accept-language": "en" }, ...(payload ? { payload } : {}) });
const peopleOf = async (importId: string): Promise<number> =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM affected_people WHERE import_id = ${importId}`.execute(tp.p.db.system)).rows[0]!.n);
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

  test("a look-up by HMAC reads the import's index, not the whole partition; the index is a B-tree", async () => {
    const ids = await tp.p.db.system.selectFrom("affected_identifiers").select(["hmac"]).where("incident_id", "=", incidentId).limit(3).execute();
    const plan = await tp.p.db.system.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const r = await sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT person_no FROM affected_identifiers WHERE incident_id = ${incidentId} AND hmac = ANY(${ids.map((i) => i.hmac)})`.execute(trx);
      return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
    });
    assert.match(plan, /(Index Scan using|Bitmap Index Scan on) affected_identifiers_[0-9a-f]{32}_hmac/);
    const imports = await tp.p.db.system.selectFrom("affected_imports").select(["id"]).where("incident_id", "=", incidentId).execute();
    assert.ok(imports.length > 0);
    for (const { id } of imports) {
      const def = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE indexname = ${`${identifierPartition(id)}_hmac`}`.execute(tp.p.db.system);
      assert.match(def.rows[0]?.indexdef ?? "", /USING btree \(hmac\)/);
    }
  });

  test("--as must name a writer of the incident's organisation", async () => {
    const viewer = await makeMember(tp.p, orgId, "viewer");
    await assert.rejects(importRegistry(tp.p, { incidentId, files: [file], scan, actorEmail: viewer.email }), (e: unknown) => e instanceof ImportError && e.code === "actor_not_allowed");
    await assert.rejects(importRegistry(tp.p, { incidentId: "00000000-0000-4000-8000-000000000000", files: [file], scan }), (e: unknown) => e instanceof ImportError && e.code === "incident_not_found");
    await assert.rejects(importRegistry(tp.p, { incidentId, files: [join(dir, "missing.csv")], scan }), (e: unknown) => e instanceof ImportError && e.code === "file_unreadable");
    // an archive: the scan reads it, the import (two passes, resumable) asks for its files
    const zip = join(dir, "leak.zip");
    writeFileSync(zip, writeZip([{ name: "leak.csv", data: readFileSync(file) }]));
    await assert.rejects(importRegistry(tp.p, { incidentId, files: [file, zip], scan }), (e: unknown) => e instanceof ImportError && e.code === "archive" && /file 2 is a zip archive/.test(e.message) && /展開/.test(e.ja));
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

describe("imports of one incident: merging, deletion, files that changed", () => {
  const mdir = mkdtempSync(join(tmpdir(), "sokuho-affected-merge-"));
  let full: GroundTruth;
  let header = "";
  let lines: string[] = [];
  let incident2: string;
  let base2: string;
  const part = (name: string, from: number, to: number): string => {
    const f = join(mdir, name);
    writeFileSync(f, [header, ...lines.slice(from, to)].join("\n") + "\n");
    return f;
  };
  const newIncident = async (title: string): Promise<string> =>
    ((await call(responder, "POST", `/api/v1/orgs/${orgId}/incidents`, { title })).json() as { incident: { id: string } }).incident.id;
  const emailsOf = async (importId: string, limit: number): Promise<{ no: number; email: string }[]> =>
    (await tp.p.db.system.selectFrom("affected_people").select(["contact", "person_no"]).where("import_id", "=", importId).orderBy("person_no").limit(limit).execute())
      .map((r) => ({ no: Number(r.person_no), email: unpackContact(decrypt(tp.p.keys.encryption, r.contact)).email ?? "" }))
      .filter((x) => x.email !== "");

  before(async () => {
    const src = join(mdir, "all.csv");
    full = await generateFile(src, { records: 3_000, people: 2_600, passports: 20, validPassports: 10, referenceDate: 20160614 });
    [header = "", ...lines] = readFileSync(src, "utf8").split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 3_000, "one record a line");
    incident2 = await newIncident("二つのファイル");
    base2 = `/api/v1/orgs/${orgId}/incidents/${incident2}/affected`;
  });
  after(() => rmSync(mdir, { recursive: true, force: true }));

  test("two overlapping files imported at the same time: the union counted once, one person with both provenances", async () => {
    const a = part("part-a.csv", 0, 2_000);
    const b = part("part-b.csv", 1_000, 3_000);
    const [ra, rb] = await Promise.all([
      importRegistry(tp.p, { incidentId: incident2, files: [a], scan, threads: 1, batchSize: 400 }),
      importRegistry(tp.p, { incidentId: incident2, files: [b], scan, threads: 1, batchSize: 400 }),
    ]);
    assert.equal(ra.status, "done");
    assert.equal(rb.status, "done");
    const res = await call(responder, "GET", base2);
    const body = res.json() as { people: number; merged: number; imports: { id: string; merged: number }[] };
    assert.equal(body.people, full.people, "the union of the two files, each person once");
    assert.equal(body.merged, ra.people + rb.people - full.people);
    assert.ok(body.merged > 500, "the 1,000 shared records are merged");
    assert.equal(ra.merged + rb.merged, body.merged, "the import that finished second merged against the first");

    // a person of the overlap: found once, with both imports as sources
    const second = ra.merged > 0 ? ra : rb;
    const firstId = second === ra ? rb.importId : ra.importId;
    const mergedNos = new Set((await tp.p.db.system.selectFrom("affected_person_merges").select("person_no").where("import_id", "=", second.importId).execute()).map((m) => Number(m.person_no)));
    const person = (await emailsOf(second.importId, 5_000)).find((x) => mergedNos.has(x.no));
    assert.ok(person, "a merged person with an e-mail");
    const found = await call(responder, "POST", `${base2}/lookup`, { email: person.email });
    const people = (found.json() as { people: { importId: string; sources: { importId: string; file: string }[] }[] }).people;
    assert.equal(people.length, 1, "one person, not one per import");
    assert.equal(people[0]!.importId, firstId, "the canonical person is the one of the import that finished first");
    assert.deepEqual(new Set(people[0]!.sources.map((s) => s.importId)), new Set([ra.importId, rb.importId]));
    assert.deepEqual(new Set(people[0]!.sources.map((s) => s.file)), new Set(["part-a.csv", "part-b.csv"]));
    // the same check without relying on the e-mail column: every merge points at a person of the other import
    const wrong = await sql<{ n: string }>`SELECT count(*) AS n FROM affected_person_merges WHERE incident_id = ${incident2} AND (canon_import = import_id OR NOT EXISTS (SELECT 1 FROM affected_people p WHERE p.import_id = canon_import AND p.person_no = canon_no))`.execute(tp.p.db.system);
    assert.equal(wrong.rows[0]!.n, "0");
  });

  test("deleting an import removes its people and identifiers only; the people merged into it stay, with their own source; audited", async () => {
    const before = (await call(responder, "GET", base2)).json() as { imports: { id: string; peopleDone: number }[] };
    const [newer, older] = before.imports; // newest first
    // delete the older one: the newer import's merged people become canonical again
    const viewer = await signedIn(tp.p, app, orgId, "viewer");
    assert.equal((await call(viewer, "DELETE", `${base2}/imports/${older!.id}`)).statusCode, 403, "viewers may not delete");
    assert.equal((await call(responder, "DELETE", `${base}/imports/${older!.id}`)).statusCode, 404, "an import of another incident");
    const del = await app.inject({ method: "DELETE", url: `${base2}/imports/${older!.id}`, headers: { ...responder.headers, "accept-language": "en" } });
    assert.equal(del.statusCode, 200, del.body);
    assert.deepEqual(del.json(), { deleted: older!.id, people: newer!.peopleDone, merged: 0 });
    const left = await sql<{ p: string; k: string; m: string }>`SELECT (SELECT count(*) FROM affected_people WHERE import_id = ${older!.id}) AS p, (SELECT count(*) FROM affected_identifiers WHERE import_id = ${older!.id}) AS k, (SELECT count(*) FROM affected_person_merges WHERE incident_id = ${incident2}) AS m`.execute(tp.p.db.system);
    assert.deepEqual(left.rows[0], { p: "0", k: "0", m: "0" });
    const kept = await sql<{ n: string }>`SELECT count(*) AS n FROM affected_people WHERE import_id = ${newer!.id}`.execute(tp.p.db.system);
    assert.equal(Number(kept.rows[0]!.n), newer!.peopleDone, "the other import keeps all its people");
    const sum = (await call(responder, "GET", base2)).json() as { people: number; merged: number };
    assert.deepEqual([sum.people, sum.merged], [newer!.peopleDone, 0]);
    const [someone] = await emailsOf(newer!.id, 50);
    const found = (await call(responder, "POST", `${base2}/lookup`, { email: someone!.email })).json() as { people: { importId: string; sources: unknown[] }[] };
    assert.equal(found.people.length, 1);
    assert.equal(found.people[0]!.importId, newer!.id);
    assert.equal(found.people[0]!.sources.length, 1);
    const audit = await tp.p.db.system.selectFrom("audit_events").selectAll().where("org_id", "=", orgId).where("action", "=", "affected.import.delete").execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.object_id, older!.id);
  });

  test("an interrupted import whose file changed is set aside: out of counts and look-ups, a new import loads the new file", async () => {
    const incident3 = await newIncident("変更されたファイル");
    const base3 = `/api/v1/orgs/${orgId}/incidents/${incident3}/affected`;
    const f = part("changing.csv", 0, 2_000);
    await assert.rejects(importRegistry(tp.p, { incidentId: incident3, files: [f], scan, threads: 0, batchSize: 300, crashAfterBatches: 2 }), /simulated crash/);
    const [old] = await tp.p.db.system.selectFrom("affected_imports").select(["id", "status"]).where("incident_id", "=", incident3).execute();
    assert.equal(old!.status, "failed");
    const oldPeople = await emailsOf(old!.id, 600);
    part("changing.csv", 1_500, 3_000); // the same name, other content
    const r = await importRegistry(tp.p, { incidentId: incident3, files: [f], scan, threads: 0, batchSize: 300 });
    assert.equal(r.resumedFrom, 0, "not resumed from the other file's cursor");
    assert.deepEqual(r.staleMarked, [old!.id]);
    const sum = (await call(responder, "GET", base3)).json() as { people: number; imports: { id: string; status: string }[] };
    assert.equal(sum.imports.find((i) => i.id === old!.id)!.status, "stale");
    assert.equal(sum.people, r.people, "only the new import counts");
    // someone of the old file whose e-mail (as its HMAC) is not in the new import
    const only = await sql<{ person_no: string }>`SELECT o.person_no FROM affected_identifiers o WHERE o.import_id = ${old!.id} AND o.kind = 'email'
      AND NOT EXISTS (SELECT 1 FROM affected_identifiers n WHERE n.import_id = ${r.importId} AND n.hmac = o.hmac) ORDER BY o.person_no`.execute(tp.p.db.system);
    const onlyOld = new Set(only.rows.map((x) => Number(x.person_no)));
    const gone = oldPeople.find((x) => onlyOld.has(x.no));
    assert.ok(gone, "someone of the old file is not in the new one");
    const miss = (await call(responder, "POST", `${base3}/lookup`, { email: gone.email })).json() as { people: unknown[] };
    assert.deepEqual(miss.people, [], "a stale import is not looked up");
    const audit = await tp.p.db.system.selectFrom("audit_events").select("object_id").where("action", "=", "affected.import.stale").execute();
    assert.ok(audit.some((a) => a.object_id === old!.id));
    // the stale import can still be deleted
    assert.equal((await call(responder, "DELETE", `${base3}/imports/${old!.id}`)).statusCode, 200);
  });

  test("an import whose importer holds its lock is not deleted (busy), nor run twice; once released it is", async () => {
    const incident4 = await newIncident("実行中");
    const f = part("running.csv", 0, 1_500);
    await assert.rejects(importRegistry(tp.p, { incidentId: incident4, files: [f], scan, threads: 0, batchSize: 300, crashAfterBatches: 1 }), /simulated crash/);
    const imp = await tp.p.db.system.selectFrom("affected_imports").select(["id", "fingerprint"]).where("incident_id", "=", incident4).executeTakeFirstOrThrow();
    // another process loading it: the importer's session lock on (incident, fingerprint)
    const other = new pg.Client({ connectionString: tp.p.db.ownerUrl });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [`sokuho.affected:${incident4}:${imp.fingerprint}`]);
      const url = `/api/v1/orgs/${orgId}/incidents/${incident4}/affected/imports/${imp.id}`;
      assert.equal((await call(responder, "DELETE", url)).statusCode, 409);
      await assert.rejects(importRegistry(tp.p, { incidentId: incident4, files: [f], scan, threads: 0 }), (e: unknown) => e instanceof ImportError && e.code === "busy");
      assert.equal(await peopleOf(imp.id), 300, "nothing deleted, nothing added");
      await other.query("SELECT pg_advisory_unlock_all()");
      assert.equal((await call(responder, "DELETE", url)).statusCode, 200);
      assert.equal(await peopleOf(imp.id), 0);
    } finally {
      await other.end();
    }
  });

  test("kill -9 in the middle of an import: whole batches stay, the same command resumes, counts exact, nothing twice", async () => {
    const incident5 = await newIncident("kill -9");
    const f = part("killed.csv", 0, 3_000);
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/affected-import-child.ts", tp.databaseUrl, incident5, f, "900"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
    assert.equal(signal, "SIGKILL", `the child was killed, not ended (code ${code}): ${stderr.slice(0, 500)}`);
    const left = await tp.p.db.system.selectFrom("affected_imports").select(["id", "status", "people_done", "identifiers_done"]).where("incident_id", "=", incident5).executeTakeFirstOrThrow();
    assert.equal(left.status, "running", "a killed process could not mark its import");
    const cursor = Number(left.people_done);
    assert.ok(cursor >= 900 && cursor % 300 === 0 && cursor < full.people, `whole batches only (${cursor})`);
    assert.equal(await peopleOf(left.id), cursor, "the rows are exactly what the cursor says");

    // PostgreSQL ends the killed process's sessions (and their import lock) only once it notices the closed
    // sockets: on a loaded machine that can be after the exit. The resume would then rightly say "busy".
    const fingerprint = (await tp.p.db.system.selectFrom("affected_imports").select("fingerprint").where("id", "=", left.id).executeTakeFirstOrThrow()).fingerprint;
    const probe = new pg.Client({ connectionString: tp.p.db.ownerUrl });
    await probe.connect();
    try {
      const key = `sokuho.affected:${incident5}:${fingerprint}`;
      const deadline = Date.now() + 60_000;
      while (!(await probe.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [key])).rows[0]!.ok) {
        assert.ok(Date.now() < deadline, "the killed importer's lock was never released");
        await new Promise((res) => setTimeout(res, 50));
      }
      await probe.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
    } finally {
      await probe.end();
    }
    const r = await importRegistry(tp.p, { incidentId: incident5, files: [f], scan, threads: 1, batchSize: 300 });
    assert.equal(r.importId, left.id, "the same import, resumed");
    assert.equal(r.resumedFrom, cursor);
    assert.equal(r.people, full.people);
    assert.equal(await peopleOf(left.id), full.people, "one row per person");
    const ids = await sql<{ n: string; d: string }>`SELECT count(*) AS n, count(DISTINCT (person_no, kind, hmac)) AS d FROM affected_identifiers WHERE import_id = ${left.id}`.execute(tp.p.db.system);
    assert.equal(ids.rows[0]!.n, ids.rows[0]!.d, "no identifier twice");
    assert.equal(Number(ids.rows[0]!.n), r.identifiers);
    const rec = await sql<{ n: string }>`SELECT sum(records) AS n FROM affected_people WHERE import_id = ${left.id}`.execute(tp.p.db.system);
    assert.equal(Number(rec.rows[0]!.n), full.records);
  });
});
