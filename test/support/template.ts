/**
 * Prepares the PostgreSQL for one test run: the server from DATABASE_URL, or an embedded one in a temporary
 * folder; then a template database migrated once, which each test file clones (CREATE DATABASE … TEMPLATE, a
 * file copy: tens of milliseconds).
 */
import pg from "pg";
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../../src/platform/db/embedded.js";
import { migrate } from "../../src/platform/db/migrate.js";

export const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

export const prepareTestDatabase = async (): Promise<{ templateUrl: string; stop: () => Promise<void> }> => {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (!serverUrl) {
    dir = mkdtempSync(join(tmpdir(), "sokuho-test-"));
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres(join(dir, "pg"));
    serverUrl = server.url;
    stopServer = server.stop;
  }
  const name = `sokuho_tpl_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const templateUrl = withDatabase(serverUrl, name);
  const pool = new pg.Pool({ connectionString: templateUrl, max: 1 });
  await migrate(pool);
  await pool.end();
  process.stdout.write(`test database: ${stopServer ? "embedded PostgreSQL" : "DATABASE_URL"} (template ${name})\n`);
  return {
    templateUrl,
    stop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      // Drop the template and every clone left by this run.
      const { rows } = await c.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2",
        [name, `${name}_t%`],
      );
      for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await c.end();
      await stopServer?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
};
