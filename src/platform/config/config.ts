/**
 * Configuration from the environment, validated once at start. Every setting has a safe default for a laptop:
 * no DATABASE_URL means the embedded PostgreSQL, no SMTP URL means the dev maildir.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { z } from "zod";

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

/** A whole number from the environment in [min, max]; otherwise a sentence saying what it counts and its range. */
const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number of ${what}, from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min} (${what})`).max(max, `must be at most ${max} (${what})`));

const ZEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  SOKUHO_APP_DATABASE_URL: z.string().url().optional(),
  SOKUHO_DATA_DIR: z.string().default(".sokuho"),
  SOKUHO_PG_DIR: z.string().optional(),
  SOKUHO_HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SOKUHO_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SOKUHO_PUBLIC_URL: z.string().url().optional(),
  SOKUHO_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "SOKUHO_SECRET_KEY must be 64 hex characters (32 bytes)")
    .optional(),
  SOKUHO_SMTP_URL: z.string().url().optional(),
  SOKUHO_MAIL_FROM: z.string().default("sokuho <noreply@sokuho.localhost>"),
  SOKUHO_DEMO_SEED: boolish.default(true),
  SOKUHO_JOBS: z.enum(["inline", "off"]).default("inline"),
  SOKUHO_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SOKUHO_SECURE_COOKIES: boolish.optional(),
  SOKUHO_SESSION_HOURS: z.coerce.number().positive().default(12),
  SOKUHO_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SOKUHO_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  SOKUHO_SECURITY_LOG_DAYS: z.coerce.number().int().min(30).max(3650).default(400),
  SOKUHO_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  SOKUHO_STORAGE: z.enum(["local", "s3"]).default("local"),
  SOKUHO_EVIDENCE_MAX_BYTES: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(2 * 1024 ** 3),
  SOKUHO_S3_ENDPOINT: z.string().url().optional(),
  SOKUHO_S3_BUCKET: z.string().min(3).max(63).optional(),
  SOKUHO_S3_REGION: z.string().min(1).default("us-east-1"),
  SOKUHO_OBLIGATION_RULES_DIR: z.string().optional(),
  SOKUHO_OBLIGATION_LEAD_HOURS: z.string().regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, "hours before a due time, comma-separated (e.g. 48,24,2)").optional(),
  NODE_ENV: z.string().optional(),
  // The contact network's delivery worker (docs/network.md).
  SOKUHO_NETWORK_WORKER: boolish.default(true),
  SOKUHO_NETWORK_DEST_RATE: z.string().regex(/^\d+\/\d+s$/, "messages per window per destination, e.g. 5/5s").default("5/5s"),
  SOKUHO_NETWORK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  SOKUHO_NETWORK_LEASE_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  SOKUHO_NETWORK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(5),
  SOKUHO_SMTP_ACCEPT_LOG: z.string().optional(),
  SOKUHO_NETWORK_WEBHOOK_PRIVATE: boolish.default(false),
  // Mail analysis in worker threads (the triage capability; docs/mail.md).
  SOKUHO_MAIL_WORKERS: wholeNumber("worker threads for mail analysis", 1, 64).default(1),
  SOKUHO_MAIL_QUEUE: wholeNumber("mails waiting for a worker thread", 0, 10_000).default(16),
  SOKUHO_MAIL_TIMEOUT_MS: wholeNumber("milliseconds one mail's analysis may take", 1, 3_600_000).default(30_000),
});

export type Config = {
  databaseUrl: string | undefined;
  appDatabaseUrl: string | undefined;
  dataDir: string;
  pgDir: string;
  host: string;
  port: number;
  publicUrl: string;
  /** 32 bytes; the root of the keys for audit hashing, HMAC identifiers and AES-GCM encryption. */
  secretKey: Buffer;
  smtpUrl: string | undefined;
  mailFrom: string;
  maildir: string;
  demoSeed: boolean;
  jobs: "inline" | "off";
  logLevel: z.infer<typeof ZEnv>["SOKUHO_LOG_LEVEL"];
  secureCookies: boolean;
  sessionHours: number;
  /** Longest lifetime of an API token; every token has an expiry. */
  tokenMaxDays: number;
  /** How long the accounts' security log is kept (a little over a year, so a yearly review sees a full year). */
  securityLogDays: number;
  bodyLimitBytes: number;
  /** Sign-in and reset attempts per client address per minute. */
  loginRatePerMinute: number;
  /** Where evidence files are kept: `local` (evidenceDir) or an S3-compatible bucket. */
  storage: "local" | "s3";
  evidenceDir: string;
  evidenceMaxBytes: number;
  /** S3: endpoint (none: AWS itself), bucket, region; credentials come from the standard AWS variables. */
  s3Endpoint: string | undefined;
  s3Bucket: string | undefined;
  s3Region: string;
  /** Obligation rule files (default: the ones shipped in src/capabilities/obligations/rules). */
  obligationRulesDir?: string | undefined;
  /** Hours before a due time at which `obligation.due_soon` is raised (default 48, 24, 2). */
  obligationLeadHours?: number[] | undefined;
  /** The contact network's delivery worker; defaults in src/capabilities/network/delivery.ts. */
  network?: Partial<NetworkDeliveryConfig> | undefined;
  /** Mail analysis in worker threads (the triage capability). */
  mail: MailAnalysisConfig;
};

export type MailAnalysisConfig = {
  /** Worker threads (SOKUHO_MAIL_WORKERS, default 1); started on the first mail. */
  workers: number;
  /** Mails waiting for a thread before an upload is refused as busy (SOKUHO_MAIL_QUEUE, default 16). */
  maxQueued: number;
  /** One mail's time limit, from the moment a thread starts on it (SOKUHO_MAIL_TIMEOUT_MS, default 30,000). */
  timeoutMs: number;
};

export type NetworkDeliveryConfig = {
  /** Run the delivery worker where the job workers run (the web process with SOKUHO_JOBS=inline, `sokuho worker`). */
  worker: boolean;
  /** Throttle per destination: at most `destLimit` messages per `destWindowMs`. */
  destLimit: number;
  destWindowMs: number;
  maxAttempts: number;
  leaseMs: number;
  /** Consecutive failures after which a webhook channel is disabled. */
  disableAfter: number;
  /** Postfix's log (maillog_file): read after a crash to tell a message the MTA accepted from one it did not. */
  smtpAcceptLog: string | undefined;
  /** Let webhooks reach private, loopback and reserved addresses (default: the public internet only). */
  webhookPrivate: boolean;
  /** Retry back-off: base × 2^(attempt-1), capped, with full jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How often a worker looks for due rows without a NOTIFY (retries, leases left by a crashed worker). */
  pollMs: number;
  /** Destinations sent to at once by one worker (and pooled SMTP connections). */
  concurrency: number;
  /** One attempt's limit (SMTP conversation, webhook request); kept well under the lease. */
  sendTimeoutMs: number;
};

export class ConfigError extends Error {}

/** Reads the secret key from the environment or from `<dataDir>/secret.key`, creating it (0600) on first run. */
const loadSecretKey = (fromEnv: string | undefined, dataDir: string): Buffer => {
  if (fromEnv) return Buffer.from(fromEnv, "hex");
  const path = join(dataDir, "secret.key");
  if (existsSync(path)) {
    const hex = readFileSync(path, "utf8").trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new ConfigError(`${path}: expected 64 hex characters`);
    return Buffer.from(hex, "hex");
  }
  mkdirSync(dataDir, { recursive: true });
  const hex = randomBytes(32).toString("hex");
  writeFileSync(path, hex + "\n", { mode: 0o600 });
  chmodSync(path, 0o600);
  return Buffer.from(hex, "hex");
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config => {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration / 設定が不正です:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.SOKUHO_STORAGE === "s3" && !e.SOKUHO_S3_BUCKET) throw new ConfigError("invalid configuration / 設定が不正です:\n  SOKUHO_S3_BUCKET: required when SOKUHO_STORAGE=s3");
  const dataDir = resolve(overrides.dataDir ?? e.SOKUHO_DATA_DIR);
  const port = overrides.port ?? e.SOKUHO_PORT ?? e.PORT ?? 3000;
  const host = overrides.host ?? e.SOKUHO_HOST;
  const publicUrl = (e.SOKUHO_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  return {
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl: e.SOKUHO_APP_DATABASE_URL,
    dataDir,
    pgDir: resolve(e.SOKUHO_PG_DIR ?? join(dataDir, "pg")),
    host,
    port,
    publicUrl,
    secretKey: overrides.secretKey ?? loadSecretKey(e.SOKUHO_SECRET_KEY, dataDir),
    smtpUrl: e.SOKUHO_SMTP_URL,
    mailFrom: e.SOKUHO_MAIL_FROM,
    maildir: join(dataDir, "mail"),
    demoSeed: e.SOKUHO_DEMO_SEED,
    jobs: e.SOKUHO_JOBS,
    logLevel: e.SOKUHO_LOG_LEVEL,
    secureCookies: e.SOKUHO_SECURE_COOKIES ?? publicUrl.startsWith("https://"),
    sessionHours: e.SOKUHO_SESSION_HOURS,
    tokenMaxDays: e.SOKUHO_TOKEN_MAX_DAYS,
    securityLogDays: e.SOKUHO_SECURITY_LOG_DAYS,
    bodyLimitBytes: e.SOKUHO_BODY_LIMIT_BYTES,
    loginRatePerMinute: e.SOKUHO_LOGIN_RATE_PER_MINUTE,
    storage: e.SOKUHO_STORAGE,
    evidenceDir: join(dataDir, "evidence"),
    evidenceMaxBytes: e.SOKUHO_EVIDENCE_MAX_BYTES,
    s3Endpoint: e.SOKUHO_S3_ENDPOINT,
    s3Bucket: e.SOKUHO_S3_BUCKET,
    s3Region: e.SOKUHO_S3_REGION,
    obligationRulesDir: e.SOKUHO_OBLIGATION_RULES_DIR ? resolve(e.SOKUHO_OBLIGATION_RULES_DIR) : undefined,
    obligationLeadHours: e.SOKUHO_OBLIGATION_LEAD_HOURS?.split(",").map(Number),
    network: {
      worker: e.SOKUHO_NETWORK_WORKER,
      destLimit: Number(e.SOKUHO_NETWORK_DEST_RATE.split("/")[0]),
      destWindowMs: Number(e.SOKUHO_NETWORK_DEST_RATE.split("/")[1]!.slice(0, -1)) * 1000,
      maxAttempts: e.SOKUHO_NETWORK_MAX_ATTEMPTS,
      leaseMs: e.SOKUHO_NETWORK_LEASE_SECONDS * 1000,
      disableAfter: e.SOKUHO_NETWORK_DISABLE_AFTER,
      smtpAcceptLog: e.SOKUHO_SMTP_ACCEPT_LOG,
      webhookPrivate: e.SOKUHO_NETWORK_WEBHOOK_PRIVATE,
    },
    mail: { workers: e.SOKUHO_MAIL_WORKERS, maxQueued: e.SOKUHO_MAIL_QUEUE, timeoutMs: e.SOKUHO_MAIL_TIMEOUT_MS },
    ...overrides,
  };
};
