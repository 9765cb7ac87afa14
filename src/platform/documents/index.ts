/** The platform's document renderer: one model, three formats (HTML preview, PDF with a Japanese font, JSON). */
export { ZDocument, ZDocBlock, ZDocSection, ZDocLocale, textToBlocks, type Document, type DocBlock, type DocSection, type DocLocale } from "./model.js";
export { renderHtml, escapeHtml } from "./html.js";
export { renderPdf, FONT_FILES, type PdfOptions } from "./pdf.js";
