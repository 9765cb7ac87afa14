/**
 * Triage through the API: a suspicious mail uploaded to an incident is analysed with the organisation's partner
 * registry and stored encrypted; its indicators join the incident once, however often the action is repeated at once;
 * a conn.log import is analysed by a job into ranked findings; a finding opens an incident with the `detected` clock
 * at the moment it first had enough evidence; hostile files get sentences naming the file and line, never a crash.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { buildMail, corpus, CORPUS_CONTEXT, makeZip } from "../../src/engines/mail/corpus.js";
import { EGRESS_ANALYSE_JOB } from "../../src/capabilities/triage/service.js";
import type { EgressImportDetail, MailReport, Promoted } from "../../src/capabilities/triage/contract.js";
import { connLog, multipart, NO_EGRESS_C2, NO_EGRESS_FIRST, NO_EGRESS_HOST } from "./triage-fixtures.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let responder: Session;
let viewer: Session;
let incidentId: string;
type ErrorBody = { error: { code: string; field?: string; message: string } };

const mailOf = (name: string): Buffer => corpus().find((m) => m.name === name)!.bytes;
const inject = (s: Session, method: "GET" | "POST" | "PUT", url: string, body?: { headers: Record<string, string>; payload: Buffer } | object, lang = "en") =>
  app.inject({
    method, url: `/api/v1/orgs/${orgId}${url}`,
    headers: { ...s.headers, "accept-language": lang, ...(body && "headers" in body ? (body.headers as Record<string, string>) : {}) },
    ...(body ? { payload: "payload" in body ? (body.payload as Buffer) : body } : {}),
  });
const upload = (s: Session, url: string, name: string, bytes: Buffer, lang = "en") => inject(s, "POST", url, multipart({ name, bytes }), lang);

before(async () => {
  tp = await testPlatform({ jobs: true });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company", "Travel Co")).id;
  responder = await signedIn(tp.p, app, orgId, "responder");
  viewer = await signedIn(tp.p, app, orgId, "viewer");
  const inc = await inject(responder, "POST", "/incidents", { title: "標的型メール" });
  incidentId = (inc.json() as { incident: { id: string } }).incident.id;
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("mail reports", () => {
  let jtb: MailReport;

  test("the partner registry turns the JTB-like partner spoof from benign to malicious", async () => {
    const before = await upload(responder, `/incidents/${incidentId}/mail-reports`, "予約確認.eml", mailOf("partner-spoof-forged-lower-results"));
    assert.equal(before.statusCode, 201, before.body);
    assert.equal((before.json() as { report: MailReport }).report.verdict, "benign");
    const put = await inject(responder, "PUT", "/mail-context", { ownDomains: [], trustedAuthservIds: [], knownSenders: [], vips: [], partners: [] });
    assert.equal(put.statusCode, 403, "a responder does not edit the partner registry");
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const ctx = { ownDomains: [], trustedAuthservIds: [], knownSenders: [], vips: [], partners: [], ...CORPUS_CONTEXT } as Record<string, unknown>;
    ctx.partners = (CORPUS_CONTEXT.partners ?? []).map((p) => ({ name: p.name, domains: p.domains ?? [], displayNames: p.displayNames ?? [], dkimDomains: p.dkimDomains ?? [] }));
    const ok = await inject(admin, "PUT", "/mail-context", ctx);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual((ok.json() as { partners: Array<{ domains: string[] }> }).partners[0]!.domains, ["sora-air.co.jp"]);
    const again = await upload(responder, `/incidents/${incidentId}/mail-reports`, "予約確認.eml", mailOf("partner-spoof-forged-lower-results"));
    const r = (again.json() as { report: MailReport }).report;
    assert.equal(r.verdict, "malicious");
    const s = r.signals.find((x) => x.id === "auth_partner_domain_fail");
    assert.ok(s, JSON.stringify(r.signals));
    assert.match(s.reason.ja, /。|です|ます/);
    assert.match(s.reason.en, /[a-z]/);
    assert.equal(s.evidence.header?.toLowerCase(), "authentication-results");
  });

  test("a bad partner domain is refused with a sentence naming the field", async () => {
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const r = await inject(admin, "PUT", "/mail-context", { ownDomains: [], trustedAuthservIds: [], knownSenders: [], vips: [], partners: [{ name: "x", domains: ["not a domain"], displayNames: [], dkimDomains: [] }] }, "ja");
    assert.equal(r.statusCode, 400);
    const e = (r.json() as ErrorBody).error;
    assert.equal(e.field, "body.partners.0.domains.0");
    assert.match(e.message, /^ドメイン: ドメイン名ではありません/);
  });

  test("the JTB mail: verdict, reasons, attachments with SHA-256, the .eml stored encrypted, an audit row without the file name", async () => {
    const bytes = mailOf("jtb-2016-partner-spoof");
    const r = await upload(responder, `/incidents/${incidentId}/mail-reports`, "航空券控え.eml", bytes);
    assert.equal(r.statusCode, 201, r.body);
    jtb = (r.json() as { report: MailReport }).report;
    assert.equal(jtb.verdict, "malicious");
    assert.equal(jtb.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.deepEqual(new Set(jtb.signals.map((s) => s.id)), new Set(["auth_partner_domain_fail", "attachment_executable"]));
    const exe = jtb.attachments.find((a) => a.name.endsWith(".exe"));
    assert.equal(exe?.realType, "pe");
    assert.match(exe?.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.ok(jtb.indicators.sha256.includes(exe!.sha256!));
    assert.equal(jtb.policies.addIndicators, true);
    const row = await tp.p.db.system.selectFrom("mail_reports").select(["storage_key", "org_id"]).where("id", "=", jtb.id).executeTakeFirstOrThrow();
    const back: Buffer[] = [];
    for await (const c of await tp.p.storage.get(row.storage_key)) back.push(c as Buffer);
    assert.ok(Buffer.concat(back).equals(bytes), "the stored mail reads back as sent");
    const onDisk = findFile(tp.config.evidenceDir, row.storage_key);
    assert.ok(onDisk && !readFileSync(onDisk).includes(Buffer.from("Authentication-Results")), "the bytes at rest are not the plain mail");
    const audit = await tp.p.db.system.selectFrom("audit_events").select("after").where("object_id", "=", jtb.id).executeTakeFirstOrThrow();
    assert.equal(JSON.stringify(audit.after).includes("航空券"), false);
    assert.equal((audit.after as { verdict: string }).verdict, "malicious");
  });

  test("adding the indicators three times at once adds each value once", async () => {
    const results = await Promise.all([1, 2, 3].map(() => inject(responder, "POST", `/mail-reports/${jtb.id}/indicators`)));
    for (const r of results) assert.equal(r.statusCode, 200, r.body);
    const counts = results.map((r) => r.json() as { created: number; duplicates: number; invalid: number });
    const unique = new Set([...jtb.indicators.urls, ...jtb.indicators.domains, ...jtb.indicators.ips, ...jtb.indicators.sha256]).size;
    assert.equal(counts.reduce((n, c) => n + c.created, 0), unique);
    assert.ok(counts.every((c) => c.created + c.duplicates + c.invalid === unique));
    const list = (await inject(responder, "GET", `/incidents/${incidentId}/indicators`)).json() as { indicators: Array<{ type: string; normalized: string }> };
    assert.equal(list.indicators.length, unique);
    assert.ok(list.indicators.some((i) => i.type === "file-sha256" && jtb.indicators.sha256.includes(i.normalized)));
    const later = (await inject(responder, "POST", `/mail-reports/${jtb.id}/indicators`)).json() as { created: number; duplicates: number };
    assert.deepEqual([later.created, later.duplicates], [0, unique]);
  });

  test("an unknown mail reported by a viewer without an incident, attached later by a responder", async () => {
    const r = await upload(viewer, "/mail-reports", "unknown.eml", mailOf("lookalike-partner-with-macro"));
    assert.equal(r.statusCode, 201, r.body);
    const rep = (r.json() as { report: MailReport }).report;
    assert.deepEqual([rep.incidentId, rep.verdict, rep.policies.addIndicators], [null, "malicious", false]);
    const notYet = await inject(responder, "POST", `/mail-reports/${rep.id}/indicators`);
    assert.equal(notYet.statusCode, 400);
    const unattached = (await inject(responder, "GET", "/mail-reports?unattached=true")).json() as { reports: MailReport[] };
    assert.deepEqual(unattached.reports.map((x) => x.id), [rep.id]);
    const byViewer = await inject(viewer, "PUT", `/mail-reports/${rep.id}/incident`, { incidentId });
    assert.equal(byViewer.statusCode, 403);
    const att = await inject(responder, "PUT", `/mail-reports/${rep.id}/incident`, { incidentId });
    assert.equal(att.statusCode, 200, att.body);
    assert.equal((att.json() as { report: MailReport }).report.incidentId, incidentId);
    const twice = await inject(responder, "PUT", `/mail-reports/${rep.id}/incident`, { incidentId });
    assert.equal(twice.statusCode, 409);
    const list = (await inject(responder, "GET", `/incidents/${incidentId}/mail-reports`)).json() as { reports: MailReport[] };
    assert.ok(list.reports.some((x) => x.id === rep.id));
  });

  test("hostile files: not a mail, empty, binary, a zip bomb — sentences naming the file, nothing stored, no crash", async () => {
    const before = await tp.p.db.system.selectFrom("mail_reports").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const cases: Array<[string, Buffer, RegExp]> = [
      ["picture.eml", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(200, 7)]), /^File: picture\.eml: line 2 holds control bytes/],
      ["empty.eml", Buffer.alloc(0), /^File: empty\.eml: the file is empty \(0 bytes\)/],
      ["notes.txt", Buffer.from("Meeting notes\nnothing here is a mail\n"), /^File: notes\.txt: no mail header/],
    ];
    for (const [name, bytes, message] of cases) {
      const r = await upload(responder, `/incidents/${incidentId}/mail-reports`, name, bytes);
      assert.equal(r.statusCode, 400, `${name}: ${r.body}`);
      const e = (r.json() as ErrorBody).error;
      assert.equal(e.field, "body.file");
      assert.match(e.message, message);
    }
    const ja = (await upload(responder, `/incidents/${incidentId}/mail-reports`, "empty.eml", Buffer.alloc(0), "ja")).json() as ErrorBody;
    assert.match(ja.error.message, /^ファイル: empty\.eml: ファイルが空です/);
    const after = await tp.p.db.system.selectFrom("mail_reports").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
    // A zip whose one entry inflates to 200 MB: the analysis stops at its budget and says so; the mail is stored.
    const bomb = buildMail({ from: "a@bomb.example", subject: "請求書", parts: [{ kind: "text", text: "添付をご確認ください。" }, { kind: "file", name: "bomb.zip", type: "application/zip", data: makeZip([{ name: "zeros.bin", data: Buffer.alloc(200 << 20), declaredSize: 1000 }]) }] });
    const rss = process.memoryUsage().rss;
    const r = await upload(responder, `/incidents/${incidentId}/mail-reports`, "bomb.eml", bomb);
    assert.equal(r.statusCode, 201, r.body);
    const rep = (r.json() as { report: MailReport }).report;
    const limit = rep.signals.find((s) => s.id === "archive_limit");
    assert.equal(limit?.evidence.part, "attachment 1 (bomb.zip) > zeros.bin");
    assert.ok(process.memoryUsage().rss - rss < 150 << 20, "memory stays bounded");
  });

  test("a vendor with a write grant uploads to the granted incident; a read grant may not", async () => {
    const vendor = await makeOrg(tp.p, "vendor", "Forensics KK");
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const g = await inject(admin, "POST", "/grants", { vendorOrgId: vendor.id, incidentId, access: "write", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    assert.equal(g.statusCode, 201, g.body);
    const v = await signedIn(tp.p, app, vendor.id, "vendor-responder");
    const m = multipart({ name: "v.eml", bytes: mailOf("rlo-file-name") });
    const ok = await app.inject({ method: "POST", url: `/api/v1/orgs/${vendor.id}/incidents/${incidentId}/mail-reports`, headers: { ...v.headers, ...m.headers }, payload: m.payload });
    assert.equal(ok.statusCode, 201, ok.body);
    const row = await tp.p.db.system.selectFrom("mail_reports").select("org_id").where("id", "=", (ok.json() as { report: MailReport }).report.id).executeTakeFirstOrThrow();
    assert.equal(row.org_id, orgId, "the report belongs to the incident's owner");
    const unknown = await app.inject({ method: "POST", url: `/api/v1/orgs/${vendor.id}/mail-reports`, headers: { ...v.headers, ...m.headers }, payload: m.payload });
    assert.equal(unknown.statusCode, 403, "a vendor has no organisation-level mail reports");
  });
});

describe("egress imports and findings", () => {
  let detail: EgressImportDetail;

  test("a gzip conn.log import is analysed by the job into ranked findings, the no-egress asset's policy finding first", async () => {
    const asset = await inject(responder, "POST", "/assets", { hostname: "files-01", addresses: [NO_EGRESS_HOST], egressAllowed: false });
    assert.equal(asset.statusCode, 201, asset.body);
    const r = await upload(responder, `/incidents/${incidentId}/egress-imports`, "conn.log.gz", gzipSync(connLog()));
    assert.equal(r.statusCode, 202, r.body);
    const imp = (r.json() as { import: { id: string; status: string } }).import;
    assert.equal(imp.status, "queued");
    await tp.p.jobs.drain([EGRESS_ANALYSE_JOB]);
    detail = (await inject(responder, "GET", `/egress-imports/${imp.id}`)).json() as EgressImportDetail;
    assert.equal(detail.import.status, "done", JSON.stringify(detail.import));
    assert.equal(detail.import.summary?.formats[0], "zeek-tsv");
    assert.ok((detail.import.summary?.records ?? 0) > 3000);
    const top = detail.findings[0]!;
    assert.deepEqual([top.kind, top.src, top.dst, top.rank], ["policy", NO_EGRESS_HOST, NO_EGRESS_C2, 1]);
    assert.equal(top.firstEvidenceAt, new Date(NO_EGRESS_FIRST * 1000).toISOString());
    assert.ok(detail.findings.some((f) => f.kind === "beacon"));
    const scores = detail.findings.map((f) => f.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    assert.deepEqual(detail.findings.map((f) => f.rank), detail.findings.map((_, i) => i + 1));
    assert.match(top.reason.ja, /[ぁ-んァ-ン一-龯]/);
    const list = (await inject(responder, "GET", `/incidents/${incidentId}/egress-imports`)).json() as { imports: Array<{ id: string }> };
    assert.deepEqual(list.imports.map((i) => i.id), [imp.id]);
  });

  test("create an incident from a finding: detected clock exactly at first evidence, indicators, the host linked to its asset", async () => {
    const top = detail.findings[0]!;
    const r = await inject(responder, "POST", `/egress-findings/${top.id}/incident`, {});
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json() as Promoted;
    assert.equal(p.created, true);
    assert.equal(p.detectedAt, top.firstEvidenceAt);
    const inc = (await inject(responder, "GET", `/incidents/${p.incidentId}`)).json() as { incident: { title: string; clocks: { detected: { at: string } | null } } };
    assert.equal(inc.incident.clocks.detected?.at, new Date(NO_EGRESS_FIRST * 1000).toISOString());
    assert.match(inc.incident.title, /10\.1\.0\.5/);
    const iocs = (await inject(responder, "GET", `/incidents/${p.incidentId}/indicators`)).json() as { indicators: Array<{ normalized: string }> };
    assert.deepEqual(iocs.indicators.map((i) => i.normalized), [NO_EGRESS_C2]);
    assert.deepEqual(p.linkedAssets.map((a) => a.hostname), ["files-01"]);
    const links = (await inject(responder, "GET", `/incidents/${p.incidentId}/assets`)).json() as { links: Array<{ asset: { hostname: string }; compromise: string }> };
    assert.deepEqual(links.links.map((l) => [l.asset.hostname, l.compromise]), [["files-01", "suspected"]]);
    // Adding the same finding again changes nothing: the clock is already there, the indicator and the link too.
    const again = (await inject(responder, "POST", `/egress-findings/${top.id}/incident`, { incidentId: p.incidentId })).json() as Promoted;
    assert.deepEqual([again.created, again.detectedChanged, again.indicators.created, again.indicators.duplicates], [false, false, 0, 1]);
    const history = (await inject(responder, "GET", `/incidents/${p.incidentId}/clocks/detected/history`)).json() as { history: unknown[] };
    assert.equal(history.history.length, 1);
  });

  test("a later finding added to an incident detected earlier keeps the earlier clock; an earlier one moves it back", async () => {
    const beacon = detail.findings.find((f) => f.kind === "beacon" && f.src !== NO_EGRESS_HOST)!;
    const inc = (await inject(responder, "POST", "/incidents", { title: "C2" })).json() as { incident: { id: string } };
    const early = "2016-03-19T12:00:00.000Z";
    await inject(responder, "PUT", `/incidents/${inc.incident.id}/clocks/detected`, { at: early });
    const kept = (await inject(responder, "POST", `/egress-findings/${beacon.id}/incident`, { incidentId: inc.incident.id })).json() as Promoted;
    assert.deepEqual([kept.detectedChanged, kept.detectedAt], [false, early]);
    assert.deepEqual(kept.unmatchedHosts, [beacon.src]);
    // The unmatched PC linked by hand: a new asset named by its address.
    const l = await inject(responder, "POST", `/egress-findings/${beacon.id}/hosts`, { incidentId: inc.incident.id, host: beacon.src });
    assert.equal(l.statusCode, 200, l.body);
    assert.deepEqual([(l.json() as { createdAsset: boolean }).createdAsset, (l.json() as { hostname: string }).hostname], [true, beacon.src]);
    const wrong = await inject(responder, "POST", `/egress-findings/${beacon.id}/hosts`, { incidentId: inc.incident.id, host: "10.9.9.9" });
    assert.equal(wrong.statusCode, 400);
    assert.equal((wrong.json() as ErrorBody).error.field, "body.host");
    const late = (await inject(responder, "POST", "/incidents", { title: "C2 later" })).json() as { incident: { id: string } };
    await inject(responder, "PUT", `/incidents/${late.incident.id}/clocks/detected`, { at: "2016-03-25T09:00:00+09:00" });
    const moved = (await inject(responder, "POST", `/egress-findings/${beacon.id}/incident`, { incidentId: late.incident.id })).json() as Promoted;
    assert.deepEqual([moved.detectedChanged, moved.detectedAt], [true, beacon.firstEvidenceAt]);
    const viewerTry = await inject(viewer, "POST", `/egress-findings/${beacon.id}/incident`, {});
    assert.equal(viewerTry.statusCode, 403);
  });

  test("hostile logs: binary garbage and an empty file fail with the file and line named, the process goes on", async () => {
    const empty = await upload(responder, `/incidents/${incidentId}/egress-imports`, "empty.log", Buffer.alloc(0));
    assert.equal(empty.statusCode, 400);
    assert.match((empty.json() as ErrorBody).error.message, /empty\.log: the file is empty/);
    const garbage = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256));
    const r = await upload(responder, `/incidents/${incidentId}/egress-imports`, "capture.bin", garbage);
    assert.equal(r.statusCode, 202, r.body);
    await tp.p.jobs.drain([EGRESS_ANALYSE_JOB]);
    const d = (await inject(responder, "GET", `/egress-imports/${(r.json() as { import: { id: string } }).import.id}`, undefined, "ja")).json() as EgressImportDetail;
    assert.equal(d.import.status, "failed");
    assert.match(d.import.error?.en ?? "", /^capture\.bin: line 1: unknown log format/);
    assert.match(d.import.error?.ja ?? "", /^capture\.bin: 1 行目: ログの形式を判別できません/);
    assert.deepEqual(d.findings, []);
  });
});

const findFile = (dir: string, key: string): string | null => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      const f = findFile(p, key);
      if (f) return f;
    } else if (p.endsWith(key) || name === key || p.includes(key)) return p;
  }
  return null;
};
