/**
 * The affected-person registry in a real browser: an incident with no registry shows how to import; after
 * `sokuho scan --import` (run here as the CLI runs it) the tab shows the people and the leaked items, and a
 * call-centre agent finds a caller by the e-mail they give, shown masked. Deleting an import from the tab: a viewer has
 * no Delete button, cancelling the confirmation deletes nothing, confirming removes the import and its people, and
 * a person also in the other import stays, with that import as their source.
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
      "氏名,氏名カナ,生年月日,メールアドレス,電話番号,旅券番号,旅券有効期限\n" +
        "山田 太郎,ヤマダ タロウ,1980-01-02,taro.yamada@example.jp,090-1234-5678,TK1234567,2019-03-31\n" +
        "山田 太郎,ヤマダ タロウ,1980/01/02,TARO.YAMADA@example.jp,,,\n" +
        "佐藤 花子,サトウ ハナコ,昭和60年5月6日,hanako@example.jp,080-2222-3333,,\n",
    );
    const r = await importRegistry(env.app.p, { incidentId, files: [file], scan: { threads: 1, referenceDate: 20160614 }, actorEmail: "responder@sakura.example.jp", threads: 0 });
    assert.equal(r.people, 2);

    await page.reload();
    await registry.getByText("人を台帳に登録済み").waitFor();
    assert.equal(await registry.locator(".affected-total strong").textContent(), "2");
    const items = page.getByRole("region", { name: "漏えいした項目ごとの人数" });
    await items.getByRole("row", { name: /旅券番号\s*1/ }).waitFor();
    // the passport's expiry date, where the file has it, is an item of its own (not an issue date)
    await items.getByRole("row", { name: /旅券有効期限\s*1/ }).waitFor();
    assert.equal(await items.getByRole("row", { name: /旅券取得日/ }).count(), 0);

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

  test("delete an import from the tab: viewers cannot, a cancelled confirmation keeps it, a person in both imports stays", async () => {
    const page = await env.newPage();
    await signIn(page, "responder@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const me = (await (await page.request.get("/api/v1/me")).json()) as { csrfToken: string };
    const created = await page.request.post(`/api/v1/orgs/${orgId}/incidents`, { data: { title: "二つのファイルの流出" }, headers: { "x-csrf-token": me.csrfToken } });
    assert.equal(created.status(), 201, await created.text());
    const incidentId = ((await created.json()) as { incident: { id: string } }).incident.id;

    const header = "氏名,氏名カナ,生年月日,メールアドレス,電話番号\n";
    const customers = join(dir, "会員.csv");
    const bookings = join(dir, "予約.csv");
    writeFileSync(customers, header + "山田 太郎,ヤマダ タロウ,1980-01-02,taro.yamada@example.jp,090-1234-5678\n佐藤 花子,サトウ ハナコ,1985-05-06,hanako@example.jp,080-2222-3333\n");
    writeFileSync(bookings, header + "鈴木 次郎,スズキ ジロウ,1990-03-04,jiro@example.jp,070-4444-5555\n山田 太郎,ヤマダ タロウ,1980-01-02,taro.yamada@example.jp,090-1234-5678\n");
    const run = (file: string) => importRegistry(env.app.p, { incidentId, files: [file], scan: { threads: 1, referenceDate: 20160614 }, actorEmail: "responder@sakura.example.jp", threads: 0 });
    const first = await run(customers);
    assert.equal(first.people, 2);
    const second = await run(bookings);
    assert.equal(second.merged, 1, "taro is in both files");

    const registry = page.getByRole("region", { name: "影響を受けた本人" });
    const total = registry.locator(".affected-total strong");
    const deleteCustomers = registry.getByRole("button", { name: "会員.csv の取り込みを削除" });

    // A viewer sees the imports but no Delete button.
    const viewer = await env.newPage();
    await signIn(viewer, "viewer@sakura.example.jp");
    await viewer.goto(`/o/${orgId}/incidents/${incidentId}?tab=affected`);
    const viewerRegistry = viewer.getByRole("region", { name: "影響を受けた本人" });
    await viewerRegistry.getByRole("cell", { name: "会員.csv", exact: true }).waitFor();
    assert.equal(await viewerRegistry.getByRole("button", { name: /取り込みを削除/ }).count(), 0);
    await viewer.context().close();

    await page.goto(`/o/${orgId}/incidents/${incidentId}?tab=affected`);
    await registry.getByRole("cell", { name: "予約.csv", exact: true }).waitFor();
    assert.equal(await total.textContent(), "3", "three people, taro counted once");

    // Cancelling the confirmation deletes nothing.
    const questions: string[] = [];
    page.once("dialog", (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await deleteCustomers.click();
    await page.waitForTimeout(500);
    assert.match(questions[0] ?? "", /会員\.csv の取り込みを削除しますか/);
    await page.reload();
    await registry.getByRole("cell", { name: "会員.csv", exact: true }).waitFor();
    assert.equal(await total.textContent(), "3");

    // Confirming deletes the import: its row and its people go; taro stays, from the bookings file.
    page.once("dialog", (d) => void d.accept());
    await deleteCustomers.click();
    await registry.getByRole("cell", { name: "会員.csv", exact: true }).waitFor({ state: "detached" });
    await registry.getByRole("cell", { name: "予約.csv", exact: true }).waitFor();
    await page.waitForFunction((el) => el?.textContent === "2", await total.elementHandle());
    assert.equal(await total.textContent(), "2");

    const lookup = page.getByRole("region", { name: "本人からの問い合わせ照会" });
    await lookup.getByLabel("メールアドレス").fill("taro.yamada@example.jp");
    await lookup.getByRole("button", { name: "照会" }).click();
    const row = lookup.getByRole("row", { name: /山田 \*\*/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    assert.match(text, /予約\.csv:3/);
    assert.ok(!text.includes("会員.csv"), "the deleted import is no longer a source");

    await lookup.getByLabel("メールアドレス").fill("hanako@example.jp");
    await lookup.getByRole("button", { name: "照会" }).click();
    await lookup.getByText("台帳に該当する方はいません").waitFor();

    // The server agrees: the import's people are gone, the deletion is audited for the responder.
    const db = env.app.p.db.system;
    assert.equal((await db.selectFrom("affected_people").select("person_no").where("import_id", "=", first.importId).execute()).length, 0);
    const audit = await db.selectFrom("audit_events").select(["action", "actor_user_id"]).where("object_id", "=", first.importId).where("action", "=", "affected.import.delete").execute();
    assert.equal(audit.length, 1);
    assert.notEqual(audit[0]?.actor_user_id, null);
  });
});
