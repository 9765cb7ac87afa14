/**
 * The words of a page's notification, in the recipient's language: what happened, which step, where it came from,
 * and the links (acknowledge, resolve, open). A drill says so first, in the subject and the text.
 */
import type { OutgoingMessage } from "./outbox.js";

export type PageMessageInput = {
  locale: "ja" | "en";
  title: { ja: string; en: string };
  orgName: { ja: string; en: string };
  sourceOrgName: { ja: string; en: string } | null;
  step: number;
  round: number;
  isDrill: boolean;
  triggeredAt: Date;
  links: { acknowledge: string; resolve: string; open: string };
};

const stamp = (d: Date, locale: "ja" | "en"): string =>
  new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" }).format(d) + " JST";

export const renderPageMessage = (m: PageMessageInput): OutgoingMessage => {
  const ja = m.locale === "ja";
  const drill = m.isDrill ? (ja ? "【訓練】" : "[DRILL] ") : "";
  const title = ja ? m.title.ja : m.title.en;
  const step = m.step + 1;
  const subject = `${drill}${ja ? "【sokuho 連絡網】" : "[sokuho] Page: "}${title}`;
  const lines = ja
    ? [
        m.isDrill ? "これは訓練です。" : null,
        `${m.orgName.ja} の連絡網から呼び出しています（第${step}段階${m.round > 0 ? `・${m.round + 1}巡目` : ""}）。`,
        `件名: ${title}`,
        m.sourceOrgName ? `発信元: ${m.sourceOrgName.ja}` : null,
        `発生: ${stamp(m.triggeredAt, "ja")}`,
        "",
        "受領したら「確認」を押してください。確認するまで、次の担当者へ順に呼び出しが続きます。",
        `確認: ${m.links.acknowledge}`,
        `解決: ${m.links.resolve}`,
        `詳細: ${m.links.open}`,
      ]
    : [
        m.isDrill ? "This is a drill." : null,
        `${m.orgName.en}'s contact network is paging you (step ${step}${m.round > 0 ? `, round ${m.round + 1}` : ""}).`,
        `Subject: ${title}`,
        m.sourceOrgName ? `From: ${m.sourceOrgName.en}` : null,
        `Raised: ${stamp(m.triggeredAt, "en")}`,
        "",
        "Acknowledge when you have it. Until someone does, the page climbs to the next person in the chain.",
        `Acknowledge: ${m.links.acknowledge}`,
        `Resolve: ${m.links.resolve}`,
        `Open: ${m.links.open}`,
      ];
  return {
    locale: m.locale,
    subject,
    text: lines.filter((l) => l !== null).join("\n"),
    links: [
      { rel: "acknowledge", label: ja ? "確認する" : "Acknowledge", url: m.links.acknowledge },
      { rel: "resolve", label: ja ? "解決にする" : "Resolve", url: m.links.resolve },
      { rel: "open", label: ja ? "sokuho で開く" : "Open in sokuho", url: m.links.open },
    ],
    isDrill: m.isDrill,
  };
};
