/**
 * A signed-off document goes to the regulator from the document editor: the CISO drafts the 速報 of the demo
 * incident under today's law, signs version 2 off and submits that version to the demo regulator with one button
 * (shown only for a signed-off version and to whoever may submit: not to a responder); the officer opens it in the
 * inbox and sees the document's kind and version, who submitted it, and a PDF link that answers with the PDF.
 * Along the way the facts name the data items by their labels (郵便番号), never by their ids (`postcode`).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { screenshot, signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";
import { DATA_ITEMS } from "../../src/capabilities/obligations/items.js";

const TITLE = "個人データの漏えい等の報告（速報・署名版の提出試験）";
const SUBMIT = /この承認済みの版（第\d+版）を観光監督庁（デモ）へ提出/;

const openTodayIncident = async (page: Page): Promise<string> => {
  const orgId = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
  const list = (await (await page.request.get(`/api/v1/orgs/${orgId}/incidents`)).json()) as { incidents: { id: string; title: string }[] };
  const today = list.incidents.find((i) => i.title.includes("現行法"))!;
  assert.ok(today, "the demo incident under today's law");
  await page.goto(`/o/${orgId}/incidents/${today.id}?tab=obligations`);
  await page.getByTestId("obligations-table").waitFor();
  return orgId;
};

describe("submitting a signed-off document to the regulator", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  test("a responder sees no submit button, even on a signed-off version", async () => {
    const page = await env.newPage();
    await signIn(page, "responder@sakura.example.jp");
    await openTodayIncident(page);
    const table = page.getByTestId("documents-table");
    await table.getByText("承認済み（第2版）").first().waitFor();
    await table.getByRole("row").filter({ hasText: "承認済み（第2版）" }).first().getByRole("button", { name: "開く" }).click();
    await page.getByTestId("document-editor").waitFor();
    await page.getByTestId("document-preview").waitFor();
    assert.equal(await page.getByRole("button", { name: SUBMIT }).count(), 0);
  });

  test("the facts name the data items by their labels, never by their ids", async () => {
    const page = await env.newPage();
    await signIn(page, "ciso@sakura.example.jp");
    await openTodayIncident(page);
    const items = page.getByTestId("facts-table").locator('tr[data-fact="items"]');
    await items.getByText(/郵便番号/).first().waitFor();
    const text = await page.locator("#incident-tab").innerText();
    for (const id of DATA_ITEMS.filter((x) => x.includes("_") || x === "postcode")) assert.doesNotMatch(text, new RegExp(`\\b${id}\\b`), `the item id ${id} is on screen`);
    // The form's choices are labelled too.
    await items.getByText("項目を選ぶ").click();
    // One choice for 郵便番号, ticked: the facts' `postcode` and the scanner's `postal_code` are one item.
    await items.getByRole("checkbox", { name: "郵便番号" }).waitFor();
    assert.equal(await items.getByRole("checkbox", { name: "郵便番号" }).count(), 1);
    assert.ok(await items.getByRole("checkbox", { name: "郵便番号" }).isChecked());
    assert.doesNotMatch(await items.innerText(), /\bpostcode\b|\bpostal_code\b/);
  });

  test("the CISO signs the 速報 off and submits that version; the officer opens it with its version and PDF", async () => {
    const company = await env.newPage();
    await signIn(company, "ciso@sakura.example.jp");
    await openTodayIncident(company);

    const create = company.getByRole("form", { name: "下書きを作成" });
    await create.getByLabel("種類").selectOption("ppc_preliminary");
    await create.getByLabel("言語").selectOption("ja");
    await create.getByRole("button", { name: "下書きを作成" }).click();
    const editor = company.getByTestId("document-editor");
    await editor.waitFor();
    await editor.getByText("第1版").first().waitFor();
    assert.equal(await editor.getByRole("button", { name: SUBMIT }).count(), 0, "a draft is not submitted");

    await editor.getByLabel("表題").fill(TITLE);
    await editor.getByLabel("4. 原因").fill("標的型メールの添付ファイルを開いた業務端末がマルウェアに感染した（提出試験）。");
    await editor.getByRole("button", { name: "新しい版として保存" }).click();
    await company.getByText("第2版を保存しました。").waitFor();
    assert.equal(await editor.getByRole("button", { name: SUBMIT }).count(), 0, "version 2 waits for the sign-off");
    await editor.getByRole("button", { name: "CISO としてこの版を承認" }).click();
    await company.getByText("第2版を承認しました。").waitFor();

    const submit = editor.getByRole("button", { name: "この承認済みの版（第2版）を観光監督庁（デモ）へ提出" });
    await submit.click();
    await company.getByText("第2版を観光監督庁（デモ）へ提出しました。").waitFor();
    await company.getByRole("region", { name: "監督官庁への報告" }).getByText(TITLE).waitFor();
    await screenshot(company, "obligations-document-submitted");

    const regulator = await env.newPage();
    await signIn(regulator, "officer@agency.example.jp");
    await regulator.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "受信箱" }).click();
    const row = regulator.getByTestId("inbox-reports").getByRole("row", { name: new RegExp(TITLE.replace(/[()（）]/g, ".")) });
    await row.waitFor();
    await row.getByRole("button", { name: "開く" }).click();
    const thread = regulator.getByTestId("report-thread");
    const doc = thread.getByTestId("report-document");
    await doc.getByText("承認済みの文書: 個人情報保護委員会への報告（速報） 第2版").waitFor();
    await thread.getByText("提出者: 鈴木 一郎").waitFor();
    assert.doesNotMatch(await thread.innerText(), /sokuhoDocument|"sections"/, "the document, not its JSON");
    await screenshot(regulator, "inbox-signed-document");

    const href = await doc.getByRole("link", { name: "PDF をダウンロード" }).getAttribute("href");
    const pdf = await regulator.request.get(href!);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    assert.equal(Buffer.from(await pdf.body()).subarray(0, 5).toString("latin1"), "%PDF-");
    const html = await regulator.request.get((await doc.getByRole("link", { name: "HTML で開く" }).getAttribute("href"))!);
    assert.equal(html.status(), 200);
    assert.ok((await html.text()).includes("提出試験"), "the submitted version's text");

    // Another company's user does not get the report's PDF.
    const other = await env.newPage();
    await signIn(other, "admin@koharu.example.jp");
    const otherOrg = /\/o\/([0-9a-f-]{36})$/.exec(other.url())![1]!;
    const reportId = /\/reports\/([0-9a-f-]{36})\/render/.exec(href!)![1]!;
    assert.equal((await other.request.get(`/api/v1/orgs/${otherOrg}/reports/${reportId}/render?format=pdf`)).status(), 404);
  });
});
