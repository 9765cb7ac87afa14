/**
 * A document as one self-contained HTML page: the preview in the browser and a printable page (A4, page breaks
 * kept out of tables and headings). Every text is escaped; the page loads nothing (no script, no external style,
 * no image), so it is safe to show in a sandboxed frame and to save.
 */
import type { DocBlock, Document } from "./model.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Escaped text with its line breaks kept. */
const text = (s: string): string => escapeHtml(s).replace(/\n/g, "<br>");

const STYLE = `
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: #111;
  font-size: 10.5pt; line-height: 1.7; margin: 0 auto; max-width: 180mm; padding: 12mm 0; }
h1 { font-size: 16pt; margin: 0 0 4mm; text-align: center; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; page-break-after: avoid; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #f2f2f2; width: 32%; font-weight: 600; }
table.meta th, table.meta td { border: none; border-bottom: 1px solid #ddd; }
p { margin: 1.5mm 0; white-space: normal; }
ul, ol { margin: 1.5mm 0; padding-left: 6mm; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #555; border-top: 1px solid #ccc; padding-top: 2mm; }
@media print { body { padding: 0; } }
`;

const block = (b: DocBlock): string => {
  switch (b.type) {
    case "paragraph":
      return `<p>${text(b.text)}</p>`;
    case "list": {
      const tag = b.ordered ? "ol" : "ul";
      return `<${tag}>${b.items.map((i) => `<li>${text(i)}</li>`).join("")}</${tag}>`;
    }
    case "table":
      return `<table>${b.rows.map((r) => `<tr><th scope="row">${text(r.key)}</th><td>${text(r.value)}</td></tr>`).join("")}</table>`;
  }
};

export const renderHtml = (doc: Document): string => {
  const meta = doc.metadata.length === 0 ? "" :
    `<table class="meta">${doc.metadata.map((m) => `<tr><th scope="row">${text(m.key)}</th><td>${text(m.value)}</td></tr>`).join("")}</table>`;
  const sections = doc.sections.map((s) =>
    `<section id="${escapeHtml(`s-${s.id}`)}"><h2>${text(s.heading)}</h2>${s.blocks.map(block).join("")}</section>`).join("\n");
  const footer = doc.footer ? `<footer>${text(doc.footer)}</footer>` : "";
  return `<!doctype html>
<html lang="${doc.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${text(doc.title)}</h1>
${meta}
${sections}
${footer}
</body>
</html>
`;
};
