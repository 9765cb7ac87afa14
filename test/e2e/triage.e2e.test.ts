/**
 * Triage in a real browser: upload a suspicious mail to an incident, read the verdict and its reasons as sentences,
 * add its indicators; import a conn.log into the incident, read the ranked findings, link a finding's host to an asset.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { screenshot, signIn, skipWithoutChromium, useBrowserApp } from "./browser.js";
import { corpus } from "../../src/engines/mail/corpus.js";
import { analyseMail } from "../../src/engines/mail/index.js";
import { mailContextOf } from "../../src/capabilities/triage/service.js";
import { connLog, NO_EGRESS_C2, NO_EGRESS_HOST } from "../capabilities/triage-fixtures.js";

describe("triage", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();

  test("a suspicious mail: verdict, reasons, attachments, indicators; a conn.log: ranked findings, a host linked to its asset", async () => {
    const page = await env.newPage();
    await signIn(page, "responder@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const r = await page.request.get(`/api/v1/orgs/${orgId}/incidents`);
    const incident = ((await r.json()) as { incidents: Array<{ id: string; orgId: string }> }).incidents.find((i) => i.orgId === orgId)!;
    // The asset register says this file server must never talk out.
    await env.app.p.db.system.insertInto("assets").values({ org_id: orgId, hostname: "e2e-files-01", addresses: [NO_EGRESS_HOST], egress_allowed: false }).execute();

    await page.goto(`/o/${orgId}/incidents/${incident.id}?tab=triage`);
    const mail = page.getByRole("region", { name: "不審なメール" });
    const bytes = corpus().find((m) => m.name === "jtb-2016-partner-spoof")!.bytes;
    const expected = await analyseMail(bytes, await mailContextOf(env.app.p.db.system, orgId));
    await mail.getByLabel("メールファイル（.eml）").setInputFiles({ name: "航空券控え.eml", mimeType: "message/rfc822", buffer: bytes });
    await mail.getByRole("button", { name: "取り込んで解析" }).click();
    await mail.getByRole("status").getByText("航空券控え.eml を解析しました: 悪性。").waitFor();
    const card = mail.getByRole("article");
    await card.getByRole("heading", { name: /悪性/ }).waitFor();
    for (const s of expected.signals) await card.getByText(s.reason.ja, { exact: true }).waitFor();
    const exe = expected.message.files.find((f) => f.realType === "pe")!;
    await card.getByRole("rowheader", { name: exe.path }).waitFor();
    await card.getByText(exe.sha256!, { exact: true }).waitFor();

    await card.getByRole("button", { name: /の指標をインシデントに追加$/ }).click();
    const unique = new Set([...expected.indicators.urls, ...expected.indicators.domains, ...expected.indicators.ips, ...expected.indicators.sha256]).size;
    await mail.getByRole("status").getByText(`指標を ${unique} 件追加しました（0 件は登録済み）。`).waitFor();
    const iocs = (await (await page.request.get(`/api/v1/orgs/${orgId}/incidents/${incident.id}/indicators`)).json()) as { indicators: Array<{ normalized: string }> };
    assert.ok(iocs.indicators.some((i) => i.normalized === exe.sha256));
    await screenshot(page, "triage-mail");

    const egress = page.getByRole("region", { name: "通信ログ" });
    await egress.getByLabel("ログファイル").setInputFiles({ name: "conn.log.gz", mimeType: "application/gzip", buffer: gzipSync(connLog()) });
    await egress.getByRole("button", { name: "取り込んで解析" }).click();
    const findings = egress.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "スコア" }) });
    const first = findings.getByRole("row").nth(1);
    await first.getByRole("cell", { name: "外部通信禁止の機器からの通信" }).waitFor({ timeout: 60_000 });
    await first.getByRole("cell", { name: NO_EGRESS_HOST, exact: true }).waitFor();
    await first.getByRole("cell", { name: new RegExp(`^${NO_EGRESS_C2.replace(/\./g, "\\.")}`) }).waitFor();
    await findings.getByRole("cell", { name: "定期通信（ビーコン）" }).first().waitFor();

    await egress.getByRole("button", { name: `検出結果 1 のホスト ${NO_EGRESS_HOST} を資産に関連付け` }).click();
    await egress.getByRole("status").getByText(`${NO_EGRESS_HOST} を資産 e2e-files-01 に関連付けました。`).waitFor();
    const links = (await (await page.request.get(`/api/v1/orgs/${orgId}/incidents/${incident.id}/assets`)).json()) as { links: Array<{ asset: { hostname: string }; compromise: string }> };
    assert.ok(links.links.some((l) => l.asset.hostname === "e2e-files-01" && l.compromise === "suspected"));
    await screenshot(page, "triage-egress");
  });
});
