/**
 * Which associations a regulator works with, in a real browser: the demo authority's admin sees the demo
 * associations it works with on the broadcasts page, ends one (its broadcast "to the associations" no longer
 * reaches it), and adds it back; the association's admin sees the authority and no add form.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";

describe("network: associations a regulator works with", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  const orgIdBySlug = async (slug: string) =>
    (await env.app.p.db.system.selectFrom("organizations").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const reached = async (page: Page, orgId: string) =>
    ((await (await page.request.get(`/api/v1/orgs/${orgId}/broadcasts/audience?audience=associations`)).json()) as { organisations: { id: string }[] }).organisations.map((o) => o.id);

  test("the authority ends and restores its work with an association; the association sees it", async () => {
    const agency = await orgIdBySlug("demo-tourism-agency");
    const travel = await orgIdBySlug("demo-travel-association");
    const page = await env.newPage();
    await signIn(page, "admin@agency.example.jp");
    await page.goto(`/o/${agency}/broadcasts`);
    const section = page.getByRole("region", { name: /連携する業界団体|Associations we work with/ });
    const list = section.getByTestId("works-with");
    await list.getByText(/全日本旅行業協会（デモ）|Demo Travel Association/).waitFor();
    assert.ok((await reached(page, agency)).includes(travel));

    await section.getByRole("button", { name: /全日本旅行業協会（デモ） との連携をやめる|Stop working with Demo Travel Association/ }).click();
    await section.getByText(/連携をやめました。|Relation ended\./).waitFor();
    await list.getByText(/全日本旅行業協会（デモ）|Demo Travel Association/).waitFor({ state: "detached" });
    assert.ok(!(await reached(page, agency)).includes(travel), "its broadcasts no longer reach it");

    await section.getByLabel(/追加する業界団体|Association to add/).selectOption({ value: travel });
    await section.getByRole("button", { name: /^(追加|Add)$/ }).click();
    await list.getByText(/全日本旅行業協会（デモ）|Demo Travel Association/).waitFor();
    assert.ok((await reached(page, agency)).includes(travel));

    const assoc = await env.newPage();
    await signIn(assoc, "admin@sakura.example.jp"); // a viewer of the travel association
    await assoc.goto(`/o/${travel}/broadcasts`);
    const seen = assoc.getByRole("region", { name: /連携する監督官庁|Regulators working with us/ });
    await seen.getByTestId("works-with").getByText(/観光監督庁（デモ）|Demo Tourism Authority/).waitFor();
    assert.equal(await seen.getByRole("button").count(), 0, "a viewer neither adds nor ends");
  });
});
