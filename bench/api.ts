/**
 * npm run bench:api — the cost of one API request. `GET /api/v1/orgs/:orgId/incidents` of sokuho (signed in as the
 * demo org-admin, demo seed) against the floor: a bare Fastify + pg endpoint running one query on the same table of
 * the same database. Each server is its own process; autocannon loads them alternately (20 connections, 8 s each,
 * after a warm-up), so both see the same machine. Prints each run, the load average, and last one JSON line:
 * {"sokuhoRps", "floorRps", "ratio", "sokuhoP99Ms", "sokuhoCpuMs", "floorCpuMs", "cpuRatio"}. Compare ratios of one
 * run, not figures across runs: the CPU is shared. The CPU one request costs (the server's process plus the
 * PostgreSQL processes of its connections, from /proc) does not count waiting for a CPU, so cpuRatio (floor's CPU
 * per request / sokuho's) holds better than the requests/s ratio when other work loads the machine.
 *   options: --rounds N (default 2)  --seconds N (default 8)  --connections N (default 20)
 *            --log-level L (sokuho's, default info as in production)  --cpu-prof DIR (profile sokuho into DIR)
 *            --steps (first load the parts of a request alone: /healthz = HTTP and hooks, /readyz = + one query,
 *            /api/v1/me = + the session and two queries of its own, so the cost of each step shows)
 *            --root DIR (sokuho of another checkout, e.g. the previous commit: compare versions in one sitting)
 *            --settle N (wait at most N s, default 120, for sokuho to go idle after start-up: on a busy machine
 *            it may never drop under 5 % of a CPU)
 * Database: DATABASE_URL (a fresh database is created on it and dropped), or an embedded PostgreSQL in a temporary
 * folder.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import Fastify from "fastify";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "../src/platform/db/embedded.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "20" },
    "log-level": { type: "string", default: "info" },
    steps: { type: "boolean", default: false }, // also load the steps a request is made of, one by one
    "cpu-prof": { type: "string" }, // a folder: sokuho runs with --cpu-prof into it (profile of the loaded server)
    root: { type: "string" }, // run sokuho from another checkout (to compare two versions in one sitting)
    settle: { type: "string", default: "120" }, // at most this many seconds of waiting for sokuho to go idle after start-up
    floor: { type: "string" }, // internal: run the floor server on this port
  },
});

/** The floor's database connections say who they are, so their server processes' CPU is told apart from sokuho's. */
const FLOOR_APP = "sokuho-bench-floor";

/** CPU time (user + system) a process has used, in ms; 0 once it is gone. */
const cpuMs = (pid: number): number => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 1/100 s
  } catch {
    return 0;
  }
};

/** The floor: what any Fastify + pg service pays for the same rows. */
const runFloor = async (port: number): Promise<void> => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: FLOOR_APP });
  const app = Fastify();
  app.get<{ Params: { orgId: string } }>("/floor/:orgId", async (req) => ({
    incidents: (await pool.query("SELECT * FROM incidents WHERE org_id = $1 ORDER BY created_at DESC", [req.params.orgId])).rows,
  }));
  await app.listen({ host: "127.0.0.1", port });
  process.on("SIGTERM", () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
};

if (values.floor) {
  await runFloor(Number(values.floor));
} else {
  await main();
}

/** Waits until the process uses under 5 % of a CPU over a second (at most `maxSeconds`); returns the seconds waited. */
async function settle(pid: number, maxSeconds: number): Promise<number> {
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (1/100 s)
  };
  const t0 = Date.now();
  for (let before = ticks(); Date.now() - t0 < maxSeconds * 1000; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = ticks();
    if (now - before < 5) break;
    before = now;
  }
  return (Date.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const rounds = Number(values.rounds);
  const duration = Number(values.seconds);
  const connections = Number(values.connections);
  const dataDir = mkdtempSync(join(tmpdir(), "sokuho-bench-api-"));
  chmodSync(dataDir, 0o755); // as root, the embedded server runs as user postgres and must enter it
  const children: ChildProcess[] = [];
  let stopDb: (() => Promise<void>) | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres(join(dataDir, "pg"));
    serverUrl = server.url;
    stopDb = server.stop;
  }
  const dbName = `sokuho_bench_api_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  const databaseUrl = u.toString();

  const waitReady = async (url: string, child: ChildProcess): Promise<void> => {
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${url} did not become ready`);
  };
  const env = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" };

  try {
    const sokuhoPort = await freePort();
    const sokuho = spawn(process.execPath, [...(values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : []), join(values.root ?? root, "bin", "sokuho.js"), "serve", "--port", String(sokuhoPort)], {
      env: { ...env, SOKUHO_DATA_DIR: dataDir, SOKUHO_SECRET_KEY: randomBytes(32).toString("hex"), SOKUHO_DEMO_SEED: "true", SOKUHO_LOG_LEVEL: values["log-level"] },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(sokuho);
    const base = `http://127.0.0.1:${sokuhoPort}`;
    await waitReady(`${base}/readyz`, sokuho);

    const floorPort = await freePort();
    const floorServer = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--floor", String(floorPort)], { env, stdio: ["ignore", "ignore", "inherit"] });
    children.push(floorServer);

    // Sign in as the demo org-admin; the organisation is the demo company's.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@sakura.example.jp", password: "sokuho-demo-password" }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const me = (await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json()) as { memberships: Array<{ orgId: string; slug: string }> };
    const orgId = me.memberships.find((m) => m.slug === "sakura-tourist")?.orgId;
    if (!orgId) throw new Error("demo organisation not found");
    const sokuhoUrl = `${base}/api/v1/orgs/${orgId}/incidents`;
    const floorUrl = `http://127.0.0.1:${floorPort}/floor/${orgId}`;
    await waitReady(floorUrl, floorServer);
    // The demo seed leaves jobs behind (mail, gap checks); load only once sokuho has settled.
    const settled = await settle(sokuho.pid!, Number(values.settle));
    console.log(`sokuho settled ${settled.toFixed(1)} s after start-up`);
    const sample = await (await fetch(sokuhoUrl, { headers: { cookie } })).text();
    const incidents = (JSON.parse(sample) as { incidents: unknown[] }).incidents.length;

    // Besides requests/s (which on a shared machine swing with everything else that runs), the CPU one request
    // costs: the server process's, and that of the PostgreSQL processes serving its connections (/proc, Linux).
    // Waiting for a CPU does not count in it, so it holds when other work loads the machine.
    const backends = async (floor: boolean): Promise<number[]> =>
      (await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND (application_name = $2) = $3", [dbName, FLOOR_APP, floor])).rows.map((r) => r.pid);
    const load = async (url: string, seconds: number, headers: Record<string, string> = {}) => {
      const floor = url.startsWith(`http://127.0.0.1:${floorPort}/`);
      const server = floor ? floorServer.pid! : sokuho.pid!;
      const pgBefore = new Map((await backends(floor)).map((pid) => [pid, cpuMs(pid)]));
      const nodeBefore = cpuMs(server);
      const r = await autocannon({ url, connections, duration: seconds, headers });
      const nodeMs = cpuMs(server) - nodeBefore;
      let pgMs = 0;
      for (const pid of new Set([...pgBefore.keys(), ...(await backends(floor))])) pgMs += Math.max(0, cpuMs(pid) - (pgBefore.get(pid) ?? 0));
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      const n = Math.max(1, r.requests.total);
      return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, nodeMs: nodeMs / n, pgMs: pgMs / n };
    };
    const cpu = (x: { nodeMs: number; pgMs: number }) => `CPU/request ${(x.nodeMs + x.pgMs).toFixed(2)} ms = ${x.nodeMs.toFixed(2)} node + ${x.pgMs.toFixed(2)} pg`;

    console.log(`GET /api/v1/orgs/:orgId/incidents (${incidents} incidents, ${(sample.length / 1024).toFixed(1)} KB) vs bare Fastify + pg, ${connections} connections, ${duration} s each, alternated`);
    const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(`load average before: ${loadAverage()}`);
    await load(sokuhoUrl, 2, { cookie });
    await load(floorUrl, 2);
    if (values.steps) {
      for (const [name, path] of [["HTTP and hooks", "/healthz"], ["+ one query", "/readyz"], ["+ session (GET /api/v1/me)", "/api/v1/me"]] as const) {
        const r = await load(`${base}${path}`, duration, { cookie });
        console.log(`step ${path} (${name}): ${r.rps.toFixed(0)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms) · ${cpu(r)}`);
      }
    }
    type Run = Awaited<ReturnType<typeof load>>;
    const s: Run[] = [];
    const f: Run[] = [];
    for (let i = 1; i <= rounds; i++) {
      s.push(await load(sokuhoUrl, duration, { cookie }));
      f.push(await load(floorUrl, duration));
      const [a, b] = [s.at(-1)!, f.at(-1)!];
      console.log(`round ${i}: sokuho ${a.rps.toFixed(0)} req/s (p50 ${a.p50} ms, p99 ${a.p99} ms) · floor ${b.rps.toFixed(0)} req/s (p50 ${b.p50} ms, p99 ${b.p99} ms) · ratio ${(a.rps / b.rps).toFixed(3)}`);
      console.log(`         sokuho ${cpu(a)} · floor ${cpu(b)} · CPU ratio (floor/sokuho) ${((b.nodeMs + b.pgMs) / (a.nodeMs + a.pgMs)).toFixed(3)}`);
    }
    console.log(`load average after: ${loadAverage()}`);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sokuhoRps = Math.round(mean(s.map((x) => x.rps)));
    const floorRps = Math.round(mean(f.map((x) => x.rps)));
    const sokuhoP99Ms = Math.max(...s.map((x) => x.p99));
    const cpuOf = (xs: Run[]) => mean(xs.map((x) => x.nodeMs + x.pgMs));
    const [sokuhoCpuMs, floorCpuMs] = [cpuOf(s), cpuOf(f)];
    console.log(JSON.stringify({
      sokuhoRps, floorRps, ratio: Number((sokuhoRps / floorRps).toFixed(3)), sokuhoP99Ms,
      sokuhoCpuMs: Number(sokuhoCpuMs.toFixed(3)), floorCpuMs: Number(floorCpuMs.toFixed(3)), cpuRatio: Number((floorCpuMs / sokuhoCpuMs).toFixed(3)),
    }));
  } finally {
    for (const c of children) {
      c.kill("SIGTERM");
      if (c.exitCode === null) await new Promise((r) => c.once("exit", r));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    await stopDb?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
