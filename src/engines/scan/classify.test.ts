/** Column classification: header, values, distribution, dictionaries and neighbours, and the evidence given. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { classifyColumn, classifyTable } from "./classify.js";
import { corporateCheckDigit } from "./validators/checkdigits.js";

const types = (header: string[], rows: string[][]): string[] => classifyTable("t", header, rows).map((c) => c.type);
const noHeader = (rows: string[][]): string[] => types(rows[0]!.map((_, i) => `column${i + 1}`), rows);

const PEOPLE = [
  ["五十嵐 蒼", "イガラシ アオイ", "1975-03-12", "男", "064-0941", "北海道札幌市中央区旭ケ丘1-2-3", "TK1234567", "2012-05-01"],
  ["東海林 紬", "ショウジ ツムギ", "1988-11-02", "女", "020-0023", "岩手県盛岡市内丸2-3-4", "MZ7654321", "2014-01-10"],
  ["佐藤 湊", "サトウ ミナト", "1949-07-30", "男", "310-0011", "茨城県水戸市三の丸3-4-5", "TR2345678", "2009-12-31"],
  ["比嘉 凛", "ヒガ リン", "2001-01-15", "女", "900-0015", "沖縄県那覇市久茂地4-5-6", "TA3456789", "2015-06-20"],
  ["若林 節子", "ワカバヤシ セツコ", "1938-04-04", "女", "150-0041", "東京都渋谷区神南5-6-7", "MB4567890", "2011-03-03"],
  ["久保田 樹", "クボタ イツキ", "1966-09-09", "男", "231-0023", "神奈川県横浜市中区山下町6-7-8", "TC5678901", "2013-08-08"],
];

describe("values alone (no header row)", () => {
  test("kanji names, kana names, birth dates, sex and postal codes are recognised beside an address", () => {
    assert.deepEqual(noHeader(PEOPLE.map((p) => p.slice(0, 6))), ["name_kanji", "name_kana", "birth_date", "sex", "postal_code", "address"]);
  });
  test("a passport number sits with a name and an issue date; the older, wider dates are birth dates", () => {
    const rows = PEOPLE.map((p) => [p[0]!, p[6]!, p[7]!, p[2]!]);
    assert.deepEqual(noHeader(rows), ["name_kanji", "passport_number", "passport_issue_date", "birth_date"]);
    const passport = classifyTable("t", ["a", "b", "c", "d"], rows)[1]!;
    assert.equal(passport.basis, "values+neighbours");
    assert.ok(passport.evidence.some((e) => e.startsWith("neighbours:")), passport.evidence.join("; "));
  });
  test("the same values with nothing personal beside them stay unclassified", () => {
    assert.deepEqual(noHeader(PEOPLE.map((p) => [p[6]!, String(Number(p[2]!.slice(0, 4)) % 7)])), ["other", "other"]);
    assert.deepEqual(noHeader(PEOPLE.map((p) => [p[0]!])), ["other"]);
  });
});

describe("look-alikes in business columns", () => {
  const codes = ["AB1234567", "CX7654321", "AB1234567", "KT2345678", "CX7654321", "AB1234567", "KT2345678", "AB1234567"];
  test("a passport-shaped code that repeats is no passport, even beside a name, and says why", () => {
    const rows = codes.map((c, i) => [PEOPLE[i % PEOPLE.length]![0]!, c]);
    const [, code] = classifyTable("t", ["column1", "column2"], rows);
    assert.equal(code!.type, "other");
    assert.ok(code!.evidence.some((e) => e.includes("repeats")), code!.evidence.join("; "));
  });
  test("a header naming a product overrules a kana keyword (商品ｶﾅ); a customer's kana stays a name", () => {
    const rows = [["ｼｬﾝﾌﾟｰ", "ﾔﾏﾀﾞ ﾀﾛｳ"], ["ﾎﾞﾃﾞｨｿｰﾌﾟ", "ｻﾄｳ ﾊﾅｺ"], ["ﾀｵﾙ ｾｯﾄ", "ｽｽﾞｷ ｲﾁﾛｳ"], ["ｱｲﾏｽｸ", "ﾀﾅｶ ｹﾝﾀ"]];
    assert.deepEqual(types(["商品ｶﾅ", "顧客ｶﾅ"], rows), ["other", "name_kana"]);
  });
  test("12-digit member numbers are not My Numbers; a 個人番号 header with valid check digits is", () => {
    assert.equal(classifyColumn("会員番号", ["123456789018", "234567890123", "345678901234"], "t", 0).type, "other");
    assert.equal(classifyColumn("個人番号", ["123456789018", "1234 5678 9018"], "t", 0).type, "my_number");
  });
  test("Luhn-valid order ids under an order header are not card numbers", () => {
    assert.equal(classifyColumn("注文番号", ["4111111111111111", "4980000000000006", "3528000000000007"], "t", 0).type, "other");
  });
  test("organisation and place names are not person names", () => {
    const rows = ["株式会社みらい商事", "有限会社丸一運輸", "新宿支店", "ホテル潮騒", "営業部"].map((s, i) => [s, PEOPLE[i]![5]!]);
    assert.deepEqual(noHeader(rows), ["other", "address"]);
  });
});

describe("corporate files", () => {
  const corp = (base: string): string => `${corporateCheckDigit(base)}${base}`;
  test("担当者名 is a person's name; T + corporate number is a corporate number; 会社名 is not a name", () => {
    const rows = ["123456789012", "234567890123", "345678901234"].map((b, i) => ["株式会社ひかり観光", corp(b), `T${corp(b)}`, PEOPLE[i]![0]!]);
    assert.deepEqual(types(["会社名", "法人番号", "適格請求書発行事業者登録番号", "担当者名"], rows), ["other", "corporate_number", "corporate_number", "name_kanji"]);
  });
});

describe("card columns", () => {
  test("a mostly NULL column of a test card number is still a card column, and the report says they are test numbers", () => {
    const values = ["NULL", "NULL", "4111111111111111", "NULL", "NULL", "NULL", "4111111111111111", "NULL"];
    const c = classifyColumn("card_no", values, "orders", 3);
    assert.equal(c.type, "card_number");
    assert.ok(c.evidence.some((e) => e.includes("test card numbers")), c.evidence.join("; "));
  });
  test("only the last four digits are not a card column", () => {
    assert.equal(classifyColumn("card_last4", ["1234", "5678", "9012"], "t", 0).type, "other");
  });
  test("masked card numbers: a card column that holds no whole number, said so", () => {
    const c = classifyColumn("card_number", ["4111-XXXX-XXXX-1111", "5500********0004", "************4242", "**** **** **** 5100", "3530-11**-****-0000"], "t", 0);
    assert.equal(c.type, "card_number");
    assert.match(c.evidence.join(" "), /masked card numbers.*no whole number/);
    // not masked: too few places, nothing masked, nothing shown, or not under a card header
    for (const v of ["XXXX-1111", "4111111111111112", "****-****-****-****", "ABCD-XXXX-XXXX-1111"]) assert.equal(classifyColumn("card_number", [v, v, v], "t", 0).type, "other", v);
    assert.equal(classifyColumn("order_ref", ["4111-XXXX-XXXX-1111", "5500********0004", "************4242"], "t", 0).type, "other");
  });
  test("card numbers Excel wrote in scientific notation: a card column, its digits lost, said so", () => {
    const c = classifyColumn("カード番号", ["4.11111E+15", "5.5E+15", "3.53011E+15", "4.24242e+15"], "t", 0);
    assert.equal(c.type, "card_number");
    assert.match(c.evidence.join(" "), /scientific notation/);
    assert.equal(classifyColumn("マイナンバー", ["1.23457E+11", "9.87654E+11", "1.11111E+11"], "t", 0).type, "my_number");
    assert.equal(classifyColumn("金額", ["1.2E+06", "3.4E+06", "5.6E+06"], "t", 0).type, "other", "no header of a number-shaped type");
  });
  test("a card's expiry date is no passport's; a security code column is named", () => {
    const [, expiry, code] = classifyTable("t", ["card_number", "card_expiry", "cvv"], [
      ["4111111111111111", "2025-12-31", "123"],
      ["5500000000000004", "2026-01-31", "456"],
      ["4242424242424242", "2027-03-31", "789"],
    ]);
    assert.notEqual(expiry!.type, "passport_expiry_date");
    assert.match(expiry!.evidence.join(" "), /payment card's date/);
    assert.match(code!.evidence.join(" "), /security code/);
    assert.doesNotMatch(classifyColumn("cid", ["1001", "1002", "1003"], "t", 0).evidence.join(" "), /security code/, "cid: a customer id");
  });
});

describe("dates", () => {
  test("booking dates beside birth dates stay dates (spread of a few months)", () => {
    const rows = PEOPLE.map((p, i) => [`2016-04-${10 + i}`, p[0]!, p[2]!]);
    assert.deepEqual(noHeader(rows), ["date", "name_kanji", "birth_date"]);
  });
  test("dates month first (a US system's 01/15/1970): the order read from the values not in doubt, and said", () => {
    const us = ["01/15/1970", "06/12/1985", "03/04/1952", "11/28/1966", "02/02/1990", "07/09/1944"];
    const rows = PEOPLE.map((p, i) => [p[0]!, us[i]!, `0${1 + i}/0${2 + i}/2016`]);
    const [, birth, arrival] = classifyTable("t", ["Name", "Date of Birth", "Arrival"], rows);
    assert.equal(birth!.type, "birth_date");
    assert.equal(birth!.dateOrder, "mdy");
    assert.equal(birth!.sampleMatchShare, 1, "the values in doubt count too");
    assert.ok(birth!.evidence.some((e) => e.includes("month first")), birth!.evidence.join("; "));
    assert.equal(arrival!.dateOrder, undefined, "nothing in doubt decided: no order");
    // day first in another column of the same file; both orders in one column: none
    const eu = classifyTable("t", ["Date of Birth"], us.map((d) => [`${d.slice(3, 5)}/${d.slice(0, 2)}/${d.slice(6)}`]))[0]!;
    assert.equal(eu.dateOrder, "dmy");
    const both = classifyTable("t", ["Date of Birth"], [...us.slice(0, 3), "28/11/1966"].map((d) => [d]))[0]!;
    assert.equal(both.dateOrder, undefined);
  });
  test("birth dates as Excel serial day numbers (a sheet saved to CSV): read under a date header, said, never without one", () => {
    const serials = ["25583", "31099", "19104", "24440", "32906", "16262"];
    const rows = PEOPLE.map((p, i) => [p[0]!, serials[i]!, serials[i]!, "1970"]);
    const [, birth, amount, year] = classifyTable("t", ["氏名", "生年月日", "金額", "生年"], rows);
    assert.equal(birth!.type, "birth_date");
    assert.equal(birth!.dateSerial, true);
    assert.equal(birth!.sampleMatchShare, 1);
    assert.match(birth!.evidence.join("; "), /Excel serial day numbers/);
    assert.notEqual(amount!.type, "birth_date", "five digits without a date header are no date");
    assert.equal(amount!.dateSerial, undefined);
    assert.notEqual(year!.type, "birth_date", "a year under 生年 is no serial");
    // a few dates written as dates among the serials count too; a column of ISO dates is no serial column
    const mixed = classifyTable("t", ["生年月日"], [...serials.slice(0, 4), "1970-01-15", "昭和45年1月15日"].map((d) => [d]))[0]!;
    assert.equal(mixed.dateSerial, true);
    assert.equal(mixed.sampleMatchShare, 1);
    assert.equal(classifyTable("t", ["生年月日"], [["1970-01-15"], ["25583"], ["1985-06-12"]])[0]!.dateSerial, undefined);
  });
  test("era dates without a header are birth dates beside names", () => {
    const rows = PEOPLE.map((p, i) => [p[0]!, `昭和${20 + i * 7}年${i + 1}月${i + 3}日`]);
    assert.deepEqual(noHeader(rows), ["name_kanji", "birth_date"]);
  });
});

describe("phones others share", () => {
  test("a company's, an emergency contact's, a fax: phones, in no match key; the customer's own: keys", () => {
    const rows = PEOPLE.map((p, i) => [p[0]!, `090-1234-56${10 + i}`, "03-1234-0000", `03-5555-00${10 + i}`, "03-1234-9999", `03-6666-00${10 + i}`, `090-7777-00${10 + i}`]);
    const profiles = classifyTable("t", ["氏名", "携帯電話番号", "勤務先電話番号", "緊急連絡先電話番号", "FAX", "自宅電話", "main_phone"], rows);
    assert.deepEqual(profiles.map((c) => c.type), ["name_kanji", "phone", "phone", "phone", "phone", "phone", "phone"]);
    assert.deepEqual(profiles.map((c) => c.sharedContact === true), [false, false, true, true, true, false, false]);
    assert.match(profiles[2]!.evidence.join(" "), /not used to join records/);
    assert.equal(classifyTable("t", ["連絡先電話番号"], rows.map((r) => [r[1]!]))[0]!.sharedContact, undefined, "a contact number is the person's own");
  });
});

describe("contacts the sample shows beside different people", () => {
  const fam = ["ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ"];
  const giv = ["タロウ", "ハナコ", "イチロウ", "ミサキ"];
  test("the booker's e-mail on each guest's row: in no match key; a customer's own, booking again: a key", () => {
    const family: string[][] = [];
    fam.forEach((f, b) => giv.slice(0, 2 + (b % 3)).forEach((g, k) => family.push([`${f} ${g}`, `19${50 + b * 7 + k}-0${1 + k}-1${b}`, `booker${b}@example.jp`, `090-0000-00${10 + b}`])));
    const [, , mail, tel] = classifyTable("t", ["宿泊者カナ", "生年月日", "メールアドレス", "携帯電話"], family);
    assert.equal(mail!.type, "email");
    assert.equal(mail!.sharedContact, true);
    assert.match(mail!.evidence.join(" "), /beside different people on 6 of the 6 values/);
    assert.equal(tel!.sharedContact, true);
    // the same customers booking three times each (one row without its birth date): their own contacts
    const again = fam.flatMap((f, b) => [0, 1, 2].map((k) => [`${f} タロウ`, k === 2 && b === 0 ? "" : `19${50 + b}-01-1${b}`, `c${b}@example.jp`, `090-0000-00${10 + b}`]));
    const own = classifyTable("t", ["カナ", "生年月日", "メール", "電話"], again);
    assert.deepEqual(own.map((c) => c.sharedContact === true), [false, false, false, false]);
    // two values shared only: too few to tell
    assert.equal(classifyTable("t", ["宿泊者カナ", "生年月日", "メールアドレス"], family.slice(0, 5).map((r) => r.slice(0, 3)))[2]!.sharedContact, undefined);
  });
  test("without a birth date the name tells people apart; without either, nothing is shared", () => {
    const rows = fam.flatMap((f, b) => giv.slice(0, 2).map((g) => [`${f} ${g}`, `family${b}@example.jp`]));
    assert.equal(classifyTable("t", ["カナ", "メール"], rows)[1]!.sharedContact, true);
    assert.equal(classifyTable("t", ["メール", "メモ"], rows.map(([n, m]) => [m!, n!]))[0]!.sharedContact, undefined);
  });
});

describe("headers", () => {
  test("JSON paths speak by their last segment (profile.name is a name, not a file)", () => {
    assert.equal(classifyColumn("profile.name", PEOPLE.map((p) => p[0]!), "t", 0).type, "name_kanji");
    assert.equal(classifyColumn("contact.phones.0", ["090-1234-5678", "080-2345-6789"], "t", 0).type, "phone");
  });
  test("a one-kanji given name column (名) is a name", () => {
    assert.equal(classifyColumn("名", ["蒼", "湊", "凛", "澪"], "t", 0).type, "name_kanji");
  });
  test("a person's role outweighs the thing it belongs to (来店者名, ホテル担当者名); 事業者名 stays a thing", () => {
    const names = PEOPLE.map((p) => p[0]!);
    assert.equal(classifyColumn("来店者名", names, "t", 0).type, "name_kanji");
    assert.equal(classifyColumn("ホテル担当者名", names, "t", 0).type, "name_kanji");
    assert.equal(classifyColumn("お客様名", names, "t", 0).type, "name_kanji");
    assert.equal(classifyColumn("事業者名", names, "t", 0).type, "other");
  });
  test("a keyword of the type outweighs an identifier word (passport_no)", () => {
    assert.equal(classifyColumn("passport_no", ["TK1234567", "MZ7654321", "TR2345678"], "t", 0).type, "passport_number");
  });
});

describe("foreign partners' headers", () => {
  test("a Taiwanese list in traditional Chinese: 姓名, 英文姓名, 手機, 電子郵件, 護照號碼, 地址", () => {
    const rows = [
      ["陳建宏", "CHEN CHIEN-HUNG", "0912-345-678", "chen@example.tw", "312345678", "台北市信義區信義路五段7號"],
      ["林怡君", "LIN YI-CHUN", "0923-456-789", "lin@example.tw", "323456789", "新北市板橋區文化路一段188號"],
      ["黃志明", "HUANG CHIH-MING", "0934-567-890", "huang@example.tw", "334567890", "台中市西屯區台灣大道三段99號"],
    ];
    assert.deepEqual(types(["姓名", "英文姓名", "手機", "電子郵件", "護照號碼", "地址"], rows), ["name_kanji", "name_romaji", "phone", "email", "passport_number", "address"]);
  });
  test("an English address column beside them is no romaji name (英文住所)", () => {
    assert.equal(classifyColumn("英文住所", ["1-1-1 Chiyoda, Chiyoda-ku, Tokyo", "2-2 Umeda, Kita-ku, Osaka"], "t", 0).type, "address");
  });
});

