/**
 * Login credentials: a password column is found by its header and read from its values (hashes by scheme, or
 * passwords as typed), named in the evidence and the flags, and never shown; dates, hints and placeholders under
 * password headers are not credentials.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classifyTable } from "./classify.js";
import { toHtml } from "./report/html.js";
import { scan } from "./scan.js";
import { credentialsOf } from "./credentials.js";

const bcrypt = (i: number): string => `$2y$10$${"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./0"}`.slice(0, 60 - String(i).length) + String(i);

describe("login credentials", () => {
  test("hashes by scheme: bcrypt, crypt, PBKDF2, bare digests; passwords as typed", () => {
    assert.deepEqual(credentialsOf("password", [bcrypt(1), bcrypt(2), bcrypt(3)]), { kind: "hashes", scheme: "bcrypt", share: 1 });
    assert.equal(credentialsOf("passwd", ["$6$rounds=5000$salt$abcdef", "$6$x$y"])?.scheme, "crypt (MD5/SHA)");
    assert.equal(credentialsOf("password_hash", ["pbkdf2_sha256$260000$abc$def", "pbkdf2_sha256$260000$x$y"])?.scheme, "PBKDF2");
    assert.equal(credentialsOf("pwd", ["5f4dcc3b5aa765d61d8327deb882cf99", "e10adc3949ba59abbe56e057f20f883e"])?.scheme, "MD5 (unsalted digest)");
    assert.deepEqual(credentialsOf("パスワード", ["hanako2016", "Taro!1970", "qwerty12"]), { kind: "plain", share: 1 });
    assert.equal(credentialsOf("暗証番号", ["1234", "9876", "5555"])?.kind, "plain");
    assert.equal(credentialsOf("loginPassword", ["a1b2c3", "z9y8x7"])?.kind, "plain");
  });
  test("hostile: not a credential — dates, hints, counts, placeholders, masks, other headers", () => {
    assert.equal(credentialsOf("password_changed_at", ["2016-01-01 10:00:00", "2016-02-01 11:00:00"]), null);
    assert.equal(credentialsOf("パスワード変更日", ["2016/01/01", "2016/02/01"]), null);
    assert.equal(credentialsOf("password_hint", ["first pet", "mother's city"]), null);
    assert.equal(credentialsOf("password", ["********", "********"]), null, "masked");
    assert.equal(credentialsOf("password", ["changeme", "changeme", "changeme"]), null, "one placeholder everywhere");
    assert.equal(credentialsOf("password", ["2016-01-01", "2016-01-02"]), null, "dates");
    assert.equal(credentialsOf("password", ["yes", "no", "1"]), null);
    assert.equal(credentialsOf("shipping", ["hanako2016", "Taro!1970"]), null, "pin inside another word");
    assert.equal(credentialsOf("memo", ["pass: hanako2016"]), null);
    assert.equal(credentialsOf("password", ["", "  "]), null);
  });
  test("the column: evidence, no samples, the flag's source; its type is unchanged", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`m${i}@example.jp`, bcrypt(i)]);
    const [, pw] = classifyTable("t", ["email", "password"], rows);
    assert.equal(pw!.type, "other");
    assert.equal(pw!.credentials, "hashes");
    assert.match(pw!.evidence.join(" "), /password hashes \(bcrypt\)/);
    assert.deepEqual(pw!.maskedSamples, []);
    const plain = classifyTable("t", ["メール", "パスワード"], rows.map(([e], i) => [e!, `pass${i}word`]))[1]!;
    assert.equal(plain.credentials, "plain");
    assert.deepEqual(plain.maskedSamples, [], "a password, even masked in part, is never shown");
    assert.ok(!JSON.stringify(plain).includes("pass1word"));
  });
});

describe("the scan's flag", () => {
  const dir = mkdtempSync(join(tmpdir(), "sokuho-cred-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  test("raised by a password column, in the result and the HTML report; not by a file without one", async () => {
    const file = join(dir, "members.csv");
    writeFileSync(file, ["email,login_password", ...Array.from({ length: 50 }, (_, i) => `m${i}@example.jp,${bcrypt(i)}`)].join("\n") + "\n");
    const r = await scan([file], { referenceDate: 20160614 });
    assert.equal(r.flags.loginCredentials, true);
    assert.match(toHtml(r), /login credentials \(passwords or their hashes\)<\/th><td>yes/);
    assert.ok(!toHtml(r).includes(bcrypt(1)), "no hash in the report");
    writeFileSync(file, ["email,memo", ...Array.from({ length: 50 }, (_, i) => `m${i}@example.jp,x${i}`)].join("\n") + "\n");
    assert.equal((await scan([file], { referenceDate: 20160614 })).flags.loginCredentials, false);
  });
});
