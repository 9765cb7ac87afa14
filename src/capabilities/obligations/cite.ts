/**
 * A legal basis as a reader of each language cites it, from a rule file's source: the UI's obligations table, the
 * drafted documents and the CLI. Japanese keeps the law's published name (第26条第1項ただし書); English uses the
 * file's `lawEn`, `articleEn`, `paragraphEn` (Art. 26(1), proviso), falling back to the original where a file has
 * none (an evaluation stored before the English names existed, or a site's own rule file). Pure, no imports: the
 * browser bundle uses it too.
 */
export type Citable = {
  law: string; lawEn?: string | undefined; article: string; articleEn?: string | undefined;
  paragraph?: string | undefined; paragraphEn?: string | undefined; item?: string | undefined;
};

const STATUTE_ARTICLE = /^\d+[A-Z]?(?:の\d+|-\d+)?$/;

/** The law's name in the language (the Japanese original when no English name is given). */
export const lawName = (b: Citable, locale: "ja" | "en"): string => (locale === "en" ? b.lawEn ?? b.law : b.law);

/** Article, paragraph and item in the language's notation; empty when the source has no article ("-"). */
export const articleRef = (b: Citable, locale: "ja" | "en"): string => {
  if (locale === "ja") {
    const article = b.article === "-" ? "" : STATUTE_ARTICLE.test(b.article) ? `第${b.article.replace(/の(\d+)$/, "条の$1").replace(/^(\d+[A-Z]?)$/, "$1条")}` : b.article;
    const paragraph = !b.paragraph ? "" : b.paragraph.replace(/^(\d+)\s*/, "第$1項");
    const item = b.item ? `第${b.item}号` : "";
    return `${article}${paragraph}${item}`;
  }
  const a = b.articleEn ?? b.article;
  const article = a === "-" ? "" : STATUTE_ARTICLE.test(a) ? `Art. ${a}` : /^\d+\.\d+$/.test(a) ? `§ ${a}` : a;
  const p = b.paragraphEn ?? b.paragraph;
  const paragraph = !p ? "" : /^\d/.test(p) ? p.replace(/^(\d+)/, "($1)") : p.startsWith("(") ? p : ` ${p}`;
  const item = b.item ? ` item ${b.item}` : "";
  return `${article}${paragraph}${item}`.trim();
};

/** "個人情報の保護に関する法律 (APPI) 第26条第1項ただし書" / "Act on the Protection of Personal Information (APPI) Art. 26(1), proviso". */
export const cite = (b: Citable, locale: "ja" | "en"): string => {
  const ref = articleRef(b, locale);
  return ref ? `${lawName(b, locale)} ${ref}` : lawName(b, locale);
};
