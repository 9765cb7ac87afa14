/** The organisation the user is working in (from /o/:orgId) and their membership in it. */
import { createContext, useContext } from "react";
import type { Membership } from "../platform/auth/contract";

export const OrgContext = createContext<Membership | null>(null);

export const useOrg = (): Membership => {
  const m = useContext(OrgContext);
  if (!m) throw new Error("useOrg outside an organisation route");
  return m;
};
