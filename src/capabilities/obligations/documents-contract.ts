/** The obligation documents API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { DOCUMENT_KINDS, ZDraftContent } from "./documents.js";

const ZKind = z.enum(DOCUMENT_KINDS);
const ZLocale = z.enum(["ja", "en"]);

export const ZDocumentSummary = z.object({
  id: z.string(), kind: ZKind, locale: ZLocale, obligationId: z.string().nullable(), orderId: z.string().nullable(),
  title: z.string(), latestVersion: z.number(), savedAt: z.string(), savedBy: z.string().nullable(),
  /** How many 【要記入】/ [To fill in] marks are left. */
  placeholders: z.number(),
  /** The newest sign-off (of any version). */
  signOff: z.object({ version: z.number(), at: z.string(), by: z.string().nullable() }).nullable(),
  /** The newest version is signed off (an edit after a sign-off makes this false until the next one). */
  isSignedOff: z.boolean(),
});
export type DocumentSummary = z.infer<typeof ZDocumentSummary>;

export const ZDocumentList = z.object({
  documents: z.array(ZDocumentSummary),
  kinds: z.array(z.object({ kind: ZKind, obligationId: z.string().nullable(), required: z.boolean(), dueAt: z.string().nullable() })),
  policies: z.object({ create: z.boolean() }),
});
export type DocumentList = z.infer<typeof ZDocumentList>;

export const ZDocumentDetail = z.object({
  document: ZDocumentSummary,
  /** The version shown (the newest unless asked for another). */
  version: z.number(),
  content: ZDraftContent,
  versions: z.array(z.object({ version: z.number(), savedAt: z.string(), savedBy: z.string().nullable(), signedOff: z.boolean() })),
  signOffs: z.array(z.object({ version: z.number(), at: z.string(), by: z.string().nullable(), filingId: z.string().nullable() })),
  policies: z.object({ edit: z.boolean(), signOff: z.boolean() }),
});
export type DocumentDetail = z.infer<typeof ZDocumentDetail>;

const ZPart = z.object({ op: z.enum(["same", "added", "removed"]), text: z.string() });
export const ZDocumentDiff = z.object({
  from: z.number(), to: z.number(), title: z.array(ZPart), changedSections: z.number(),
  sections: z.array(z.object({ id: z.string(), heading: z.string(), change: z.enum(["same", "added", "removed", "changed"]), headingParts: z.array(ZPart), parts: z.array(ZPart) })),
});
export type DocumentDiff = z.infer<typeof ZDocumentDiff>;
