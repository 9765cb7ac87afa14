/**
 * The document model every generated document uses (obligation reports, notices, the drill report): a title, a
 * locale, metadata (key-value pairs shown under the title), and sections with a heading and blocks — paragraphs,
 * key-value tables and lists. `renderHtml` and `renderPdf` turn it into a preview and a printable PDF; the JSON of
 * the model is the third format. Plain data, no markup: every text is escaped by the renderers.
 */
import { z } from "zod";

const ZLine = z.string().max(20_000);

export const ZDocBlock = z.discriminatedUnion("type", [
  z.object({ type: z.literal("paragraph"), text: ZLine }),
  z.object({ type: z.literal("table"), rows: z.array(z.object({ key: z.string().max(200), value: ZLine })).max(500) }),
  z.object({ type: z.literal("list"), ordered: z.boolean().default(false), items: z.array(ZLine).max(500) }),
]);
export type DocBlock = z.infer<typeof ZDocBlock>;

export const ZDocSection = z.object({
  id: z.string().max(100),
  heading: z.string().max(300),
  blocks: z.array(ZDocBlock).max(200),
});
export type DocSection = z.infer<typeof ZDocSection>;

export const ZDocLocale = z.enum(["ja", "en"]);
export type DocLocale = z.infer<typeof ZDocLocale>;

export const ZDocument = z.object({
  title: z.string().min(1).max(300),
  locale: ZDocLocale,
  /** Shown under the title: addressee, sender, date, reference, version, sign-off. */
  metadata: z.array(z.object({ key: z.string().max(200), value: z.string().max(2_000) })).max(50),
  sections: z.array(ZDocSection).max(100),
  /** A line at the foot of every PDF page and of the HTML (e.g. "draft — not signed off"). */
  footer: z.string().max(500).optional(),
});
export type Document = z.infer<typeof ZDocument>;

const LIST_LINE = /^\s*(?:[-・•]|\d{1,3}[.)．])\s*(.*)$/;
const TABLE_LINE = /^([^:：|\n]{1,60}?)\s*[:：]\s*(.+)$/;

/**
 * A section's editable text as blocks: chunks separated by a blank line; a chunk whose every line starts with
 * "- ", "・" or "1." is a list (ordered when numbered); a chunk of two or more lines that all read "key: value"
 * (or "項目：値") is a key-value table; anything else is a paragraph (its line breaks kept).
 */
export const textToBlocks = (text: string): DocBlock[] =>
  text.replace(/\r\n?/g, "\n").split(/\n\s*\n/).map((c) => c.replace(/^\n+|\s+$/g, "")).filter((c) => c.trim() !== "").map((chunk): DocBlock => {
    const lines = chunk.split("\n");
    if (lines.every((l) => LIST_LINE.test(l))) {
      return { type: "list", ordered: /^\s*\d/.test(lines[0]!), items: lines.map((l) => LIST_LINE.exec(l)![1]!.trim()) };
    }
    if (lines.length >= 2 && lines.every((l) => TABLE_LINE.test(l))) {
      return { type: "table", rows: lines.map((l) => { const m = TABLE_LINE.exec(l)!; return { key: m[1]!.trim(), value: m[2]!.trim() }; }) };
    }
    return { type: "paragraph", text: chunk };
  });

/** The labels the renderers add themselves (page numbers), in the document's language. */
export const pageLabel = (locale: DocLocale, page: number, pages: number): string =>
  locale === "ja" ? `${page} / ${pages} ページ` : `Page ${page} of ${pages}`;
