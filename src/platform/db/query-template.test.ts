import { test } from "node:test";
import assert from "node:assert/strict";
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from "kysely";
import type { DB } from "./schema.js";
import { queryTemplate } from "./query-template.js";

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

type Args = { orgId: string; title?: string; tag?: string; hash?: Buffer; archived?: boolean };
const build = (k: Kysely<DB>, a: Args) =>
  k
    .selectFrom("incidents")
    .select(["id", sql<string>`${a.orgId}::text`.as("again")])
    .where("org_id", "=", a.orgId)
    .$if(a.title !== undefined, (q) => q.where("title", "=", a.title!))
    .$if(a.tag !== undefined, (q) => q.where(sql<boolean>`tags @> ARRAY[${a.tag}]::text[]`))
    .$if(a.hash !== undefined, (q) => q.where(sql<boolean>`digest = ${a.hash}`))
    .$if(a.archived === true, (q) => q.where("status", "=", "closed"))
    .where("severity", "!=", "low");

test("a template gives the same SQL and parameters as building the query each time, for every shape", () => {
  const template = queryTemplate(build);
  const cases: Args[] = [
    { orgId: "a" },
    { orgId: "b", title: "t1" },
    { orgId: "c", tag: "x", title: "t2" },
    { orgId: "d", hash: Buffer.from([1, 2, 3]) },
    { orgId: "e", archived: true, tag: "y" },
    { orgId: "f", archived: false },
    { orgId: "g", title: "" },
    { orgId: "h", title: "again" },
    { orgId: "i" },
  ];
  for (let round = 0; round < 2; round++) {
    for (const a of cases) {
      const want = build(db, a).compile();
      const got = template(db, a);
      assert.equal(got.sql, want.sql, JSON.stringify(a));
      assert.deepEqual(got.parameters, want.parameters, JSON.stringify(a));
    }
  }
});

test("a template refuses an argument transformed while building or written into the SQL text", () => {
  const transformed = queryTemplate((k: Kysely<DB>, a: { q: string }) => k.selectFrom("incidents").select("id").where("title", "like", `%${a.q}%`));
  assert.throws(() => transformed(db, { q: "x" }), /transformed/);
  const inText = queryTemplate((k: Kysely<DB>, a: { q: string }) => k.selectFrom("incidents").select("id").where(sql<boolean>`title = ${sql.lit(a.q)}`));
  assert.throws(() => inText(db, { q: "x" }), /SQL text/);
});
