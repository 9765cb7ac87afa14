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
import { connLog, NO_EGRESS_C2, NO_EGRESS_FIRST, NO_EGRESS_HOST } from "../capabilities/triage-fixtures.js";

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
  test("the partner registry in settings; a viewer reports an unknown mail, a responder attaches it; a finding opens an incident", async () => {
    const admin = await env.newPage();
    await signIn(admin, "admin@sakura.example.jp");
    const orgId = /\/o\/([0-9a-f-]{36})$/.exec(admin.url())![1]!;
    await admin.goto(`/o/${orgId}/settings/mail`);
    const settings = admin.getByRole("region", { name: "メール解析が使う情報" });
    await settings.getByLabel("取引先").fill("そら航空 | sora-air.co.jp | SORA AIR, そら航空 予約センター |");
    await settings.getByLabel("自組織のメールサーバ（authserv-id）").fill("mx.example-travel.jp");
    await settings.getByRole("button", { name: "保存" }).click();
    await settings.getByRole("status").getByText("保存しました。これ以降のメールはこの一覧で解析します。").waitFor();

    const viewer = await env.newPage();
    await signIn(viewer, "viewer@sakura.example.jp");
    await viewer.goto(`/o/${orgId}/triage`);
    const report = viewer.getByRole("region", { name: "不審なメール" });
    const spoof = corpus().find((m) => m.name === "partner-spoof-forged-lower-results")!.bytes;
    await report.getByLabel("メールファイル（.eml）").setInputFiles({ name: "予約確認.eml", mimeType: "message/rfc822", buffer: spoof });
    await report.getByRole("button", { name: "取り込んで解析" }).click();
    // With the registry, the spoof of the partner's real domain is malicious (without it: no sign of attack).
    await report.getByRole("status").getByText("予約確認.eml を解析しました: 悪性。").waitFor();

    const page = await env.newPage();
    await signIn(page, "responder@sakura.example.jp");
    await page.goto(`/o/${orgId}/triage`);
    const mails = page.getByRole("region", { name: "不審なメール" });
    const card = mails.getByRole("article").filter({ hasText: "ご予約内容の確認" });
    await card.getByRole("heading", { name: /悪性/ }).waitFor();
    const r = await page.request.get(`/api/v1/orgs/${orgId}/incidents`);
    const incident = ((await r.json()) as { incidents: Array<{ id: string; orgId: string; ref: string }> }).incidents.find((i) => i.orgId === orgId)!;
    const attach = card.getByRole("form", { name: "「ご予約内容の確認」をインシデントに結び付ける" });
    await attach.getByLabel("インシデント").selectOption(incident.id);
    await attach.getByRole("button", { name: "結び付ける" }).click();
    await mails.getByRole("status").getByText("「ご予約内容の確認」をインシデントに結び付けました。").waitFor();

    // The register's "no egress" file server (also when this test runs alone).
    const known = await env.app.p.db.system.selectFrom("assets").select("id").where("org_id", "=", orgId).where("hostname", "=", "e2e-files-01").executeTakeFirst();
    if (!known) await env.app.p.db.system.insertInto("assets").values({ org_id: orgId, hostname: "e2e-files-01", addresses: [NO_EGRESS_HOST], egress_allowed: false }).execute();
    const logs = page.getByRole("region", { name: "通信ログ" });
    await logs.getByLabel("ログファイル").setInputFiles({ name: "week.log", mimeType: "text/plain", buffer: Buffer.from(connLog()) });
    await logs.getByRole("button", { name: "取り込んで解析" }).click();
    const create = logs.getByRole("button", { name: "検出結果 1 からインシデントを作成" });
    await create.waitFor({ timeout: 60_000 });
    await create.click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}\?tab=triage$/);
    const newId = /incidents\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const inc = (await (await page.request.get(`/api/v1/orgs/${orgId}/incidents/${newId}`)).json()) as { incident: { title: string; clocks: { detected: { at: string } | null } } };
    assert.equal(inc.incident.clocks.detected?.at, new Date(NO_EGRESS_FIRST * 1000).toISOString());
    assert.match(inc.incident.title, new RegExp(NO_EGRESS_HOST.replace(/\./g, "\\.")));
    await screenshot(page, "triage-created-incident");
  });
});
