/**
 * The incident page in a real browser: clocks in Japan time, a cut-off decision that moves the containment
 * clocks, the detected→contained gap turning from at risk to on time, evidence with its SHA-256, and the JTB 2016
 * demo incident showing its 6-day and 18-day gaps as overdue.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { signIn, skipWithoutChromium, TEST_NOW, tokyoLocal, useBrowserApp } from "./browser.js";

const TITLE = "業務サーバーからの不審な外部通信（incident e2e）";

describe("incident page", { skip: skipWithoutChromium }, () => {
  const env = useBrowserApp();
  let page: Page;

  before(async () => {
    page = await env.newPage();
    page.on("dialog", (d) => void d.accept());
    await signIn(page, "admin@sakura.example.jp");
  });

  const tab = async (name: string) => {
    await page.getByRole("navigation", { name: "インシデントの項目" }).getByRole("link", { name, exact: true }).click();
  };
  const gapRow = (key: string) => page.locator(`tr[data-gap="${key}"]`);
  /** The status badge of a gap in the gaps table, once it says `status`. */
  const gapBadge = (key: string, status: string) => gapRow(key).locator(".gap-badge").filter({ hasText: status });

  test("the page and the server read the same clock, which stands still: relative times do not race the minute", async () => {
    assert.equal(await page.evaluate(() => Date.now()), TEST_NOW);
    const me = (await (await page.request.get("/api/v1/me")).json()) as { memberships: Array<{ orgId: string; slug: string }> };
    const orgId = me.memberships.find((m) => m.slug === "sakura-tourist")!.orgId;
    const csrf = ((await (await page.request.get("/api/v1/me")).json()) as { csrfToken: string }).csrfToken;
    const r = await page.request.post(`/api/v1/orgs/${orgId}/incidents`, { data: { title: "clock probe" }, headers: { "x-csrf-token": csrf } });
    const probe = ((await r.json()) as { incident: { id: string } }).incident;
    const set = await page.request.put(`/api/v1/orgs/${orgId}/incidents/${probe.id}/clocks/detected`, { data: { at: tokyoLocal(60) }, headers: { "x-csrf-token": csrf } });
    const gaps = ((await set.json()) as { incident: { gaps: Array<{ key: string; elapsedMs: number }> } }).incident.gaps;
    assert.equal(gaps.find((g) => g.key === "detected->contained")?.elapsedMs, 3_600_000, "the server measured against TEST_NOW exactly");
    await page.request.delete(`/api/v1/orgs/${orgId}/incidents/${probe.id}`, { headers: { "x-csrf-token": csrf } });
  });

  test("create an incident, set detected, record an executed cut-off: detected→contained turns from at risk to on time", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
    await page.getByRole("button", { name: "新しいインシデント" }).click();
    const form = page.getByRole("region", { name: "新しいインシデント" });
    await form.getByLabel("件名").fill(TITLE);
    await form.getByLabel("種別").selectOption({ label: "不正アクセス" });
    await form.getByLabel("重大度").selectOption({ label: "高" });
    await form.getByLabel("TLP").selectOption({ value: "amber+strict" });
    await form.getByRole("button", { name: "作成" }).click();
    // Created: the new incident opens.
    await page.getByRole("heading", { level: 1, name: new RegExp(TITLE.replace(/[()（）]/g, ".")) }).waitFor();
    await page.getByText("TLP:AMBER+STRICT").first().waitFor();

    // Detected 3.5 hours ago: detected→contained (target 4 h) is past 75% of its target.
    await tab("時刻");
    await page.getByRole("button", { name: "検知 を記録" }).click();
    const editor = page.getByRole("form", { name: "検知 を記録" });
    await editor.getByLabel("日時（日本時間）").fill(tokyoLocal(210));
    await editor.getByLabel("根拠").fill("プロキシログ: 10.2.3.4 → 203.0.113.7:443 の定期通信");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").getByText("検知 を記録しました。").waitFor();
    const detectedRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "検知", exact: true }) });
    await detectedRow.getByText("佐藤 花子").waitFor();
    await detectedRow.getByText("プロキシログ").waitFor();

    // A clock before "occurred" is refused, and the server's Japanese message is shown at the field.
    await page.getByRole("button", { name: "発生 を記録" }).click();
    const occurred = page.getByRole("form", { name: "発生 を記録" });
    await occurred.getByLabel("日時（日本時間）").fill(tokyoLocal(60));
    await occurred.getByRole("button", { name: "保存" }).click();
    const fieldError = occurred.locator(".field--invalid .field__error");
    await fieldError.waitFor();
    assert.match((await fieldError.textContent()) ?? "", /[ぁ-んァ-ン一-龥]/, "the field error is in Japanese");
    assert.equal(await occurred.getByLabel("日時（日本時間）").getAttribute("aria-invalid"), "true");
    await page.screenshot({ path: "/tmp/sokuho-incident-clocks.png", fullPage: true });
    await occurred.getByRole("button", { name: "キャンセル" }).click();

    await tab("概要");
    await gapBadge("detected->contained", "要注意").waitFor();
    await gapBadge("detected->containment_decided", "超過").waitFor();
    await page.getByTestId("worst-gap").locator(".gap-badge").filter({ hasText: "超過" }).waitFor();
    await page.screenshot({ path: "/tmp/sokuho-incident-at-risk.png" });
    await page.screenshot({ path: "/tmp/sokuho-incident-overview.png", fullPage: true });

    // The CISO decides the cut-off 3 h ago; the network team executes it 2 h ago.
    await tab("判断");
    await page.getByRole("region", { name: "外部通信の遮断" }).getByText("外部通信の遮断はまだ判断されていません。").waitFor();
    await page.getByRole("button", { name: "遮断の判断を記録" }).click();
    const decision = page.getByRole("region", { name: "遮断の判断を記録" });
    await decision.getByLabel("決定権限者（役職）").fill("CISO");
    await decision.getByLabel("判断した人").fill("佐藤 花子");
    await decision.getByLabel("判断日時").fill(tokyoLocal(180));
    for (const option of ["遮断しない（監視を続ける）", "該当サーバーのみ遮断", "インターネット向け通信をすべて遮断"]) {
      await decision.getByLabel("選択肢", { exact: true }).fill(option);
      await decision.getByRole("button", { name: "選択肢を追加" }).click();
    }
    await decision.getByRole("button", { name: "選択肢「遮断しない（監視を続ける）」を削除" }).click();
    await decision.getByLabel("判断の内容").fill("該当サーバーの外部通信を FW で遮断する。");
    await decision.getByLabel("実行者").fill("ネットワーク運用チーム");
    await decision.getByLabel("実行日時").fill(tokyoLocal(120));
    await decision.getByRole("button", { name: "記録する" }).click();
    await page.getByRole("status").getByText("判断を記録しました。").waitFor();
    const cutOff = page.getByRole("region", { name: "外部通信の遮断" });
    await cutOff.getByText("ネットワーク運用チーム").waitFor();
    await cutOff.getByText("該当サーバーのみ遮断").waitFor();
    assert.equal(await cutOff.getByText("遮断しない（監視を続ける）").count(), 0);
    await page.screenshot({ path: "/tmp/sokuho-incident-decisions.png", fullPage: true });

    // The server set containment_decided and contained from the decision: the gap finished in 1.5 h of 4.
    await tab("概要");
    await gapBadge("detected->contained", "期限内").waitFor();
    assert.match((await gapRow("detected->contained").textContent()) ?? "", /1時間 30分 \/ 目標 4時間/);
    await gapBadge("detected->containment_decided", "期限内").waitFor();
    await page.getByTestId("worst-gap").locator(".gap-badge").filter({ hasText: "期限内" }).waitFor();
    const summaryClocks = (await page.getByRole("region", { name: "状況サマリー" }).locator("dl").textContent()) ?? "";
    assert.match(summaryClocks, /封じ込め完了\d{1,2}\/\d{1,2} \d{2}:\d{2}/, "the sticky summary shows when it was contained");
    await page.screenshot({ path: "/tmp/sokuho-incident-on-time.png", fullPage: true });

    await tab("時刻");
    const contained = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "封じ込め完了", exact: true }) });
    await contained.getByRole("button", { name: "封じ込め完了 を訂正" }).waitFor();
    await page.getByRole("button", { name: "封じ込め完了 の履歴" }).click();
    await page.getByRole("region", { name: "封じ込め完了 の履歴" }).getByRole("listitem").first().waitFor();
  });

  test("timeline events, tasks from a playbook", async () => {
    await tab("経過記録");
    const add = page.getByRole("region", { name: "経過を記録" });
    await add.getByLabel("日時（日本時間）").fill(tokyoLocal(200));
    await add.getByLabel("種類").selectOption({ label: "観測" });
    await add.getByLabel("内容").fill("FW で 203.0.113.7 への 443/tcp 通信を確認");
    await add.getByRole("button", { name: "記録する" }).click();
    await add.getByRole("status").getByText("記録しました。").waitFor();
    const list = page.getByRole("region", { name: "経過記録", exact: true });
    await list.getByText("FW で 203.0.113.7 への 443/tcp 通信を確認").waitFor();
    await list.getByRole("button", { name: /を訂正$/ }).first().click();
    await list.getByLabel("内容").fill("FW で 203.0.113.7 への 443/tcp 通信（5 分間隔）を確認");
    await list.getByLabel("訂正の理由").fill("通信間隔を追記");
    await list.getByRole("button", { name: "訂正を保存" }).click();
    await list.getByText("FW で 203.0.113.7 への 443/tcp 通信（5 分間隔）を確認").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-incident-timeline.png", fullPage: true });

    await tab("タスク");
    const apply = page.getByRole("region", { name: "プレイブックを適用" });
    const select = apply.getByLabel("プレイブック");
    const option = select.locator("option", { hasText: "未知の宛先への外部通信" });
    await select.selectOption({ value: (await option.getAttribute("value")) ?? "" });
    await apply.getByRole("button", { name: "適用" }).click();
    await apply.getByRole("status").getByText(/件のタスクを追加しました。/).waitFor();
    const tasks = page.getByRole("region", { name: "タスク", exact: true });
    const first = tasks.getByRole("row").filter({ hasText: "通信元ホストと宛先を特定" });
    // Due 30 min after detected (3.5 h ago): overdue.
    await first.getByText("期限超過").waitFor();
    await first.getByLabel(/の状態$/).selectOption({ label: "完了" });
    await tasks.getByRole("status").getByText("タスクを更新しました。").waitFor();
    await page.screenshot({ path: "/tmp/sokuho-incident-tasks.png", fullPage: true });
  });

  test("evidence uploaded on the incident shows its SHA-256", async () => {
    await tab("証拠");
    const data = Buffer.concat([Buffer.from("proxy log excerpt\n"), randomBytes(64 * 1024)]);
    const name = "proxy-excerpt.log";
    const upload = page.getByRole("region", { name: "証拠をアップロード" });
    await upload.getByLabel("ファイル").setInputFiles({ name, mimeType: "text/plain", buffer: data });
    await upload.getByRole("button", { name: "アップロード", exact: true }).click();
    const shown = page.getByRole("region", { name: "アップロードしたファイル" }).getByLabel("SHA-256");
    await shown.waitFor();
    assert.equal(await shown.inputValue(), createHash("sha256").update(data).digest("hex"));
    await page.screenshot({ path: "/tmp/sokuho-incident-evidence.png", fullPage: true });
  });

  test("the dashboard lists the gaps at risk or overdue first, and the list filters by worst gap", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "ダッシュボード" }).click();
    const troubled = page.getByRole("region", { name: "要注意・超過の区間" });
    await troubled.waitFor();
    // The replays are closed: their gaps stopped in 2016 and are not things to act on today.
    await page.getByRole("region", { name: /対応中のインシデント/ }).getByRole("link", { name: new RegExp(TITLE.replace(/[()（）]/g, ".")) }).waitFor();
    assert.equal(await page.getByRole("region", { name: /対応中のインシデント/ }).getByText(/JTB/).count(), 0, "a closed replay is not open work");
    assert.equal(await troubled.getByText(/JTB/).count(), 0);
    await page.screenshot({ path: "/tmp/sokuho-incident-dashboard.png", fullPage: true });
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
    await page.getByRole("heading", { level: 1, name: "インシデント" }).waitFor();
    await page.getByLabel("遅れ", { exact: true }).selectOption({ label: "期限内" });
    await page.getByRole("link", { name: TITLE }).waitFor();
    await page.getByLabel("遅れ", { exact: true }).selectOption({ label: "超過" });
    await page.getByText(/^\d+ \/ \d+ 件$/).waitFor();
    assert.equal(await page.getByRole("link", { name: TITLE }).count(), 0);
    await page.screenshot({ path: "/tmp/sokuho-incident-list.png", fullPage: true });
  });

  test("the JTB 2016 demo incident shows its 6-day and 18-day gaps as overdue", async (t) => {
    const me = (await (await page.request.get("/api/v1/me")).json()) as { memberships: Array<{ orgId: string }> };
    let found: { orgId: string; id: string } | undefined;
    for (const m of me.memberships) {
      const res = await page.request.get(`/api/v1/orgs/${m.orgId}/incidents`);
      if (!res.ok()) continue;
      const { incidents } = (await res.json()) as { incidents: Array<{ id: string; title: string }> };
      const jtb = incidents.find((i) => i.title.includes("JTB"));
      if (jtb) found = { orgId: m.orgId, id: jtb.id };
    }
    if (!found) {
      t.skip("no demo incident with JTB in its title yet: the JTB 2016 demo seed has not landed");
      return;
    }
    await page.goto(`/o/${found.orgId}/incidents/${found.id}`);
    const sixDays = gapRow("detected->contained");
    await gapBadge("detected->contained", "超過").waitFor();
    assert.match((await sixDays.textContent()) ?? "", /6日/);
    const eighteenDays = gapRow("leak_confirmed->regulator_first_contact");
    await gapBadge("leak_confirmed->regulator_first_contact", "超過").waitFor();
    assert.match((await eighteenDays.textContent()) ?? "", /18日/);
    // Closed at the end of the public record: the notice gap stopped there, "not reached", instead of running 3,823 days.
    const notices = gapRow("individuals_notified_first->individuals_notified_last");
    await notices.getByText("未到達").first().waitFor();
    assert.match((await notices.textContent()) ?? "", /24日/);
    assert.doesNotMatch((await page.locator(".gaps-table").textContent()) ?? "", /計測中|\d{3,}日/);
    await page.getByText(/クローズまたは復旧したインシデントの区間は、その時点で止まります/).waitFor();
    // The axis spans the incident itself (March–July 2016) and no two labels overlap.
    const axis = page.locator(".time-axis");
    assert.doesNotMatch((await axis.locator("svg").textContent()) ?? "", /現在/, "today is not on a 2016 axis");
    await page.screenshot({ path: "/tmp/sokuho-incident-jtb.png", fullPage: true });
    await axis.screenshot({ path: "/tmp/sokuho-incident-jtb-axis.png" });
    // A milestone's name and time are one label (two lines of one group); different labels must not touch.
    const boxes = await axis.locator("svg text").evaluateAll((els) =>
      els.map((e, i) => {
        const box = e.getBoundingClientRect();
        const milestone = e.closest(".time-axis__milestone");
        const group = milestone ? `m${[...(milestone.parentElement?.children ?? [])].indexOf(milestone)}` : `t${i}`;
        return { text: e.textContent ?? "", group, l: box.left, r: box.right, t: box.top, b: box.bottom, w: box.width };
      }).filter((x) => x.w > 0),
    );
    const overlaps = boxes.flatMap((a, i) =>
      boxes.slice(i + 1).filter((b) => a.group !== b.group && a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1).map((b) => `${a.text} × ${b.text}`));
    assert.deepEqual(overlaps, [], "labels of the time axis overlap");
  });

  test("lead, tags, search and 'led by me'; the activity tab tells what happened and links to it", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
    await page.getByRole("link", { name: TITLE }).click();
    const form = page.getByRole("form", { name: "リードとタグ" });
    await form.getByLabel("リード").selectOption({ label: "佐藤 花子" });
    await form.getByLabel("タグ（カンマ区切り）").fill("egress, ＦＷ遮断");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").getByText("リードとタグを保存しました。").waitFor();
    await page.getByTestId("incident-lead").getByText("佐藤 花子").waitFor();

    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
    const search = page.getByRole("search");
    await search.getByLabel("キーワード（件名・概要・タグ・番号）").fill("不審な外部");
    await search.getByRole("button", { name: "検索" }).click();
    await page.getByRole("link", { name: TITLE }).waitFor();
    await page.getByText(/^1 \/ 1 件$/).waitFor();
    await search.getByRole("button", { name: "解除" }).click();
    await search.getByLabel("自分がリードのものだけ").check();
    await page.getByRole("link", { name: TITLE }).waitFor();
    await page.getByRole("button", { name: "FW遮断" }).first().click();
    await page.waitForURL(/tag=FW/);
    await page.getByRole("link", { name: TITLE }).waitFor();
    await page.screenshot({ path: "/tmp/sokuho-incident-search.png", fullPage: true });

    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "ダッシュボード" }).click();
    // The box follows the URL (?mine=1): click, wait for the address, then it is checked.
    await page.waitForURL(/\/o\/[0-9a-f-]{36}$/);
    const mine = page.getByLabel("自分がリードのインシデントだけを表示");
    await mine.click();
    await page.waitForURL(/mine=1/);
    assert.equal(await mine.isChecked(), true);
    await page.getByRole("region", { name: /対応中のインシデント/ }).getByRole("link", { name: new RegExp(TITLE.replace(/[()（）]/g, ".")) }).waitFor();

    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
    await page.getByRole("link", { name: TITLE }).click();
    await tab("活動");
    const activity = page.getByRole("region", { name: "このインシデントの活動" });
    const decided = activity.getByRole("link", { name: "佐藤 花子が決定『外部通信の遮断』を記録しました" });
    await decided.waitFor();
    await activity.getByRole("link", { name: "佐藤 花子が時刻「検知」を記録しました" }).waitFor();
    await activity.getByText("状態: 未着手 → 完了").waitFor();
    assert.doesNotMatch((await activity.textContent()) ?? "", /incident\.|decision\.|statuses\.|timeline_event|undefined/);
    await page.screenshot({ path: "/tmp/sokuho-incident-activity.png", fullPage: true });
    await decided.click();
    await page.waitForURL(/tab=decisions#decision-/);
    await page.getByRole("region", { name: "外部通信の遮断" }).waitFor();
  });

  test("settings → targets: change a target in hours, see it marked changed, reset it to the default", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "設定" }).click();
    await page.getByRole("navigation", { name: "設定の項目" }).getByRole("link", { name: "対応目標" }).click();
    const targets = page.getByRole("region", { name: "対応目標（区間ごとの目標時間）" });
    const row = targets.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "検知 → 封じ込め完了", exact: true }) });
    await row.getByLabel("検知 → 封じ込め完了（単位）").selectOption({ label: "時間" });
    await row.getByLabel("検知 → 封じ込め完了（数値）").fill("2");
    await targets.getByRole("button", { name: "保存" }).click();
    await targets.getByRole("status").getByText("対応目標を保存しました。").waitFor();
    await row.getByText("変更済み").waitFor();
    const saved = (await (await page.request.get(page.url().replace(/\/o\/([^/]+)\/settings\/targets$/, "/api/v1/orgs/$1/gap-targets"))).json()) as {
      targets: Array<{ from: string; to: string; minutes: number; isDefault: boolean }>;
    };
    assert.deepEqual(saved.targets.find((x) => x.from === "detected" && x.to === "contained"), { from: "detected", to: "contained", minutes: 120, isDefault: false });
    await page.screenshot({ path: "/tmp/sokuho-incident-targets.png", fullPage: true });
    await row.getByRole("button", { name: "検知 → 封じ込め完了 を既定値に戻す" }).click();
    await targets.getByRole("button", { name: "保存" }).click();
    await targets.getByRole("status").getByText("対応目標を保存しました。").waitFor();
    assert.equal(await row.getByText("変更済み").count(), 0);
  });

  test("playbooks: copy a built-in one, add and reorder a step, save", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "プレイブック" }).click();
    await page.getByRole("button", { name: "標的型メールによる感染 をコピーして編集" }).click();
    await page.getByRole("status").getByText("コピーを作成しました。").waitFor();
    const editor = page.getByRole("region", { name: /を編集$/ });
    await editor.getByLabel("名前（日本語）").fill("標的型メール（さくら版）");
    await editor.getByRole("button", { name: "手順を追加" }).click();
    const steps = editor.getByRole("group", { name: /^手順 \d+$/ });
    const last = steps.last();
    const n = await steps.count();
    await last.getByLabel("内容（日本語）").fill("観光庁へ第一報を入れる");
    await last.getByLabel("内容（英語）").fill("Send the first report to the Japan Tourism Agency");
    await last.getByLabel("起点の時刻").selectOption({ label: "漏えい確定" });
    await last.getByLabel(`手順 ${n} の期限（単位）`).selectOption({ label: "日" });
    await last.getByLabel(`手順 ${n} の期限（数値）`).fill("1");
    await editor.getByRole("button", { name: `手順 ${n} を上へ` }).click();
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").getByText("プレイブックを保存しました。").waitFor();
    await page.getByRole("rowheader", { name: "標的型メール（さくら版）" }).waitFor();
    assert.equal(await steps.nth(n - 2).getByLabel("内容（日本語）").inputValue(), "観光庁へ第一報を入れる");
    await page.screenshot({ path: "/tmp/sokuho-incident-playbooks.png", fullPage: true });
  });

  test("closing the incident records the closed clock and stops its gaps; reopening runs them again", async () => {
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "インシデント" }).click();
    await page.getByRole("link", { name: TITLE }).click();
    const edit = page.getByRole("region", { name: "インシデントの編集" });
    await edit.getByLabel("状態").selectOption({ label: "クローズ" });
    await edit.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").getByText("保存しました", { exact: true }).first().waitFor();
    await tab("時刻");
    const closed = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "クローズ", exact: true }) });
    await closed.getByText("佐藤 花子").waitFor();
    await tab("概要");
    assert.equal(await page.locator(".gaps-table").getByText("計測中").count(), 0, "nothing runs after closing");
    await page.screenshot({ path: "/tmp/sokuho-incident-closed.png", fullPage: true });
  });
});
