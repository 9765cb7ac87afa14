/**
 * The affected-person registry in a real browser: an incident with no registry shows how to import; after
 * `sokuho scan --import` (run here as the CLI runs it) the tab shows the people and the leaked items, and a
 * call-centre agent finds a caller by the e-mail they give, shown masked.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importRegistry } from "../../src/capabilities/affected/import.js";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

describe("affected people", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();
  const dir = mkdtempSync(join(tmpdir(), "sokuho-e2e-affected-"));

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("import a leaked file, see who and what was leaked, look a caller up by e-mail", async () => {
    const page = await env.newPage();
    await signIn(page, "responder@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const me = (await (await page.request.get("/api/v1/me")).json()) as { csrfToken: string };
    const created = await page.request.post(`/api/v1/orgs/${orgId}/incidents`, { data: { title: "顧客ファイル流出" }, headers: { "x-csrf-token": me.csrfToken } });
    assert.equal(created.status(), 201, await created.text());
    const incidentId = ((await created.json()) as { incident: { id: string } }).incident.id;

    await page.goto(`/o/${orgId}/incidents/${incidentId}?tab=affected`);
    const registry = page.getByRole("region", { name: "影響を受けた本人" });
    await registry.getByText("まだ取り込みがありません").waitFor();

    const file = join(dir, "顧客.csv");
    writeFileSync(
      file,
      "氏名,氏名カナ,生年月日,メールアドレス,電話番号,旅券番号\n" +
        "山田 太郎,ヤマダ タロウ,1980-01-02,taro.yamada@example.jp,090-1234-5678,TK1234567\n" +
        "山田 太郎,ヤマダ タロウ,1980/01/02,TARO.YAMADA@example.jp,,\n" +
        "佐藤 花子,サトウ ハナコ,昭和60年5月6日,hanako@example.jp,080-2222-3333,\n",
    );
    const r = await importRegistry(env.app.p, { incidentId, files: [file], scan: { threads: 1, referenceDate: 20160614 }, actorEmail: "responder@sakura.example.jp", threads: 0 });
    assert.equal(r.people, 2);

    await page.reload();
    await registry.getByText("人を台帳に登録済み").waitFor();
    assert.equal(await registry.locator(".affected-total strong").textContent(), "2");
    const items = page.getByRole("region", { name: "漏えいした項目ごとの人数" });
    await items.getByRole("row", { name: /旅券番号\s*1/ }).waitFor();

    const lookup = page.getByRole("region", { name: "本人からの問い合わせ照会" });
    await lookup.getByLabel("メールアドレス").fill("Ｔａｒｏ.Yamada@Example.jp");
    await lookup.getByRole("button", { name: "照会" }).click();
    const row = lookup.getByRole("row", { name: /山田 \*\*/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    assert.match(text, /\*\*\*\*@example\.jp/);
    assert.match(text, /旅券番号/);
    assert.ok(!text.includes("taro.yamada"), "the address is masked");

    await lookup.getByLabel("メールアドレス").fill("nobody@example.jp");
    await lookup.getByRole("button", { name: "照会" }).click();
    await lookup.getByText("台帳に該当する方はいません").waitFor();
  });
});
