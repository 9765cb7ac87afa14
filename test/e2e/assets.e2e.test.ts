/** The asset inventory in a real browser: import a Shift_JIS CSV after a dry run, see the segmentation warning. */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { sjis } from "../capabilities/shift-jis.js";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

const CSV = "ホスト名,IPアドレス,用途,個人情報,外部公開,外部通信\r\nresv-db01,192.0.2.50,予約データベース,○,×,○\r\nweb-e2e01,192.0.2.51,公開サイト,×,○,×\r\n";

describe("asset inventory", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();
  let page: Page;

  before(async () => {
    page = await env.newPage();
    page.on("dialog", (d) => void d.accept());
    await signIn(page, "admin@sakura.example.jp");
  });

  test("a bad file shows every bad line and cannot be imported", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "資産" }).click();
    await page.getByRole("heading", { level: 1, name: "資産台帳" }).waitFor();
    const region = page.getByRole("region", { name: "CSV から取り込む" });
    await region.getByLabel("CSV ファイル").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("hostname,個人情報\nbad host,たぶん\n") });
    await region.getByRole("button", { name: "ファイルを確認" }).click();
    await region.getByRole("alert").getByText("2 件の問題があります", { exact: false }).waitFor();
    await region.getByRole("row").filter({ hasText: "個人情報" }).getByText("はい/いいえ", { exact: false }).waitFor();
    assert.equal(await region.getByRole("button", { name: "取り込む" }).count(), 0);
  });

  test("a Shift_JIS file: dry run, import, warning badge in the table", async () => {
    const region = page.getByRole("region", { name: "CSV から取り込む" });
    await region.getByLabel("CSV ファイル").setInputFiles({ name: "台帳.csv", mimeType: "text/csv", buffer: sjis(CSV) });
    await region.getByRole("button", { name: "ファイルを確認" }).click();
    await region.getByText("新規 2 件、更新 0 件、変更なし 0 件。").waitFor();
    await region.getByRole("row").filter({ hasText: "resv-db01" }).getByText("分離の警告").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-assets-preview.png", fullPage: true });
    assert.equal(await page.getByRole("region", { name: "台帳" }).getByRole("rowheader", { name: "resv-db01" }).count(), 0, "nothing before the import");
    await region.getByRole("button", { name: "取り込む" }).click();
    await region.getByRole("status").getByText("取り込みました: 新規 2 件、更新 0 件。").waitFor();
    const table = page.getByRole("region", { name: "台帳" });
    const db = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "resv-db01" }) });
    await db.getByText("個人情報があり、外部へ通信できます", { exact: false }).waitFor();
    const web = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "web-e2e01" }) });
    await web.getByText("問題なし").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-assets.png", fullPage: true });
  });

  test("edit an asset: turning off egress clears the warning", async () => {
    await page.getByRole("button", { name: "resv-db01 を編集" }).click();
    const form = page.getByRole("region", { name: "resv-db01 を編集" });
    await form.getByLabel("外部への通信可").uncheck();
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").getByText("resv-db01 を保存しました。").waitFor();
    const row = page.getByRole("region", { name: "台帳" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: "resv-db01" }) });
    await row.getByText("問題なし").waitFor();
  });
});
