/**
 * Every role's walk through the whole UI, with screenshots under test-results/screenshots (walk-*.png): the vendor
 * on the incident granted to it (every tab, then the work its grant allows), a company responder in English
 * (every tab, a page by hand acknowledged, a suspicious mail's verdict, the obligations' facts), a regulator
 * officer (a broadcast and its live board in English; the inbox, a submitted report, an order issued) and an
 * association's officer. Each tab must show content or a sentence: never a blank tab, an error banner, a raw
 * i18n key, a schema path (`steps.1.timeoutMinutes`), a raw timestamp or `undefined`.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { screenshot, signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";
import { corpus } from "../../src/engines/mail/corpus.js";

const orgIdOf = (page: Page): string => /\/o\/([0-9a-f-]{36})/.exec(page.url())![1]!;

/** What no user should ever read: an i18n key, a schema path, a raw timestamp or value. */
const RAW = [
  /\b(?:common|errors|obligations|triage|network|broadcasts|affected|evidence|incidents?|clocks|gaps|activity|audit|assets|indicators|tasks|timeline|decisions|documents|inbox|roles|roleHelp|settings)\.[a-z][A-Za-z_]*\b/,
  /\b(?:body|query|params)\.[A-Za-z]/, /\b[a-z][A-Za-z]*\.\d+\.[a-z][A-Za-z]*\b/,
  /\d{4}-\d\d-\d\dT\d\d:\d\d/, /\bundefined\b|\bNaN\b|\[object Object\]/,
];

/** Follows the page's failed requests: a 403, 404 or 5xx on a walk is a dead end or a wasted call, whatever the screen says. */
const watchResponses = (page: Page): string[] => {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 403 || r.status() === 404 || r.status() >= 500) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  return failed;
};

/** Waits for the panel (no spinner left), then checks it shows words, no error banner and nothing raw. */
const checkShown = async (page: Page, where: string, selector = "#incident-tab"): Promise<string> => {
  await page.waitForFunction(
    `(() => { const el = document.querySelector(${JSON.stringify(selector)}); return !!el && !el.querySelector(".spinner") && el.innerText.trim().length > 0; })()`,
    undefined, { timeout: 15_000 },
  );
  await page.waitForTimeout(250); // a second request a panel starts once the first answered
  await page.waitForFunction(`!document.querySelector(${JSON.stringify(`${selector} .spinner`)})`, undefined, { timeout: 15_000 });
  const text = await page.locator(selector).innerText();
  assert.ok(text.trim().length > 20, `${where}: the panel is (almost) blank: ${JSON.stringify(text)}`);
  const alerts = (await page.getByRole("alert").allInnerTexts()).filter((a) => a.trim());
  assert.deepEqual(alerts, [], `${where}: an error is shown`);
  for (const re of RAW) assert.doesNotMatch(text, re, `${where}: raw text on screen`);
  return text;
};

/** Opens every tab the incident page lists (whatever tabs exist tomorrow) and checks each. */
const walkTabs = async (page: Page, who: string): Promise<string[]> => {
  const hrefs = await page.locator(".incident-summary__tabs a").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
  assert.ok(hrefs.length >= 12, `${who}: ${hrefs.length} tabs`);
  for (const href of hrefs) {
    await page.locator(`.incident-summary__tabs a[href="${href}"]`).click();
    const tab = /[?&]tab=([\w-]+)/.exec(href)?.[1] ?? "overview";
    await page.waitForURL((u) => (u.searchParams.get("tab") ?? "overview") === tab);
    await checkShown(page, `${who} tab ${tab}`);
    // The headings are the catalog's, so in English they carry no Japanese.
    if (who.endsWith("-en")) {
      for (const h of await page.locator("#incident-tab h2").allInnerTexts()) assert.doesNotMatch(h, /[\u3040-\u30ff]/, `${who} tab ${tab}: heading "${h}"`);
    }
    await screenshot(page, `walk-${who}-${tab}`);
  }
  return hrefs;
};

describe("every role's walk", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  describe("vendor: the incident its client granted it", () => {
    const GRANTED = "予約サイトの不審なログイン（デモ）";
    let page: Page;
    let failed: string[];
    before(async () => {
      page = await env.newPage();
      failed = watchResponses(page);
      await signIn(page, "vendor@minato.example.jp");
    });

    test("every tab of the granted incident shows content or a sentence", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
      await page.getByRole("link", { name: GRANTED }).click();
      await page.getByRole("heading", { level: 1, name: /予約サイトの不審なログイン/ }).waitFor();
      await walkTabs(page, "vendor");
      assert.deepEqual(failed, [], "no request of the walk was refused as missing or failed");
      await page.goto(`${page.url().replace(/\?.*$/, "")}?tab=affected`);
      const affected = await checkShown(page, "vendor affected");
      assert.doesNotMatch(affected, /sokuho scan|--import/, "a vendor is not told to run a command on the company's server");
    });

    test("does what the write grant allows: an indicator, a piece of evidence, a suspicious mail", async () => {
      const base = page.url().replace(/\?.*$/, "");
      await page.goto(`${base}?tab=indicators`);
      const iocs = page.locator("#incident-tab");
      await iocs.getByLabel("値").first().fill("198.51.100.23");
      await iocs.getByRole("button", { name: "追加" }).click();
      await iocs.getByRole("cell", { name: "198.51.100.23" }).first().waitFor();

      await page.goto(`${base}?tab=evidence`);
      const ev = page.locator("#incident-tab");
      await ev.getByLabel("ファイル").setInputFiles({ name: "waf-login.log", mimeType: "text/plain", buffer: Buffer.from("2026-12-01 login from 198.51.100.23\n") });
      await ev.getByLabel("説明").fill("WAF のログイン記録");
      await ev.getByRole("button", { name: "アップロード" }).click();
      await ev.getByText("waf-login.log").first().waitFor();

      await page.goto(`${base}?tab=triage`);
      const mail = page.getByRole("region", { name: "不審なメール" });
      const bytes = corpus().find((m) => m.name === "jtb-2016-partner-spoof")!.bytes;
      await mail.getByLabel("メールファイル（.eml）").setInputFiles({ name: "ログイン通知.eml", mimeType: "message/rfc822", buffer: bytes });
      await mail.getByRole("button", { name: "取り込んで解析" }).click();
      await mail.getByRole("status").getByText(/ログイン通知\.eml を解析しました/).waitFor();
      await mail.getByRole("article").getByRole("heading").first().waitFor();
      await checkShown(page, "vendor triage after the upload");
      await screenshot(page, "walk-vendor-work-triage");
      assert.deepEqual(failed, []);
    });

    test("its own pages: network, settings; no company-only page in the menu", async () => {
      const menu = page.getByRole("navigation", { name: "メインメニュー" });
      for (const name of ["資産", "受信箱", "一斉連絡", "メールの報告"]) assert.equal(await menu.getByRole("link", { name, exact: true }).count(), 0, `a vendor has no ${name}`);
      await menu.getByRole("link", { name: "連絡網" }).click();
      await checkShown(page, "vendor network", "main");
      await menu.getByRole("link", { name: "設定" }).click();
      await page.getByRole("heading", { level: 1, name: /^設定: / }).waitFor();
      await checkShown(page, "vendor settings", "main");
      await screenshot(page, "walk-vendor-settings");
    });
  });

  describe("company responder, in English", () => {
    let page: Page;
    let failed: string[];
    before(async () => {
      page = await env.newPage();
      failed = watchResponses(page);
      page.on("dialog", (d) => void d.accept());
      await signIn(page, "responder@sakura.example.jp");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("navigation", { name: "Main menu" }).waitFor();
    });

    test("every tab of an incident under today's law, in English", async () => {
      const orgId = orgIdOf(page);
      const list = (await (await page.request.get(`/api/v1/orgs/${orgId}/incidents`)).json()) as { incidents: { id: string; title: string }[] };
      const today = list.incidents.find((i) => i.title.includes("現行法"))!;
      await page.goto(`/o/${orgId}/incidents/${today.id}`);
      await page.locator(".incident-summary__tabs").waitFor();
      await walkTabs(page, "responder-en");
      assert.deepEqual(failed, []);
    });

    test("obligations: the facts read as words (dates, yes/no, the cause), not the API's values", async () => {
      await page.goto(`${page.url().replace(/\?.*$/, "")}?tab=obligations`);
      const facts = page.getByTestId("facts-table");
      await facts.waitFor();
      const cause = facts.locator('tr[data-fact="cause"] td').first();
      assert.equal((await cause.innerText()).trim(), "Malware");
      assert.equal((await facts.locator('tr[data-fact="wrongful"] td').first().innerText()).trim(), "Yes");
      assert.match(await facts.locator('tr[data-fact="knownAt"] td').first().innerText(), /2026/);
      assert.doesNotMatch(await facts.innerText(), /\["|T\d\d:\d\d|\btrue\b|\bmalware\b/);
      await screenshot(page, "walk-responder-en-facts");
    });

    test("triage: an uploaded .eml shows its verdict in English", async () => {
      await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Report a mail" }).click();
      const mail = page.getByRole("region", { name: "Suspicious mails" });
      const empty = await checkShown(page, "triage page", "main");
      assert.doesNotMatch(empty, /this incident/, "the organisation's page does not speak of an incident");
      const bytes = corpus().find((m) => m.name === "jtb-2016-partner-spoof")!.bytes;
      await mail.getByLabel("Mail file (.eml)").setInputFiles({ name: "ticket.eml", mimeType: "message/rfc822", buffer: bytes });
      await mail.getByRole("button", { name: "Upload and analyse" }).click();
      await mail.getByRole("status").getByText(/ticket\.eml.*[Mm]alicious/).waitFor();
      await mail.getByRole("article").getByRole("heading", { name: /[Mm]alicious/ }).waitFor();
      await checkShown(page, "triage page after the upload", "main");
      await screenshot(page, "walk-responder-en-triage");
    });

    test("network: page by hand, then acknowledge the page", async () => {
      const menu = page.getByRole("navigation", { name: "Main menu" });
      await menu.getByRole("link", { name: "Network" }).click();
      const manual = page.getByRole("region", { name: "Page by hand" });
      await manual.getByLabel("What").fill("Booking server down (walk)");
      await manual.getByRole("button", { name: "Page", exact: true }).click();
      await page.getByRole("status").getByText("Paged.").waitFor();
      const board = page.getByTestId("page-board");
      await board.getByRole("link", { name: "Booking server down (walk)" }).click();
      await page.getByRole("button", { name: "Acknowledge" }).click();
      await page.getByRole("status").getByText("Acknowledged. The page stopped climbing.").waitFor();
      await page.getByTestId("page-timeline").locator('li[data-kind="acknowledged"]').waitFor();
      await checkShown(page, "page detail", "main");
      await screenshot(page, "walk-responder-en-page");
      for (const tab of ["Schedules", "Escalation", "Triggers"]) {
        await menu.getByRole("link", { name: "Network" }).click();
        await page.getByRole("tab", { name: tab }).click();
        await checkShown(page, `network ${tab}`, "main");
        await screenshot(page, `walk-responder-en-network-${tab.toLowerCase()}`);
      }
      assert.deepEqual(failed, []);
    });
  });

  describe("regulator officer", () => {
    let page: Page;
    let failed: string[];
    before(async () => {
      page = await env.newPage();
      failed = watchResponses(page);
      await signIn(page, "officer@agency.example.jp");
    });

    test("the inbox: a submitted report opens with its thread, named by its obligation; an order is issued", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "受信箱" }).click();
      const reports = page.getByTestId("inbox-reports");
      const row = reports.getByRole("row", { name: /個人データの漏えい等の報告（速報）/ });
      await row.waitFor();
      assert.doesNotMatch(await row.innerText(), /jp-appi\//, "the obligation by name, not by id");
      await row.getByRole("button", { name: "開く" }).click();
      await page.getByTestId("report-thread").waitFor();
      await checkShown(page, "inbox with a report open", "main");
      await screenshot(page, "walk-regulator-inbox-report");

      const order = page.getByRole("region", { name: "報告徴収（命令）" });
      await order.getByLabel("事業者").selectOption({ label: "こはる旅行（デモ）" });
      await order.getByRole("button", { name: "発出" }).click();
      await page.getByText("1 社に報告徴収を発出しました。").waitFor();
      await checkShown(page, "inbox after the order", "main");
      await screenshot(page, "walk-regulator-order");
      assert.deepEqual(failed, []);
    });

    test("the audit log names every action, the order's included", async () => {
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "設定" }).click();
      await page.getByRole("tab", { name: "監査ログ" }).or(page.getByRole("link", { name: "監査ログ" })).first().click();
      const text = await checkShown(page, "regulator audit", "main");
      assert.match(text, /報告徴収の発出/);
      assert.doesNotMatch(text, /\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+\.[a-z]+\b/, "no raw action or object type");
      await screenshot(page, "walk-regulator-audit");
    });

    test("a broadcast to the sector, sent in English; its board updates live", async () => {
      await page.getByRole("button", { name: "English" }).click();
      const menu = page.getByRole("navigation", { name: "Main menu" });
      await menu.getByRole("link", { name: "Broadcasts" }).click();
      const compose = page.locator("form.broadcast-compose");
      await compose.getByLabel("Title (Japanese)").fill("連絡網訓練（walk）");
      await compose.getByLabel("Text (Japanese)").fill("受領確認をお願いします。");
      await compose.getByLabel("Send as a drill (every message says [DRILL])").check();
      await compose.getByRole("button", { name: "Send" }).click();
      await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
      await page.getByText("Live").first().waitFor();
      const board = page.getByTestId("broadcast-board");
      await board.locator("tbody tr").first().waitFor();
      await page.getByText(/Acknowledged 0 \/ \d+/).waitFor();
      await checkShown(page, "broadcast board", "main");
      await screenshot(page, "walk-regulator-en-broadcast");
      assert.deepEqual(failed, []);
    });
  });

  describe("association officer: what it sees", () => {
    let page: Page;
    let failed: string[];
    before(async () => {
      page = await env.newPage();
      failed = watchResponses(page);
      await signIn(page, "officer@association.example.jp");
    });

    test("its dashboard speaks of an association; incidents, broadcasts, network and settings open; no inbox", async () => {
      const home = await checkShown(page, "association dashboard", "main");
      assert.match(home, /業界団体として/);
      assert.doesNotMatch(home, /監督官庁として/, "an association is not a supervising authority");
      await screenshot(page, "walk-association-dashboard");
      const menu = page.getByRole("navigation", { name: "メインメニュー" });
      assert.equal(await menu.getByRole("link", { name: "受信箱" }).count(), 0, "an association has no regulator inbox");
      for (const [name, shot] of [["インシデント", "incidents"], ["一斉連絡", "broadcasts"], ["連絡網", "network"], ["設定", "settings"]] as const) {
        await menu.getByRole("link", { name, exact: true }).click();
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        await checkShown(page, `association ${shot}`, "main");
        await screenshot(page, `walk-association-${shot}`);
      }
      assert.equal(await page.getByRole("button", { name: "新しいインシデント" }).count(), 0);
      assert.deepEqual(failed, []);
    });
  });
});
