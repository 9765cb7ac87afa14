/**
 * The usual world of a database-tier API test, set up once per file: a platform on a fresh database, the API,
 * one company and its org-admin signed in; closed after the file. At the top level of a test file:
 *   const world = useCompanyWorld({ jobs: false });
 *   let app: Api; …
 *   before(async () => ({ app, … } = await world()));
 * (The setup is a promise the file's own hook awaits: Node 20 does not wait for one top-level `before` hook to
 * finish before it starts the next.)
 */
import { after } from "node:test";
import type { Api } from "../../src/platform/http/server.js";
import { testApi, testPlatform, type TestPlatform } from "./platform.js";
import { makeOrg, signedIn, type Session } from "./factories.js";

export type CompanyWorld = { tp: TestPlatform; app: Api; orgId: string; admin: Session };

export const useCompanyWorld = (opts: { jobs?: boolean } = {}): (() => Promise<CompanyWorld>) => {
  let ready: Promise<CompanyWorld> | undefined;
  const setUp = async (): Promise<CompanyWorld> => {
    const tp = await testPlatform({ jobs: opts.jobs ?? false });
    const app = await testApi(tp.p);
    const orgId = (await makeOrg(tp.p, "company")).id;
    return { tp, app, orgId, admin: await signedIn(tp.p, app, orgId, "org-admin") };
  };
  after(async () => {
    if (!ready) return;
    const world = await ready;
    await world.app.close();
    await world.tp.close();
  });
  return () => (ready ??= setUp());
};
