/**
 * A document as a PDF (A4) with Noto Sans JP embedded: the TrueType files of the npm package
 * `@expo-google-fonts/noto-sans-jp` (SIL Open Font License 1.1), never a font of the machine, so the PDF looks the
 * same wherever it is made. pdfkit (through fontkit) embeds only the glyphs the document uses — a subset named
 * `ABCDEF+NotoSansJP-Regular` — so a report is tens of kilobytes, not the 5.5 MB of the font.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { pageLabel, type DocBlock, type Document } from "./model.js";

const require = createRequire(import.meta.url);
const FONT_PACKAGE = "@expo-google-fonts/noto-sans-jp";
export const FONT_FILES = {
  regular: `${FONT_PACKAGE}/400Regular/NotoSansJP_400Regular.ttf`,
  bold: `${FONT_PACKAGE}/700Bold/NotoSansJP_700Bold.ttf`,
} as const;

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process (5.5 MB each); only the subsets go into a PDF. */
const loadFonts = () => (fonts ??= {
  regular: readFileSync(require.resolve(FONT_FILES.regular)),
  bold: readFileSync(require.resolve(FONT_FILES.bold)),
});

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const SIZE = { title: 16, heading: 12, body: 10, meta: 9.5, footer: 8 };
const KEY_WIDTH = Math.round(CONTENT_WIDTH * 0.32);
const CELL_PAD = 4;

export type PdfOptions = {
  /** The creation date written into the PDF (default now); a fixed one makes the bytes reproducible. */
  createdAt?: Date;
  author?: string;
};

export const renderPdf = (doc: Document, options: PdfOptions = {}): Promise<Buffer> => {
  const { regular, bold } = loadFonts();
  const pdf = new PDFDocument({
    size: "A4", margins: MARGIN, bufferPages: true, autoFirstPage: true, compress: true, lang: doc.locale === "ja" ? "ja-JP" : "en",
    displayTitle: true,
    info: { Title: doc.title, Creator: "sokuho", Producer: "sokuho (pdfkit)", CreationDate: options.createdAt ?? new Date(), ...(options.author ? { Author: options.author } : {}) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  pdf.registerFont("jp", regular);
  pdf.registerFont("jp-bold", bold);

  const bottom = () => A4.height - MARGIN.bottom;
  const ensure = (height: number) => {
    if (pdf.y + height > bottom()) pdf.addPage();
  };

  /** A key-value table, row by row; a row taller than a page flows as a heading line and a paragraph. */
  const table = (rows: { key: string; value: string }[], size: number, shaded: boolean) => {
    const valueWidth = CONTENT_WIDTH - KEY_WIDTH;
    for (const r of rows) {
      pdf.fontSize(size);
      const kh = pdf.font("jp-bold").heightOfString(r.key || " ", { width: KEY_WIDTH - 2 * CELL_PAD });
      const vh = pdf.font("jp").heightOfString(r.value || " ", { width: valueWidth - 2 * CELL_PAD });
      const h = Math.max(kh, vh) + 2 * CELL_PAD;
      if (h > bottom() - MARGIN.top) {
        ensure(kh + 3 * CELL_PAD);
        pdf.font("jp-bold").text(r.key, MARGIN.left, pdf.y + CELL_PAD, { width: CONTENT_WIDTH });
        pdf.font("jp").text(r.value, MARGIN.left, pdf.y + CELL_PAD, { width: CONTENT_WIDTH });
        pdf.y += CELL_PAD;
        continue;
      }
      ensure(h);
      const y = pdf.y;
      if (shaded) pdf.save().rect(MARGIN.left, y, KEY_WIDTH, h).fill("#f2f2f2").restore();
      pdf.save().lineWidth(0.5).strokeColor("#999999").rect(MARGIN.left, y, KEY_WIDTH, h).rect(MARGIN.left + KEY_WIDTH, y, valueWidth, h).stroke().restore();
      pdf.fillColor("#111111");
      pdf.font("jp-bold").text(r.key, MARGIN.left + CELL_PAD, y + CELL_PAD, { width: KEY_WIDTH - 2 * CELL_PAD });
      pdf.font("jp").text(r.value, MARGIN.left + KEY_WIDTH + CELL_PAD, y + CELL_PAD, { width: valueWidth - 2 * CELL_PAD });
      pdf.x = MARGIN.left;
      pdf.y = y + h;
    }
    pdf.y += 6;
  };

  const block = (b: DocBlock) => {
    pdf.font("jp").fontSize(SIZE.body).fillColor("#111111");
    switch (b.type) {
      case "paragraph":
        ensure(pdf.currentLineHeight(true) * 2);
        pdf.text(b.text, MARGIN.left, pdf.y, { width: CONTENT_WIDTH, lineGap: 3 });
        pdf.y += 5;
        return;
      case "list":
        b.items.forEach((item, i) => {
          const marker = b.ordered ? `${i + 1}.` : "・";
          const indent = b.ordered ? 18 : 14;
          const h = pdf.heightOfString(item || " ", { width: CONTENT_WIDTH - indent, lineGap: 3 });
          ensure(Math.min(h, pdf.currentLineHeight(true) * 2));
          const y = pdf.y;
          pdf.text(marker, MARGIN.left, y, { width: indent, lineBreak: false });
          pdf.text(item, MARGIN.left + indent, y, { width: CONTENT_WIDTH - indent, lineGap: 3 });
          pdf.y += 2;
        });
        pdf.y += 4;
        return;
      case "table":
        table(b.rows, SIZE.body, true);
        return;
    }
  };

  pdf.font("jp-bold").fontSize(SIZE.title).fillColor("#111111").text(doc.title, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH, align: "center" });
  pdf.y += 10;
  if (doc.metadata.length > 0) table(doc.metadata, SIZE.meta, false);
  for (const s of doc.sections) {
    // A heading never ends a page: it needs room for itself and two lines of what follows.
    ensure(SIZE.heading * 2 + SIZE.body * 4);
    pdf.y += 6;
    pdf.font("jp-bold").fontSize(SIZE.heading).fillColor("#111111").text(s.heading, MARGIN.left, pdf.y, { width: CONTENT_WIDTH });
    const lineY = pdf.y + 1;
    pdf.save().lineWidth(0.6).strokeColor("#888888").moveTo(MARGIN.left, lineY).lineTo(MARGIN.left + CONTENT_WIDTH, lineY).stroke().restore();
    pdf.y = lineY + 5;
    for (const b of s.blocks) block(b);
  }

  // Footer and page numbers on every page, written into the bottom margin (which pdfkit would otherwise treat as
  // the end of the page and break).
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font("jp").fontSize(SIZE.footer).fillColor("#555555");
    const y = A4.height - MARGIN.bottom + 20;
    if (doc.footer) pdf.text(doc.footer, MARGIN.left, y, { width: CONTENT_WIDTH * 0.75, lineBreak: false, ellipsis: true });
    pdf.text(pageLabel(doc.locale, i - range.start + 1, range.count), MARGIN.left, y, { width: CONTENT_WIDTH, align: "right", lineBreak: false });
    pdf.page.margins.bottom = saved;
  }
  pdf.end();
  return done;
};
