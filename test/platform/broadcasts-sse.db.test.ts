/**
 * The live board over Server-Sent Events: two boards on one server process see an acknowledgement made through a
 * second server process on the same database (PostgreSQL LISTEN/NOTIFY, no in-process shortcut); a board that
 * reconnects with Last-Event-ID gets only what it missed; heartbeats; only the sender's members may watch.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import { bootPlatform, type Booted } from "../../src/platform/bootstrap.js";
import { buildServer, type Api } from "../../src/platform/http/server.js";
import { ROUTES } from "../../src/capabilities/index.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { SSE_TIMING } from "../../src/capabilities/network/broadcasts-routes.js";
import type { BroadcastRecipient, BroadcastView } from "../../src/capabilities/network/broadcasts-contract.js";

type Stream = { status: number; events: { id: string; data: BroadcastRecipient }[]; raw: string; close: () => void };

let tp: TestPlatform;
let app: Api;
let other: Booted;
let app2: Api;
let baseUrl = "";
const ids = { R: "", C1: "", C2: "" };
let officer: Session;
let c1: Session;
let c2: Session;
let broadcastId = "";

const open = (path: string, headers: Record<string, string>): Promise<Stream> =>
  new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}${path}`, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      res.setEncoding("utf8");
      const s: Stream = { status: res.statusCode ?? 0, events: [], raw: "", close: () => req.destroy() };
      let buf = "";
      res.on("data", (chunk: string) => {
        s.raw += chunk;
        buf += chunk;
        for (let i = buf.indexOf("\n\n"); i >= 0; i = buf.indexOf("\n\n")) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field("data");
          if (data && field("event") === "recipient") s.events.push({ id: field("id")!, data: JSON.parse(data) as BroadcastRecipient });
        }
      });
      res.on("error", () => {});
      resolve(s);
    });
    req.on("error", reject);
  });

const waitFor = async (what: string, ok: () => boolean, ms = 5000): Promise<void> => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

before(async () => {
  SSE_TIMING.heartbeatMs = 150;
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // A second server process on the same database: acknowledgements made there must reach boards served here.
  other = await bootPlatform(tp.config);
  app2 = await buildServer(other.platform, ROUTES, { serveWeb: false });
  await app2.ready();
  const orgs = createOrgService(tp.p);
  const [R, C1, C2] = [await makeOrg(tp.p, "regulator", "Reg"), await makeOrg(tp.p, "company", "One"), await makeOrg(tp.p, "company", "Two")];
  Object.assign(ids, { R: R.id, C1: C1.id, C2: C2.id });
  await orgs.relate(C1.id, R.id, "supervised_by");
  await orgs.relate(C2.id, R.id, "supervised_by");
  officer = await signedIn(tp.p, app, R.id, "regulator-officer");
  c1 = await signedIn(tp.p, app, C1.id, "org-admin");
  c2 = await signedIn(tp.p, app, C2.id, "responder");
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${R.id}/broadcasts`, headers: officer.headers, payload: { kind: "alert", titleJa: "訓練", audience: "supervised", isDrill: true } });
  assert.equal(r.statusCode, 201, r.body);
  broadcastId = (r.json() as BroadcastView).broadcast.id;
});
after(async () => {
  await app2.close();
  await other.close();
  await app.close();
  await tp.close();
});

const path = () => `/api/v1/orgs/${ids.R}/broadcasts/${broadcastId}/events`;

test("two boards see, live, an acknowledgement made through another server process; a reconnect resumes", async () => {
  const a = await open(path(), { cookie: officer.headers.cookie! });
  const b = await open(path(), { cookie: officer.headers.cookie! });
  try {
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    await waitFor("the first snapshot", () => a.events.length === 2 && b.events.length === 2);
    assert.ok(a.events.every((e) => e.data.acknowledgedAt === null));
    await waitFor("a heartbeat", () => a.raw.includes(": ping"));

    const ack = await app2.inject({ method: "POST", url: `/api/v1/orgs/${ids.C1}/broadcasts/${broadcastId}/acknowledge`, headers: c1.headers });
    assert.equal(ack.statusCode, 200, ack.body);
    for (const s of [a, b]) await waitFor("C1's acknowledgement", () => s.events.some((e) => e.data.org.id === ids.C1 && e.data.acknowledgedAt !== null));
    const last = a.events.at(-1)!;
    assert.equal(last.data.org.id, ids.C1);
    assert.equal(last.data.acknowledgedVia, "ui");
    assert.ok(BigInt(last.id) > BigInt(a.events[0]!.id), "event ids grow");

    // a board that lost its connection resumes from the last id it saw: nothing old again, only what it missed
    a.close();
    const ack2 = await app2.inject({ method: "POST", url: `/api/v1/orgs/${ids.C2}/broadcasts/${broadcastId}/acknowledge`, headers: c2.headers });
    assert.equal(ack2.statusCode, 200);
    const resumed = await open(path(), { cookie: officer.headers.cookie!, "last-event-id": last.id });
    try {
      await waitFor("C2's acknowledgement after resuming", () => resumed.events.length >= 1);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(resumed.events.map((e) => e.data.org.id), [ids.C2]);
    } finally {
      resumed.close();
    }
    await waitFor("C2 on the board that stayed", () => b.events.some((e) => e.data.org.id === ids.C2 && e.data.acknowledgedAt !== null));
  } finally {
    a.close();
    b.close();
  }
});

test("only the sender's members may watch: a recipient gets 404, no session 401", async () => {
  const rec = await open(path().replace(ids.R, ids.C1), { cookie: c1.headers.cookie! });
  rec.close();
  assert.equal(rec.status, 404);
  const anon = await open(path(), {});
  anon.close();
  assert.equal(anon.status, 401);
});
