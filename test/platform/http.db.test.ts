/**
 * Bad input never gets a 500: malformed JSON, wrong types, unknown fields and oversized bodies get 400/413 with
 * the field path, in Japanese or English by Accept-Language. Plus the probes and the OpenAPI document.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let s: Session;

before(async () => {
  tp = await testPlatform({ jobs: false, overrides: { bodyLimitBytes: 4096 } });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  s = await signedIn(tp.p, app, orgId, "org-admin");
});
after(async () => {
  await app.close();
  await tp.close();
});

type Err = { error: { code: string; field?: string; message: string; fields?: Array<{ field: string; message: string }>; requestId: string } };
const post = (payload: string | object, headers: Record<string, string> = {}) =>
  app.inject({
    method: "POST", url: `/api/v1/orgs/${orgId}/incidents`,
    headers: { ...s.headers, "content-type": "application/json", ...headers },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });

test("malformed JSON is a 400 naming the body", async () => {
  const r = await post("{\"title\": ", { "accept-language": "en" });
  assert.equal(r.statusCode, 400);
  const e = (r.json() as Err).error;
  assert.equal(e.code, "malformed_json");
  assert.equal(e.field, "body");
  assert.match(e.message, /not valid JSON/);
});

test("a wrong type is a 400 with the field path and a sentence naming the field, in Japanese by default", async () => {
  const r = await post({ title: 42 });
  assert.equal(r.statusCode, 400);
  const e = (r.json() as Err).error;
  assert.equal(e.field, "body.title");
  assert.match(e.message, /^件名/);
  assert.doesNotMatch(e.message, /body\.|string|number|リクエストが不正/);
});

test("validation messages are sentences in the request's language, every field at once, the paths kept for API clients", async () => {
  const bad = { title: "", severity: "apocalyptic", tlp: 5 };
  const ja = (await post(bad)).json() as Err;
  assert.deepEqual(ja.error.fields?.map((f) => f.field).sort(), ["body.severity", "body.title", "body.tlp"]);
  const jaTitle = ja.error.fields?.find((f) => f.field === "body.title")?.message;
  assert.equal(jaTitle, "件名を入力してください。");
  assert.equal(ja.error.fields?.find((f) => f.field === "body.severity")?.message, "重大度を選んでください。");
  for (const f of ja.error.fields ?? []) assert.doesNotMatch(f.message, /body\.|string|小さすぎる|無効な入力|[a-z]{4,}/, f.message);
  const en = (await post(bad, { "accept-language": "en" })).json() as Err;
  assert.equal(en.error.fields?.find((f) => f.field === "body.title")?.message, "Title: enter a value.");
  assert.match(en.error.message, /\(3\)/);
});

test("a field that is too long says its limit in words", async () => {
  const r = (await post({ title: "x".repeat(301) }, { "accept-language": "ja" })).json() as Err;
  assert.equal(r.error.fields?.[0]?.message, "件名は300文字以内で入力してください。");
});

test("an empty JSON body is no body: fine where none is needed, a field error where one is", async () => {
  const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { "content-type": "application/json" }, payload: "" });
  assert.equal(out.statusCode, 204);
  const r = await post("");
  assert.equal(r.statusCode, 400);
  assert.equal((r.json() as Err).error.code, "validation");
});

test("prototype poisoning in JSON is refused", async () => {
  const r = await post('{"title":"x","__proto__":{"admin":true}}');
  assert.equal(r.statusCode, 400);
});

test("an unknown field is a 400 naming it", async () => {
  const r = await post({ title: "ok", owner: "someone-else" }, { "accept-language": "en-GB,en;q=0.9" });
  assert.equal(r.statusCode, 400);
  assert.equal((r.json() as Err).error.field, "body.owner");
});

test("an invalid enum value names its field", async () => {
  const r = await post({ title: "ok", severity: "apocalyptic" });
  assert.equal((r.json() as Err).error.field, "body.severity");
});

test("an oversized body is a 413", async () => {
  const r = await post({ title: "x".repeat(10_000) });
  assert.equal(r.statusCode, 413);
  assert.equal((r.json() as Err).error.code, "body_too_large");
});

test("a bad path parameter is a 400, a bad query a 400, an unknown route a 404", async () => {
  const a = await app.inject({ method: "GET", url: `/api/v1/orgs/not-a-uuid/incidents`, headers: s.headers });
  assert.equal(a.statusCode, 400);
  assert.equal((a.json() as Err).error.field, "params.orgId");
  const b = await app.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/audit?limit=99999`, headers: s.headers });
  assert.equal(b.statusCode, 400);
  assert.equal((b.json() as Err).error.field, "querystring.limit");
  const c = await app.inject({ method: "GET", url: `/api/v1/nothing-here`, headers: s.headers });
  assert.equal(c.statusCode, 404);
  assert.equal((c.json() as Err).error.code, "not_found");
});

test("a wrong content type is a 415, not a 500", async () => {
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: { ...s.headers, "content-type": "text/csv" }, payload: "a,b" });
  assert.equal(r.statusCode, 415);
});

test("errors do not echo submitted values", async () => {
  const r = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "taro.yamada@example.jp", password: "hunter2hunter2", extra: "my-secret-value" } });
  assert.equal(r.statusCode, 400);
  assert.ok(!r.body.includes("taro.yamada") && !r.body.includes("my-secret-value"));
});

test("health and readiness probes", async () => {
  assert.deepEqual((await app.inject({ url: "/healthz" })).json(), { status: "ok" });
  assert.deepEqual((await app.inject({ url: "/readyz" })).json(), { status: "ready" });
});

test("the OpenAPI 3.1 document describes the routes with their schemas, and the reference page is served", async () => {
  const doc = (await app.inject({ url: "/api/docs/json" })).json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
  assert.equal(doc.openapi, "3.1.0");
  assert.ok(doc.paths["/api/v1/orgs/{orgId}/incidents"]?.post?.requestBody);
  assert.ok(doc.paths["/api/v1/auth/login"]);
  const page = await app.inject({ url: "/api/docs/" });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers["content-type"] as string, /html/);
});

test("the OpenAPI document lists every clock of an incident and the task fields the UI reads", async () => {
  type Schema = { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; $ref?: string };
  const doc = (await app.inject({ url: "/api/docs/json" })).json() as {
    paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: Schema }> }> }>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const resolve = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.split("/").pop() ?? ""] : s?.anyOf ? resolve(s.anyOf.find((x) => x.properties || x.$ref)) : s;
  const ok = (path: string) => resolve(doc.paths[path]?.get?.responses["200"]?.content["application/json"]?.schema);
  const incident = resolve(ok("/api/v1/orgs/{orgId}/incidents/{incidentId}")?.properties?.incident);
  const clocks = resolve(incident?.properties?.clocks);
  assert.ok(clocks?.properties?.detected, "clocks.detected is described");
  assert.ok(resolve(clocks?.properties?.containment_decided)?.properties?.at ?? clocks?.properties?.containment_decided, "each clock has its shape");
  const task = resolve(resolve(ok("/api/v1/orgs/{orgId}/incidents/{incidentId}/tasks")?.properties?.tasks)?.items);
  assert.ok(task?.properties?.completedBy, "tasks say which clock completed them");
});

test("every response carries a request id", async () => {
  const r = await app.inject({ url: "/healthz" });
  assert.match(String(r.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
});
