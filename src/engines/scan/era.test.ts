import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { addYears, dateOrderOf, excelSerialDate, kanjiNumber, parseBirthDate, parseDate, showsExcelSerial } from "./era.js";

describe("parseDate", () => {
  const cases: [string, number | null][] = [
    ["2016-06-14", 20160614],
    ["2016/6/14", 20160614],
    ["2016.06.14", 20160614],
    ["20160614", 20160614],
    ["2016年6月14日", 20160614],
    ["２０１６年６月１４日", 20160614],
    ["二〇一六年六月十四日", 20160614],
    ["平成28年6月14日", 20160614],
    ["平成二十八年六月十四日", 20160614],
    ["H28.6.14", 20160614],
    ["H28/06/14", 20160614],
    ["h28.6.14", 20160614],
    ["R6.4.1", 20240401],
    ["R06-04-01", 20240401],
    ["14 JUN 2016", 20160614],
    // a month by name, as foreign guests' records write it
    ["14-Jun-2016", 20160614],
    ["14 June 2016", 20160614],
    ["Jun 14, 2016", 20160614],
    ["June 14 2016", 20160614],
    // Excel's d-mmm-yy (a sheet in English): two year digits read with Excel's window, 30–99 → 19xx, 00–29 → 20xx
    ["12-Jun-85", 19850612],
    ["12 Jun 85", 19850612],
    ["14-Jun-16", 20160614],
    ["1-Jan-30", 19300101],
    ["31-Dec-29", 20291231],
    ["Jun 12, 85", 19850612],
    ["June 12th, 1985", 19850612],
    ["12th June 1985", 19850612],
    ["1st Jan 1970", 19700101],
    ["12-Jun-985", null],
    ["12-Jux-85", null],
    ["31-Jun-85", null],
    ["14-Jux-2016", null],
    // 生 / 生まれ after a birth date
    ["昭和45年1月15日生", 19700115],
    ["1970年1月15日生まれ", 19700115],
    // month/day or day/month: taken only when one of them is over 12, never guessed
    ["6/14/2016", 20160614],
    ["14/06/2016", 20160614],
    ["14-6-2016", 20160614],
    ["6/12/2016", null],
    ["12/12/2016", null],
    ["13/13/2016", null],
    ["31/02/2016", null],
    // day first with dots, as Europe writes dates
    ["14.06.2016", 20160614],
    ["6.12.2016", 20161206],
    ["31.02.2016", null],
    ["1.2.16", null],
    // a year in two digits, first: only from 32 on (no day, no month; the century 19)
    ["70/01/15", 19700115],
    ["70.1.15", 19700115],
    ["99-12-31", 19991231],
    ["16/06/14", null],
    ["31/01/15", null],
    ["70/13/15", null],
    ["70/01-15", null],
    ["2016-06-14 10:00:00", 20160614],
    ["2016-06-14T10:00:00Z", 20160614],
    ["2016-02-30", null],
    ["2016-13-01", null],
    ["abc", null],
    ["", null],
  ];
  for (const [s, want] of cases) test(`${s} → ${want}`, () => assert.equal(parseDate(s), want));
});

describe("era boundaries", () => {
  test("平成31年4月30日 is the last day of 平成", () => assert.equal(parseDate("平成31年4月30日"), 20190430));
  test("平成31年5月1日 does not exist", () => assert.equal(parseDate("平成31年5月1日"), null));
  test("令和元年5月1日 is the first day of 令和", () => assert.equal(parseDate("令和元年5月1日"), 20190501));
  test("令和1年5月1日 equals 元年", () => assert.equal(parseDate("令和1年5月1日"), 20190501));
  test("令和元年4月30日 does not exist", () => assert.equal(parseDate("令和元年4月30日"), null));
  test("昭和64年1月7日 / 平成元年1月8日", () => {
    assert.equal(parseDate("昭和64年1月7日"), 19890107);
    assert.equal(parseDate("昭和64年1月8日"), null);
    assert.equal(parseDate("平成元年1月8日"), 19890108);
    assert.equal(parseDate("平成元年1月7日"), null);
  });
  test("same-day changes accept both eras", () => {
    assert.equal(parseDate("大正15年12月25日"), 19261225);
    assert.equal(parseDate("昭和元年12月25日"), 19261225);
    assert.equal(parseDate("明治45年7月30日"), 19120730);
    assert.equal(parseDate("大正元年7月30日"), 19120730);
    assert.equal(parseDate("明治45年7月31日"), null);
  });
  test("平成32年 is rejected", () => assert.equal(parseDate("平成32年1月1日"), null));
  test("S50.3.12 (initial)", () => assert.equal(parseDate("S50.3.12"), 19750312));
  test("明治元年", () => assert.equal(parseDate("明治元年10月23日"), 18681023));
});

describe("helpers", () => {
  test("kanjiNumber", () => {
    assert.equal(kanjiNumber("二十八"), 28);
    assert.equal(kanjiNumber("十"), 10);
    assert.equal(kanjiNumber("三十一"), 31);
    assert.equal(kanjiNumber("元"), 1);
    assert.equal(kanjiNumber("二〇一六"), 2016);
  });
  test("addYears keeps the day, 29 Feb → 28 Feb", () => {
    assert.equal(addYears(20160614, 10), 20260614);
    assert.equal(addYears(20120229, 5), 20170228);
    assert.equal(addYears(20120229, 4), 20160229);
  });
  test("birth dates are bounded by the reference date", () => {
    assert.equal(parseBirthDate("2020-01-01", 20160614), null);
    assert.equal(parseBirthDate("1975-03-12", 20160614), 19750312);
  });
});

describe("a column's day/month order", () => {
  test("read from the values not in doubt; one order only", () => {
    assert.equal(dateOrderOf(["01/15/1970", "06/12/1985", "1970-01-15"]), "mdy");
    assert.equal(dateOrderOf(["15/01/1970", "06/12/1985"]), "dmy");
    assert.equal(dateOrderOf(["１５／０１／１９７０", "06/12/1985"]), "dmy");
    assert.equal(dateOrderOf(["15/01/1970", "01/15/1970"]), undefined, "both orders: none");
    assert.equal(dateOrderOf(["06/12/1985", "1970-01-15", "01/02/2000"]), undefined, "nothing decides");
    assert.equal(dateOrderOf([]), undefined);
  });
  test("decides the values in doubt, never those that are not", () => {
    assert.equal(parseDate("06/12/2016", "mdy"), 20160612);
    assert.equal(parseDate("06/12/2016", "dmy"), 20161206);
    assert.equal(parseDate("06/12/2016"), null);
    assert.equal(parseDate("13/01/2016", "mdy"), 20160113, "a day over 12 is a day, whatever the column");
    assert.equal(parseDate("02/30/2016", "mdy"), null);
    assert.equal(parseDate("2016-06-12", "dmy"), 20160612, "other shapes are read as always");
  });
});

describe("a weekday after a date (booking systems print 2015/11/01(日))", () => {
  const cases: [string, number | null][] = [
    ["2015/11/01(日)", 20151101],
    ["2015/11/01（日）", 20151101],
    ["2015年11月1日(日曜日)", 20151101],
    ["2015年11月1日（日曜）", 20151101],
    ["H27.11.3(火・祝)", 20151103],
    ["2015-11-01 (Sun)", 20151101],
    ["2015/11/01(日) 10:30", 20151101],
    // an age after a birth date, as member ledgers print it
    ["1970/01/15（46歳）", 19700115],
    ["1970年1月15日生（満46才）", 19700115],
    ["昭和45年01月15日（満46歳）", 19700115],
    ["1970-01-15 46歳", 19700115],
    ["1970/01/1546歳", null],
    ["1970/01/15（歳）", null],
    ["2015/11/01(月)", 20151101], // a wrong weekday is a typo: the date is still a date
    ["2015/11/31(火)", null], // no such day, weekday or not
    ["(日)", null],
    ["2015/11/01(x)", null],
  ];
  for (const [s, want] of cases) test(`${s} → ${want}`, () => assert.equal(parseDate(s), want));
});

describe("Excel serial day numbers", () => {
  test("read from 1899-12-30; a time of day as the fraction; out of range: none", () => {
    assert.equal(excelSerialDate("25583"), 19700115);
    assert.equal(excelSerialDate("25569"), 19700101);
    assert.equal(excelSerialDate("42309.5"), 20151101);
    assert.equal(excelSerialDate("２５５８３"), 19700115, "full-width digits");
    assert.equal(excelSerialDate(" 61 "), 19000301);
    assert.equal(excelSerialDate("60"), null, "Excel's 29 February 1900 never was");
    assert.equal(excelSerialDate("73050"), 20991231);
    assert.equal(excelSerialDate("73051"), null);
    assert.equal(excelSerialDate("1970-01-15"), null);
    assert.equal(excelSerialDate("-25583"), null);
  });
  test("a column shows them by five digits: four are a year", () => {
    assert.equal(showsExcelSerial("25583"), true);
    assert.equal(showsExcelSerial("42309.5"), true);
    assert.equal(showsExcelSerial("1970"), false);
    assert.equal(showsExcelSerial("99999"), false);
    assert.equal(showsExcelSerial("19700115"), false);
  });
});
