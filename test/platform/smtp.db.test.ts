/**
 * Mail over SMTP to a real MTA: Postfix from Debian, local-only, delivering to root's Maildir (set up by
 * scripts/ci-postfix.sh). Skipped where no MTA is configured; CI always configures one.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createMailer } from "../../src/platform/mail/mailer.js";

const smtpUrl = process.env.SOKUHO_TEST_SMTP_URL;
const maildir = process.env.SOKUHO_TEST_SMTP_MAILDIR ?? "/root/Maildir";
const skip = !smtpUrl && (process.env.CI ? false : "set SOKUHO_TEST_SMTP_URL (e.g. smtp://127.0.0.1:25, see scripts/ci-postfix.sh)");

test("a mail sent through SMTP is delivered by Postfix", { skip }, async () => {
  assert.ok(smtpUrl, "CI must set SOKUHO_TEST_SMTP_URL");
  const marker = randomUUID();
  const mailer = createMailer({ smtpUrl, maildir: "/nonexistent", from: "sokuho <noreply@localhost>" });
  await mailer.send({ to: "root@localhost", subject: `【sokuho】テスト ${marker}`, text: `本文 body ${marker}` });
  mailer.close();
  const dir = join(maildir, "new");
  const deadline = Date.now() + 20_000;
  let found: string | undefined;
  while (!found && Date.now() < deadline) {
    if (existsSync(dir)) found = readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")).find((m) => m.includes(marker));
    if (!found) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(found, `a mail with ${marker} in ${dir}`);
  assert.match(found, /Subject: =\?UTF-8\?/i);
});
