/**
 * The obligations of the demo world: the replayed JTB 2016 incident gets its facts (6,788,443 people, the items
 * JTB announced) and the 観光庁's order of 2016-06-15 (5 items, due 6/24); a second incident is the same leak
 * "under today's law", discovered two days ago, whose preliminary report (速報) is drafted, completed, signed off by
 * the CISO and submitted to the demo regulator through the services, so its officer sees it in the inbox at once.
 */
import type { Platform, RequestContext } from "../../platform/context.js";
import type { OrgKind, Role } from "../../platform/db/schema.js";
import { createIncidentService } from "../incidents/service.js";
import { createObligationService } from "./service.js";
import type { FactValues } from "./facts.js";
import { createDocumentService } from "./documents-service.js";
import type { DraftContent } from "./documents.js";

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
  // The 速報 goes the way a company files it: drafted from the incident, completed by the administrator (version 2),
  // signed off by the CISO (which files the obligation), then that signed version submitted to the regulator.
  const docs = createDocumentService(p);
  const draft = await docs.create(admin, today.id, { kind: "ppc_preliminary", locale: "ja" });
  const completed = await docs.save(admin, today.id, draft.document.id, { content: completeDraft(draft.content), baseVersion: draft.version });
  await docs.signOff(ciso, today.id, draft.document.id, completed.version);
  await docs.submit(ciso, today.id, {
    documentId: draft.document.id, version: completed.version, obligationId: prelim.id, regulatorOrgId: ids.regulator, title: DEMO_REPORT_TITLE,
  });
};

/** The title of the demo's submitted 速報 (the demo regulator's inbox lists it). */
export const DEMO_REPORT_TITLE = "個人データの漏えい等の報告（速報）";

/** What the demo's administrator writes where the draft leaves 【要記入：…】 for a person. */
const DEMO_FILL: Record<string, string> = {
  cause: "取引先を装った標的型メールの添付ファイルを開いた業務端末がマルウェアに感染し、攻撃者が顧客データのファイルを作成した（デモ）。",
  secondary: "なりすましメール・フィッシングのおそれがある。現時点で二次被害の報告はない（デモ）。",
  individuals: "対象のお客様へ電子メールで順次通知する準備中（デモ）。",
  publication: "当社ウェブサイトで公表する予定（デモ）。",
  prevention: "調査中。外部専門家の助言を得て確報で報告する（デモ）。",
  other: "お問合せ窓口を設置する予定（デモ）。",
};
const completeDraft = (content: DraftContent): DraftContent => ({
  ...content,
  sections: content.sections.map((s) => ({
    ...s, text: s.text.replace(/【要記入：[^】]*】/g, DEMO_FILL[s.id] ?? "調査中（デモ）"),
  })),
});
