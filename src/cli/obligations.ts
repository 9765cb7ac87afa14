/**
 * `sokuho obligations evaluate FACTS.json`: the obligations engine without a server, for counsel and for tests.
 * Exit codes: 0 answered; 2 the facts (or an option) are invalid, with the field named in Japanese and English;
 * 3 a rule file is invalid (file, rule and field named).
 */
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { z } from "zod";
import { cite } from "../capabilities/obligations/cite.js";
import { formatInZone } from "../capabilities/obligations/days.js";
import { evaluateObligations, parseFacts, type Evaluation, type Obligation } from "../capabilities/obligations/domain.js";
import { bilingualIssues } from "../capabilities/obligations/issues.js";
import { loadRuleSets, RuleSetError } from "../capabilities/obligations/load.js";
import { ZFiling, type RuleSet, type Source } from "../capabilities/obligations/schema.js";

export const OBLIGATIONS_EXIT = { OK: 0, INVALID_FACTS: 2, INVALID_RULES: 3 } as const;

export type EvaluateCommandOptions = {
  json?: boolean;
  rules?: string;
  now?: string;
  filings?: string;
  route?: string[];
  lang?: "ja" | "en";
};
export type CommandResult = { exitCode: number; stdout: string; stderr: string };

const invalid = (field: string, ja: string, en: string): CommandResult => ({
  exitCode: OBLIGATIONS_EXIT.INVALID_FACTS, stdout: "",
  stderr: `事実の入力が不正です / invalid facts\n  ${field}: ${ja} / ${en}\n`,
});

const parseJson = (text: string, field: string): { ok: true; value: unknown } | { ok: false; result: CommandResult } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const detail = (err as Error).message;
    return { ok: false, result: invalid(field, `JSON として読めません（${detail}）`, `not valid JSON (${detail})`) };
  }
};

const ZFilings = z.array(ZFiling);
const ZNow = z.iso.datetime({ offset: true });

/** The whole command as a function of its inputs (texts, not paths), so tests need no process. */
export const evaluateCommand = (factsText: string, o: EvaluateCommandOptions, filingsText?: string, rules?: RuleSet[]): CommandResult => {
  const facts = parseJson(factsText, "facts");
  if (!facts.ok) return facts.result;
  const parsed = parseFacts(facts.value);
  if (!parsed.ok) {
    return {
      exitCode: OBLIGATIONS_EXIT.INVALID_FACTS, stdout: "",
      stderr: `事実の入力が不正です / invalid facts\n${parsed.issues.map((i) => `  ${i.field}: ${i.ja} / ${i.en}`).join("\n")}\n`,
    };
  }
  if (o.now !== undefined && !ZNow.safeParse(o.now).success) {
    return invalid("--now", "オフセット付きの ISO 8601 日時で指定してください（例: 2025-05-14T09:00:00+09:00）", "give an ISO 8601 date-time with an offset (e.g. 2025-05-14T09:00:00+09:00)");
  }
  let filings: z.infer<typeof ZFilings> = [];
  if (filingsText !== undefined) {
    const raw = parseJson(filingsText, "--filings");
    if (!raw.ok) return raw.result;
    const f = ZFilings.safeParse(raw.value, { reportInput: true });
    if (!f.success) {
      const first = bilingualIssues(f.error, "filings")[0]!;
      return invalid(first.field, first.ja, first.en);
    }
    filings = f.data;
  }
  const routing: Record<string, string> = {};
  for (const r of o.route ?? []) {
    const m = /^([a-z][a-z0-9_-]*)=([a-z][a-z0-9_-]*)$/.exec(r);
    if (!m) return invalid("--route", "「元=先」の形で指定してください（例: ppc=mlit）", "use from=to, e.g. ppc=mlit");
    routing[m[1]!] = m[2]!;
  }

  let ruleSets: RuleSet[];
  try {
    ruleSets = rules ?? loadRuleSets(o.rules);
  } catch (err) {
    if (err instanceof RuleSetError) {
      return { exitCode: OBLIGATIONS_EXIT.INVALID_RULES, stdout: "", stderr: `ルールファイルが不正です / invalid rule file\n  ${err.message}\n` };
    }
    throw err;
  }
  const now = o.now ? new Date(o.now) : new Date();
  const answer = evaluateObligations(parsed.facts, ruleSets, now, filings, { routing });
  return { exitCode: OBLIGATIONS_EXIT.OK, stdout: o.json ? JSON.stringify(answer, null, 2) + "\n" : formatEvaluation(answer, o.lang ?? "ja"), stderr: "" };
};

const short = (iso: string | null): string => (iso ? iso.replace("T", " ").replace(/:\d\d([+-]\d\d:\d\d|Z)$/, " $1") : "-");
const citeSource = (s: Source, lang: "ja" | "en"): string => `${cite(s, lang)}${s.confidence !== "C" ? ` [${s.confidence}]` : ""} <${s.url}>`;

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
};

/** The human answer: a table of obligations, then each one's reason and basis, the conventions and the caveats. */
export const formatEvaluation = (e: Evaluation, lang: "ja" | "en"): string => {
  const t = (x: { ja: string; en: string }) => x[lang];
  const out: string[] = [];
  const at = formatInZone(new Date(e.evaluatedAt), "Asia/Tokyo");
  out.push(lang === "ja" ? `義務の判定（知った時点 ${e.knownAt}、判定時点 ${at}）` : `Obligations (known at ${e.knownAt}, evaluated at ${at})`);
  out.push("", lang === "ja" ? "規則:" : "Rule sets:");
  for (const s of e.ruleSets) {
    const name = s.version ? `${s.id}@${s.version}` : s.id;
    const title = s.title ? `  ${t(s.title)}` : "";
    const why = s.inScope ? "" : ` — ${lang === "ja" ? "対象外" : "not applied"}: ${s.reason ? t(s.reason) : ""}`;
    out.push(`  ${name}${title}${why}`);
    for (const n of s.notes) out.push(`    ${t(n)}`);
  }
  const rows: string[][] = [["ID", "KIND", "AUTHORITY", "REQUIRED", "TARGET", "DUE", "STATUS"]];
  for (const o of e.obligations) {
    rows.push([o.id, o.kind, o.authority, o.required ? "yes" : "no", short(o.targetAt), short(o.dueAt), o.status + (o.isLate ? " (late)" : "")]);
  }
  out.push("", table(rows), "", lang === "ja" ? "理由と根拠:" : "Reasons and basis:");
  for (const o of e.obligations) out.push(...describe(o, lang));
  out.push("", lang === "ja" ? "日数の数え方:" : "Day counting:");
  for (const c of e.conventions) out.push(`  ${c.ruleSets.join(", ")}: ${t(c.text)}`);
  out.push("", lang === "ja" ? "sokuho が判断しないこと:" : "What sokuho does not decide:");
  for (const n of e.notDecided) out.push(`  - ${t(n)}`);
  return out.join("\n") + "\n";
};

const describe = (o: Obligation, lang: "ja" | "en"): string[] => [
  `  [${o.id}] ${o.title[lang]} — ${o.required ? (lang === "ja" ? "必要" : "required") : (lang === "ja" ? "不要" : "not required")}`,
  `      ${o.reason[lang]}`,
  ...(o.items?.length ? [`      ${lang === "ja" ? "命令の項目" : "items ordered"}: ${o.items.join(" / ")}`] : []),
  ...o.basis.map((s) => `      ${lang === "ja" ? "根拠" : "basis"}: ${citeSource(s, lang)}`),
];

export const registerObligationsCommand = (program: Command): void => {
  const obligations = program.command("obligations").description("報告・通知義務 / reporting and notice obligations computed from the law as data");
  obligations
    .command("evaluate")
    .description("事実から義務を判定 / every obligation (required or not) for an incident's facts, with reasons, due times and legal basis")
    .argument("<facts>", "facts JSON file (see docs/obligations.md), or - for standard input")
    .option("--json", "print the answer as JSON")
    .option("--rules <dir>", "folder of rule-set JSON files (default: the rules shipped with sokuho)")
    .option("--now <iso>", "evaluate the status at this time (ISO 8601 with offset; default: now)")
    .option("--filings <file>", "JSON array of filings [{obligationId, filedAt}]")
    .option("--route <from=to...>", "route a routable report to a delegated authority, e.g. ppc=mlit")
    .addOption(new Option("--lang <lang>", "language of the human output").choices(["ja", "en"]).default("ja"))
    .action((file: string, o: EvaluateCommandOptions) => {
      const read = (path: string, field: string): string | CommandResult => {
        try {
          return readFileSync(path === "-" ? 0 : path, "utf8");
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? "error";
          return invalid(field, `ファイルを読めません（${code}）`, `cannot read the file (${code})`);
        }
      };
      const facts = read(file, "facts");
      const filings = o.filings !== undefined ? read(o.filings, "--filings") : undefined;
      const r = typeof facts !== "string" ? facts
        : filings !== undefined && typeof filings !== "string" ? filings
          : evaluateCommand(facts, o, filings);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode;
    });
};
