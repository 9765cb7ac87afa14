/**
 * Settings → 連絡先 in a real browser: add a webhook (its secret shown once), send a test to an endpoint that always
 * fails; the worker retries, disables it, and the owner reads why in a sentence; enabling it again clears that.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { signIn, screenshot, skipWithoutChromium, useBrowserApp } from "./browser.js";
import { platformDeliveryWorker } from "../../src/capabilities/network/delivery-runner.js";

describe("settings: contacts", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  test("a failing webhook is retried, disabled with its reason shown, and enabled again", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(502).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    const { worker, close } = platformDeliveryWorker(env.app.p, { webhookPrivate: true, pollMs: 50, backoffBaseMs: 30, backoffMaxMs: 100, disableAfter: 3 });
    await worker.start();
    try {
      const page = await env.newPage();
      page.on("dialog", (d) => void d.accept());
      await signIn(page, "admin@sakura.example.jp");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "設定" }).click();
      await page.getByRole("link", { name: "連絡先" }).click();
      await page.waitForURL(/\/settings\/contacts$/);

      const add = page.getByRole("region", { name: "連絡先を追加" });
      await add.getByLabel("種類").selectOption({ label: "Webhook" });
      await add.getByLabel("送信形式").selectOption({ label: "Microsoft Teams" });
      await add.getByLabel("宛先").fill(url);
      await add.getByLabel("名前").fill("当番 Teams");
      await add.getByRole("button", { name: "作成" }).click();
      const secret = page.getByRole("region", { name: "Webhook の署名用シークレット" });
      assert.match(await secret.getByLabel("署名用シークレット").inputValue(), /^whsec_/);
      await secret.getByRole("button", { name: "閉じる" }).click();

      const list = page.getByRole("region", { name: "連絡先", exact: true });
      const row = list.getByRole("row").filter({ hasText: "当番 Teams" });
      await row.getByRole("button", { name: "テスト送信" }).click();
      await list.getByRole("status").getByText("テストメッセージを送信しています。").waitFor();
      for (let i = 0; i < 100 && !(await row.getByText("停止中").isVisible()); i++) {
        await page.waitForTimeout(200);
        await page.reload();
      }
      await row.getByText("3 回続けて失敗したため停止しました。最後の失敗: 受信側がエラーを返しました（HTTP 502）。", { exact: false }).waitFor();
      assert.equal(hits, 3, "three attempts, then nothing more");

      await row.getByRole("button", { name: "配信記録" }).click();
      const log = page.getByRole("region", { name: "配信記録: 当番 Teams" });
      await log.getByText("送信していません: この連絡先は停止中です。").waitFor();
      assert.equal(await log.getByText("受信側がエラーを返しました（HTTP 502）。").count(), 3);
      await screenshot(page, "contacts-disabled");

      await row.getByRole("button", { name: "再開する" }).click();
      await list.getByRole("status").getByText("連絡先を再開しました。").waitFor();
      await row.getByText("有効", { exact: true }).waitFor();
      await page.context().close();
    } finally {
      await close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
