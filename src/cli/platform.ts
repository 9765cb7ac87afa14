/** Commands that need the platform (database, jobs) run through here. */
import { loadConfig } from "../platform/config/config.js";
import { bootPlatform } from "../platform/bootstrap.js";
import { registerJobs } from "../capabilities/index.js";
import { createLogger } from "../platform/log/logger.js";

/** Runs a command against a booted platform, always closing it (and the embedded PostgreSQL) afterwards. */
export const withPlatform = async <T>(fn: (p: Awaited<ReturnType<typeof bootPlatform>>["platform"]) => Promise<T>): Promise<T> => {
  const config = loadConfig(process.env, {});
  const booted = await bootPlatform(config, { log: createLogger(process.env.SOKUHO_LOG_LEVEL ?? "warn") });
  try {
    registerJobs(booted.platform);
    await booted.platform.jobs.start({ work: false });
    return await fn(booted.platform);
  } finally {
    await booted.close();
  }
};
