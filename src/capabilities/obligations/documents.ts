/**
 * The documents an incident's obligations call for, drafted from what sokuho knows (facts, the evaluation, the
 * clocks, the timeline, the affected-person registry, a regulator's order), in Japanese or English, as sections of
 * editable text. Pure: the service gathers the source, a person edits and the CISO signs off.
 *
 * - `ppc_preliminary` / `ppc_final`: the report to the PPC (速報 / 確報), the nine items of Rules Art. 8(1).
 * - `order_report`: the written report a regulator's order (報告徴収) asked for: one section per item of the order
 *   (the 観光庁's five items of 2016 in the demo).
 * - `individual_notice`: the notice to individuals, the items Rules Art. 10 requires (Art. 8(1) items 1, 2, 4, 5, 9).
 * - `public_announcement`: a publication (also the substitute measure when notice is difficult): the same items,
 *   the number of people, and the inquiry desk.
 * - `gdpr_art33`: the notification to a supervisory authority, the content of GDPR Art. 33(3) (a)–(d), and the
 *   reasons for a delay beyond 72 hours (33(1)).
 *
 * What sokuho cannot know is left as 【要記入：…】/ [To fill in: …] for a person; `placeholders` counts them.
 */
import { diffWords, diffWordsWithSpace } from "diff";
import { z } from "zod";
import { textToBlocks, type DocLocale, type Document } from "../../platform/documents/index.js";
import type { Evaluation, Obligation } from "./domain.js";
import { cite } from "./cite.js";
import type { Facts } from "./schema.js";

export const DOCUMENT_KINDS = ["ppc_preliminary", "ppc_final", "order_report", "individual_notice", "public_announcement", "gdpr_art33"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const ZDocumentKind = z.enum(DOCUMENT_KINDS);

/** One editable section: the heading and the text (paragraphs, "- " lists and "key: value" tables; see textToBlocks). */
export const ZDraftSection = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]{1,60}$/),
  heading: z.string().trim().min(1).max(300),
  text: z.string().max(20_000),
});
export type DraftSection = z.infer<typeof ZDraftSection>;
export const ZDraftContent = z.strictObject({
  title: z.string().trim().min(1).max(300),
  sections: z.array(ZDraftSection).min(1).max(60)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, { message: "section ids must differ" }),
});
export type DraftContent = z.infer<typeof ZDraftContent>;

/** The obligation kind each document answers (for linking a document to the obligation it files). */
export const OBLIGATION_KIND_OF: Record<DocumentKind, { regime: string; kinds: readonly string[] }> = {
  ppc_preliminary: { regime: "jp-appi", kinds: ["preliminary_report"] },
  ppc_final: { regime: "jp-appi", kinds: ["final_report"] },
  order_report: { regime: "jp-order", kinds: ["order_report"] },
  individual_notice: { regime: "jp-appi", kinds: ["individual_notice"] },
  public_announcement: { regime: "jp-appi", kinds: ["substitute_measure", "publication"] },
  gdpr_art33: { regime: "eu-gdpr", kinds: ["authority_notification"] },
};

export type DraftSource = {
  locale: DocLocale;
  company: { nameJa: string; nameEn: string };
  incident: { ref: string | null; title: string; summary: string | null };
  /** The facts in force (complete or not: a draft can start before every fact is known). */
  facts: Partial<Facts>;
  evaluation: Evaluation | null;
  /** The incident's clocks, ISO instants. */
  clocks: Partial<Record<string, string | null>>;
  timeline: { at: string; text: string }[];
  /** People per data item from the affected-person registry, when imported. */
  registry: { people: number; peoplePerItem: Record<string, number> } | null;
  /** The order a regulator issued (order_report). */
  order?: { authority: string; title: string; items: string[]; issuedAt: string; dueAt: string } | null;
  now: Date;
};

type L = { ja: string; en: string };
const t = (loc: DocLocale, s: L): string => s[loc];
const fill = (loc: DocLocale, what: L): string => (loc === "ja" ? `【要記入：${what.ja}】` : `[To fill in: ${what.en}]`);
/** How many things are left for a person to fill in. */
export const placeholders = (d: DraftContent): number =>
  d.sections.reduce((n, s) => n + (s.text.match(/【要記入：|\[To fill in: /g) ?? []).length, 0);

const TOKYO = "Asia/Tokyo";
export const formatDate = (loc: DocLocale, iso: string | Date, withTime = true, timeZone = TOKYO): string => {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(d).map((p) => [p.type, p.value]));
  const zone = timeZone === TOKYO ? "JST" : timeZone;
  if (loc === "ja") return `${Number(parts.year)}年${Number(parts.month)}月${Number(parts.day)}日${withTime ? ` ${parts.hour}:${parts.minute}` : ""}`;
  return `${parts.year}-${parts.month}-${parts.day}${withTime ? ` ${parts.hour}:${parts.minute} ${zone}` : ""}`;
};
const num = (loc: DocLocale, n: number) => n.toLocaleString(loc === "ja" ? "ja-JP" : "en-US");
const people = (loc: DocLocale, n: number) => (loc === "ja" ? `${num(loc, n)}人` : `${num(loc, n)} ${n === 1 ? "person" : "people"}`);

export const ITEM_LABELS: Record<string, L> = {
  name: { ja: "氏名", en: "name" }, name_kanji: { ja: "氏名（漢字）", en: "name (kanji)" }, name_kana: { ja: "氏名（カナ）", en: "name (kana)" },
  name_romaji: { ja: "氏名（ローマ字）", en: "name (roman letters)" }, sex: { ja: "性別", en: "sex" }, birth_date: { ja: "生年月日", en: "date of birth" },
  email: { ja: "メールアドレス", en: "e-mail address" }, phone: { ja: "電話番号", en: "phone number" }, postal_code: { ja: "郵便番号", en: "postal code" },
  postcode: { ja: "郵便番号", en: "postal code" }, address: { ja: "住所", en: "address" }, passport_number: { ja: "旅券番号", en: "passport number" },
  passport_issue_date: { ja: "旅券取得日", en: "passport issue date" }, passport_expiry_date: { ja: "旅券有効期限", en: "passport expiry date" }, my_number: { ja: "個人番号（マイナンバー）", en: "My Number (individual number)" },
  corporate_number: { ja: "法人番号", en: "corporate number" }, card_number: { ja: "クレジットカード番号", en: "credit card number" },
  card_security_code: { ja: "セキュリティコード", en: "card security code" }, bank_account: { ja: "銀行口座番号", en: "bank account number" },
  drivers_licence: { ja: "運転免許証番号", en: "driving licence number" }, ip_address: { ja: "IPアドレス", en: "IP address" },
  login_credentials: { ja: "ログインID・パスワード", en: "login credentials" }, health: { ja: "健康・病歴に関する情報（要配慮個人情報）", en: "health data (special-care data)" },
  criminal_record: { ja: "犯罪の経歴（要配慮個人情報）", en: "criminal record (special-care data)" }, beliefs: { ja: "信条（要配慮個人情報）", en: "beliefs (special-care data)" },
  race: { ja: "人種（要配慮個人情報）", en: "race (special-care data)" }, biometric: { ja: "生体情報", en: "biometric data" }, other: { ja: "その他", en: "other" },
};
const itemLabel = (loc: DocLocale, item: string) => ITEM_LABELS[item]?.[loc] ?? item;

const CAUSE_LABELS: Record<string, L> = {
  unauthorised_access: { ja: "外部からの不正アクセス", en: "unauthorised access from outside" },
  malware: { ja: "マルウェア感染（標的型メール等）", en: "malware infection (e.g. a targeted e-mail)" },
  theft: { ja: "盗難", en: "theft" }, loss: { ja: "紛失", en: "loss" }, misdelivery: { ja: "誤送付・誤送信", en: "misdelivery" },
  misconfiguration: { ja: "設定の誤り", en: "a misconfiguration" }, skimming: { ja: "Webスキミング（入力フォームの改ざん）", en: "web skimming (a tampered input form)" },
  insider: { ja: "従業者等による不正な持出し", en: "an insider taking data" }, other: { ja: "その他", en: "other" },
};
export const AUTHORITY_LABELS: Record<string, L> = {
  ppc: { ja: "個人情報保護委員会", en: "Personal Information Protection Commission" },
  jta: { ja: "観光庁", en: "Japan Tourism Agency" },
  mlit: { ja: "国土交通省", en: "Ministry of Land, Infrastructure, Transport and Tourism" },
  "eu-sa": { ja: "EU域内の監督機関", en: "the competent supervisory authority (EU)" },
};
const authority = (loc: DocLocale, id: string) => AUTHORITY_LABELS[id]?.[loc] ?? id;

const CLOCK_LABELS: Record<string, L> = {
  occurred: { ja: "発生", en: "Occurred" }, detected: { ja: "検知", en: "Detected" }, leak_suspected: { ja: "漏えいのおそれを認識", en: "Leak suspected" },
  leak_confirmed: { ja: "漏えいを確認", en: "Leak confirmed" }, containment_decided: { ja: "封じ込めの判断", en: "Containment decided" },
  contained: { ja: "封じ込め完了", en: "Contained" }, regulator_first_contact: { ja: "監督官庁への初回連絡", en: "First contact with the regulator" },
  public_announcement: { ja: "公表", en: "Public announcement" }, individuals_notified_first: { ja: "本人通知（開始）", en: "Individuals notified (first)" },
  individuals_notified_last: { ja: "本人通知（完了）", en: "Individuals notified (last)" },
};
const CLOCK_ORDER = ["occurred", "detected", "leak_suspected", "leak_confirmed", "containment_decided", "contained", "regulator_first_contact", "public_announcement", "individuals_notified_first", "individuals_notified_last"];

const obligationOf = (ev: Evaluation | null, regime: string, kinds: readonly string[]): Obligation | undefined =>
  ev?.obligations.find((o) => o.ruleSet.id === regime && kinds.includes(o.kind) && o.required) ?? ev?.obligations.find((o) => o.ruleSet.id === regime && kinds.includes(o.kind));

// ----- the pieces every kind draws on -----

const clockLines = (s: DraftSource): string => {
  const lines = CLOCK_ORDER.filter((c) => s.clocks[c]).map((c) => `${t(s.locale, CLOCK_LABELS[c]!)}: ${formatDate(s.locale, s.clocks[c]!)}`);
  return lines.length >= 2 ? lines.join("\n") : lines.length === 1 ? `- ${lines[0]}` : "";
};

const timelineList = (s: DraftSource, limit = 15): string =>
  s.timeline.slice(0, limit).map((e) => `- ${formatDate(s.locale, e.at)} ${e.text.replace(/\s*\n\s*/g, " ")}`).join("\n");

const summaryText = (s: DraftSource, kind: "report" | "notice"): string => {
  const loc = s.locale;
  const f = s.facts;
  const company = loc === "ja" ? s.company.nameJa : s.company.nameEn;
  const cause = f.cause ? t(loc, CAUSE_LABELS[f.cause]!) : fill(loc, { ja: "原因", en: "the cause" });
  const known = f.knownAt ? formatDate(loc, f.knownAt) : fill(loc, { ja: "認識した日時", en: "when it became aware" });
  const lead = loc === "ja"
    ? `${kind === "report" ? company : "当社"}は、${known}、${cause}により、${kind === "report" ? "当社が取り扱う" : "お客様の"}個人データの漏えい等が発生し、又は発生したおそれがあることを認識しました。`
    : `On ${known}, ${kind === "report" ? company : "we"} became aware that personal data ${kind === "report" ? "it handles" : "of our customers"} was, or may have been, leaked as a result of ${cause}.`;
  const parts = [lead];
  if (s.incident.summary) parts.push(s.incident.summary);
  const clocks = clockLines(s);
  if (kind === "report" && clocks) parts.push(clocks);
  return parts.join("\n\n");
};

const itemsText = (s: DraftSource): string => {
  const items = s.facts.items ?? [];
  if (items.length === 0) return fill(s.locale, { ja: "漏えい等が発生し又は発生したおそれがある個人データの項目", en: "the items of personal data concerned" });
  const lines = items.map((i) => {
    const n = s.registry?.peoplePerItem[i];
    return `- ${itemLabel(s.locale, i)}${n !== undefined ? (s.locale === "ja" ? `（${people("ja", n)}）` : ` (${people("en", n)})`) : ""}`;
  });
  const special = items.filter((i) => ["health", "criminal_record", "beliefs", "race"].includes(i));
  const note = special.length > 0 ? (s.locale === "ja" ? "要配慮個人情報を含みます。" : "This includes special-care-required personal information.") : "";
  return [lines.join("\n"), note].filter(Boolean).join("\n\n");
};

const peopleText = (s: DraftSource): string => {
  const loc = s.locale;
  const f = s.facts;
  if (f.people === undefined) return fill(loc, { ja: "本人の数", en: "the number of people" });
  const rows = [`${loc === "ja" ? "本人の数" : "People affected"}: ${people(loc, f.people)}`];
  const residents = f.residents ?? {};
  const listed = Object.values(residents).reduce((a, b) => a + b, 0);
  for (const [k, v] of Object.entries(residents).sort()) rows.push(`${loc === "ja" ? `うち居住地 ${k}` : `of whom resident in ${k}`}: ${people(loc, v)}`);
  if (listed > 0 && !residents.JP && f.people > listed) rows.push(`${loc === "ja" ? "うち居住地 JP（上記以外）" : "of whom resident in JP (the rest)"}: ${people(loc, f.people - listed)}`);
  const source = s.registry
    ? (loc === "ja" ? `影響を受けた本人の台帳（データの調査結果の取込み）では ${people(loc, s.registry.people)} です。` : `The affected-person registry (the imported scan of the data) holds ${people(loc, s.registry.people)}.`)
    : (loc === "ja" ? "人数は調査中の概数です。確定次第、確報で報告します。" : "The number is an estimate while the investigation continues.");
  return [rows.length >= 2 ? rows.join("\n") : `- ${rows[0]}`, source].join("\n\n");
};

const causeText = (s: DraftSource): string => {
  const loc = s.locale;
  const f = s.facts;
  const parts: string[] = [];
  parts.push(f.cause ? (loc === "ja" ? `原因: ${t(loc, CAUSE_LABELS[f.cause]!)}` : `Cause: ${t(loc, CAUSE_LABELS[f.cause]!)}`) : fill(loc, { ja: "原因", en: "the cause" }));
  if (f.wrongful) parts.push(loc === "ja" ? "不正の目的をもって行われたおそれがあります（規則第7条第3号）。" : "A wrongful purpose is likely (Rules Art. 7(3)).");
  const prelim = obligationOf(s.evaluation, "jp-appi", ["preliminary_report"]);
  if (prelim?.required) parts.push(loc === "ja" ? `報告対象となる理由: ${prelim.reason.ja}` : `Why it is reportable: ${prelim.reason.en}`);
  parts.push(fill(loc, { ja: "侵入経路・発生の経緯（調査で判明した事実）", en: "how it happened (what the investigation found)" }));
  return parts.join("\n\n");
};

const secondaryText = (s: DraftSource): string => {
  const loc = s.locale;
  const items = new Set<string>(s.facts.items ?? []);
  const risks: string[] = [];
  if (items.has("card_number") || items.has("card_security_code")) risks.push(loc === "ja" ? "クレジットカードの不正利用のおそれ" : "fraudulent use of payment cards");
  if (items.has("login_credentials")) risks.push(loc === "ja" ? "アカウントへの不正ログインのおそれ" : "unauthorised log-ins to accounts");
  if (items.has("email") || items.has("phone")) risks.push(loc === "ja" ? "なりすましメール・フィッシング等のおそれ" : "phishing and impersonation e-mails or calls");
  if (items.has("passport_number") || items.has("my_number") || items.has("drivers_licence")) risks.push(loc === "ja" ? "本人確認書類の番号の悪用（なりすまし）のおそれ" : "misuse of identity document numbers (identity fraud)");
  if (["health", "criminal_record", "beliefs", "race"].some((i) => items.has(i))) risks.push(loc === "ja" ? "要配慮個人情報の公開による不当な差別・偏見のおそれ" : "discrimination if special-care data is disclosed");
  const head = loc === "ja" ? "現時点で二次被害の発生は確認されていません。" : "No secondary damage has been confirmed so far.";
  const list = risks.length > 0 ? (loc === "ja" ? "想定されるおそれ:\n\n" : "Possible secondary damage:\n\n") + risks.map((r) => `- ${r}`).join("\n") : "";
  return [head, list, fill(loc, { ja: "二次被害の有無の確認結果", en: "whether secondary damage has been found" })].filter(Boolean).join("\n\n");
};

const individualsText = (s: DraftSource): string => {
  const loc = s.locale;
  const first = s.clocks.individuals_notified_first, last = s.clocks.individuals_notified_last;
  if (last) return loc === "ja" ? `${formatDate(loc, first ?? last)}から本人への通知を開始し、${formatDate(loc, last)}に完了しました。` : `Notice to the individuals began on ${formatDate(loc, first ?? last)} and was completed on ${formatDate(loc, last)}.`;
  if (first) return loc === "ja" ? `${formatDate(loc, first)}から本人への通知を開始し、実施中です。` : `Notice to the individuals began on ${formatDate(loc, first)} and is under way.`;
  const substitute = s.facts.noticeDifficult;
  return loc === "ja"
    ? `${substitute ? "本人への通知が困難なため、代替措置（公表及び問合せ窓口の設置）を準備しています。" : "本人への通知を準備しています。"}\n\n${fill(loc, { ja: "通知の方法と予定日", en: "" })}`
    : `${substitute ? "Notice to each individual is difficult; a substitute measure (publication and an inquiry desk) is being prepared." : "Notice to the individuals is being prepared."}\n\n${fill(loc, { ja: "", en: "how and when the individuals will be notified" })}`;
};

const publicationText = (s: DraftSource): string => {
  const loc = s.locale;
  const at = s.clocks.public_announcement;
  if (at) return loc === "ja" ? `${formatDate(loc, at)}に当社ウェブサイトで公表しました。` : `Published on the company's website on ${formatDate(loc, at)}.`;
  return loc === "ja" ? `未公表です。\n\n${fill(loc, { ja: "公表の予定（日付・方法）又は公表しない理由", en: "" })}` : `Not yet published.\n\n${fill(loc, { ja: "", en: "when and how it will be published, or why not" })}`;
};

const preventionText = (s: DraftSource, final: boolean): string => {
  const loc = s.locale;
  const contained = s.clocks.contained;
  const parts: string[] = [];
  if (contained) parts.push(loc === "ja" ? `${formatDate(loc, contained)}に封じ込めを完了しました。` : `The incident was contained on ${formatDate(loc, contained)}.`);
  parts.push(final
    ? fill(loc, { ja: "実施した再発防止策と実施予定の措置（時期を含む）", en: "the measures taken and planned to prevent recurrence, with dates" })
    : (loc === "ja" ? "調査の結果を踏まえて検討し、確報で報告します。" : "To be decided on the investigation's findings and reported in the final report."));
  return parts.join("\n\n");
};

const otherText = (s: DraftSource, final: boolean): string => {
  const loc = s.locale;
  const parts: string[] = [];
  const fin = obligationOf(s.evaluation, "jp-appi", ["final_report"]);
  if (!final && fin?.dueAt) parts.push(loc === "ja" ? `本報告は速報です。確報は ${formatDate(loc, fin.dueAt)} までに提出します（${fin.basis.map((b) => cite(b, "ja")).join("、")}）。` : `This is the preliminary report. The final report will be filed by ${formatDate(loc, fin.dueAt)} (${fin.basis.map((b) => cite(b, "en")).join("; ")}).`);
  const foreign = Object.keys(s.facts.residents ?? {}).filter((k) => k !== "JP");
  if (foreign.length > 0) parts.push(loc === "ja" ? `日本国外の居住者（${foreign.join("、")}）が含まれるため、各国・地域の規制当局への対応を別途行います。` : `Residents outside Japan (${foreign.join(", ")}) are affected; the authorities of those jurisdictions are dealt with separately.`);
  if (s.incident.ref) parts.push(loc === "ja" ? `社内管理番号: ${s.incident.ref}` : `Internal reference: ${s.incident.ref}`);
  parts.push(fill(loc, { ja: "警察への届出、外部の調査機関、問合せ窓口など", en: "police report, outside investigators, inquiry desk, etc." }));
  return parts.join("\n\n");
};

const desk = (loc: DocLocale) => fill(loc, { ja: "お問合せ窓口（名称・電話番号・受付時間・メールアドレス）", en: "the inquiry desk (name, phone number, hours, e-mail)" });

// ----- the kinds -----

const PPC_ITEMS: { id: string; heading: L }[] = [
  { id: "summary", heading: { ja: "1. 概要", en: "1. Summary" } },
  { id: "items", heading: { ja: "2. 漏えい等が発生し、又は発生したおそれがある個人データの項目", en: "2. Items of the personal data leaked or possibly leaked" } },
  { id: "people", heading: { ja: "3. 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数", en: "3. Number of individuals whose personal data was leaked or possibly leaked" } },
  { id: "cause", heading: { ja: "4. 原因", en: "4. Cause" } },
  { id: "secondary", heading: { ja: "5. 二次被害又はそのおそれの有無及びその内容", en: "5. Whether there is or may be secondary damage, and what it is" } },
  { id: "individuals", heading: { ja: "6. 本人への対応の実施状況", en: "6. Status of the response to the individuals" } },
  { id: "publication", heading: { ja: "7. 公表の実施状況", en: "7. Status of publication" } },
  { id: "prevention", heading: { ja: "8. 再発防止のための措置", en: "8. Measures to prevent recurrence" } },
  { id: "other", heading: { ja: "9. その他参考となる事項", en: "9. Other matters for reference" } },
];
/** The nine items of Rules Art. 8(1), in order: the ids of a PPC report's sections. */
export const PPC_ITEM_IDS = PPC_ITEMS.map((i) => i.id);

const ppcReport = (s: DraftSource, final: boolean): DraftContent => {
  const text: Record<string, string> = {
    summary: summaryText(s, "report"), items: itemsText(s), people: peopleText(s), cause: causeText(s), secondary: secondaryText(s),
    individuals: individualsText(s), publication: publicationText(s), prevention: preventionText(s, final), other: otherText(s, final),
  };
  return {
    title: t(s.locale, final ? { ja: "個人データの漏えい等の報告（確報）", en: "Report of a personal data breach (final report)" } : { ja: "個人データの漏えい等の報告（速報）", en: "Report of a personal data breach (preliminary report)" }),
    sections: PPC_ITEMS.map((i) => ({ id: i.id, heading: t(s.locale, i.heading), text: text[i.id]! })),
  };
};

/** A section per item of the order; what sokuho knows goes under the item it answers. */
const orderReport = (s: DraftSource): DraftContent => {
  const loc = s.locale;
  const items = s.order?.items.length ? s.order.items : [fill(loc, { ja: "命令の報告事項", en: "the items the order asks for" })];
  const answer = (item: string): string => {
    if (/事実関係|facts/i.test(item)) return [summaryText(s, "report"), itemsText(s), peopleText(s), timelineList(s)].filter(Boolean).join("\n\n");
    if (/(発覚前|発生前).*安全管理|before/i.test(item)) return fill(loc, { ja: "発覚前に講じていた安全管理措置（組織的・人的・物理的・技術的）", en: "the security measures in place before the incident" });
    if (/発覚(後|以降)|対応|response/i.test(item)) return [clockLines(s), timelineList(s), individualsText(s), publicationText(s), fill(loc, { ja: "対応の問題点の整理", en: "what went wrong in the response" })].filter(Boolean).join("\n\n");
    if (/現在|current/i.test(item)) return [s.clocks.contained ? (loc === "ja" ? `${formatDate(loc, s.clocks.contained)}に封じ込めを完了しました。` : `Contained on ${formatDate(loc, s.clocks.contained)}.`) : "", fill(loc, { ja: "現在の安全管理の状況", en: "the current state of security" })].filter(Boolean).join("\n\n");
    if (/再発防止|recurrence|prevent/i.test(item)) return preventionText(s, true);
    return fill(loc, { ja: item, en: item });
  };
  const head = s.order
    ? (loc === "ja"
      ? `${formatDate(loc, s.order.issuedAt, false)}付けで${authority(loc, s.order.authority)}より求められた報告（提出期限 ${formatDate(loc, s.order.dueAt)}）について、次のとおり報告します。`
      : `In answer to the order of ${authority(loc, s.order.authority)} dated ${formatDate(loc, s.order.issuedAt, false)} (due ${formatDate(loc, s.order.dueAt)}), we report as follows.`)
    : fill(loc, { ja: "命令の発出日・発出機関・提出期限", en: "the order's date, authority and due date" });
  return {
    title: loc === "ja" ? "報告書（報告徴収への回答）" : "Report in answer to the regulator's order",
    sections: [
      { id: "preamble", heading: loc === "ja" ? "前文" : "Preamble", text: head },
      ...items.map((item, i) => ({ id: `item-${i + 1}`, heading: `${i + 1}. ${item}`, text: answer(item) })),
    ],
  };
};

const individualNotice = (s: DraftSource): DraftContent => {
  const loc = s.locale;
  const company = loc === "ja" ? s.company.nameJa : s.company.nameEn;
  return {
    title: loc === "ja" ? "個人情報の漏えい等に関するお知らせとお詫び" : "Notice of a personal data breach",
    sections: [
      { id: "greeting", heading: loc === "ja" ? "はじめに" : "Introduction", text: loc === "ja" ? `このたび、${company}がお預かりしているお客様の個人情報が漏えいした、又は漏えいしたおそれがあることが判明しました。お客様には多大なご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。` : `${company} has found that personal data it holds about you was, or may have been, leaked. We sincerely apologise for the concern and inconvenience this causes.` },
      { id: "summary", heading: loc === "ja" ? "1. 概要" : "1. What happened", text: summaryText(s, "notice") },
      { id: "items", heading: loc === "ja" ? "2. 漏えい等が発生し、又は発生したおそれがある個人情報の項目" : "2. What information is concerned", text: itemsText({ ...s, registry: null }) },
      { id: "cause", heading: loc === "ja" ? "3. 原因" : "3. Cause", text: s.facts.cause ? t(loc, CAUSE_LABELS[s.facts.cause]!) : fill(loc, { ja: "原因", en: "the cause" }) },
      { id: "secondary", heading: loc === "ja" ? "4. 二次被害又はそのおそれの有無及びその内容" : "4. Possible secondary damage", text: secondaryText(s) + "\n\n" + (loc === "ja" ? "当社を装った不審なメールや電話にご注意ください。当社からパスワードやカード番号をお尋ねすることはありません。" : "Please beware of suspicious e-mails or calls pretending to come from us. We will never ask for your password or card number.") },
      { id: "other", heading: loc === "ja" ? "5. その他参考となる事項（お問合せ窓口）" : "5. Other information (inquiry desk)", text: desk(loc) },
    ],
  };
};

const publicAnnouncement = (s: DraftSource): DraftContent => {
  const loc = s.locale;
  const notice = individualNotice(s);
  const f = s.facts;
  return {
    title: loc === "ja" ? "個人情報の漏えい等に関するお知らせ" : "Announcement of a personal data breach",
    sections: [
      { id: "summary", heading: loc === "ja" ? "1. 概要" : "1. What happened", text: summaryText(s, "report") },
      { id: "items", heading: loc === "ja" ? "2. 対象となる個人情報の項目" : "2. What information is concerned", text: itemsText({ ...s, registry: null }) },
      { id: "people", heading: loc === "ja" ? "3. 対象となるお客様の数" : "3. How many people are concerned", text: f.people !== undefined ? (loc === "ja" ? `${people(loc, f.people)}（調査により変わる可能性があります）` : `${people(loc, f.people)} (the number may change as the investigation continues)`) : fill(loc, { ja: "本人の数", en: "the number of people" }) },
      { id: "cause", heading: loc === "ja" ? "4. 原因" : "4. Cause", text: notice.sections.find((x) => x.id === "cause")!.text },
      { id: "secondary", heading: loc === "ja" ? "5. 二次被害又はそのおそれ" : "5. Possible secondary damage", text: notice.sections.find((x) => x.id === "secondary")!.text },
      { id: "response", heading: loc === "ja" ? "6. 当社の対応" : "6. What we are doing", text: [individualsText(s), loc === "ja" ? "個人情報保護委員会へ報告しています。" : "We have reported to the Personal Information Protection Commission.", preventionText(s, false)].join("\n\n") },
      { id: "desk", heading: loc === "ja" ? "7. お問合せ窓口" : "7. Inquiry desk", text: desk(loc) },
    ],
  };
};

const gdprArt33 = (s: DraftSource): DraftContent => {
  const loc = s.locale;
  const f = s.facts;
  const eu = f.residents?.EU;
  const ob = obligationOf(s.evaluation, "eu-gdpr", ["authority_notification"]);
  const known = f.knownAt ? formatDate(loc, f.knownAt, true, "UTC") : fill(loc, { ja: "認識した日時", en: "when the controller became aware" });
  const due = ob?.dueAt ? formatDate(loc, ob.dueAt, true, "UTC") : null;
  const late = ob?.dueAt ? s.now.getTime() > new Date(ob.dueAt).getTime() : false;
  return {
    title: loc === "ja" ? "個人データ侵害の通知（GDPR第33条）" : "Notification of a personal data breach (GDPR Art. 33)",
    sections: [
      { id: "controller", heading: loc === "ja" ? "管理者" : "Controller", text: `${loc === "ja" ? "管理者" : "Controller"}: ${loc === "ja" ? s.company.nameJa : s.company.nameEn}\n${loc === "ja" ? "認識した日時" : "Became aware"}: ${known}${due ? `\n${loc === "ja" ? "通知期限（72時間）" : "Due (72 hours)"}: ${due}` : ""}` },
      { id: "nature", heading: loc === "ja" ? "(a) 侵害の性質（データ主体及び記録の類型と概数）" : "(a) Nature of the breach, categories and approximate numbers of data subjects and records", text: [summaryText(s, "report"), itemsText({ ...s, registry: null }), eu !== undefined ? (loc === "ja" ? `EU/EEA 居住のデータ主体: 約 ${people(loc, eu)}（全体 ${people(loc, f.people ?? eu)}）` : `Data subjects resident in the EU/EEA: approximately ${people(loc, eu)} (of ${people(loc, f.people ?? eu)} overall)`) : fill(loc, { ja: "EU居住のデータ主体の数", en: "the number of EU data subjects" }), fill(loc, { ja: "記録の概数", en: "the approximate number of records" })].join("\n\n") },
      { id: "dpo", heading: loc === "ja" ? "(b) データ保護責任者又は連絡先" : "(b) Data protection officer or other contact point", text: fill(loc, { ja: "DPO 又は連絡窓口の氏名・連絡先", en: "name and contact details of the DPO or contact point" }) },
      { id: "consequences", heading: loc === "ja" ? "(c) 侵害により生じ得る結果" : "(c) Likely consequences of the breach", text: secondaryText(s) },
      { id: "measures", heading: loc === "ja" ? "(d) 講じた又は講じる予定の措置（悪影響の軽減措置を含む）" : "(d) Measures taken or proposed, including to mitigate adverse effects", text: [clockLines(s), preventionText(s, false)].filter(Boolean).join("\n\n") },
      { id: "timing", heading: loc === "ja" ? "通知の時期（第33条第1項・第4項）" : "Timing (Art. 33(1) and (4))", text: [late ? fill(loc, { ja: "72時間を超えた理由（第33条第1項）", en: "the reasons for the delay beyond 72 hours (Art. 33(1))" }) : (loc === "ja" ? "72時間以内の通知です。" : "This notification is made within 72 hours."), loc === "ja" ? "判明していない情報は、第33条第4項に従い段階的に提供します。" : "Information not yet available will be provided in phases (Art. 33(4))."].join("\n\n") },
    ],
  };
};

/** The first draft of a document of this kind, in this language, from what sokuho knows now. */
export const draftDocument = (kind: DocumentKind, s: DraftSource): DraftContent => {
  switch (kind) {
    case "ppc_preliminary": return ppcReport(s, false);
    case "ppc_final": return ppcReport(s, true);
    case "order_report": return orderReport(s);
    case "individual_notice": return individualNotice(s);
    case "public_announcement": return publicAnnouncement(s);
    case "gdpr_art33": return gdprArt33(s);
  }
};

/** The addressee of each kind (the order's authority for an order report). */
const addressee = (kind: DocumentKind, loc: DocLocale, orderAuthority: string | null): string => {
  switch (kind) {
    case "ppc_preliminary": case "ppc_final": return `${authority(loc, "ppc")}${loc === "ja" ? " 御中" : ""}`;
    case "order_report": return orderAuthority ? `${authority(loc, orderAuthority)}${loc === "ja" ? " 御中" : ""}` : fill(loc, { ja: "宛先", en: "addressee" });
    case "individual_notice": return loc === "ja" ? "お客様各位" : "To our customers";
    case "public_announcement": return loc === "ja" ? "各位" : "To all concerned";
    case "gdpr_art33": return authority(loc, "eu-sa");
  }
};

export type DocumentMeta = {
  kind: DocumentKind;
  locale: DocLocale;
  company: { nameJa: string; nameEn: string };
  incidentRef: string | null;
  version: number;
  savedAt: string;
  orderAuthority: string | null;
  signOff: { by: string | null; at: string } | null;
};

/** A saved version as the platform's document model (for HTML, PDF and JSON). */
export const toDocument = (content: DraftContent, meta: DocumentMeta): Document => {
  const loc = meta.locale;
  const status = meta.signOff
    ? (loc === "ja" ? `CISO承認済み（${meta.signOff.by ?? "—"}、${formatDate(loc, meta.signOff.at)}）` : `Signed off by the CISO (${meta.signOff.by ?? "—"}, ${formatDate(loc, meta.signOff.at)})`)
    : (loc === "ja" ? "下書き（CISO未承認）" : "Draft (not signed off by the CISO)");
  return {
    title: content.title,
    locale: loc,
    metadata: [
      { key: loc === "ja" ? "宛先" : "To", value: addressee(meta.kind, loc, meta.orderAuthority) },
      { key: loc === "ja" ? (meta.kind === "individual_notice" || meta.kind === "public_announcement" ? "発信者" : "報告者") : "From", value: loc === "ja" ? meta.company.nameJa : meta.company.nameEn },
      { key: loc === "ja" ? "作成日" : "Date", value: formatDate(loc, meta.savedAt, false) },
      ...(meta.incidentRef && meta.kind !== "individual_notice" && meta.kind !== "public_announcement" ? [{ key: loc === "ja" ? "管理番号" : "Reference", value: meta.incidentRef }] : []),
      { key: loc === "ja" ? "版" : "Version", value: `${meta.version}` },
      { key: loc === "ja" ? "状態" : "Status", value: status },
    ],
    sections: content.sections.map((s) => ({ id: s.id, heading: s.heading, blocks: textToBlocks(s.text) })),
    footer: `${content.title} — ${loc === "ja" ? `第${meta.version}版` : `version ${meta.version}`} — ${status}`,
  };
};

// ----- versions: a text diff per section -----

export type DiffPart = { op: "same" | "added" | "removed"; text: string };
export type SectionDiff = {
  id: string;
  heading: string;
  /** added / removed: the section exists in one version only; changed: its heading or text differs. */
  change: "same" | "added" | "removed" | "changed";
  headingParts: DiffPart[];
  parts: DiffPart[];
};
export type ContentDiff = { title: DiffPart[]; sections: SectionDiff[]; changedSections: number };

/** Japanese has no spaces between words: its words come from the ICU word segmenter; English by words with their spaces. */
const JA_WORDS = new Intl.Segmenter("ja", { granularity: "word" });
const diffText = (a: string, b: string, loc: DocLocale): DiffPart[] =>
  (loc === "ja" ? diffWords(a, b, { intlSegmenter: JA_WORDS }) : diffWordsWithSpace(a, b)).map((c) => ({ op: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }));

/** What changed from version `a` to version `b`: the title, and each section by id (in b's order, removed ones after). */
export const diffContents = (a: DraftContent, b: DraftContent, loc: DocLocale): ContentDiff => {
  const before = new Map(a.sections.map((s) => [s.id, s]));
  const after = new Set(b.sections.map((s) => s.id));
  const sections: SectionDiff[] = b.sections.map((s) => {
    const old = before.get(s.id);
    if (!old) return { id: s.id, heading: s.heading, change: "added", headingParts: [{ op: "added", text: s.heading }], parts: s.text ? [{ op: "added", text: s.text }] : [] };
    const same = old.heading === s.heading && old.text === s.text;
    return {
      id: s.id, heading: s.heading, change: same ? "same" : "changed",
      headingParts: diffText(old.heading, s.heading, loc), parts: same ? [{ op: "same", text: s.text }] : diffText(old.text, s.text, loc),
    };
  });
  for (const old of a.sections) {
    if (!after.has(old.id)) sections.push({ id: old.id, heading: old.heading, change: "removed", headingParts: [{ op: "removed", text: old.heading }], parts: old.text ? [{ op: "removed", text: old.text }] : [] });
  }
  return { title: diffText(a.title, b.title, loc), sections, changedSections: sections.filter((s) => s.change !== "same").length };
};
