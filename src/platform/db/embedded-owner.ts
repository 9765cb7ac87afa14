/**
 * Who holds an embedded data folder. The sokuho that starts the server writes `<dir>.owner` (its pid and the
 * kernel's start time of that pid, so a recycled pid is not mistaken for it) and removes it on stop.
 *
 * `kill -9` of sokuho leaves its PostgreSQL running, re-parented to init, holding `postmaster.pid`: the next start
 * would fail on the lock. So at start: if the folder's owner still runs, refuse and say so; if a server for this
 * folder runs and its owner is dead, give it a fast shutdown and go on. A server without an owner record whose
 * parent is alive was started by something else: refuse, never stop it. Linux (/proc); elsewhere the checks are
 * skipped and PostgreSQL's own lock speaks.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

type Owner = { pid: number; startedAt: string | null };
/** Lines at "info" are for the operator (where data went, a left-over stopped); the server's own output is "debug". */
export type Log = (message: string, level?: "info" | "debug") => void;

const ownerFile = (dir: string): string => `${dir}.owner`;
const STOP_WAIT_MS = 60_000;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): [state, ppid, …]. */
const statFields = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
};

const hasProc = (): boolean => existsSync("/proc/self/stat");
/** Field 22 of stat: when the process started, in clock ticks since boot. */
const startTicks = (pid: number): string | null => statFields(pid)?.[19] ?? null;

/** Running and not a zombie (an orphan whose reaper has not reaped it yet is dead for us). */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  const state = statFields(pid)?.[0];
  return state !== "Z" && state !== "X";
};

const readOwner = (dir: string): Owner | undefined => {
  try {
    const o = JSON.parse(readFileSync(ownerFile(dir), "utf8")) as Partial<Owner>;
    return typeof o.pid === "number" ? { pid: o.pid, startedAt: typeof o.startedAt === "string" ? o.startedAt : null } : undefined;
  } catch {
    return undefined;
  }
};

const ownerRuns = (o: Owner): boolean => isRunning(o.pid) && (!hasProc() || o.startedAt === null || startTicks(o.pid) === o.startedAt);

/** The pid of a running postmaster serving `dir`, from its lock file, checked against the process itself. */
const runningPostmaster = (dir: string): number | undefined => {
  let pid: number;
  try {
    const [first, dataDir] = readFileSync(join(dir, "postmaster.pid"), "utf8").split("\n");
    pid = Number(first);
    if (!Number.isInteger(pid) || pid <= 0 || dataDir !== dir) return undefined;
  } catch {
    return undefined;
  }
  if (!isRunning(pid)) return undefined;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const d = argv.indexOf("-D");
    return basename(argv[0] ?? "") === "postgres" && d > 0 && argv[d + 1] === dir ? pid : undefined;
  } catch {
    return undefined;
  }
};

const inUse = (dir: string, holder: string): Error =>
  new Error(
    `the embedded PostgreSQL data folder ${dir} is in use by ${holder}; stop it first, or give this one another folder (SOKUHO_DATA_DIR) / ` +
      `組み込み PostgreSQL のデータフォルダ ${dir} は使用中です（${holder}）。先にそれを停止するか、別のフォルダ（SOKUHO_DATA_DIR）を指定してください`,
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const waitForExit = async (pid: number, ms: number): Promise<boolean> => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) if (!isRunning(pid)) return true;
  return !isRunning(pid);
};

/** Stops a server left behind by a dead owner: fast shutdown, then immediate shutdown if it hangs. */
const stopLeftover = async (pid: number, dir: string, log: Log): Promise<void> => {
  log(`stopping the embedded PostgreSQL (pid ${pid}) left running in ${dir} by a sokuho that ended without stopping it`, "info");
  process.kill(pid, "SIGINT");
  if (await waitForExit(pid, STOP_WAIT_MS)) return;
  process.kill(pid, "SIGQUIT");
  if (await waitForExit(pid, 10_000)) return;
  throw new Error(`the embedded PostgreSQL (pid ${pid}) left running in ${dir} did not stop`);
};

/** Makes this process the owner of `dir`, after stopping a server left by a dead owner; throws if it is taken. */
export const claimDataDir = async (dir: string, log: Log): Promise<void> => {
  const owner = readOwner(dir);
  if (owner && owner.pid !== process.pid && ownerRuns(owner)) throw inUse(dir, `a running sokuho (pid ${owner.pid})`);
  const leftover = runningPostmaster(dir);
  if (leftover !== undefined) {
    const parent = Number(statFields(leftover)?.[1]);
    if (!owner && parent > 1 && isRunning(parent)) throw inUse(dir, `another process (pid ${parent}, the parent of PostgreSQL pid ${leftover})`);
    await stopLeftover(leftover, dir, log);
  }
  writeFileSync(ownerFile(dir), JSON.stringify({ pid: process.pid, startedAt: startTicks(process.pid) }) + "\n", { mode: 0o644 });
};

/** Removes the owner record if it is this process's. */
export const releaseDataDir = (dir: string): void => {
  if (readOwner(dir)?.pid === process.pid) rmSync(ownerFile(dir), { force: true });
};
