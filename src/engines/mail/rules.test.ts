/** Rules kept as data: validation with the field named, conditions over signals and the message model, merging. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyseMail } from "./analyse.js";
import { parseContext } from "./context.js";
import { buildMail, FILES } from "./corpus.js";
import { DEFAULT_RULES, mergeRules, parseRules } from "./rules.js";

describe("rule files", () => {
  test("the shipped rules are valid and every signal they name exists", async () => {
    const { SIGNAL_IDS } = await import("./messages.js");
    const named = JSON.stringify(DEFAULT_RULES).match(/"signal":"([a-z_]+)"/g) ?? [];
    for (const n of named) assert.ok((SIGNAL_IDS as string[]).includes(n.slice(10, -1)), n);
    assert.ok(DEFAULT_RULES.length >= 10);
  });
  test("problems name the field: a bad verdict, an unknown key, a bad regex, a duplicate id", () => {
    const r = parseRules({
      version: 1,
      rules: [
        { id: "a", verdict: "evil", reason: { ja: "x", en: "x" }, when: { signal: "x" } },
        { id: "b", verdict: "suspicious", reason: { ja: "x", en: "x" }, when: { field: "message.subject", matches: "(" } },
      ],
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.ok(r.problems.some((p) => p.field === "rules[0].verdict"), JSON.stringify(r.problems));
    assert.ok(r.problems.some((p) => p.field.startsWith("rules[1].when")), JSON.stringify(r.problems));
    assert.ok(r.problems.every((p) => p.message.ja && p.message.en));
    const dup = parseRules({ version: 1, rules: [1, 2].map(() => ({ id: "same", verdict: "suspicious", reason: { ja: "x", en: "x" }, when: { signal: "x" } })) });
    assert.equal(dup.ok ? "" : dup.problems[0]?.field, "rules[1].id");
  });
  test("a CSIRT rule over the model (subject regex + file extension under any attachment) changes the verdict without code", async () => {
    const rules = parseRules({
      version: 1,
      rules: [{
        id: "csirt-ticket-lure", verdict: "suspicious", reason: { ja: "航空券を装う件名と ZIP", en: "ticket lure with a ZIP" },
        when: { all: [{ field: "message.subject", matches: "航空券|e-?ticket" }, { field: "message.files.*.extension", in: ["zip"] }] },
      }],
    });
    assert.ok(rules.ok);
    if (!rules.ok) return;
    const mail = buildMail({ from: "a@b.example", subject: "航空券控え", parts: [{ kind: "text", text: "x" }, { kind: "file", name: "t.zip", data: FILES.docx() }] });
    assert.equal((await analyseMail(mail)).verdict, "benign");
    const r = await analyseMail(mail, undefined, mergeRules(DEFAULT_RULES, rules.rules));
    assert.equal(r.verdict, "suspicious");
    assert.deepEqual(r.rules.map((x) => x.id), ["csirt-ticket-lure"]);
  });
  test("not, atLeast and count", async () => {
    const rules = parseRules({
      version: 1,
      rules: [
        { id: "two-files", verdict: "suspicious", reason: { ja: "x", en: "x" }, when: { atLeast: 2, of: [{ signal: "attachment_executable", count: 2 }, { not: { signal: "unknown_sender" } }] } },
      ],
    });
    assert.ok(rules.ok);
    if (!rules.ok) return;
    const ctx = parseContext({});
    assert.ok(ctx.ok);
    if (!ctx.ok) return;
    const two = buildMail({ from: "a@b.example", subject: "s", parts: [{ kind: "file", name: "a.exe", data: FILES.exe(1) }, { kind: "file", name: "b.exe", data: FILES.exe(2) }] });
    const oneExe = buildMail({ from: "a@b.example", subject: "s", parts: [{ kind: "file", name: "a.exe", data: FILES.exe(1) }] });
    assert.equal((await analyseMail(two, ctx.context, rules.rules)).verdict, "suspicious");
    assert.equal((await analyseMail(oneExe, ctx.context, rules.rules)).verdict, "benign");
  });
});

describe("context file", () => {
  test("problems name the field in both languages and never repeat the value", () => {
    const r = parseContext({ ownDomains: ["ok.jp", "not a domain"], partners: [{ name: "x", domains: [3] }], vips: [{ name: "a", address: "secret-person" }], extra: true });
    assert.equal(r.ok, false);
    if (r.ok) return;
    const fields = r.problems.map((p) => p.field);
    assert.deepEqual(fields.sort(), ["(root)", "ownDomains[1]", "partners[0].domains[0]", "vips[0].address"].sort());
    assert.ok(!JSON.stringify(r.problems).includes("secret-person"));
  });
  test("bench/corpus/mail/context.json is the corpus's context and is valid", async () => {
    const { readFileSync } = await import("node:fs");
    const { CORPUS_CONTEXT } = await import("./corpus.js");
    const file: unknown = JSON.parse(readFileSync("bench/corpus/mail/context.json", "utf8"));
    assert.deepEqual(file, CORPUS_CONTEXT);
    assert.ok(parseContext(file).ok);
  });
  test("domains are normalised (case, full-width, IDN)", () => {
    const r = parseContext({ ownDomains: ["Example-Travel.JP"], partners: [{ name: "p", domains: ["ドメイン.jp"] }] });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.context.ownDomains, ["example-travel.jp"]);
    assert.deepEqual(r.context.partners[0]?.domains, ["xn--eckwd4c7c.jp"]);
  });
});
