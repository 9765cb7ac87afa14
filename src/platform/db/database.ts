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
import type { DB, OrgKind, Role } from "./schema.js";
import { migrate } from "./migrate.js";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded.js";

export const APP_ROLE = "sokuho_app";

// bigint (int8) as string, never as a lossy number; timestamps as Date.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type TenantContext = { orgId: string; userId?: string | null };

/** The session of a sessionRead: its keyed hash, the route's organisation, and the server's now (expiry). */
export type SessionReadAuth = { idHash: Buffer; orgId: string; now: Date };
/** The session's row as sokuho_session_read returns it (nulls for an organisation or membership that is absent). */
export type SessionReadRow = {
  user_id: string; csrf_token: string; expires_at: Date; last_seen_at: Date; display_name: string; locale: "ja" | "en";
  org_kind: OrgKind | null; member_role: Role | null;
};
const SESSION_READ_SQL = "SELECT * FROM sokuho_session_read($1, $2, $3)";

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
  /**
   * Runs one SELECT as the application role, scoped to one organisation, in one round trip: the settings and the
   * statement go in one write and run in one implicit transaction (they end with it). For the hot reads (lists).
   */
  tenantRead: <R>(ctx: TenantContext, query: CompiledQuery<R> | { compile: () => CompiledQuery<R> }) => Promise<R[]>;
  /**
   * A signed-in user's read in one round trip: the session and its membership in `orgId` (sokuho_session_read,
   * migration 0022, which sets the tenant settings only for a live session of a member), then the statement, in
   * one write and one implicit transaction. The caller must check the session row before it uses the rows.
   */
  sessionRead: <R>(auth: SessionReadAuth, query: CompiledQuery<R> | { compile: () => CompiledQuery<R> }) => Promise<{ session: SessionReadRow | null; rows: R[] }>;
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
 * A transaction on one pooled connection. `begin` is either plain SQL or one of the deferred markers below; with
 * DEFER_BEGIN the transaction and its tenant settings are sent in the same write as its first statement (see
 * PreparingClient), and a transaction that ran no statement costs no round trip at all.
 */
const runTx = async <T>(db: Kysely<DB>, begin: CompiledQuery, fn: (tx: Tx) => Promise<T>): Promise<T> => {
  const hooks: Array<() => void | Promise<void>> = [];
  const result = await db.connection().execute(async (conn) => {
    try {
      await conn.executeQuery(begin);
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
// The plain query is looked up at each call (not kept), so whatever wraps pg's own (a test counting round trips) sees these too.
const plainQuery = (client: pg.Client, args: unknown[]): unknown => (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(client, args);

/**
 * Deferred tenant settings. Sending BEGIN and the settings on their own cost a round trip per transaction (of the
 * incident list's 4, with COMMIT 2 were spent on the transaction itself). These markers are never sent: the
 * connection keeps the settings and sends them in the same write as the next statement, as extended-protocol
 * messages before it and one Sync, so PostgreSQL reads, runs and answers them together:
 *   DEFER_BEGIN    BEGIN, set_config(org, user, local), statement — the transaction stays open (runTx);
 *   DEFER_SETTINGS set_config(org, user, local), statement — one implicit transaction that ends at the Sync, so
 *                  the settings end with it and no COMMIT is needed (tenantRead).
 * Measured on the incident list (bench/api.ts, same run, 2 cores under load): see ARCHITECTURE.md.
 * Only a statement already prepared on this connection is sent this way (a Parse of its own in the same write
 * would make pg's bookkeeping of prepared statements ambiguous when it fails); otherwise the settings go first
 * in a round trip of their own, as before.
 */
const DEFER_BEGIN = "-- sokuho: BEGIN and tenant settings, sent with the next statement";
const DEFER_SETTINGS = "-- sokuho: tenant settings, sent with the next statement in its implicit transaction";
const SETTINGS_SQL = "SELECT set_config('sokuho.org_id', $1, true), set_config('sokuho.user_id', $2, true)";
/**
 * A read's settings also ask for the statement's generic plan. With a parameter PostgreSQL's default planned the
 * incident list afresh at every call (its custom plan looked cheaper than the generic one), and with row-level
 * security planning costs more than running: pgbench, same query, role and settings, one client: 11.5–14.4 ms
 * with the default against 6.4–6.6 ms generic (machine loaded by other work). Only for tenantRead: a transaction's
 * writes may use partial indexes that a generic plan cannot prove it may use.
 */
const READ_SETTINGS_SQL = "SELECT set_config('sokuho.org_id', $1, true), set_config('sokuho.user_id', $2, true), set_config('plan_cache_mode', 'force_generic_plan', true)";
type Pending = { begin: boolean; values: [string, string] };
const pendingOf = new WeakMap<pg.Client, Pending>();

/** What this file uses of pg 8's Query (lib/query.js) and Connection (lib/connection.js): not in @types/pg. */
type PgConnection = {
  parse: (q: { text: string; name: string }) => void;
  describe: (d: { type: "P" | "S"; name: string }) => void;
  bind: (c: { statement: string; portal: string; values: unknown[] }) => void;
  execute: (c: { portal: string }) => void;
  parsedStatements: Record<string, string | undefined>;
};
type QueryInternals = {
  prepare(connection: PgConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: PgConnection): void;
};
type QueryConfig = { name: string; text: string; values: unknown[]; callback: (err: Error | null, res: pg.QueryResult) => void };
const PgQuery = pg.Query as unknown as new (config: QueryConfig) => QueryInternals;

/** A prepared statement preceded, in the same write and before the same Sync, by statements whose results are dropped. */
class PreludedQuery extends PgQuery {
  #prelude: ReadonlyArray<{ text: string; values: unknown[] }>;
  #skip: number;
  constructor(prelude: ReadonlyArray<{ text: string; values: unknown[] }>, config: QueryConfig) {
    super(config);
    this.#prelude = prelude;
    this.#skip = prelude.length;
  }
  override prepare(connection: PgConnection): void {
    for (const s of this.#prelude) {
      connection.parse({ text: s.text, name: "" });
      connection.bind({ statement: "", portal: "", values: s.values });
      connection.execute({ portal: "" });
    }
    super.prepare(connection); // Bind, Describe, Execute of the statement, then Sync (pg corks them into one write)
  }
  override handleDataRow(msg: unknown): void {
    if (this.#skip === 0) super.handleDataRow(msg);
  }
  override handleCommandComplete(msg: unknown, connection: PgConnection): void {
    if (this.#skip > 0) this.#skip--;
    else super.handleCommandComplete(msg, connection);
  }
}

/**
 * A prepared statement preceded, in the same write and before the same Sync, by one statement whose rows are kept:
 * pg hands the callback both results (as for a multi-statement query), the prelude's first.
 */
class KeptPreludeQuery extends PgQuery {
  #prelude: { text: string; values: unknown[] };
  constructor(prelude: { text: string; values: unknown[] }, config: QueryConfig) {
    super(config);
    this.#prelude = prelude;
  }
  override prepare(connection: PgConnection): void {
    connection.parse({ text: this.#prelude.text, name: "" });
    connection.bind({ statement: "", portal: "", values: this.#prelude.values });
    connection.describe({ type: "P", name: "" }); // its RowDescription, so pg parses its rows
    connection.execute({ portal: "" });
    super.prepare(connection);
  }
}

/** Runs sessionRead on one checked-out client of the application pool. */
const sessionReadOn = async <R>(client: pg.Client, auth: SessionReadAuth, compiled: CompiledQuery<R>): Promise<{ session: SessionReadRow | null; rows: R[] }> => {
  // Sent as they are by the prelude (pg prepares only the statement's own values): a Buffer, strings.
  const preludeValues = [auth.idHash, auth.orgId, auth.now.toISOString()];
  const name = nameOf(compiled.sql);
  if (connectionOf(client).parsedStatements[name] === compiled.sql) {
    const results = await new Promise<pg.QueryResult[]>((resolve, reject) => {
      const values = [...compiled.parameters];
      plainQuery(client, [new KeptPreludeQuery({ text: SESSION_READ_SQL, values: preludeValues }, {
        name, text: compiled.sql, values, callback: (err, res) => (err ? reject(err) : resolve(res as unknown as pg.QueryResult[])),
      })]);
    });
    return { session: (results[0]!.rows[0] as SessionReadRow | undefined) ?? null, rows: results[1]!.rows as R[] };
  }
  // Not prepared on this connection yet (its first use): the same in an explicit transaction, three round trips.
  await client.query("BEGIN");
  try {
    const session = ((await client.query(SESSION_READ_SQL, preludeValues)).rows[0] as SessionReadRow | undefined) ?? null;
    const rows = (await client.query(compiled.sql, [...compiled.parameters])).rows as R[];
    await client.query("COMMIT");
    return { session, rows };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
};

const emptyResult = (command: string): pg.QueryResult => ({ command, rowCount: null, oid: 0, rows: [], fields: [] });
const connectionOf = (client: pg.Client): PgConnection => (client as unknown as { connection: PgConnection }).connection;

class PreparingClient extends pg.Client {}
PreparingClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [text, values, callback] = args;
  if (text === DEFER_BEGIN || text === DEFER_SETTINGS) {
    pendingOf.set(this, { begin: text === DEFER_BEGIN, values: [...(values as [string, string])] });
    return Promise.resolve(emptyResult(text === DEFER_BEGIN ? "BEGIN" : "SET"));
  }
  let named: { name: string; text: string; values: unknown[] } | undefined;
  if (typeof text === "string" && Array.isArray(values) && values.length > 0 && callback === undefined) {
    let prepared = preparedBy.get(this);
    if (!prepared) preparedBy.set(this, (prepared = new Set()));
    const name = nameOf(text);
    if (prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION) {
      prepared.add(name);
      named = { name, text, values };
    }
  }
  const pending = pendingOf.get(this);
  if (!pending) return plainQuery(this, named ? [named] : args);
  pendingOf.delete(this);
  // A transaction that ran no statement: nothing was begun, so there is nothing to end.
  if (pending.begin && (text === "COMMIT" || text === "ROLLBACK")) return Promise.resolve(emptyResult(text));
  const settings = { text: pending.begin ? SETTINGS_SQL : READ_SETTINGS_SQL, values: pending.values };
  if (named && connectionOf(this).parsedStatements[named.name] === named.text) {
    const prelude = pending.begin ? [{ text: "BEGIN", values: [] }, settings] : [settings];
    return new Promise((resolve, reject) => {
      plainQuery(this, [new PreludedQuery(prelude, { ...named, callback: (err, res) => (err ? reject(err) : resolve(res)) })]);
    });
  }
  // Not prepared here yet (the first call on this connection): the settings first, in a round trip of their own.
  const begin = tenantBegin({ orgId: pending.values[0], userId: pending.values[1] });
  const run = (plainQuery(this, [begin]) as Promise<unknown>).then(() => plainQuery(this, named ? [named] : args) as Promise<pg.QueryResult>);
  if (pending.begin) return run;
  // One implicit transaction was asked for: end the explicit one, whatever the statement's outcome.
  return run.then(
    async (r) => (await plainQuery(this, ["COMMIT"]), r),
    async (err: unknown) => {
      await (plainQuery(this, ["ROLLBACK"]) as Promise<unknown>).catch(() => {});
      throw err;
    },
  );
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
  // Settings never outlive their transaction, even if one ended without a statement to carry them.
  appPool.on("release", (_err: unknown, client: pg.Client) => void pendingOf.delete(client));
  const system = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const app = new Kysely<DB>({ dialect: new PostgresDialect({ pool: appPool }) });

  return {
    system,
    app,
    ownerUrl,
    embedded: server !== undefined,
    embeddedDataDir: server?.dataDir,
    tenant: (ctx, fn) => runTx(app, CompiledQuery.raw(DEFER_BEGIN, [ctx.orgId, ctx.userId ?? ""]), fn),
    tenantRead: async (ctx, query) => {
      const compiled = "compile" in query ? query.compile() : query;
      if (compiled.parameters.length === 0) throw new Error("tenantRead: a statement with parameters (it is sent as a prepared statement)");
      return app.connection().execute(async (conn) => {
        await conn.executeQuery(CompiledQuery.raw(DEFER_SETTINGS, [ctx.orgId, ctx.userId ?? ""]));
        return (await conn.executeQuery(compiled)).rows;
      });
    },
    sessionRead: async (auth, query) => {
      const compiled = "compile" in query ? query.compile() : query;
      if (compiled.parameters.length === 0) throw new Error("sessionRead: a statement with parameters (it is sent as a prepared statement)");
      const client = await appPool.connect();
      try {
        return await sessionReadOn(client, auth, compiled);
      } finally {
        client.release();
      }
    },
    systemTx: (fn) => runTx(system, CompiledQuery.raw("BEGIN"), fn),
    close: async () => {
      await app.destroy();
      await system.destroy();
      await server?.stop();
    },
  };
};
