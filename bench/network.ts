/**
 * npm run bench:network — the contact network's delivery on this machine: PostgreSQL (DATABASE_URL: a fresh
 * database is created on it and dropped; else an embedded PostgreSQL in a temporary folder) and Postfix on loopback
 * (SOKUHO_TEST_SMTP_URL or SOKUHO_SMTP_URL, default smtp://127.0.0.1:25; mail counted in SOKUHO_TEST_SMTP_MAILDIR,
 * default /root/Maildir, by Delivered-To root+<tag>…, see scripts/ci-postfix.sh).
 *
 * Measured here: a fan-out to N recipients (default 1,000; --recipients N) queued in one transaction, from its
 * commit until the MTA accepted the last message (broadcastMessagesPerSec), then duplicates and lost counted at the
 * Maildir. Measured by bench/network-pages.ts when it exists (the pages half): `measureReportToMta({ p, runs })`
 * (with a delivery worker running) and `measureEscalationLateness({ p, pages })` (a step never fired counts as lost);
 * without that file those fields print as null.
 *
 * Prints a table, and last one JSON line: {"reportToMtaP50Ms","reportToMtaP99Ms","broadcastRecipients",
 * "broadcastMessagesPerSec","escalationLateMsMax","duplicates","lost"}.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../src/platform/config/config.js";
import { bootPlatform } from "../src/platform/bootstrap.js";
import type { Platform } from "../src/platform/context.js";
import { encrypt } from "../src/platform/crypto/keys.js";
import { createOrgService } from "../src/capabilities/orgs/service.js";
import { destinationHash, enqueueMessages, type QueuedMessage } from "../src/capabilities/network/outbox.js";
import { platformDeliveryWorker } from "../src/capabilities/network/delivery-runner.js";
import { registerJobs } from "../src/capabilities/index.js";
import { countByRecipient, waitForDelivered } from "../test/support/maildir.js";

const { values } = parseArgs({ options: { recipients: { type: "string", default: "1000" } } });
const N = Number(values.recipients);
const smtpUrl = process.env.SOKUHO_TEST_SMTP_URL ?? process.env.SOKUHO_SMTP_URL ?? "smtp://127.0.0.1:25";

/** bench/network-pages.ts: each measurement builds its own world on the platform it is given. */
type PagesBench = {
  measureReportToMta?: (o: { p: Platform; runs?: number; until?: "sent" | "queued"; log?: (line: string) => void }) => Promise<{ p50Ms: number; p99Ms: number; runs: number }>;
  measureEscalationLateness?: (o: { p: Platform; pages?: number; log?: (line: string) => void }) => Promise<{ maxMs: number; runs: number; missed: number }>;
};

const freshDatabase = async (): Promise<{ url: string | undefined; drop: () => Promise<void> }> => {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: undefined, drop: async () => {} };
  const name = `sokuho_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
};

/** The fan-out: N recipients, each its own channel, queued in one transaction; timed from commit to the last 250. */
const measureBroadcast = async (p: Platform, tag: string) => {
  const org = await createOrgService(p).createOrg({ kind: "association", slug: `bench-${tag}`, nameJa: "ベンチ協会", nameEn: "Bench association" });
  const channels = await p.db.system
    .insertInto("network_channels")
    .values(Array.from({ length: N }, (_, i) => {
      const address = `root+${tag}-${String(i).padStart(5, "0")}@localhost`;
      return { org_id: org.id, kind: "email" as const, address_enc: encrypt(p.keys.encryption, address), address_hash: destinationHash(p.keys, "email", address), label: address };
    }))
    .returning(["id", "label"])
    .execute();
  const broadcastId = randomUUID();
  const messages: QueuedMessage[] = channels.map((c) => ({
    orgId: org.id,
    idempotencyKey: `bench:${broadcastId}:${c.id}`,
    destination: { channelId: c.id, kind: "email", address: c.label, webhookFormat: null },
    message: { locale: "ja", subject: "【訓練】連絡網ベンチ", text: "業界連絡網の訓練です。", links: [{ rel: "acknowledge", label: "確認する", url: `https://sokuho.example/ack/${c.id}` }], isDrill: true },
    cause: { broadcastId, step: 0, round: 0 },
  }));
  let sent = 0;
  let lastAt = 0;
  let doneResolve: () => void = () => {};
  const done = new Promise<void>((r) => (doneResolve = r));
  const settings = { destLimit: 5, destWindowMs: 5_000, concurrency: 8 };
  const { worker, close } = platformDeliveryWorker(p, settings);
  // Count outcomes through the database (the worker's own view), polled, so the bench does not alter the worker.
  await worker.start();
  const started = performance.now();
  await p.db.systemTx((tx) => enqueueMessages(tx, p.keys, messages));
  const poll = setInterval(() => {
    void p.db.system.selectFrom("network_outbox").select((eb) => eb.fn.countAll<string>().as("n")).where("broadcast_id", "=", broadcastId).where("state", "=", "sent").executeTakeFirstOrThrow().then((r) => {
      const n = Number(r.n);
      if (n > sent) lastAt = performance.now();
      sent = n;
      if (n >= N) doneResolve();
    });
  }, 20);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise((r) => (timer = setTimeout(r, 600_000)))]);
  clearTimeout(timer);
  clearInterval(poll);
  const lastSentRow = await p.db.system.selectFrom("network_outbox").select((eb) => eb.fn.max("sent_at").as("last")).where("broadcast_id", "=", broadcastId).executeTakeFirstOrThrow();
  await close();
  const seconds = (lastAt - started) / 1000;
  const got = await waitForDelivered(tag, N, 300_000, 3_000);
  const counts = countByRecipient(tag);
  const duplicates = [...counts.values()].reduce((s, c) => s + Math.max(0, c - 1), 0);
  const lost = N - counts.size;
  return { seconds, perSec: N / seconds, delivered: got.length, duplicates, lost, sent, lastSentAt: lastSentRow.last };
};

/**
 * The delivery half of report→MTA: one message committed to the outbox while the worker is idle, until its row is
 * `sent` (after the MTA's 250), `runs` times. An upper bound of the wake-up by NOTIFY plus one SMTP conversation.
 */
const measureSingle = async (p: Platform, tag: string, runs: number) => {
  const org = await createOrgService(p).createOrg({ kind: "company", slug: `bench-${tag}`, nameJa: "ベンチ社", nameEn: "Bench company" });
  const { worker, close } = platformDeliveryWorker(p, {});
  await worker.start();
  const ms: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const address = `root+${tag}-${i}@localhost`;
      const ch = await p.db.system.insertInto("network_channels")
        .values({ org_id: org.id, kind: "email", address_enc: encrypt(p.keys.encryption, address), address_hash: destinationHash(p.keys, "email", address) })
        .returning("id").executeTakeFirstOrThrow();
      const key = `single:${tag}:${i}:${randomUUID()}`;
      const t0 = performance.now();
      await p.db.systemTx((tx) => enqueueMessages(tx, p.keys, [{
        orgId: org.id, idempotencyKey: key, destination: { channelId: ch.id, kind: "email", address, webhookFormat: null },
        message: { locale: "ja", subject: "速報", text: "報告が提出されました。", links: [], isDrill: false }, cause: {},
      }]));
      for (;;) {
        const r = await p.db.system.selectFrom("network_outbox").select("state").where("idempotency_key", "=", key).executeTakeFirstOrThrow();
        if (r.state === "sent") break;
        await new Promise((res) => setTimeout(res, 2));
      }
      ms.push(performance.now() - t0);
    }
  } finally {
    await close();
  }
  ms.sort((a, b) => a - b);
  const q = (f: number) => ms[Math.min(ms.length - 1, Math.ceil(f * ms.length) - 1)]!;
  const got = await waitForDelivered(tag, runs, 120_000, 1_000);
  return { p50: q(0.5), p99: q(0.99), runs, delivered: got.length };
};

const main = async () => {
  const db = await freshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), "sokuho-bench-network-"));
  const config = loadConfig(
    { ...(db.url ? { DATABASE_URL: db.url } : {}), SOKUHO_DATA_DIR: dataDir, SOKUHO_LOG_LEVEL: "warn", SOKUHO_DEMO_SEED: "false", SOKUHO_SMTP_URL: smtpUrl },
    { network: { worker: false } },
  );
  const booted = await bootPlatform(config);
  const p = booted.platform;
  // The pages half enqueues jobs (gap checks) from the commands it calls: the queues exist, nobody works them here.
  registerJobs(p);
  await p.jobs.start({ work: false });
  const runTag = `b${randomBytes(3).toString("hex")}`;
  try {
    const load = loadavg()[0]!.toFixed(2);
    const single = await measureSingle(p, `${runTag}s`, 100);
    const broadcast = await measureBroadcast(p, `${runTag}x`);
    const pagesFile = join(dirname(fileURLToPath(import.meta.url)), "network-pages.ts");
    const pages: PagesBench = existsSync(pagesFile) ? ((await import(pathToFileURL(pagesFile).href)) as PagesBench) : {};
    const log = (line: string) => process.stderr.write(`${line}\n`);
    // A report's page reaches the MTA only through a running delivery worker.
    let report: { p50Ms: number; p99Ms: number; runs: number } | null = null;
    if (pages.measureReportToMta) {
      // The production throttle (5 per 5 s to one address) stays on: each run pages its own officer at its own
      // address (measureReportToMta's distinctOfficers), as 200 reports from 200 companies would reach 200 desks.
      const delivery = platformDeliveryWorker(p, {});
      await delivery.worker.start();
      try {
        report = await pages.measureReportToMta({ p, runs: 200, until: "sent", log });
      } finally {
        await delivery.close();
      }
    }
    const late = pages.measureEscalationLateness ? await pages.measureEscalationLateness({ p, pages: 40, log }) : null;
    // A step that never fired counts as lost.
    const lateness = late ? { maxLateMs: late.maxMs, steps: late.runs } : null;
    const duplicates = broadcast.duplicates;
    const lost = broadcast.lost + (late?.missed ?? 0);
    const rows: [string, string][] = [
      ["load average (1 min) at start", load],
      ["outbox commit → MTA 250, one message (p50 / p99)", `${single.p50.toFixed(0)} / ${single.p99.toFixed(0)} ms (${single.runs} runs, ${single.delivered} delivered)`],
      ["broadcast recipients", String(N)],
      ["broadcast: commit → last MTA 250", `${broadcast.seconds.toFixed(2)} s`],
      ["broadcast messages/s", broadcast.perSec.toFixed(1)],
      ["broadcast delivered at the Maildir", String(broadcast.delivered)],
      ["report → MTA p50 / p99", report ? `${report.p50Ms.toFixed(0)} / ${report.p99Ms.toFixed(0)} ms (${report.runs} runs)` : "— (bench/network-pages.ts not present)"],
      ["escalation lateness max", lateness ? `${lateness.maxLateMs.toFixed(0)} ms (${lateness.steps} steps)` : "— (bench/network-pages.ts not present)"],
      ["duplicates / lost (at the Maildir)", `${duplicates} / ${lost}`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    process.stdout.write(`\ncontact network delivery (PostgreSQL + Postfix on this machine)\n${rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n")}\n\n`);
    const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
    process.stdout.write(
      `${JSON.stringify({
        reportToMtaP50Ms: round(report?.p50Ms),
        reportToMtaP99Ms: round(report?.p99Ms),
        broadcastRecipients: N,
        broadcastMessagesPerSec: round(broadcast.perSec),
        escalationLateMsMax: round(lateness?.maxLateMs),
        duplicates,
        lost,
      })}\n`,
    );
  } finally {
    await booted.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

await main();
// pg's and nodemailer's sockets are closed; anything left (a LISTEN reconnect timer) must not keep the bench alive.
process.exit(0);
