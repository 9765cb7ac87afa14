/**
 * A hotel's guest register with foreign guests: names in several scripts in one column, passport numbers in other
 * countries' forms, addresses abroad and phones in international form. Counted alike on the text and the byte
 * paths; the Japanese passport rule (T 10 years, M 5) is never applied to another country's number.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streamPeople } from "./people-stream.js";
import { scan } from "./scan.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-foreign-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const KANJI = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村"];
const KANA = ["ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ナカムラ"];
const LATIN = ["Smith", "Brown", "Wang", "Kim", "Martin", "Schmidt", "Nguyen", "Santos"];
const GIVEN = ["Taro", "Hana", "Emma", "John", "Fang", "Minjun", "Anna", "Maria"];

/** Guest i: a Japanese guest (kanji or kana name) or a foreign one (romaji), with a passport of their country's form. */
function guest(i: number): { name: string; passport: string; address: string; phone: string; birth: string; script: "kanji" | "kana" | "romaji" } {
  const n = String(i).padStart(5, "0");
  const birth = `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
  if (i % 3 === 0) return { name: `${KANJI[i % 8]} ${KANJI[(i >> 3) % 8]}${n}`.replace(/\d/g, (d) => "一二三四五六七八九十"[Number(d)]!), passport: `TK${n}${String(i % 97).padStart(2, "0")}`, address: `東京都千代田区千代田${1 + (i % 9)}-1`, phone: `090-${n.slice(0, 4)}-${n.slice(1)}`, birth, script: "kanji" };
  if (i % 3 === 1) return { name: `${KANA[i % 8]} ${KANA[(i >> 3) % 8]}`, passport: `MZ${n}${String(i % 89).padStart(2, "0")}`, address: `大阪府大阪市北区梅田${1 + (i % 9)}-2`, phone: `080-${n.slice(0, 4)}-${n.slice(1)}`, birth, script: "kana" };
  return { name: `${GIVEN[i % 8]} ${LATIN[(i >> 3) % 8]}`, passport: `E${n}${String(i % 997).padStart(3, "0")}`, address: `${1 + (i % 900)} Main St, Springfield, IL, USA`, phone: `+1 217 555 ${n.slice(1)}`, birth, script: "romaji" };
}

describe("a guest register with foreign guests", () => {
  test("names in three scripts in one column count each in its own; other countries' passports, addresses and phones count; both paths agree", async () => {
    const file = join(dir, "register.csv");
    const rows = ["宿泊日,氏名,国籍,旅券番号,住所,電話番号,生年月日"];
    const n = 6000;
    for (let i = 0; i < n; i++) {
      const g = guest(i);
      rows.push(`2016/06/01,${g.name},${g.script === "romaji" ? "USA" : "日本"},${g.passport},"${g.address}",${g.phone},${g.birth}`);
    }
    writeFileSync(file, rows.join("\n") + "\n");
    const text = await scan([file], { referenceDate: 20160614, threads: 1, textPath: true });
    const third = n / 3;
    assert.equal(text.recordsByType.name_kanji, third);
    assert.equal(text.recordsByType.name_kana, third);
    assert.equal(text.recordsByType.name_romaji, third);
    assert.equal(text.recordsWithName, n);
    for (const t of ["passport_number", "address", "phone"] as const) assert.equal(text.recordsByType[t], n, t);
    const names = text.columns.find((c) => c.name === "氏名")!;
    assert.equal(names.valid, n);
    assert.match(names.evidence.join(" "), /several scripts/);
    for (const rangeBytes of [8192, 65536]) {
      const bytes = await scan([file], { referenceDate: 20160614, threads: 2, rangeBytes });
      assert.deepEqual(bytes.recordsByType, text.recordsByType, `byte path, ranges of ${rangeBytes}`);
      assert.equal(bytes.people.count, text.people.count);
      assert.deepEqual(bytes.passports, text.passports);
    }
  });

  test("a kana name in a column of several scripts joins with the same guest's kana in another file (kana + birth date)", async () => {
    const register = join(dir, "mixed.csv");
    const bookings = join(dir, "bookings.csv");
    const guests = Array.from({ length: 30 }, (_, i) => guest(i));
    writeFileSync(register, ["氏名,生年月日", ...guests.map((g) => `${g.name},${g.birth}`)].join("\n") + "\n");
    const kana = guests.filter((g) => g.script === "kana");
    writeFileSync(bookings, ["フリガナ,生年月日", ...kana.map((g) => `${g.name},${g.birth}`)].join("\n") + "\n");
    const r = await scan([register, bookings], { referenceDate: 20160614, threads: 1 });
    assert.equal(r.records, 30 + kana.length);
    assert.equal(r.people.count, 30, "each kana guest once across both files");
  });

  test("the person stream names each guest's name in its own script (the contact a notice is addressed with)", async () => {
    const file = join(dir, "stream.csv");
    const guests = Array.from({ length: 12 }, (_, i) => guest(i));
    writeFileSync(file, ["氏名,旅券番号,電話番号", ...guests.map((g) => `${g.name},${g.passport},${g.phone}`)].join("\n") + "\n");
    const out = [];
    for await (const p of streamPeople([file], { referenceDate: 20160614, threads: 1, hmacKey: Buffer.alloc(32, 5) })) out.push(p);
    assert.equal(out.length, 12);
    for (const p of out) {
      const g = guests[p.source.line - 2]!;
      const field = g.script === "kanji" ? "nameKanji" : g.script === "kana" ? "nameKana" : "nameRomaji";
      assert.equal(p.contact[field], g.name, `${g.name} as ${field}`);
      assert.ok(p.items.includes(`name_${g.script}` as never), p.items.join(","));
      assert.ok(p.items.includes("passport_number") && p.items.includes("phone"));
    }
  });

  test("the Japanese validity rule is read from the Japanese form only: a Korean M-number issued 8 years before is not an expired 5-year book", async () => {
    const file = join(dir, "passports.csv");
    writeFileSync(file, ["氏名,旅券番号,旅券発行日", "Kim Minjun,M12345678,2008-06-01", "山田 太郎,MZ1234567,2008-06-01", "Wang Fang,E12345678,2014-01-10"].join("\n") + "\n");
    const r = await scan([file], { referenceDate: 20160614, threads: 1 });
    assert.equal(r.passports.distinct, 3);
    // MZ: a Japanese 5-year book, expired; M12345678: another country's, 8 years old: unknown; E…: 2 years old: valid
    assert.deepEqual([r.passports.valid, r.passports.expired, r.passports.unknown], [1, 1, 1]);
  });
  test("names in Hangul and Cyrillic count as names, Korean mobiles as phones (a guest joined by phone + birth date); both paths agree", async () => {
    const file = join(dir, "korean.csv");
    const HANGUL = ["김", "이", "박", "최", "정", "강"];
    const GIVEN_KO = ["민수", "서연", "지훈", "유진", "하늘", "도윤"];
    const CYRILLIC = ["Иванов Иван", "Петрова Анна", "Сидоров Павел", "Смирнова Ольга"];
    const rows = ["氏名,生年月日,携帯電話,チェックイン"];
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const name = i % 4 === 3 ? `${CYRILLIC[i % 4]} ${i}`.replace(/\d/g, (d) => "абвгдежзик"[Number(d)]!) : `${HANGUL[i % 6]}${GIVEN_KO[(i >> 2) % 6]}${"가나다라마바사아자차"[i % 10]}${"가나다라마바사아자차"[(i >> 4) % 10]}`;
      const phone = i % 4 === 3 ? `+7 916 ${String(i).padStart(3, "0").slice(-3)}-${String(i % 100).padStart(2, "0")}-00` : `010-${String(i).padStart(4, "0")}-${String(i * 7).padStart(4, "0").slice(-4)}`;
      rows.push(`${name},19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10},${phone},2016/06/01`);
    }
    rows.push(`${rows[1]!.split(",")[0]},1950-01-10,010-0000-0000,2016/06/02`); // guest 0 again
    writeFileSync(file, rows.join("\n") + "\n");
    const text = await scan([file], { referenceDate: 20160614, threads: 1, textPath: true });
    const names = text.columns.find((c) => c.name === "氏名")!;
    assert.equal(names.type, "name_kanji");
    assert.equal(names.valid, n + 1);
    assert.equal(text.recordsByType.phone, n + 1);
    assert.equal(text.recordsWithName, n + 1);
    assert.equal(text.people.count, n, "guest 0 twice is one person (phone + birth date)");
    for (const rangeBytes of [8192, 65536]) {
      const bytes = await scan([file], { referenceDate: 20160614, threads: 2, rangeBytes });
      assert.deepEqual(bytes.recordsByType, text.recordsByType, `byte path, ranges of ${rangeBytes}`);
      assert.deepEqual(bytes.columns.map((c) => [c.valid, c.nonNull]), text.columns.map((c) => [c.valid, c.nonNull]));
      assert.equal(bytes.people.count, text.people.count);
    }
  });
});
