import { test } from "node:test";
import assert from "node:assert/strict";
import { ZEscalationPolicyInput } from "./escalation.js";
import { fieldLabel } from "./fields.js";

test("a refused field reads as words in Japanese and English, counting from 1", () => {
  const r = ZEscalationPolicyInput.safeParse({ nameJa: "a", nameEn: "a", steps: [{ timeoutMinutes: 5, targets: [] }, { timeoutMinutes: 0, targets: [{ kind: "role", role: "ciso" }] }] });
  assert.equal(r.success, false);
  const paths = r.error!.issues.map((i) => i.path);
  assert.deepEqual(paths.map((p) => fieldLabel(p, "ja")), ["手順 1 › 通知先", "手順 2 › 待ち時間（分）"]);
  assert.deepEqual(paths.map((p) => fieldLabel(p, "en")), ["Step 1 › Target", "Step 2 › Timeout (minutes)"]);
});

test("an unknown key is shown as is, and an empty path (the whole object) is empty", () => {
  assert.equal(fieldLabel(["surprise", 0], "en"), "surprise 1");
  assert.equal(fieldLabel([], "ja"), "");
});
