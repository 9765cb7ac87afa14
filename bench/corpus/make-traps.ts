/**
 * Writes the labelled trap corpus: bench/corpus/traps/* (small files made to trap column classifiers) and
 * bench/corpus/traps.tsv (per file: expected records, people and the type of every column, and the trap).
 * Deterministic (seeded); run again only to change the corpus: node --import tsx bench/corpus/make-traps.ts
 *
 * The people are drawn from name lists of their own (many surnames are not in the scanner's dictionary), so the
 * rules are tested on names they were not written from. Expected people follow the documented method: records
 * sharing e-mail, kana + birth date or phone + birth date are one person; a record with personal data but no
 * key is a person of its own; a record with no personal data is no person.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { writeZip } from "../../src/engines/common/zip-writer.js";
import { encodeShiftJis } from "../../src/engines/scan/encode-sjis.js";
import { fullWidth, halfWidthKana, hiragana, iso, slashes, wareki } from "../../src/engines/scan/generate.js";
import { corporateCheckDigit, myNumberCheckDigit } from "../../src/engines/scan/validators/checkdigits.js";
import { PREFECTURES } from "../../src/engines/scan/recognizers/prefectures.js";

// TRAP_SEED / TRAP_DIR: the same traps with other values, written elsewhere (a check that the rules are not
// tuned to this corpus's particular values: bench/accuracy.ts reads TRAP_DIR too)
let seed = Number(process.env.TRAP_SEED ?? 0x5eed);
const rnd = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join("");

// surnames: some common, many less so (and absent from the scanner's dictionary)
const FAMILY: readonly (readonly [string, string, string])[] = [
  ["五十嵐", "イガラシ", "IGARASHI"], ["東海林", "ショウジ", "SHOJI"], ["勅使河原", "テシガワラ", "TESHIGAWARA"], ["小鳥遊", "タカナシ", "TAKANASHI"],
  ["御手洗", "ミタライ", "MITARAI"], ["長宗我部", "チョウソカベ", "CHOSOKABE"], ["百目鬼", "ドウメキ", "DOMEKI"], ["一ノ瀬", "イチノセ", "ICHINOSE"],
  ["鬼頭", "キトウ", "KITO"], ["宍戸", "シシド", "SHISHIDO"], ["雲母", "キララ", "KIRARA"], ["潮田", "ウシオダ", "USHIODA"],
  ["菅野", "カンノ", "KANNO"], ["千葉", "チバ", "CHIBA"], ["久保田", "クボタ", "KUBOTA"], ["野々村", "ノノムラ", "NONOMURA"],
  ["若林", "ワカバヤシ", "WAKABAYASHI"], ["辻本", "ツジモト", "TSUJIMOTO"], ["桑原", "クワバラ", "KUWABARA"], ["比嘉", "ヒガ", "HIGA"],
  ["佐藤", "サトウ", "SATO"], ["高橋", "タカハシ", "TAKAHASHI"], ["渡辺", "ワタナベ", "WATANABE"], ["伊藤", "イトウ", "ITO"],
  ["大城", "オオシロ", "OSHIRO"], ["新垣", "アラカキ", "ARAKAKI"], ["真栄田", "マエダ", "MAEDA"], ["我如古", "ガネコ", "GANEKO"],
];
const GIVEN: readonly (readonly [string, string, string, "M" | "F"])[] = [
  ["蒼", "アオイ", "AOI", "M"], ["湊", "ミナト", "MINATO", "M"], ["樹", "イツキ", "ITSUKI", "M"], ["陽翔", "ハルト", "HARUTO", "M"],
  ["颯太", "ソウタ", "SOTA", "M"], ["悠真", "ユウマ", "YUMA", "M"], ["義男", "ヨシオ", "YOSHIO", "M"], ["清", "キヨシ", "KIYOSHI", "M"],
  ["紬", "ツムギ", "TSUMUGI", "F"], ["凛", "リン", "RIN", "F"], ["芽依", "メイ", "MEI", "F"], ["澪", "ミオ", "MIO", "F"],
  ["節子", "セツコ", "SETSUKO", "F"], ["文代", "フミヨ", "FUMIYO", "F"], ["詩織", "シオリ", "SHIORI", "F"], ["琴音", "コトネ", "KOTONE", "F"],
];
const PLACES: readonly (readonly [string, string])[] = [
  ["064-0941", "北海道札幌市中央区旭ケ丘"], ["020-0023", "岩手県盛岡市内丸"], ["310-0011", "茨城県水戸市三の丸"], ["370-0827", "群馬県高崎市鞘町"],
  ["400-0031", "山梨県甲府市丸の内"], ["500-8384", "岐阜県岐阜市薮田南"], ["514-0004", "三重県津市栄町"], ["640-8156", "和歌山県和歌山市七番丁"],
  ["680-0011", "鳥取県鳥取市東町"], ["780-0870", "高知県高知市本町"], ["850-0033", "長崎県長崎市万才町"], ["904-0004", "沖縄県沖縄市中央"],
  ["150-0041", "東京都渋谷区神南"], ["231-0023", "神奈川県横浜市中区山下町"], ["542-0076", "大阪府大阪市中央区難波"], ["606-8501", "京都府京都市左京区吉田本町"],
];
const DOMAINS = ["example.jp", "example.co.jp", "example.ne.jp", "example.com", "mail.example.org"];

type Person = { fam: (typeof FAMILY)[number]; giv: (typeof GIVEN)[number]; birth: number; email: string; phone: string; place: (typeof PLACES)[number]; block: string };
const usedNames = new Set<string>();
function person(minYear = 1935, maxYear = 2004): Person {
  let fam: (typeof FAMILY)[number];
  let giv: (typeof GIVEN)[number];
  do {
    fam = pick(FAMILY);
    giv = pick(GIVEN);
  } while (usedNames.has(fam[1] + giv[1]) && usedNames.size < FAMILY.length * GIVEN.length - 1);
  usedNames.add(fam[1] + giv[1]);
  const birth = int(minYear, maxYear) * 10000 + int(1, 12) * 100 + int(1, 28);
  const local = `${giv[2].toLowerCase()}${pick([".", "_", ""])}${fam[2].toLowerCase()}${int(1, 999)}`;
  return { fam, giv, birth, email: `${local}@${pick(DOMAINS)}`, phone: `0${pick(["90", "80", "70"])}${digits(8)}`, place: pick(PLACES), block: `${int(1, 9)}-${int(1, 30)}-${int(1, 20)}` };
}
const hy = (p: string): string => `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`;
const kanji = (p: Person, sep = " "): string => `${p.fam[0]}${sep}${p.giv[0]}`;
const kana = (p: Person, sep = " "): string => `${p.fam[1]}${sep}${p.giv[1]}`;
const romaji = (p: Person): string => `${p.fam[2]} ${p.giv[2]}`;
const addr = (p: Person): string => `${p.place[1]}${p.block}`;
const sexJa = (p: Person): string => (p.giv[3] === "M" ? "男" : "女");
const kanjiDate = (n: number): string => `${Math.floor(n / 10000)}年${Math.floor(n / 100) % 100}月${n % 100}日`;
const compact = (n: number): string => String(n);

const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const passport = (): string => `${pick(["T", "M"])}${pick(letters.split(""))}${digits(7)}`;
const corporate = (): string => {
  const base = digits(12);
  return `${corporateCheckDigit(base)}${base}`;
};
const myNumber = (): string => {
  const base = `${int(1, 9)}${digits(10)}`;
  return `${base}${myNumberCheckDigit(base)}`;
};
function luhn(prefix: string, length: number): string {
  let s = prefix + digits(length - prefix.length - 1);
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  s += String((10 - (sum % 10)) % 10);
  return s;
}
const card = (): string => luhn(pick(["4", "5321", "3540", "3589"]), 16);
const jan = (): string => {
  const s = `49${digits(10)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
  return s + String((10 - (sum % 10)) % 10);
};

// ---- writers
const q = (s: string, d: string): string => (s.includes(d) || s.includes('"') || s.includes("\n") ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (rows: string[][], d = ",", eol = "\n"): string => rows.map((r) => r.map((c) => q(c, d)).join(d)).join(eol) + eol;
const sqlString = (s: string | null): string => (s === null ? "NULL" : `'${s.replace(/'/g, "''")}'`);
const mysqlInsert = (table: string, cols: string[], rows: (string | null)[][]): string =>
  `CREATE TABLE \`${table}\` (\n${cols.map((c) => `  \`${c}\` varchar(255) DEFAULT NULL`).join(",\n")}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n` +
  `INSERT INTO \`${table}\` VALUES ${rows.map((r) => `(${r.map(sqlString).join(",")})`).join(",")};\n`;
const copyBlock = (table: string, cols: string[], rows: (string | null)[][]): string =>
  `CREATE TABLE public.${table} (\n${cols.map((c) => `    ${c} text`).join(",\n")}\n);\n\nCOPY public.${table} (${cols.join(", ")}) FROM stdin;\n` +
  rows.map((r) => r.map((c) => (c === null ? "\\N" : c.replace(/\\/g, "\\\\").replace(/\t/g, "\\t"))).join("\t")).join("\n") + "\n\\.\n\n";
function eucJp(s: string): Buffer {
  const sj = encodeShiftJis(s);
  const out: number[] = [];
  for (let i = 0; i < sj.length; i++) {
    const b = sj[i] as number;
    if (b < 0x80) out.push(b);
    else if (b >= 0xa1 && b <= 0xdf) out.push(0x8e, b);
    else {
      const t = sj[++i] as number;
      const adj = b >= 0xe0 ? 0xb0 : 0x70;
      let j1 = (b - adj) * 2;
      let j2: number;
      if (t >= 0x9f) j2 = t - 0x7e;
      else {
        j1--;
        j2 = t - (t >= 0x80 ? 0x20 : 0x1f);
      }
      out.push(j1 | 0x80, j2 | 0x80);
    }
  }
  return Buffer.from(out);
}
const utf16le = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]);

type Trap = { file: string; content: string | Buffer; columns: string; records: number; people: number; trap: string };
const traps: Trap[] = [];
/** Adds a file; `people` defaults to the number of distinct person ids given per record (-1: no personal data). */
function add(file: string, content: string | Buffer, columns: string[] | string, records: number, people: number, trap: string): void {
  traps.push({ file, content, columns: Array.isArray(columns) ? columns.join(",") : columns, records, people, trap });
}
const distinct = (ids: number[]): number => new Set(ids.filter((x) => x >= 0)).size;
const crowd = (n: number, min?: number, max?: number): Person[] => Array.from({ length: n }, () => person(min, max));

// 1. no header row: values alone
{
  const ps = crowd(24);
  const rows = ps.map((p) => [kanji(p), kana(p), iso(p.birth), sexJa(p), p.place[0], addr(p), hy(p.phone), p.email]);
  add("no-header-full.csv", csv(rows), ["name_kanji", "name_kana", "birth_date", "sex", "postal_code", "address", "phone", "email"], 24, 24, "no header: kanji, kana, birth date, sex, postal code from values alone");
}
{
  const ps = crowd(20);
  const rows = ps.map((p, i) => [String(1001 + i), kanji(p, ""), p.place[0].replace("-", ""), addr(p), kanjiDate(p.birth), p.phone]);
  add("no-header-nospace.csv", csv(rows), ["other", "name_kanji", "postal_code", "address", "birth_date", "phone"], 20, 20, "no header: names without a space, 7-digit postal codes, kanji dates, sequence ids");
}
{
  const ps = crowd(18);
  const rows = ps.map((p) => [kanji(p, "\u3000"), wareki(p.birth), `〒${p.place[0]}`, addr(p), p.email.toUpperCase()]);
  add("no-header-wareki.csv", csv(rows), ["name_kanji", "birth_date", "postal_code", "address", "email"], 18, 18, "no header: 和暦 birth dates, 〒 postal codes, capitalised e-mails");
}
{
  const ps = crowd(20);
  const rows = ps.map((p, i) => [`2016-0${int(3, 5)}-${String(int(10, 28))}`, kanji(p), slashes(p.birth), String(int(1, 4)), hy(p.phone), String(12000 + i * 500)]);
  add("no-header-two-dates.csv", csv(rows), ["date", "name_kanji", "birth_date", "other", "phone", "other"], 20, 20, "no header: a booking date beside a birth date, small counts, amounts");
}
{
  const ps = crowd(16);
  const rows = ps.map((p) => [romaji(p), passport(), iso(int(2008, 2015) * 10000 + int(1, 12) * 100 + int(1, 28)), iso(p.birth), sexJa(p) === "男" ? "M" : "F"]);
  add("no-header-passport.csv", csv(rows), ["name_romaji", "passport_number", "passport_issue_date", "birth_date", "sex"], 16, 16, "no header: passport number sits with an issue date and a name");
}
// 2. look-alikes in business columns
{
  const codes = Array.from({ length: 6 }, () => `${pick(["AB", "CX", "KT"])}${digits(7)}`);
  const rows = [["商品コード", "商品名", "数量", "単価", "受注日"]];
  for (let i = 0; i < 30; i++) rows.push([pick(codes), pick(["旅行バッグ", "変換プラグ", "ネックピロー", "ガイドブック"]), String(int(1, 5)), String(int(5, 40) * 100), `2016-04-${String(int(10, 28))}`]);
  add("product-codes.csv", csv(rows), ["other", "other", "other", "other", "date"], 30, 0, "product codes look like passport numbers (2 letters + 7 digits) and repeat");
}
{
  const ps = crowd(25);
  const codes = Array.from({ length: 5 }, () => `${pick(["TR", "MS"])}${digits(7)}`);
  const rows = [["顧客名", "メール", "品番", "購入日"]];
  for (const p of ps) rows.push([kanji(p), p.email, pick(codes), `2016-05-${String(int(10, 28))}`]);
  add("order-item-codes.csv", csv(rows), ["name_kanji", "email", "other", "date"], 25, 25, "customer file with a repeating item code shaped like a passport (T/M + letter + 7 digits)");
}
{
  const ps = crowd(20);
  const codes = Array.from({ length: 4 }, () => `${pick(["TK", "MZ"])}${digits(7)}`);
  const rows = ps.map((p) => [kanji(p), p.email, pick(codes), String(int(1, 3))]);
  add("no-header-item-codes.csv", csv(rows), ["name_kanji", "email", "other", "other"], 20, 20, "no header: passport-shaped codes that repeat across rows beside a name");
}
{
  const names = ["ｼｬﾝﾌﾟｰ", "ﾎﾞﾃﾞｨｿｰﾌﾟ", "ﾐﾈﾗﾙｳｫｰﾀｰ", "ﾄﾗﾍﾞﾙﾎﾟｰﾁ", "ｽｰﾂｹｰｽ ﾍﾞﾙﾄ", "ｱｲﾏｽｸ", "ｺﾝｾﾝﾄ ﾌﾟﾗｸﾞ", "ﾀｵﾙ ｾｯﾄ", "ｶﾞｲﾄﾞ ﾌﾞｯｸ", "ｻﾝﾀﾞﾙ"];
  const rows = [["JANコード", "商品ｶﾅ", "商品名", "価格"]];
  for (let i = 0; i < 24; i++) {
    const k = i % names.length;
    rows.push([jan(), names[k] as string, `商品${k + 1}`, String(int(3, 30) * 100)]);
  }
  add("product-kana.csv", csv(rows), ["other", "other", "other", "other"], 24, 0, "a half-width kana product-name column (商品ｶﾅ)");
}
{
  const ps = crowd(20);
  const names = ["ﾁｮｺﾚｰﾄ", "ｸｯｷｰ ｱｿｰﾄ", "ｾﾝﾍﾞｲ", "ﾏﾝｼﾞｭｳ", "ﾖｳｶﾝ", "ｶｽﾃﾗ"];
  const rows = [["顧客ｶﾅ", "電話番号", "生年月日", "商品ｶﾅ", "個数"]];
  for (const p of ps) rows.push([halfWidthKana(kana(p)), hy(p.phone), iso(p.birth), pick(names), String(int(1, 4))]);
  add("customer-and-product-kana.csv", csv(rows), ["name_kana", "phone", "birth_date", "other", "other"], 20, 20, "customer kana and product kana side by side, both half-width");
}
{
  const names = ["ﾁｮｺﾚｰﾄ", "ｸｯｷｰ", "ｾﾝﾍﾞｲ", "ﾏﾝｼﾞｭｳ", "ﾖｳｶﾝ", "ｶｽﾃﾗ", "ﾌﾟﾘﾝ", "ｾﾞﾘｰ"];
  const rows: string[][] = [];
  for (let i = 0; i < 20; i++) rows.push([`A${1000 + i}`, pick(names), String(int(1, 9) * 100), String(int(1, 20))]);
  add("no-header-product-kana.csv", csv(rows), ["other", "other", "other", "other"], 20, 0, "no header: half-width kana product names that repeat");
}
// 3. corporate files
{
  const ps = crowd(15);
  const rows = [["会社名", "法人番号", "適格請求書発行事業者登録番号", "担当者名", "担当者メール", "代表電話", "所在地"]];
  for (const p of ps) {
    const c = corporate();
    rows.push([`株式会社${pick(["みらい", "ひかり", "さくら", "あおば"])}${pick(["商事", "観光", "トラベル", "物産"])}`, c, `T${c}`, kanji(p), p.email, `03-${int(1, 9)}${digits(3)}-${digits(4)}`, addr(p)]);
  }
  add("corporate-invoice.csv", csv(rows), ["other", "corporate_number", "corporate_number", "name_kanji", "email", "phone", "address"], 15, 15, "担当者名 beside 法人番号; 適格請求書発行事業者登録番号 is T + 13 digits");
}
{
  const rows = [["取引先", "登録番号", "請求額", "請求日"]];
  for (let i = 0; i < 18; i++) rows.push([`有限会社${pick(["丸一", "山二", "中央", "東西"])}${pick(["運輸", "旅行", "食品"])}`, `T${corporate()}`, String(int(10, 900) * 1000), `令和${int(2, 6)}年${int(1, 12)}月${int(1, 28)}日`]);
  add("invoice-registrations.csv", csv(rows), ["other", "corporate_number", "other", "date"], 18, 18, "invoice numbers headed only 登録番号, company names, 令和 dates");
}
{
  const ps = crowd(12);
  const rows = [["法人名", "代表者名", "代表者カナ", "電話番号", "法人番号"]];
  for (const p of ps) rows.push([`${pick(["合同会社", "一般社団法人"])}${pick(["北斗", "青葉", "若葉"])}${pick(["企画", "協会"])}`, kanji(p), kana(p), hy(p.phone), corporate()]);
  add("corporate-representatives.csv", csv(rows), ["other", "name_kanji", "name_kana", "phone", "corporate_number"], 12, 12, "代表者名 and 代表者カナ beside 法人名");
}
{
  const rows: string[][] = [];
  for (let i = 0; i < 16; i++) rows.push([corporate(), `株式会社${pick(["日本", "東京", "大阪"])}${pick(["ホテル", "旅館", "バス"])}`, `0${int(3, 6)}-${int(1, 9)}${digits(3)}-${digits(4)}`]);
  add("no-header-corporate.csv", csv(rows), ["corporate_number", "other", "phone"], 16, 16, "no header: corporate numbers (13 digits, check digit) and company names");
}
// 4. SQL dumps
{
  const ps = crowd(14);
  const users = ps.map((p, i) => [String(i + 1), kanji(p), p.email, hy(p.phone)]);
  const orders: (string | null)[][] = [];
  for (let i = 0; i < 30; i++) orders.push([String(5000 + i), String(int(1, 14)), String(int(10, 99) * 100), i % 9 === 0 ? "4111111111111111" : null, `2016-03-${String(int(10, 28))}`]);
  add("shop-mysql.sql", `-- MySQL dump\n/*!40101 SET NAMES utf8mb4 */;\n${mysqlInsert("users", ["id", "name", "email", "tel"], users)}${mysqlInsert("orders", ["order_id", "user_id", "amount", "card_no", "ordered_at"], orders)}`,
    "users=other,name_kanji,email,phone;orders=other,other,other,card_number,date", 44, 14, "MySQL dump of two tables; a mostly NULL card column holding the test number 4111…");
}
{
  const ps = crowd(12);
  const customers = ps.map((p, i) => [String(i + 1), kanji(p), kana(p), iso(p.birth), p.email]);
  const bookings: (string | null)[][] = ps.map((p, i) => [String(900 + i), String(i + 1), romaji(p), p.email.toUpperCase(), i % 3 === 0 ? null : passport(), i % 3 === 0 ? null : iso(int(2010, 2015) * 10000 + 401)]);
  const payments: (string | null)[][] = ps.map((_, i) => [String(i + 1), String(900 + i), i % 4 === 0 ? "4242 4242 4242 4242" : null, String(int(10, 99) * 1000)]);
  add("travel-pg.sql", `-- PostgreSQL database dump\nSET client_encoding = 'UTF8';\n\n${copyBlock("customers", ["id", "full_name", "full_name_kana", "dob", "email"], customers)}${copyBlock("bookings", ["id", "customer_id", "traveller", "traveller_email", "passport_no", "passport_issued"], bookings)}${copyBlock("payments", ["id", "booking_id", "pan", "amount"], payments)}`,
    "customers=other,name_kanji,name_kana,birth_date,email;bookings=other,other,name_romaji,email,passport_number,passport_issue_date;payments=other,other,card_number,other", 36, 12, "PostgreSQL COPY dump of three tables; travellers join customers by e-mail; payments hold only test card numbers (no person)");
}
{
  const ps = crowd(10);
  const members = ps.map((p, i) => [String(i + 1), kanji(p), p.email, i % 2 === 0 ? card() : null]);
  add("members-real-cards.sql", `${mysqlInsert("members", ["member_id", "member_name", "mail", "credit_card"], members)}`, "members=other,name_kanji,email,card_number", 10, 10, "a card column half NULL with real (Luhn-valid) numbers");
}
{
  const ps = crowd(12);
  const rows = ps.map((p, i) => `INSERT INTO guests (guest_id, name_kanji, tel, birthday, memo) VALUES (${i + 1}, '${kanji(p)}', '${hy(p.phone)}', '${iso(p.birth)}'::date, ${i % 4 === 0 ? "E'窓側希望\\n禁煙'" : "NULL"});`);
  add("guests-pg-insert.sql", `CREATE TABLE guests (guest_id integer, name_kanji text, tel text, birthday date, memo text);\n${rows.join("\n")}\n`, "guests=other,name_kanji,phone,birth_date,other", 12, 12, "PostgreSQL INSERTs with casts and E'' strings");
}
// 5. people across spellings
{
  const ps = crowd(8, 1960, 1985);
  ps[0]!.birth = 19700115;
  const rows = [["氏名", "フリガナ", "生年月日", "電話番号"]];
  const ids: number[] = [];
  ps.forEach((p, i) => {
    rows.push([kanji(p), halfWidthKana(kana(p)), iso(p.birth), hy(p.phone)]);
    ids.push(i);
  });
  ps.forEach((p, i) => {
    if (i % 2 === 1) return;
    rows.push([kanji(p, "\u3000"), kana(p, "\u3000"), slashes(p.birth).replace(/\/(\d)\b/g, "/0$1"), `0${pick(["90", "80"])}${digits(8)}`]);
    ids.push(i);
  });
  add("kana-width-join.csv", csv(rows), ["name_kanji", "name_kana", "birth_date", "phone"], ids.length, distinct(ids), "half-width kana in one row, full-width in another; 1970-01-15 vs 1970/01/15 must join");
}
{
  const ps = crowd(10);
  const rows = [["お名前", "ふりがな", "誕生日", "メールアドレス"]];
  const ids: number[] = [];
  ps.forEach((p, i) => {
    rows.push([kanji(p), hiragana(kana(p)), iso(p.birth), p.email]);
    ids.push(i);
  });
  ps.slice(0, 6).forEach((p, i) => {
    rows.push([kanji(p, ""), kana(p, "・"), i % 2 ? wareki(p.birth) : kanjiDate(p.birth), `${p.fam[2].toLowerCase()}${int(1000, 9999)}@other.example.jp`]);
    ids.push(i);
  });
  add("kana-hiragana-wareki-join.csv", csv(rows), ["name_kanji", "name_kana", "birth_date", "email"], ids.length, distinct(ids), "hiragana vs katakana with a middle dot, 和暦 and 年月日 birth dates must join");
}
{
  const ps = crowd(10);
  const rows = [["会員ID", "メール", "電話", "生年月日"]];
  const ids: number[] = [];
  ps.forEach((p, i) => {
    rows.push([String(i + 1), p.email, hy(p.phone), iso(p.birth)]);
    ids.push(i);
  });
  ps.slice(0, 5).forEach((p, i) => {
    rows.push([String(100 + i), fullWidth(p.email.toUpperCase()), i % 2 ? `+81-${p.phone.slice(1, 3)}-${p.phone.slice(3, 7)}-${p.phone.slice(7)}` : fullWidth(p.phone), compact(p.birth)]);
    ids.push(i);
  });
  add("email-phone-variants-join.csv", csv(rows), ["other", "email", "phone", "birth_date"], ids.length, distinct(ids), "full-width and capitalised e-mails, +81 and full-width phones, yyyymmdd dates must join");
}
{
  const ps = crowd(9);
  const rows = [["姓", "名", "セイ", "メイ", "生年月日", "性別"]];
  const ids: number[] = [];
  ps.forEach((p, i) => {
    rows.push([p.fam[0], p.giv[0], p.fam[1], p.giv[1], iso(p.birth), sexJa(p)]);
    ids.push(i);
  });
  ps.slice(0, 4).forEach((p, i) => {
    rows.push([p.fam[0], p.giv[0], halfWidthKana(p.fam[1]), halfWidthKana(p.giv[1]), slashes(p.birth), sexJa(p) + "性"]);
    ids.push(i);
  });
  add("split-names-join.csv", csv(rows), ["name_kanji", "name_kanji", "name_kana", "name_kana", "birth_date", "sex"], ids.length, distinct(ids), "family and given names in separate columns, half-width in duplicates");
}
// 6. My Number and card look-alikes
{
  const ps = crowd(20);
  const rows = [["会員番号", "氏名", "メール", "ポイント"]];
  for (const p of ps) rows.push([`${int(1, 9)}${digits(11)}`, kanji(p), p.email, String(int(0, 5000))]);
  add("mynumber-lookalike-member.csv", csv(rows), ["other", "name_kanji", "email", "other"], 20, 20, "12-digit member numbers (some pass the My Number check digit)");
}
{
  const ps = crowd(15);
  const rows = [["従業員番号", "氏名", "個人番号", "入社日"]];
  ps.forEach((p, i) => {
    const m = myNumber();
    rows.push([String(2000 + i), kanji(p), i % 3 === 0 ? `${m.slice(0, 4)} ${m.slice(4, 8)} ${m.slice(8)}` : m, `20${String(int(0, 15)).padStart(2, "0")}-04-01`]);
  });
  add("mynumber-employees.csv", csv(rows), ["other", "name_kanji", "my_number", "date"], 15, 15, "個人番号 with valid check digits, some grouped 4-4-4");
}
{
  const rows = [["伝票番号", "金額", "処理日"]];
  for (let i = 0; i < 20; i++) rows.push([`${int(1, 9)}${digits(11)}`, String(int(1, 90) * 1000), `2016/0${int(1, 6)}/${int(10, 28)}`]);
  add("mynumber-lookalike-slips.csv", csv(rows), ["other", "other", "date"], 20, 0, "12-digit slip numbers, no personal data at all");
}
{
  const ps = crowd(18);
  const rows = [["注文番号", "顧客メール", "合計"]];
  for (const p of ps) rows.push([luhn(pick(["4", "35"]), 16), p.email, String(int(10, 99) * 100)]);
  add("card-lookalike-order-ids.csv", csv(rows), ["other", "email", "other"], 18, 18, "order ids that are Luhn-valid 16-digit numbers with card prefixes, headed 注文番号");
}
{
  const ps = crowd(16);
  const rows = [["order_id", "email", "card_last4", "amount"]];
  for (const p of ps) rows.push([`ORD-${digits(16)}`, p.email, digits(4), String(int(10, 99) * 100)]);
  add("card-in-order-ref.csv", csv(rows), ["other", "email", "other", "other"], 16, 16, "16 digits inside an order reference; only the last four of the card");
}
{
  const ps = crowd(14);
  const rows = [["カード番号", "有効期限", "カード名義", "セキュリティコード"]];
  for (const p of ps) {
    const c = card();
    rows.push([`${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8, 12)}-${c.slice(12)}`, `${String(int(1, 12)).padStart(2, "0")}/${int(17, 22)}`, romaji(p), digits(3)]);
  }
  add("cards.csv", csv(rows), ["card_number", "other", "name_romaji", "other"], 14, 14, "card numbers with hyphens, expiry MM/YY, holder in romaji, CVV");
}
// 7. dates
{
  const ps = crowd(16, 1930, 1995);
  const kan = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
  const rows = [["氏名", "生年月日", "予約日"]];
  for (const p of ps) {
    const w = wareki(p.birth).replace(/(\d+)月/, (_, m: string) => `${kan[Number(m) - 1]}月`);
    rows.push([kanji(p), w, `令和${int(1, 6)}年${int(1, 12)}月${int(1, 28)}日`]);
  }
  add("era-dates.csv", csv(rows), ["name_kanji", "birth_date", "date"], 16, 16, "和暦 birth dates with kanji month numerals; 令和 booking dates");
}
{
  const ps = crowd(14, 1940, 2000);
  const rows = [["氏名", "生年月日", "登録日時"]];
  for (const p of ps) rows.push([kanji(p), `S${int(20, 63)}.${int(1, 12)}.${int(1, 28)}`, `2016-05-${String(int(10, 28))} ${String(int(0, 23)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}:00`]);
  add("era-initials.csv", csv(rows), ["name_kanji", "birth_date", "date"], 14, 14, "era initials (S50.3.12) and timestamps");
}
// 8. encodings and layouts
{
  const ps = crowd(15);
  const rows = [["氏名", "カナ", "生年月日", "郵便番号", "住所", "電話番号"]];
  for (const p of ps) rows.push([kanji(p), kana(p), iso(p.birth), p.place[0], addr(p), hy(p.phone)]);
  add("sjis.csv", encodeShiftJis(csv(rows, ",", "\r\n")), ["name_kanji", "name_kana", "birth_date", "postal_code", "address", "phone"], 15, 15, "Shift_JIS with CRLF");
}
{
  const ps = crowd(15);
  const rows = [["氏名", "氏名カナ", "生年月日", "メール", "住所"]];
  for (const p of ps) rows.push([kanji(p), halfWidthKana(kana(p)), kanjiDate(p.birth), p.email, addr(p)]);
  add("eucjp.csv", eucJp(csv(rows)), ["name_kanji", "name_kana", "birth_date", "email", "address"], 15, 15, "EUC-JP with half-width kana");
}
{
  const ps = crowd(12);
  const rows = [["氏名", "メール", "電話"]];
  for (const p of ps) rows.push([kanji(p), p.email, hy(p.phone)]);
  add("utf16.tsv", utf16le(csv(rows, "\t", "\r\n")), ["name_kanji", "email", "phone"], 12, 12, "UTF-16LE with BOM, tab-separated, CRLF");
}
{
  const ps = crowd(15);
  const rows = [["顧客番号", "氏名", "フリガナ", "生年月日", "メールアドレス", "携帯電話"]];
  ps.forEach((p, i) => rows.push([`C${String(i + 1).padStart(5, "0")}`, kanji(p), kana(p), iso(p.birth), p.email, hy(p.phone)]));
  add("bom-crlf.tsv", "\ufeff" + csv(rows, "\t", "\r\n"), ["other", "name_kanji", "name_kana", "birth_date", "email", "phone"], 15, 15, "TSV with BOM and CRLF");
}
{
  const ps = crowd(14);
  const rows = [["氏名", "メール", "郵便番号", "住所"]];
  ps.forEach((p, i) => rows.push([kanji(p), p.email, p.place[0], i % 3 === 0 ? `${p.place[1]}\n${p.block}\nコーポ${pick(["桜", "松", "楓"])}${int(101, 305)}` : addr(p)]));
  add("multiline-addresses.csv", csv(rows, ",", "\r\n"), ["name_kanji", "email", "postal_code", "address"], 14, 14, "addresses spanning lines inside quotes, CRLF");
}
{
  const ps = crowd(12);
  const rows = [["氏名", "メール", "電話"]];
  ps.forEach((p) => rows.push([kanji(p), p.email, hy(p.phone)]));
  const text = csv(rows);
  const lines = text.split("\n");
  // two lines in Shift_JIS inside a UTF-8 file (a file pasted together from two systems)
  const parts = lines.map((l, i) => (i === 4 || i === 9 ? encodeShiftJis(l + "\n") : Buffer.from(i === lines.length - 1 ? l : l + "\n", "utf8")));
  add("mixed-encoding.csv", Buffer.concat(parts), ["name_kanji", "email", "phone"], 12, 12, "UTF-8 with two lines in Shift_JIS");
}
{
  const ps = crowd(12);
  const rows = [["氏名", "カナ", "生年月日", "電話"]];
  ps.forEach((p) => rows.push([kanji(p), kana(p), iso(p.birth), hy(p.phone)]));
  add("gzip.csv.gz", gzipSync(Buffer.from(csv(rows))), ["name_kanji", "name_kana", "birth_date", "phone"], 12, 12, "gzip-compressed CSV");
}
{
  const ps = crowd(12);
  const lines = ps.map((p, i) =>
    JSON.stringify({ id: i + 1, profile: { name: kanji(p), kana: kana(p), birthday: iso(p.birth) }, contact: { email: p.email, phones: [hy(p.phone)] }, tags: ["会員"] }),
  );
  add("nested.jsonl", lines.join("\n") + "\n", ["other", "name_kanji", "name_kana", "birth_date", "email", "phone", "other"], 12, 12, "JSON Lines with nested objects and arrays");
}
{
  const ps = crowd(15);
  const text = "名前;メール;電話;郵便番号\n" + ps.map((p) => [kanji(p), p.email, hy(p.phone), p.place[0]].join(";")).join("\n") + "\n";
  add("semicolon.csv", text, ["name_kanji", "email", "phone", "postal_code"], 15, 15, "semicolon-separated");
}
// 9. other business columns and neighbours
{
  const ps = crowd(18);
  const rows = [["ホテル名", "宿泊者名", "宿泊者カナ", "チェックイン", "泊数", "電話番号"]];
  for (const p of ps) rows.push([pick(["ホテル潮騒", "旅館みどり", "ホテル青葉"]), kanji(p), kana(p), `2016-0${int(3, 8)}-${String(int(10, 28))}`, String(int(1, 4)), hy(p.phone)]);
  add("hotel-guests.csv", csv(rows), ["other", "name_kanji", "name_kana", "date", "other", "phone"], 18, 18, "hotel names next to guest names");
}
{
  const ps = crowd(14);
  const rows = [["社員番号", "氏名", "部署", "内線", "社用メール"]];
  ps.forEach((p, i) => rows.push([String(10200 + i), kanji(p), pick(["営業部", "総務部", "情報システム部"]), digits(4), p.email]));
  add("staff.csv", csv(rows), ["other", "name_kanji", "other", "other", "email"], 14, 14, "staff list: departments and 4-digit extensions");
}
{
  const ps = crowd(14);
  const rows = [["銀行コード", "支店コード", "口座番号", "口座名義"]];
  for (const p of ps) rows.push([digits(4), digits(3), digits(7), halfWidthKana(kana(p))]);
  add("bank-accounts.csv", csv(rows), ["other", "other", "bank_account", "name_kana"], 14, 14, "bank transfer list with half-width kana account holders");
}
{
  const ps = crowd(12);
  const rows = [["氏名", "免許証番号", "免許証の色"]];
  for (const p of ps) rows.push([kanji(p), `${pick(["30", "44", "62"])}${digits(10)}`, pick(["ゴールド", "ブルー", "グリーン"])]);
  add("licences.csv", csv(rows), ["name_kanji", "drivers_licence", "other"], 12, 12, "driver's licence numbers (12 digits, 公安委員会 code)");
}
{
  const ps = crowd(14);
  const rows = [["timestamp", "client_ip", "user", "path", "status"]];
  for (const p of ps) rows.push([`2016-03-21T0${int(0, 9)}:${int(10, 59)}:00Z`, `203.0.113.${int(1, 254)}`, p.email, pick(["/login", "/mypage", "/booking"]), pick(["200", "302"])]);
  add("access-log.csv", csv(rows), ["date", "ip_address", "email", "other", "other"], 14, 14, "web access log: IP addresses and user e-mails");
}
{
  const ps = crowd(12);
  const rows = [["氏名", "メール", "ご意見"]];
  const a = ["朝食の品数をもう少し増やしてほしいです。", "部屋からの眺めが素晴らしかったです。", "チェックインの待ち時間が長く感じました。", "大浴場が広くて快適でした。", "駅からの道順が分かりにくかったです。"];
  const b = ["スタッフの対応はとても丁寧でした。", "次回も家族で利用したいと思います。", "案内の表示を増やしてください。", "夕食の量はちょうど良かったです。"];
  ps.forEach((p, i) => rows.push([kanji(p), p.email, `${a[i % a.length] as string}${b[Math.floor(i / a.length) % b.length] as string}`]));
  add("survey.csv", csv(rows), ["name_kanji", "email", "free_text"], 12, 12, "survey answers as free text");
}
{
  const rows = [["都道府県", "支店名", "支店電話", "件数"]];
  for (let i = 0; i < 16; i++) rows.push([pick(["東京都", "大阪府", "北海道", "福岡県"]), `${pick(["新宿", "梅田", "札幌", "天神"])}支店`, `0${int(3, 9)}-${int(1, 9)}${digits(3)}-${digits(4)}`, String(int(10, 500))]);
  add("branches.csv", csv(rows), ["other", "other", "phone", "other"], 16, 16, "branch list: prefectures alone are not addresses, branch names are not people");
}
{
  const ps = crowd(16);
  const rows = [["ID", "Name", "Name (Kana)", "Gender", "Date of Birth", "Zip", "Address", "Tel"]];
  ps.forEach((p, i) => rows.push([String(i + 1), romaji(p).split(" ").map((w) => w[0] + w.slice(1).toLowerCase()).join(" "), kana(p), p.giv[3] === "M" ? "male" : "female", slashes(p.birth), p.place[0], addr(p), `+81 ${p.phone.slice(1, 3)} ${p.phone.slice(3, 7)} ${p.phone.slice(7)}`]));
  add("english-headers.csv", csv(rows), ["other", "name_romaji", "name_kana", "sex", "birth_date", "postal_code", "address", "phone"], 16, 16, "English headers, +81 phones with spaces");
}
{
  const ps = crowd(20);
  const rows = [["No", "区分", "氏名", "性別", "年齢"]];
  ps.forEach((p, i) => rows.push([String(i + 1), pick(["1", "2"]), kanji(p), p.giv[3] === "M" ? "1" : "2", String(int(20, 80))]));
  add("codes-1-2.csv", csv(rows), ["other", "other", "name_kanji", "sex", "other"], 20, 20, "a 1/2 category code beside a sex column coded 1/2");
}
{
  const ps = crowd(16);
  const rows = [["予約番号", "代表者", "人数", "出発日", "帰着日", "旅券番号", "旅券発行日"]];
  ps.forEach((p, i) => rows.push([`R${20160000 + i * 7}`, romaji(p), String(int(1, 4)), "2016-07-01", "2016-07-08", fullWidth(passport()), iso(int(2007, 2015) * 10000 + int(1, 12) * 100 + int(1, 28))]));
  add("tour-passports.csv", csv(rows), ["other", "name_romaji", "other", "date", "date", "passport_number", "passport_issue_date"], 16, 16, "full-width passport numbers; departure and return dates are not issue dates");
}
{
  const ps = crowd(20);
  const rows = [["id", "email", "postal", "note"]];
  ps.forEach((p, i) => rows.push([String(1000001 + i * 3), p.email, p.place[0].replace("-", ""), ""]));
  add("ids-and-postcodes.csv", csv(rows), ["other", "email", "postal_code", "empty"], 20, 20, "7-digit ids beside 7-digit postal codes; an empty column");
}
{
  const ps = crowd(14);
  const rows = [["NAME", "MAIL", "TEL", "BIRTH"]];
  for (const p of ps) rows.push([romaji(p), p.email.toUpperCase(), p.phone, compact(p.birth)]);
  add("upper-case.csv", csv(rows), ["name_romaji", "email", "phone", "birth_date"], 14, 14, "upper-case everything; phones without hyphens; yyyymmdd");
}
{
  const ps = crowd(16);
  const rows: string[][] = ps.map((p) => [p.email, halfWidthKana(kana(p)), iso(p.birth), p.giv[3] === "M" ? "男性" : "女性"]);
  add("no-header-halfwidth-kana.csv", csv(rows), ["email", "name_kana", "birth_date", "sex"], 16, 16, "no header: half-width kana person names with birth dates");
}
{
  const ps = crowd(16);
  const rows: string[][] = ps.map((p) => [romaji(p), p.email, fullWidth(p.phone)]);
  add("no-header-romaji.csv", csv(rows), ["name_romaji", "email", "phone"], 16, 16, "no header: romaji names, full-width phones");
}
{
  const rows = [["プラン名", "プランカナ", "料金", "開始日"]];
  const plans = ["ｽﾀﾝﾀﾞｰﾄﾞ ﾌﾟﾗﾝ", "ｽｰﾍﾟﾘｱ ﾂｲﾝ", "ﾃﾞﾗｯｸｽ ﾀﾞﾌﾞﾙ", "ｼﾝｸﾞﾙ ﾙｰﾑ", "ﾌｧﾐﾘｰ ﾙｰﾑ"];
  for (let i = 0; i < 15; i++) rows.push([`プラン${i + 1}`, pick(plans), String(int(8, 40) * 1000), "2016-04-01"]);
  add("plan-kana.csv", csv(rows), ["other", "other", "other", "date"], 15, 0, "room plan names in half-width kana (プランカナ)");
}

// 10. JSON documents as APIs and exports write them
{
  const ps = crowd(16);
  const guests = ps.map((p, i) => ({ guest_id: 1001 + i, guest: { name: kanji(p), name_kana: kana(p) }, birthday: iso(p.birth), tel: hy(p.phone), mail: p.email, room: String(int(2, 12) * 100 + int(1, 20)) }));
  add("pretty-array.json", JSON.stringify(guests, null, 2) + "\n", ["other", "name_kanji", "name_kana", "birth_date", "phone", "email", "other"], 16, 16, "a pretty-printed JSON array (an export): English keys, a nested object");
}
{
  const ps = crowd(14);
  const members = ps.map((p, i) => ({ id: `M${String(i + 1).padStart(5, "0")}`, name: kanji(p), kana: kana(p), birth: iso(p.birth), email: p.email, phones: [{ type: "mobile", number: hy(p.phone) }] }));
  const orders = ps.slice(0, 10).map((_, i) => ({ order_no: `R${digits(8)}`, member_id: `M${String(i + 1).padStart(5, "0")}`, total: int(8, 90) * 1000, ordered_at: `2016-0${int(3, 8)}-${String(int(10, 28))}` }));
  const doc = { status: "ok", count: members.length, result: { members, orders } };
  add("api-response.json", JSON.stringify(doc), "result.members=other,name_kanji,name_kana,birth_date,email,other,phone;result.orders=other,other,other,date", 24, 14, "an API response on one line: two arrays of records inside a wrapper, a nested array of phone objects");
}

// 11. the formats business systems export and leaks arrive in: HTML and XML ".xls", .xlsx, a zip of files
const xmlEscape = (v: string): string => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
{
  // an "Excel" export that is HTML, in Shift_JIS: a title row spanning the columns, unclosed cells, a 和暦 column
  const ps = crowd(15);
  const cells = (r: string[], tag = "td"): string => `<tr>${r.map((v) => `<${tag}>${xmlEscape(v)}`).join("")}\n`;
  let html = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head>\n<body>\n<table border=1>\n<tr><td colspan=6>会員一覧（出力日：2016年6月14日）</td></tr>\n`;
  html += cells(["会員番号", "氏名", "フリガナ", "生年月日", "メールアドレス", "携帯電話"], "th");
  ps.forEach((p, i) => (html += cells([`K${String(20000 + i)}`, kanji(p), kana(p), wareki(p.birth), p.email, hy(p.phone)])));
  html += "</table>\n</body></html>\n";
  add("members-export.xls", encodeShiftJis(html), "table1=other,name_kanji,name_kana,birth_date,email,phone", 15, 15, "an Excel export that is HTML (Shift_JIS, a title row, 和暦, unclosed cells)");
}
{
  // XML Spreadsheet 2003: a members sheet with real DateTime cells and a skipped column, a sales sheet
  const ps = crowd(12);
  const cell = (v: string, type = "String", index?: number): string => `<Cell${index ? ` ss:Index="${index}"` : ""}><Data ss:Type="${type}">${xmlEscape(v)}</Data></Cell>`;
  const rows = ps.map((p) => {
    const b = String(p.birth);
    return `<Row>${cell(kanji(p))}${cell(`${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6)}T00:00:00.000`, "DateTime")}${cell(p.email, "String", 4)}${cell(hy(p.phone))}</Row>`;
  });
  const sales = Array.from({ length: 8 }, (_, i) => `<Row>${cell(`S-${1000 + i}`)}${cell(String(int(10, 99) * 100), "Number")}</Row>`);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n<Worksheet ss:Name="会員"><Table>\n<Row>${cell("氏名")}${cell("生年月日")}${cell("備考")}${cell("メール")}${cell("電話")}</Row>\n${rows.join("\n")}\n</Table></Worksheet>\n<Worksheet ss:Name="売上"><Table>\n<Row>${cell("伝票番号")}${cell("金額")}</Row>\n${sales.join("\n")}\n</Table></Worksheet>\n</Workbook>\n`;
  add("members-2003.xls", xml, "会員=name_kanji,birth_date,empty,email,phone;売上=other,other", 20, 12, "XML Spreadsheet 2003 exported as .xls: DateTime cells, a column left empty, a sales sheet");
}
{
  // .xlsx: shared strings (with furigana beside the names), birth dates as serial days in a yyyy/m/d style, postal
  // codes as numbers, a second sheet of products whose codes look like passport numbers
  const ps = crowd(14);
  const shared: string[] = [];
  const s = (v: string): number => (shared.push(v), shared.length - 1);
  const serial = (n: number): number => Math.round((Date.UTC(Math.floor(n / 10000), (Math.floor(n / 100) % 100) - 1, n % 100) - Date.UTC(1899, 11, 30)) / 86400000);
  const col = (i: number): string => String.fromCharCode(65 + i);
  const row = (r: number, cells: string[]): string => `<row r="${r}">${cells.map((c, i) => c.replace("@", `${col(i)}${r}`)).join("")}</row>`;
  const str = (v: string): string => `<c r="@" t="s"><v>${s(v)}</v></c>`;
  const num = (v: number, style = 0): string => `<c r="@"${style ? ` s="${style}"` : ""}><v>${v}</v></c>`;
  const guests = [row(1, ["宿泊者名", "生年月日", "郵便番号", "電話番号", "メール"].map(str))];
  ps.forEach((p, i) => guests.push(row(i + 2, [str(kanji(p)), num(serial(p.birth), 1), num(Number(p.place[0].replace("-", ""))), str(hy(p.phone)), str(p.email)])));
  const products = [row(1, ["商品コード", "商品名"].map(str))];
  for (let i = 0; i < 10; i++) products.push(row(i + 2, [str(`${pick(["AB", "CD", "EF"])}${digits(7)}`), str(pick(["温泉宿泊券", "ツアー", "レンタカー"]))]));
  const sharedXml = shared.map((v, i) => (i > 4 && i % 5 === 0 ? `<si><t>${xmlEscape(v)}</t><rPh sb="0" eb="1"><t>ヨミ</t></rPh></si>` : `<si><t>${xmlEscape(v)}</t></si>`)).join("");
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const x = (t: string): Uint8Array => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${t}`);
  const book = writeZip([
    { name: "[Content_Types].xml", data: x('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: "xl/workbook.xml", data: x(`<workbook ${ns}><sheets><sheet name="宿泊者" sheetId="1" r:id="rId1"/><sheet name="商品" sheetId="2" r:id="rId2"/></sheets></workbook>`) },
    { name: "xl/_rels/workbook.xml.rels", data: x('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>') },
    { name: "xl/styles.xml", data: x(`<styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`) },
    { name: "xl/sharedStrings.xml", data: x(`<sst ${ns}>${sharedXml}</sst>`) },
    { name: "xl/worksheets/sheet1.xml", data: x(`<worksheet ${ns}><sheetData>${guests.join("")}</sheetData></worksheet>`) },
    { name: "xl/worksheets/sheet2.xml", data: x(`<worksheet ${ns}><sheetData>${products.join("")}</sheetData></worksheet>`) },
  ]);
  add("guests.xlsx", book, "宿泊者=name_kanji,birth_date,postal_code,phone,email;商品=other,other", 24, 14, "a workbook: birth dates as serial days in a date style, postal codes as numbers, furigana, product codes shaped like passports");
}
{
  // a zip as a leak arrives: a Shift_JIS-named CSV and a JSON export of the same people (joined across members)
  const ps = crowd(10);
  const list = csv([["氏名", "メールアドレス", "電話番号", "生年月日"], ...ps.map((p) => [kanji(p), p.email, hy(p.phone), slashes(p.birth)])]);
  const orders = JSON.stringify({ orders: ps.slice(0, 6).map((p, i) => ({ order_id: `R-${5000 + i}`, customer: { mail: p.email.toUpperCase() }, amount: int(10, 90) * 1000 })) }, null, 2);
  const zip = writeZip([
    { name: encodeShiftJis("顧客一覧.csv"), data: encodeShiftJis(list) },
    { name: "export/orders.json", data: Buffer.from(orders) },
    { name: "__MACOSX/._顧客一覧.csv", data: Buffer.from([0, 5, 22, 7]) },
  ]);
  add("leak.zip", zip, "leak.zip/顧客一覧.csv=name_kanji,email,phone,birth_date;leak.zip/export/orders.json:orders=other,email,other", 16, 10, "a zip: a Shift_JIS-named Shift_JIS CSV and a JSON export of the same customers (joined across members)");
}
{
  // a member database's export: the birth date in 生年 / 生月 / 生日, the address in 都道府県 / 市区町村 / 番地 / 建物名,
  // sex as 1/2, e-mails as a mail program writes them; four members twice (a new e-mail: joined by kana + birth date)
  const ps = crowd(20);
  const split = (p: Person): [string, string, string] => {
    const m = /^(東京都|北海道|京都府|大阪府|.{2,3}県)(.+?[市区町村](?:.+?区)?)(.*)$/.exec(p.place[1])!;
    return [m[1]!, m[2]!, `${m[3]!}${p.block}`];
  };
  const rows = [["会員番号", "氏名", "フリガナ", "性別", "生年", "生月", "生日", "年齢", "郵便番号", "都道府県", "市区町村", "番地", "建物名", "メール", "電話"]];
  const member = (p: Person, i: number, mail: string): string[] => {
    const y = Math.floor(p.birth / 10000);
    return [String(5001 + i), kanji(p), kana(p), p.giv[3] === "M" ? "1" : "2", String(y), String(Math.floor(p.birth / 100) % 100), String(p.birth % 100), String(2016 - y), p.place[0], ...split(p), i % 3 === 0 ? `コーポ${kanji(p).slice(0, 1)}${int(101, 309)}` : "", mail, hy(p.phone)];
  };
  ps.forEach((p, i) => rows.push(member(p, i, i % 2 === 0 ? `${kanji(p).replace(" ", "")} <${p.email}>` : p.email)));
  ps.slice(0, 4).forEach((p, i) => rows.push(member(p, 20 + i, `new${i}.${p.email}`)));
  add(
    "members-split-columns.csv",
    csv(rows),
    ["other", "name_kanji", "name_kana", "sex", "other", "other", "other", "other", "postal_code", "other", "other", "other", "other", "email", "phone", "birth_date", "address"],
    24,
    20,
    "birth date and address each written over several columns (their joined columns follow the file's own), sex as 1/2, e-mails as name <address>; members twice under a new e-mail",
  );
}
{
  // the same shape of headers on things that are not a person's: an order date in parts, the region of a shipment
  const rows = [["注文番号", "注文年", "注文月", "注文日", "都道府県", "金額"]];
  for (let i = 0; i < 20; i++) rows.push([`A-${7000 + i}`, "2016", String(int(1, 6)), String(int(1, 28)), pick(["東京都", "大阪府", "北海道"]), String(int(1, 90) * 100)]);
  add("orders-date-parts.csv", csv(rows), ["other", "other", "other", "other", "other", "other"], 20, 0, "an order date in year / month / day columns and a prefecture alone: no birth date, no address");
}
{
  // a hotel's guest register (宿泊者名簿) with foreign guests, as 旅館業法 has hotels keep it: their passport numbers in
  // their countries' forms, addresses abroad and phones in international form, beside Japanese guests
  const foreign: [string, string, string, string, string][] = [
    ["John Smith", "USA", `5${digits(8)}`, `${int(10, 999)} Main St, Springfield, IL, USA`, `+1 217 555 ${digits(4)}`],
    ["Emma Brown", "UK", `1${digits(8)}`, `${int(1, 99)} Baker St, London, UK`, `+44 20 7946 ${digits(4)}`],
    ["Wang Fang", "中国", `E${digits(8)}`, `北京市朝阳区建国路${int(1, 99)}号`, `+86 10 ${digits(4)} ${digits(4)}`],
    ["Kim Minjun", "韓国", `M${digits(8)}`, "Seoul, Gangnam-gu", `+82 2 ${digits(4)} ${digits(4)}`],
    ["Pierre Martin", "France", `${int(10, 19)}AB${digits(5)}`, "Paris 75008", `+33 1 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`],
    ["Anna Schmidt", "Deutschland", `C${digits(2)}X${digits(2)}T${digits(2)}`, "Berlin", `+49 30 ${digits(6)}`],
    ["Nguyen Van An", "Vietnam", `B${digits(7)}`, "Ho Chi Minh City", `+84 28 ${digits(4)} ${digits(4)}`],
    ["Maria Santos", "Philippines", `P${digits(7)}A`, "Manila", `+63 2 ${digits(4)} ${digits(4)}`],
  ];
  const rows = [["宿泊日", "氏名", "国籍", "旅券番号", "住所", "電話番号", "年齢"]];
  foreign.forEach(([n, c, pp, a, t], i) => rows.push([`2016/06/${String(1 + i).padStart(2, "0")}`, n, c, pp, a, t, String(int(20, 70))]));
  crowd(6).forEach((p, i) => rows.push([`2016/06/${String(10 + i).padStart(2, "0")}`, kanji(p), "日本", passport(), addr(p), hy(p.phone), String(int(20, 70))]));
  add("hotel-register-foreign.csv", csv(rows), ["date", "name_romaji", "other", "passport_number", "address", "phone", "other"], 14, 14, "a guest register with foreign guests: passport numbers of eight countries' forms, addresses abroad, phones in international form (and names in two scripts in one column)");
}
{
  // a travel agency's bookings: the passport's expiry date (旅券有効期限, not an issue date), names as airlines write
  // them (SURNAME/GIVEN MR), e-ticket numbers
  const ps = crowd(16, 1950, 2000);
  const rows = [["予約番号", "代表者氏名", "ローマ字氏名", "パスポート番号", "旅券有効期限", "生年月日", "性別", "出発日", "航空券番号"]];
  ps.forEach((p, i) => {
    const title = p.giv[3] === "M" ? "MR" : "MS";
    rows.push([`T${8000 + i}`, kanji(p), `${p.fam[2].toUpperCase()}/${p.giv[2].toUpperCase()} ${title}`, passport(), `20${int(14, 26)}/${String(int(1, 12)).padStart(2, "0")}/${String(int(1, 28)).padStart(2, "0")}`, slashes(p.birth), p.giv[3], `2016/07/${String(int(1, 28)).padStart(2, "0")}`, `131-${digits(10)}`]);
  });
  add("tour-bookings-expiry.csv", csv(rows), ["other", "name_kanji", "name_romaji", "passport_number", "passport_expiry_date", "birth_date", "sex", "date", "other"], 16, 16, "passport expiry dates (旅券有効期限: validity from them, never read as issue dates), SURNAME/GIVEN MR names, e-ticket numbers");
}

{
  // an inbound tour operator's guest list from Europe: names with diacritics, birth dates day first with dots, the
  // countries' passport forms; two guests booked twice, the second time with the date written the ISO way
  const guests: [string, string, string, string][] = [
    ["Müller Hans", "Deutschland", `C${digits(2)}X${digits(2)}T${digits(2)}`, `+49 30 ${digits(6)}`],
    ["Schröder Jürgen", "Deutschland", `C${digits(2)}X${digits(2)}T${digits(2)}`, `+49 40 ${digits(6)}`],
    ["Strauß Anna", "Österreich", `P${digits(7)}`, `+43 1 ${digits(6)}`],
    ["García José", "España", `PA${digits(7)}`, `+34 91 ${digits(3)} ${digits(4)}`],
    ["Núñez Lucía", "España", `PB${digits(7)}`, `+34 93 ${digits(3)} ${digits(4)}`],
    ["Lefèvre Céline", "France", `${int(10, 19)}AB${digits(5)}`, `+33 1 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`],
    ["Dvořák Tomáš", "Česko", `${digits(8)}`, `+420 2 ${digits(4)} ${digits(4)}`],
    ["Kowalski Łukasz", "Polska", `EA${digits(7)}`, `+48 22 ${digits(3)} ${digits(4)}`],
    ["Øster Søren", "Danmark", `${digits(9)}`, `+45 ${digits(8)}`],
    ["Ångström Åsa", "Sverige", `${digits(8)}`, `+46 8 ${digits(3)} ${digits(4)}`],
    ["Rossi Giulia", "Italia", `YA${digits(7)}`, `+39 06 ${digits(4)} ${digits(4)}`],
    ["Smith Oliver", "UK", `1${digits(8)}`, `+44 20 7946 ${digits(4)}`],
  ];
  const birth = guests.map(() => [int(1940, 2000), int(1, 12), int(13, 28)] as const); // days over 12, as real ones often are
  const rows = [["Tour", "Name", "Date of birth", "Nationality", "Passport No.", "Phone"]];
  const dotted = ([y, m, d]: readonly [number, number, number]): string => `${String(d).padStart(2, "0")}.${String(m).padStart(2, "0")}.${y}`;
  const iso = ([y, m, d]: readonly [number, number, number]): string => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  guests.forEach(([n, c, pp, t], i) => rows.push([`EU-${300 + (i % 3)}`, n, dotted(birth[i]!), c, pp, t]));
  [0, 5].forEach((i) => rows.push(["EU-310", guests[i]![0], iso(birth[i]!), guests[i]![1], guests[i]![2], guests[i]![3]]));
  add("inbound-europe-guests.csv", csv(rows), ["other", "name_romaji", "birth_date", "other", "passport_number", "phone"], 14, 12, "European guests: names with diacritics (Müller, Dvořák, Øster), birth dates as dd.mm.yyyy, two booked again with ISO dates (one person each: phone + birth date)");
}
{
  // a company's customer contacts: the person in charge's direct line with an extension (内線, ext., x), the
  // company's own number and corporate number beside them
  const ps = crowd(16);
  const ext = (i: number): string => [`内線${int(10, 999)}`, ` 内線 ${int(10, 999)}`, ` ext. ${int(10, 99)}`, ` x${int(100, 999)}`, `（内線${int(10, 99)}）`, ""][i % 6] as string;
  const rows = [["取引先コード", "会社名", "法人番号", "担当者名", "担当者電話", "担当者メール"]];
  ps.forEach((p, i) => rows.push([`C-${5100 + i}`, `株式会社${pick(["山田商事", "東西物産", "北辰観光", "南海トラベル"])}`, corporate(), kanji(p), `03-${int(2, 9)}${digits(3)}-${digits(4)}${ext(i)}`, p.email]));
  add("corporate-contacts-extension.csv", csv(rows), ["other", "other", "corporate_number", "name_kanji", "phone", "email"], 16, 16, "phones with extensions (内線123, ext. 12, x123, （内線12）) beside corporate numbers");
}

{
  // a sales export by branch as Excel writes it: a 小計 row after each branch, 合計 at the end (in the name column,
  // where 合計 would pass for a kanji name), 以上 under it; none of them a customer
  const ps = crowd(15);
  const rows = [["支店", "顧客名", "電話番号", "メールアドレス", "売上"]];
  ["東京", "大阪", "福岡"].forEach((branch, b) => {
    let sum = 0;
    ps.slice(b * 5, b * 5 + 5).forEach((p) => {
      const amount = int(1, 90) * 1000;
      sum += amount;
      rows.push([branch, kanji(p), hy(p.phone), p.email, String(amount)]);
    });
    rows.push(["", "小計", "", "", String(sum)]);
  });
  rows.push(["", "合計", "", "", "999999"], ["以上"]);
  add("sales-with-totals.csv", csv(rows), ["other", "name_kanji", "phone", "email", "other"], 15, 15, "a sales export with 小計 rows after each branch, 合計 (in the name column) and 以上 at the end: no records");
}

{
  // a travel agency's bookings with the companions of each booking in one cell (同行者: "山田 花子、山田 一郎"), their
  // kana likewise; the companions are names in the column, but no people of their own (nothing tells two apart)
  const ps = crowd(12);
  const rows = [["予約番号", "代表者氏名", "代表者カナ", "生年月日", "電話番号", "同行者", "同行者カナ", "人数"]];
  ps.forEach((p, i) => {
    const party = crowd(i % 4).map((c) => ({ ...c, fam: p.fam }));
    const sep = ["、", "／", ", "][i % 3] as string;
    rows.push([`R-${2100 + i}`, kanji(p), kana(p), iso(p.birth), hy(p.phone), party.map((c) => kanji(c)).join(sep), party.map((c) => kana(c)).join("、"), String(party.length + 1)]);
  });
  add("bookings-companions.csv", csv(rows), ["other", "name_kanji", "name_kana", "birth_date", "phone", "name_kanji", "name_kana", "other"], 12, 12, "companions listed in one cell (同行者: names between 、 ／ ,), with their kana: name columns; the people are the bookings'");
}

{
  // a customer list opened in Excel and saved again as CSV: the phone and postal-code columns read as numbers lost their
  // leading 0 (9012345678, 600001 for 060-0001), the member numbers beside them are 10 digits too (no phones); two
  // customers appear again in a later export whose phones kept their hyphens (one person each: phone + birth date)
  const ps = crowd(14);
  const rows = [["会員番号", "氏名", "生年月日", "郵便番号", "電話番号", "ポイント"]];
  const zip = (i: number, p: Person): string => (i % 3 === 0 ? String(int(1, 99999)).padStart(6, "0").replace(/^0/, "6") : p.place[0].replace("-", ""));
  ps.forEach((p, i) => rows.push([String(int(1_000_000_000, 1_999_999_999)), kanji(p), slashes(p.birth), zip(i, p), p.phone.slice(1), String(int(0, 9000))]));
  [2, 9].forEach((i) => rows.push([String(int(1_000_000_000, 1_999_999_999)), kanji(ps[i]!), slashes(ps[i]!.birth), ps[i]!.place[0], hy(ps[i]!.phone), "0"]));
  add("excel-lost-zeros.csv", csv(rows), ["other", "name_kanji", "birth_date", "postal_code", "phone", "other"], 16, 14, "saved by Excel: phones and postal codes without their leading 0 (9012345678, 600001), 10-digit member numbers beside them; two customers again with hyphenated phones");
}

{
  // an American tour operator's export: dates month first (01/15/1970), many of them in doubt taken alone (06/12/1985);
  // three travellers booked again with the date written the ISO way (one person each: phone + birth date)
  const guests = ["Smith John", "Johnson Mary", "Williams James", "Brown Patricia", "Jones Robert", "Garcia Linda", "Miller Michael", "Davis Barbara", "Wilson David", "Moore Susan", "Taylor Daniel", "Anderson Karen", "Thomas Paul", "Jackson Nancy"];
  const birth = guests.map((_, i) => [int(1940, 2000), int(1, 12), i % 2 === 0 ? int(13, 28) : int(1, 12)] as const);
  const mdy = ([y, m, d]: readonly [number, number, number]): string => `${String(m).padStart(2, "0")}/${String(d).padStart(2, "0")}/${y}`;
  const iso = ([y, m, d]: readonly [number, number, number]): string => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const phones = guests.map(() => `+1 ${int(201, 989)} 555 ${digits(4)}`);
  const rows = [["Booking", "Traveler", "DOB", "Phone", "Departure"]];
  guests.forEach((g, i) => rows.push([`US-${4400 + i}`, g, mdy(birth[i]!), phones[i]!, mdy([2016, int(7, 8), int(1, 28)])]));
  [1, 3, 6].forEach((i) => rows.push([`US-${4500 + i}`, guests[i]!, iso(birth[i]!), phones[i]!, mdy([2016, 9, int(1, 28)])]));
  add("us-tour-dates-month-first.csv", csv(rows), ["other", "name_romaji", "birth_date", "phone", "date"], 17, 14, "dates month first (01/15/1970), half of them in doubt alone (06/12/1985): the column's order decides; three travellers again with ISO birth dates");
}

{
  // a guest list kept in Excel with empty rows between the groups and under the list, saved as CSV: rows of commas
  // only (,,,,,) and one of spaces, which are no guests; a row holding only a room number is a record (of no one)
  const ps = crowd(12);
  const rows = [["部屋", "氏名", "フリガナ", "電話番号", "チェックイン"]];
  ps.forEach((p, i) => {
    rows.push([String(301 + i), kanji(p), kana(p), hy(p.phone), `2016/07/${String(1 + i).padStart(2, "0")}`]);
    if (i % 4 === 3) rows.push(["", "", "", "", ""]);
  });
  rows.push(["315", "", "", "", ""], ["", " ", "", "\u3000", ""], ["", "", "", "", ""], ["", "", "", "", ""]);
  add("excel-empty-rows.csv", csv(rows), ["other", "name_kanji", "name_kana", "phone", "date"], 13, 12, "rows of empty cells between the groups and under the list (,,,,, and spaces): no records; a row with only a room number is one");
}

{
  // a Korean partner's rooming list, headers in Korean: names in Hangul (성명) beside their romaji (영문성명), mobiles as
  // Korea writes them (010-1234-5678: no Japanese number), Korean passports (M + 8 digits); one traveller twice
  const guests = [["김민수", "KIM MINSU"], ["이서연", "LEE SEOYEON"], ["박지훈", "PARK JIHOON"], ["최유진", "CHOI YUJIN"], ["정하늘", "JUNG HANEUL"], ["강동원", "KANG DONGWON"], ["윤서아", "YOON SEOA"], ["장민호", "JANG MINHO"], ["임지은", "LIM JIEUN"], ["한도윤", "HAN DOYUN"], ["오세훈", "OH SEHOON"], ["서지수", "SEO JISU"]] as const;
  const info = guests.map(() => ({ birth: `${int(1950, 2005)}-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}`, phone: `010-${digits(4)}-${digits(4)}`, passport: `M${digits(8)}` }));
  const rows = [["예약번호", "성명", "영문성명", "생년월일", "휴대전화", "이메일", "여권번호"]];
  const row = (i: number, k: number): string[] => [`KR${7000 + k}`, guests[i]![0], guests[i]![1], info[i]!.birth, info[i]!.phone, `${guests[i]![1].toLowerCase().replace(" ", ".")}@example.kr`, info[i]!.passport];
  guests.forEach((_, i) => rows.push(row(i, i)));
  rows.push(row(4, 12));
  add("korean-rooming-list.csv", csv(rows), ["other", "name_kanji", "name_romaji", "birth_date", "phone", "email", "passport_number"], 13, 12, "a Korean partner's rooming list: Korean headers, names in Hangul, Korean mobiles (010-…) and passports (M + 8 digits); one traveller twice");
}

{
  // a hotel's guest register (宿泊者名簿) with foreign guests: the 氏名 column in kanji, Hangul, Cyrillic, simplified
  // Chinese and romaji; passports of several countries; phones Japanese and international
  const ps = crowd(6);
  const foreign = [
    ["김서준", "M" + digits(8), `+82 10-${digits(4)}-${digits(4)}`],
    ["박하은", "M" + digits(8), `+82 10-${digits(4)}-${digits(4)}`],
    ["王伟", "E" + digits(8), `+86 138 ${digits(4)} ${digits(4)}`],
    ["张秀英", "E" + digits(8), `+86 139 ${digits(4)} ${digits(4)}`],
    ["Иванов Иван", digits(9), `+7 916 ${digits(3)}-${digits(2)}-${digits(2)}`],
    ["Смирнова Ольга Викторовна", digits(9), `+7 903 ${digits(3)}-${digits(2)}-${digits(2)}`],
    ["John Smith", digits(9), `+1 212 555 ${digits(4)}`],
    ["Maria Garcia", "PA" + digits(7), `+34 612 ${digits(3)} ${digits(3)}`],
  ] as const;
  const rows = [["部屋", "氏名", "国籍", "旅券番号", "電話番号", "チェックイン"]];
  ps.forEach((p, i) => rows.push([String(501 + i), kanji(p), "日本", "", hy(p.phone), `2016/08/${String(1 + i).padStart(2, "0")}`]));
  const nations = ["韓国", "韓国", "中国", "中国", "ロシア", "ロシア", "米国", "スペイン"];
  foreign.forEach(([name, pass, tel], i) => rows.push([String(601 + i), name, nations[i]!, pass, tel, `2016/08/${String(7 + i).padStart(2, "0")}`]));
  add("guest-register-foreign-scripts.csv", csv(rows), ["other", "name_kanji", "other", "passport_number", "phone", "date"], 14, 14, "a hotel's guest register: 氏名 in kanji, Hangul, Cyrillic, simplified Chinese and romaji; foreign passports and phones");
}

{
  // a Russian agency's list, headers in Russian: ФИО in Cyrillic, birth dates dd.mm.yyyy, +7 phones, passports
  // (international, 9 digits: 72 1234567)
  const names = ["Иванов Иван Иванович", "Петрова Анна Сергеевна", "Сидоров Павел Петрович", "Смирнова Ольга Викторовна", "Кузнецов Дмитрий Алексеевич", "Попова Мария Игоревна", "Соколов Артём Андреевич", "Лебедева Екатерина Павловна", "Козлов Никита Сергеевич", "Новикова Дарья Олеговна"];
  const rows = [["ФИО", "Дата рождения", "Телефон", "Email", "Паспорт"]];
  names.forEach((n, i) => rows.push([n, `${String(int(1, 28)).padStart(2, "0")}.${String(int(1, 12)).padStart(2, "0")}.${int(1950, 2004)}`, `+7 9${digits(2)} ${digits(3)}-${digits(2)}-${digits(2)}`, `guest${100 + i}@example.ru`, `${digits(2)} ${digits(7)}`]));
  add("russian-agency-list.csv", csv(rows), ["name_kanji", "birth_date", "phone", "email", "passport_number"], 10, 10, "a Russian agency's list: Russian headers, names in Cyrillic (ФИО), dd.mm.yyyy birth dates, +7 phones, 9-digit passports");
}

{
  // an online shop's orders where the payment provider kept the cards: numbers masked (first 6 and last 4 at most),
  // the card's expiry as MM/YY under card_expiry (no passport's), amounts
  const ps = crowd(10);
  const maskers = [(c: string) => `${c.slice(0, 4)}-XXXX-XXXX-${c.slice(12)}`, (c: string) => `${c.slice(0, 6)}******${c.slice(12)}`, (c: string) => `************${c.slice(12)}`, (c: string) => `**** **** **** ${c.slice(12)}`];
  const rows = [["order_id", "customer", "email", "card_number", "card_expiry", "amount"]];
  ps.forEach((p, i) => rows.push([`ORD-${88000 + i}`, romaji(p), p.email, maskers[i % 4]!(card()), `${String(int(1, 12)).padStart(2, "0")}/${int(25, 30)}`, String(int(20, 900) * 100)]));
  add("orders-masked-cards.csv", csv(rows), ["other", "name_romaji", "email", "card_number", "other", "other"], 10, 10, "card numbers masked by the payment provider (4111-XXXX-XXXX-1111, ************4242): a card column with no whole number; card_expiry MM/YY is no passport's expiry");
}

{
  // a reservation list opened and saved by Excel: the card numbers in scientific notation (4.11111E+15)
  const ps = crowd(8);
  const rows = [["予約番号", "氏名", "電話番号", "カード番号", "カード有効期限"]];
  ps.forEach((p, i) => {
    const c = card();
    rows.push([`R${5100 + i}`, kanji(p), hy(p.phone), `${c[0]}${`.${c.slice(1, 6)}`.replace(/\.?0+$/, "")}E+15`, `20${int(25, 30)}/${String(int(1, 12)).padStart(2, "0")}/01`]);
  });
  add("excel-cards-scientific.csv", csv(rows), ["other", "name_kanji", "phone", "card_number", "date"], 8, 8, "card numbers Excel wrote in scientific notation (4.11111E+15): a card column whose digits are lost; a card's expiry as a date, no passport's");
}

{
  // a Chinese partner's list, headers in simplified Chinese: names in simplified hanzi with their pinyin, mobiles as
  // China writes them (138 0013 8000), Chinese passports (E + 8 digits), addresses in China; one traveller twice
  const guests = [["王伟", "WANG WEI"], ["李娜", "LI NA"], ["张伟", "ZHANG WEI"], ["刘洋", "LIU YANG"], ["陈静", "CHEN JING"], ["杨帆", "YANG FAN"], ["赵丽", "ZHAO LI"], ["黄磊", "HUANG LEI"], ["周杰", "ZHOU JIE"], ["吴敏", "WU MIN"]] as const;
  const cities = ["北京市朝阳区建国路", "上海市浦东新区世纪大道", "广州市天河区天河路", "深圳市南山区科技园路", "成都市锦江区春熙路"];
  const info = guests.map((_, i) => ({ birth: `${int(1950, 2004)}-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}`, phone: `13${int(0, 9)} ${digits(4)} ${digits(4)}`, passport: `E${digits(8)}`, addr: `${cities[i % 5]}${int(1, 400)}号` }));
  const rows = [["订单号", "姓名", "拼音", "性别", "出生日期", "手机号", "电子邮箱", "护照号码", "地址"]];
  const row = (i: number, k: number): string[] => [`CN${3000 + k}`, guests[i]![0], guests[i]![1], i % 2 ? "女" : "男", info[i]!.birth, info[i]!.phone, `${guests[i]![1].toLowerCase().replace(" ", "")}${i}@example.cn`, info[i]!.passport, info[i]!.addr];
  guests.forEach((_, i) => rows.push(row(i, i)));
  rows.push(row(2, 10));
  add("chinese-partner-list.csv", csv(rows), ["other", "name_kanji", "name_romaji", "sex", "birth_date", "phone", "email", "passport_number", "address"], 11, 10, "a Chinese partner's list: simplified-Chinese headers, hanzi names with pinyin, mobiles written 138 0013 8000, E + 8 passports, addresses in China; one traveller twice");
}

{
  // a member list saved to CSV from a sheet whose birth-date column was formatted as a number: Excel serial day
  // numbers (25583 = 1970-01-15); the joining date as the booking system printed it, with its weekday; one member twice
  const serial = (n: number): string => String((Date.UTC(Math.floor(n / 10000), (Math.floor(n / 100) % 100) - 1, n % 100) - Date.UTC(1899, 11, 30)) / 86_400_000);
  const withWeekday = (n: number): string => `${Math.floor(n / 10000)}/${String(Math.floor(n / 100) % 100).padStart(2, "0")}/${String(n % 100).padStart(2, "0")}(${"日月火水木金土"[new Date(Date.UTC(Math.floor(n / 10000), (Math.floor(n / 100) % 100) - 1, n % 100)).getUTCDay()]})`;
  const ps = crowd(12);
  const rows = [["会員番号", "氏名", "フリガナ", "生年月日", "入会日", "年齢", "メール"]];
  const row = (p: Person, k: number, email: string): string[] => [String(20001 + k), kanji(p), kana(p), serial(p.birth), withWeekday(int(2010, 2015) * 10000 + int(1, 12) * 100 + int(1, 28)), String(2016 - Math.floor(p.birth / 10000)), email];
  ps.forEach((p, i) => rows.push(row(p, i, p.email)));
  rows.push(row(ps[4]!, 12, `new.${ps[4]!.email}`));
  add("members-excel-serial-dates.csv", csv(rows), ["other", "name_kanji", "name_kana", "birth_date", "date", "other", "email"], 13, 12, "birth dates Excel saved as serial day numbers (25583 = 1970-01-15) under 生年月日; a joining date with its weekday (2015/11/01(日)); one member twice with two e-mails");
}

{
  // two monthly exports joined with cat: the second brings its header again (with its BOM), each ends with a count
  // line (件数: 8); one customer is in both months
  const ps = crowd(15);
  const month = (list: Person[]): string[][] => [["氏名", "フリガナ", "生年月日", "電話番号", "メールアドレス"], ...list.map((p) => [kanji(p), kana(p), iso(p.birth), hy(p.phone), p.email]), [`件数: ${list.length}`]];
  const first = month(ps.slice(0, 8));
  const second = month([...ps.slice(8), ps[2]!]);
  add("exports-joined.csv", `${csv(first)}\ufeff${csv(second)}`, ["name_kanji", "name_kana", "birth_date", "phone", "email"], 16, 15, "two monthly exports joined with cat: the header again in the middle (with a BOM), a count line (件数: 8) after each; one customer in both");
}

{
  // an online shop's database (EC-CUBE's dtb_customer, in many Japanese card-skimming leaks): the postal code in
  // zip01/zip02, the prefecture as its JIS code beside addr01/addr02, the phone in tel01/tel02/tel03, an empty fax,
  // sex as 1/2, password hashes (bcrypt, as PHP's password_hash writes them)
  const ps = crowd(14);
  const cols = ["customer_id", "status", "name01", "name02", "kana01", "kana02", "company_name", "zip01", "zip02", "pref", "addr01", "addr02", "email", "tel01", "tel02", "tel03", "fax01", "fax02", "fax03", "sex", "birth", "password", "create_date"];
  const rows = ps.map((p, i) => {
    const pref = PREFECTURES.findIndex((x) => p.place[1].startsWith(x));
    return [String(i + 1), "2", p.fam[0], p.giv[0], p.fam[1], p.giv[1], null, p.place[0].slice(0, 3), p.place[0].slice(4), String(pref + 1), p.place[1].slice(PREFECTURES[pref]!.length), p.block, p.email, p.phone.slice(0, 3), p.phone.slice(3, 7), p.phone.slice(7), null, null, null, p.giv[3] === "M" ? "1" : "2", `${iso(p.birth)} 00:00:00`, `$2y$10$${Array.from({ length: 53 }, () => pick("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".split(""))).join("")}`, `2016-0${int(1, 5)}-${String(int(10, 28))} 10:${String(int(10, 59))}:00`];
  });
  add("eccube-customers.sql", `-- MySQL dump\n/*!40101 SET NAMES utf8mb4 */;\n${mysqlInsert("dtb_customer", cols, rows)}`, "dtb_customer=other,other,name_kanji,name_kanji,name_kana,name_kana,empty,other,other,other,other,other,email,other,other,other,empty,empty,empty,sex,birth_date,other,date,address,phone,postal_code", 14, 14, "a shop's EC-CUBE customer table: postal code in zip01/zip02, the prefecture's JIS code with addr01/addr02, the phone in tel01/tel02/tel03 — each a value over several columns");
}

{
  // a CRM export: each customer's own mobile, and numbers others share — the company's switchboard, an emergency
  // contact's, a fax; two pairs of colleagues born on the same day (one switchboard and one birth date: not one person)
  const ps = crowd(24);
  ps[7]!.birth = ps[1]!.birth;
  ps[20]!.birth = ps[14]!.birth;
  const rows = [["顧客ID", "顧客名", "顧客名カナ", "生年月日", "携帯電話", "勤務先名", "勤務先電話番号", "緊急連絡先電話番号", "FAX番号", "メールアドレス"]];
  ps.forEach((p, i) => rows.push([`C${7000 + i}`, kanji(p), kana(p), iso(p.birth), hy(p.phone), `株式会社${["みどり", "あさひ", "ほくと"][i % 3]}商事`, `03-3${i % 3}00-0000`, `03-5${i % 2}00-1111`, `03-3${i % 3}00-9999`, p.email]));
  add("crm-shared-phones.csv", csv(rows), ["other", "name_kanji", "name_kana", "birth_date", "phone", "other", "phone", "phone", "phone", "email"], 24, 24, "a CRM export with the company's switchboard, an emergency contact's number and a fax beside each customer's own mobile; colleagues born on the same day are not one person");
}

{
  // a hotel's guest list: each guest on a row of their own, with the booking representative's e-mail and phone on
  // every row of the booking (a family of two to four); one guest of a later booking stayed before, under their own
  // e-mail
  const guests: string[][] = [["予約番号", "宿泊者氏名", "宿泊者カナ", "生年月日", "代表者メールアドレス", "代表者連絡先"]];
  const all: Person[] = [];
  for (let b = 0; b < 8; b++) {
    const head = person(1950, 1985);
    const members = [head, ...crowd(1 + (b % 3), 1950, 2012).map((p) => ({ ...p, fam: head.fam }))];
    for (const p of members) {
      guests.push([`H${8100 + b}`, kanji(p), kana(p), iso(p.birth), head.email, hy(head.phone)]);
      all.push(p);
    }
  }
  const back = all[3]!;
  guests.push(["H8200", kanji(back), kana(back), iso(back.birth), back.email, hy(back.phone)]);
  add("hotel-family-bookings.csv", csv(guests), ["other", "name_kanji", "name_kana", "birth_date", "email", "phone"], all.length + 1, all.length, "a hotel's guest list: the booking representative's e-mail and phone on each guest's row (families of two to four): each guest a person; one guest back under their own e-mail");
}

{
  // a member export written for Excel: member numbers, phones and postal codes as text formulas (="090…") so that
  // Excel keeps their leading zeros — some bare (="…"), some in quotes as a CSV writer escapes them ("=""…""")
  const ps = crowd(14);
  const formula = (v: string, k: number): string => (k % 2 ? `="${v}"` : `"=""${v}"""`);
  const lines = ["会員番号,氏名,フリガナ,電話番号,郵便番号,住所,メールアドレス"];
  ps.forEach((p, i) => lines.push([formula(`00${31000 + i}`, i), kanji(p), kana(p), formula(p.phone, i), formula(p.place[0].replace("-", ""), i + 1), addr(p), p.email].join(",")));
  add("excel-formula-zeros.csv", lines.join("\r\n") + "\r\n", ["other", "name_kanji", "name_kana", "phone", "postal_code", "address", "email"], 14, 14, "phones, postal codes and member numbers written as Excel text formulas (=\"09012345678\", \"=\"\"1000001\"\"\") to keep their leading zeros");
}

const dir = process.env.TRAP_DIR ?? "bench/corpus/traps";
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const manifest = ["# file\trecords\tpeople\tcolumn types in order (SQL: table=types;…)\ttrap"];
for (const t of traps) {
  writeFileSync(`${dir}/${t.file}`, t.content);
  manifest.push([t.file, t.records, t.people, t.columns, t.trap].join("\t"));
}
writeFileSync(process.env.TRAP_DIR ? `${dir}/traps.tsv` : "bench/corpus/traps.tsv", manifest.join("\n") + "\n");
console.log(`${traps.length} files, ${traps.reduce((n, t) => n + t.columns.split(/[,;]/).length, 0)} columns`);
