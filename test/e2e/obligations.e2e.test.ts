/**
 * Obligations in a real browser: the company's CISO sees the obligations of the demo incident "under today's law"
 * and submits a preliminary report (速報) to the demo regulator; the regulator's officer finds it in the inbox and
 * opens it; a user of another company has no inbox and cannot read the report.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

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
});
