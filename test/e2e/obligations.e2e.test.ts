/**
 * Obligations in a real browser: the company's CISO sees the obligations of the demo incident "under today's law"
 * and submits a preliminary report (速報) to the demo regulator; the regulator's officer finds it in the inbox and
 * opens it; a user of another company has no inbox and cannot read the report.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { screenshot, SCREENSHOTS, signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";
import { inkRatio, pagePng, pdfFonts, pdfText, rasterPage } from "../support/pdf.js";

describe("obligations and the regulator's inbox", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  test("the company submits, the officer sees it in the inbox; another company does not", async () => {
    const company = await env.newPage();
    await signIn(company, "ciso@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(company.url())![1]!;
    const list = (await (await company.request.get(`/api/v1/orgs/${orgId}/incidents`)).json()) as { incidents: { id: string; title: string }[] };
    const today = list.incidents.find((i) => i.title.includes("現行法"))!;
    assert.ok(today, "the demo incident under today's law");

    await company.goto(`/o/${orgId}/incidents/${today.id}?tab=obligations`);
    const table = company.getByTestId("obligations-table");
    await table.getByText("個人情報保護委員会").first().waitFor();
    const form = company.getByRole("form", { name: "報告を提出" });
    await form.getByLabel("件名").fill("速報（ブラウザ試験）");
    await form.getByLabel("報告書（JSON またはテキスト）").fill('{"概要": "ブラウザから提出"}');
    await form.getByRole("button", { name: "報告を提出" }).click();
    await company.getByText("報告を提出しました。").waitFor();
    await company.screenshot({ path: "/tmp/sokuho-obligations.png", fullPage: true });

    const regulator = await env.newPage();
    await signIn(regulator, "officer@agency.example.jp");
    const agencyId = /\/o\/([0-9a-f-]{36})$/.exec(regulator.url())![1]!;
    await regulator.getByRole("link", { name: "受信箱" }).click();
    const reports = regulator.getByTestId("inbox-reports");
    const row = reports.getByRole("row", { name: /速報（ブラウザ試験）/ });
    await row.waitFor();
    await row.getByRole("button", { name: "開く" }).click();
    await regulator.getByTestId("report-thread").getByText("ブラウザから提出").waitFor();
    await regulator.screenshot({ path: "/tmp/sokuho-inbox.png", fullPage: true });
    const inbox = (await (await regulator.request.get(`/api/v1/orgs/${agencyId}/inbox`)).json()) as { reports: { id: string; title: string }[] };
    const reportId = inbox.reports.find((r) => r.title === "速報（ブラウザ試験）")!.id;

    const other = await env.newPage();
    await signIn(other, "admin@koharu.example.jp");
    const otherOrg = /\/o\/([0-9a-f-]{36})$/.exec(other.url())![1]!;
    assert.equal(await other.getByRole("link", { name: "受信箱" }).count(), 0, "a company has no inbox");
    assert.equal((await other.request.get(`/api/v1/orgs/${otherOrg}/reports/${reportId}`)).status(), 404);
    assert.equal((await other.request.get(`/api/v1/orgs/${agencyId}/inbox`)).status(), 404);
    await other.goto(`/o/${otherOrg}/inbox`);
    await other.getByRole("alert").first().waitFor();
    assert.equal(await other.getByText("速報（ブラウザ試験）").count(), 0);
  });

  test("the CISO drafts the 速報 of the JTB replay, previews it, saves a version, signs it off, and the PDF renders the Japanese", async () => {
    const page = await env.newPage();
    await signIn(page, "ciso@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const list = (await (await page.request.get(`/api/v1/orgs/${orgId}/incidents`)).json()) as { incidents: { id: string; title: string }[] };
    const today = list.incidents.find((i) => i.title.includes("現行法"))!;
    await page.goto(`/o/${orgId}/incidents/${today.id}?tab=obligations`);

    const create = page.getByRole("form", { name: "下書きを作成" });
    await create.getByLabel("種類").selectOption("ppc_preliminary");
    await create.getByLabel("言語").selectOption("ja");
    await create.getByRole("button", { name: "下書きを作成" }).click();
    const editor = page.getByTestId("document-editor");
    await editor.waitFor();
    const preview = page.frameLocator('[data-testid="document-preview"]');
    await preview.getByRole("heading", { name: "個人データの漏えい等の報告（速報）" }).waitFor();
    await preview.getByText("5. 二次被害又はそのおそれの有無及びその内容").waitFor();
    await preview.getByText("6,788,443人").first().waitFor();
    await screenshot(page, "obligations-document-preview");

    // An edit is a new version; the diff shows it; the CISO signs it off.
    await editor.getByLabel("4. 原因").fill("標的型メールの添付ファイルを開いた業務端末がマルウェアに感染した。");
    await editor.getByRole("button", { name: "新しい版として保存" }).click();
    await page.getByText("第2版を保存しました。").waitFor();
    await editor.getByRole("button", { name: "比較" }).click();
    await page.getByTestId("document-diff").locator("ins", { hasText: "添付ファイル" }).first().waitFor();
    await editor.getByRole("button", { name: "CISO としてこの版を承認" }).click();
    await page.getByText("第2版を承認しました。").waitFor();
    await page.getByTestId("documents-table").getByText("承認済み（第2版）").first().waitFor();
    await screenshot(page, "obligations-document-signed");

    // The PDF the download link points at: a subset of the packaged font, the Japanese text, ink on page 1.
    const href = await editor.getByRole("link", { name: "PDF をダウンロード" }).getAttribute("href");
    const pdf = Buffer.from(await (await page.request.get(href!)).body());
    assert.ok(pdfFonts(pdf).every((f) => /^[A-Z]{6}\+NotoSansJP-/.test(f.name) && f.subset));
    assert.ok(pdfText(pdf).replace(/\s+/g, "").includes("標的型メールの添付ファイルを開いた業務端末"));
    assert.ok(inkRatio(rasterPage(pdf, 1, 72)) > 0.01);
    pagePng(pdf, join(SCREENSHOTS, "obligations-document-pdf-page1.png"));
  });
});
