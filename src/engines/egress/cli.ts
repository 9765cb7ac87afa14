/**
 * `sokuho egress analyse LOG…` (commander 14). Exit codes:
 *   0  analysed, no findings
 *   1  analysed, findings (the report lists them)
 *   2  usage error (bad option, unreadable list file)
 *   3  a log could not be read (missing, unknown format, corrupt gzip); the other logs were still analysed
 * Broken lines do not change the exit code: they are counted and reported with file and line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type Command, Option } from "commander";
import cliProgress from "cli-progress";
import { z } from "zod";
import { analyseEgress, fileInputs } from "./analyse.js";
import { Diagnostics, formatDiagnostic } from "./diagnostics.js";
import { parseAllowlist, parseAssets, parseIndicators } from "./lists.js";
import { parseCidr } from "./net.js";
import { toHtml, toJson, toTerminal } from "./report/report.js";
import type { EgressOptions } from "./types.js";

export const EXIT = { CLEAN: 0, FINDINGS: 1, USAGE: 2, FILE_ERROR: 3 } as const;

const Options = z.object({
  json: z.boolean().optional(),
  html: z.string().optional(),
  indicators: z.string().optional(),
  allowlist: z.string().optional(),
  assets: z.string().optional(),
  internal: z.string().optional(),
  minScore: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/).optional(),
  threads: z.string().regex(/^\d{1,2}$/).optional(),
  progress: z.boolean().optional(),
});

export function registerEgressCommand(program: Command): void {
  const egress = program.command("egress").description("外部通信の検知 / outbound traffic: beacons, exfiltration, long connections, indicator hits, no-egress policy");
  egress
    .command("analyse")
    .alias("analyze")
    .description("Zeek conn.log (TSV or JSON), Suricata EVE flow events, Squid access.log or Zeek http.log (gzip or plain; several files and days) → ranked findings")
    .argument("<logs...>", "log files, analysed as one data set")
    .option("--json", "print the result as JSON (machine output)")
    .option("--html <out>", "also write an HTML report to this file")
    .option("--indicators <file>", "indicators: IPs, networks, domains (one a line, CSV value,label, or JSON)")
    .option("--allowlist <file>", 'allowed destinations and pairs ("dst" or "src -> dst" a line, or JSON {destinations, pairs})')
    .option("--assets <file>", "asset register (JSON or CSV: hostname, addresses, egressAllowed/noEgress, internetFacing, holdsPersonalData)")
    .option("--internal <cidrs>", "internal networks, comma separated (default 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fd00::/8)")
    .addOption(new Option("--min-score <score>", "list findings from this score (0–1; default 0.4, RITA's low)"))
    .option("--threads <n>", "worker threads (each keeps a share of the source hosts) for large logs on disk", String(Math.min(2, availableParallelism())))
    .option("--no-progress", "no progress bar")
    .addHelpText("after", "\nExit codes: 0 no findings, 1 findings, 2 usage error, 3 a log could not be read.\nScores follow RITA v5 (beacon score with its sub-scores; 0.4 low, 0.6 medium, 0.8 high; policy 1).")
    .action(async (logs: string[], raw: Record<string, unknown>, cmd: Command) => {
      const parsed = Options.safeParse(raw);
      if (!parsed.success) {
        cmd.error(`invalid options: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`, { exitCode: EXIT.USAGE });
        return;
      }
      const o = parsed.data;
      const listDiag = new Diagnostics();
      const read = (file: string): string | null => {
        try {
          return readFileSync(file, "utf8");
        } catch {
          cmd.error(`cannot read ${file} / 読み取れません`, { exitCode: EXIT.USAGE });
          return null;
        }
      };
      const options: EgressOptions = {};
      if (o.indicators) options.indicators = parseIndicators(read(o.indicators) ?? "", o.indicators, listDiag);
      if (o.allowlist) options.allowlist = parseAllowlist(read(o.allowlist) ?? "", o.allowlist, listDiag);
      if (o.assets) options.assets = parseAssets(read(o.assets) ?? "", o.assets, listDiag);
      if (o.internal) {
        const nets = o.internal.split(",").map((s) => s.trim()).filter(Boolean);
        const bad = nets.find((n) => parseCidr(n) === null);
        if (bad !== undefined) {
          cmd.error(`--internal: not a network / ネットワークではありません: ${bad}`, { exitCode: EXIT.USAGE });
          return;
        }
        options.internal = nets;
      }
      if (o.minScore) options.minScore = Number(o.minScore);
      options.threads = Math.max(1, Number(o.threads ?? 1));
      for (const d of listDiag.list()) process.stderr.write(formatDiagnostic(d) + "\n");
      const showBar = o.progress !== false && process.stderr.isTTY === true && !o.json;
      const bar = showBar ? new cliProgress.SingleBar({ format: "egress [{bar}] {percentage}% {value}/{total} MB", hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      if (bar)
        options.onProgress = (done, total) => {
          if (bar.getTotal() !== Math.round(total / 1e6)) bar.start(Math.max(1, Math.round(total / 1e6)), 0);
          bar.update(Math.round(done / 1e6));
        };
      const result = await analyseEgress(fileInputs(logs), options);
      bar?.stop();
      if (o.html) writeFileSync(o.html, toHtml(result));
      process.stdout.write((o.json ? toJson(result) : toTerminal(result)) + "\n");
      process.exitCode = result.diagnostics.some((d) => d.severity === "error") ? EXIT.FILE_ERROR : result.findings.length > 0 ? EXIT.FINDINGS : EXIT.CLEAN;
    });
}
