/**
 * Evidence end to end through the API: streamed multipart uploads hashed on the way, the chain of custody
 * (uploaded → downloaded → verified), audit rows, the size limit with nothing left behind, vendors under
 * grants, other companies, and tampering caught by verification.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

const MiB = 1024 * 1024;
const LIMIT = 6 * MiB;

let tp: TestPlatform;
let app: Api;
let orgId: string;
let incidentId: string;
let responder: Session;
let viewer: Session;

type Evidence = { id: string; filename: string; contentType: string; size: number; sha256: string; description: string; uploadedBy: { userId: string | null; name: string | null; org: { id: string } | null }; policies: Record<string, boolean> };
type Custody = { action: string; note: string; actor: { userId: string | null; org: { id: string } | null } };

/** A multipart/form-data body as a browser would send it (undici's FormData, serialised by Request). */
const form = async (file: { name: string; data: Buffer; type?: string } | null, fields: Record<string, string> = {}) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append("file", new Blob([file.data], { type: file.type ?? "application/octet-stream" }), file.name);
  const req = new Request("http://sokuho.test/", { method: "POST", body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type") ?? "" };
};
const base = (org: string, inc: string) => `/api/v1/orgs/${org}/incidents/${inc}/evidence`;
const upload = async (s: Session, file: { name: string; data: Buffer; type?: string } | null, fields: Record<string, string> = {}, org = orgId, inc = incidentId) => {
  const f = await form(file, fields);
  return app.inject({ method: "POST", url: base(org, inc), headers: { ...s.headers, "content-type": f.contentType }, payload: f.payload });
};
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const blobFiles = () => {
  const dir = tp.config.evidenceDir;
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  try {
    return walk(dir);
  } catch {
    return [];
  }
};
const blobPath = async (evidenceId: string) => {
  const r = await tp.p.db.system.selectFrom("evidence").select("storage_key").where("id", "=", evidenceId).executeTakeFirstOrThrow();
  return join(tp.config.evidenceDir, r.storage_key.slice(0, 2), r.storage_key);
};

before(async () => {
  tp = await testPlatform({ jobs: false, overrides: { evidenceMaxBytes: LIMIT } });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company", "Evidence Co")).id;
  responder = await signedIn(tp.p, app, orgId, "responder");
  viewer = await signedIn(tp.p, app, orgId, "viewer");
  const inc = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: responder.headers, payload: { title: "不審な通信" } });
  incidentId = (inc.json() as { incident: { id: string } }).incident.id;
});
after(async () => {
  await app?.close();
  await tp?.close();
});

describe("upload, download, verify", () => {
  const data = randomBytes(5 * MiB + 123);
  let ev: Evidence;

  test("a multi-megabyte upload is stored with its SHA-256, size and who", async () => {
    const res = await upload(responder, { name: "../../報告\\ログ\u202Egpj.exe", data, type: "image/jpeg" }, { description: "サーバーAのパケット" });
    assert.equal(res.statusCode, 201, res.body);
    ev = (res.json() as { evidence: Evidence }).evidence;
    assert.equal(ev.sha256, sha(data));
    assert.equal(ev.size, data.length);
    assert.equal(ev.filename, "ログgpj.exe", "directories and the direction override are gone");
    assert.equal(ev.contentType, "image/jpeg", "recorded as sent");
    assert.equal(ev.description, "サーバーAのパケット");
    assert.equal(ev.uploadedBy.userId, responder.userId);
    assert.equal(ev.uploadedBy.org?.id, orgId);
    assert.deepEqual(ev.policies, { download: true, verify: true, custody: true });
    // Stored under a random key, not the user's name or extension, readable by the owner only.
    const files = blobFiles();
    assert.equal(files.length, 1);
    assert.match(files[0]!, /\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
  });

  test("the list shows it, with the upload limit and the right to upload", async () => {
    const res = await app.inject({ method: "GET", url: base(orgId, incidentId), headers: viewer.headers });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { evidence: Evidence[]; policies: { upload: boolean }; limits: { maxBytes: number } };
    assert.deepEqual(body.evidence.map((e) => [e.id, e.sha256]), [[ev.id, sha(data)]]);
    assert.equal(body.policies.upload, false, "a viewer may not upload");
    assert.equal(body.limits.maxBytes, LIMIT);
  });

  test("download streams the same bytes as an attachment, never to be rendered", async () => {
    const res = await app.inject({ method: "GET", url: `${base(orgId, incidentId)}/${ev.id}/download`, headers: viewer.headers });
    assert.equal(res.statusCode, 200);
    assert.equal(sha(res.rawPayload), sha(data));
    assert.equal(res.headers["content-type"], "application/octet-stream");
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["content-disposition"], `attachment; filename="__gpj.exe"; filename*=UTF-8''${encodeURIComponent("ログgpj.exe")}`);
  });

  test("the file at rest is sealed: a format marker and none of the uploaded bytes", async () => {
    const raw = readFileSync(await blobPath(ev.id));
    assert.equal(raw.subarray(0, 8).toString("latin1"), "\x89SKHEV\r\n");
    assert.equal(raw.includes(data.subarray(1000, 1032)), false);
    assert.ok(raw.length > data.length, "header and a tag per chunk");
  });

  test("verify hashes the stored file again and records a match", async () => {
    const res = await app.inject({ method: "POST", url: `${base(orgId, incidentId)}/${ev.id}/verify`, headers: responder.headers });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { result: { status: string; sha256: string }; custody: Custody[] };
    assert.equal(body.result.status, "match");
    assert.equal(body.result.sha256, sha(data));
  });

  test("a transfer is recorded; the custody log reads uploaded → downloaded → verified → transferred", async () => {
    const t = await app.inject({ method: "POST", url: `${base(orgId, incidentId)}/${ev.id}/custody`, headers: responder.headers, payload: { action: "transferred", note: "USBで警察へ提出" } });
    assert.equal(t.statusCode, 201, t.body);
    const res = await app.inject({ method: "GET", url: `${base(orgId, incidentId)}/${ev.id}`, headers: viewer.headers });
    const body = res.json() as { evidence: Evidence; custody: Custody[] };
    assert.deepEqual(body.custody.map((c) => c.action), ["uploaded", "downloaded", "verified", "transferred"]);
    assert.equal(body.custody[1]!.actor.userId, viewer.userId);
    assert.match(body.custody[2]!.note, /^match: sha256 [0-9a-f]{64}/);
    assert.equal(body.custody[3]!.note, "USBで警察へ提出");
  });

  test("each step has its audit row, without the filename", async () => {
    const rows = await tp.p.db.system.selectFrom("audit_events").select(["action", "actor_user_id", "after"]).where("org_id", "=", orgId).where("object_id", "=", ev.id).orderBy("seq").execute();
    assert.deepEqual(rows.map((r) => r.action), ["evidence.upload", "evidence.download", "evidence.verify", "evidence.custody"]);
    assert.equal(rows[1]!.actor_user_id, viewer.userId);
    assert.ok(!JSON.stringify(rows.map((r) => r.after)).includes("gpj"), "filenames may name people: not in the audit log");
    const verified = await tp.p.audit.verify(tp.p.db.system, orgId);
    assert.deepEqual(verified.problems, []);
  });

  test("tampering with the stored file makes verify report a mismatch, and the log keeps it", async () => {
    const path = await blobPath(ev.id);
    const raw = readFileSync(path);
    raw[200_000]! ^= 1;
    writeFileSync(path, raw);
    const res = await app.inject({ method: "POST", url: `${base(orgId, incidentId)}/${ev.id}/verify`, headers: responder.headers });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { result: { status: string; sha256: string; recorded: { sha256: string } }; custody: Custody[] };
    assert.equal(body.result.status, "mismatch");
    assert.equal(body.result.recorded.sha256, sha(data));
    assert.notEqual(body.result.sha256, sha(data));
    assert.match(body.custody.at(-1)!.note, /^MISMATCH: recorded sha256 /);
  });

  test("a lost file: download is a clear 409, verify records it missing", async () => {
    rmSync(await blobPath(ev.id));
    const dl = await app.inject({ method: "GET", url: `${base(orgId, incidentId)}/${ev.id}/download`, headers: responder.headers });
    assert.equal(dl.statusCode, 409);
    assert.equal((dl.json() as { error: { code: string } }).error.code, "evidence_missing");
    const v = await app.inject({ method: "POST", url: `${base(orgId, incidentId)}/${ev.id}/verify`, headers: responder.headers });
    assert.equal((v.json() as { result: { status: string } }).result.status, "missing");
  });
});

describe("limits and bad input", () => {
  const count = async () => Number((await tp.p.db.system.selectFrom("evidence").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

  test("an oversized upload is a 413 on body.file, with no row and no blob left", async () => {
    const rows = await count();
    const files = blobFiles().length;
    const res = await upload(responder, { name: "huge.bin", data: randomBytes(LIMIT + 1) });
    assert.equal(res.statusCode, 413, res.body);
    const err = (res.json() as { error: { code: string; field: string; message: string } }).error;
    assert.equal(err.code, "body_too_large");
    assert.equal(err.field, "body.file");
    assert.match(err.message, new RegExp(String(LIMIT)));
    assert.equal(await count(), rows);
    assert.equal(blobFiles().length, files);
  });

  test("exactly the limit is accepted", async () => {
    const res = await upload(responder, { name: "edge.bin", data: Buffer.alloc(LIMIT, 7) });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((res.json() as { evidence: Evidence }).evidence.size, LIMIT);
  });

  test("no file part is a 400 on body.file; unknown fields are named; a long description is refused", async () => {
    const files = blobFiles().length;
    const none = await upload(responder, null, { description: "x" });
    assert.equal(none.statusCode, 400);
    assert.equal((none.json() as { error: { field: string } }).error.field, "body.file");
    const unknown = await upload(responder, { name: "a.txt", data: Buffer.from("a") }, { owner: "x" });
    assert.equal((unknown.json() as { error: { field: string } }).error.field, "body.owner");
    const long = await upload(responder, { name: "a.txt", data: Buffer.from("a") }, { description: "長".repeat(2001) });
    assert.equal(long.statusCode, 400);
    assert.equal((long.json() as { error: { field: string } }).error.field, "body.description");
    assert.equal(blobFiles().length, files, "nothing kept from refused uploads");
  });

  test("JSON instead of multipart is a 415", async () => {
    const res = await app.inject({ method: "POST", url: base(orgId, incidentId), headers: responder.headers, payload: { file: "x" } });
    assert.equal(res.statusCode, 415);
  });

  test("a viewer may read but not upload, verify or add to the custody log", async () => {
    assert.equal((await upload(viewer, { name: "a.txt", data: Buffer.from("a") })).statusCode, 403);
    const list = (await app.inject({ method: "GET", url: base(orgId, incidentId), headers: viewer.headers })).json() as { evidence: Evidence[] };
    const id = list.evidence[0]!.id;
    assert.equal((await app.inject({ method: "POST", url: `${base(orgId, incidentId)}/${id}/verify`, headers: viewer.headers })).statusCode, 403);
    assert.equal((await app.inject({ method: "POST", url: `${base(orgId, incidentId)}/${id}/custody`, headers: viewer.headers, payload: { action: "note", note: "x" } })).statusCode, 403);
    const bad = await app.inject({ method: "POST", url: `${base(orgId, incidentId)}/${id}/custody`, headers: responder.headers, payload: { action: "uploaded", note: "x" } });
    assert.equal(bad.statusCode, 400, "system actions cannot be written by hand");
  });
});

describe("vendors and other companies", () => {
  let evidenceId: string;
  before(async () => {
    const res = await upload(responder, { name: "mail.eml", data: Buffer.from("From: partner@example.jp\r\n\r\nhello") });
    evidenceId = (res.json() as { evidence: Evidence }).evidence.id;
  });

  const grant = async (vendorOrgId: string, access: "read" | "write") => {
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const r = await app.inject({
      method: "POST", url: `/api/v1/orgs/${orgId}/grants`, headers: admin.headers,
      payload: { vendorOrgId, incidentId, access, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    assert.equal(r.statusCode, 201, r.body);
  };

  test("a vendor with a read grant lists and downloads (recorded in custody), and may not upload", async () => {
    const vendor = await makeOrg(tp.p, "vendor", "Read Vendor");
    await grant(vendor.id, "read");
    const s = await signedIn(tp.p, app, vendor.id, "vendor-responder");
    const list = await app.inject({ method: "GET", url: base(vendor.id, incidentId), headers: s.headers });
    assert.equal(list.statusCode, 200);
    assert.ok((list.json() as { evidence: Evidence[] }).evidence.some((e) => e.id === evidenceId));
    const dl = await app.inject({ method: "GET", url: `${base(vendor.id, incidentId)}/${evidenceId}/download`, headers: s.headers });
    assert.equal(dl.statusCode, 200, dl.body);
    assert.match(dl.body, /hello$/);
    const one = (await app.inject({ method: "GET", url: `${base(vendor.id, incidentId)}/${evidenceId}`, headers: s.headers })).json() as { custody: Custody[] };
    assert.deepEqual(one.custody.map((c) => [c.action, c.actor.org?.id]), [["uploaded", orgId], ["downloaded", vendor.id]]);
    const audit = await tp.p.db.system.selectFrom("audit_events").select(["actor_org_id"]).where("org_id", "=", orgId).where("action", "=", "evidence.download").where("object_id", "=", evidenceId).execute();
    assert.deepEqual(audit.map((a) => a.actor_org_id), [vendor.id], "in the owning company's chain");
    assert.equal((await upload(s, { name: "a.txt", data: Buffer.from("a") }, {}, vendor.id)).statusCode, 403);
  });

  test("a vendor with a write grant uploads into the company's incident", async () => {
    const vendor = await makeOrg(tp.p, "vendor", "Write Vendor");
    await grant(vendor.id, "write");
    const s = await signedIn(tp.p, app, vendor.id, "vendor-responder");
    const res = await upload(s, { name: "pcap.bin", data: Buffer.from("pcap") }, {}, vendor.id);
    assert.equal(res.statusCode, 201, res.body);
    const ev = (res.json() as { evidence: Evidence }).evidence;
    assert.equal(ev.uploadedBy.org?.id, vendor.id);
    const row = await tp.p.db.system.selectFrom("evidence").select("org_id").where("id", "=", ev.id).executeTakeFirstOrThrow();
    assert.equal(row.org_id, orgId, "the evidence belongs to the incident's owner");
  });

  test("another company gets 404 for everything, and its uploads store nothing", async () => {
    const other = await makeOrg(tp.p, "company", "Other Co");
    const s = await signedIn(tp.p, app, other.id, "org-admin");
    const files = blobFiles().length;
    for (const url of [base(other.id, incidentId), `${base(other.id, incidentId)}/${evidenceId}`, `${base(other.id, incidentId)}/${evidenceId}/download`]) {
      assert.equal((await app.inject({ method: "GET", url, headers: s.headers })).statusCode, 404, url);
    }
    assert.equal((await app.inject({ method: "POST", url: `${base(other.id, incidentId)}/${evidenceId}/verify`, headers: s.headers })).statusCode, 404);
    assert.equal((await upload(s, { name: "a.txt", data: Buffer.from("a") }, {}, other.id)).statusCode, 404);
    assert.equal((await upload(s, { name: "a.txt", data: Buffer.from("a") })).statusCode, 404, "through the real owner's path too");
    assert.equal(blobFiles().length, files);
  });
});
