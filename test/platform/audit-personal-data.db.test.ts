/**
 * The audit log cannot be erased, so it must never hold personal data: every write the factories and the API can
 * make is done with known personal values in each free-text field, and then every audit row is searched for them.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import type { TestPlatform } from "../support/platform.js";
import { makeMember, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { useCompanyWorld } from "../support/world.js";

// A person as the free text of an incident would name them.
const NAME = "山田 花子";
const NAME2 = "佐藤一郎";
const EMAIL = "hanako.yamada@example.jp";
const PHONE = "090-1234-5678";
const ADDRESS = "東京都千代田区霞が関1-2-3";
const PERSONAL = [NAME, NAME2, EMAIL, PHONE, ADDRESS, "ヤマダ ハナコ", "hanako"];

const world = useCompanyWorld({ jobs: false });
let tp: TestPlatform;
let app: Api;
let orgId: string;
let admin: Session;
before(async () => void ({ tp, app, orgId, admin } = await world()));

const call = async <T = unknown>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, payload?: object): Promise<T> => {
  const r = await app.inject({ method, url: `/api/v1/orgs/${orgId}${path}`, headers: admin.headers, ...(payload ? { payload } : {}) });
  assert.ok(r.statusCode < 300, `${method} ${path}: ${r.statusCode} ${r.body}`);
  return (r.body ? r.json() : {}) as T;
};

const multipart = async (name: string, data: Buffer, description: string) => {
  const fd = new FormData();
  fd.append("description", description);
  fd.append("file", new Blob([data]), name);
  const req = new Request("http://sokuho.test/", { method: "POST", body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type") ?? "" };
};

test("no audit row holds a name, e-mail, phone number or address written anywhere in free text", async () => {
  const text = `${NAME}（${EMAIL}, ${PHONE}, ${ADDRESS}）`;
  await makeMember(tp.p, orgId, "viewer", EMAIL);
  await call("POST", "/members", { email: `other.${EMAIL}`, displayName: NAME, role: "responder" });
  await call("POST", "/tokens", { name: `${NAME}のPC`, role: "viewer", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });

  const inc = await call<{ incident: { id: string } }>("POST", "/incidents", { title: `${NAME}様の会員情報流出` });
  const id = inc.incident.id;
  await call("PATCH", `/incidents/${id}`, { title: `${NAME2}様の件` });
  await call("PUT", `/incidents/${id}/clocks/detected`, { at: "2026-01-05T09:00:00+09:00", evidence: `${NAME2}から電話 ${PHONE}` });

  const d = await call<{ decision: { id: string } }>("POST", `/incidents/${id}/decisions`, {
    kind: "cut_off_external", title: `${NAME}の端末を遮断`, authorityRole: "CISO", decidedBy: NAME, options: [`${NAME2}に確認`],
    decision: `${EMAIL} 宛の通信を遮断`, decidedAt: "2026-01-05T10:00:00+09:00", executor: NAME2,
  });
  await call("PATCH", `/incidents/${id}/decisions/${d.decision.id}`, { executor: `${NAME2}（${PHONE}）`, executedAt: "2026-01-05T11:00:00+09:00" });

  const ev = await call<{ event: { id: string } }>("POST", `/incidents/${id}/timeline`, { at: "2026-01-05T09:30:00+09:00", kind: "note", text, source: NAME });
  await call("POST", `/incidents/${id}/timeline/${ev.event.id}/corrections`, { text: `${text} 訂正`, reason: `${NAME2}の指摘` });

  await call("POST", `/incidents/${id}/tasks`, { title: `${NAME}に連絡する` });
  const tasks = await app.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/incidents/${id}/tasks`, headers: admin.headers });
  const taskId = (tasks.json() as { tasks: Array<{ id: string }> }).tasks[0]!.id;
  await call("PATCH", `/incidents/${id}/tasks/${taskId}`, { title: `${NAME2}に連絡する`, status: "done" });
  await call("DELETE", `/incidents/${id}/tasks/${taskId}`);

  const ind = await call<{ indicator?: { id: string }; indicators?: Array<{ id: string }> }>("POST", `/incidents/${id}/indicators`,
    { type: "email-addr", value: EMAIL, description: `${NAME}宛の不審メール` });
  const indicatorId = ind.indicator?.id ?? ind.indicators![0]!.id;
  await call("PATCH", `/incidents/${id}/indicators/${indicatorId}`, { description: `${NAME2}も受信` });

  const asset = await call<{ asset: { id: string } }>("POST", "/assets", { hostname: "pc-yamada01", owner: `${NAME}（${PHONE}）`, role: `${NAME}の業務PC` });
  await call("PATCH", `/assets/${asset.asset.id}`, { owner: NAME2, role: `${NAME2}の業務PC` });
  await call("POST", "/assets/import", { csv: `hostname,owner,role\npc-sato01,${NAME2},${NAME}の予備機\npc-yamada01,${NAME},${EMAIL}\n` });
  await call("POST", `/incidents/${id}/assets`, { assetId: asset.asset.id, compromise: "suspected", note: `${NAME}が使用` });
  await call("PATCH", `/incidents/${id}/assets/${asset.asset.id}`, { note: `${NAME2}も使用` });

  const f = await multipart(`${NAME}_顧客一覧.csv`, Buffer.from(`name,email\n${NAME},${EMAIL}\n`), `${NAME2}から受領`);
  const up = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents/${id}/evidence`, headers: { ...admin.headers, "content-type": f.contentType }, payload: f.payload });
  assert.equal(up.statusCode, 201, up.body);
  const evidenceId = (up.json() as { evidence: { id: string } }).evidence.id;
  await call("POST", `/incidents/${id}/evidence/${evidenceId}/custody`, { action: "transferred", note: `${NAME2}へ手渡し ${PHONE}` });

  const rows = await tp.p.db.system.selectFrom("audit_events").selectAll().execute();
  assert.ok(rows.length >= 20, `the writes above recorded ${rows.length} audit rows`);
  const actions = new Set(rows.map((r) => r.action));
  for (const a of ["decision.add", "decision.update", "timeline.add", "timeline.correct", "task.update", "incident.clock", "asset.import.batch", "evidence.upload", "indicator.update"]) {
    assert.ok(actions.has(a), `the scan covers ${a}`);
  }
  for (const r of rows) {
    const json = JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? "" : v));
    for (const value of PERSONAL) assert.ok(!json.includes(value), `audit row ${r.seq} (${r.action}) holds "${value}": ${json}`);
  }
  // What changed is still said, by field name.
  const update = rows.find((r) => r.action === "decision.update")!;
  const changed = (update.after as { changed: string[] }).changed;
  assert.ok(changed.includes("executor") && changed.includes("executedAt") && !changed.includes("title"), String(changed));
});
