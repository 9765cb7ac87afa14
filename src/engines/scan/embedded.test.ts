import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyTable } from "./classify.js";
import { embeddedCounts, embeddedIn } from "./embedded.js";

test("an e-mail address or a phone number inside a note's text", () => {
  const cases: [string, string[]][] = [
    ["夜間は090-1234-5678へ連絡", ["phone"]],
    ["連絡は taro@example.jp まで", ["email"]],
    ["会社: 03-1234-5678 内線12", ["phone"]],
    ["TEL（03）1234-5678、メール hanako@example.co.jp", ["email", "phone"]],
    ["携帯 ０９０－１２３４－５６７８", ["phone"]],
    ["海外からは +81 90 1234 5678", ["phone"]],
    // not inside a text: the value is one (its column's type says so), or no such thing at all
    ["090-1234-5678", []],
    ["taro@example.jp", []],
    ["予約番号 2016-0614-1234 で照会", []],
    ["注文 0001-2345-6789", []],
    ["会員番号 12309012345678", []],
    ["アレルギーあり（卵）", []],
    ["@example.jp の方", []],
    // an address with text around it; a prefecture or a city alone is none, and so is a value that is only an address
    ["送付先変更：東京都新宿区西新宿2-8-1", ["address"]],
    ["東京都新宿区西新宿2-8-1へ送付してください", ["address"]],
    ["北海道札幌市中央区北一条西5丁目に住む", ["address"]],
    ["東京都内のホテルを希望", []],
    ["大阪市内観光を追加", []],
    ["東京都新宿区西新宿2-8-1", []],
    ["東京都新宿区西新宿2-8-1 新宿マンション101", []],
    // a person with an honorific: a common surname and a given name; a surname alone, a role or a shop is none
    ["同伴者：佐藤花子様", ["name_kanji"]],
    ["同行者佐藤 花子様の分も", ["name_kanji"]],
    ["高橋美咲さんと相部屋", ["name_kanji"]],
    ["田中様より電話", []],
    ["ご本人様確認済み", []],
    ["担当者様へ", []],
    ["お客様より要望", []],
    ["鈴木商店様より", []],
    ["中村屋様に手配", []],
    ["山田太郎様", []],
    ["佐藤花子様（090-1234-5678）へ 東京都港区芝公園4-2-8 に送付", ["phone", "address", "name_kanji"]],
  ];
  for (const [s, want] of cases) assert.deepEqual(embeddedIn(s), want, s);
  assert.deepEqual(embeddedCounts(["tel 090-1234-5678", "なし", "mail a@example.jp", "090-2222-3333 夜"]), [
    { type: "phone", values: 2 },
    { type: "email", values: 1 },
  ]);
});

test("a notes column says what it holds, in its profile and evidence; other columns do not", () => {
  const rows = [
    ["山田 太郎", "taro@example.jp", "夜間は090-1234-5678へ連絡してください"],
    ["佐藤 花子", "hanako@example.jp", "アレルギーあり"],
    ["鈴木 一郎", "ichiro@example.jp", "連絡は ichiro.work@example.co.jp まで、折り返し希望"],
  ];
  const [name, email, notes] = classifyTable("t", ["氏名", "メール", "備考"], rows);
  assert.deepEqual(notes!.embedded, [
    { type: "phone", values: 1 },
    { type: "email", values: 1 },
  ]);
  assert.ok(notes!.evidence.some((e) => e.startsWith("phone numbers inside the text of 1 of 3")), notes!.evidence.join("; "));
  assert.equal(name!.embedded, undefined);
  assert.equal(email!.embedded, undefined);
});

test("the scan raises personalDataInText for a file whose notes hold some, not for one whose do not", async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { scan } = await import("./scan.js");
  const dir = mkdtempSync(join(tmpdir(), "sokuho-embedded-"));
  try {
    const header = "氏名,メールアドレス,備考";
    const withPhone = join(dir, "with.csv");
    const without = join(dir, "without.csv");
    writeFileSync(withPhone, `${header}\n山田 太郎,taro@example.jp,夜間は090-1234-5678へ\n佐藤 花子,hanako@example.jp,なし\n`);
    writeFileSync(without, `${header}\n山田 太郎,taro@example.jp,窓側希望\n佐藤 花子,hanako@example.jp,なし\n`);
    assert.equal((await scan([withPhone])).flags.personalDataInText, true);
    assert.equal((await scan([without])).flags.personalDataInText, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
