import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as v from "./values.js";
import { kanaKey, nfkc, romajiKey, scriptOf } from "../normalize.js";
import { maskValue } from "../mask.js";

const table = (name: string, f: (s: string) => unknown, cases: [string, unknown][]): void => {
  describe(name, () => {
    for (const [input, want] of cases) test(`${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => assert.equal(f(input), want));
  });
};

table("email", v.email, [
  ["taro@example.jp", "taro@example.jp"],
  ["Taro.Yamada@Example.JP", "taro.yamada@example.jp"],
  ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"],
  [" a+b@x.co.jp ", "a+b@x.co.jp"],
  ["no-at.example.jp", null],
  ["a@b", null],
  ["a@@b.jp", null],
  ["a b@c.jp", null],
  ["a@b.c", null],
  // a mail program's "name <address>" (address books, header exports)
  ["山田太郎 <Taro.Yamada@example.jp>", "taro.yamada@example.jp"],
  ["\"Yamada, Taro\" <taro@example.jp>", "taro@example.jp"],
  ["<taro@example.jp>", "taro@example.jp"],
  ["山田太郎＜ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ＞", "taro@example.jp"],
  ["taro@example.jp>", null],
  ["山田太郎 <>", null],
  ["<山田太郎>", null],
  // what CRM exports write around an address
  ["mailto:Taro@example.jp", "taro@example.jp"],
  ["taro@example.jp; hanako@example.jp", "taro@example.jp"],
  ["taro@example.jp、hanako@example.jp", "taro@example.jp"],
  ["taro@example.jp（自宅）", "taro@example.jp"],
  ["taro@example.jp (home)", "taro@example.jp"],
  ["taro; hanako@example.jp", null],
]);

table("phone", v.phone, [
  // a label before, a note after, two numbers in one cell (the first is read)
  ["03-1234-5678（自宅）", "0312345678"],
  ["090-1234-5678 (携帯)", "09012345678"],
  ["TEL:03-1234-5678", "0312345678"],
  ["携帯：090-1234-5678", "09012345678"],
  ["03-1234-5678 / 090-1234-5678", "0312345678"],
  ["03-1234-5678、090-1234-5678", "0312345678"],
  ["+44 20 7946 0958", "+442079460958"],
  ["03-1234-5678 (内線12)", "0312345678"], // an extension in brackets is no note, and no part of the number
  ["090-1234-5678", "09012345678"],
  ["09012345678", "09012345678"],
  ["０９０－１２３４－５６７８", "09012345678"],
  ["090ー1234ー5678", "09012345678"],
  ["070 1234 5678", "07012345678"],
  ["080.1234.5678", "08012345678"],
  ["050-1234-5678", "05012345678"],
  ["03-1234-5678", "0312345678"],
  ["(03) 1234-5678", "0312345678"],
  ["0123-45-6789", "0123456789"],
  ["0120-589-272", "0120589272"],
  ["0800-123-4567", "08001234567"],
  ["+81 90-1234-5678", "09012345678"],
  ["+81-3-1234-5678", "0312345678"],
  ["+813-1234-5678", "0312345678"],
  // an extension after the number (company registers) is no part of it
  ["03-1234-5678 内線123", "0312345678"],
  ["03-1234-5678（内線12）", "0312345678"],
  ["03-1234-5678 ext. 12", "0312345678"],
  ["03-1234-5678 Ext12", "0312345678"],
  ["03-1234-5678 x123", "0312345678"],
  ["03-1234-5678#12", "0312345678"],
  ["03-1234-5678 内線", null],
  ["内線123", null],
  ["03-1234-5678 x1234567", null],
  ["1234-5678", null],
  ["010-1234-5678", null],
  ["090-1234-567", null],
  ["abc", null],
]);
test("phone kinds", () => {
  assert.equal(v.phoneKind("09012345678"), "mobile");
  assert.equal(v.phoneKind("05012345678"), "ip");
  assert.equal(v.phoneKind("0120589272"), "freedial");
  assert.equal(v.phoneKind("0312345678"), "fixed");
});

table("postal code", v.postalCode, [
  ["140 0002", "1400002"],
  ["140-0002", "1400002"],
  ["〒140-0002", "1400002"],
  ["〒 140－0002", "1400002"],
  ["１４００００２", "1400002"],
  ["140-002", null],
  ["14000021", null],
]);

table("passport number (the Japanese form: what values alone may type a column by)", v.passportNumberJp, [
  ["TK1234567", "TK1234567"],
  ["tk1234567", "TK1234567"],
  ["ＴＫ１２３４５６７", "TK1234567"],
  ["MZ 7654321", "MZ7654321"],
  ["T1234567", null],
  ["TK12345678", null],
  ["1K1234567", null],
  ["E12345678", null],
]);

table("passport number under a passport header (foreign guests' too)", v.passportNumber, [
  ["TK1234567", "TK1234567"],
  ["ＴＫ１２３４５６７", "TK1234567"],
  ["531234567", "531234567"], // United States, United Kingdom: 9 digits
  ["E12345678", "E12345678"], // China
  ["m12345678", "M12345678"], // Korea
  ["C01X00T47", "C01X00T47"], // Germany
  ["15AB12345", "15AB12345"], // France
  ["A1234567", "A1234567"], // India
  ["TK12345678", null],
  ["ABCDEFG", null],
  ["AB12", null],
  ["1234567890", null],
  ["不明", null],
]);

table("phone of another country (a foreign guest's), as + and its digits", v.phone, [
  ["+1 217 555 0100", "+12175550100"],
  ["+44 20 7946 0958", "+442079460958"],
  ["(+86) 10-1234-5678", "+861012345678"],
  ["+81 90-1234-5678", "09012345678"],
  ["+0 123 4567", null],
  ["+1 555", null],
  ["+1 217 555 0100 ext 2", "+12175550100"], // the extension dropped
  ["+1 217 555 0100 ext", null],
]);

table("address under an address header (foreign guests' too)", v.addressAny, [
  ["東京都千代田区千代田1-1", "東京都千代田区千代田1-1"],
  ["123 Main St, Springfield, IL, USA", "123 Main St, Springfield, IL, USA"],
  ["北京市朝阳区建国路88号", "北京市朝阳区建国路88号"],
  ["Paris 75008", "Paris 75008"],
  ["不明", null],
  ["なし", null],
  ["N/A", null],
  ["taro@example.jp", null],
  ["12345", null],
  ["-", null],
  ["Rose Court, Kowloon, Hong Kong", "Rose Court, Kowloon, Hong Kong"],
  ["丸の内1-1", "丸の内1-1"],
  // a place alone is no address
  ["東京都", null],
  ["千代田区", null],
  ["London", null],
  ["Paris, France", null],
  ["test", null],
  ["aaa", null],
]);

table("sex", v.sex, [
  ["♂", "M"],
  ["♀", "F"],
  ["男", "M"],
  ["女性", "F"],
  ["M", "M"],
  ["female", "F"],
  ["1", "M"],
  ["２", "F"],
  ["ｘ", "X"],
  ["犬", null],
]);

table("romaji name as airlines write it (SURNAME/GIVEN and a title): the key of SURNAME GIVEN", v.nameRomaji, [
  ["YAMADA/TARO MR", "YAMADATARO"],
  ["YAMADA/TARO", "YAMADATARO"],
  ["Sato/Hanako Ms.", "SATOHANAKO"],
  ["YAMADA TARO", "YAMADATARO"],
  ["YAMADA/TARO/MR", null],
  ["/TARO", null],
]);

table("kanji name", v.nameKanji, [
  ["山田 太郎（ﾔﾏﾀﾞ ﾀﾛｳ）", "山田太郎"],
  ["山田 太郎(ヤマダ タロウ)", "山田太郎"],
  ["山田 太郎", "山田太郎"],
  ["山田　太郎", "山田太郎"],
  ["佐々木 はな", "佐々木はな"],
  ["髙橋 一", "髙橋一"],
  ["ヤマダ タロウ", null],
  ["YAMADA", null],
  ["山", "山"],
]);

table("kana name", v.nameKana, [
  ["ヤマダ タロウ", "ヤマダタロウ"],
  ["やまだ たろう", "ヤマダタロウ"],
  ["ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"],
  ["ｻﾄｳ ﾕｰｷ", "サトウユーキ"],
  ["サトウ ユ－キ", "サトウユーキ"],
  ["サトウ・ハナコ", "サトウハナコ"],
  ["山田 太郎", null],
  ["YAMADA", null],
]);

table("romaji name", v.nameRomaji, [
  ["YAMADA TARO", "YAMADATARO"],
  ["Yamada Taro", "YAMADATARO"],
  ["OHNO YUKA", "ONOYUKA"],
  ["ONO YUKA", "ONOYUKA"],
  ["SAITOU KEN", "SAITOKEN"],
  ["O'NEIL", "ONEIL"],
  ["Ｙａｍａｄａ Ｔａｒｏ", "YAMADATARO"],
  // a foreign guest's name with diacritics: its base letters, as the passport's machine zone writes it
  ["Müller Hans", "MULLERHANS"],
  ["José García", "JOSEGARCIA"],
  ["Lê Văn A", "LEVANA"],
  ["Øster Łukasz", "OSTERLUKASZ"],
  ["Strauß Anna", "STRAUSSANNA"],
  ["Ivan Иванов", null],
  ["김 민수", null],
  ["山田", null],
  ["A1", null],
]);

table("address", v.address, [
  ["東京都品川区東品川2-3-11", "東京都品川区東品川2-3-11"],
  ["北海道札幌市中央区北1条西2丁目", "北海道札幌市中央区北1条西2丁目"],
  ["〒140-0002 東京都品川区東品川2-3-11", "東京都品川区東品川2-3-11"],
  ["京都府京都市下京区烏丸通七条下ル", "京都府京都市下京区烏丸通七条下ル"],
  ["品川区東品川2-3-11", "品川区東品川2-3-11"],
  ["東京都", null],
  ["こんにちは", null],
]);

table("my number", v.myNumber, [
  ["123456789018", "123456789018"],
  ["1234 5678 9018", "123456789018"],
  ["1234-5678-9018", "123456789018"],
  ["１２３４５６７８９０１８", "123456789018"],
  ["123456789019", null],
  ["000000000000", null],
]);

table("corporate number", v.corporateNumber, [
  ["7123456789012", "7123456789012"],
  ["T4011001098993", "4011001098993"],
  ["4011001098994", null],
]);

table("card number", v.cardNumber, [
  ["3530 1113 3330 0000", null], // a published test number
  ["3528-0000-0000-0007", "3528000000000007"],
  ["4980 0000 0000 0006", "4980000000000006"],
  ["4980 0000 0000 0008", null],
  ["1234567890123452", null], // Luhn-valid but no brand
]);

table("bank account", v.bankAccount, [
  ["1234567", "1234567"],
  ["0001-001-1234567", "00010011234567"],
  ["0001 001 普通 1234567", "00010011234567"],
  ["11940-12345671", "1194012345671"],
  ["12", null],
  ["abc", null],
]);

table("driver's licence", v.driversLicence, [
  ["309012345620", "309012345620"],
  ["3090 1234 5620", "309012345620"],
  ["159012345620", null], // 15 is no authority code
  ["30901234562", null],
]);

table("ip address", v.ipAddress, [
  ["192.168.0.1", "192.168.0.1"],
  ["255.255.255.255", "255.255.255.255"],
  ["256.1.1.1", null],
  ["01.1.1.1", null],
  ["2001:db8::1", "2001:db8::1"],
  ["fe80::1:2:3:4", "fe80::1:2:3:4"],
  ["2001:db8::1::2", null],
  ["12:30", null],
]);

describe("normalisation", () => {
  test("NFKC fast path keeps stable strings identical", () => {
    const s = "山田 太郎 ヤマダ";
    assert.equal(nfkc(s), s);
    assert.equal(nfkc("ｶﾞｷﾞ"), "ガギ");
    assert.equal(nfkc("ＡＢＣ１２３"), "ABC123");
  });
  test("kana keys fold scripts, widths, separators and long-vowel marks", () => {
    assert.equal(kanaKey("ﾕｳｷ"), kanaKey("ゆうき"));
    assert.equal(kanaKey("ユ－キ"), kanaKey("ユーキ"));
    assert.equal(kanaKey("ユ‐キ"), kanaKey("ユーキ"));
  });
  test("romaji keys fold Hepburn long vowels", () => {
    assert.equal(romajiKey("KATOH"), romajiKey("KATO"));
    assert.equal(romajiKey("OOTANI"), romajiKey("OTANI"));
  });
  test("script detection", () => {
    assert.equal(scriptOf("山田 太郎"), "kanji");
    assert.equal(scriptOf("ヤマダ"), "kana");
    assert.equal(scriptOf("ﾔﾏﾀﾞ"), "kana");
    assert.equal(scriptOf("YAMADA"), "romaji");
    assert.equal(scriptOf("山田 TARO"), "mixed");
    assert.equal(scriptOf("123"), "none");
  });
});

describe("masking", () => {
  test("the examples of the issue", () => {
    assert.equal(maskValue("name_kanji", "山田 太郎"), "山田 **");
    assert.equal(maskValue("email", "taro@example.jp"), "****@example.jp");
    assert.equal(maskValue("passport_number", "TK1234567"), "TK*****67");
  });
  test("numbers keep shape and last two digits", () => {
    assert.equal(maskValue("phone", "090-1234-5678"), "***-****-**78");
    assert.equal(maskValue("card_number", "3528000000000007"), "**************07");
  });
  test("a name's given part stays hidden in an airline's SURNAME/GIVEN and with a reading in brackets", () => {
    assert.equal(maskValue("name_romaji", "YAMADA/TARO MR"), "YAMADA **");
    assert.equal(maskValue("name_kanji", "山田太郎（ﾔﾏﾀﾞ ﾀﾛｳ）"), "山**");
    assert.equal(maskValue("name_kanji", "山田 太郎(ヤマダ タロウ)"), "山田 **");
  });
  test("control characters never reach the report (a NUL from a CHAR column, a terminal escape, a line break)", () => {
    assert.equal(maskValue("email", "taro@example.jp\u0000\u0000"), "****@example.jp");
    assert.equal(maskValue("name_kanji", "\u001b[31m山田\n太郎"), "[31m山田 **");
  });
  test("dates and addresses hide everything specific", () => {
    assert.equal(maskValue("birth_date", "1975-03-12"), "19**-**-**");
    assert.equal(maskValue("address", "東京都品川区東品川2-3-11"), "東京都******");
  });
});

test("the validation-only name checks (columns in no match key) give the full checks' verdicts", () => {
  const romaji = ["YAMADA TARO", "Yamada Taro", "O'NEIL", "Ｙａｍａｄａ Ｔａｒｏ", "YAMADA/TARO MR", "Müller Hans", "José García", "Lê Văn A", "Øster Łukasz", "Strauß Anna", "Ivan Иванов", "김 민수", "山田", "A", " Sato ", "Ré", "Sato1"];
  for (const x of romaji) assert.equal(v.isNameRomaji(x) !== null, v.nameRomaji(x) !== null, `romaji ${x}`);
  const kanji = ["山田 太郎", "山田　太郎", "髙橋 一郎", "山田 太郎（ﾔﾏﾀﾞ ﾀﾛｳ）", "山田 太郎(代表)", "ヤマダ", "山田1", "Müller", "山田 花子、山田 一郎", "山田 花子, 山田 一郎", "山田 花子、", "東京、1"];
  for (const x of kanji) assert.equal(v.isNameKanji(x) !== null, v.nameKanji(x) !== null, `kanji ${x}`);
});

table("several names in one cell (a booking's 同行者): each a name, the cell's normal form (never one name's: no key of one companion)", v.nameKanji, [
  ["山田 花子、山田 一郎", "山田花子、山田一郎"],
  ["渡辺 陽菜／渡辺 蓮", "渡辺陽菜、渡辺蓮"],
  ["山田 花子, 山田 一郎", "山田花子、山田一郎"],
  ["鈴木 恵子; 鈴木 翔", "鈴木恵子、鈴木翔"],
  ["高橋 美咲、高橋 翔太、高橋 結衣", "高橋美咲、高橋翔太、高橋結衣"],
  ["山田 花子、", null],
  ["、山田 花子", null],
  ["山田 花子、Taro Yamada", null],
  ["山田 花子、3名", null],
  ["山田、、一郎", null],
  [Array.from({ length: 11 }, () => "山田 花子").join("、"), null],
]);
table("several kana names in one cell", v.nameKana, [
  ["ヤマダ ハナコ、ヤマダ イチロウ", "ヤマダハナコ、ヤマダイチロウ"],
  ["ﾔﾏﾀﾞ ﾊﾅｺ､ﾔﾏﾀﾞ ｲﾁﾛｳ", "ヤマダハナコ、ヤマダイチロウ"],
  ["サトウ・タロウ", "サトウタロウ"],
  ["ヤマダ/タロウ", "ヤマダ、タロウ"], // (a key of its own: not ヤマダ alone, which would join every ヤマダ of that birth date)
  ["ヤマダ ハナコ、山田 一郎", null],
]);

table("under a phone header, a number whose leading 0 Excel dropped", v.phoneAny, [
  ["9012345678", "09012345678"],
  ["8012345678", "08012345678"],
  ["312345678", "0312345678"],
  ["５０１２３４５６７８", "05012345678"],
  ["090-1234-5678", "09012345678"],
  ["1234567890", null], // 01… is no mobile or IP number, and 10 digits after a 0 would be 11: no fixed line
  ["912345678", "0912345678"], // a 10-digit fixed line of an 09x area (092 福岡)
  ["1012345678", null], // 010…: no number
  ["12345678", null],
  ["123456789012", null],
]);
table("in a phone column, a foreign guest's number as its country writes it", v.phoneAny, [
  ["010-1234-5678", "01012345678"], // a Korean mobile: 010 starts no Japanese number
  ["010 1234 5678", "01012345678"],
  ["138 0013 8000", "13800138000"],
  ["(217) 555-0142", "2175550142"],
  ["212-555-0100", "2125550100"],
  ["+82 10-1234-5678", "+821012345678"],
  ["13800138000", null], // a bare run of digits: the Excel rule's alone (member numbers look so)
  ["0101234567890", null], // 010… of 13 digits
  ["011-123-4567", "0111234567"], // 札幌: a Japanese number, as before
  ["0000-0000", null],
  ["999-9999", null],
  ["12-34", null],
  ["(0) 12", null],
  ["1234-5678-9012-3456", null], // 16 digits: a card, not a phone
  ["+1 555", null],
  ["090-1234-567", null], // a Japanese number with a digit missing stays invalid
]);
table("a name in a script of its own (a foreign guest's, under a name header)", v.nameKanjiAny, [
  ["김민수", "김민수"],
  ["김 민수", "김민수"],
  ["Иванов Иван Иванович", "ИВАНОВИВАНИВАНОВИЧ"],
  ["иванов иван", "ИВАНОВИВАН"],
  ["Γιώργος Παπαδόπουλος", "ΓΙΏΡΓΟΣΠΑΠΑΔΌΠΟΥΛΟΣ"],
  ["สมชาย ใจดี", "สมชายใจดี"],
  ["محمد علي", "محمدعلي"],
  ["山田 太郎", "山田太郎"], // a kanji name as before
  ["王伟", "王伟"], // simplified Chinese is kanji to the check
  ["John Smith", null], // romaji: a column of its own type
  ["Ivan Иванов", null], // Latin and Cyrillic mixed
  ["김민수1", null],
  ["김", null],
  ["ーー", null], // a long-vowel mark is of no script
  ["김민수、이서연", null],
  ["-", null],
  ["", null],
]);
test("values alone never take a name in another script for a person's", () => {
  assert.equal(v.nameKanji("김민수"), null);
  assert.equal(v.nameKanji("Иванов Иван"), null);
  for (const x of ["김민수", "Иванов Иван", "ーー", "John Smith", "山田 太郎"]) assert.equal(v.isNameKanjiAny(x) !== null, v.nameKanjiAny(x) !== null, x);
});
test("values alone never take a number without its leading 0 for a phone", () => {
  assert.equal(v.phone("9012345678"), null);
  assert.equal(v.postalCode("600001"), null);
});
table("under a postal-code header, six digits: a code starting with 0 whose 0 Excel dropped", v.postalCodeAny, [
  ["600001", "0600001"],
  ["0600001", "0600001"],
  ["140-0002", "1400002"],
  ["60-0001", null],
  ["12345", null],
]);
