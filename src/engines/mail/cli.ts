/**
 * `sokuho mail analyse FILE.eml… [--json] [--context FILE] [--rules FILE…]` (commander 14). Exit codes, the worst
 * case over all files winning in this order:
 *   4  at least one mail is malicious
 *   3  a file could not be read (the others were still analysed)
 *   1  at least one mail is suspicious
 *   0  every mail is benign
 *   2  usage error: bad option, or a context or rule file that is not valid (each problem names the field)
 * Warnings about broken MIME do not change the exit code; they are in the report.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { analyseMail } from "./analyse.js";
import { EMPTY_CONTEXT, parseContext, type FieldProblem, type MailContext } from "./context.js";
import { DEFAULT_RULES, mergeRules, parseRules, type Rule } from "./rules.js";
import type { MailResult, Text } from "./types.js";

export const MAIL_EXIT = { BENIGN: 0, SUSPICIOUS: 1, USAGE: 2, FILE_ERROR: 3, MALICIOUS: 4 } as const;

export type FileReport = { file: string } & (Omit<MailResult, "message"> & { message: ReturnType<typeof summary> } | { error: Text });

/** The message model without bodies and raw headers: what a report needs, not the whole mail again. */
const summary = (r: MailResult) => ({
  from: r.message.from,
  replyTo: r.message.replyTo,
  returnPath: r.message.returnPath,
  subject: r.message.subject,
  date: r.message.date,
  messageId: r.message.messageId,
  size: r.message.size,
  auth: r.message.auth,
  links: r.message.links.length,
  files: r.message.files.map((f) => ({ path: f.path, realType: f.realType, declaredType: f.declaredType, size: f.size, sha256: f.sha256, isEncrypted: f.isEncrypted, hasMacro: f.hasMacro })),
});

const VERDICT_TEXT: Record<MailResult["verdict"], string> = { malicious: "悪性 / MALICIOUS", suspicious: "不審 / SUSPICIOUS", benign: "問題なし / benign" };

export const toTerminal = (file: string, r: MailResult): string => {
  const lines = [`${file}: ${VERDICT_TEXT[r.verdict]}`];
  const m = r.message;
  lines.push(`  From: ${m.from ? `${m.from.name ? `${m.from.name} ` : ""}<${m.from.address}>` : "-"}   件名 / Subject: ${m.subject || "-"}`);
  if (m.auth) lines.push(`  認証 / auth (${m.auth.authservId}): spf=${m.auth.spf?.result ?? "none"} dkim=${m.auth.dkim.map((d) => d.result).join(",") || "none"} dmarc=${m.auth.dmarc?.result ?? "none"}`);
  if (r.rules.length) {
    lines.push("  判定の根拠 / rules:");
    for (const x of r.rules) lines.push(`    - [${x.verdict}] ${x.id}: ${x.reason.ja}`, `      ${x.reason.en}`);
  }
  if (r.signals.length) {
    lines.push("  シグナル / signals:");
    for (const s of r.signals) {
      const e = s.evidence;
      const where = [e.header, e.part, e.offset !== undefined ? `@${e.offset}` : undefined].filter((x) => x !== undefined).join(" ");
      lines.push(`    - [${s.severity}] ${s.id}${where ? ` (${where})` : ""}: ${s.reason.ja}`, `      ${s.reason.en}`);
    }
  }
  if (m.files.length) {
    lines.push("  添付とその中身 / files:");
    for (const f of m.files) lines.push(`    ${f.path}  ${f.realType}  ${f.size} B  ${f.isEncrypted && !f.sha256 ? "(encrypted)" : `sha256 ${f.sha256}`}`);
  }
  const i = r.indicators;
  if (i.urls.length + i.domains.length + i.ips.length + i.sha256.length)
    lines.push(`  指標 / indicators: ${i.urls.length} URL, ${i.domains.length} domains (${i.domains.slice(0, 5).join(", ")}${i.domains.length > 5 ? ", …" : ""}), ${i.ips.length} IPs, ${i.sha256.length} SHA-256`);
  for (const w of r.warnings) lines.push(`  警告 / warning ${w.code}${w.part ? ` (${w.part})` : ""}${w.offset !== undefined ? ` @${w.offset}` : ""}: ${w.message.ja} / ${w.message.en}`);
  return lines.join("\n");
};

class UsageError extends Error {}

const formatProblems = (what: string, problems: FieldProblem[]): string =>
  problems.map((p) => `${what}: ${p.field}: ${p.message.ja} / ${p.message.en}`).join("\n");

const readJson = async (path: string, what: string): Promise<unknown> => {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`${what}: ファイルを読めません / cannot read the file (${path})`);
  }
  try {
    return JSON.parse(text.replace(/^\ufeff/, "")) as unknown;
  } catch (e) {
    throw new UsageError(`${what}: JSON として読めません / not valid JSON (${(e as Error).message})`);
  }
};

export const loadContext = async (path: string | undefined): Promise<MailContext> => {
  if (!path) return EMPTY_CONTEXT;
  const r = parseContext(await readJson(path, `--context ${path}`));
  if (!r.ok) throw new UsageError(formatProblems(`--context ${path}`, r.problems));
  return r.context;
};

export const loadRules = async (paths: string[]): Promise<Rule[]> => {
  const sets: Rule[][] = [];
  for (const path of paths) {
    const r = parseRules(await readJson(path, `--rules ${path}`));
    if (!r.ok) throw new UsageError(formatProblems(`--rules ${path}`, r.problems));
    sets.push(r.rules);
  }
  return mergeRules(DEFAULT_RULES, ...sets);
};

export const analyseFiles = async (files: string[], context: MailContext, rules: readonly Rule[]): Promise<{ reports: FileReport[]; results: (MailResult | null)[]; exitCode: number }> => {
  const reports: FileReport[] = [];
  const results: (MailResult | null)[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      reports.push({ file, error: { ja: "ファイルを読めません", en: "the file could not be read" } });
      results.push(null);
      continue;
    }
    const r = await analyseMail(bytes, context, rules);
    results.push(r);
    reports.push({ file, ...r, message: summary(r) });
  }
  const has = (v: string): boolean => results.some((r) => r?.verdict === v);
  const exitCode = has("malicious") ? MAIL_EXIT.MALICIOUS : results.includes(null) ? MAIL_EXIT.FILE_ERROR : has("suspicious") ? MAIL_EXIT.SUSPICIOUS : MAIL_EXIT.BENIGN;
  return { reports, results, exitCode };
};

export const registerMailCommand = (program: Command): void => {
  const mail = program.command("mail").description("標的型メールの判定 / targeted-mail triage");
  mail
    .command("analyse")
    .alias("analyze")
    .description("不審メール（.eml）を判定します / triage suspicious mails (.eml): verdict, signals with evidence, indicators")
    .argument("<files...>", ".eml files (RFC 5322)")
    .option("--json", "print JSON: one object, or an array for several files")
    .option("--context <file>", "JSON: ownDomains, trustedAuthservIds, partners [{name, domains, displayNames, dkimDomains}], vips [{name, address}], knownSenders")
    .option("--rules <file>", "an extra rule file (JSON; repeat for several), added to the built-in rules; a rule with a built-in id replaces it", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addHelpText(
      "after",
      "\nExit codes: 0 all benign, 1 a mail is suspicious, 2 usage error (bad option, context or rules), 3 a file could not be read, 4 a mail is malicious" +
        " (the first that applies of 4, 3, 1, 0).\n終了コード: 0 すべて問題なし、1 不審、2 使い方の誤り、3 読めないファイル、4 悪性。",
    )
    .action(async (files: string[], o: { json?: boolean; context?: string; rules?: string[] }) => {
      let context: MailContext;
      let rules: Rule[];
      try {
        context = await loadContext(o.context);
        rules = await loadRules(o.rules ?? []);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        // a data problem, not a misuse of options: the message names the field; no help text after it
        process.stderr.write(`${e.message}\n`);
        process.exitCode = MAIL_EXIT.USAGE;
        return;
      }
      const { reports, results, exitCode } = await analyseFiles(files, context, rules);
      if (o.json) process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
      else
        process.stdout.write(
          `${reports.map((rep, i) => { const r = results[i]; return r ? toTerminal(rep.file, r) : `${rep.file}: ${"error" in rep ? `${rep.error.ja} / ${rep.error.en}` : ""}`; }).join("\n\n")}\n`,
        );
      process.exitCode = exitCode;
    });
};
