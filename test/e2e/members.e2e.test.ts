/** Settings → members in a real browser: invite someone, see them listed, change their role; bad input is marked. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";
import { linkTokenIn } from "../support/mail.js";

describe("settings: members", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();


  test("invite a member, see them listed, change their role", async () => {
    const page = await env.newPage();
    page.on("dialog", (d) => void d.accept());
    await signIn(page, "admin@sakura.example.jp");
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "設定" }).click();
    await page.waitForURL(/\/settings\/members$/);
    await page.getByRole("heading", { level: 1, name: "設定: メンバー" }).waitFor();
    const members = page.getByRole("region", { name: "メンバー一覧" });
    await members.getByRole("rowheader", { name: "鈴木 一郎" }).waitFor();

    // A malformed address: the server's message, and the email input marked invalid.
    const invite = page.getByRole("region", { name: "メンバーを招待" });
    await invite.getByLabel("メールアドレス").fill("not-an-address");
    await invite.getByLabel("表示名").fill("山田 太郎");
    await invite.getByRole("button", { name: "招待する" }).click();
    await invite.getByRole("alert").waitFor();
    assert.equal(await invite.getByLabel("メールアドレス").getAttribute("aria-invalid"), "true");
    assert.equal(await invite.getByLabel("表示名").getAttribute("aria-invalid"), "false");
    await page.screenshot({ path: "/tmp/sokuho-invite-error.png", fullPage: true });

    await invite.getByLabel("メールアドレス").fill("yamada@sakura.example.jp");
    await invite.getByLabel("ロール").selectOption({ label: "対応担当者" });
    await invite.getByRole("button", { name: "招待する" }).click();
    await invite.getByRole("status").getByText("山田 太郎 さんを招待しました。").waitFor();
    // Until the person accepts, the invitation waits in its own list, with what the inviter typed.
    const pending = page.getByRole("region", { name: "承諾待ちの招待" });
    await pending.getByRole("rowheader", { name: "山田 太郎" }).waitFor();
    await pending.getByText("yamada@sakura.example.jp").waitFor();

    // The invitee opens the mailed link in their own browser and chooses a password.
    let token: string | undefined;
    for (let i = 0; i < 100 && !token; i++) {
      token = linkTokenIn(env.app.p.config.maildir, "yamada@sakura.example.jp");
      if (!token) await sleep(100);
    }
    assert.ok(token, "the invitation mail arrived");
    const invitee = await env.newPage();
    await invitee.goto(`/invitation#token=${token}`);
    await invitee.getByText("さくらツーリスト株式会社（デモ） に「対応担当者」として招待されています。").waitFor();
    assert.ok(!invitee.url().includes("token"), "the token leaves the address bar");
    await invitee.getByLabel("新しいパスワード", { exact: true }).fill("yamada-passphrase-2026");
    await invitee.getByLabel("新しいパスワード（確認）").fill("yamada-passphrase-2026");
    await invitee.getByRole("button", { name: "アカウントを作って参加する" }).click();
    await invitee.waitForURL(/\/login$/);
    await signIn(invitee, "yamada@sakura.example.jp", "yamada-passphrase-2026");
    await invitee.context().close();

    await page.reload();
    const row = members.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "山田 太郎" }) });
    await row.getByText("yamada@sakura.example.jp").waitFor();
    const roleSelect = members.getByLabel("山田 太郎 さんのロール");
    assert.equal(await roleSelect.inputValue(), "responder");

    await roleSelect.selectOption({ label: "CISO" });
    await members.getByRole("status").getByText("ロールを変更しました。").waitFor();
    await page.reload();
    await page.getByLabel("山田 太郎 さんのロール").waitFor();
    assert.equal(await page.getByLabel("山田 太郎 さんのロール").inputValue(), "ciso");
    await page.screenshot({ path: "/tmp/sokuho-members.png", fullPage: true });

    // Removing asks first, then the row is gone.
    await page.getByRole("button", { name: "山田 太郎 さんを削除" }).click();
    await page.getByRole("status").getByText("メンバーを削除しました。").waitFor();
    await page.getByRole("rowheader", { name: "山田 太郎" }).waitFor({ state: "detached" });
    await page.context().close();
  });
});
