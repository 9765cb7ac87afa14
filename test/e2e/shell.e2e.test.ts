/** The app shell in a real browser: sign in, Japanese by default, switch to English, switch organisation, sign out. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

describe("app shell", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();


  test("a wrong password is refused in Japanese, on the login page", async () => {
    const page = await env.newPage();
    await page.goto("/");
    await page.waitForURL(/\/login$/);
    await page.getByLabel("メールアドレス").fill("admin@sakura.example.jp");
    await page.getByLabel("パスワード").fill("not-the-password");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByRole("alert").getByText("メールアドレスまたはパスワードが違います。").waitFor();
    assert.match(page.url(), /\/login$/);
    await page.screenshot({ path: "/tmp/sokuho-login-error.png" });
    await page.context().close();
  });

  test("sign in, Japanese UI, English switch, organisation switch, sign out", async () => {
    const page = await env.newPage();
    await signIn(page, "admin@sakura.example.jp");
    const sakuraUrl = page.url();

    // Japanese by default.
    assert.equal(await page.locator("html").getAttribute("lang"), "ja");
    await page.getByRole("heading", { level: 1, name: "さくらツーリスト株式会社（デモ） へようこそ" }).waitFor();
    const nav = page.getByRole("navigation", { name: "メインメニュー" });
    for (const label of ["ダッシュボード", "インシデント", "設定"]) await nav.getByRole("link", { name: label }).waitFor();
    await page.getByText("組織管理者").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-dashboard-ja.png" });

    // English, remembered on this browser and on the account.
    const patched = page.waitForResponse((r) => r.url().endsWith("/api/v1/me") && r.request().method() === "PATCH");
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "Welcome to Sakura Tourist Co. (demo)" }).waitFor();
    for (const label of ["Dashboard", "Incidents", "Settings"]) await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: label }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.equal(await page.evaluate("localStorage.getItem('sokuho.locale')"), "en");
    const patch = await patched;
    assert.equal(patch.status(), 200);
    assert.equal(((await patch.json()) as { user: { locale: string } }).user.locale, "en");
    await page.screenshot({ path: "/tmp/sokuho-dashboard-en.png" });

    // Another organisation, same section.
    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Incidents" }).click();
    await page.getByRole("heading", { level: 1, name: "Incidents" }).waitFor();
    await page.getByLabel("Organisation").selectOption({ label: "Demo Travel Association" });
    await page.waitForURL((u) => u.pathname.endsWith("/incidents") && !sakuraUrl.includes(u.pathname.split("/")[2] ?? "-"));
    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { level: 1, name: "Welcome to Demo Travel Association" }).waitFor();
    await page.getByText("Industry association").waitFor();
    await page.getByText("Viewer", { exact: true }).waitFor();
    await page.screenshot({ path: "/tmp/sokuho-association-en.png" });

    // Sign out: back on the login page, and the session is really gone.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    const me = await page.request.get("/api/v1/me");
    assert.equal(me.status(), 401);
    await page.screenshot({ path: "/tmp/sokuho-logged-out.png" });
    await page.context().close();
  });

  test("forgot password always answers the same; a bad reset link is refused", async () => {
    const page = await env.newPage();
    await page.goto("/login");
    await page.getByRole("link", { name: "パスワードをお忘れですか？" }).click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByLabel("メールアドレス").fill("nobody@example.jp");
    await page.getByRole("button", { name: "リンクを送信" }).click();
    await page.getByRole("status").getByText(/アカウントが存在する場合は/).waitFor();
    await page.screenshot({ path: "/tmp/sokuho-forgot.png" });

    // The token is read from the fragment, then dropped from the address bar.
    await page.goto("/reset-password#token=" + "x".repeat(40));
    await page.waitForURL((u) => u.pathname === "/reset-password" && u.hash === "");
    await page.getByLabel("新しいパスワード", { exact: true }).fill("a-long-enough-password");
    await page.getByLabel("新しいパスワード（確認）").fill("a-different-password!");
    await page.getByRole("button", { name: "パスワードを設定" }).click();
    // The sentence stands under the field it is about; the banner only says a field needs attention.
    await page.locator(".field--invalid .field__error").getByText("パスワードが一致しません。").waitFor();
    await page.getByRole("alert").waitFor();
    assert.equal(await page.getByLabel("新しいパスワード（確認）").getAttribute("aria-invalid"), "true");
    await page.getByLabel("新しいパスワード（確認）").fill("a-long-enough-password");
    await page.getByRole("button", { name: "パスワードを設定" }).click();
    await page.getByRole("alert").getByText("このパスワード再設定リンクは無効か、有効期限が切れています。").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-reset-invalid.png" });
    await page.context().close();
  });
});
