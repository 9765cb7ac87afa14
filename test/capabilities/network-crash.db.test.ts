/**
 * The crash test of issue 10: a 1,000-recipient broadcast drained by a separate `sokuho worker` and by `sokuho
 * serve` (its inline worker); both are killed with SIGKILL twice in the middle, then restarted. At Postfix's
 * Maildir every recipient has exactly one message. The same for a real broadcast (the regulator's send: recipient
 * rows, links and outbox rows in one transaction) to 40 organisations' duty desks. Needs the MTA (skipped without
 * SOKUHO_TEST_SMTP_URL; CI sets it).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { TEST_SECRET_HEX, testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn } from "../support/factories.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import type { BroadcastView } from "../../src/capabilities/network/broadcasts-contract.js";
import { encrypt } from "../../src/platform/crypto/keys.js";
import { destinationHash, enqueueMessages, type QueuedMessage } from "../../src/capabilities/network/outbox.js";
import { SMTP_SKIP, SMTP_URL, countByRecipient, waitForDelivered } from "../support/maildir.js";

const N = 1000;
const ACCEPT_LOG = process.env.SOKUHO_TEST_SMTP_LOG ?? "/var/log/postfix.log";
let tp: TestPlatform;
let dataDir: string;
before(async () => {
  tp = await testPlatform({ jobs: false });
  dataDir = mkdtempSync(join(tmpdir(), "sokuho-crash-"));
});
/** Every child started, so that a failed test cannot leave a server running (it would keep this file alive). */
const children = new Set<ChildProcess>();
after(async () => {
  for (const c of children) c.kill("SIGKILL");
  await tp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `sokuho worker` or `sokuho serve` on the test database; resolves once it says it runs. */
const start = async (args: string[]): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ["bin/sokuho.js", ...args], {
    env: {
      ...process.env,
      DATABASE_URL: tp.databaseUrl, SOKUHO_SECRET_KEY: TEST_SECRET_HEX, SOKUHO_SMTP_URL: SMTP_URL, SOKUHO_SMTP_ACCEPT_LOG: ACCEPT_LOG,
      SOKUHO_NETWORK_LEASE_SECONDS: "8", SOKUHO_DEMO_SEED: "false", SOKUHO_DATA_DIR: dataDir, SOKUHO_LOG_LEVEL: "warn", SOKUHO_JOBS: "inline",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${out}`)), 120_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (/sokuho worker running|sokuho is running at/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${args[0]} exited (${code}): ${out}`)));
  });
  child.removeAllListeners("exit");
  child.once("exit", () => children.delete(child));
  return child;
};

const kill9 = async (c: ChildProcess) => {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once("exit", r));
  c.kill("SIGKILL");
  await exited;
};

const counts = async (broadcastId: string) => {
  const rows = await tp.p.db.system.selectFrom("network_outbox").select(["state"]).select((eb) => eb.fn.countAll<string>().as("n")).where("broadcast_id", "=", broadcastId).groupBy("state").execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])) as Record<string, number>;
};

const until = async (fn: () => Promise<boolean>, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test("kill -9 of the worker and the server in the middle of a 1,000-recipient broadcast: exactly one message each at the MTA", { skip: SMTP_SKIP, timeout: 600_000 }, async () => {
  const org = await makeOrg(tp.p, "association");
  const tag = `k${randomUUID().slice(0, 8)}`;
  const channels = await tp.p.db.system
    .insertInto("network_channels")
    .values(Array.from({ length: N }, (_, i) => {
      const address = `root+${tag}-${String(i).padStart(4, "0")}@localhost`;
      return { org_id: org.id, kind: "email" as const, label: address, address_enc: encrypt(tp.p.keys.encryption, address), address_hash: destinationHash(tp.p.keys, "email", address) };
    }))
    .returning(["id", "label"])
    .execute();
  const broadcastId = randomUUID();
  const messages: QueuedMessage[] = channels.map((c) => ({
    orgId: org.id,
    idempotencyKey: `crash:${broadcastId}:${c.id}`,
    destination: { channelId: c.id, kind: "email", address: c.label, webhookFormat: null },
    message: { locale: "ja", subject: "【訓練】連絡網", text: "訓練です。", links: [], isDrill: true },
    cause: { broadcastId, step: 0, round: 0 },
  }));

  let worker = await start(["worker"]);
  let server = await start(["serve", "--port", "0"]);
  await tp.p.db.systemTx((tx) => enqueueMessages(tx, tp.p.keys, messages));
  const inFlightAtKill: number[] = [];
  for (const threshold of [N * 0.25, N * 0.6]) {
    await until(async () => ((await counts(broadcastId)).sent ?? 0) >= threshold, 300_000, `${threshold} sent`);
    await Promise.all([kill9(worker), kill9(server)]);
    inFlightAtKill.push((await counts(broadcastId)).sending ?? 0);
    [worker, server] = await Promise.all([start(["worker"]), start(["serve", "--port", "0"])]);
  }
  try {
    await until(async () => ((await counts(broadcastId)).sent ?? 0) === N, 300_000, "all sent");
  } finally {
    await Promise.all([kill9(worker), kill9(server)]);
  }
  const final = await counts(broadcastId);
  assert.deepEqual(final, { sent: N });
  await waitForDelivered(tag, N, 180_000, 3_000);
  const byRecipient = countByRecipient(tag);
  const duplicates = [...byRecipient.entries()].filter(([, n]) => n > 1);
  assert.deepEqual(duplicates, [], "no recipient has two messages");
  assert.equal(byRecipient.size, N, "every recipient has its message");
  const reconciled = await tp.p.db.system.selectFrom("network_delivery_log").select((eb) => eb.fn.countAll<string>().as("n")).where("org_id", "=", org.id).where("outcome", "=", "reconciled").executeTakeFirstOrThrow();
  // For the record (the test's point is the count at the Maildir): rows found in flight at each kill, and how many
  // of them Postfix had already accepted.
  process.stdout.write(`# rows in flight at the kills: ${inFlightAtKill.join(", ")}; found accepted in Postfix's log: ${reconciled.n}\n`);
});

test("kill -9 of the worker and the server in the middle of a broadcast to 40 organisations: exactly one message per duty-desk address at the MTA", { skip: SMTP_SKIP, timeout: 600_000 }, async () => {
  const ORGS = 40;
  const DESKS = 12; // per organisation: 480 messages, enough to be in the middle of them at each kill
  const app = await testApi(tp.p);
  try {
    const regulator = await makeOrg(tp.p, "regulator");
    const tag = `kb${randomUUID().slice(0, 8)}`;
    const orgs = createOrgService(tp.p);
    for (let o = 0; o < ORGS; o++) {
      const company = await makeOrg(tp.p, "company");
      await orgs.relate(company.id, regulator.id, "supervised_by");
      await tp.p.db.system.insertInto("network_channels").values(Array.from({ length: DESKS }, (_, d) => {
        const address = `root+${tag}-${String(o).padStart(2, "0")}-${String(d).padStart(2, "0")}@localhost`;
        return { org_id: company.id, user_id: null, kind: "email" as const, label: "desk", address_enc: encrypt(tp.p.keys.encryption, address), address_hash: destinationHash(tp.p.keys, "email", address) };
      })).execute();
    }
    const officer = await signedIn(tp.p, app, regulator.id, "regulator-officer");
    let worker = await start(["worker"]);
    let server = await start(["serve", "--port", "0"]);
    const sent = await app.inject({
      method: "POST", url: `/api/v1/orgs/${regulator.id}/broadcasts`, headers: officer.headers,
      // No reminder during the test: the children's cron would add a second step.
      payload: { kind: "request", titleJa: "【訓練】連絡網訓練", audience: "supervised", isDrill: true, reminderMinutes: 1440, maxReminders: 1 },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const view = sent.json() as BroadcastView;
    assert.equal(view.recipients.length, ORGS);
    const broadcastId = view.broadcast.id;
    const total = ORGS * DESKS;
    assert.equal(Object.values(await counts(broadcastId)).reduce((a, b) => a + b, 0), total, "one outbox row per desk channel, written with the broadcast");
    const inFlightAtKill: number[] = [];
    for (const threshold of [total * 0.25, total * 0.6]) {
      await until(async () => ((await counts(broadcastId)).sent ?? 0) >= threshold, 300_000, `${threshold} sent`);
      await Promise.all([kill9(worker), kill9(server)]);
      inFlightAtKill.push((await counts(broadcastId)).sending ?? 0);
      [worker, server] = await Promise.all([start(["worker"]), start(["serve", "--port", "0"])]);
    }
    try {
      await until(async () => ((await counts(broadcastId)).sent ?? 0) === total, 300_000, "all sent");
    } finally {
      await Promise.all([kill9(worker), kill9(server)]);
    }
    assert.deepEqual(await counts(broadcastId), { sent: total });
    await waitForDelivered(tag, total, 180_000, 3_000);
    const byRecipient = countByRecipient(tag);
    assert.deepEqual([...byRecipient.entries()].filter(([, n]) => n > 1), [], "no duty-desk address has two messages");
    assert.equal(byRecipient.size, total, "every duty-desk address has its message");
    const perOrg = new Map<string, number>();
    for (const r of byRecipient.keys()) perOrg.set(r.split("-")[1]!, (perOrg.get(r.split("-")[1]!) ?? 0) + 1);
    assert.equal(perOrg.size, ORGS, "every organisation was reached");
    assert.ok([...perOrg.values()].every((n) => n === DESKS));
    process.stdout.write(`# broadcast: rows in flight at the kills: ${inFlightAtKill.join(", ")}\n`);
  } finally {
    await app.close();
  }
});
