/**
 * A stand-in for a sokuho process in embedded-PostgreSQL tests: starts the embedded server on the folder given as
 * the first argument, prints its URL as one JSON line, and stops it on SIGTERM. A test kills it with SIGKILL to
 * leave the server behind, as `kill -9` of `npm start` does.
 */
import { startEmbeddedPostgres } from "../../src/platform/db/embedded.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: embedded-child.ts DATA_DIR");
const server = await startEmbeddedPostgres(dir);
process.stdout.write(JSON.stringify({ url: server.url }) + "\n");
process.on("SIGTERM", () => {
  void server.stop().then(() => process.exit(0));
});
