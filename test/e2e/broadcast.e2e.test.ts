/**
 * A broadcast in a real browser: the demo tourism authority sends a drill to every demo company and association
 * of its sector (at least 26, as the 2016 request went to 26 industry bodies); its board shows, live and without
 * reload, the acknowledgements recipients make from a second browser, from the mail's link, and through the API.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { signIn, skipWithoutChromium, screenshot, useBrowserApp } from "./browser.js";
import { decrypt } from "../../src/platform/crypto/keys.js";
import type { OutgoingMessage } from "../../src/capabilities/network/outbox.js";

describe("broadcast and the live board", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  test("the authority broadcasts a drill to its whole sector; the board shows acknowledgements as they come", async () => {
    const officer = await env.newPage();
    await signIn(officer, "officer@agency.example.jp");
    const agencyId = /\/o\/([0-9a-f-]{36})$/.exec(officer.url())![1]!;
    await officer.getByRole("link", { name: "一斉連絡" }).click();
    const compose = officer.locator("form.broadcast-compose");
    await compose.getByLabel("件名（日本語）").fill("連絡網訓練（ブラウザ試験）");
    await compose.getByLabel("本文（日本語）").fill("受領確認をお願いします。");
    await compose.getByLabel("訓練として送る（すべての連絡に【訓練】と表示）").check();
    const preview = officer.getByTestId("audience-preview");
    await preview.getByText(/宛先 \d+ 組織/).waitFor();
    const count = Number(/宛先 (\d+) 組織/.exec((await preview.locator("summary").textContent()) ?? "")![1]);
    assert.ok(count >= 26, `${count} recipients`);
    await compose.getByRole("button", { name: "送信" }).click();
    await officer.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
    const broadcastId = /\/broadcasts\/([0-9a-f-]{36})$/.exec(officer.url())![1]!;
    const board = officer.getByTestId("broadcast-board");
    await officer.getByText("ライブ更新中").waitFor();
    assert.equal(await board.locator("tbody tr").count(), count);
    assert.equal(await board.locator('tbody tr[data-acknowledged="yes"]').count(), 0);
    await officer.getByText(`受領確認 0 / ${count}`).waitFor();
    // marks this document: a reload would lose it
    await officer.evaluate("window.__sokuhoNoReload = true");

    // 1. a company's admin acknowledges from the UI, in a second browser
    const sakura = await env.newPage();
    await signIn(sakura, "admin@sakura.example.jp");
    const sakuraId = /\/o\/([0-9a-f-]{36})$/.exec(sakura.url())![1]!;
    await sakura.getByRole("link", { name: "一斉連絡" }).click();
    await sakura.getByTestId("broadcasts-received").getByRole("link", { name: "連絡網訓練（ブラウザ試験）" }).click();
    await sakura.getByRole("button", { name: "受領を確認する" }).click();
    await sakura.getByTestId("my-ack").getByText("受領確認済み").waitFor();
    await board.locator(`tr[data-org="${sakuraId}"][data-acknowledged="yes"]`).waitFor();
    await officer.getByText(`受領確認 1 / ${count}`).waitFor();

    // 2. an association's duty desk uses the mail's link (no sign-in), in a third browser
    const p = env.app.p;
    const assoc = await p.db.system.selectFrom("organizations").select("id").where("slug", "=", "demo-ryokan-assoc").executeTakeFirstOrThrow();
    const row = await p.db.system.selectFrom("network_outbox").select("payload_enc").where("broadcast_id", "=", broadcastId).where("org_id", "=", assoc.id).executeTakeFirstOrThrow();
    const mail = JSON.parse(decrypt(p.keys.encryption, row.payload_enc)) as OutgoingMessage;
    assert.ok(mail.subject.startsWith("【訓練】"), "the drill is labelled in the message");
    const ack = new URL(mail.links.find((l) => l.rel === "acknowledge")!.url);
    const desk = await env.newPage();
    await desk.goto(ack.pathname);
    await desk.getByRole("button", { name: "受領を確認する" }).click();
    await desk.getByTestId("link-ack-done").getByText("受領を確認しました。発信元に伝わりました。").waitFor();
    await board.locator(`tr[data-org="${assoc.id}"][data-acknowledged="yes"]`).waitFor();

    // 3. another company through the API (its session, as an integration would)
    const koharu = await env.newPage();
    await signIn(koharu, "admin@koharu.example.jp");
    const koharuId = /\/o\/([0-9a-f-]{36})$/.exec(koharu.url())![1]!;
    const me = (await (await koharu.request.get("/api/v1/me")).json()) as { csrfToken: string };
    const res = await koharu.request.post(`/api/v1/orgs/${koharuId}/broadcasts/${broadcastId}/acknowledge`, { headers: { "x-csrf-token": me.csrfToken } });
    assert.equal(res.status(), 200, await res.text());
    await board.locator(`tr[data-org="${koharuId}"][data-acknowledged="yes"]`).waitFor();
    await officer.getByText(`受領確認 3 / ${count}`).waitFor();
    assert.equal(await officer.evaluate("window.__sokuhoNoReload === true"), true, "the board updated without a reload");
    assert.equal(await board.locator('tbody tr[data-acknowledged="yes"]').count(), 3);
    await screenshot(officer, "broadcast-board");

    // the recipient sees its own row only; the drill report lists who never acknowledged
    const mine = (await (await sakura.request.get(`/api/v1/orgs/${sakuraId}/broadcasts/${broadcastId}`)).json()) as { recipients: unknown[] };
    assert.equal(mine.recipients.length, 1);
    const report = await officer.request.get(`/api/v1/orgs/${agencyId}/broadcasts/${broadcastId}/report?lang=ja`);
    const html = await report.text();
    assert.match(html, /連絡網訓練 結果報告/);
    assert.ok(html.includes("ひなた旅館（デモ）"), "an organisation that never acknowledged is named");
  });
});
