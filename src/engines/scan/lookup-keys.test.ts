import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFile } from "./generate.js";
import { lookupKeyTexts } from "./lookup-keys.js";
import { streamPeople } from "./people-stream.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-lookup-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "jtb.csv");
before(async () => {
  await generateFile(file, { records: 3_000, people: 2_600, passports: 20, validPassports: 10, referenceDate: 20160614 });
});

test("a person's e-mail, kana name and phone, typed as a caller would, give the stream's own key texts", async () => {
  let checked = 0;
  for await (const p of streamPeople([file], { referenceDate: 20160614, threads: 1 })) {
    const email = p.keyTexts!.find((k) => k.startsWith("email\u0000"));
    const kana = p.keyTexts!.find((k) => k.startsWith("kana+birth\u0000"));
    if (!email || !kana || !p.contact.email || !p.contact.nameKana) continue;
    // A caller types the address in capitals with full-width characters, the kana in hiragana with a space.
    const typedEmail = p.contact.email.toUpperCase().replace(/@/, "＠");
    const [kanaValue, birth] = kana.slice(kana.indexOf("\u0000") + 1).split("\u001f") as [string, string];
    const hiragana = kanaValue.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
    const typedBirth = `${birth.slice(0, 4)}年${Number(birth.slice(4, 6))}月${Number(birth.slice(6, 8))}日`;
    const texts = lookupKeyTexts({ email: typedEmail, kana: `${hiragana.slice(0, 2)} ${hiragana.slice(2)}`, birth: typedBirth });
    assert.ok(texts.includes(email), "e-mail key");
    assert.ok(texts.includes(kana), "kana + birth key");
    if (++checked >= 50) break;
  }
  assert.equal(checked, 50);
});

test("an incomplete or invalid key gives no text", () => {
  assert.deepEqual(lookupKeyTexts({ phone: "090-1234-5678" }), []);
  assert.deepEqual(lookupKeyTexts({ email: "not an address" }), []);
  assert.deepEqual(lookupKeyTexts({ phone: "090-1234-5678", birth: "1980-02-30" }), []);
  assert.deepEqual(lookupKeyTexts({ phone: "+81 90 1234 5678", birth: "昭和55年1月2日" }), ["phone+birth\u000009012345678\u001f19800102"]);
});
