/**
 * Two public breaches replayed as incidents of the fictional demo organisations, with their public dates and
 * counts, so that a new user sees at once what the gaps looked like. Sources are cited in the event texts
 * (see shared/reference/japan-rules.md §5–6). Times of day are not public: noon Japan time stands in.
 */
import type { Platform, RequestContext } from "../context.js";
import { createIncidentService } from "../../capabilities/incidents/service.js";
import { createTimelineService } from "../../capabilities/timeline/service.js";
import { createDecisionService } from "../../capabilities/decisions/service.js";
import type { Clock } from "../../capabilities/incidents/clocks.js";

type Replay = {
  title: string;
  summary: string;
  category: "targeted_mail";
  severity: "critical";
  tags: string[];
  clocks: Array<[Clock, string, string]>;
  /** The last date of the public record: the replay closes there (no case published a formal closing date). */
  closed: [string, string];
  events: Array<[string, "observation" | "action" | "communication" | "note", string, string]>;
  decision?: { title: string; decision: string; decidedAt: string; executedAt: string; authorityRole: string; decidedBy: string; options: string[] };
};

export const JTB_2016: Replay = {
  title: "【再現】2016年 旅行会社の標的型メール事案（JTB / i.JTB の公表情報による）",
  summary:
    "公表情報の再現（デモ）。標的型メールで子会社の端末とサーバが感染し、顧客データのファイルが作成・削除された。" +
    "最大 793 万件（氏名・性別・生年月日・メール・住所・郵便番号・電話・パスポート番号と取得日）、重複除去後 6,788,443 人、" +
    "パスポート番号 9,154 件のうち有効なもの約 4,300 件。出典: JTB 2016-06-14 発表、ITpro、piyolog、観光庁。",
  category: "targeted_mail",
  severity: "critical",
  tags: ["再現", "標的型メール", "PlugX", "旅行業"],
  clocks: [
    ["occurred", "2016-03-15T12:00", "航空会社を装った標的型メールの添付ファイルが開かれた（JTB 発表、ITpro 061401730）"],
    ["detected", "2016-03-19T12:00", "監視会社が不審な外部通信を検知し通報（JTB 発表、piyolog 20160614）"],
    ["leak_suspected", "2016-04-01T12:00", "作成・削除されたファイルの存在を確認（JTB 発表、ZDNet 35084254）"],
    ["leak_confirmed", "2016-05-13T12:00", "復元したファイルに個人情報が含まれることを確認（JTB 発表）"],
    ["regulator_first_contact", "2016-05-31T12:00", "観光庁へ相談（日経、NHK）"],
    ["public_announcement", "2016-06-14T12:00", "報道発表と記者会見（JTB 2016-06-14 発表）"],
    ["individuals_notified_first", "2016-06-14T12:00", "対象の顧客へメールで連絡（gigazine、ITpro）"],
  ],
  closed: [
    "2016-07-08T12:00",
    "再現の終わり: 公表情報の最後の日付。検討会が JTB の対策を「当面の対応として十分」と評価（travelvision news-73399）。" +
      "正式なクローズ日と本人通知の完了日は公表されていない",
  ],
  events: [
    ["2016-03-18T12:00", "observation", "端末が起動しなくなり隔離", "piyolog 20160614"],
    ["2016-03-20T12:00", "action", "ウイルスは見つからず、一つの宛先への通信の遮断を開始", "piyolog 20160614"],
    ["2016-03-21T12:00", "observation", "侵入者がサーバ上にデータファイル（CSV）を作成し、その後削除。ディスク容量の警告", "JTB 発表、ITpro"],
    ["2016-04-01T12:00", "action", "外部のセキュリティ会社とウイルス除去・ファイル復元・解析を開始（〜5/13）", "JTB 発表"],
    ["2016-05-13T12:00", "action", "事故対策本部を設置", "JTB 発表、gigazine"],
    ["2016-06-15T12:00", "communication", "観光庁が 5 項目の報告書を 6/24 までに提出するよう指示", "traicy"],
    ["2016-06-24T12:00", "communication", "報告書を提出。対象者数を 6,788,443 人に修正（重複約 114 万件を除去）", "ITpro 062900564、日テレ NEWS24"],
    ["2016-07-08T12:00", "note", "フリーダイヤルへの問い合わせが 3 万件を超えた（うち不審メール関連 350〜360 件）", "朝日新聞 ASJ7854TVJ78ULFA02D"],
  ],
  decision: {
    title: "外部通信の遮断", decision: "不審な外部通信を遮断する（判断者・実行者は公表されていない）",
    decidedAt: "2016-03-25T12:00", executedAt: "2016-03-25T12:00", authorityRole: "（公表なし）", decidedBy: "（公表なし）",
    options: ["監視を続ける", "宛先ごとに遮断する", "外部通信を全面的に遮断する"],
  },
};

export const JPS_2015: Replay = {
  title: "【再現】2015年 日本年金機構の標的型メール事案（公表情報による）",
  summary:
    "公表情報の再現（デモ）。公開アドレスに届いた標的型メールで端末が感染、その後 124 通の攻撃メールのうち 5 通が開封され、" +
    "5/21〜23 に情報が流出。最終的な対象者 1,014,653 人（約 125 万件）。出典: 毎日新聞、ITpro 062202096・082002693、日経。",
  category: "targeted_mail",
  severity: "critical",
  tags: ["再現", "標的型メール", "公的機関"],
  clocks: [
    ["occurred", "2015-05-08T10:28", "九州ブロック本部の公開アドレスに届いたメールを開封、1 台感染（dot.asahi、ITpro 060300268）"],
    ["detected", "2015-05-08T12:00", "感染した端末の LAN ケーブルを抜いた（ITpro 060300268）"],
    ["leak_suspected", "2015-05-23T12:00", "本部の 19 台から大量の外部通信（impress、日経 8/20）"],
    ["leak_confirmed", "2015-05-28T12:00", "警察から情報流出の連絡（ITpro、日経）"],
    ["public_announcement", "2015-06-01T12:00", "公表、フリーダイヤル開設（ZDNet 35065287、毎日新聞）"],
    ["individuals_notified_first", "2015-06-03T12:00", "対象者への文書の発送を開始（ITpro 062202096）"],
  ],
  closed: ["2015-08-20T12:00", "再現の終わり: 調査報告書の公表（ITpro 082002693）。正式なクローズ日は公表されていない"],
  events: [
    ["2015-05-15T12:00", "note", "ウイルス対策ベンダーが「情報は漏れない」と回答し、追加の対応をしなかった", "impress（2015-06-08）"],
    ["2015-05-18T12:00", "observation", "約 100 通の攻撃メールが非公開アドレスへ届く", "毎日新聞"],
    ["2015-05-19T12:00", "communication", "警視庁へ捜査を依頼", "毎日新聞"],
    ["2015-06-22T12:00", "note", "最終的な対象者数 1,014,653 人", "ITpro 062202096"],
    ["2015-08-20T12:00", "note", "調査報告書: 攻撃メール 124 通、開封 5 通、止める機会を 6 回逃した", "ITpro 082002693"],
  ],
  decision: {
    title: "外部通信の遮断", decision: "全拠点のインターネット接続を遮断する", decidedAt: "2015-05-29T12:00", executedAt: "2015-05-29T12:00",
    authorityRole: "（公表なし）", decidedBy: "（公表なし）", options: ["感染端末のみ隔離", "全拠点のインターネット接続を遮断"],
  },
};

/** Creates one replayed incident as the given member of a demo company (its lead), closed where the record ends. */
export const seedReplay = async (p: Platform, ctx: RequestContext, r: Replay): Promise<string> => {
  const incidents = createIncidentService(p);
  const inc = await incidents.create(ctx, {
    title: r.title, summary: r.summary, category: r.category, severity: r.severity, tlp: "clear", tags: r.tags, leadUserId: ctx.actor.userId,
  });
  for (const [clock, at, evidence] of r.clocks) await incidents.setClock(ctx, inc.id, clock, { at, evidence });
  if (r.decision) {
    await createDecisionService(p).add(ctx, inc.id, { kind: "cut_off_external", ...r.decision });
  }
  const timeline = createTimelineService(p);
  for (const [at, kind, text, source] of r.events) await timeline.add(ctx, inc.id, { at, kind, text, source });
  // Recording the closed clock closes the incident: its unfinished gaps stop there instead of running to today.
  await incidents.setClock(ctx, inc.id, "closed", { at: r.closed[0], evidence: r.closed[1] });
  return inc.id;
};
