/**
 * The contact network in a real browser: a company submits a report to its regulator; the officer on duty does not
 * acknowledge; when the step times out the section chief is paged; the chief acknowledges from the mail's link
 * (read from the outbox row, decrypted: the delivery worker is another branch) without signing in; the climb stops
 * (the director is never paged); the regulator's page board shows it acknowledged, by the chief, from the link.
 * The server's clock is the test's and moves forward by the demo desk policy's 2-minute timeout.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { buildWebOnce, launchBrowser, newPage, signIn, skipWithoutChromium, screenshot, TEST_NOW } from "./browser.js";
import { startTestApp } from "../support/app.js";
import { decrypt } from "../../src/platform/crypto/keys.js";
import { createEscalationWorker, type EscalationWorker } from "../../src/capabilities/network/escalation-worker.js";
import type { OutgoingMessage } from "../../src/capabilities/network/outbox.js";

describe("the regulator's contact network", { skip: skipWithoutChromium }, () => {
  let clock = TEST_NOW;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;
  let worker: EscalationWorker;
  before(async () => {
    await buildWebOnce();
    [app, browser] = await Promise.all([startTestApp({ now: () => new Date(clock) }), launchBrowser()]);
    worker = createEscalationWorker(app.p, { timers: false });
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await app?.close();
  });

  const userId = async (email: string) => (await app.p.users.findByEmail(email))!.id;
  const notified = async (pageId: string, step: number): Promise<string[]> =>
    (await app.p.db.system.selectFrom("network_page_events").select("detail").where("page_id", "=", pageId).where("kind", "=", "notified").where("step", "=", step).execute())
      .flatMap((r) => (r.detail as { recipients: string[] }).recipients);

  test("the chief acknowledges from the mail link when the officer did not, and the climb stops", async () => {
    const company = await newPage(browser, app.baseUrl);
    await signIn(company, "ciso@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(company.url())![1]!;
    const list = (await (await company.request.get(`/api/v1/orgs/${orgId}/incidents`)).json()) as { incidents: { id: string; title: string }[] };
    const today = list.incidents.find((i) => i.title.includes("現行法"))!;
    await company.goto(`/o/${orgId}/incidents/${today.id}?tab=obligations`);
    await company.getByTestId("obligations-table").getByText("個人情報保護委員会").first().waitFor();
    const form = company.getByRole("form", { name: "報告を提出" });
    await form.getByLabel("件名").fill("速報（連絡網の試験）");
    await form.getByLabel("報告書（JSON またはテキスト）").fill('{"概要": "連絡網の試験"}');
    await form.getByRole("button", { name: "報告を提出" }).click();
    await company.getByText("報告を提出しました。").waitFor();

    // The report's transaction raised a page at the regulator's desk; the worker sends step 1 to the officer on duty.
    const page = await app.p.db.system.selectFrom("network_pages").select(["id", "org_id"]).where("title_ja", "like", "%速報（連絡網の試験）%").executeTakeFirstOrThrow();
    await worker.tick();
    assert.deepEqual(await notified(page.id, 0), [await userId("officer@agency.example.jp")]);
    clock += 2 * 60_000 - 1000;
    await worker.tick();
    assert.deepEqual(await notified(page.id, 1), [], "the chief waits for the officer's timeout");
    clock += 1000;
    await worker.tick();
    const chief = await userId("chief@agency.example.jp");
    assert.deepEqual(await notified(page.id, 1), [chief]);

    // The chief's mail (the outbox row, as the delivery worker would send it) carries the acknowledge link.
    const row = await app.p.db.system.selectFrom("network_outbox").select("payload_enc").where("page_id", "=", page.id).where("step", "=", 1).executeTakeFirstOrThrow();
    const mail = JSON.parse(decrypt(app.p.keys.encryption, row.payload_enc)) as OutgoingMessage;
    assert.match(mail.text, /速報（連絡網の試験）/);
    const link = new URL(mail.links.find((l) => l.rel === "acknowledge")!.url);
    const fromMail = await newPage(browser, app.baseUrl); // not signed in
    await fromMail.goto(`/network/actions${link.hash}`);
    const card = fromMail.getByTestId("action-link");
    await card.getByText(/速報（連絡網の試験）/).waitFor();
    assert.equal((await app.p.db.system.selectFrom("network_pages").select("status").where("id", "=", page.id).executeTakeFirstOrThrow()).status, "triggered", "opening the link acknowledges nothing");
    await card.getByRole("button", { name: "確認する" }).click();
    await fromMail.getByTestId("action-done").getByText("確認しました。呼び出しは止まりました。").waitFor();
    await screenshot(fromMail, "network-action-link");
    // The same link again: a clear sentence, nothing done.
    await fromMail.reload();
    await fromMail.getByText("このリンクは使用済みです。リンクは一度だけ使えます。").waitFor();

    clock += 10 * 60_000;
    await worker.tick();
    assert.deepEqual(await notified(page.id, 2), [], "the director is never paged");

    const board = await newPage(browser, app.baseUrl);
    await signIn(board, "officer@agency.example.jp");
    await board.getByRole("link", { name: "連絡網" }).click();
    const row2 = board.getByTestId("page-board").locator(`tr[data-page-id="${page.id}"]`);
    await row2.getByText("確認済み").waitFor();
    await row2.getByRole("link").click();
    const timeline = board.getByTestId("page-timeline");
    await timeline.locator('li[data-kind="acknowledged"]').getByText("松本 恵").waitFor();
    await timeline.locator('li[data-kind="acknowledged"]').getByText("（メールのリンクから）").or(timeline.getByText("(メールのリンクから)")).first().waitFor();
    assert.equal(await timeline.locator('li[data-kind="escalated"]').count(), 1, "one escalation: officer → chief");
    await screenshot(board, "network-page-detail");

    // Another company sees nothing of the regulator's page.
    assert.equal((await company.request.get(`/api/v1/orgs/${orgId}/network/pages/${page.id}`)).status(), 404);
  });
});
