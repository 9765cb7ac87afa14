/**
 * Security activity in a real browser: a user sees their own sign-ins and failures from the header link; an
 * org-admin opens a member's log from Settings → Members.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

describe("security activity", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  test("the user's own log, and a member's log for the org-admin", async () => {
    const page = await env.newPage();
    // A failed attempt on the CISO's account first: the admin will find it in the member's log.
    const failed = await page.request.post("/api/v1/auth/login", { data: { email: "ciso@sakura.example.jp", password: "not-the-password" } });
    assert.equal(failed.status(), 401);
    await signIn(page, "admin@sakura.example.jp");

    await page.getByRole("link", { name: "セキュリティ履歴" }).click();
    await page.waitForURL(/\/account\/security$/);
    const mine = page.getByRole("region", { name: "最近のアカウントの利用" });
    const signInRow = mine.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^ログイン$/ }) }).first();
    await signInRow.waitFor();
    assert.match((await signInRow.textContent()) ?? "", /127\.0\.0\.1/);
    await page.screenshot({ path: "/tmp/sokuho-security-activity.png", fullPage: true });

    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "設定" }).click();
    await page.waitForURL(/\/settings\/members$/);
    await page.getByRole("button", { name: "鈴木 一郎 さんのセキュリティ履歴" }).click();
    const log = page.getByRole("region", { name: "鈴木 一郎 さんのセキュリティ履歴" });
    await log.getByRole("rowheader", { name: /ログイン失敗.*パスワードが違います/ }).waitFor();
    assert.equal(await page.getByRole("button", { name: "鈴木 一郎 さんのセキュリティ履歴" }).getAttribute("aria-pressed"), "true");
    await page.screenshot({ path: "/tmp/sokuho-member-security.png", fullPage: true });
  });
});
