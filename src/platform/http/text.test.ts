import { test } from "node:test";
import assert from "node:assert/strict";
import { findBadText, textProblem } from "./text.js";

test("NUL and lone surrogates are found; paired surrogates (emoji) and Japanese are fine", () => {
  assert.equal(textProblem("a\u0000b"), "nul");
  assert.equal(textProblem("\ud800"), "surrogate");
  assert.equal(textProblem("x\udc00y"), "surrogate");
  assert.equal(textProblem("漏えい 🚨 ｶﾅ"), null);
});

test("the path names the field, in arrays and nested objects, and keys count too", () => {
  assert.deepEqual(findBadText({ title: "ok", options: ["a", "b\u0000"] }, "body"), { field: "body.options.1", problem: "nul" });
  assert.deepEqual(findBadText({ a: { b: "\udfff" } }, "body"), { field: "body.a.b", problem: "surrogate" });
  assert.deepEqual(findBadText({ ["k\u0000"]: 1 }, "query"), { field: "query", problem: "nul" });
  assert.equal(findBadText({ n: 1, b: true, z: null, list: [] }, "body"), null);
});

test("database constraint errors become 409/400 naming the field, never echoing the value", async () => {
  const { appErrorFromDatabase } = await import("./errors.js");
  const pg = (o: object) => Object.assign(new Error("db"), { severity: "ERROR", ...o });
  const dup = appErrorFromDatabase(pg({ code: "23505", table: "assets", constraint: "assets_org_id_hostname_key" }));
  assert.equal(dup?.status, 409);
  assert.equal(dup?.field, "body.hostname");
  const fk = appErrorFromDatabase(pg({ code: "23503", table: "tasks", constraint: "tasks_assignee_user_id_fkey" }));
  assert.equal(fk?.status, 400);
  assert.equal(fk?.field, "body.assigneeUserId");
  assert.equal(appErrorFromDatabase(pg({ code: "22003" }))?.status, 400);
  assert.equal(appErrorFromDatabase(pg({ code: "40P01" }))?.status, 409);
  assert.equal(appErrorFromDatabase(new Error("not a database error")), null);
});
