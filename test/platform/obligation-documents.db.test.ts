/**
 * Obligation documents on the platform: a 速報 drafted from the incident's facts, versions (each save a new one, who
 * and when; concurrent saves get distinct numbers; a stale save is refused), a diff between any two, the CISO's
 * sign-off (only the CISO, only the newest version, audited, filing the obligation; an edit needs a new one), the
 * three formats, submission of a signed-off version, and another organisation that reads nothing.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { PPC_ITEM_IDS } from "../../src/capabilities/obligations/documents.js";
import type { DocumentDetail, DocumentDiff, DocumentList } from "../../src/capabilities/obligations/documents-contract.js";
import { pdfFonts, pdfText } from "../support/pdf.js";

const clock = Date.now();
let tp: TestPlatform;
let app: Api;
const ids = { A: "", B: "", R: "", incident: "" };
let ciso: Session;
let responder: Session;
let admin: Session;
let viewer: Session;
let adminB: Session;

const base = () => `/api/v1/orgs/${ids.A}/incidents/${ids.incident}/obligations/documents`;
const call = async (s: Session, method: "GET" | "POST" | "PUT", path: string, payload?: object) =>
  app.inject({ method, url: path, headers: s.headers, ...(payload ? { payload } : {}) });

before(async () => {
  tp = await testPlatform({ jobs: false, now: () => new Date(clock) });
  app = await testApi(tp.p);
  const [A, B, R] = [await makeOrg(tp.p, "company", "Alpha"), await makeOrg(tp.p, "company", "Bravo"), await makeOrg(tp.p, "regulator", "Reg")];
  Object.assign(ids, { A: A.id, B: B.id, R: R.id });
  await createOrgService(tp.p).relate(A.id, R.id, "supervised_by");
  ciso = await signedIn(tp.p, app, A.id, "ciso");
  admin = await signedIn(tp.p, app, A.id, "org-admin");
  responder = await login(app, (await makeMember(tp.p, A.id, "responder")).email);
  viewer = await login(app, (await makeMember(tp.p, A.id, "viewer")).email);
  adminB = await signedIn(tp.p, app, B.id, "org-admin");
  const inc = await call(ciso, "POST", `/api/v1/orgs/${A.id}/incidents`, { title: "JTB replay", category: "targeted_mail" });
  ids.incident = (inc.json() as { incident: { id: string } }).incident.id;
  const clockSet = await call(ciso, "PUT", `/api/v1/orgs/${A.id}/incidents/${ids.incident}/clocks/leak_suspected`, { at: new Date(clock - 48 * 3_600_000).toISOString() });
  assert.equal(clockSet.statusCode, 200, clockSet.body);
  const facts = await call(ciso, "PUT", `/api/v1/orgs/${A.id}/incidents/${ids.incident}/obligations/facts`, {
    values: { people: 6_788_443, items: ["name", "sex", "birth_date", "email", "address", "phone", "passport_number", "passport_issue_date"] },
  });
  assert.equal(facts.statusCode, 200, facts.body);
});
after(async () => {
  await app.close();
  await tp.close();
});

const create = async (s: Session, kind = "ppc_preliminary", locale = "ja") => {
  const r = await call(s, "POST", base(), { kind, locale });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as DocumentDetail;
};
const edit = (d: DocumentDetail, section: string, text: string) => ({
  title: d.content.title, sections: d.content.sections.map((s) => (s.id === section ? { ...s, text } : s)),
});

describe("drafting and versions", () => {
  test("a 速報 is drafted from the incident with the nine items and files the 速報 obligation", async () => {
    const d = await create(responder);
    assert.equal(d.version, 1);
    assert.deepEqual(d.content.sections.map((s) => s.id), PPC_ITEM_IDS);
    assert.match(d.content.sections[2]!.text, /6,788,443人/);
    assert.equal(d.document.obligationId, "jp-appi/preliminary-report");
    assert.equal(d.document.isSignedOff, false);
    assert.deepEqual(d.policies, { edit: true, signOff: false }, "a responder edits, never signs off");
    const list = (await call(viewer, "GET", base())).json() as DocumentList;
    assert.ok(list.documents.some((x) => x.id === d.document.id));
    assert.equal(list.policies.create, false, "a viewer reads but does not draft");
    assert.equal(list.kinds.find((k) => k.kind === "ppc_final")!.required, true);
    assert.equal((await call(viewer, "POST", base(), { kind: "ppc_final", locale: "ja" })).statusCode, 403);
  });

  test("each save is a new version (who, when), and any two versions compare section by section", async () => {
    const d = await create(responder);
    const v2 = await call(responder, "PUT", `${base()}/${d.document.id}`, { content: edit(d, "cause", "標的型メールの添付ファイルを開いた業務端末が感染した。"), baseVersion: 1 });
    assert.equal(v2.statusCode, 200, v2.body);
    const d2 = v2.json() as DocumentDetail;
    assert.equal(d2.version, 2);
    const v3 = (await call(ciso, "PUT", `${base()}/${d.document.id}`, { content: edit(d2, "prevention", "全社員に訓練を実施する。"), baseVersion: 2 })).json() as DocumentDetail;
    assert.deepEqual(v3.versions.map((v) => v.version), [3, 2, 1]);
    assert.ok(v3.versions.every((v) => v.savedBy !== null && v.savedAt));
    const old = (await call(viewer, "GET", `${base()}/${d.document.id}?version=1`)).json() as DocumentDetail;
    assert.equal(old.version, 1);
    assert.deepEqual(old.content, d.content, "a version never changes");
    const diff = (await call(viewer, "GET", `${base()}/${d.document.id}/diff?from=1&to=3`)).json() as DocumentDiff;
    assert.equal(diff.changedSections, 2);
    const cause = diff.sections.find((s) => s.id === "cause")!;
    assert.ok(cause.parts.some((p) => p.op === "added" && p.text.includes("添付ファイル")));
    assert.equal(diff.sections.find((s) => s.id === "summary")!.change, "same");
    assert.equal((await call(viewer, "GET", `${base()}/${d.document.id}/diff?from=1&to=9`)).statusCode, 400);
    // The audit names the sections that changed, never their text.
    const rows = await tp.p.db.system.selectFrom("audit_events").select(["action", "after"]).where("object_id", "=", d.document.id).orderBy("seq").execute();
    assert.deepEqual(rows.map((r) => r.action), ["obligation.document.create", "obligation.document.save", "obligation.document.save"]);
    assert.deepEqual((rows[1]!.after as { changed: string[] }).changed, ["cause"]);
    assert.ok(!JSON.stringify(rows).includes("添付ファイル"));
  });

  test("a save from a stale version is refused with the newest version named", async () => {
    const d = await create(responder);
    await call(responder, "PUT", `${base()}/${d.document.id}`, { content: edit(d, "other", "A"), baseVersion: 1 });
    const stale = await call(ciso, "PUT", `${base()}/${d.document.id}`, { content: edit(d, "other", "B"), baseVersion: 1 });
    assert.equal(stale.statusCode, 409);
    assert.match((stale.json() as { error: { message: string } }).error.message, /第2版/);
  });

  test("concurrent saves get distinct version numbers", async () => {
    const d = await create(responder);
    const saves = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i % 2 ? ciso : responder, "PUT", `${base()}/${d.document.id}`, { content: edit(d, "other", `並行 ${i}`) })));
    assert.ok(saves.every((r) => r.statusCode === 200), saves.map((r) => r.body).join("\n"));
    const versions = saves.map((r) => (r.json() as DocumentDetail).version).sort((a, b) => a - b);
    assert.deepEqual(versions, [2, 3, 4, 5, 6, 7]);
    const final = (await call(viewer, "GET", `${base()}/${d.document.id}`)).json() as DocumentDetail;
    assert.equal(final.versions.length, 7);
  });

  test("a section with an unknown shape or a duplicate id is refused", async () => {
    const d = await create(responder);
    const dup = { title: "x", sections: [{ id: "a", heading: "h", text: "" }, { id: "a", heading: "h", text: "" }] };
    assert.equal((await call(responder, "PUT", `${base()}/${d.document.id}`, { content: dup })).statusCode, 400);
    assert.equal((await call(responder, "PUT", `${base()}/${d.document.id}`, { content: { title: "x", sections: [{ id: "A B", heading: "h", text: "" }] } })).statusCode, 400);
  });
});

describe("sign-off by the CISO", () => {
  test("only the CISO signs off; the filing counts; an edit after the sign-off needs a new one", async () => {
    const d = await create(responder);
    for (const s of [responder, admin, viewer]) {
      assert.equal((await call(s, "POST", `${base()}/${d.document.id}/sign-off`, { version: 1 })).statusCode, 403);
    }
    const signed = await call(ciso, "POST", `${base()}/${d.document.id}/sign-off`, { version: 1 });
    assert.equal(signed.statusCode, 200, signed.body);
    const s1 = signed.json() as DocumentDetail;
    assert.equal(s1.document.isSignedOff, true);
    assert.equal(s1.signOffs[0]!.version, 1);
    assert.ok(s1.signOffs[0]!.by);
    assert.equal(s1.policies.signOff, false, "nothing left to sign");
    // The engine now sees the 速報 filed.
    const view = (await call(ciso, "GET", `/api/v1/orgs/${ids.A}/incidents/${ids.incident}/obligations`)).json() as { evaluation: { obligations: { id: string; status: string }[] }; filings: { id: string; signedOffAt: string | null }[] };
    assert.equal(view.evaluation.obligations.find((o) => o.id === "jp-appi/preliminary-report")!.status, "filed");
    assert.ok(view.filings.some((f) => f.id === s1.signOffs[0]!.filingId && f.signedOffAt));
    // Twice the same version: refused.
    assert.equal((await call(ciso, "POST", `${base()}/${d.document.id}/sign-off`, { version: 1 })).statusCode, 409);
    // An edit: version 2 is not signed off; signing off version 1 again or a version that is not the newest is refused.
    const v2 = (await call(responder, "PUT", `${base()}/${d.document.id}`, { content: edit(d, "other", "追記") })).json() as DocumentDetail;
    assert.equal(v2.document.isSignedOff, false);
    assert.equal(v2.document.signOff!.version, 1);
    const tooOld = await call(ciso, "POST", `${base()}/${d.document.id}/sign-off`, { version: 1 });
    assert.equal(tooOld.statusCode, 409);
    const again = (await call(ciso, "POST", `${base()}/${d.document.id}/sign-off`, { version: 2 })).json() as DocumentDetail;
    assert.deepEqual(again.signOffs.map((s) => s.version), [2, 1]);
    assert.deepEqual(again.versions.map((v) => v.signedOff), [true, true]);
    const audit = await tp.p.db.system.selectFrom("audit_events").select(["action", "after", "actor_user_id"]).where("object_id", "=", d.document.id).where("action", "=", "obligation.document.sign_off").orderBy("seq").execute();
    assert.deepEqual(audit.map((a) => (a.after as { version: number }).version), [1, 2]);
  });

  test("only a signed-off version is submitted to the regulator, who opens it as a PDF", async () => {
    const d = await create(responder);
    const reports = `/api/v1/orgs/${ids.A}/incidents/${ids.incident}/obligations/reports`;
    const refused = await call(ciso, "POST", reports, { documentId: d.document.id, title: "速報" });
    assert.equal(refused.statusCode, 409);
    await call(ciso, "POST", `${base()}/${d.document.id}/sign-off`, { version: 1 });
    const sent = await call(ciso, "POST", reports, { documentId: d.document.id, title: "速報（文書）" });
    assert.equal(sent.statusCode, 201, sent.body);
    const reportId = (sent.json() as { report: { id: string; obligationId: string } }).report.id;
    const officer = await signedIn(tp.p, app, ids.R, "regulator-officer");
    const pdf = await call(officer, "GET", `/api/v1/orgs/${ids.R}/reports/${reportId}/render?format=pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.ok(pdfText(pdf.rawPayload).replace(/\s+/g, "").includes("CISO承認済み"));
    assert.equal((await call(adminB, "GET", `/api/v1/orgs/${ids.B}/reports/${reportId}/render?format=pdf`)).statusCode, 404);
  });
});

describe("formats and isolation", () => {
  test("the PPC web-form export: each field with its Japanese label, from the newest signed-off version only", async () => {
    const form = (format = "json", kind = "ppc_final") => call(viewer, "GET", `/api/v1/orgs/${ids.A}/incidents/${ids.incident}/obligations/ppc-form?kind=${kind}&format=${format}`);
    assert.equal((await form()).statusCode, 409, "nothing signed off yet");
    const d = await create(responder, "ppc_final", "ja");
    const v2 = await call(responder, "PUT", `${base()}/${d.document.id}`, { content: edit(d, "cause", "標的型メールの添付ファイルによるマルウェア感染") });
    assert.equal(v2.statusCode, 200, v2.body);
    assert.equal((await call(ciso, "POST", `${base()}/${d.document.id}/sign-off`, { version: 2 })).statusCode, 200);
    // A later draft that nobody signed off is not what goes to the PPC.
    const v3 = await call(responder, "PUT", `${base()}/${d.document.id}`, { content: edit(d, "cause", "未承認の書き換え") });
    assert.equal(v3.statusCode, 200, v3.body);
    const r = await form();
    assert.equal(r.statusCode, 200, r.body);
    const json = r.json() as { version: number; fields: Array<{ key: string; label: string; value: string }> };
    assert.equal(json.version, 2);
    const byKey = Object.fromEntries(json.fields.map((f) => [f.key, f]));
    assert.equal(byKey.report_type!.value, "確報");
    assert.equal(byKey.reporter!.label, "報告者（事業者名）");
    assert.equal(byKey.reporter!.value, "Alpha（テスト）", "the company, not a person");
    assert.equal(byKey.q1_my_number!.value, "含まれない");
    assert.equal(byKey.item4_cause!.label, "4. 原因");
    assert.equal(byKey.item4_cause!.value, "標的型メールの添付ファイルによるマルウェア感染");
    assert.match(byKey.item3_people!.value, /6,788,443|6788443/);
    assert.deepEqual(json.fields.filter((f) => /^item\d/.test(f.key)).map((f) => f.label.split(". ")[0]), ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    const text = await form("text");
    assert.match(String(text.headers["content-type"]), /^text\/plain; charset=utf-8/);
    assert.ok(text.body.includes("【4. 原因】\n標的型メールの添付ファイルによるマルウェア感染\n"), text.body.slice(0, 400));
    assert.ok(!text.body.includes("未承認の書き換え"));
    const csv = await form("csv");
    assert.ok(csv.body.startsWith("\uFEFF項目,内容\r\n"));
    assert.ok(csv.body.includes("4. 原因,標的型メールの添付ファイルによるマルウェア感染\r\n"));
    assert.equal((await call(adminB, "GET", `/api/v1/orgs/${ids.B}/incidents/${ids.incident}/obligations/ppc-form?kind=ppc_final`)).statusCode, 404);
  });

  test("HTML, PDF and JSON of a version", async () => {
    const d = await create(responder, "ppc_preliminary", "en");
    const html = await call(viewer, "GET", `${base()}/${d.document.id}/render?format=html`);
    assert.equal(html.statusCode, 200);
    assert.match(String(html.headers["content-type"]), /text\/html/);
    assert.match(String(html.headers["content-security-policy"]), /sandbox/);
    assert.match(html.body, /9\. Other matters for reference/);
    const pdf = await call(viewer, "GET", `${base()}/${d.document.id}/render?format=pdf`);
    assert.equal(pdf.headers["content-type"], "application/pdf");
    assert.match(String(pdf.headers["content-disposition"]), /^attachment; filename=".*ppc_preliminary-en-v1\.pdf"$/);
    assert.ok(pdfFonts(pdf.rawPayload).every((f) => /^[A-Z]{6}\+NotoSansJP-/.test(f.name) && f.subset));
    const json = (await call(viewer, "GET", `${base()}/${d.document.id}/render?format=json`)).json() as { title: string; locale: string; sections: { id: string }[] };
    assert.equal(json.locale, "en");
    assert.deepEqual(json.sections.map((s) => s.id), PPC_ITEM_IDS);
  });

  test("another organisation cannot list, read, save, sign off or render", async () => {
    const d = await create(responder);
    const their = `/api/v1/orgs/${ids.B}/incidents/${ids.incident}/obligations/documents`;
    for (const path of [base(), `${base()}/${d.document.id}`, `${base()}/${d.document.id}/render?format=json`, `${base()}/${d.document.id}/diff?from=1&to=1`]) {
      assert.equal((await call(adminB, "GET", path)).statusCode, 404, path);
      assert.equal((await call(adminB, "GET", path.replace(base(), their))).statusCode, 404, path);
    }
    assert.equal((await call(adminB, "PUT", `${their}/${d.document.id}`, { content: { title: "x", sections: [{ id: "a", heading: "h", text: "t" }] } })).statusCode, 404);
    // Row-level security is the second wall: B's transaction sees no document rows of A.
    const rows = await tp.p.db.tenant({ orgId: ids.B, userId: null }, (tx) => tx.db.selectFrom("obligation_document_versions").select("document_id").execute());
    assert.equal(rows.length, 0);
  });
});
