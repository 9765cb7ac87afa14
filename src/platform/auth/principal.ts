/** Who is calling: a signed-in user (cookie session) or an API token; and, for an organisation route, as whom. */
import type { OrgKind, Role } from "../db/schema.js";

export type UserPrincipal = {
  kind: "user";
  userId: string;
  displayName: string;
  locale: "ja" | "en";
  sessionIdHash: Buffer;
  csrfToken: string;
};
export type TokenPrincipal = { kind: "token"; tokenId: string; orgId: string; role: Role; createdBy: string | null; expiresAt: Date };
export type Principal = UserPrincipal | TokenPrincipal;

/** The caller acting within one organisation: what policies decide on. */
export type Actor = {
  userId: string | null;
  tokenId: string | null;
  orgId: string;
  orgKind: OrgKind;
  role: Role;
};
