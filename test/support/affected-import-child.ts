/**
 * A `sokuho scan --import` process for the kill -9 test: runs the registry import against the test database and
 * kills itself with SIGKILL (no handler, no cleanup, as `kill -9` does) once `killAfter` people are committed.
 *   args: DATABASE_URL INCIDENT_ID FILE KILL_AFTER
 */
import { loadConfig } from "../../src/platform/config/config.js";
import { bootPlatform } from "../../src/platform/bootstrap.js";
import { importRegistry } from "../../src/capabilities/affected/import.js";
import { TEST_SECRET_HEX } from "./platform.js";

const [databaseUrl, incidentId, file, killAfter] = process.argv.slice(2);
if (!databaseUrl || !incidentId || !file || !killAfter) throw new Error("usage: affected-import-child.ts DATABASE_URL INCIDENT_ID FILE KILL_AFTER");
const config = loadConfig({ DATABASE_URL: databaseUrl, SOKUHO_SECRET_KEY: TEST_SECRET_HEX, SOKUHO_LOG_LEVEL: "silent", SOKUHO_DEMO_SEED: "false" }, {});
const { platform } = await bootPlatform(config);
await importRegistry(platform, {
  incidentId, files: [file], scan: { referenceDate: 20160614, threads: 1 }, threads: 1, batchSize: 300,
  onProgress: (phase, done) => {
    if (phase === "import" && done >= Number(killAfter)) process.kill(process.pid, "SIGKILL");
  },
});
process.stdout.write("finished without being killed\n");
process.exit(3);
