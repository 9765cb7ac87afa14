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
