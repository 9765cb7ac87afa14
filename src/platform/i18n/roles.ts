import type { Role } from "../db/schema.js";

/** Role names as people read them, in both languages: one table for the UI catalogs and the server's mails. */
export const ROLE_LABELS: Record<"ja" | "en", Record<Role, string>> = {
  ja: {
    "org-admin": "組織管理者",
    ciso: "CISO",
    responder: "対応担当者",
    viewer: "閲覧者",
    "regulator-officer": "監督担当官",
    "vendor-responder": "委託先対応者",
  },
  en: {
    "org-admin": "Organisation admin",
    ciso: "CISO",
    responder: "Responder",
    viewer: "Viewer",
    "regulator-officer": "Regulator officer",
    "vendor-responder": "Vendor responder",
  },
};
