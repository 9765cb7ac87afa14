/**
 * The embedded PostgreSQL: a real server started from the npm package, data kept in its folder across restarts,
 * stopped cleanly. As root (CI), the server runs as the OS user `postgres` and owns its data folder. A server left
 * behind by a killed sokuho is stopped by the next start; a folder in use by a live sokuho is refused. As root in a
 * folder the `postgres` user cannot enter (a clone under /root), binaries and data go where it can reach them.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, chmodSync, existsSync, readFileSync, readlinkSync, writeFileSync, cpSync, mkdirSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pgBinariesDir, startEmbeddedPostgres } from "../../src/platform/db/embedded.js";
import { isRunning } from "../../src/platform/db/embedded-owner.js";

const isRoot = userInfo().uid === 0;
const dir = mkdtempSync(join(tmpdir(), "sokuho-embedded-"));
chmodSync(dir, 0o755);
after(() => rmSync(dir, { recursive: true, force: true }));

const query = async (url: string, text: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
};

const postmasterPid = (dataDir: string): number => Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

/** A separate sokuho-like process holding the embedded server of `dataDir`; resolves once it serves. */
const childServer = async (dataDir: string): Promise<{ child: ChildProcess; url: string }> => {
  const fixture = join(dirname(fileURLToPath(import.meta.url)), "..", "support", "embedded-child.ts");
  const child = spawn(process.execPath, ["--import", "tsx", fixture, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    lines.once("line", (line) => resolveUrl((JSON.parse(line) as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
  });
  return { child, url };
};
const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));

test("data survives a stop and a start, on a fresh free port each time", async () => {
  const first = await startEmbeddedPostgres(join(dir, "pg"));
  await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
  await first.stop();
  await assert.rejects(query(first.url, "SELECT 1"));
  const second = await startEmbeddedPostgres(join(dir, "pg"));
  try {
    assert.deepEqual(await query(second.url, "SELECT v FROM kept"), [{ v: "still here" }]);
    const [row] = (await query(second.url, "SHOW server_version_num")) as Array<{ server_version_num: string }>;
    assert.ok(Number(row?.server_version_num) >= 150000);
  } finally {
    await second.stop();
  }
});

test("as root, the data folder belongs to the postgres OS user", { skip: !isRoot && "not running as root" }, () => {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  assert.equal(statSync(join(dir, "pg")).uid, uid);
});

test("a server left running by a killed sokuho is stopped by the next start, which serves the same data", async () => {
  const dataDir = join(dir, "killed");
  const { child, url } = await childServer(dataDir);
  await query(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('after kill -9')");
  const orphan = postmasterPid(dataDir);
  child.kill("SIGKILL");
  await exited(child);
  // What kill -9 leaves behind: the server, re-parented, still answering.
  assert.deepEqual(await query(url, "SELECT v FROM kept"), [{ v: "after kill -9" }]);

  const next = await startEmbeddedPostgres(dataDir);
  try {
    assert.equal(isRunning(orphan), false, "the left-over server was stopped");
    assert.deepEqual(await query(next.url, "SELECT v FROM kept"), [{ v: "after kill -9" }]);
  } finally {
    await next.stop();
  }
  assert.equal(existsSync(join(dataDir, "postmaster.pid")), false);
});

test("a folder in use by a running sokuho is refused with a message in Japanese and English, and its server keeps serving", async () => {
  const dataDir = join(dir, "live");
  const { child, url } = await childServer(dataDir);
  try {
    await assert.rejects(startEmbeddedPostgres(dataDir), (err: Error) => {
      assert.match(err.message, new RegExp(`in use by a running sokuho \\(pid ${child.pid}\\)`));
      assert.match(err.message, /使用中/);
      return true;
    });
    assert.deepEqual(await query(url, "SELECT 1 AS one"), [{ one: 1 }]);
  } finally {
    child.kill("SIGTERM");
    await exited(child);
  }
});

test("a folder whose server was started by something other than sokuho is refused, not stopped", async () => {
  const dataDir = join(dir, "foreign");
  const { child, url } = await childServer(dataDir);
  // The owner record is gone and the server's parent is alive: not ours to stop.
  rmSync(`${dataDir}.owner`, { force: true });
  try {
    await assert.rejects(startEmbeddedPostgres(dataDir), /使用中/);
    assert.deepEqual(await query(url, "SELECT 1 AS one"), [{ one: 1 }]);
  } finally {
    child.kill("SIGTERM");
    await exited(child);
  }
});

test(
  "as root in a project folder of mode 700 (a clone under /root), binaries and data go where the postgres user reaches them",
  { skip: !isRoot && "not running as root: the postgres OS user is only used as root" },
  async () => {
    // The project: mode 700, owned by root, with its own copy of the PostgreSQL binaries, as `npm install` makes.
    const project = mkdtempSync(join(tmpdir(), "sokuho-root700-"));
    chmodSync(project, 0o700);
    const reachable = mkdtempSync(join(tmpdir(), "sokuho-varlib-"));
    chmodSync(reachable, 0o755);
    after(() => {
      rmSync(project, { recursive: true, force: true });
      rmSync(reachable, { recursive: true, force: true });
    });
    const binaries = join(project, "node_modules", "native");
    mkdirSync(dirname(binaries), { recursive: true });
    cpSync(await pgBinariesDir(), binaries, { recursive: true, verbatimSymlinks: true });
    const dataDir = join(project, ".sokuho", "pg");
    const logs: string[] = [];
    const start = () => startEmbeddedPostgres(dataDir, (m) => logs.push(m), { binaries, reachableRoot: reachable });

    const first = await start();
    let instance: string;
    try {
      await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from /root')");
      const [home] = logs.filter((l) => l.includes(reachable));
      assert.ok(home, "where the data and binaries went is printed");
      const pgUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const [relocated] = execFileSync("find", [reachable, "-maxdepth", "3", "-name", "PG_VERSION"], { encoding: "utf8" }).trim().split("\n");
      assert.ok(relocated, "the data folder is under the reachable root");
      instance = dirname(dirname(relocated));
      assert.equal(statSync(dirname(relocated)).uid, pgUid);
      // The running server is the copied binary, not the one in the unreachable project.
      const exe = readlinkSync(`/proc/${postmasterPid(dirname(relocated))}/exe`);
      assert.ok(exe.startsWith(instance), `${exe} runs from ${instance}`);
    } finally {
      await first.stop();
    }

    // Started again: the same copy (checked by hash, not recopied) and the same data.
    const stamp = join(instance, "postgresql", ".sokuho-source-sha256");
    const stampedAt = statSync(stamp).mtimeMs;
    const second = await start();
    try {
      assert.deepEqual(await query(second.url, "SELECT v FROM kept"), [{ v: "from /root" }]);
      assert.equal(statSync(stamp).mtimeMs, stampedAt, "unchanged binaries are not copied again");
    } finally {
      await second.stop();
    }

    // The package changed (npm update): the binaries are copied again.
    writeFileSync(join(binaries, "share", "sokuho-test-marker"), "changed\n");
    const third = await start();
    try {
      assert.equal(existsSync(join(instance, "postgresql", "share", "sokuho-test-marker")), true);
      assert.deepEqual(await query(third.url, "SELECT v FROM kept"), [{ v: "from /root" }]);
    } finally {
      await third.stop();
    }
  },
);
