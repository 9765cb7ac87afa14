/**
 * Mail analysis runs in a worker thread, not on the HTTP event loop: while an archive bomb is being opened the server
 * answers other requests, and an analysis past its time limit fails with a sentence (ja/en) naming the file and the
 * part it was in, stores nothing, and leaves the server and the next upload working.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { analyseMail } from "../../src/engines/mail/analyse.js";
import { buildMail, corpus, makeZip } from "../../src/engines/mail/corpus.js";
import type { MailReport } from "../../src/capabilities/triage/contract.js";
import { multipart } from "./triage-fixtures.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let responder: Session;
let incidentId: string;
type ErrorBody = { error: { code: string; field?: string; message: string } };

const inject = (s: Session, method: "GET" | "POST", url: string, body?: object, lang = "en") =>
  app.inject({ method, url: `/api/v1/orgs/${orgId}${url}`, headers: { ...s.headers, "accept-language": lang, ...(body && "headers" in body ? (body.headers as Record<string, string>) : {}) }, ...(body && "payload" in body ? { payload: body.payload as Buffer } : body ? { payload: body } : {}) });
const upload = (name: string, bytes: Buffer, lang = "en") => inject(responder, "POST", `/incidents/${incidentId}/mail-reports`, multipart({ name, bytes }), lang);
const reportCount = async (): Promise<string> =>
  (await tp.p.db.system.selectFrom("mail_reports").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n;

// three entries of 24 MiB, zeros with a pseudo-random byte every 256 (about 70:1, under the engine's 1,000:1 ratio
// limit, so they are really inflated and hashed up to its 64 MiB budget: the analysis spends time inside the archive)
const sparse = (seed: number): Buffer => {
  const b = Buffer.alloc(24 << 20);
  let x = seed;
  for (let i = 0; i < b.length; i += 256) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
};
const bomb = buildMail({
  from: "a@bomb.example", subject: "請求書", parts: [{ kind: "text", text: "添付をご確認ください。" },
    { kind: "file", name: "bomb.zip", type: "application/zip", data: makeZip(Array.from({ length: 3 }, (_, i) => ({ name: `z${i}.bin`, data: sparse(i + 1) }))) }],
});

/**
 * The time (ms) the event loop spent running code while `work` ran (not waiting for I/O). Unlike the longest
 * pause between timer ticks, it does not grow when a loaded machine takes the CPU from an idle loop.
 */
const loopBusy = async <T>(work: () => Promise<T>): Promise<{ value: T; busy: number }> => {
  const start = performance.eventLoopUtilization();
  const value = await work();
  return { value, busy: performance.eventLoopUtilization(start).active };
};

before(async () => {
  tp = await testPlatform();
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company", "Travel Co")).id;
  responder = await signedIn(tp.p, app, orgId, "responder");
  incidentId = ((await inject(responder, "POST", "/incidents", { title: "標的型メール" })).json() as { incident: { id: string } }).incident.id;
  // the first mail starts the worker thread
  assert.equal((await upload("first.eml", corpus()[0]!.bytes)).statusCode, 201);
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("mail analysis in a worker thread", () => {
  test("the server answers other requests while an archive bomb is analysed; its event loop works far less than in-thread", async () => {
    let answered = 0;
    let settled = false;
    const { value: res, busy } = await loopBusy(async () => {
      const pending = upload("bomb.eml", bomb).finally(() => (settled = true));
      while (!settled) {
        const r = await app.inject({ method: "GET", url: "/healthz" });
        if (r.statusCode === 200 && !settled) answered++;
        // every 20 ms, not 5: the polling is this loop's own work, and at 5 ms it had taken most of the busy time
        // measured here on a slow run (251 ms against 225 ms for the whole analysis in-thread)
        await new Promise((r) => setTimeout(r, 20));
      }
      return pending;
    });
    // the same analysis on this thread, for comparison on this machine at this moment
    const inThread = await loopBusy(() => analyseMail(bomb));
    assert.equal(res.statusCode, 201, res.body);
    const rep = (res.json() as { report: MailReport }).report;
    assert.match(rep.signals.find((s) => s.id === "archive_limit")?.evidence.part ?? "", /^attachment 1 \(bomb\.zip\) > z\d\.bin$/);
    assert.ok(answered >= 2, `other requests answered during the analysis: ${answered}`);
    assert.ok(busy < inThread.busy, `event loop busy ${busy.toFixed(0)} ms during the upload, ${inThread.busy.toFixed(0)} ms analysing in-thread`);
  });

  test("past its time limit the analysis fails with a sentence naming the file and the part, in ja and en; nothing stored; the next upload works", async () => {
    const before = await reportCount();
    const messages: string[] = [];
    // shorter and longer limits: at some of them the worker is inside the archive when it is stopped
    for (const ms of [1, 20, 40, 80, 160, 320, 640, 1280]) {
      tp.p.config.mail.timeoutMs = ms;
      const r = await upload("bomb.eml", bomb);
      if (r.statusCode === 201) break;
      assert.equal(r.statusCode, 400, r.body);
      const e = (r.json() as ErrorBody).error;
      assert.equal(e.field, "body.file");
      assert.match(e.message, /^File: bomb\.eml: the analysis did not finish within its time limit \(\d+ s\) and was stopped/);
      messages.push(e.message);
      if (/while inspecting/.test(e.message)) break;
    }
    assert.ok(messages.length > 0, "at least the 1 ms limit stops it");
    assert.ok(messages.some((m) => /while inspecting attachment 1 \(bomb\.zip\)/.test(m)), messages.join("\n"));
    tp.p.config.mail.timeoutMs = 1;
    const ja = (await upload("bomb.eml", bomb, "ja")).json() as ErrorBody;
    assert.match(ja.error.message, /bomb\.eml: 解析が制限時間（\d+ 秒）内に終わらなかったため中止しました/);
    tp.p.config.mail.timeoutMs = 30_000;
    const stored = (await reportCount()) === before ? 0 : 1;
    const ok = await upload("jtb.eml", corpus()[0]!.bytes);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal((ok.json() as { report: MailReport }).report.verdict, "malicious");
    // a stopped analysis stored nothing (a 201 in the ladder above, when the machine was fast enough, stored one)
    assert.ok(Number(await reportCount()) - Number(before) === 1 + stored);
  });
});
