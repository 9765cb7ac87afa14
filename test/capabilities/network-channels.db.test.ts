/**
 * Channels through the API: a member manages their own, the org-admin the duty desk's and reads everyone's; a
 * webhook's secret is shown once; a test message goes through the outbox and the worker started with the
 * platform; a webhook that always fails is disabled and its owner reads why (ja/en), and re-enabling resets it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import type { ChannelsResponse, CreatedChannel, DeliveriesResponse } from "../../src/capabilities/network/channel-contract.js";
import { channelsForUsers, deskChannels } from "../../src/capabilities/network/channel-service.js";

let tp: TestPlatform;
let app: Api;
before(async () => {
  // The worker runs with the platform here (as in `sokuho serve`), fast, and gives up on a channel after 3 failures.
  tp = await testPlatform({ overrides: { network: { worker: true, pollMs: 50, backoffBaseMs: 30, backoffMaxMs: 100, disableAfter: 3, maxAttempts: 20 } } });
  app = await testApi(tp.p);
});
after(async () => {
  await app.close();
  await tp.close();
});

const until = async (fn: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

test("members keep their own channels, the org-admin the desk's; others see masked addresses; the secret is shown once", async () => {
  const org = await makeOrg(tp.p, "company");
  const admin = await signedIn(tp.p, app, org.id, "org-admin");
  const responder = await signedIn(tp.p, app, org.id, "responder");
  const other = await signedIn(tp.p, app, org.id, "viewer");
  const base = `/api/v1/orgs/${org.id}/network/channels`;

  const mine = await app.inject({ method: "POST", url: base, headers: responder.headers, payload: { kind: "email", label: "会社", address: "Responder@Example.jp" } });
  assert.equal(mine.statusCode, 201, mine.body);
  const hook = await app.inject({ method: "POST", url: base, headers: responder.headers, payload: { kind: "webhook", webhookFormat: "slack", address: "https://hooks.slack.example/T/B/x" } });
  const created = hook.json() as CreatedChannel;
  assert.match(created.secret ?? "", /^whsec_/);
  assert.equal((mine.json() as CreatedChannel).secret, null);

  // Only an org-admin adds to the duty desk.
  const deskByResponder = await app.inject({ method: "POST", url: base, headers: responder.headers, payload: { kind: "email", address: "desk@example.jp", desk: true } });
  assert.equal(deskByResponder.statusCode, 403);
  const desk = await app.inject({ method: "POST", url: base, headers: admin.headers, payload: { kind: "email", address: "desk@example.jp", desk: true } });
  assert.equal(desk.statusCode, 201);
  const phone = await app.inject({ method: "POST", url: base, headers: other.headers, payload: { kind: "sms", address: "090-1234" } });
  assert.equal(phone.statusCode, 400, "a phone number in E.164");
  const badHook = await app.inject({ method: "POST", url: base, headers: other.headers, payload: { kind: "webhook", webhookFormat: "teams", address: "ftp://x.example/" } });
  assert.equal(badHook.statusCode, 400);

  const seenByResponder = (await app.inject({ method: "GET", url: base, headers: responder.headers })).json() as ChannelsResponse;
  assert.equal(seenByResponder.channels.length, 3, "own two and the desk's");
  assert.equal(seenByResponder.channels.find((c) => c.kind === "email" && c.userId)!.address, "Responder@Example.jp");
  assert.notEqual(seenByResponder.channels.find((c) => c.userId === null)!.address, "desk@example.jp", "the desk's address is masked for a non-admin");
  assert.ok(!JSON.stringify(seenByResponder).includes(created.secret!), "the secret is never listed");
  const seenByViewer = (await app.inject({ method: "GET", url: base, headers: other.headers })).json() as ChannelsResponse;
  assert.equal(seenByViewer.channels.length, 1, "a member sees the desk, not another member's channels");
  const seenByAdmin = (await app.inject({ method: "GET", url: base, headers: admin.headers })).json() as ChannelsResponse;
  assert.equal(seenByAdmin.channels.length, 3);
  const responderMail = seenByAdmin.channels.find((c) => c.kind === "email" && c.userId)!;
  assert.equal(responderMail.policies.manage, false, "an org-admin reads a member's channel but does not change it");
  assert.equal(responderMail.address, "Re…@Example.jp");

  // Another member cannot remove it (404: they do not see it); the admin cannot either (403); the owner can.
  const id = responderMail.id;
  assert.equal((await app.inject({ method: "DELETE", url: `${base}/${id}`, headers: other.headers })).statusCode, 404);
  assert.equal((await app.inject({ method: "DELETE", url: `${base}/${id}`, headers: admin.headers })).statusCode, 403);

  // What pages and broadcasts use: decrypted, enabled only.
  const resolved = await tp.p.db.systemTx(async (tx) => ({ users: await channelsForUsers(tx, tp.p.keys, org.id, [responder.userId]), desk: await deskChannels(tx, tp.p.keys, org.id) }));
  assert.deepEqual(resolved.users.map((d) => [d.kind, d.address]).sort(), [["email", "Responder@Example.jp"], ["webhook", "https://hooks.slack.example/T/B/x"]]);
  assert.deepEqual(resolved.desk.map((d) => d.address), ["desk@example.jp"]);

  assert.equal((await app.inject({ method: "DELETE", url: `${base}/${id}`, headers: responder.headers })).statusCode, 204);
  const audit = await tp.p.db.system.selectFrom("audit_events").select(["action", "after", "before"]).where("org_id", "=", org.id).where("object_type", "=", "network_channel").execute();
  assert.deepEqual(audit.map((a) => a.action).sort(), ["channel.create", "channel.create", "channel.create", "channel.delete"]);
  assert.ok(!JSON.stringify(audit).toLowerCase().includes("example.jp"), "no address in the audit log");
});

test("a test message goes through the outbox and the platform's worker to the dev maildir", async () => {
  const org = await makeOrg(tp.p, "company");
  const member = await signedIn(tp.p, app, org.id, "responder");
  const base = `/api/v1/orgs/${org.id}/network/channels`;
  const ch = (await app.inject({ method: "POST", url: base, headers: member.headers, payload: { kind: "email", label: "私用", address: "me.test@example.jp" } })).json() as CreatedChannel;
  const r = await app.inject({ method: "POST", url: `${base}/${ch.channel.id}/test`, headers: { ...member.headers, "accept-language": "en" } });
  assert.equal(r.statusCode, 202, r.body);
  const dir = join(tp.config.maildir, "new");
  await until(async () => existsSync(dir) && readdirSync(dir).some((f) => readFileSync(join(dir, f), "utf8").includes("me.test@example.jp")));
  const log = (await app.inject({ method: "GET", url: `${base}/${ch.channel.id}/deliveries`, headers: { ...member.headers, "accept-language": "en" } })).json() as DeliveriesResponse;
  assert.equal(log.deliveries.length, 1);
  assert.equal(log.deliveries[0]!.outcome, "sent");
  assert.equal(log.deliveries[0]!.sentence, "Accepted by the receiver.");
});

test("a webhook that always fails is disabled after the limit, its owner reads why, and enabling starts again", async () => {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(503).end("down for maintenance, contact someone@example.jp");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  try {
    const org = await makeOrg(tp.p, "company");
    const member = await signedIn(tp.p, app, org.id, "responder");
    const base = `/api/v1/orgs/${org.id}/network/channels`;
    const ch = (await app.inject({ method: "POST", url: base, headers: member.headers, payload: { kind: "webhook", webhookFormat: "teams", address: url } })).json() as CreatedChannel;
    const id = ch.channel.id;
    assert.equal((await app.inject({ method: "POST", url: `${base}/${id}/test`, headers: member.headers })).statusCode, 202);
    const list = async (locale: string) => ((await app.inject({ method: "GET", url: base, headers: { ...member.headers, "accept-language": locale } })).json() as ChannelsResponse).channels.find((c) => c.id === id)!;
    await until(async () => (await list("ja")).disabled !== null);
    const ja = (await list("ja")).disabled!;
    assert.equal(ja.code, "http_status");
    assert.equal(ja.status, 503);
    assert.equal(ja.reason, "3 回続けて失敗したため停止しました。最後の失敗: 受信側がエラーを返しました（HTTP 503）。 宛先を確認してから、再開してください。");
    assert.match((await list("en")).disabled!.reason, /^Disabled after 3 failures in a row\. The last one: The receiver answered with an error \(HTTP 503\)\./);
    // Nothing more is sent to a disabled channel: the message is dead with "disabled" in the log.
    await until(async () => (await tp.p.db.system.selectFrom("network_outbox").select("state").where("channel_id", "=", id).executeTakeFirstOrThrow()).state === "dead");
    const hitsWhenDisabled = hits;
    assert.equal(hitsWhenDisabled, 3);
    const log = (await app.inject({ method: "GET", url: `${base}/${id}/deliveries`, headers: member.headers })).json() as DeliveriesResponse;
    assert.deepEqual(log.deliveries.map((d) => d.errorCode), ["disabled", "http_status", "http_status", "http_status"]);
    assert.ok(!JSON.stringify(log).includes("someone@example.jp"), "the receiver's text is never kept");

    // Another member cannot re-enable it; the owner can, and the count starts again.
    const stranger = await signedIn(tp.p, app, org.id, "responder");
    assert.equal((await app.inject({ method: "POST", url: `${base}/${id}/enable`, headers: stranger.headers })).statusCode, 404);
    const enabled = await app.inject({ method: "POST", url: `${base}/${id}/enable`, headers: member.headers });
    assert.equal(enabled.statusCode, 200, enabled.body);
    const after = (enabled.json() as { channel: ChannelsResponse["channels"][number] }).channel;
    assert.equal(after.disabled, null);
    assert.equal(after.consecutiveFailures, 0);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
