/**
 * What each column type means: header keywords (Japanese and English), the value check, whether values alone can
 * classify a column (most cannot: a 12-digit number is not a My Number without a keyword), and masking.
 */
import type { ColumnType, PiiType } from "../types.js";
import { nfkc } from "../normalize.js";
import * as v from "./values.js";

export type Check = (raw: string) => string | number | null;

export interface TypeSpec {
  type: ColumnType;
  /** header contains one of these (after header normalisation) */
  contains: string[];
  /** header equals one of these */
  exact?: string[];
  check: Check;
  /** share of sampled values needed to classify with no header keyword; undefined = never by values alone */
  valuesAlone?: number;
  /** share needed when the header matched */
  withHeader: number;
}

const NAME_WORDS = ["氏名", "名前", "姓名", "なまえ", "お名前", "顧客名", "会員名", "予約者", "宿泊者", "代表者名", "申込者", "名義", "holder", "name", "fullname", "surname", "lastname", "firstname", "givenname", "familyname", "customer"];
export const SPECS: TypeSpec[] = [
  { type: "name_kana", contains: ["カナ", "かな", "フリガナ", "ふりがな", "セイ", "メイ", "kana", "furigana", "yomi", "読み", "よみ"], check: v.nameKana, withHeader: 0.5 },
  { type: "name_romaji", contains: ["ローマ字", "romaji", "roman", "英字", "英語", "alphabet", "nameen", "passportname", "latin"], check: v.nameRomaji, withHeader: 0.5 },
  { type: "name_kanji", contains: NAME_WORDS, exact: ["姓", "名", "氏", "せい", "めい"], check: v.nameKanji, withHeader: 0.5 },
  { type: "sex", contains: ["性別", "gender", "sex"], exact: ["性"], check: v.sex, withHeader: 0.8 },
  { type: "birth_date", contains: ["生年月日", "誕生日", "生年", "birth", "dob", "bday"], check: (s) => v.date(s), withHeader: 0.5 },
  { type: "passport_issue_date", contains: ["旅券取得日", "旅券発行日", "パスポート取得日", "パスポート発行日", "旅券交付日", "発行年月日", "取得日", "交付日", "発行日", "issuedate", "dateofissue", "passportissue", "issued"], check: (s) => v.date(s), withHeader: 0.5 },
  { type: "email", contains: ["メールアドレス", "メール", "mail", "メアド", "mailaddress", "emailaddress"], check: v.email, valuesAlone: 0.8, withHeader: 0.5 },
  { type: "phone", contains: ["電話", "携帯", "tel", "phone", "mobile", "fax", "連絡先番号"], check: v.phone, valuesAlone: 0.9, withHeader: 0.5 },
  { type: "postal_code", contains: ["郵便", "〒", "zip", "postal", "postcode"], check: v.postalCode, withHeader: 0.5 },
  { type: "address", contains: ["住所", "所在地", "address", "addr", "番地", "居住地"], check: v.address, valuesAlone: 0.8, withHeader: 0.5 },
  { type: "passport_number", contains: ["旅券番号", "パスポート番号", "旅券", "パスポート", "passport"], check: v.passportNumber, valuesAlone: 0.95, withHeader: 0.5 },
  { type: "my_number", contains: ["マイナンバー", "個人番号", "mynumber", "individualnumber"], check: v.myNumber, withHeader: 0.5 },
  { type: "corporate_number", contains: ["法人番号", "corporatenumber", "houjin"], check: v.corporateNumber, withHeader: 0.5 },
  { type: "card_number", contains: ["カード番号", "クレジット", "クレカ", "cardno", "cardnumber", "creditcard", "card"], exact: ["pan"], check: v.cardNumber, valuesAlone: 0.95, withHeader: 0.5 },
  { type: "bank_account", contains: ["口座番号", "口座", "bankaccount", "accountnumber", "accountno", "預金"], check: v.bankAccount, withHeader: 0.6 },
  { type: "drivers_licence", contains: ["免許証", "免許", "license", "licence"], check: v.driversLicence, withHeader: 0.6 },
  { type: "ip_address", contains: ["ipアドレス", "ipaddress", "ipaddr", "clientip", "remoteaddr", "remoteip", "sourceip"], exact: ["ip"], check: v.ipAddress, valuesAlone: 0.95, withHeader: 0.5 },
  { type: "source", contains: ["サイト", "site", "source", "channel", "経路", "媒体", "ブランド", "brand", "販売"], check: (s) => s, withHeader: 0 },
  { type: "date", contains: ["日付", "日時", "年月日", "date", "time", "日"], check: (s) => v.date(s), valuesAlone: 0.9, withHeader: 0.5 },
];

/** Headers that contain a name word but are not a person's name. */
const NOT_PERSON = ["ファイル", "ホテル", "施設", "会社", "法人", "商品", "プラン", "ツアー", "サイト", "店", "旅館", "宿名", "団体", "部署", "user", "file", "hotel", "site", "company", "product", "plan", "tour", "host", "domain", "server", "table", "column", "brand", "shop", "store", "メール", "mail", "id"];

export const SPEC_BY_TYPE = new Map<ColumnType, TypeSpec>(SPECS.map((s) => [s.type, s]));
export const CHECKS: Record<PiiType, Check> = Object.fromEntries(
  SPECS.filter((s) => s.type !== "source" && s.type !== "date").map((s) => [s.type, s.check]),
) as Record<PiiType, Check>;

/** Header in comparable form: NFKC, lower case, without spaces, underscores, hyphens and dots. */
export function normalizeHeader(h: string): string {
  return nfkc(h).toLowerCase().replace(/[\s_\-.・:：()（）［］[\]【】「」]/g, "");
}

/** The header's best type and the length of the keyword that matched (longer = more specific). */
export function headerType(header: string): { type: ColumnType; strength: number } | null {
  const h = normalizeHeader(header);
  if (h.length === 0) return null;
  let best: { type: ColumnType; strength: number } | null = null;
  for (const spec of SPECS) {
    let strength = 0;
    if (spec.exact?.includes(h)) strength = 100;
    for (const k of spec.contains) if (k.length > strength && h.includes(k)) strength = k.length;
    if (strength === 0) continue;
    if (spec.type === "name_kanji" && NOT_PERSON.some((w) => h.includes(w)) && strength < 100) continue;
    if (best === null || strength > best.strength) best = { type: spec.type, strength };
  }
  return best;
}

export const NAME_TYPES: readonly PiiType[] = ["name_kanji", "name_kana", "name_romaji"];
