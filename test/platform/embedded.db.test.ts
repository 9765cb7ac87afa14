/**
 * The embedded PostgreSQL: a real server started from the npm package, data kept in its folder across restarts,
 * stopped cleanly. As root (CI), the server runs as the OS user `postgres` and owns its data folder.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, chmodSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/platform/db/embedded.js";

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

test("as root, the data folder belongs to the postgres OS user", { skip: userInfo().uid !== 0 && "not running as root" }, () => {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  assert.equal(statSync(join(dir, "pg")).uid, uid);
});
