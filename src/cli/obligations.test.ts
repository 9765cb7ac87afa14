import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { evaluateCommand, OBLIGATIONS_EXIT, registerObligationsCommand } from "./obligations.js";

const JTB_TODAY = JSON.stringify({
  knownAt: "2025-05-13T10:00:00+09:00", assessedAt: null, cause: "malware", wrongful: true, people: 6788443,
  residents: { JP: 6788243, EU: 200 }, items: ["name", "sex", "birth_date", "email", "address", "phone", "passport_number", "passport_issue_date"],
  encryption: "none", role: "principal", processorToldPrincipalAt: null, contained: false, notLeaked: false, orders: [],
});
const NOW = "2025-05-16T09:00:00+09:00";

describe("sokuho obligations evaluate", () => {
  test("--json prints every obligation with the issue's fields and the conventions", () => {
    const r = evaluateCommand(JTB_TODAY, { json: true, now: NOW });
    assert.equal(r.exitCode, OBLIGATIONS_EXIT.OK);
    const answer = JSON.parse(r.stdout) as { obligations: Record<string, unknown>[]; conventions: unknown[] };
    const prelim = answer.obligations.find((o) => o.id === "jp-appi/preliminary-report")!;
    for (const k of ["regime", "kind", "authority", "required", "reason", "targetAt", "dueAt", "basis", "ruleSet", "status"]) assert.ok(k in prelim, k);
    assert.equal(prelim.dueAt, "2025-05-17T23:59:59+09:00");
    assert.equal(prelim.status, "due_soon");
    assert.ok(answer.obligations.some((o) => o.required === false));
    assert.ok(answer.conventions.length >= 2);
  });

  test("the human table lists each obligation with its due time, reason, basis and the day counting, in Japanese by default", () => {
    const ja = evaluateCommand(JTB_TODAY, { now: NOW }).stdout;
    assert.match(ja, /jp-appi\/final-report\s+final_report\s+ppc\s+yes\s+-\s+2025-07-11 23:59 \+09:00\s+upcoming/);
    assert.ok(ja.includes("根拠: 個人情報の保護に関する法律施行規則 (PPC Rules) 第8条第2項"));
    assert.ok(ja.includes("日数の数え方:"));
    assert.ok(ja.includes("起算日（知った日）を1日目とする"));
    assert.ok(ja.includes("法的助言ではありません"));
    const en = evaluateCommand(JTB_TODAY, { now: NOW, lang: "en" }).stdout;
    assert.ok(en.includes("What sokuho does not decide:"));
    assert.ok(en.includes("60 days because Rules Art. 7(3)"));
    assert.ok(en.includes("basis: Enforcement Rules of the Act on the Protection of Personal Information (PPC Rules) Art. 8(2)"), "the basis in English");
    assert.ok(!/basis: [^<]*[\u3040-\u30ff\u4e00-\u9fff]/.test(en), "no Japanese law name in the English answer");
  });

  test("invalid facts: exit 2 with each field named in Japanese and English", () => {
    const r = evaluateCommand(JSON.stringify({ knownAt: "yesterday", cause: "malware", wrongful: true }), {});
    assert.equal(r.exitCode, OBLIGATIONS_EXIT.INVALID_FACTS);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /facts\.knownAt: .+ \/ Invalid ISO datetime/);
    assert.match(r.stderr, /facts\.people: .+ \/ /);
    assert.ok(r.stderr.includes("事実の入力が不正です / invalid facts"));
    const notJson = evaluateCommand("{ knownAt:", {});
    assert.equal(notJson.exitCode, OBLIGATIONS_EXIT.INVALID_FACTS);
    assert.match(notJson.stderr, /facts: JSON として読めません.* \/ not valid JSON/);
  });

  test("bad options are refused the same way: --now without offset, a malformed filing, a bad route", () => {
    assert.match(evaluateCommand(JTB_TODAY, { now: "2025-05-16" }).stderr, /--now: /);
    const filings = evaluateCommand(JTB_TODAY, {}, JSON.stringify([{ obligationId: "jp-appi/final-report", filedAt: "soon" }]));
    assert.equal(filings.exitCode, OBLIGATIONS_EXIT.INVALID_FACTS);
    assert.match(filings.stderr, /filings\.0\.filedAt: /);
    assert.match(evaluateCommand(JTB_TODAY, { route: ["ppc->mlit"] }).stderr, /--route: /);
  });

  test("filings and routes change the answer", () => {
    const r = evaluateCommand(JTB_TODAY, { json: true, now: NOW, route: ["ppc=mlit"] },
      JSON.stringify([{ obligationId: "jp-appi/preliminary-report", filedAt: "2025-05-15T12:00:00+09:00" }]));
    const prelim = (JSON.parse(r.stdout) as { obligations: { id: string; status: string; authority: string }[] }).obligations.find((o) => o.id === "jp-appi/preliminary-report")!;
    assert.equal(prelim.status, "filed");
    assert.equal(prelim.authority, "mlit");
  });
});

describe("the command wiring", () => {
  const dir = mkdtempSync(join(tmpdir(), "sokuho-facts-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("--help names every option", () => {
    const program = new Command("sokuho");
    registerObligationsCommand(program);
    const help = program.commands.find((c) => c.name() === "obligations")!.commands.find((c) => c.name() === "evaluate")!.helpInformation();
    for (const o of ["--json", "--rules <dir>", "--now <iso>", "--filings <file>", "--route <from=to...>", "--lang <lang>"]) assert.ok(help.includes(o), o);
  });

  test("an invalid rules folder: exit 3 naming the file, the rule and the field", () => {
    writeFileSync(join(dir, "a-rules.json"), JSON.stringify({ id: "x", version: "1" }));
    const r = evaluateCommand(JTB_TODAY, { rules: dir });
    assert.equal(r.exitCode, OBLIGATIONS_EXIT.INVALID_RULES);
    assert.match(r.stderr, /a-rules\.json: rule -, field regime: /);
  });

  // One real process (loading the whole CLI costs seconds): the exit codes as a shell sees them.
  test("as a process: exit 0 with an answer, exit 2 naming the invalid field", () => {
    const good = join(dir, "good.json");
    const bad = join(dir, "bad.json");
    writeFileSync(good, JTB_TODAY);
    writeFileSync(bad, JSON.stringify({ knownAt: "2025-05-13T10:00:00+09:00", cause: "hacking", wrongful: true, people: 1 }));
    const run = (...args: string[]) => spawnSync(process.execPath, ["bin/sokuho.js", "obligations", "evaluate", ...args], { encoding: "utf8" });
    const ok = run(good, "--json", "--now", NOW);
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok((JSON.parse(ok.stdout) as { obligations: unknown[] }).obligations.length > 0);
    const invalid = run(bad);
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /facts\.cause: 無効な選択.* \/ Invalid option/);
  });
});
