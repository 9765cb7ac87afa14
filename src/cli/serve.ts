/** `sokuho serve`: the web server with its in-process job workers; `sokuho worker`: workers only. */
import type { Config } from "../platform/config/config.js";
import { bootPlatform } from "../platform/bootstrap.js";
import { buildServer, WEB_DIST } from "../platform/http/server.js";
import { ROUTES, registerJobs, startWorkers } from "../capabilities/index.js";
import { seedDemo, formatDemoCredentials } from "../platform/demo/seed.js";
import { existsSync } from "node:fs";
import { join } from "node:path";

export type Running = { url: string; close: () => Promise<void> };

export const startServer = async (config: Config, opts: { work?: boolean; quiet?: boolean } = {}): Promise<Running> => {
  const booted = await bootPlatform(config);
  const p = booted.platform;
  try {
    registerJobs(p);
    const isWorking = (opts.work ?? true) && config.jobs === "inline";
    await p.jobs.start({ work: isWorking });
    const stopWorkers = isWorking ? startWorkers(p) : async () => {};
    if (config.demoSeed) {
      const seeded = await seedDemo(p);
      if (seeded.created && !opts.quiet) process.stdout.write(`\n${formatDemoCredentials(seeded)}\n\n`);
    }
    const app = await buildServer(p, ROUTES);
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
    if (!opts.quiet) {
      process.stdout.write(`sokuho is running at ${url}  (API docs: ${url}/api/docs)\n`);
      process.stdout.write(`database: ${p.db.embeddedDataDir ? `embedded PostgreSQL in ${p.db.embeddedDataDir}` : "DATABASE_URL"}\n`);
      process.stdout.write(`mail: ${config.smtpUrl ? "SMTP" : `dev maildir ${join(config.maildir, "new")}`}\n`);
      if (!existsSync(join(WEB_DIST, "index.html"))) process.stdout.write("web UI not built: run `npm run build:web`\n");
    }
    let closing: Promise<void> | undefined;
    return {
      url,
      close: () =>
        (closing ??= (async () => {
          await app.close();
          await stopWorkers();
          await booted.close();
        })()),
    };
  } catch (err) {
    await booted.close();
    throw err;
  }
};

/** Stops cleanly on SIGINT/SIGTERM: stop accepting, finish requests and jobs, stop the embedded PostgreSQL. */
export const stopOnSignals = (close: () => Promise<void>): void => {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: shutting down…\n`);
    close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(`shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
};
