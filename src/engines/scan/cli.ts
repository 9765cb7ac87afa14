/**
 * `sokuho scan FILE...` (commander 14). Exit codes:
 *   0  scanned, no personal data found
 *   1  scanned, personal data found (the report says what)
 *   2  usage error (bad option)
 *   3  a file could not be scanned (missing, unreadable, binary); other files may still have been counted
 *   4  --import: the registry import failed (run the same command again: it resumes)
 * Warnings (ragged rows, invalid bytes …) do not change the exit code; they are in the report.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type Command, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import { ymdFromIso } from "./era.js";
import { cliProgress } from "./libraries.js";
import { toHtml } from "./report/html.js";
import { toJson } from "./report/json.js";
import { toTerminal } from "./report/terminal.js";
import { scan } from "./scan.js";
import { KEY_COMPONENTS, type Encoding, type Format, type KeyComponent, type MatchKey, type ScanOptions, type ScanResult } from "./types.js";

export const EXIT = { CLEAN: 0, PII_FOUND: 1, USAGE: 2, FILE_ERROR: 3, IMPORT_FAILED: 4 } as const;

/**
 * The platform's registry import, given by the main CLI (this engine has no platform dependency). It runs the
 * scan itself (pass 1 of the person stream) and returns its result with a summary of the import.
 */
export type ScanImporter = (
  files: string[],
  options: ScanOptions,
  target: { incidentId: string; as?: string; onProgress?: (phase: "scan" | "import", done: number, total: number) => void },
) => Promise<{ scan: ScanResult | null; report: { ja: string; en: string }; json: Record<string, unknown> }>;

const Options = z.object({
  json: z.boolean().optional(),
  format: z.enum(["csv", "tsv", "json", "jsonl", "sql", "xlsx", "html", "spreadsheetml"]).optional(),
  encoding: z.enum(["utf-8", "utf8", "shift_jis", "sjis", "cp932", "euc-jp"]).optional(),
  delimiter: z.string().optional(),
  header: z.boolean().optional(),
  referenceDate: z.string().optional(),
  matchKeys: z.string().optional(),
  passportYears: z.string().optional(),
  threads: z.string().regex(/^\d+$/).optional(),
  html: z.string().optional(),
  sourceColumn: z.string().optional(),
  progress: z.boolean().optional(),
  import: z.string().uuid().optional(),
  as: z.string().email().optional(),
});

export function parseMatchKeys(s: string): MatchKey[] {
  return s.split(",").map((k) => {
    const parts = k.trim().split("+").map((p) => p.trim());
    for (const p of parts) if (!KEY_COMPONENTS.includes(p as KeyComponent)) throw new InvalidArgumentError(`unknown key component "${p}" (one of ${KEY_COMPONENTS.join(", ")})`);
    return parts as KeyComponent[];
  });
}
function parseDelimiter(s: string): string {
  const d = s === "\\t" || s.toLowerCase() === "tab" ? "\t" : s;
  if (d.length !== 1) throw new InvalidArgumentError("the delimiter must be one character (or \\t)");
  return d;
}

export function registerScanCommand(program: Command, hooks: { importer?: ScanImporter } = {}): void {
  const command = program
    .command("scan")
    .description("個人情報の影響調査 / count records, unique people and valid passports in leaked files (CSV/TSV, Excel .xlsx, HTML tables, JSON Lines and JSON documents, SQL dumps; zip, gzip; UTF-8, Shift_JIS, EUC-JP)")
    .argument("<files...>", "files to scan as one data set")
    .option("--json", "print the result as JSON (machine output)")
    .addOption(new Option("--format <format>", "input format (default: detected; json and jsonl both read JSON Lines and JSON documents)").choices(["csv", "tsv", "json", "jsonl", "sql", "xlsx", "html", "spreadsheetml"]))
    .addOption(new Option("--encoding <encoding>", "text encoding (default: detected)").choices(["utf-8", "utf8", "shift_jis", "sjis", "cp932", "euc-jp"]))
    .option("--delimiter <char>", "CSV delimiter (default: detected; \\t for tab)", parseDelimiter)
    .option("--header", "the first CSV row is a header")
    .option("--no-header", "the first CSV row is data")
    .option("--reference-date <date>", "date for passport validity (YYYY-MM-DD; default today)")
    .option("--match-keys <keys>", "match keys for unique people, e.g. email,kana+birth,phone+birth", "email,kana+birth,phone+birth")
    .option("--passport-years <rules>", "validity by first letter, e.g. T=10,M=5", "T=10,M=5")
    .option("--source-column <name>", "count records by this column (default: detected, e.g. site)")
    .option("--threads <n>", "worker threads for uncompressed CSV", String(Math.min(4, availableParallelism())))
    .option("--html <out>", "also write an HTML report to this file")
    .option("--no-progress", "no progress bar");
  if (hooks.importer)
    command
      .option("--import <incidentId>", "load the unique people into this incident's affected-person registry (encrypted; resumable)")
      .option("--as <email>", "with --import: the user recorded as running it (an admin, CISO or responder of the incident's organisation)");
  command
    .addHelpText(
      "after",
      "\nExit codes: 0 no personal data, 1 personal data found, 2 usage error, 3 a file could not be scanned" +
        (hooks.importer ? ", 4 the registry import failed (run the same command again: it resumes)" : "") +
        ".\nReports hold masked samples only (山田 **, ****@example.jp, TK*****67).",
    )
    .action(async (files: string[], raw: Record<string, unknown>, cmd: Command) => {
      const parsed = Options.safeParse(raw);
      if (!parsed.success) {
        cmd.error(`invalid options: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`, { exitCode: EXIT.USAGE });
        return;
      }
      const o = parsed.data;
      let referenceDate: number | undefined;
      let matchKeys: MatchKey[];
      const yearsByPrefix: Record<string, number> = {};
      try {
        if (o.referenceDate) referenceDate = ymdFromIso(o.referenceDate);
        matchKeys = parseMatchKeys(o.matchKeys ?? "email,kana+birth,phone+birth");
        for (const part of (o.passportYears ?? "T=10,M=5").split(",")) {
          const m = /^([A-Z])=(\d+)$/.exec(part.trim());
          if (!m) throw new Error(`bad passport rule "${part}"`);
          yearsByPrefix[m[1] as string] = Number(m[2]);
        }
      } catch (e) {
        cmd.error((e as Error).message, { exitCode: EXIT.USAGE });
        return;
      }
      const encoding = o.encoding ? ({ utf8: "utf-8", sjis: "shift_jis", cp932: "shift_jis" } as Record<string, Encoding>)[o.encoding] ?? (o.encoding as Encoding) : undefined;
      const format: Format | undefined = o.format === "tsv" ? "csv" : o.format === "json" ? "jsonl" : (o.format as Format | undefined);
      const delimiter = o.delimiter ?? (o.format === "tsv" ? "\t" : undefined);
      const showBar = o.progress !== false && process.stdout.isTTY === true && !o.json;
      const bar = showBar ? new (cliProgress().SingleBar)({ format: "scan [{bar}] {percentage}% {value}/{total} MB", hideCursor: true }, cliProgress().Presets.shades_classic) : null;
      const options: ScanOptions = {
        ...(format ? { format } : {}),
        ...(encoding ? { encoding } : {}),
        ...(delimiter ? { delimiter } : {}),
        ...(o.header !== undefined ? { header: o.header } : {}),
        ...(referenceDate ? { referenceDate } : {}),
        ...(o.sourceColumn ? { sourceColumn: o.sourceColumn } : {}),
        matchKeys,
        passportRule: { yearsByPrefix },
        threads: Number(o.threads ?? 1),
        ...(bar
          ? {
              onProgress: (done: number, total: number) => {
                if (bar.getTotal() !== Math.round(total / 1e6)) bar.start(Math.round(total / 1e6), 0);
                bar.update(Math.round(done / 1e6));
              },
            }
          : {}),
      };
      if (o.as !== undefined && o.import === undefined) {
        cmd.error("--as needs --import", { exitCode: EXIT.USAGE });
        return;
      }
      const report = (result: ScanResult, imported: Awaited<ReturnType<ScanImporter>> | null): void => {
        if (o.html) writeFileSync(o.html, toHtml(result));
        const text = o.json
          ? imported ? JSON.stringify({ ...(JSON.parse(toJson(result)) as object), import: imported.json }, null, 2) : toJson(result)
          : imported ? `${toTerminal(result)}\n\n${imported.report.ja}\n${imported.report.en}` : toTerminal(result);
        process.stdout.write(text + "\n");
        const fileError = result.diagnostics.some((d) => d.severity === "error");
        process.exitCode = fileError ? EXIT.FILE_ERROR : result.recordsWithPii > 0 ? EXIT.PII_FOUND : EXIT.CLEAN;
      };
      if (o.import !== undefined && hooks.importer) {
        let phase = "";
        const imported = await hooks.importer(files, { ...options, onProgress: undefined }, {
          incidentId: o.import,
          ...(o.as ? { as: o.as } : {}),
          ...(bar
            ? {
                onProgress: (ph: "scan" | "import", done: number, total: number) => {
                  const scale = ph === "scan" ? 1e6 : 1;
                  if (ph !== phase) {
                    phase = ph;
                    bar.start(Math.max(1, Math.round(total / scale)), 0);
                  }
                  bar.setTotal(Math.max(1, Math.round(total / scale)));
                  bar.update(Math.round(done / scale));
                },
              }
            : {}),
        }).catch((e: unknown) => {
          bar?.stop();
          const err = e as { ja?: string; message?: string };
          // Messages from the importer are written for users and never hold a value from the data.
          process.stderr.write(`registry import failed / 台帳への取り込みに失敗しました: ${err.ja ? `${err.ja} / ` : ""}${err.message ?? String(e)}\n`);
          process.exitCode = EXIT.IMPORT_FAILED;
          return null;
        });
        bar?.stop();
        if (imported === null) return;
        if (imported.scan === null) {
          process.stdout.write(o.json ? JSON.stringify({ import: imported.json }, null, 2) + "\n" : `${imported.report.ja}\n${imported.report.en}\n`);
          return;
        }
        report(imported.scan, imported);
        return;
      }
      const result = await scan(files, options);
      bar?.stop();
      report(result, null);
    });
}
