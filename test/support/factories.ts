/** Factories: organisations, members with passwords, signed-in sessions — through the real services. */
import { randomBytes } from "node:crypto";
import type { Platform } from "../../src/platform/context.js";
import type { Api } from "../../src/platform/http/server.js";
import type { OrgKind, Role } from "../../src/platform/db/schema.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";

export const TEST_PASSWORD = "correct-horse-battery";
const rand = (): string => randomBytes(4).toString("hex");

export const makeOrg = async (p: Platform, kind: OrgKind, name = `${kind} ${rand()}`) =>
  createOrgService(p).createOrg({ kind, slug: `${kind}-${rand()}`, nameJa: `${name}（テスト）`, nameEn: name });

export const makeMember = async (p: Platform, orgId: string, role: Role, email = `${role}.${rand()}@example.jp`) => {
  const r = await createOrgService(p).addMember({ actor: null, requestId: null, ip: null }, orgId, {
    email, displayName: `テスト ${role}`, role, password: TEST_PASSWORD, notify: false,
  });
  return { ...r, email, password: TEST_PASSWORD };
};

export type Session = { headers: Record<string, string>; csrf: string; userId: string };

export const login = async (app: Api, email: string, password = TEST_PASSWORD): Promise<Session> => {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "sokuho_session");
  if (!cookie) throw new Error("no session cookie");
  const me = res.json() as { csrfToken: string; user: { id: string } };
  return { headers: { cookie: `sokuho_session=${cookie.value}`, "x-csrf-token": me.csrfToken }, csrf: me.csrfToken, userId: me.user.id };
};

/** A member of `orgId` with `role`, signed in. */
export const signedIn = async (p: Platform, app: Api, orgId: string, role: Role): Promise<Session> => {
  const m = await makeMember(p, orgId, role);
  return login(app, m.email);
};
