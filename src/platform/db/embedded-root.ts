/**
 * As root, the embedded PostgreSQL runs as the OS user `postgres` (it refuses to run as root). That user must be
 * able to execute the binaries and enter the data folder. A clone under /root (mode 700, the usual place for root
 * and in Docker) allows neither: then the binaries are copied once (checked by a hash of the package, copied again
 * when it changes) and the data kept under `<reachableRoot>/<name of the data folder's path>/`, and we say where.
 */
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import type { Log } from "./embedded-owner.js";

export type PostgresUser = { uid: number; gid: number };

const OS_USER = "postgres";
const STAMP = ".sokuho-source-sha256";

const idOf = (flag: "-u" | "-g", name: string): number | undefined => {
  try {
    return Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
  } catch {
    return undefined;
  }
};

const ensureUser = (log: Log): PostgresUser => {
  if (idOf("-u", OS_USER) === undefined) {
    log(`creating OS user '${OS_USER}' to run the embedded PostgreSQL (it refuses to run as root)`, "info");
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER]);
  }
  return { uid: idOf("-u", OS_USER)!, gid: idOf("-g", OS_USER)! };
};

/** Asks the kernel, as that user: `test -x` (enter or execute) or `-w` (write). */
const userCan = (user: PostgresUser, test: "-x" | "-w", path: string): boolean =>
  spawnSync("/bin/sh", ["-c", `test ${test} "$1"`, "sh", path], { uid: user.uid, gid: user.gid, cwd: "/", stdio: "ignore" }).status === 0;

const nearestExisting = (path: string): string => {
  let p = path;
  while (!existsSync(p) && p !== dirname(p)) p = dirname(p);
  return p;
};

/** `<root>/<readable tail of the path>-<hash of the path>`: one folder per data folder, recognisable by name. */
export const instanceDir = (reachableRoot: string, dataDir: string): string => {
  const readable = dataDir.replace(/^\/+/, "").replace(/[^A-Za-z0-9._-]+/g, "-").slice(-60);
  return join(reachableRoot, `${readable}-${createHash("sha256").update(dataDir).digest("hex").slice(0, 10)}`);
};

// Static libraries are for building extensions; the server never loads them.
const isNeeded = (path: string): boolean => !path.endsWith(".a");

/** One hash over names, kinds, exec bits, link targets and contents: changes whenever the package does. */
export const hashTree = (root: string): string => {
  const h = createHash("sha256");
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (!isNeeded(r) || r === STAMP) continue;
      const st = lstatSync(join(root, r));
      if (st.isSymbolicLink()) h.update(`L ${r} ${readlinkSync(join(root, r))}\n`);
      else if (st.isDirectory()) {
        h.update(`D ${r}\n`);
        walk(r);
      } else {
        h.update(`F ${r} ${st.mode & 0o111 ? "x" : "-"} ${st.size}\n`);
        h.update(readFileSync(join(root, r)));
      }
    }
  };
  walk("");
  return h.digest("hex");
};

const mkdirReachable = (path: string): void => {
  mkdirSync(path, { recursive: true, mode: 0o755 });
  chmodSync(path, 0o755);
};

export type RootPlacement = { dataDir: string; user: PostgresUser; instance: string };

/** Where the data goes: the configured folder if `postgres` can reach it, else the instance folder. */
export const placeDataForRoot = (o: { dataDir: string; reachableRoot: string; log: Log }): RootPlacement => {
  const user = ensureUser(o.log);
  const instance = instanceDir(o.reachableRoot, o.dataDir);
  const moved = join(instance, "pg");
  const hasData = (d: string) => existsSync(join(d, "PG_VERSION"));
  // Once moved, the data stays moved (even if the project folder is opened later), so it is never "lost".
  const isReachable = !hasData(moved) && userCan(user, "-x", nearestExisting(o.dataDir));
  if (isReachable) {
    mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
    chownSync(o.dataDir, user.uid, user.gid);
    return { dataDir: o.dataDir, user, instance };
  }
  if (hasData(o.dataDir) && !hasData(moved)) {
    throw new Error(
      `the OS user '${OS_USER}' that runs the embedded PostgreSQL cannot reach its data in ${o.dataDir}; move it where that user can, and set SOKUHO_PG_DIR / ` +
        `組み込み PostgreSQL を実行する OS ユーザー '${OS_USER}' は ${o.dataDir} のデータに届きません。届く場所に移し、SOKUHO_PG_DIR を設定してください`,
    );
  }
  mkdirReachable(instance);
  if (!userCan(user, "-x", instance)) {
    throw new Error(`the OS user '${OS_USER}' cannot enter ${instance} either / OS ユーザー '${OS_USER}' は ${instance} にも入れません`);
  }
  mkdirSync(moved, { mode: 0o700, recursive: true });
  chownSync(moved, user.uid, user.gid);
  o.log(
    `the OS user '${OS_USER}' cannot reach ${o.dataDir}: the embedded PostgreSQL keeps its data in ${moved} / ` +
      `OS ユーザー '${OS_USER}' は ${o.dataDir} に届かないため、組み込み PostgreSQL のデータは ${moved} に置きます`,
    "info",
  );
  return { dataDir: moved, user, instance };
};

/** The binaries folder `postgres` can execute: the package's own, or a copy in the instance folder. */
export const reachableBinaries = (o: { binaries: string; instance: string; user: PostgresUser; log: Log }): string => {
  if (userCan(o.user, "-x", join(o.binaries, "bin", "postgres"))) return o.binaries;
  const dest = join(o.instance, "postgresql");
  const hash = hashTree(o.binaries);
  const stamp = join(dest, STAMP);
  if (existsSync(join(dest, "bin", "postgres")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash) return dest;
  mkdirReachable(o.instance);
  // Copied beside, then swapped in, so a half-done copy is never used.
  const tmp = `${dest}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(o.binaries, tmp, { recursive: true, verbatimSymlinks: true, filter: (src) => isNeeded(src) });
  chmodSync(tmp, 0o755);
  writeFileSync(join(tmp, STAMP), hash + "\n", { mode: 0o644 });
  rmSync(dest, { recursive: true, force: true });
  renameSync(tmp, dest);
  if (!userCan(o.user, "-x", join(dest, "bin", "postgres"))) throw new Error(`the OS user '${OS_USER}' cannot execute ${join(dest, "bin", "postgres")}`);
  o.log(
    `the OS user '${OS_USER}' cannot execute the PostgreSQL binaries in ${o.binaries}: copied them to ${dest} / ` +
      `OS ユーザー '${OS_USER}' は ${o.binaries} の PostgreSQL を実行できないため、${dest} にコピーしました`,
    "info",
  );
  return dest;
};
