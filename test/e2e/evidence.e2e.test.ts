/** Evidence in a real browser: upload a file on an incident, see the SHA-256 the server computed, verify it, read the custody log. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

describe("evidence", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();


  test("upload evidence on an incident and see its SHA-256; verify it; read its chain of custody", async () => {
    const page = await env.newPage();
    await signIn(page, "responder@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const r = await page.request.get(`/api/v1/orgs/${orgId}/incidents`);
    const incident = ((await r.json()) as { incidents: Array<{ id: string; orgId: string }> }).incidents.find((i) => i.orgId === orgId)!;
    await page.goto(`/o/${orgId}/incidents/${incident.id}/evidence`);
    await page.getByRole("heading", { level: 1, name: /の証拠$/ }).waitFor();

    const data = Buffer.concat([Buffer.from("From: partner@airline.example\r\nSubject: e-ticket\r\n\r\n"), randomBytes(3 * 1024 * 1024)]);
    const name = "標的型メール（原本）.eml";
    const upload = page.getByRole("region", { name: "証拠をアップロード" });
    await upload.getByLabel("ファイル").setInputFiles({ name, mimeType: "message/rfc822", buffer: data });
    await upload.getByLabel("説明").fill("3/15 受信。添付は開いていない。");
    await upload.getByRole("button", { name: "アップロード", exact: true }).click();

    const result = page.getByRole("region", { name: "アップロードしたファイル" });
    const shown = result.getByLabel("SHA-256");
    await shown.waitFor();
    assert.equal(await shown.inputValue(), createHash("sha256").update(data).digest("hex"));
    await upload.getByRole("status").getByText(`${name} をアップロードしました。`).waitFor();

    const list = page.getByRole("region", { name: "保管中の証拠" });
    await list.getByRole("rowheader", { name: new RegExp(name.replace(/[()（）]/g, ".")) }).waitFor();
    await list.getByRole("button", { name: `${name} を検証` }).click();
    await list.getByRole("status").getByText(`${name}: ハッシュが一致しました。`).waitFor();

    await list.getByRole("button", { name: `${name} の保管記録` }).click();
    const custody = page.getByRole("region", { name: `保管記録（Chain of Custody）: ${name}` });
    await custody.getByRole("cell", { name: "アップロード", exact: true }).waitFor();
    await custody.getByRole("cell", { name: "検証", exact: true }).waitFor();
    await custody.getByLabel("内容").fill("USB メモリで警察へ提出");
    await custody.getByRole("button", { name: "記録を追加" }).click();
    await custody.getByRole("cell", { name: "USB メモリで警察へ提出" }).waitFor();
    await page.screenshot({ path: "/tmp/sokuho-evidence.png", fullPage: true });
  });
});
