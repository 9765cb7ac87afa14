/**
 * The obligations of the demo world: the replayed JTB 2016 incident gets its facts (6,788,443 people, the items
 * JTB announced) and the 観光庁's order of 2016-06-15 (5 items, due 6/24); a second incident is the same leak
 * "under today's law", discovered two days ago, whose preliminary report (速報) the CISO has submitted to the demo
 * regulator, so its officer sees it in the inbox.
 */
import type { Platform, RequestContext } from "../../platform/context.js";
import type { OrgKind, Role } from "../../platform/db/schema.js";
import { createIncidentService } from "../incidents/service.js";
import { createObligationService } from "./service.js";
import type { FactValues } from "./facts.js";

const JTB_FACTS: FactValues = {
  people: 6_788_443,
  items: ["name", "sex", "birth_date", "email", "address", "postcode", "phone", "passport_number", "passport_issue_date"],
};

/** The 2016 order's five items (観光庁, 2016-06-15), in Japanese as issued. */
export const ORDER_2016_ITEMS = ["事実関係", "発生前の安全管理措置", "発覚後の対応（問題点を含む）", "現在の状況", "再発防止策"];

const as = async (p: Platform, email: string, orgId: string, orgKind: OrgKind, role: Role): Promise<RequestContext> => {
  const u = await p.users.findByEmail(email);
  if (!u) throw new Error(`demo user missing: ${role}`);
  return { actor: { userId: u.id, tokenId: null, orgId, orgKind, role }, requestId: null, ip: null, locale: "ja" };
};

export const seedObligationsDemo = async (p: Platform, ids: { company: string; regulator: string; jtbIncident: string }): Promise<void> => {
  const svc = createObligationService(p);
  const admin = await as(p, "admin@sakura.example.jp", ids.company, "company", "org-admin");
  const ciso = await as(p, "ciso@sakura.example.jp", ids.company, "company", "ciso");
  const officer = await as(p, "officer@agency.example.jp", ids.regulator, "regulator", "regulator-officer");

  await svc.setFacts(admin, ids.jtbIncident, JTB_FACTS);
  const order = await svc.issueOrder(officer, {
    authority: "jta", title: "旅行業法に基づく報告徴収（2016年の再現）", items: ORDER_2016_ITEMS,
    issuedAt: "2016-06-15T10:00:00+09:00", dueAt: "2016-06-24T23:59:59+09:00", companyOrgId: ids.company,
  });
  await svc.linkOrder(admin, order.order.id, ids.jtbIncident);

  const incidents = createIncidentService(p);
  const today = await incidents.create(admin, {
    title: "【現行法で再現】標的型メールによる顧客データの漏えい（デモ）",
    summary: "2016年の事案を現行の個人情報保護法（2022年改正・2024年改正後）で扱った場合の再現。速報は監督官庁へ提出済み。",
    category: "targeted_mail", severity: "critical", tlp: "amber",
  });
  const ago = (h: number) => new Date(p.now().getTime() - h * 3_600_000).toISOString();
  await incidents.setClock(admin, today.id, "detected", { at: ago(72), evidence: "監視会社からの通報（デモ）" });
  await incidents.setClock(admin, today.id, "leak_suspected", { at: ago(48), evidence: "不審なファイルの作成・削除を確認（デモ）" });
  const v = await svc.setFacts(admin, today.id, JTB_FACTS);
  const prelim = v.evaluation?.obligations.find((o) => o.required && o.kind === "preliminary_report");
  if (!prelim) throw new Error("demo: no preliminary report under today's law");
  await svc.submit(ciso, today.id, {
    obligationId: prelim.id, title: "個人データの漏えい等の報告（速報）",
    document: JSON.stringify({
      概要: "標的型メールにより業務端末とサーバが感染し、顧客データのファイルが作成された。",
      漏えいした個人データの項目: JTB_FACTS.items, 本人の数: JTB_FACTS.people, 原因: "不正アクセス（標的型メール）",
      二次被害のおそれ: "なりすましメールのおそれ", 本人への対応: "通知を準備中", 公表: "予定", 再発防止策: "調査中", その他: "デモ",
    }, null, 2),
  });
};
