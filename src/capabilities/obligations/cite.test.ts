import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cite } from "./cite.js";
import { DEFAULT_RULES_DIR } from "./load.js";

const APPI = { law: "個人情報の保護に関する法律 (APPI)", lawEn: "Act on the Protection of Personal Information (APPI)", article: "26" };

test("a basis is cited in the reader's language, the Japanese original kept in Japanese", () => {
  const cases: Array<[Parameters<typeof cite>[0], string, string]> = [
    [{ ...APPI, paragraph: "1 ただし書", paragraphEn: "1, proviso" }, "個人情報の保護に関する法律 (APPI) 第26条第1項ただし書", "Act on the Protection of Personal Information (APPI) Art. 26(1), proviso"],
    [{ ...APPI, paragraph: "1" }, "個人情報の保護に関する法律 (APPI) 第26条第1項", "Act on the Protection of Personal Information (APPI) Art. 26(1)"],
    [{ law: "個人情報の保護に関する法律施行規則 (PPC Rules)", lawEn: "PPC Rules", article: "7", item: "3" }, "個人情報の保護に関する法律施行規則 (PPC Rules) 第7条第3号", "PPC Rules Art. 7 item 3"],
    [{ law: "番号法", lawEn: "My Number Act", article: "29の4", articleEn: "29-4" }, "番号法 第29条の4", "My Number Act Art. 29-4"],
    [{ law: "規則", lawEn: "Rules", article: "7", paragraph: "柱書", paragraphEn: "opening sentence" }, "規則 第7条柱書", "Rules Art. 7 opening sentence"],
    [{ law: "GDPR", article: "33", paragraph: "1" }, "GDPR 第33条第1項", "GDPR Art. 33(1)"],
    [{ law: "PDPA", article: "26B", paragraph: "1(a)" }, "PDPA 第26B条第1項(a)", "PDPA Art. 26B(1)(a)"],
    [{ law: "California Civil Code", article: "1798.82", paragraph: "(a)" }, "California Civil Code 1798.82(a)", "California Civil Code § 1798.82(a)"],
    [{ law: "ガイドライン（通則編）", lawEn: "PPC Guidelines (General Rules)", article: "3-5-1-1" }, "ガイドライン（通則編） 3-5-1-1", "PPC Guidelines (General Rules) 3-5-1-1"],
    [{ law: "観光庁 報道発表", lawEn: "JTA press release", article: "-" }, "観光庁 報道発表", "JTA press release"],
    [{ law: "個人情報保護委員会 Q&A", article: "Q6-33" }, "個人情報保護委員会 Q&A Q6-33", "個人情報保護委員会 Q&A Q6-33"],
  ];
  for (const [b, ja, en] of cases) {
    assert.equal(cite(b, "ja"), ja);
    assert.equal(cite(b, "en"), en);
  }
});

test("every basis in the shipped rule files has an English name where its law, article or paragraph is not ASCII", () => {
  const missing: string[] = [];
  const walk = (file: string, x: unknown): void => {
    if (Array.isArray(x)) return x.forEach((v) => walk(file, v));
    if (typeof x !== "object" || x === null) return;
    const o = x as Record<string, unknown>;
    if (typeof o.law === "string" && typeof o.article === "string") {
      for (const k of ["law", "article", "paragraph"]) {
        // eslint-disable-next-line no-control-regex
        if (typeof o[k] === "string" && !/^[\x00-\x7f]*$/.test(o[k]) && typeof o[`${k}En`] !== "string") missing.push(`${file}: ${k} ${String(o[k])}`);
      }
    }
    Object.values(o).forEach((v) => walk(file, v));
  };
  for (const f of readdirSync(DEFAULT_RULES_DIR).filter((n) => n.endsWith(".json"))) walk(f, JSON.parse(readFileSync(join(DEFAULT_RULES_DIR, f), "utf8")));
  assert.deepEqual(missing, []);
});
