/**
 * A policy with a bad step is refused with a sentence that names the step and the bounds of the contract, in
 * Japanese and English, never a schema path (`body.steps.1.timeoutMinutes` stays in `field` for API clients).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { translator } from "../../platform/i18n/i18n.js";
import { describeValidation, type ValidationEntry } from "../../platform/http/validation.js";
import { MAX_STEP_TARGETS, MAX_TIMEOUT_MINUTES, ZEscalationPolicyInput } from "./escalation.js";

const ja = translator("ja");
const en = translator("en");
const userId = "00000000-0000-4000-8000-000000000001";
const step = (timeoutMinutes: unknown, targets: unknown[] = [{ kind: "user", userId }]) => ({ timeoutMinutes, targets });

/** The issues as fastify-type-provider-zod hands them to the error handler. */
const problems = (input: unknown): { entries: ValidationEntry[]; input: unknown } => {
  const r = ZEscalationPolicyInput.safeParse(input);
  assert.equal(r.success, false);
  const entries = r.error!.issues.map((i) => {
    const { path, code, message, ...params } = i;
    return { keyword: code, instancePath: `/${path.join("/")}`, message, params } as ValidationEntry;
  });
  return { entries, input };
};
const sentences = (t: typeof ja, input: unknown) => {
  const { entries } = problems(input);
  return describeValidation(t, "body", entries, input);
};

test("a time limit out of bounds names its step and the bounds, whatever is wrong with it", () => {
  for (const bad of [0, MAX_TIMEOUT_MINUTES + 1, 2.5, "10", -5]) {
    const input = { nameJa: "方針", nameEn: "Policy", steps: [step(5), step(bad)] };
    const [j] = sentences(ja, input);
    assert.deepEqual(j, { field: "body.steps.1.timeoutMinutes", message: `第2段階の待ち時間（次の段階までの分数）は 1〜${MAX_TIMEOUT_MINUTES} 分の整数で指定してください。` }, String(bad));
    const [e] = sentences(en, input);
    assert.equal(e?.message, `Step 2: the time limit (minutes before the next step) must be a whole number from 1 to ${MAX_TIMEOUT_MINUTES}.`);
  }
  const missing = { nameJa: "方針", nameEn: "Policy", steps: [{ targets: [{ kind: "user", userId }] }] };
  assert.match(sentences(ja, missing)[0]!.message, /^第1段階の待ち時間/);
});

test("two bad steps give two sentences, each naming its own step; a step without targets says so", () => {
  const out = sentences(ja, { nameJa: "方針", nameEn: "Policy", steps: [step(5, []), step(5), step(9999)] });
  assert.deepEqual(out.map((x) => x.field), ["body.steps.0.targets", "body.steps.2.timeoutMinutes"]);
  assert.equal(out[0]!.message, `第1段階の呼び出す相手は 1〜${MAX_STEP_TARGETS} 件で指定してください。`);
  assert.match(out[1]!.message, /^第3段階の/);
  for (const x of out) assert.doesNotMatch(x.message, /steps|timeoutMinutes|\.\d/);
});

test("the sentences' bounds are the contract's (the catalog cannot drift from the constants)", () => {
  assert.equal(MAX_TIMEOUT_MINUTES, 1440);
  assert.equal(MAX_STEP_TARGETS, 50);
  assert.ok(ja("validation.step_timeout").includes(`1〜${MAX_TIMEOUT_MINUTES}`));
  assert.ok(en("validation.step_timeout").includes(`1 to ${MAX_TIMEOUT_MINUTES}`));
  assert.ok(ja("validation.step_targets").includes(`1〜${MAX_STEP_TARGETS}`));
});
