/**
 * One browser walk per role, in Japanese, as a new user would take it, with screenshots kept under
 * test-results/screenshots: the company responder (create → clocks → decision → tasks → close), the vendor
 * working on the incident granted to it, and the regulator officer. Each page must fit the 1,366 px window.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { overflowX, screenshot, signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

/** `minutesAgo` before now as a `datetime-local` value in Japan time, the way a responder types it. */
const tokyoLocal = (minutesAgo: number): string => new Date(Date.now() - minutesAgo * 60_000 + 9 * 3_600_000).toISOString().slice(0, 16);
const escape = (s: string): string => s.replace(/[()（）]/g, ".");

const tabsOf = (page: Page) => page.getByRole("navigation", { name: "インシデントの項目" });
const openTab = async (page: Page, name: string) => {
  await tabsOf(page).getByRole("link", { name, exact: true }).click();
  await page.waitForURL(/\?tab=/);
};
const fitsWindow = async (page: Page, where: string) => {
  assert.equal(await overflowX(page), 0, `${where}: the page is wider than the 1,366 px window`);
};
/** No alert says 見つかりません and no text shows a raw internal key. */
const noDeadEnd = async (page: Page, where: string) => {
  const alerts = await page.getByRole("alert").allTextContents();
  assert.ok(!alerts.some((a) => a.includes("見つかりません")), `${where}: ${alerts.join(" / ")}`);
};

describe("role journeys", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  describe("company responder: create → clocks → decision → tasks → close", () => {
    const TITLE = "予約システムからの不審な外部通信（responder journey）";
    let page: Page;
    before(async () => {
      page = await env.newPage();
      page.on("dialog", (d) => void d.accept());
      await signIn(page, "responder@sakura.example.jp");
    });

    test("a new incident with an empty title shows one sentence under the field, then opens once created", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
      await page.getByRole("button", { name: "新しいインシデント" }).click();
      const form = page.getByRole("region", { name: "新しいインシデント" });
      await form.getByRole("button", { name: "作成" }).click();
      const fieldError = form.locator(".field--invalid .field__error");
      await fieldError.waitFor();
      assert.equal(await fieldError.textContent(), "件名を入力してください。");
      const everything = (await form.textContent()) ?? "";
      assert.doesNotMatch(everything, /body\.|リクエストが不正|小さすぎる|string/);
      assert.equal((everything.match(/件名を入力してください。/g) ?? []).length, 1, "the sentence is shown once");
      assert.equal(await form.getByLabel("件名").getAttribute("aria-invalid"), "true");
      await screenshot(page, "responder-01-validation");

      await form.getByLabel("件名").fill(TITLE);
      await form.getByLabel("種別").selectOption({ label: "不正アクセス" });
      await form.getByLabel("重大度").selectOption({ label: "高" });
      await form.getByRole("button", { name: "作成" }).click();
      await page.getByRole("heading", { level: 1, name: new RegExp(escape(TITLE)) }).waitFor();
      await fitsWindow(page, "new incident overview");
      await screenshot(page, "responder-02-new-incident");
    });

    test("the untouched gaps say how to start them, and the link leads to the clocks", async () => {
      const hint = page.getByRole("region", { name: "対応の間隔（目標との比較）" }).locator(".hint-box");
      await hint.waitFor();
      await hint.getByRole("link").click();
      await page.waitForURL(/\?tab=clocks/);
    });

    test("clocks: a future time is refused in words that name the clock, not its key", async () => {
      await page.getByRole("button", { name: "検知 を記録" }).click();
      const editor = page.getByRole("form", { name: "検知 を記録" });
      await editor.getByLabel("日時（日本時間）").fill(tokyoLocal(-24 * 60));
      await editor.getByRole("button", { name: "保存" }).click();
      const err = editor.locator(".field--invalid .field__error");
      await err.waitFor();
      const text = (await err.textContent()) ?? "";
      assert.match(text, /検知/);
      assert.doesNotMatch(text, /detected|body\./);
      await editor.getByLabel("日時（日本時間）").fill(tokyoLocal(210));
      await editor.getByLabel("根拠").fill("FW ログ: 10.2.3.4 → 203.0.113.9:443 の定期通信");
      await editor.getByRole("button", { name: "保存" }).click();
      await page.getByRole("status").getByText("検知 を記録しました。").waitFor();
      await fitsWindow(page, "clocks tab");
      await screenshot(page, "responder-03-clocks");
    });

    test("tasks from a playbook; the cut-off decision completes its task; an execution before the decision is refused at its field", async () => {
      await openTab(page, "タスク");
      const apply = page.getByRole("region", { name: "プレイブックを適用" });
      const select = apply.getByLabel("プレイブック");
      const option = select.locator("option", { hasText: "未知の宛先への外部通信" });
      await select.selectOption({ value: (await option.getAttribute("value")) ?? "" });
      await apply.getByRole("button", { name: "適用" }).click();
      await apply.getByRole("status").getByText(/件のタスクを追加しました。/).waitFor();
      const tasks = page.getByRole("region", { name: "タスク", exact: true });
      const decideRow = tasks.getByRole("row").filter({ hasText: "宛先への通信を遮断する判断を行う" });
      await decideRow.getByText("期限超過").waitFor();
      await fitsWindow(page, "tasks tab");
      const wrap = tasks.locator(".table-wrap");
      assert.ok(await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth), "the task table (with its dropdowns) fits its card");
      await screenshot(page, "responder-04-tasks");

      await openTab(page, "判断");
      await page.getByRole("button", { name: "遮断の判断を記録" }).click();
      const decision = page.getByRole("region", { name: "遮断の判断を記録" });
      await decision.getByLabel("決定権限者（役職）").fill("CISO");
      await decision.getByLabel("判断した人").fill("鈴木 一郎");
      await decision.getByLabel("判断日時").fill(tokyoLocal(180));
      await decision.getByLabel("判断の内容").fill("該当サーバーの外部通信を FW で遮断する。");
      await decision.getByLabel("実行者").fill("ネットワーク運用チーム");
      await decision.getByLabel("実行日時").fill(tokyoLocal(200));
      await decision.getByRole("button", { name: "記録する" }).click();
      const executedError = decision.locator(".field--invalid .field__error");
      await executedError.waitFor();
      assert.match((await executedError.textContent()) ?? "", /実行日時は判断日時より前にはできません/);
      assert.equal(await decision.getByLabel("実行日時").getAttribute("aria-invalid"), "true");
      await screenshot(page, "responder-05-decision-refused");
      await decision.getByLabel("実行日時").fill(tokyoLocal(120));
      await decision.getByRole("button", { name: "記録する" }).click();
      await page.getByRole("status").getByText("判断を記録しました。").waitFor();
      await fitsWindow(page, "decisions tab");
      await screenshot(page, "responder-06-decision");

      await openTab(page, "タスク");
      const done = page.getByRole("region", { name: "タスク", exact: true }).getByRole("row").filter({ hasText: "宛先への通信を遮断する判断を行う" });
      await done.getByText("封じ込め判断", { exact: false }).waitFor();
      assert.equal(await done.getByText("期限超過").count(), 0, "the decided task is no longer overdue");
      assert.equal(await done.getByLabel(/の状態$/).inputValue(), "done");
    });

    test("the overview fits the window and names each clock the way the gap table does", async () => {
      await openTab(page, "概要");
      await page.locator(".time-axis").waitFor();
      await fitsWindow(page, "overview");
      const axis = (await page.locator(".time-axis").textContent()) ?? "";
      assert.doesNotMatch(axis, /遮断判断|当局連絡/, "the time axis uses the gap table's names");
      await screenshot(page, "responder-07-overview");
    });

    test("the dashboard keeps its cards apart and fits", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "ダッシュボード" }).click();
      const troubled = page.getByRole("region", { name: "要注意・超過の区間" });
      await troubled.waitFor();
      const stats = await page.locator(".stats").boundingBox();
      const below = await troubled.boundingBox();
      assert.ok(stats && below && stats.y + stats.height + 8 <= below.y, "the first section does not touch the cards above it");
      await fitsWindow(page, "dashboard");
      await screenshot(page, "responder-08-dashboard");
      await page.goBack();
      await page.getByRole("region", { name: "インシデントの編集" }).waitFor();
    });

    test("close the incident", async () => {
      const edit = page.getByRole("region", { name: "インシデントの編集" });
      await edit.getByLabel("状態").selectOption({ label: "クローズ" });
      await edit.getByRole("button", { name: "保存" }).click();
      await page.getByRole("status").getByText("保存しました").waitFor();
      await page.getByRole("region", { name: "インシデントの詳細" }).getByText("クローズ").first().waitFor();
      await screenshot(page, "responder-09-closed");
    });

    test("the 2016 replay shows its year in the header", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
      await page.getByLabel("状態", { exact: true }).selectOption({ label: "クローズ" });
      await page.getByRole("link", { name: /2016年/ }).first().click();
      const summary = (await page.getByRole("region", { name: "状況サマリー" }).locator("dl").textContent()) ?? "";
      assert.match(summary, /2016/);
      await fitsWindow(page, "JTB replay overview");
      await screenshot(page, "responder-10-jtb-2016");
    });
  });

  describe("vendor: works on the incident granted to it", () => {
    const GRANTED = "予約サイトの不審なログイン（デモ）";
    let page: Page;
    before(async () => {
      page = await env.newPage();
      page.on("dialog", (d) => void d.accept());
      await signIn(page, "vendor@minato.example.jp");
    });

    test("every tab of the granted incident opens", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
      await page.getByRole("link", { name: GRANTED }).click();
      await page.getByRole("heading", { level: 1, name: new RegExp(escape(GRANTED)) }).waitFor();
      const names = await tabsOf(page).getByRole("link").allTextContents();
      assert.ok(names.length >= 9, names.join(","));
      for (const [i, name] of names.entries()) {
        await openTab(page, name);
        await page.locator("#incident-tab section.card").first().waitFor();
        await page.waitForLoadState("networkidle");
        await noDeadEnd(page, `vendor tab ${name}`);
        await fitsWindow(page, `vendor tab ${name}`);
        for (const radio of await page.locator('#incident-tab input[type="radio"]').all()) {
          const box = await radio.boundingBox();
          assert.ok(box && box.width <= 20 && box.height <= 20, `${name}: a radio button is ${box?.width}×${box?.height} px`);
        }
        await screenshot(page, `vendor-0${i + 1}-tab-${i}`);
      }
    });

    test("records a clock, a timeline event and a task, and saves the overview", async () => {
      await openTab(page, "時刻");
      await page.getByRole("button", { name: "検知 を記録" }).click();
      const editor = page.getByRole("form", { name: "検知 を記録" });
      await editor.getByLabel("日時（日本時間）").fill(tokyoLocal(300));
      await editor.getByLabel("根拠").fill("WAF ログ: 海外 IP からのログイン試行");
      await editor.getByRole("button", { name: "保存" }).click();
      await page.getByRole("status").getByText("検知 を記録しました。").waitFor();

      await openTab(page, "経過記録");
      const add = page.getByRole("region", { name: "経過を記録" });
      await add.getByLabel("日時（日本時間）").fill(tokyoLocal(240));
      await add.getByLabel("内容").fill("委託先で該当アカウントを停止");
      await add.getByRole("button", { name: "記録する" }).click();
      await add.getByRole("status").getByText("記録しました。").waitFor();
      await page.getByRole("region", { name: "経過記録", exact: true }).getByText("委託先で該当アカウントを停止").waitFor();

      await openTab(page, "タスク");
      const addTask = page.getByRole("region", { name: "タスクを追加" });
      await addTask.getByLabel("件名").fill("ログイン履歴を抽出して報告する");
      await addTask.getByRole("button", { name: "タスクを追加" }).click();
      await addTask.getByRole("status").getByText("タスクを追加しました。").waitFor();
      await page.getByRole("region", { name: "タスク", exact: true }).getByText("ログイン履歴を抽出して報告する").waitFor();

      await openTab(page, "概要");
      const edit = page.getByRole("region", { name: "インシデントの編集" });
      await edit.getByLabel("概要").fill("委託先のみなとITサービスが調査中。該当アカウントは停止済み。");
      await edit.getByRole("button", { name: "保存" }).click();
      await page.getByRole("status").getByText("保存しました").waitFor();
      await noDeadEnd(page, "vendor overview save");
      await screenshot(page, "vendor-10-saved");
    });
  });

  describe("regulator officer: what it sees today", () => {
    let page: Page;
    before(async () => {
      page = await env.newPage();
      await signIn(page, "officer@agency.example.jp");
    });

    test("the dashboard names the role in words and fits; the incident list opens", async () => {
      const cards = page.locator(".stats");
      await cards.getByText("監督担当官").waitFor();
      assert.doesNotMatch((await cards.textContent()) ?? "", /regulator-officer/);
      await fitsWindow(page, "regulator dashboard");
      const boxes = await page.locator(".stats > .stat").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }));
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const apart = a.x + a.width + 8 <= b.x || b.x + b.width + 8 <= a.x || a.y + a.height + 8 <= b.y || b.y + b.height + 8 <= a.y;
          assert.ok(apart, "the dashboard cards keep at least 8 px between them");
        }
      }
      await screenshot(page, "regulator-01-dashboard");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
      await page.getByRole("heading", { level: 1, name: "インシデント" }).waitFor();
      await noDeadEnd(page, "regulator incidents");
      assert.equal(await page.getByRole("button", { name: "新しいインシデント" }).count(), 0, "a regulator does not open incidents");
      await fitsWindow(page, "regulator incidents");
      await screenshot(page, "regulator-02-incidents");
    });

    test("settings show the organisation and its members", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "設定" }).click();
      await page.getByRole("heading", { level: 1, name: /^設定: / }).waitFor();
      await noDeadEnd(page, "regulator settings");
      await fitsWindow(page, "regulator settings");
      await screenshot(page, "regulator-03-settings");
    });
  });
});
