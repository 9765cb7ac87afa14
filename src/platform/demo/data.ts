/**
 * The fictional demo world: a regulator, two associations, a large travel company, a small agency and its IT
 * vendor, and one user per role. DEMO ONLY: these credentials are printed at seed time and documented; never
 * seed them on a server reachable by others (SOKUHO_DEMO_SEED=false).
 */
import type { OrgKind, Role } from "../db/schema.js";

export const DEMO_PASSWORD = "sokuho-demo-password";

export type DemoOrg = { slug: string; kind: OrgKind; nameJa: string; nameEn: string };
export const DEMO_ORGS = [
  { slug: "demo-tourism-agency", kind: "regulator", nameJa: "観光監督庁（デモ）", nameEn: "Demo Tourism Authority" },
  { slug: "demo-travel-association", kind: "association", nameJa: "全日本旅行業協会（デモ）", nameEn: "Demo Travel Association" },
  { slug: "demo-regional-association", kind: "association", nameJa: "地域旅行業協会（デモ）", nameEn: "Demo Regional Travel Association" },
  { slug: "sakura-tourist", kind: "company", nameJa: "さくらツーリスト株式会社（デモ）", nameEn: "Sakura Tourist Co. (demo)" },
  { slug: "koharu-travel", kind: "company", nameJa: "こはる旅行（デモ）", nameEn: "Koharu Travel (demo)" },
  { slug: "minato-it", kind: "vendor", nameJa: "みなとITサービス（デモ）", nameEn: "Minato IT Services (demo)" },
] as const satisfies readonly DemoOrg[];
export type DemoOrgSlug = (typeof DEMO_ORGS)[number]["slug"];

export const DEMO_RELATIONS: Array<{ company: DemoOrgSlug; related: DemoOrgSlug; kind: "member_of" | "supervised_by" }> = [
  { company: "sakura-tourist", related: "demo-tourism-agency", kind: "supervised_by" },
  { company: "sakura-tourist", related: "demo-travel-association", kind: "member_of" },
  { company: "koharu-travel", related: "demo-tourism-agency", kind: "supervised_by" },
  { company: "koharu-travel", related: "demo-regional-association", kind: "member_of" },
];

export type DemoUser = { email: string; displayName: string; locale: "ja" | "en"; memberships: Array<{ org: DemoOrgSlug; role: Role }> };
export const DEMO_USERS: DemoUser[] = [
  { email: "admin@sakura.example.jp", displayName: "佐藤 花子", locale: "ja", memberships: [{ org: "sakura-tourist", role: "org-admin" }, { org: "demo-travel-association", role: "viewer" }] },
  { email: "ciso@sakura.example.jp", displayName: "鈴木 一郎", locale: "ja", memberships: [{ org: "sakura-tourist", role: "ciso" }] },
  { email: "responder@sakura.example.jp", displayName: "高橋 健", locale: "ja", memberships: [{ org: "sakura-tourist", role: "responder" }] },
  { email: "viewer@sakura.example.jp", displayName: "田中 美咲", locale: "ja", memberships: [{ org: "sakura-tourist", role: "viewer" }] },
  { email: "admin@koharu.example.jp", displayName: "伊藤 誠", locale: "ja", memberships: [{ org: "koharu-travel", role: "org-admin" }] },
  { email: "vendor@minato.example.jp", displayName: "渡辺 翔", locale: "ja", memberships: [{ org: "minato-it", role: "vendor-responder" }] },
  { email: "admin@minato.example.jp", displayName: "山本 彩", locale: "ja", memberships: [{ org: "minato-it", role: "org-admin" }] },
  { email: "officer@agency.example.jp", displayName: "中村 浩", locale: "ja", memberships: [{ org: "demo-tourism-agency", role: "regulator-officer" }] },
  { email: "admin@agency.example.jp", displayName: "小林 直子", locale: "en", memberships: [{ org: "demo-tourism-agency", role: "org-admin" }] },
  { email: "chief@agency.example.jp", displayName: "松本 恵", locale: "ja", memberships: [{ org: "demo-tourism-agency", role: "regulator-officer" }] },
  { email: "director@agency.example.jp", displayName: "井上 修", locale: "ja", memberships: [{ org: "demo-tourism-agency", role: "regulator-officer" }] },
  { email: "officer@association.example.jp", displayName: "加藤 大輔", locale: "ja", memberships: [{ org: "demo-travel-association", role: "regulator-officer" }] },
];
