/**
 * Which associations a regulator works with is data (migration 0024), not implied by the companies it supervises:
 * a regulator's broadcast "to the associations" reaches exactly those its org-admins added; the association sees
 * who works with it and may end it; nobody else sees or changes the relation (policies, then row-level security).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import type { RegulatorAssociations } from "../../src/capabilities/network/associations-contract.js";

let tp: TestPlatform;
let app: Api;
const ids = { R: "", R2: "", AS: "", AS2: "", C1: "" };
let rAdmin: Session;
let rOfficer: Session;
let r2Admin: Session;
let asAdmin: Session;
let asOfficer: Session;
let c1Admin: Session;

const url = (org: string, rest = "") => `/api/v1/orgs/${org}/network/associations${rest}`;
const call = (s: Session, method: "GET" | "POST" | "DELETE", path: string, payload?: object) =>
  app.inject({ method, url: path, headers: s.headers, ...(payload ? { payload } : {}) });
const reached = async (s: Session, org: string) => {
  const r = await app.inject({ method: "GET", url: `/api/v1/orgs/${org}/broadcasts/audience?audience=associations`, headers: s.headers });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { organisations: { id: string }[] }).organisations.map((o) => o.id).sort();
};

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  const [R, R2, AS, AS2, C1] = [
    await makeOrg(tp.p, "regulator", "Tourism"), await makeOrg(tp.p, "regulator", "Other ministry"),
    await makeOrg(tp.p, "association", "Travel assoc"), await makeOrg(tp.p, "association", "Hotel assoc"), await makeOrg(tp.p, "company", "C1"),
  ];
  Object.assign(ids, { R: R.id, R2: R2.id, AS: AS.id, AS2: AS2.id, C1: C1.id });
  // R supervises C1, a member of AS: before migration 0024 this alone made R reach AS.
  await createOrgService(tp.p).relate(C1.id, R.id, "supervised_by");
  await createOrgService(tp.p).relate(C1.id, AS.id, "member_of");
  [rAdmin, rOfficer, r2Admin, asAdmin, asOfficer, c1Admin] = [
    await signedIn(tp.p, app, R.id, "org-admin"), await signedIn(tp.p, app, R.id, "regulator-officer"), await signedIn(tp.p, app, R2.id, "org-admin"),
    await signedIn(tp.p, app, AS.id, "org-admin"), await signedIn(tp.p, app, AS.id, "regulator-officer"), await signedIn(tp.p, app, C1.id, "org-admin"),
  ];
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("the regulator–association relation", () => {
  test("supervising a member no longer reaches its association: the regulator's admin adds it, and only then", async () => {
    assert.deepEqual(await reached(rOfficer, ids.R), [], "implied by C1 no longer");
    const list = (await call(rAdmin, "GET", url(ids.R))).json() as RegulatorAssociations;
    assert.deepEqual(list.links, []);
    assert.deepEqual(list.policies, { read: true, add: true, remove: true });
    assert.ok(list.candidates.some((c) => c.id === ids.AS) && list.candidates.some((c) => c.id === ids.AS2), "every association may be chosen");
    const add = await call(rAdmin, "POST", url(ids.R), { associationOrgId: ids.AS2 });
    assert.equal(add.statusCode, 201, add.body);
    assert.deepEqual((add.json() as RegulatorAssociations).links.map((l) => l.id), [ids.AS2]);
    assert.deepEqual(await reached(rOfficer, ids.R), [ids.AS2], "an association with no supervised member, because R works with it");
    const again = await call(rAdmin, "POST", url(ids.R), { associationOrgId: ids.AS2 });
    assert.equal(again.statusCode, 201, "adding twice changes nothing");
    const audit = await tp.p.db.system.selectFrom("audit_events").select("action").where("org_id", "=", ids.R).where("action", "like", "regulator_association.%").execute();
    assert.deepEqual(audit.map((a) => a.action), ["regulator_association.add"], "one audit row, not two");
  });

  test("only a regulator's org-admin adds, and only an association", async () => {
    const cases: [Session, string, number][] = [
      [rOfficer, ids.R, 403], [asAdmin, ids.AS, 403], [c1Admin, ids.C1, 403], [r2Admin, ids.R, 404],
    ];
    for (const [s, org, status] of cases) assert.equal((await call(s, "POST", url(org), { associationOrgId: ids.AS })).statusCode, status, `${org} → ${status}`);
    for (const other of [ids.C1, ids.R2]) {
      const r = await call(rAdmin, "POST", url(ids.R), { associationOrgId: other });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal((r.json() as { error: { code: string; field: string } }).error.field, "body.associationOrgId");
    }
    assert.deepEqual(((await call(rAdmin, "GET", url(ids.R))).json() as RegulatorAssociations).links.map((l) => l.id), [ids.AS2]);
  });

  test("the association sees who works with it and may end it; the regulator's broadcast then no longer reaches it", async () => {
    assert.equal((await call(rAdmin, "POST", url(ids.R), { associationOrgId: ids.AS })).statusCode, 201);
    assert.deepEqual(await reached(rOfficer, ids.R), [ids.AS, ids.AS2].sort());
    const seen = (await call(asOfficer, "GET", url(ids.AS))).json() as RegulatorAssociations;
    assert.deepEqual(seen.links.map((l) => [l.id, l.kind]), [[ids.R, "regulator"]]);
    assert.deepEqual(seen.policies, { read: true, add: false, remove: false });
    assert.deepEqual(seen.candidates, []);
    assert.equal((await call(asOfficer, "DELETE", url(ids.AS, `/${ids.R}`))).statusCode, 403, "the association's officer may not");
    const end = await call(asAdmin, "DELETE", url(ids.AS, `/${ids.R}`));
    assert.equal(end.statusCode, 200, end.body);
    assert.deepEqual((end.json() as RegulatorAssociations).links, []);
    assert.deepEqual(await reached(rOfficer, ids.R), [ids.AS2]);
    const send = await app.inject({ method: "POST", url: `/api/v1/orgs/${ids.R}/broadcasts`, headers: rOfficer.headers, payload: { kind: "alert", titleJa: "x", audience: "list", orgIds: [ids.AS] } });
    assert.equal(send.statusCode, 400, "a chosen list cannot name it either");
    assert.equal((await call(asAdmin, "DELETE", url(ids.AS, `/${ids.R}`))).statusCode, 404, "gone");
    assert.equal((await call(rAdmin, "DELETE", url(ids.R, `/${ids.AS2}`))).statusCode, 200, "the regulator ends its own");
    assert.deepEqual(await reached(rOfficer, ids.R), []);
  });

  test("row-level security: another organisation neither reads, adds nor removes a relation", async () => {
    await tp.p.db.system.insertInto("regulator_associations").values({ regulator_org_id: ids.R, association_org_id: ids.AS }).execute();
    const seenBy = async (orgId: string) =>
      tp.p.db.tenant({ orgId }, (tx) => tx.db.selectFrom("regulator_associations").select("association_org_id").execute()).then((r) => r.length);
    assert.equal(await seenBy(ids.R), 1);
    assert.equal(await seenBy(ids.AS), 1);
    assert.equal(await seenBy(ids.R2), 0);
    assert.equal(await seenBy(ids.C1), 0);
    await assert.rejects(tp.p.db.tenant({ orgId: ids.R2 }, (tx) => tx.db.insertInto("regulator_associations").values({ regulator_org_id: ids.R, association_org_id: ids.AS2 }).execute()),
      /row-level security/, "R2 cannot add for R");
    await assert.rejects(tp.p.db.tenant({ orgId: ids.C1 }, (tx) => tx.db.insertInto("regulator_associations").values({ regulator_org_id: ids.C1, association_org_id: ids.AS2 }).execute()),
      /a regulator works with an association/, "a company is no regulator, even for its own row");
    const removed = await tp.p.db.tenant({ orgId: ids.R2 }, (tx) => tx.db.deleteFrom("regulator_associations").where("regulator_org_id", "=", ids.R).returning("association_org_id").execute());
    assert.equal(removed.length, 0);
    await assert.rejects(tp.p.db.tenant({ orgId: ids.AS }, (tx) => sql`UPDATE regulator_associations SET created_by = NULL`.execute(tx.db)), /permission denied/, "nobody changes a row in place");
  });
});
