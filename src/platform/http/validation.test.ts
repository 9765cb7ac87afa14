import { test } from "node:test";
import assert from "node:assert/strict";
import { translator } from "../i18n/i18n.js";
import { describeValidation, fieldLabel } from "./validation.js";

const ja = translator("ja");
const en = translator("en");

test("each field gets one sentence with its label; a missing field reads as 'enter it'", () => {
  const out = describeValidation(ja, "body", [
    { keyword: "invalid_type", instancePath: "/decidedAt", params: { expected: "string" } },
    { keyword: "too_big", instancePath: "/title", params: { origin: "string", maximum: 300 } },
    { keyword: "too_small", instancePath: "/title", params: { origin: "string", minimum: 1 } },
    { keyword: "invalid_value", instancePath: "/kind", params: {} },
  ], { title: "x".repeat(301), kind: "nope" });
  assert.deepEqual(out, [
    { field: "body.decidedAt", message: "判断日時を入力してください。" },
    { field: "body.title", message: "件名は300文字以内で入力してください。" },
    { field: "body.kind", message: "種類を選んでください。" },
  ]);
});

test("unknown fields, a refine's catalog key and nested paths", () => {
  const out = describeValidation(en, "body", [
    { keyword: "unrecognized_keys", instancePath: "", params: { keys: ["owner"] } },
    { keyword: "custom", instancePath: "", message: "lookup_keys" },
    { keyword: "too_small", instancePath: "/steps/2/offsetMinutes", params: { origin: "number", minimum: 0 } },
  ], {});
  assert.equal(out[0]?.field, "body.owner");
  assert.equal(out[1]?.message, "Enter an email address, or a phone number or kana name together with the birth date.");
  assert.deepEqual(out[2], { field: "body.steps.2.offsetMinutes", message: "Due after must be at least 0." });
});

test("a refine's free text or an unknown field name never reaches the user", () => {
  const [custom] = describeValidation(ja, "body", [{ keyword: "custom", instancePath: "/slug", message: "lower-case letters, digits and hyphens" }], { slug: "X" });
  assert.equal(custom?.message, "スラッグの形式が正しくありません。");
  assert.equal(fieldLabel(ja, "body.someInternalName"), "入力");
  assert.equal(fieldLabel(ja, "params.internalId"), "入力");
});

test("a schema's own catalog sentence is used for any problem, with the item's position; an unknown one falls back", () => {
  const [own] = describeValidation(en, "body", [{ keyword: "too_big", instancePath: "/steps/3/timeoutMinutes", message: "step_timeout", params: { origin: "number", maximum: 1440 } }], {});
  assert.equal(own?.message, "Step 4: the time limit (minutes before the next step) must be a whole number from 1 to 1440.");
  const [unknown] = describeValidation(en, "body", [{ keyword: "too_big", instancePath: "/steps/0/offsetMinutes", message: "no_such_sentence", params: { origin: "number", maximum: 5 } }], {});
  assert.equal(unknown?.message, "Due after must be at most 5.");
});
