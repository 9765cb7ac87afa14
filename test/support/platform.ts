/** A real Platform on a fresh database, for database-tier tests. */
import { after, before } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../src/platform/config/config.js";
import { bootPlatform } from "../../src/platform/bootstrap.js";
import type { Platform } from "../../src/platform/context.js";
import { buildServer, type Api } from "../../src/platform/http/server.js";
import { ROUTES, registerJobs } from "../../src/capabilities/index.js";
import { freshDatabaseUrl } from "./db.js";

export const TEST_SECRET_HEX = "5a".repeat(32);

export type TestPlatform = { p: Platform; config: Config; databaseUrl: string; close: () => Promise<void> };

export const testPlatform = async (
  opts: { jobs?: boolean; now?: () => Date; overrides?: Partial<Config>; beforeStart?: (p: Platform) => void } = {},
): Promise<TestPlatform> => {
  const databaseUrl = await freshDatabaseUrl();
  const dataDir = mkdtempSync(join(tmpdir(), "sokuho-data-"));
  const config = loadConfig(
    { DATABASE_URL: databaseUrl, SOKUHO_SECRET_KEY: TEST_SECRET_HEX, SOKUHO_LOG_LEVEL: process.env.SOKUHO_TEST_LOG_LEVEL ?? "silent", SOKUHO_DEMO_SEED: "false" },
    // The contact network's delivery worker is off unless a test turns it on (or starts its own), so a test's
    // outbox rows stay as it wrote them.
    { dataDir, maildir: join(dataDir, "mail"), loginRatePerMinute: 10_000, ...opts.overrides,
      // Webhook receivers in tests listen on loopback, which production refuses.
      network: { worker: false, webhookPrivate: true, ...opts.overrides?.network } },
  );
  const booted = await bootPlatform(config, opts.now ? { now: opts.now } : {});
  registerJobs(booted.platform);
  opts.beforeStart?.(booted.platform);
  await booted.platform.jobs.start({ work: opts.jobs ?? true });
  return {
    p: booted.platform,
    config,
    databaseUrl,
    close: async () => {
      await booted.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** The Fastify app over a test platform, used with `app.inject` (no socket). */
export const testApi = async (p: Platform, opts: { serveWeb?: boolean } = {}): Promise<Api> => {
  const app = await buildServer(p, ROUTES, { serveWeb: opts.serveWeb ?? false });
  await app.ready();
  return app;
};

/**
 * A test platform (queues not worked unless `jobs`) and its API for the whole file: `before` builds them, `after`
 * closes them. Read `env.tp` and `env.app` inside tests.
 */
export const useTestApi = (opts: Parameters<typeof testPlatform>[0] = {}): { tp: TestPlatform; app: Api } => {
  const env = {} as { tp: TestPlatform; app: Api };
  before(async () => {
    env.tp = await testPlatform({ jobs: false, ...opts });
    env.app = await testApi(env.tp.p);
  });
  after(async () => {
    await env.app?.close();
    await env.tp?.close();
  });
  return env;
};
