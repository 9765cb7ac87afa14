/**
 * What the PPC's web form asks, field by field, filled from a signed-off 速報 or 確報 version: the form's entry
 * questions (問1 My Number, 問2 organisation, 問3 delegated sector), the reporter (the company's name, not a
 * person's), the report type, then the nine items of Rules Art. 8(1) as the document states them. Labels in
 * Japanese, as on the form; the user copies each value into the form. Pure.
 */
import type { DraftContent } from "./documents.js";

export type PpcFormField = { key: string; label: string; value: string };
export type PpcForm = {
  kind: "ppc_preliminary" | "ppc_final";
  documentId: string;
  version: number;
  signedOffAt: string;
  signedOffBy: string | null;
  fields: PpcFormField[];
};

/** The nine items of Rules Art. 8(1): the section id of the PPC report and the form's label. */
const ITEMS: readonly (readonly [string, string])[] = [
  ["summary", "概要"],
  ["items", "漏えい等が発生し、又は発生したおそれがある個人データの項目"],
  ["people", "漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数"],
  ["cause", "原因"],
  ["secondary", "二次被害又はそのおそれの有無及びその内容"],
  ["individuals", "本人への対応の実施状況"],
  ["publication", "公表の実施状況"],
  ["prevention", "再発防止のための措置"],
  ["other", "その他参考となる事項"],
];

const tokyoDateTime = (iso: string): string =>
  new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false })
    .format(new Date(iso));

export const ppcFormFields = (a: {
  kind: PpcForm["kind"]; documentId: string; version: number; signedOffAt: string; signedOffBy: string | null;
  content: DraftContent; companyNameJa: string; knownAt: string | null; items: readonly string[] | null; route: string | null;
}): PpcForm => {
  const section = (id: string) => a.content.sections.find((s) => s.id === id)?.text.trim() ?? "";
  const myNumber = a.items === null ? "不明（不明な場合は「含まれる」と回答してください）"
    : a.items.includes("my_number") ? "含まれる" : "含まれない";
  const fields: PpcFormField[] = [
    { key: "q1_my_number", label: "問1 マイナンバー（個人番号）が含まれるか", value: myNumber },
    { key: "q2_organisation", label: "問2 組織", value: "民間事業者" },
    { key: "q3_delegated", label: "問3 権限委任をしている業種か", value: a.route && a.route !== "ppc" ? `該当（報告先: ${a.route}）` : "該当しない（個人情報保護委員会へ報告）" },
    { key: "reporter", label: "報告者（事業者名）", value: a.companyNameJa },
    { key: "report_type", label: "報告区分", value: a.kind === "ppc_preliminary" ? "速報" : "確報" },
    { key: "known_at", label: "発覚日時（漏えい等のおそれを認識した日時）", value: a.knownAt ? tokyoDateTime(a.knownAt) : "" },
    ...ITEMS.map(([id, label], i) => ({ key: `item${i + 1}_${id}`, label: `${i + 1}. ${label}`, value: section(id) })),
  ];
  return { kind: a.kind, documentId: a.documentId, version: a.version, signedOffAt: a.signedOffAt, signedOffBy: a.signedOffBy, fields };
};

/** "Copy into the web form": one block per field, the label in 【】 then the value. */
export const ppcFormText = (f: PpcForm): string =>
  [`個人情報保護委員会 漏えい等報告フォーム 入力用（${f.kind === "ppc_preliminary" ? "速報" : "確報"}・文書 ${f.documentId} 第${f.version}版・承認 ${tokyoDateTime(f.signedOffAt)}）`, "",
    ...f.fields.flatMap((x) => [`【${x.label}】`, x.value === "" ? "（未記入）" : x.value, ""])].join("\n");

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** RFC 4180 CSV (項目,内容), with a BOM so spreadsheet software reads the UTF-8 Japanese. */
export const ppcFormCsv = (f: PpcForm): string =>
  "\uFEFF" + [["項目", "内容"], ...f.fields.map((x) => [x.label, x.value])].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
