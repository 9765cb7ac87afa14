/**
 * Evidence files leave storage with their rows: deleting an incident deletes its blobs after the commit; the sweep
 * (daily, and when a worker starts) removes orphaned blobs and the temporary files of interrupted uploads.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { newBlobKey } from "../../src/platform/storage/index.js";
import { EVIDENCE_SWEEP_JOB, sweepEvidenceStorage } from "../../src/capabilities/evidence/sweep.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let admin: Session;
const dayAgo = new Date(Date.now() - 86_400_000);
let staleAtStart: string;
let incidents: Record<"doomed" | "kept" | "stays" | "sweep", string>;

before(async () => {
  tp = await testPlatform({
    jobs: true,
    // An upload interrupted before this process started: the sweep sent at start removes it.
    beforeStart: (p) => {
      const tmp = join(p.config.evidenceDir, ".tmp");
      mkdirSync(tmp, { recursive: true });
      staleAtStart = join(tmp, "interrupted.part");
      writeFileSync(staleAtStart, "half an upload");
      utimesSync(staleAtStart, dayAgo, dayAgo);
    },
  });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  admin = await signedIn(tp.p, app, orgId, "org-admin");
  // Created up front: deleting an incident that is not the newest breaks numbering until issue 8 item 1 is merged.
  incidents = { kept: await newIncident("kept"), stays: await newIncident("stays"), sweep: await newIncident("sweep"), doomed: await newIncident("to be deleted") };
});
after(async () => {
  await app.close();
  await tp.close();
});

const blobFile = (key: string) => join(tp.config.evidenceDir, key.slice(0, 2), key);
const upload = async (incidentId: string, name: string) => {
  const fd = new FormData();
  fd.append("file", new Blob([Buffer.from(`evidence ${name}`)]), name);
  const req = new Request("http://sokuho.test/", { method: "POST", body: fd });
  const res = await app.inject({
    method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${incidentId}/evidence`,
    headers: { ...admin.headers, "content-type": req.headers.get("content-type") ?? "" }, payload: Buffer.from(await req.arrayBuffer()),
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = (res.json() as { evidence: { id: string } }).evidence.id;
  return (await tp.p.db.system.selectFrom("evidence").select("storage_key").where("id", "=", id).executeTakeFirstOrThrow()).storage_key;
};
const newIncident = async (title: string) =>
  ((await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: admin.headers, payload: { title } })).json() as { incident: { id: string } }).incident.id;

test("the temporary file of an upload interrupted before the start is swept when the worker starts", async () => {
  await tp.p.jobs.drain([EVIDENCE_SWEEP_JOB]);
  assert.equal(existsSync(staleAtStart), false);
});

test("deleting an incident deletes its evidence files, and only its own", async () => {
  const { doomed, kept } = incidents;
  const keys = [await upload(doomed, "a.bin"), await upload(doomed, "b.bin")];
  const other = await upload(kept, "c.bin");
  assert.ok(keys.every((k) => existsSync(blobFile(k))));
  const del = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${orgId}/incidents/${doomed}`, headers: admin.headers });
  assert.equal(del.statusCode, 204, del.body);
  assert.deepEqual(keys.map((k) => existsSync(blobFile(k))), [false, false]);
  assert.equal(existsSync(blobFile(other)), true);
});

test("a failed deletion leaves the files (nothing committed)", async () => {
  const inc = incidents.stays;
  const key = await upload(inc, "d.bin");
  const viewer = await signedIn(tp.p, app, orgId, "viewer");
  const del = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${orgId}/incidents/${inc}`, headers: viewer.headers });
  assert.equal(del.statusCode, 403);
  assert.equal(existsSync(blobFile(key)), true);
});

test("the sweep removes old orphaned blobs, keeps referenced and young ones", async () => {
  const inc = incidents.sweep;
  const referenced = await upload(inc, "e.bin");
  utimesSync(blobFile(referenced), dayAgo, dayAgo);
  const orphan = newBlobKey();
  await tp.p.storage.put(orphan, Readable.from([Buffer.from("no row points here")]), { maxBytes: 100 });
  utimesSync(blobFile(orphan), dayAgo, dayAgo);
  const young = newBlobKey();
  await tp.p.storage.put(young, Readable.from([Buffer.from("an upload whose row is about to commit")]), { maxBytes: 100 });
  const r = await sweepEvidenceStorage(tp.p);
  assert.equal(r.orphans, 1);
  assert.deepEqual([existsSync(blobFile(orphan)), existsSync(blobFile(referenced)), existsSync(blobFile(young))], [false, true, true]);
});
