/**
 * Broadcasts and requests across organisations: the audience only within the sender's relations, a company cannot
 * send, a recipient sees only its own row, one outbox message per duty-desk channel in the send's transaction (a
 * drill labelled), the first of concurrent acknowledgements wins, single-use links, answers with a file (stored
 * encrypted), reminders once per interval with one escalation, the log as CSV and JSON, and the drill report.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { decrypt, encrypt, hmac } from "../../src/platform/crypto/keys.js";
import { createBroadcastService, setBroadcastEscalation } from "../../src/capabilities/network/broadcasts-service.js";
import type { BroadcastView } from "../../src/capabilities/network/broadcasts-contract.js";
import type { OutgoingMessage } from "../../src/capabilities/network/outbox.js";
import { pdfFonts, pdfText } from "../support/pdf.js";

let clock = Date.parse("2026-06-14T09:00:00+09:00");
let tp: TestPlatform;
let app: Api;
const ids = { R: "", R2: "", AS: "", AS2: "", C1: "", C2: "", C3: "" };
let officer: Session;
let assocOfficer: Session;
let c1Admin: Session;
let c1Responder: Session;
let c1Viewer: Session;
let c2Admin: Session;
let c3Admin: Session;
const escalations: { orgId: string; dedupKey: string; titleJa: string }[] = [];

const url = (org: string, rest = "") => `/api/v1/orgs/${org}/broadcasts${rest}`;
const call = (s: Session, method: "GET" | "POST", path: string, payload?: object) =>
  app.inject({ method, url: path, headers: s.headers, ...(payload ? { payload } : {}) });
const send = async (s: Session, org: string, body: object): Promise<BroadcastView> => {
  const r = await call(s, "POST", url(org), body);
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as BroadcastView;
};
const addDesk = async (orgId: string, address: string) =>
  tp.p.db.system.insertInto("network_channels").values({
    org_id: orgId, user_id: null, kind: "email", label: "duty desk", address_enc: encrypt(tp.p.keys.encryption, address),
    address_hash: hmac(tp.p.keys.identifier, `email:${address}`),
  }).execute();
const outboxOf = (broadcastId: string) =>
  tp.p.db.system.selectFrom("network_outbox").selectAll().where("broadcast_id", "=", broadcastId).orderBy("created_at").execute();
const messageOf = (row: { payload_enc: Buffer }) => JSON.parse(decrypt(tp.p.keys.encryption, row.payload_enc)) as OutgoingMessage;

before(async () => {
  tp = await testPlatform({ jobs: false, now: () => new Date(clock) });
  app = await testApi(tp.p);
  const orgs = createOrgService(tp.p);
  const [R, R2, AS, AS2, C1, C2, C3] = [
    await makeOrg(tp.p, "regulator", "Tourism"), await makeOrg(tp.p, "regulator", "Other ministry"),
    await makeOrg(tp.p, "association", "Travel assoc"), await makeOrg(tp.p, "association", "Far assoc"),
    await makeOrg(tp.p, "company", "C1"), await makeOrg(tp.p, "company", "C2"), await makeOrg(tp.p, "company", "C3"),
  ];
  Object.assign(ids, { R: R.id, R2: R2.id, AS: AS.id, AS2: AS2.id, C1: C1.id, C2: C2.id, C3: C3.id });
  for (const c of [C1.id, C2.id]) {
    await orgs.relate(c, R.id, "supervised_by");
    await orgs.relate(c, AS.id, "member_of");
  }
  // R works with AS (migration 0024: explicit, no longer implied by C1 and C2); R2 with nobody, though it supervises
  // a member of AS2.
  await tp.p.db.system.insertInto("regulator_associations").values({ regulator_org_id: R.id, association_org_id: AS.id }).execute();
  await orgs.relate(C3.id, R2.id, "supervised_by");
  await orgs.relate(C3.id, AS2.id, "member_of");
  await addDesk(C1.id, "desk-c1@example.jp");
  await addDesk(C1.id, "desk-c1-night@example.jp");
  await addDesk(C2.id, "desk-c2@example.jp");
  await addDesk(AS.id, "desk-as@example.jp");
  await addDesk(C3.id, "desk-c3@example.jp");
  officer = await signedIn(tp.p, app, R.id, "regulator-officer");
  assocOfficer = await signedIn(tp.p, app, AS.id, "regulator-officer");
  c1Admin = await signedIn(tp.p, app, C1.id, "org-admin");
  c1Responder = await login(app, (await makeMember(tp.p, C1.id, "responder")).email);
  c1Viewer = await login(app, (await makeMember(tp.p, C1.id, "viewer")).email);
  c2Admin = await signedIn(tp.p, app, C2.id, "org-admin");
  c3Admin = await signedIn(tp.p, app, C3.id, "org-admin");
  setBroadcastEscalation(tp.p, async (tx, a) => {
    escalations.push({ orgId: a.orgId, dedupKey: a.dedupKey, titleJa: a.titleJa });
    // the hook runs in the reminder's transaction: what it writes commits with it
    await tx.executeSql("SELECT 1");
    return randomUUID();
  });
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("audience", () => {
  const preview = async (s: Session, org: string, q: string) => {
    const r = await call(s, "GET", `${url(org, "/audience")}?${q}`);
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { count: number; organisations: { id: string; via: string }[] }).organisations.map((o) => o.id).sort();
  };

  test("a regulator reaches its supervised companies and the associations it works with, nothing of another sector", async () => {
    assert.deepEqual(await preview(officer, ids.R, "audience=supervised"), [ids.C1, ids.C2].sort());
    assert.deepEqual(await preview(officer, ids.R, "audience=associations"), [ids.AS]);
    assert.deepEqual(await preview(officer, ids.R, "audience=related"), [ids.C1, ids.C2, ids.AS].sort());
    assert.deepEqual(await preview(officer, ids.R, "audience=members"), []);
  });

  test("an association reaches its members", async () => {
    assert.deepEqual(await preview(assocOfficer, ids.AS, "audience=members"), [ids.C1, ids.C2].sort());
    assert.deepEqual(await preview(assocOfficer, ids.AS, "audience=supervised"), []);
  });

  test("a chosen list outside the relations is refused, and nothing is sent", async () => {
    const r = await call(officer, "POST", url(ids.R), { kind: "alert", titleJa: "x", audience: "list", orgIds: [ids.C1, ids.C3] });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal((r.json() as { error: { code: string; field: string } }).error.code, "broadcast_outside_reach");
    const none = await call(assocOfficer, "POST", url(ids.AS), { kind: "alert", titleJa: "x", audience: "supervised" });
    assert.equal((none.json() as { error: { code: string } }).error.code, "broadcast_no_recipients");
    const count = await tp.p.db.system.selectFrom("network_broadcasts").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    assert.equal(count.n, "0");
  });

  test("a company cannot send (403), nor write a recipient row around the service (RLS)", async () => {
    const r = await call(c1Admin, "POST", url(ids.C1), { kind: "alert", titleJa: "x", audience: "related" });
    assert.equal(r.statusCode, 403, r.body);
    const p = await call(c1Admin, "GET", `${url(ids.C1, "/audience")}?audience=related`);
    assert.equal(p.statusCode, 403);
    // an officer's viewer cannot send either
    const viewer = await signedIn(tp.p, app, ids.R, "viewer");
    assert.equal((await call(viewer, "POST", url(ids.R), { kind: "alert", titleJa: "x", audience: "related" })).statusCode, 403);
    await assert.rejects(tp.p.db.tenant({ orgId: ids.C1 }, async (tx) => {
      const b = await tx.db.insertInto("network_broadcasts").values({ sender_org_id: ids.C1, kind: "alert", title_ja: "x", audience: "list" }).returning("id").executeTakeFirstOrThrow();
      await tx.db.insertInto("network_broadcast_recipients").values({ broadcast_id: b.id, sender_org_id: ids.C1, org_id: ids.C2, via: "supervised_by" }).execute();
    }), /row-level security/);
    // nor may the regulator slip an organisation of another sector in
    await assert.rejects(tp.p.db.tenant({ orgId: ids.R }, async (tx) => {
      const b = await tx.db.insertInto("network_broadcasts").values({ sender_org_id: ids.R, kind: "alert", title_ja: "x", audience: "list" }).returning("id").executeTakeFirstOrThrow();
      await tx.db.insertInto("network_broadcast_recipients").values({ broadcast_id: b.id, sender_org_id: ids.R, org_id: ids.C3, via: "supervised_by" }).execute();
    }), /row-level security/);
  });
});

describe("a drill request to the whole sector", () => {
  let v: BroadcastView;
  before(async () => {
    v = await send(officer, ids.R, {
      kind: "request", titleJa: "標的型メールへの注意と点検結果の報告", titleEn: "Targeted mail: report your check", bodyJa: "点検してください。",
      audience: "related", isDrill: true, reminderMinutes: 10, maxReminders: 2,
    });
  });

  test("one recipient row per organisation and one outbox message per duty-desk channel, labelled as a drill", async () => {
    assert.deepEqual(v.recipients.map((r) => r.org.id).sort(), [ids.C1, ids.C2, ids.AS].sort());
    assert.equal(v.stats?.recipients, 3);
    const rows = await outboxOf(v.broadcast.id);
    assert.equal(rows.length, 4, "C1 has two desk channels, C2 and AS one each");
    assert.deepEqual(rows.map((r) => r.org_id).sort(), [ids.C1, ids.C1, ids.C2, ids.AS].sort());
    assert.equal(new Set(rows.map((r) => r.idempotency_key)).size, 4);
    assert.ok(rows.every((r) => r.is_drill && r.round === 1));
    const m = messageOf(rows[0]!);
    assert.ok(m.subject.startsWith("【訓練】[DRILL]"), m.subject);
    assert.match(m.links[0]!.url, /\/ack\/broadcast\/[A-Za-z0-9_-]{20,}$/);
    const c1Links = rows.filter((r) => r.org_id === ids.C1).map((r) => messageOf(r).links[0]!.url);
    assert.equal(c1Links[0], c1Links[1], "one link per recipient, shared by its channels");
    assert.equal(v.recipients.find((r) => r.org.id === ids.C1)?.delivery?.messages, 2);
  });

  test("a recipient sees only its own row; another sector sees nothing", async () => {
    const mine = await call(c1Admin, "GET", url(ids.C1, `/${v.broadcast.id}`));
    assert.equal(mine.statusCode, 200, mine.body);
    const body = mine.json() as BroadcastView;
    assert.deepEqual(body.recipients.map((r) => r.org.id), [ids.C1]);
    assert.equal(body.stats, null);
    assert.equal(body.recipients[0]!.delivery, null);
    assert.equal((await call(c3Admin, "GET", url(ids.C3, `/${v.broadcast.id}`))).statusCode, 404);
    assert.equal((await call(c1Admin, "GET", url(ids.C1, `/${v.broadcast.id}/export`))).statusCode, 404, "the log is the sender's");
    assert.equal((await call(c1Admin, "GET", url(ids.C1, `/${v.broadcast.id}/report`))).statusCode, 404);
    const list = (await call(c1Admin, "GET", url(ids.C1))).json() as { received: { id: string }[]; sent: unknown[] };
    assert.deepEqual(list.received.map((b) => b.id), [v.broadcast.id]);
    // below the service: RLS gives C1 its own row only, and C3 neither the broadcast nor any row
    const seen = await tp.p.db.tenant({ orgId: ids.C1 }, (tx) => tx.db.selectFrom("network_broadcast_recipients").select("org_id").execute());
    assert.deepEqual(seen.map((r) => r.org_id), [ids.C1]);
    const c3 = await tp.p.db.tenant({ orgId: ids.C3 }, async (tx) => [
      ...(await tx.db.selectFrom("network_broadcasts").select("id").execute()),
      ...(await tx.db.selectFrom("network_broadcast_recipients").select("id").execute()),
      ...(await tx.db.selectFrom("network_outbox").select("id").where("broadcast_id", "is not", null).execute()),
    ]);
    assert.deepEqual(c3, []);
    // and C1 cannot touch C2's row
    const touched = await tp.p.db.tenant({ orgId: ids.C1 }, (tx) =>
      tx.db.updateTable("network_broadcast_recipients").set({ answer_text: "x" }).where("org_id", "=", ids.C2).returning("id").execute());
    assert.deepEqual(touched, []);
  });

  test("a viewer may read but not acknowledge", async () => {
    assert.equal((await call(c1Viewer, "GET", url(ids.C1, `/${v.broadcast.id}`))).statusCode, 200);
    assert.equal((await call(c1Viewer, "POST", url(ids.C1, `/${v.broadcast.id}/acknowledge`))).statusCode, 403);
  });

  test("concurrent acknowledgements of one recipient: one acknowledgement, one audit row", async () => {
    clock += 3 * 60_000;
    const rs = await Promise.all([c1Admin, c1Responder, c1Admin, c1Responder, c1Admin].map((s) => call(s, "POST", url(ids.C1, `/${v.broadcast.id}/acknowledge`))));
    assert.ok(rs.every((r) => r.statusCode === 200), rs.map((r) => r.body).join("\n"));
    const acks = rs.map((r) => (r.json() as BroadcastView).recipients[0]!);
    assert.equal(new Set(acks.map((a) => a.acknowledgedAt)).size, 1);
    assert.equal(acks[0]!.timeToAckMs, 3 * 60_000);
    assert.equal(acks[0]!.ackStep, 1);
    const audit = await tp.p.db.system.selectFrom("audit_events").select("id").where("org_id", "=", ids.C1).where("action", "=", "broadcast.acknowledge").execute();
    assert.equal(audit.length, 1);
  });

  test("the mail's link acknowledges once, without a login; a second use is refused", async () => {
    const row = (await outboxOf(v.broadcast.id)).find((r) => r.org_id === ids.C2)!;
    const token = messageOf(row).links[0]!.url.split("/").at(-1)!;
    clock += 60_000;
    const r = await app.inject({ method: "POST", url: `/api/v1/network/broadcast-links/${token}/acknowledge` });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as { acknowledged: boolean }).acknowledged, true);
    const again = await app.inject({ method: "POST", url: `/api/v1/network/broadcast-links/${token}/acknowledge` });
    assert.equal(again.statusCode, 400);
    assert.equal((again.json() as { error: { code: string } }).error.code, "broadcast_link_invalid");
    const forged = await app.inject({ method: "POST", url: `/api/v1/network/broadcast-links/${"A".repeat(43)}/acknowledge` });
    assert.equal(forged.statusCode, 400);
    const c2 = (await call(c2Admin, "GET", url(ids.C2, `/${v.broadcast.id}`))).json() as BroadcastView;
    assert.equal(c2.recipients[0]!.acknowledgedVia, "link");
    assert.equal(c2.recipients[0]!.timeToAckMs, 4 * 60_000);
  });

  test("an answer with a file: stored encrypted, downloaded by the sender, not by another recipient", async () => {
    const content = "点検結果: 不審メール 0 件\n";
    const boundary = "sokuho-answer";
    const payload = `--${boundary}\r\ncontent-disposition: form-data; name="answer"\r\n\r\n点検しました\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="点検結果.txt"\r\ncontent-type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    const r = await app.inject({
      method: "POST", url: url(ids.C1, `/${v.broadcast.id}/answer-file`),
      headers: { ...c1Responder.headers, "content-type": `multipart/form-data; boundary=${boundary}` }, payload,
    });
    assert.equal(r.statusCode, 200, r.body);
    const mine = (r.json() as BroadcastView).recipients[0]!;
    assert.equal(mine.answerText, "点検しました");
    assert.equal(mine.answerFile?.name, "点検結果.txt");
    assert.equal(mine.answerFile?.size, Buffer.byteLength(content));
    const board = (await call(officer, "GET", url(ids.R, `/${v.broadcast.id}`))).json() as BroadcastView;
    const c1 = board.recipients.find((x) => x.org.id === ids.C1)!;
    assert.equal(c1.answerText, "点検しました");
    const dl = await call(officer, "GET", url(ids.R, `/${v.broadcast.id}/recipients/${c1.id}/file`));
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.body, content);
    assert.equal((await call(c2Admin, "GET", url(ids.C2, `/${v.broadcast.id}/recipients/${c1.id}/file`))).statusCode, 404);
    // at rest the bytes are sealed: no stored file holds the plain text
    const files: string[] = [];
    const walk = (d: string) => { for (const f of readdirSync(d)) { const x = join(d, f); if (statSync(x).isDirectory()) walk(x); else files.push(x); } };
    walk(tp.config.evidenceDir);
    assert.ok(files.length >= 1);
    assert.ok(files.every((f) => !readFileSync(f).includes(Buffer.from("不審メール"))));
  });

  test("an alert takes no answer; a text answer acknowledges", async () => {
    const alert = await send(assocOfficer, ids.AS, { kind: "alert", titleEn: "Heads-up", audience: "members" });
    const r = await call(c2Admin, "POST", url(ids.C2, `/${alert.broadcast.id}/answer`), { answer: "ok" });
    assert.equal(r.statusCode, 400);
    assert.equal((r.json() as { error: { code: string } }).error.code, "broadcast_not_request");
    const t = await call(c2Admin, "POST", url(ids.C2, `/${v.broadcast.id}/answer`), { answer: "異常なし" });
    assert.equal(t.statusCode, 200, t.body);
    assert.equal((t.json() as BroadcastView).recipients[0]!.answerText, "異常なし");
  });

  test("reminders go out once per interval to whoever has not acknowledged, with one escalation inside it", async () => {
    const svc = createBroadcastService(tp.p);
    const start = Date.parse(v.broadcast.createdAt);
    clock = start + 9 * 60_000;
    assert.equal(await svc.remindDue(), 0, "not before the interval");
    clock = start + 10 * 60_000;
    const [a, b] = await Promise.all([svc.remindDue(), svc.remindDue()]);
    assert.equal(a + b, 1, "only AS is unacknowledged, reminded once even by two workers at once");
    assert.equal(await svc.remindDue(), 0, "once per interval");
    clock = start + 20 * 60_000;
    assert.equal(await svc.remindDue(), 1);
    clock = start + 30 * 60_000;
    assert.equal(await svc.remindDue(), 0, "at most maxReminders (2)");
    const rows = (await outboxOf(v.broadcast.id)).filter((r) => r.org_id === ids.AS);
    assert.deepEqual(rows.map((r) => r.round).sort(), [1, 2, 3]);
    assert.match(messageOf(rows.find((r) => r.round === 3)!).subject, /再通知 2/);
    assert.deepEqual(escalations.map((e) => e.orgId), [ids.AS], "escalated once, at the first reminder");
    assert.ok(escalations[0]!.titleJa.startsWith("【訓練】"));
    const board = (await call(officer, "GET", url(ids.R, `/${v.broadcast.id}`))).json() as BroadcastView;
    const as = board.recipients.find((r) => r.org.id === ids.AS)!;
    assert.equal(as.reminders, 2);
    assert.ok(as.escalatedAt);
    // acknowledging after the second reminder: step 3, timed from that reminder
    clock = start + 21 * 60_000;
    await call(assocOfficer, "POST", url(ids.AS, `/${v.broadcast.id}/acknowledge`));
    const after = (await call(officer, "GET", url(ids.R, `/${v.broadcast.id}`))).json() as BroadcastView;
    assert.equal(after.recipients.find((r) => r.org.id === ids.AS)!.ackStep, 3);
    assert.deepEqual(after.stats?.steps.map((s) => [s.step, s.acknowledged]), [[1, 2], [3, 1]]);
  });

  test("the log exports as CSV for Excel and as JSON with the same rows", async () => {
    const csv = await call(officer, "GET", url(ids.R, `/${v.broadcast.id}/export?format=csv`));
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    assert.ok(csv.body.startsWith("\uFEFF"));
    const lines = csv.body.slice(1).split("\r\n").filter(Boolean);
    assert.equal(lines.length, 4, "header and three organisations");
    assert.match(lines[0]!, /受領確認日時/);
    const json = await call(officer, "GET", url(ids.R, `/${v.broadcast.id}/export?format=json`));
    const doc = json.json() as { isDrill: boolean; rows: { recipientOrgId: string; timeToAcknowledgeSeconds: number | null; acknowledgedVia: string | null; answerText: string | null; reminders: number }[] };
    assert.equal(doc.isDrill, true);
    const byOrg = new Map(doc.rows.map((r) => [r.recipientOrgId, r]));
    assert.equal(byOrg.get(ids.C1)?.timeToAcknowledgeSeconds, 180);
    assert.equal(byOrg.get(ids.C2)?.acknowledgedVia, "link");
    assert.equal(byOrg.get(ids.C2)?.answerText, "異常なし");
    assert.equal(byOrg.get(ids.AS)?.reminders, 2);
    assert.ok(lines.slice(1).some((l) => l.includes("異常なし")));
  });

  test("the drill report names every organisation, the steps and the percentiles", async () => {
    const r = await call(officer, "GET", url(ids.R, `/${v.broadcast.id}/report?lang=ja`));
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers["content-type"]), /text\/html/);
    assert.match(r.body, /【訓練】/);
    assert.match(r.body, /連絡網訓練 結果報告/);
    for (const name of ["C1（テスト）", "C2（テスト）", "Travel assoc（テスト）"]) assert.ok(r.body.includes(name), name);
    assert.match(r.body, /再通知 2/);
    assert.match(r.body, /中央値/);
    const en = await call(officer, "GET", url(ids.R, `/${v.broadcast.id}/report?lang=en`));
    assert.match(en.body, /\[DRILL\]/);
    const pdf = await app.inject({ method: "GET", url: url(ids.R, `/${v.broadcast.id}/report?lang=ja&format=pdf`), headers: officer.headers });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers["content-type"], "application/pdf");
    const text = pdfText(pdf.rawPayload);
    assert.match(text, /【訓練】/);
    for (const name of ["C1（テスト）", "Travel assoc（テスト）", "再通知 2"]) assert.ok(text.includes(name), `the PDF says ${name}`);
    assert.ok(pdfFonts(pdf.rawPayload).every((f) => f.embedded), "fonts embedded");
    assert.equal((await call(c1Admin, "GET", url(ids.C1, `/${v.broadcast.id}/report?format=pdf`))).statusCode, 404);
  });

  test("closing stops reminders and answers", async () => {
    const b2 = await send(officer, ids.R, { kind: "request", titleJa: "締切テスト", audience: "supervised", reminderMinutes: 1 });
    const closed = await call(officer, "POST", url(ids.R, `/${b2.broadcast.id}/close`));
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal((await call(officer, "POST", url(ids.R, `/${b2.broadcast.id}/close`))).statusCode, 409);
    clock += 5 * 60_000;
    const svc = createBroadcastService(tp.p);
    await svc.remindDue();
    const rows = await outboxOf(b2.broadcast.id);
    assert.ok(rows.every((r) => r.round === 1));
    const ans = await call(c1Admin, "POST", url(ids.C1, `/${b2.broadcast.id}/answer`), { answer: "late" });
    assert.equal((ans.json() as { error: { code: string } }).error.code, "broadcast_closed");
  });

  test("without a replacement, the escalation is a page on the recipient's desk (drill-labelled, once)", async () => {
    setBroadcastEscalation(tp.p, null);
    const b3 = await send(officer, ids.R, { kind: "alert", titleJa: "エスカレーション確認", audience: "supervised", isDrill: true, reminderMinutes: 1, maxReminders: 2 });
    const svc = createBroadcastService(tp.p);
    clock = Date.parse(b3.broadcast.createdAt) + 60_000;
    assert.equal(await svc.remindDue(), 2);
    clock += 60_000;
    assert.equal(await svc.remindDue(), 2);
    const pages = await tp.p.db.system.selectFrom("network_pages").select(["id", "org_id", "source_kind", "source_id", "is_drill", "title_ja"])
      .where("source_id", "=", b3.broadcast.id).execute();
    assert.deepEqual(pages.map((x) => x.org_id).sort(), [ids.C1, ids.C2].sort(), "one page per unacknowledged recipient, not one per reminder");
    assert.ok(pages.every((x) => x.source_kind === "broadcast" && x.is_drill && x.title_ja.startsWith("【訓練】")));
    const rows = await tp.p.db.system.selectFrom("network_broadcast_recipients").select(["org_id", "escalated_page_id"]).where("broadcast_id", "=", b3.broadcast.id).execute();
    for (const r of rows) assert.equal(r.escalated_page_id, pages.find((x) => x.org_id === r.org_id)?.id);
  });
});
