import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { evaluateObligations, parseFacts } from "./domain.js";
import { loadRuleSets } from "./load.js";
import {
  diffContents, draftDocument, placeholders, PPC_ITEM_IDS, toDocument, DOCUMENT_KINDS, ZDraftContent, type DraftSource, ITEM_LABELS,
} from "./documents.js";
import { ORDER_2016_ITEMS } from "./demo.js";
import { DATA_ITEMS } from "./items.js";
import { renderHtml, renderPdf } from "../../platform/documents/index.js";
import { inkRatio, pagePng, pdfFonts, pdfText, rasterPage } from "../../../test/support/pdf.js";

const NOW = new Date("2026-12-02T01:00:00Z");
const rules = loadRuleSets();

/** The JTB leak of 2016 replayed under today's law: known two days ago, a targeted mail (malware), 6,788,443 people. */
const jtbToday = (locale: "ja" | "en", over: Partial<DraftSource> = {}): DraftSource => {
  const parsed = parseFacts({
    knownAt: "2026-11-30T10:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443, residents: { EU: 200 },
    items: ["name", "sex", "birth_date", "email", "address", "postcode", "phone", "passport_number", "passport_issue_date"],
  });
  assert.ok(parsed.ok);
  return {
    locale, company: { nameJa: "さくら観光株式会社", nameEn: "Sakura Travel Co., Ltd." },
    incident: { ref: "INC-2026-0002", title: "標的型メールによる漏えい", summary: "標的型メールにより業務端末とサーバが感染した。" },
    facts: parsed.facts, evaluation: evaluateObligations(parsed.facts, rules, NOW),
    clocks: { detected: "2026-11-29T10:00:00+09:00", leak_suspected: "2026-11-30T10:00:00+09:00" },
    timeline: [{ at: "2026-11-29T10:00:00+09:00", text: "監視会社から通報" }],
    registry: null, order: null, now: NOW, ...over,
  };
};

test("the PPC preliminary report has the nine items of Rules Art. 8(1), in order, in Japanese", () => {
  const d = draftDocument("ppc_preliminary", jtbToday("ja"));
  assert.equal(d.title, "個人データの漏えい等の報告（速報）");
  assert.deepEqual(d.sections.map((s) => s.id), PPC_ITEM_IDS);
  assert.deepEqual(d.sections.map((s) => s.heading), [
    "1. 概要", "2. 漏えい等が発生し、又は発生したおそれがある個人データの項目", "3. 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数",
    "4. 原因", "5. 二次被害又はそのおそれの有無及びその内容", "6. 本人への対応の実施状況", "7. 公表の実施状況", "8. 再発防止のための措置", "9. その他参考となる事項",
  ]);
  const by = Object.fromEntries(d.sections.map((s) => [s.id, s.text]));
  assert.match(by.summary!, /さくら観光株式会社は、2026年11月30日 10:00、マルウェア感染/);
  assert.match(by.summary!, /検知: 2026年11月29日 10:00/);
  assert.match(by.items!, /- 旅券番号/);
  assert.match(by.people!, /本人の数: 6,788,443人/);
  assert.match(by.people!, /うち居住地 EU: 200人/);
  assert.match(by.people!, /うち居住地 JP（上記以外）: 6,788,243人/);
  assert.match(by.cause!, /不正の目的をもって行われたおそれ/);
  assert.match(by.secondary!, /なりすましメール/);
  assert.match(by.secondary!, /本人確認書類/);
  // The final report's due date (60 days: wrongful) comes from the evaluation, counted from the awareness day.
  assert.match(by.other!, /確報は 2027年1月28日 23:59 までに提出します/);
  assert.ok(ZDraftContent.safeParse(d).success);
});

test("the same report in English, and the final report (確報) asks for the measures taken", () => {
  const en = draftDocument("ppc_preliminary", jtbToday("en"));
  assert.deepEqual(en.sections.map((s) => s.id), PPC_ITEM_IDS);
  assert.equal(en.sections[8]!.heading, "9. Other matters for reference");
  assert.match(en.sections[2]!.text, /People affected: 6,788,443 people/);
  assert.match(en.sections[0]!.text, /On 2026-11-30 10:00 JST, Sakura Travel Co., Ltd. became aware/);
  const fin = draftDocument("ppc_final", jtbToday("ja"));
  assert.equal(fin.title, "個人データの漏えい等の報告（確報）");
  assert.deepEqual(fin.sections.map((s) => s.id), PPC_ITEM_IDS);
  assert.match(fin.sections[7]!.text, /【要記入：実施した再発防止策/);
  assert.ok(!/本報告は速報です/.test(fin.sections[8]!.text));
});

test("what sokuho knows replaces placeholders: notice given, publication, containment, the registry's counts", () => {
  const bare = draftDocument("ppc_preliminary", jtbToday("ja"));
  const known = draftDocument("ppc_preliminary", jtbToday("ja", {
    clocks: { detected: "2026-11-29T10:00:00+09:00", contained: "2026-11-30T18:00:00+09:00", public_announcement: "2026-12-01T15:00:00+09:00",
      individuals_notified_first: "2026-12-01T16:00:00+09:00", individuals_notified_last: "2026-12-02T09:00:00+09:00" },
    registry: { people: 6_788_443, peoplePerItem: { passport_number: 4_300 } },
  }));
  assert.ok(placeholders(known) < placeholders(bare), `${placeholders(known)} < ${placeholders(bare)}`);
  const by = Object.fromEntries(known.sections.map((s) => [s.id, s.text]));
  assert.match(by.individuals!, /2026年12月1日 16:00から本人への通知を開始し、2026年12月2日 09:00に完了しました/);
  assert.match(by.publication!, /2026年12月1日 15:00に当社ウェブサイトで公表しました/);
  assert.match(by.items!, /旅券番号（4,300人）/);
  assert.match(by.people!, /本人の台帳/);
});

test("a draft can start before the facts are complete: every unknown is a placeholder, never 'undefined'", () => {
  const d = draftDocument("ppc_preliminary", jtbToday("ja", { facts: {}, evaluation: null, clocks: {}, timeline: [] }));
  assert.deepEqual(d.sections.map((s) => s.id), PPC_ITEM_IDS);
  for (const s of d.sections) assert.ok(!/undefined|null|NaN/.test(s.text), s.id);
  assert.match(d.sections[2]!.text, /【要記入：本人の数】/);
});

test("the order report has one section per item of the order (the 観光庁's five items of 2016)", () => {
  const order = { authority: "jta", title: "報告徴収", items: ORDER_2016_ITEMS, issuedAt: "2016-06-15T10:00:00+09:00", dueAt: "2016-06-24T23:59:59+09:00" };
  const d = draftDocument("order_report", jtbToday("ja", { order }));
  assert.deepEqual(d.sections.map((s) => s.heading), ["前文", ...ORDER_2016_ITEMS.map((i, n) => `${n + 1}. ${i}`)]);
  assert.match(d.sections[0]!.text, /2016年6月15日付けで観光庁より求められた報告（提出期限 2016年6月24日 23:59）/);
  assert.match(d.sections[1]!.text, /本人の数: 6,788,443人/, "the facts go under 事実関係");
  assert.match(d.sections[5]!.text, /再発防止策/);
  const doc = toDocument(d, { kind: "order_report", locale: "ja", company: { nameJa: "さくら観光株式会社", nameEn: "Sakura" }, incidentRef: null, version: 1, savedAt: NOW.toISOString(), orderAuthority: "jta", signOff: null });
  assert.equal(doc.metadata[0]!.value, "観光庁 御中");
});

test("the notice to individuals has the items Rules Art. 10 requires (Art. 8(1) items 1, 2, 4, 5, 9) and no count or internal reference", () => {
  for (const locale of ["ja", "en"] as const) {
    const d = draftDocument("individual_notice", jtbToday(locale));
    assert.deepEqual(d.sections.map((s) => s.id), ["greeting", "summary", "items", "cause", "secondary", "other"]);
    const all = d.sections.map((s) => s.text).join("\n");
    assert.ok(!all.includes("6,788,443"), "the notice does not state the number of people");
    assert.ok(!all.includes("INC-2026-0002"));
    const doc = toDocument(d, { kind: "individual_notice", locale, company: { nameJa: "さくら観光株式会社", nameEn: "Sakura Travel" }, incidentRef: "INC-2026-0002", version: 1, savedAt: NOW.toISOString(), orderAuthority: null, signOff: null });
    assert.ok(!JSON.stringify(doc).includes("INC-2026-0002"));
  }
});

test("the GDPR Art. 33 notification has (a)–(d) of Art. 33(3), the EU count and the 72-hour due time", () => {
  const d = draftDocument("gdpr_art33", jtbToday("en"));
  assert.deepEqual(d.sections.map((s) => s.id), ["controller", "nature", "dpo", "consequences", "measures", "timing"]);
  assert.match(d.sections[0]!.text, /Due \(72 hours\): 2026-12-03 01:00 UTC/);
  assert.match(d.sections[1]!.text, /approximately 200 people \(of 6,788,443 people overall\)/);
  // Two days after the deadline, the reasons for the delay are asked for (Art. 33(1)).
  const late = draftDocument("gdpr_art33", jtbToday("en", { now: new Date("2026-12-05T00:00:00Z") }));
  assert.match(late.sections[5]!.text, /reasons for the delay/);
});

test("every kind drafts in both languages, and the public announcement states the count", () => {
  for (const kind of DOCUMENT_KINDS) for (const locale of ["ja", "en"] as const) {
    const d = draftDocument(kind, jtbToday(locale));
    assert.ok(ZDraftContent.safeParse(d).success, `${kind} ${locale}`);
    if (locale === "en") assert.ok(!/[\u3040-\u30ff]/.test(d.title + d.sections.map((s) => s.heading).join("")), `${kind}: English headings`);
  }
  assert.match(draftDocument("public_announcement", jtbToday("ja")).sections[2]!.text, /6,788,443人/);
});

test("a diff between two versions shows per section what was added and removed", () => {
  const a = draftDocument("ppc_preliminary", jtbToday("ja"));
  const b = structuredClone(a);
  b.sections[3]!.text = a.sections[3]!.text.replace("【要記入：侵入経路・発生の経緯（調査で判明した事実）】", "業務用PCに標的型メールの添付ファイルが開かれた。");
  b.sections.push({ id: "extra", heading: "10. 補足", text: "追記" });
  b.sections.splice(6, 1);
  const diff = diffContents(a, b, "ja");
  assert.equal(diff.changedSections, 3);
  const cause = diff.sections.find((s) => s.id === "cause")!;
  assert.equal(cause.change, "changed");
  assert.ok(cause.parts.some((p) => p.op === "added" && p.text.includes("業務用PC")));
  assert.ok(cause.parts.some((p) => p.op === "removed" && p.text.includes("要記入")));
  assert.ok(cause.parts.some((p) => p.op === "same" && p.text.includes("原因: マルウェア感染")), "unchanged words stay unmarked");
  // The parts rebuild both versions exactly.
  assert.equal(cause.parts.filter((p) => p.op !== "added").map((p) => p.text).join(""), a.sections[3]!.text);
  assert.equal(cause.parts.filter((p) => p.op !== "removed").map((p) => p.text).join(""), b.sections[3]!.text);
  assert.equal(diff.sections.find((s) => s.id === "extra")!.change, "added");
  assert.equal(diff.sections.find((s) => s.id === "publication")!.change, "removed");
  assert.equal(diff.sections.find((s) => s.id === "summary")!.change, "same");
  assert.equal(diffContents(a, a, "ja").changedSections, 0);
});

test("the 速報 PDF: Japanese drawn with a subset of the packaged font, a page turned into PNG", async () => {
  const d = draftDocument("ppc_preliminary", jtbToday("ja"));
  const doc = toDocument(d, { kind: "ppc_preliminary", locale: "ja", company: { nameJa: "さくら観光株式会社", nameEn: "Sakura" }, incidentRef: "INC-2026-0002", version: 3, savedAt: NOW.toISOString(), orderAuthority: null, signOff: { by: "佐藤 CISO", at: NOW.toISOString() } });
  const pdf = await renderPdf(doc);
  assert.ok(pdf.length < 300_000, `${pdf.length} bytes`);
  for (const f of pdfFonts(pdf)) {
    assert.match(f.name, /^[A-Z]{6}\+NotoSansJP-/);
    assert.ok(f.embedded && f.subset);
  }
  const text = pdfText(pdf).replace(/\s+/g, "");
  for (const heading of ["1.概要", "5.二次被害又はそのおそれの有無及びその内容", "9.その他参考となる事項", "個人情報保護委員会御中", "CISO承認済み（佐藤CISO"]) assert.ok(text.includes(heading), heading);
  const page = rasterPage(pdf, 1, 72);
  assert.ok(inkRatio(page) > 0.01, `page 1 has ink (${inkRatio(page)})`);
  const dir = join(process.cwd(), "test-results", "documents");
  mkdirSync(dir, { recursive: true });
  pagePng(pdf, join(dir, "ppc-preliminary-page1.png"));
  assert.ok(renderHtml(doc).includes("二次被害又はそのおそれの有無及びその内容"));
});

test("the drafted documents name every data item in both languages, never by its id", () => {
  for (const item of DATA_ITEMS) {
    const label = ITEM_LABELS[item];
    assert.ok(label, `no document label for ${item}`);
    for (const loc of ["ja", "en"] as const) assert.ok(!label[loc].includes("_"), `${loc}: ${item} → ${label[loc]}`);
  }
  // The facts' `postcode` and the scanner's `postal_code` are one item, named alike.
  for (const item of ["postcode", "postal_code"]) assert.deepEqual(ITEM_LABELS[item], { ja: "郵便番号", en: "postal code" });
});
