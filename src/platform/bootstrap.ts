/**
 * Builds the Platform from configuration: database (embedded or DATABASE_URL, migrated), keys, audit, jobs, mail.
 * The CLI and the server both start here; `close()` stops everything in the right order.
 */
import { registerAuthJobs } from "./auth/service.js";
import type { Config } from "./config/config.js";
import type { Platform } from "./context.js";
import { openDatabase } from "./db/database.js";
import { deriveKeys } from "./crypto/keys.js";
import { createLogger, type Logger } from "./log/logger.js";
import { createAuditStore } from "./audit/store.js";
import { createJobs } from "./jobs/jobs.js";
import { createMailer } from "./mail/mailer.js";
import { createMailOutbox } from "./mail/outbox.js";
import { createUserStore } from "./auth/users.js";
import { createSessionStore } from "./auth/sessions.js";
import { createBlobStore } from "./storage/index.js";
import { createChangeFeed } from "./db/change-feed.js";
import { createReadCache } from "./http/read-cache.js";

export type Booted = { platform: Platform; close: () => Promise<void> };

export const bootPlatform = async (config: Config, opts: { log?: Logger; now?: () => Date } = {}): Promise<Booted> => {
  const log = opts.log ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    appDatabaseUrl: config.appDatabaseUrl,
    pgDir: config.pgDir,
    // The embedded server says at "info" what an operator must know (where its data went, a left-over stopped).
    log: (m, level = "debug") => log[level]({ component: "db" }, m),
  });
  const keys = deriveKeys(config.secretKey);
  const jobs = createJobs(db.ownerUrl, (msg, extra) => log.warn({ component: "jobs", ...extra }, msg));
  const changes = createChangeFeed(db.ownerUrl, (msg, extra) => log.warn({ component: "db", ...extra }, msg));
  const mailer = createMailer({ smtpUrl: config.smtpUrl, maildir: config.maildir, from: config.mailFrom });
  const platform: Platform = {
    config,
    db,
    keys,
    log,
    audit: createAuditStore(keys.audit, now),
    jobs,
    mail: createMailOutbox(jobs, mailer, keys.encryption),
    users: createUserStore(db.system, keys, now),
    sessions: createSessionStore(db.system, keys.identifier, config.sessionHours, now),
    storage: createBlobStore(config, keys.encryption),
    changes,
    readCache: createReadCache(changes),
    now,
  };
  registerAuthJobs(platform);
  platform.jobs.define({
    name: "sessions.purge",
    schedule: "17 * * * *",
    handler: async () => void (await platform.sessions.purgeExpired()),
  });
  return {
    platform,
    close: async () => {
      await jobs.stop();
      await changes.stop();
      mailer.close();
      await db.close();
    },
  };
};
