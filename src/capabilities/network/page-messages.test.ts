import { test } from "node:test";
import assert from "node:assert/strict";
import { renderPageMessage, type PageMessageInput } from "./page-messages.js";

const base: PageMessageInput = {
  locale: "ja", title: { ja: "報告の受付", en: "Report received" }, orgName: { ja: "観光庁", en: "Agency" }, sourceOrgName: { ja: "さくら", en: "Sakura" },
  step: 1, round: 0, isDrill: false, triggeredAt: new Date("2026-12-01T00:00:00Z"),
  links: { acknowledge: "https://x/network/actions#token=a", resolve: "https://x/network/actions#token=r", open: "https://x/o/1/network/pages/2" },
};

test("a message says what, which step, from whom, in the recipient's language, with its three links", () => {
  const ja = renderPageMessage(base);
  assert.match(ja.subject, /報告の受付/);
  assert.match(ja.text, /第2段階/);
  assert.match(ja.text, /発信元: さくら/);
  assert.match(ja.text, /9:00 JST/, "times in Japan time");
  assert.doesNotMatch(renderPageMessage({ ...base, sourceOrgName: null }).text, /\n\n\n|発信元/);
  assert.deepEqual(ja.links.map((l) => l.rel), ["acknowledge", "resolve", "open"]);
  assert.ok(ja.text.includes(base.links.acknowledge));
  const en = renderPageMessage({ ...base, locale: "en", round: 1 });
  assert.match(en.subject, /Report received/);
  assert.match(en.text, /step 2, round 2/);
  assert.doesNotMatch(en.text, /[ぁ-ん]/);
});

test("a drill is labelled as such in the subject and the text, in both languages", () => {
  const ja = renderPageMessage({ ...base, isDrill: true });
  assert.match(ja.subject, /^【訓練】/);
  assert.match(ja.text, /^これは訓練です。/);
  assert.equal(ja.isDrill, true);
  const en = renderPageMessage({ ...base, locale: "en", isDrill: true });
  assert.match(en.subject, /^\[DRILL\]/);
  assert.match(en.text, /^This is a drill\./);
  assert.doesNotMatch(renderPageMessage(base).subject, /訓練/);
});
