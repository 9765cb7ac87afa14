/**
 * What /api/v1/me answers: the user and their memberships with what each lets them do. The routes use these
 * schemas for validation and OpenAPI; the UI imports the types only (`import type`), so zod stays out of its bundle.
 */
import { z } from "zod";
import { ORG_KINDS, ROLES } from "../db/schema.js";

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** What a member may do in an organisation (policiesForOrg). */
export const ZOrgPolicies = z.object({
  update: z.boolean(), manageMembers: z.boolean(), manageTokens: z.boolean(), readAudit: z.boolean(), createIncident: z.boolean(), manageGrants: z.boolean(),
});
export type OrgPolicies = z.infer<typeof ZOrgPolicies>;

export const ZMembership = z.object({
  orgId: z.string().uuid(), slug: z.string(), nameJa: z.string(), nameEn: z.string(), kind: z.enum(ORG_KINDS), role: z.enum(ROLES), policies: ZOrgPolicies,
});
export type Membership = z.infer<typeof ZMembership>;

export const ZMe = z.object({
  user: z.object({ id: z.string().uuid(), displayName: z.string(), email: z.string(), locale: z.enum(LOCALES) }),
  memberships: z.array(ZMembership),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof ZMe>;

/** Anything with a name in both languages. */
export type Named = { nameJa: string; nameEn: string };
/** Someone as the server names them (a user's id and display name). */
export const ZPerson = z.object({ id: z.string(), name: z.string() });
export type Person = z.infer<typeof ZPerson>;
/** An organisation named in another object (an incident's owner, an asset's vendor). */
export const ZOrgName = z.object({ id: z.string().uuid(), nameJa: z.string(), nameEn: z.string() });

/** Every error answer (platform/http/errors.ts). */
export type ApiErrorBody = { error: { code: string; field?: string; message: string; fields?: Array<{ field: string; message: string }>; requestId: string } };
