/**
 * Hostile input on every route, generated from the OpenAPI document: wrong types, NUL, lone surrogates, huge
 * numbers, empty strings, unknown ids of the same and of another organisation, malformed path parameters,
 * truncated multipart. Any 500 fails, naming the route and the input. A PATCH body never has a default (a
 * default would fill a field the client left out).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[];
  format?: string; anyOf?: Schema[]; oneOf?: Schema[]; default?: unknown; minLength?: number; minimum?: number; pattern?: string;
};
type Operation = { parameters?: Array<{ in: string; name: string; schema?: Schema }>; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

let tp: TestPlatform;
let app: Api;
let orgId: string;
let otherOrgId: string;
let s: Session;
let other: Session;
let doc: OpenApi;
/** Real ids by path parameter name: of the caller's organisation, and of another organisation. */
const own: Record<string, string> = {};
const foreign: Record<string, string> = {};

const json = <T>(r: { json: () => unknown }): T => r.json() as T;

const makeWorld = async (session: Session, org: string, ids: Record<string, string>) => {
  const base = `/api/v1/orgs/${org}`;
  const inc = json<{ incident: { id: string } }>(await app.inject({ method: "POST", url: `${base}/incidents`, headers: session.headers, payload: { title: "fuzz" } })).incident.id;
  ids.orgId = org;
  ids.incidentId = inc;
  const post = async (path: string, payload: object) => app.inject({ method: "POST", url: `${base}${path}`, headers: session.headers, payload });
  ids.eventId = json<{ event: { id: string } }>(await post(`/incidents/${inc}/timeline`, { at: "2026-01-01T10:00:00+09:00", kind: "note", text: "t" })).event?.id ?? randomUUID();
  ids.decisionId = json<{ decision: { id: string } }>(await post(`/incidents/${inc}/decisions`, { kind: "other", title: "t", authorityRole: "r", decidedBy: "d", decision: "x", decidedAt: "2026-01-01T10:00:00+09:00" })).decision.id;
  ids.taskId = json<{ tasks: Array<{ id: string }> }>(await post(`/incidents/${inc}/tasks`, { title: "t" })).tasks[0]!.id;
  ids.assetId = json<{ asset: { id: string } }>(await post(`/assets`, { hostname: `h-${randomUUID().slice(0, 8)}` })).asset?.id ?? randomUUID();
  ids.playbookId = json<{ playbooks: Array<{ id: string }> }>(await app.inject({ url: `${base}/playbooks`, headers: session.headers })).playbooks[0]!.id;
  ids.memberId = json<{ members: Array<{ id: string }> }>(await app.inject({ url: `${base}/members`, headers: session.headers })).members[0]!.id;
};

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  otherOrgId = (await makeOrg(tp.p, "company")).id;
  s = await signedIn(tp.p, app, orgId, "org-admin");
  other = await signedIn(tp.p, app, otherOrgId, "org-admin");
  await makeWorld(s, orgId, own);
  await makeWorld(other, otherOrgId, foreign);
  doc = json<OpenApi>(await app.inject({ url: "/api/docs/json" }));
});
after(async () => {
  await app.close();
  await tp.close();
});

const resolve = (schema: Schema | undefined): Schema => schema?.anyOf?.find((x) => x.type !== "null") ?? schema?.oneOf?.[0] ?? schema ?? {};
const typeOf = (schema: Schema): string => {
  const t = resolve(schema).type;
  return Array.isArray(t) ? (t.find((x) => x !== "null") ?? "string") : (t ?? "string");
};

/** A plausible value for a schema, so that one field at a time can be made hostile. */
const sample = (schema: Schema | undefined, name = ""): unknown => {
  const sc = resolve(schema);
  if (sc.enum) return sc.enum[0];
  switch (typeOf(sc)) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of sc.required ?? []) out[key] = sample(sc.properties?.[key], key);
      return out;
    }
    case "array": return [];
    case "integer": case "number": return Math.max(1, sc.minimum ?? 1);
    case "boolean": return true;
    default:
      if (sc.format === "uuid") return own[name] ?? own.incidentId;
      if (sc.format === "date-time" || /At$/.test(name)) return "2026-01-01T10:00:00+09:00";
      return "x";
  }
};

const HOSTILE_STRINGS = ["", "\u0000", "a\u0000b", "\uD800", "x\uDC00y", "9".repeat(40), "x".repeat(70_000), "2026-13-45T99:99:99Z", "-1"];
const hostileFor = (schema: Schema | undefined, name: string): unknown[] => {
  const t = typeOf(resolve(schema));
  return [
    ...HOSTILE_STRINGS, 1e308, -1, 2 ** 70, 1.5, true, null, [], {}, ["\u0000"], { a: "\u0000" },
    ...(t === "string" ? [randomUUID(), foreign[name] ?? foreign.incidentId] : []),
    ...(t === "array" ? [[randomUUID()], [foreign.assetId, foreign.incidentId], ["\u0000"], Array.from({ length: 5000 }, () => "x")] : []),
  ];
};

const fill = (path: string, params: Record<string, string>): string => path.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? randomUUID());

type Case = { method: string; url: string; payload?: unknown; headers?: Record<string, string> };
const ops = (): Array<{ method: string; path: string; op: Operation }> =>
  Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })))
    .filter((o) => o.path.startsWith("/api/v1/") && !o.path.includes("/auth/"))
    // Deletions last, so the objects other routes need are still there.
    .sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));

const casesFor = (method: string, path: string, op: Operation): Case[] => {
  const pathParams = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
  const query = (op.parameters ?? []).filter((p) => p.in === "query");
  const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
  const out: Case[] = [];
  const url = fill(path, own);
  // Path parameters: unknown, another organisation's, malformed.
  for (const name of pathParams) {
    for (const v of [randomUUID(), foreign[name] ?? randomUUID(), "not-a-uuid", "%00", "99999999999999999999"]) {
      out.push({ method, url: fill(path, { ...own, [name]: encodeURIComponent(v) }), payload: bodySchema ? sample(bodySchema) : undefined });
    }
  }
  for (const q of query) {
    for (const v of ["", "\u0000", "99999999999999999999999999", "-1", "abc", "1e400"]) out.push({ method, url: `${url}?${q.name}=${encodeURIComponent(v)}` });
  }
  if (bodySchema && typeOf(bodySchema) === "object") {
    const base = sample(bodySchema) as Record<string, unknown>;
    const props = resolve(bodySchema).properties ?? {};
    for (const [name, sc] of Object.entries(props)) {
      for (const v of hostileFor(sc, name)) out.push({ method, url, payload: { ...base, [name]: v } });
    }
    out.push({ method, url, payload: base }, { method, url, payload: "\"\\u0000\"" }, { method, url, payload: [] });
  }
  if (op.requestBody?.content?.["multipart/form-data"]) {
    out.push(
      { method, url, payload: "--x\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc", headers: { "content-type": "multipart/form-data; boundary=x" } },
      { method, url, payload: "abc", headers: { "content-type": "multipart/form-data" } },
      { method, url, payload: "", headers: { "content-type": "multipart/form-data; boundary=" } },
    );
  }
  return out;
};

test("no route answers 500 to hostile input", async () => {
  const failures: string[] = [];
  let count = 0;
  for (const { method, path, op } of ops()) {
    for (const c of casesFor(method, path, op)) {
      count++;
      const payload = c.payload === undefined ? undefined : typeof c.payload === "string" ? c.payload : JSON.stringify(c.payload);
      const res = await app.inject({
        method: c.method as "GET", url: c.url, payload,
        headers: { ...s.headers, ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...c.headers },
      });
      if (res.statusCode >= 500) failures.push(`${method} ${path} ${c.url.slice(0, 120)} ${String(payload).slice(0, 120)} → ${res.statusCode}`);
    }
  }
  assert.ok(count > 500, `only ${count} cases generated`);
  assert.equal(failures.length, 0, `${failures.length} answers were 500, e.g.:\n${failures.slice(0, 20).join("\n")}`);
});

test("no PATCH body schema has a default (an absent field must stay absent)", () => {
  const withDefaults: string[] = [];
  const walk = (sc: Schema | undefined, where: string) => {
    if (!sc) return;
    if (sc.default !== undefined) withDefaults.push(where);
    for (const [k, v] of Object.entries(sc.properties ?? {})) walk(v, `${where}.${k}`);
    for (const v of [...(sc.anyOf ?? []), ...(sc.oneOf ?? [])]) walk(v, where);
  };
  for (const { method, path, op } of ops()) {
    if (method !== "PATCH") continue;
    walk(op.requestBody?.content?.["application/json"]?.schema, `${method} ${path} body`);
  }
  assert.deepEqual(withDefaults, []);
});

test("an id of another organisation in a body is refused, not stored", async () => {
  const base = `/api/v1/orgs/${orgId}/incidents/${own.incidentId}`;
  const t = await app.inject({ method: "POST", url: `${base}/timeline`, headers: s.headers, payload: { at: "2026-01-01T10:00:00+09:00", kind: "note", text: "t", assetIds: [foreign.assetId] } });
  assert.ok(t.statusCode === 400 || t.statusCode === 404, `timeline with a foreign asset: ${t.statusCode}`);
  const task = await app.inject({ method: "POST", url: `${base}/tasks`, headers: s.headers, payload: { title: "t", assigneeUserId: other.userId } });
  assert.ok(task.statusCode === 400 || task.statusCode === 404, `task assigned to a foreign user: ${task.statusCode}`);
});
