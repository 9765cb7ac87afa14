/** The organisations API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { ORG_KINDS, ROLES } from "../../platform/db/schema.js";
import { ZOrgPolicies } from "../../platform/auth/contract.js";

export const ZOrgSummary = z.object({ id: z.string().uuid(), kind: z.enum(ORG_KINDS), slug: z.string(), nameJa: z.string(), nameEn: z.string() });
export type Org = z.infer<typeof ZOrgSummary>;
export type OrgRef = Omit<Org, "slug">;

export const RELATION_VIEWS = ["member_of", "supervised_by", "has_member", "supervises"] as const;
export const ZOrgView = z.object({
  org: ZOrgSummary,
  relations: z.array(z.object({ kind: z.enum(RELATION_VIEWS), org: ZOrgSummary.omit({ slug: true }) })),
  policies: ZOrgPolicies,
});
export type OrgDetail = z.infer<typeof ZOrgView>;

export const ZMember = z.object({
  id: z.string().uuid(), userId: z.string().uuid(), displayName: z.string(), email: z.string(), role: z.enum(ROLES), createdAt: z.string(),
  policies: z.object({ update: z.boolean(), remove: z.boolean() }),
});
export type Member = z.infer<typeof ZMember>;
export const ZInvitation = z.object({
  id: z.string().uuid(), displayName: z.string(), email: z.string(), role: z.enum(ROLES), createdAt: z.string(), expiresAt: z.string(),
});
export type Invitation = z.infer<typeof ZInvitation>;
export const ZMembers = z.object({ members: z.array(ZMember), invitations: z.array(ZInvitation), roles: z.array(z.enum(ROLES)) });
export type MembersResponse = z.infer<typeof ZMembers>;

export const ZToken = z.object({
  id: z.string().uuid(), name: z.string(), prefix: z.string(), role: z.enum(ROLES), createdAt: z.string(),
  expiresAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ZToken>;
export const ZCreatedToken = z.object({ token: ZToken, secret: z.string() });
export type CreatedToken = z.infer<typeof ZCreatedToken>;

export const ZAuditEvent = z.object({
  id: z.string(), seq: z.string().describe("a bigint, as a decimal string"), occurredAt: z.string(), actorUserId: z.string().nullable(), actorTokenId: z.string().nullable(),
  actorOrgId: z.string().nullable(), action: z.string(), objectType: z.string(), objectId: z.string().nullable(),
  before: z.unknown(), after: z.unknown(), requestId: z.string().nullable(), ip: z.string().nullable(), hash: z.string(),
});
export type AuditEvent = z.infer<typeof ZAuditEvent>;
