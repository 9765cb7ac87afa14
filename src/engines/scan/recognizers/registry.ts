/**
 * What each column type means: header keywords (Japanese and English), the value check, whether values alone can
 * classify a column (most cannot: a 12-digit number is not a My Number without a keyword), and masking.
 */
import type { ColumnType, PiiType } from "../types.js";
import { nfkc } from "../normalize.js";
import { excelSerialDate, parseDate, type DateOrder } from "../era.js";
import * as v from "./values.js";

export type Check = (raw: string) => string | number | null;

export interface TypeSpec {
  type: ColumnType;
  /** header contains one of these (after header normalisation) */
  contains: string[];
  /** header equals one of these */
  exact?: string[];
  check: Check;
  /**
   * With a header keyword the values may be of this wider shape (a foreign guest's passport number or address): the
   * header's share and the tally's check. Values alone still need `check`.
   */
  headerCheck?: Check;
  /** share of sampled values needed to classify with no header keyword; undefined = never by values alone */
  valuesAlone?: number;
  /** share needed when the header matched */
  withHeader: number;
}

const NAME_WORDS = ["氏名", "名前", "姓名", "なまえ", "お名前", "顧客名", "会員名", "者名", "予約者", "宿泊者", "代表者", "担当者", "契約者", "申込者", "利用者", "旅行者", "搭乗者", "同行者", "同伴者", "companion", "名義", "宛名", "受取人", "差出人", "客様名", "本人", "holder", "name", "fullname", "surname", "lastname", "firstname", "givenname", "familyname", "customer", "guest", "traveller", "traveler", "passenger", "성명", "이름", "名字", "фио", "фамилия", "имя"];
export const SPECS: TypeSpec[] = [
  { type: "name_kana", contains: ["カナ", "かな", "フリガナ", "ふりがな", "セイ", "メイ", "kana", "furigana", "yomi", "読み", "よみ"], check: v.nameKana, withHeader: 0.5 },
  { type: "name_romaji", contains: ["ローマ字", "romaji", "roman", "英字", "英語", "alphabet", "nameen", "passportname", "latin", "拼音"], check: v.nameRomaji, withHeader: 0.5 },
  { type: "name_kanji", contains: NAME_WORDS, exact: ["姓", "名", "氏", "せい", "めい", "성"], check: v.nameKanji, headerCheck: v.nameKanjiAny, withHeader: 0.5 },
  { type: "sex", contains: ["性別", "性别", "성별", "gender", "sex"], exact: ["性", "пол"], check: v.sex, withHeader: 0.8 },
  { type: "birth_date", contains: ["生年月日", "誕生日", "生年", "birth", "dob", "bday", "생년월일", "생일", "出生", "рожд"], check: (s) => v.date(s), withHeader: 0.5 },
  { type: "passport_issue_date", contains: ["旅券取得日", "旅券発行日", "パスポート取得日", "パスポート発行日", "旅券交付日", "発行年月日", "取得日", "交付日", "発行日", "issuedate", "dateofissue", "passportissue", "issued"], check: (s) => v.date(s), withHeader: 0.5 },
  // a passport's expiry (旅券有効期限): where a file has it, it decides whether the passport is still valid
  { type: "passport_expiry_date", contains: ["旅券有効期限", "パスポート有効期限", "有効期限", "有効期間満了", "満了日", "失効日", "passportexpiry", "passportexpiration", "expiry", "expiration", "expires", "dateofexpiry", "validuntil", "validthru"], check: (s) => v.date(s), withHeader: 0.5 },
  { type: "email", contains: ["メールアドレス", "メール", "mail", "メアド", "mailaddress", "emailaddress", "이메일", "메일", "邮箱", "邮件", "郵件", "信箱", "почта"], check: v.email, valuesAlone: 0.8, withHeader: 0.5 },
  { type: "phone", contains: ["電話", "携帯", "tel", "phone", "mobile", "fax", "連絡先番号", "전화", "휴대폰", "연락처", "电话", "手机", "手機", "телефон"], check: v.phone, headerCheck: v.phoneAny, valuesAlone: 0.9, withHeader: 0.5 },
  { type: "postal_code", contains: ["郵便", "〒", "zip", "postal", "postcode"], check: v.postalCode, headerCheck: v.postalCodeAny, withHeader: 0.5 },
  { type: "address", contains: ["住所", "所在地", "address", "addr", "番地", "居住地", "주소", "地址", "адрес"], check: v.address, headerCheck: v.addressAny, valuesAlone: 0.8, withHeader: 0.5 },
  { type: "passport_number", contains: ["旅券番号", "パスポート番号", "旅券", "パスポート", "passport", "여권", "护照", "護照", "паспорт"], check: v.passportNumberJp, headerCheck: v.passportNumber, valuesAlone: 0.95, withHeader: 0.5 },
  { type: "my_number", contains: ["マイナンバー", "個人番号", "mynumber", "individualnumber"], check: v.myNumber, withHeader: 0.5 },
  // the qualified-invoice registration number (適格請求書発行事業者登録番号) is T + the corporate number
  { type: "corporate_number", contains: ["法人番号", "corporatenumber", "houjin", "登録番号", "適格請求書", "インボイス", "invoiceno", "invoicenumber", "registrationnumber", "registrationno"], check: v.corporateNumber, withHeader: 0.5 },
  { type: "card_number", contains: ["カード番号", "クレジット", "クレカ", "cardno", "cardnumber", "creditcard", "card"], exact: ["pan"], check: v.cardNumber, valuesAlone: 0.95, withHeader: 0.5 },
  { type: "bank_account", contains: ["口座番号", "口座", "bankaccount", "accountnumber", "accountno", "預金"], check: v.bankAccount, withHeader: 0.6 },
  { type: "drivers_licence", contains: ["免許証", "免許", "license", "licence"], check: v.driversLicence, withHeader: 0.6 },
  { type: "ip_address", contains: ["ipアドレス", "ipaddress", "ipaddr", "clientip", "remoteaddr", "remoteip", "sourceip"], exact: ["ip"], check: v.ipAddress, valuesAlone: 0.95, withHeader: 0.5 },
  { type: "source", contains: ["サイト", "site", "source", "channel", "経路", "媒体", "ブランド", "brand", "販売"], check: (s) => s, withHeader: 0 },
  { type: "date", contains: ["日付", "日時", "年月日", "date", "time", "日"], check: (s) => v.date(s), valuesAlone: 0.9, withHeader: 0.5 },
];

/**
 * Headers that name a thing, not a person (商品ｶﾅ, ホテル名, 会社名, プランカナ): they rule out the person-only types
 * (names, sex, birth date, passport, My Number) whatever the values look like. Japanese words match anywhere,
 * ASCII words as whole words of the header (so "profile" is not "file").
 */
const THING_WORDS_JA = ["ファイル", "ホテル", "施設", "会社", "法人名", "事業者名", "取引先", "商品", "品名", "品番", "型番", "製品", "品目", "プラン", "ツアー", "コース", "サイト", "店", "旅館", "宿名", "団体", "部署", "部門", "都道府県", "市区町村", "メール", "備考", "メモ", "意見", "感想", "要望", "コメント", "内容"];
const THING_WORDS_EN = ["user", "file", "hotel", "site", "company", "product", "item", "sku", "plan", "tour", "host", "domain", "server", "brand", "shop", "store", "branch", "dept", "department", "mail", "memo", "note", "notes", "comment", "comments", "remarks", "message", "description"];
/** Headers that name an identifier (注文番号, order_id): number-shaped values under them are ids, whatever they pass. */
const ID_WORDS_JA = ["注文番号", "予約番号", "伝票番号", "会員番号", "社員番号", "従業員番号", "顧客番号", "管理番号", "受付番号", "問合せ番号", "問い合わせ番号", "取引番号", "請求番号", "明細番号", "商品番号", "品番", "型番", "コード", "連番"];
const ID_WORDS_EN = ["id", "no", "code", "sku", "order", "booking", "reservation", "ref", "reference", "transaction", "serial", "seq"];

/** The words of a header: split at spaces, punctuation and camelCase, lower case. */
function headerWords(header: string): string[] {
  return nfkc(header)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_\-.・:：()（）［］[\]【】「」/#]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])|(?<=[\u0080-\uffff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u0080-\uffff])/)
    .filter((w) => w.length > 0);
}
const hasWord = (header: string, ja: readonly string[], en: readonly string[]): boolean => {
  const h = normalizeHeader(header);
  if (ja.some((w) => h.includes(w))) return true;
  const words = headerWords(header);
  return words.some((w) => en.includes(w));
};
/** A person's role (来店者名, ホテル担当者名, 会社代表者): the thing word names whose person, not the column. */
const PERSON_ROLE = /者|客様|受取人|差出人|宛名/;
const NOT_A_ROLE = /事業者|業者/;
export const namesAThing = (header: string): boolean => {
  if (!hasWord(header, THING_WORDS_JA, THING_WORDS_EN)) return false;
  const h = normalizeHeader(header);
  return !(PERSON_ROLE.test(h) && !NOT_A_ROLE.test(h));
};
export const namesAnId = (header: string): boolean => hasWord(header, ID_WORDS_JA, ID_WORDS_EN);
/** Headers that name a payment card (カード有効期限, card_expiry): its expiry is no passport's. */
export const namesACard = (header: string): boolean => hasWord(header, ["カード", "クレジット", "クレカ"], ["card", "cc", "credit"]);
/** Headers that name a card's security code (CVV, CVC, セキュリティコード), which no one may keep after the payment. */
/**
 * Headers that name a number others share or another person's (勤務先電話番号, 会社TEL, 緊急連絡先電話番号, FAX, 代表番号,
 * 保護者連絡先): a company's switchboard, a contact's or a family's line. Such a number with a birth date is no one's
 * key: two colleagues born the same day would be one person (a CRM export of 2,000 customers of five companies
 * counted 1,915 people before).
 */
export const namesASharedLine = (header: string): boolean =>
  hasWord(header, ["勤務先", "会社", "職場", "勤め先", "事務所", "緊急", "代表", "保護者", "家族", "ファックス", "fax", "内線", "法人"], ["work", "office", "company", "business", "corporate", "emergency", "fax", "guardian", "parent", "family", "switchboard", "ext"]);
/**
 * Headers that name login credentials (password, パスワード, 暗証番号, passwd, pwd) — not a date, a count or a hint about
 * them (password_changed_at, パスワード変更日, password_hint): what credentials.ts then reads from the values.
 */
export const namesACredential = (header: string): boolean =>
  hasWord(header, ["パスワード", "暗証番号", "パスコード"], ["password", "passwd", "passcode", "pwd", "pw", "pass", "pin", "passwordhash", "hashedpassword", "cryptedpassword", "encryptedpassword"]) &&
  !hasWord(header, ["日", "時刻", "期限", "変更", "ヒント", "回数", "質問", "再設定", "有無"], ["date", "at", "time", "changed", "updated", "expires", "expiry", "reminder", "reset", "hint", "flag", "count", "length", "policy", "question", "token", "id"]);
export const namesACardCode = (header: string): boolean => hasWord(header, ["セキュリティコード", "セキュリティーコード", "securitycode" /* anywhere, as the Japanese words: security_code */], ["cvv", "cvc", "cvv2", "cvc2", "csc"]);

export const SPEC_BY_TYPE = new Map<ColumnType, TypeSpec>(SPECS.map((s) => [s.type, s]));
/** The check of each type's values in a column of that type (the tally's; a header's wider shape included). */
export const CHECKS: Record<PiiType, Check> = Object.fromEntries(
  SPECS.filter((s) => s.type !== "source" && s.type !== "date").map((s) => [s.type, s.headerCheck ?? s.check]),
) as Record<PiiType, Check>;

/** The types whose values are dates (the order of a column's day/month/year dates applies to them). */
export const DATE_TYPES: ReadonlySet<ColumnType> = new Set(["birth_date", "passport_issue_date", "passport_expiry_date", "date"]);
/** A date check in a column's day/month order (era.DateOrder), one function per order so that shares are cached. */
export const DATE_CHECK_IN_ORDER: Record<DateOrder, Check> = { dmy: (s) => parseDate(s, "dmy"), mdy: (s) => parseDate(s, "mdy") };
/** A date check for a column of Excel serial day numbers (ColumnProfile.dateSerial), in the column's order if it has one. */
export const DATE_CHECK_SERIAL: Record<DateOrder | "any", Check> = {
  any: (s) => excelSerialDate(s) ?? parseDate(s),
  dmy: (s) => excelSerialDate(s) ?? parseDate(s, "dmy"),
  mdy: (s) => excelSerialDate(s) ?? parseDate(s, "mdy"),
};

/** Header in comparable form: NFKC, lower case, without spaces, underscores, hyphens and dots. */
export function normalizeHeader(h: string): string {
  return nfkc(h).toLowerCase().replace(/[\s_\-.・:：()（）［］[\]【】「」]/g, "");
}

/** The header's best type and the length of the keyword that matched (longer = more specific). */
export function headerType(header: string): { type: ColumnType; strength: number } | null {
  // a JSON path (contact.phones.0): its last named segment speaks first
  const path = header.split(".").filter((p) => p.length > 0 && !/^\d+$/.test(p));
  if (path.length > 1) {
    const last = headerTypeOf(path[path.length - 1] as string);
    if (last) return last;
  }
  return headerTypeOf(header);
}
function headerTypeOf(header: string): { type: ColumnType; strength: number } | null {
  const h = normalizeHeader(header);
  if (h.length === 0) return null;
  let best: { type: ColumnType; strength: number } | null = null;
  for (const spec of SPECS) {
    let strength = 0;
    if (spec.exact?.includes(h)) strength = 100;
    for (const k of spec.contains) if (k.length > strength && h.includes(k)) strength = k.length;
    if (strength === 0) continue;
    if (best === null || strength > best.strength) best = { type: spec.type, strength };
  }
  return best;
}

export const NAME_TYPES: readonly PiiType[] = ["name_kanji", "name_kana", "name_romaji"];
