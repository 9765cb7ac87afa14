/** Title rows above a header (business exports) and Excel's "sep=" line: skipped only where that is what they are. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { titleRows } from "./router.js";

const rows = (text: string, d = ","): (string | null)[][] => text.trim().split("\n").map((l) => l.split(d));
const people = "山田 太郎,taro@example.jp,090-1234-5678,1970/01/15\n佐藤 花子,hanako@example.jp,03-1234-5678,1985/12/03\n鈴木 一郎,ichiro@example.jp,080-2222-3333,1962/09/22";

describe("title rows", () => {
  test("a title, an export date and a blank row above the header (also padded with commas, as Excel writes them)", () => {
    assert.equal(titleRows(rows(`顧客一覧\n出力日,2016/06/14\n氏名,メールアドレス,電話番号,生年月日\n${people}`)), 2);
    assert.equal(titleRows(rows(`顧客一覧,,,\n出力日,2016/06/14,,\n,,,\n氏名,メールアドレス,電話番号,生年月日\n${people}`)), 3);
    assert.equal(titleRows(rows(`顧客一覧,,,\n氏名,メールアドレス,電話番号,生年月日\n${people}`), true), 1);
  });
  test("Excel's sep= line, as the parser splits it with the delimiter it names", () => {
    assert.equal(titleRows([["sep=", ""], ["氏名", "メール"], ["山田 太郎", "taro@example.jp"]]), 1);
    assert.equal(titleRows([["sep=,"], ...rows(`氏名,メールアドレス,電話番号,生年月日\n${people}`)]), 1);
    assert.equal(titleRows([["sep=", ""], ["山田 太郎", "taro@example.jp"]], false), 1);
  });
  test("kept: a header on the first row, sparse first records without a header, narrow files, --no-header", () => {
    assert.equal(titleRows(rows(`氏名,メールアドレス,電話番号,生年月日\n${people}`)), 0);
    // sparse leading records are data when no header follows them
    assert.equal(titleRows(rows(`山田 太郎,,,\n,hanako@example.jp,,\n${people}`)), 0);
    assert.equal(titleRows(rows("一覧\n氏名,メール\n山田 太郎,taro@example.jp\n佐藤 花子,hanako@example.jp")), 0);
    assert.equal(titleRows(rows(`顧客一覧\n氏名,メールアドレス,電話番号,生年月日\n${people}`), false), 0);
    assert.equal(titleRows([]), 0);
  });
});
