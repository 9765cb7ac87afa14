/**
 * The escalation policy editor in a real browser: a step pages several targets. An admin creates a step with two
 * targets, reloads and sees both (in the list and in the editor), removes one and saves; the demo policy whose first
 * step pages two roles opens in the editor with both. A time limit out of bounds is refused with a sentence that
 * names the step.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signIn, screenshot, skipWithoutChromium, useBrowserApp } from "./browser.js";

type Policies = { escalationPolicies: { id: string; nameJa: string; steps: { timeoutMinutes: number; targets: { kind: string }[] }[] }[] };

describe("network: the escalation policy editor", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  const openPolicies = async (page: Page) => {
    await page.getByRole("tab", { name: "エスカレーション" }).click();
    await page.getByTestId("policies").waitFor();
  };
  const targetsOf = (page: Page, step: number) => page.getByTestId(`policy-step-${step}`).getByRole("combobox");

  test("a step with two targets keeps both; one can be removed", async () => {
    const page = await env.newPage();
    await signIn(page, "admin@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await page.goto(`/o/${orgId}/network`);
    await openPolicies(page);

    // The demo policy's first step pages responders and the CISO: the editor shows both, not only the first.
    const demo = page.getByTestId("policies").getByRole("listitem").filter({ hasText: "インシデント発生時" }).first();
    await demo.getByRole("button", { name: "編集" }).click();
    assert.equal(await targetsOf(page, 1).count(), 2);
    assert.deepEqual(await targetsOf(page, 1).evaluateAll((xs) => xs.map((x) => (x as unknown as { value: string }).value)), ["role:responder", "role:ciso"]);
    await page.getByRole("region", { name: /ポリシーを編集/ }).getByRole("button", { name: "キャンセル" }).click();

    const editor = page.getByRole("region", { name: "ポリシーを作る" });
    await editor.getByLabel("名前（日本語）").fill("二人同時に呼ぶ");
    await editor.getByLabel("第1段階の呼び出す相手 1").selectOption({ label: "高橋 健" });
    await editor.getByRole("button", { name: "第1段階に呼び出す相手を追加" }).click();
    await editor.getByLabel("第1段階の呼び出す相手 2").selectOption({ label: "鈴木 一郎" });
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByText("保存しました").first().waitFor();

    await page.reload();
    await openPolicies(page);
    const card = page.getByTestId("policies").getByRole("listitem").filter({ hasText: "二人同時に呼ぶ" }).first();
    await card.getByText("高橋 健, 鈴木 一郎").waitFor();
    await card.getByRole("button", { name: "編集" }).click();
    const edit = page.getByRole("region", { name: /ポリシーを編集/ });
    assert.equal(await targetsOf(page, 1).count(), 2);
    await screenshot(page, "network-policy-two-targets");
    await edit.getByRole("button", { name: "第1段階の相手 1（高橋 健）を外す" }).click();
    assert.equal(await targetsOf(page, 1).count(), 1);
    await edit.getByRole("button", { name: "保存" }).click();
    await page.getByRole("region", { name: "ポリシーを作る" }).waitFor();

    await page.reload();
    await openPolicies(page);
    const after = page.getByTestId("policies").getByRole("listitem").filter({ hasText: "二人同時に呼ぶ" }).first();
    await after.getByText(/^鈴木 一郎 — /).waitFor();
    const api = (await (await page.request.get(`/api/v1/orgs/${orgId}/network/overview`)).json()) as Policies;
    const saved = api.escalationPolicies.find((p) => p.nameJa === "二人同時に呼ぶ")!;
    assert.deepEqual(saved.steps.map((s) => s.targets.length), [1]);
  });
});
