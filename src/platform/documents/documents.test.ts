import { test } from "node:test";
import assert from "node:assert/strict";
import { renderHtml, renderPdf, textToBlocks, ZDocument, type Document } from "./index.js";
import { inkRatio, pdfFonts, pdfPages, pdfText, rasterPage } from "../../../test/support/pdf.js";

const doc = (over: Partial<Document> = {}): Document => ({
  title: "個人データの漏えい等の報告（速報）",
  locale: "ja",
  metadata: [{ key: "報告者", value: "さくら観光株式会社" }, { key: "報告日", value: "2026年12月2日" }],
  sections: [
    { id: "summary", heading: "1. 概要", blocks: [{ type: "paragraph", text: "標的型メールにより業務端末が感染した。\n調査中である。" }] },
    { id: "items", heading: "2. 個人データの項目", blocks: [{ type: "list", ordered: false, items: ["氏名", "性別", "旅券番号"] }] },
    { id: "count", heading: "3. 本人の数", blocks: [{ type: "table", rows: [{ key: "本人の数", value: "6,788,443人" }, { key: "うち日本居住者", value: "6,788,243人" }] }] },
  ],
  footer: "下書き（CISO未承認）",
  ...over,
});

test("the HTML escapes every text and loads nothing from outside", () => {
  const html = renderHtml(doc({
    title: `<script>alert("t")</script>`,
    metadata: [{ key: `"><img src=x onerror=alert(1)>`, value: "a & b" }],
    sections: [{ id: `x" onclick="alert(1)`, heading: "<b>見出し</b>", blocks: [{ type: "paragraph", text: "1 < 2\n2 > 1" }] }],
  }));
  assert.ok(!html.includes("<script>alert"));
  assert.ok(!html.includes("<img"));
  assert.ok(!html.includes(`id="s-x" onclick`));
  assert.ok(html.includes("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;"));
  assert.ok(html.includes("a &amp; b"));
  assert.ok(html.includes("1 &lt; 2<br>2 &gt; 1"), "line breaks kept after escaping");
  assert.ok(html.includes(`<html lang="ja">`));
  assert.ok(html.includes("default-src 'none'"), "a CSP that forbids scripts and external loads");
  assert.ok(!/<(script|link|img|iframe|object)\b/i.test(html), "no element that loads or runs anything");
});

test("the HTML shows every section, table row and list item, and a printable page size", () => {
  const html = renderHtml(doc());
  for (const s of ["1. 概要", "旅券番号", "6,788,443人", "さくら観光株式会社", "下書き（CISO未承認）"]) assert.ok(html.includes(s), s);
  assert.match(html, /@page \{ size: A4/);
  assert.equal((html.match(/<li>/g) ?? []).length, 3);
});

test("a section's text becomes paragraphs, lists and key-value tables", () => {
  const blocks = textToBlocks("最初の段落。\n二行目。\n\n- 氏名\n- 住所\n\n1. 調査\n2. 報告\n\n本人の数：6,788,443人\n日本居住者: 6,788,243人\n\nNote: one line stays a paragraph");
  assert.deepEqual(blocks, [
    { type: "paragraph", text: "最初の段落。\n二行目。" },
    { type: "list", ordered: false, items: ["氏名", "住所"] },
    { type: "list", ordered: true, items: ["調査", "報告"] },
    { type: "table", rows: [{ key: "本人の数", value: "6,788,443人" }, { key: "日本居住者", value: "6,788,243人" }] },
    { type: "paragraph", text: "Note: one line stays a paragraph" },
  ]);
  assert.deepEqual(textToBlocks("  \n\n "), []);
});

test("the model refuses a document without a title or with an unknown block", () => {
  assert.equal(ZDocument.safeParse({ ...doc(), title: "" }).success, false);
  assert.equal(ZDocument.safeParse({ ...doc(), sections: [{ id: "a", heading: "h", blocks: [{ type: "image", src: "x" }] }] }).success, false);
  assert.equal(ZDocument.safeParse(doc()).success, true);
});

test("the PDF embeds only subsets of Noto Sans JP and stays small however much Japanese it holds", async () => {
  // Many distinct kanji and several pages: the subset grows with the glyphs used, never to the 5.5 MB font.
  const long = "個人情報保護委員会規則第八条第一項に定める事項について報告する。漏えい等が発生し又は発生したおそれがある個人データの項目、本人の数、原因、二次被害又はそのおそれの有無及びその内容、本人への対応の実施状況、公表の実施状況、再発防止のための措置、その他参考となる事項。".repeat(12);
  const pdf = await renderPdf(doc({ sections: Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, heading: `${i + 1}. 見出し`, blocks: [{ type: "paragraph" as const, text: long }] })) }));
  assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
  const fonts = pdfFonts(pdf);
  assert.ok(fonts.length >= 2, "regular and bold");
  for (const f of fonts) {
    assert.match(f.name, /^[A-Z]{6}\+NotoSansJP-(Regular|Bold)$/, `a subset of the packaged font, not ${f.name}`);
    assert.ok(f.embedded && f.subset && f.unicode, `${f.name} embedded, subset, with a ToUnicode map`);
  }
  assert.ok(pdfPages(pdf) >= 3, "long text flows onto more pages");
  assert.ok(pdf.length < 300_000, `subset PDF is ${pdf.length} bytes`);
  const text = pdfText(pdf).replace(/\s+/g, "");
  assert.ok(text.includes("二次被害又はそのおそれの有無及びその内容"), "the Japanese text is extractable (copy, search, screen readers)");
  assert.ok(text.includes("1/3ページ") || /1\/\d+ページ/.test(text), "page numbers in Japanese");
});

test("the PDF's Japanese glyphs are drawn: the page has ink, and a different kanji draws different pixels", async () => {
  const one = (ch: string) => renderPdf(doc({ title: ch, metadata: [], sections: [], footer: undefined }), { createdAt: new Date("2026-01-01T00:00:00Z") });
  const [a, b, blank] = await Promise.all([one("漏"), one("報"), renderPdf(doc({ title: " ", metadata: [], sections: [], footer: undefined }))]);
  const ra = rasterPage(a, 1, 72), rb = rasterPage(b, 1, 72);
  assert.ok(inkRatio(ra) > 0, "the glyph is drawn");
  // A missing glyph would draw the same empty box (.notdef) for both characters.
  assert.notDeepEqual(Buffer.from(ra.pixels), Buffer.from(rb.pixels));
  const rBlank = rasterPage(blank, 1, 72);
  assert.ok(inkRatio(rBlank) < inkRatio(ra), "only the page number on a page without title");
});

test("the same document and creation date give the same PDF bytes", async () => {
  const at = new Date("2026-01-01T00:00:00Z");
  const [x, y] = [await renderPdf(doc(), { createdAt: at }), await renderPdf(doc(), { createdAt: at })];
  assert.equal(x.length, y.length);
});
