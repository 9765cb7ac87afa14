/** Incidents and the other settings tabs in a real browser: the pages agree with the API end to end. */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

const TITLE = "不審な外部通信の検知（e2e）";

describe("incidents and settings", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();
  let page: Page;

  before(async () => {
    page = await env.newPage();
    page.on("dialog", (d) => void d.accept());
    await signIn(page, "admin@sakura.example.jp");
  });

  const openSettings = async (tab: string) => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "設定" }).click();
    await page.getByRole("navigation", { name: "設定の項目" }).getByRole("link", { name: tab }).click();
    await page.getByRole("heading", { level: 1, name: `設定: ${tab}` }).waitFor();
  };

  test("create an incident, open it, change its status", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
    await page.getByRole("button", { name: "新しいインシデント" }).click();
    const form = page.getByRole("region", { name: "新しいインシデント" });
    await form.getByLabel("件名").fill(TITLE);
    await form.getByLabel("概要").fill("業務サーバーから外部への不審な通信を検知。");
    await form.getByLabel("重大度").selectOption({ label: "高" });
    await form.getByRole("button", { name: "作成" }).click();
    // Created: the new incident opens.
    await page.getByRole("heading", { level: 1, name: new RegExp(TITLE.replace(/[()（）]/g, ".")) }).waitFor();
    const edit = page.getByRole("region", { name: "インシデントの編集" });
    await edit.getByLabel("状態").selectOption({ label: "封じ込め" });
    await edit.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").getByText("保存しました").waitFor();
    await page.getByRole("region", { name: "インシデントの詳細" }).getByText("封じ込め").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-incident.png", fullPage: true });
  });

  test("create an API token, see its secret once, revoke it", async () => {
    await openSettings("API トークン");
    const create = page.getByRole("region", { name: "トークンを作成" });
    await create.getByLabel("名前").fill("SIEM連携");
    await create.getByRole("button", { name: "作成" }).click();
    const secret = page.getByLabel("トークンの値");
    await secret.waitFor();
    assert.ok((await secret.inputValue()).length >= 20);
    await page.getByRole("rowheader", { name: "SIEM連携" }).waitFor();
    await page.screenshot({ path: "/tmp/sokuho-tokens.png", fullPage: true });
    await page.getByRole("button", { name: "閉じる" }).click();
    assert.equal(await secret.count(), 0);
    await page.getByRole("button", { name: "トークン SIEM連携 を失効" }).click();
    await page.getByRole("status").getByText("トークンを失効させました。").waitFor();
    await page.getByRole("row").filter({ hasText: "SIEM連携" }).getByText("失効済み").waitFor();
  });

  test("grant a vendor access to the incident, then revoke it", async () => {
    await openSettings("委託先アクセス");
    const create = page.getByRole("region", { name: "アクセスを付与" });
    await create.getByLabel("委託先").selectOption({ label: "みなとITサービス（デモ）" });
    const incident = create.getByLabel("インシデント");
    const option = incident.locator("option", { hasText: TITLE });
    await incident.selectOption({ value: (await option.getAttribute("value")) ?? "" });
    await create.getByLabel("権限").selectOption({ label: "閲覧・編集" });
    await create.getByRole("button", { name: "アクセスを付与" }).click();
    await create.getByRole("status").getByText("アクセスを付与しました。").waitFor();
    const row = page.getByRole("row").filter({ hasText: TITLE });
    await row.getByText("有効", { exact: true }).waitFor();
    await page.screenshot({ path: "/tmp/sokuho-grants.png", fullPage: true });
    await page.getByRole("button", { name: "みなとITサービス（デモ） のアクセスを失効" }).click();
    await row.getByText("無効", { exact: true }).waitFor();
  });

  test("the audit log lists what just happened and offers the export", async () => {
    await openSettings("監査ログ");
    const rows = page.getByRole("region", { name: "監査ログ" }).getByRole("row");
    await rows.nth(1).waitFor();
    assert.ok((await rows.count()) > 3);
    const href = await page.getByRole("link", { name: "監査ログをダウンロード（NDJSON）" }).getAttribute("href");
    assert.match(href ?? "", /^\/api\/v1\/orgs\/[0-9a-f-]{36}\/audit\/export$/);
    const exported = await page.request.get(href ?? "");
    assert.equal(exported.status(), 200);
    await page.screenshot({ path: "/tmp/sokuho-audit.png", fullPage: true });
  });

  test("the organisation tab shows names and relations", async () => {
    await openSettings("組織");
    await page.getByRole("region", { name: "組織の情報" }).getByText("さくらツーリスト株式会社（デモ）").waitFor();
    const relations = page.getByRole("region", { name: "関係する組織" });
    await relations.getByRole("listitem").filter({ hasText: "加盟先" }).getByText("全日本旅行業協会（デモ）").waitFor();
    await relations.getByRole("listitem").filter({ hasText: "監督官庁" }).getByText("観光監督庁（デモ）").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-org.png", fullPage: true });
  });
});
