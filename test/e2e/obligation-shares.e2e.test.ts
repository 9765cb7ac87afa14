/**
 * Obligations beyond the regulator, in a real browser: the company's CISO shares the demo incident "under today's
 * law" with its association and the association's officer reads its obligations and the submitted 速報 on the
 * association's page (then the share is revoked and it disappears); the PPC web-form export of the signed-off 速報
 * downloads from the document editor as CSV with the report's items; in English the legal basis reads in English.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { screenshot, signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

const orgIdOf = (page: Page): string => /\/o\/([0-9a-f-]{36})/.exec(page.url())![1]!;
const todayIncident = async (page: Page): Promise<string> => {
  const list = (await (await page.request.get(`/api/v1/orgs/${orgIdOf(page)}/incidents`)).json()) as { incidents: { id: string; title: string }[] };
  const today = list.incidents.find((i) => i.title.includes("現行法"));
  assert.ok(today, "the demo incident under today's law");
  return today.id;
};
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

describe("obligations shared with an association, the PPC web-form export, the basis in English", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  test("the CISO shares the incident with the association; its officer sees the obligations and the 速報; a revoked share is gone", async () => {
    const company = await env.newPage();
    company.on("dialog", (d) => void d.accept());
    await signIn(company, "ciso@sakura.example.jp");
    const incidentId = await todayIncident(company);
    await company.goto(`/o/${orgIdOf(company)}/incidents/${incidentId}?tab=obligations`);
    const form = company.getByRole("form", { name: "団体と共有" });
    await form.getByLabel("団体").selectOption({ label: "全日本旅行業協会（デモ）" });
    await form.getByRole("button", { name: "団体と共有" }).click();
    await company.getByText("団体と共有しました。").waitFor();
    const shares = company.getByTestId("obligation-shares");
    await shares.getByRole("row", { name: /全日本旅行業協会（デモ）.*共有中/ }).waitFor();
    assert.equal(await company.getByRole("form", { name: "団体と共有" }).count(), 0, "no association left to share with");
    await screenshot(company, "obligations-shared-company");

    const association = await env.newPage();
    await signIn(association, "officer@association.example.jp");
    await association.getByRole("link", { name: "共有された情報" }).click();
    await association.getByRole("heading", { name: "会員企業から共有された情報" }).waitFor();
    const shared = association.getByTestId("shared-incident");
    await shared.first().waitFor();
    assert.equal(await shared.count(), 1);
    await association.getByRole("heading", { name: "さくらツーリスト株式会社（デモ）" }).waitFor();
    const obligations = shared.getByTestId("shared-obligations");
    await obligations.getByRole("row", { name: /個人情報保護委員会/ }).first().waitFor();
    await shared.getByTestId("shared-reports").getByRole("row", { name: /個人データの漏えい等の報告（速報）/ }).waitFor();
    await screenshot(association, "obligations-shared-association");
    // The association reaches nothing else: not the incident, not the report's thread.
    const assocOrg = orgIdOf(association);
    assert.equal((await association.request.get(`/api/v1/orgs/${assocOrg}/incidents/${incidentId}/obligations`)).status(), 404);

    // Revoked: the company sees who and when, the association nothing.
    await shares.getByRole("button", { name: "全日本旅行業協会（デモ）との共有を取り消す" }).click();
    await company.getByText("共有を取り消しました。").waitFor();
    await shares.getByRole("row", { name: /全日本旅行業協会（デモ）.*取消済み/ }).waitFor();
    await association.reload();
    await association.getByText("この団体と共有している会員企業はありません。").waitFor();
    assert.equal(await association.getByTestId("shared-incident").count(), 0);
  });

  test("the PPC web-form export of the signed-off 速報 downloads as CSV from the document editor, with the report's items", async () => {
    const page = await env.newPage();
    await signIn(page, "ciso@sakura.example.jp");
    const incidentId = await todayIncident(page);
    await page.goto(`/o/${orgIdOf(page)}/incidents/${incidentId}?tab=obligations`);
    const row = page.getByTestId("documents-table").getByRole("row").filter({ hasText: "承認済み" }).first();
    await row.getByRole("button", { name: "開く" }).click();
    const editor = page.getByTestId("document-editor");
    await editor.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), editor.getByRole("link", { name: "CSV" }).click()]);
    assert.match(download.suggestedFilename(), /^ppc-form-ppc_preliminary-v\d+\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    assert.ok(csv.startsWith("\uFEFF項目,内容"), "a BOM and the header, for spreadsheet software");
    for (const text of [
      "報告者（事業者名）,さくらツーリスト株式会社（デモ）", "報告区分,速報", "1. 概要", "2. 漏えい等が発生し、又は発生したおそれがある個人データの項目",
      "3. 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数", "6,788,443", "旅券番号", "9. その他参考となる事項",
    ]) assert.ok(csv.includes(text), `the CSV holds ${text}`);
    assert.ok(!csv.includes("【要記入"), "the signed version has no placeholder left");
  });

  test("in English the obligations tab cites the law in English, the Japanese original in the link's title", async () => {
    const page = await env.newPage();
    await signIn(page, "responder@sakura.example.jp");
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("navigation", { name: "Main menu" }).waitFor();
    const incidentId = await todayIncident(page);
    await page.goto(`/o/${orgIdOf(page)}/incidents/${incidentId}?tab=obligations`);
    const table = page.getByTestId("obligations-table");
    await table.getByText("Personal Information Protection Commission").first().waitFor();
    const links = table.locator("a.basis");
    const texts = await links.allInnerTexts();
    assert.ok(texts.length > 0);
    assert.deepEqual(texts.filter((x) => JAPANESE.test(x)), [], "no Japanese law name in English");
    assert.ok(texts.some((x) => x.startsWith("Act on the Protection of Personal Information (APPI) Art. 26")), texts.join(" | "));
    assert.ok(texts.some((x) => /^Enforcement Rules of the Act on the Protection of Personal Information \(PPC Rules\) Art\. [78]/.test(x)), texts.join(" | "));
    const appi = links.filter({ hasText: "Act on the Protection of Personal Information (APPI) Art. 26" }).first();
    assert.match((await appi.getAttribute("title")) ?? "", /^個人情報の保護に関する法律 \(APPI\) 第26条/);
    await page.getByRole("heading", { name: "Shared with associations" }).waitFor();
    await screenshot(page, "obligations-basis-en");
  });
});
