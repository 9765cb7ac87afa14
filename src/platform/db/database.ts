/**
 * Opens the system of record: the embedded PostgreSQL (no DATABASE_URL) or the given server; applies migrations;
 * and returns two Kysely handles:
 *   - `system`: the owner role; for migrations, authentication, the CLI and jobs that act for the platform;
 *   - `tenant(ctx, fn)`: a transaction as role sokuho_app with the acting organisation and user set, so
 *     PostgreSQL row-level security holds even if a query forgets its WHERE.
 */
import pg from "pg";
import { createHash } from "node:crypto";
import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import type { DB } from "./schema.js";
import { migrate } from "./migrate.js";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded.js";

export const APP_ROLE = "sokuho_app";

// bigint (int8) as string, never as a lossy number; timestamps as Date.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type TenantContext = { orgId: string; userId?: string | null };

/** A transaction plus hooks that run only after it commits (nothing runs if it rolls back). */
export type Tx = {
  /** Kysely bound to the transaction's one connection. */
  db: Kysely<DB>;
  afterCommit: (hook: () => void | Promise<void>) => void;
  /** Raw SQL inside this transaction, for libraries that take an executor (pg-boss). */
  executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
};

export type Database = {
  system: Kysely<DB>;
  app: Kysely<DB>;
  ownerUrl: string;
  embedded: boolean;
  /** The embedded server's data folder (as root it may not be the configured one). */
  embeddedDataDir: string | undefined;
  /** Runs `fn` in a transaction as the application role, scoped to one organisation. */
  tenant: <T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** Runs `fn` in a transaction as the owner role (authentication, CLI, platform jobs). */
  systemTx: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

export type OpenOptions = {
  databaseUrl?: string | undefined;
  appDatabaseUrl?: string | undefined;
  pgDir: string;
  log?: (message: string, level?: "info" | "debug") => void;
  runMigrations?: boolean;
  poolSize?: number;
};

/**
 * A transaction on one pooled connection. `begin` is sent as one simple-protocol message, so the tenant settings
 * ride with BEGIN in a single round trip (each round trip costs a wake-up of the server process: on a busy machine,
 * more than the query itself). Settings go in as literals, escaped by pg.
 */
const runTx = async <T>(db: Kysely<DB>, begin: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
  const hooks: Array<() => void | Promise<void>> = [];
  const result = await db.connection().execute(async (conn) => {
    try {
      await sql.raw(begin).execute(conn);
      const r = await fn({
        db: conn,
        afterCommit: (hook) => hooks.push(hook),
        executeSql: async (text, values = []) => {
          const q = await conn.executeQuery(CompiledQuery.raw(text, values));
          return { rows: q.rows as unknown[] };
        },
      });
      await sql.raw("COMMIT").execute(conn);
      return r;
    } catch (err) {
      await sql.raw("ROLLBACK").execute(conn).catch(() => {});
      throw err;
    }
  });
  for (const hook of hooks) await hook();
  return result;
};

/** BEGIN with the acting organisation and user set for this transaction only (RLS reads them). */
export const tenantBegin = (ctx: TenantContext): string =>
  `BEGIN; SELECT set_config('sokuho.org_id', ${pg.escapeLiteral(ctx.orgId)}, true), set_config('sokuho.user_id', ${pg.escapeLiteral(ctx.userId ?? "")}, true)`;

/**
 * A pg client that runs each statement with parameters as a named prepared statement: PostgreSQL parses and
 * plans it once per connection instead of at every call. With row-level security the plan is most of a small
 * query's cost (the incident list: ~2 ms of planning for ~0.5 ms of execution). Names are the hash of the text;
 * a connection prepares at most PREPARED_PER_CONNECTION of them (queries built with varying IN-lists would
 * otherwise grow without end), then runs the rest unnamed as before. Behind a pooler in transaction mode that
 * cannot keep prepared statements, give the application pool a direct connection.
 */
const PREPARED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();
const nameOf = (text: string): string => {
  let name = statementNames.get(text);
  if (!name) {
    name = `sokuho_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
};
const preparedBy = new WeakMap<pg.Client, Set<string>>();
class PreparingClient extends pg.Client {}
// The plain query is looked up at each call (not kept), so whatever wraps pg's own (a test counting round trips) sees these too.
const plainQuery = (client: pg.Client, args: unknown[]): unknown => (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(client, args);
PreparingClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [text, values, callback] = args;
  if (typeof text === "string" && Array.isArray(values) && values.length > 0 && callback === undefined) {
    let prepared = preparedBy.get(this);
    if (!prepared) preparedBy.set(this, (prepared = new Set()));
    const name = nameOf(text);
    if (prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION) {
      prepared.add(name);
      return plainQuery(this, [{ name, text, values }]);
    }
  }
  return plainQuery(this, args);
} as typeof pg.Client.prototype.query;

export const openDatabase = async (opts: OpenOptions): Promise<Database> => {
  const log = opts.log ?? (() => {});
  let server: EmbeddedServer | undefined;
  let ownerUrl = opts.databaseUrl;
  if (!ownerUrl) {
    server = await startEmbeddedPostgres(opts.pgDir, log);
    ownerUrl = server.url;
  }
  const ownerPool = new pg.Pool({ Client: PreparingClient, connectionString: ownerUrl, max: Math.max(2, Math.floor((opts.poolSize ?? 10) / 2)) });
  ownerPool.on("error", (err) => log(`database pool error: ${err.message}`));
  try {
    if (opts.runMigrations !== false) {
      const r = await migrate(ownerPool);
      if (r.applied.length) log(`applied migrations: ${r.applied.join(", ")}`);
    }
  } catch (err) {
    await ownerPool.end();
    await server?.stop();
    throw err;
  }
  // Without a separate login for the application role, connect as the owner and assume sokuho_app for the whole
  // session (the owner is a member of it): every query then runs without ownership and under RLS.
  const appPool = new pg.Pool(
    opts.appDatabaseUrl
      ? { Client: PreparingClient, connectionString: opts.appDatabaseUrl, max: opts.poolSize ?? 10 }
      : { Client: PreparingClient, connectionString: ownerUrl, max: opts.poolSize ?? 10, options: `-c role=${APP_ROLE}` },
  );
  appPool.on("error", (err) => log(`database pool error: ${err.message}`));
  const system = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const app = new Kysely<DB>({ dialect: new PostgresDialect({ pool: appPool }) });

  return {
    system,
    app,
    ownerUrl,
    embedded: server !== undefined,
    embeddedDataDir: server?.dataDir,
    tenant: (ctx, fn) => runTx(app, tenantBegin(ctx), fn),
    systemTx: (fn) => runTx(system, "BEGIN", fn),
    close: async () => {
      await app.destroy();
      await system.destroy();
      await server?.stop();
    },
  };
};
