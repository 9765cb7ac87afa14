/**
 * The demo world's contact network for broadcasts: the industry bodies and companies of the demo tourism
 * authority's sector, so that a broadcast from it reaches more than the 26 industry bodies the agency's request of
 * 2016-06-14 went to (travel, hotel and ryokan associations, transport, guides…). Names are fictional and marked
 * （デモ）; every organisation of the sector gets a duty-desk e-mail channel. Batched: one transaction, a few
 * multi-row inserts, one audit row per organisation (each organisation's chain starts with its creation).
 */
import type { Platform } from "../../platform/context.js";
import type { OrgKind } from "../../platform/db/schema.js";
import { encrypt } from "../../platform/crypto/keys.js";
import { destinationHash } from "./outbox.js";

type DemoSectorOrg = { slug: string; kind: OrgKind; nameJa: string; nameEn: string };

export const DEMO_SECTOR_ASSOCIATIONS: DemoSectorOrg[] = [
  ["demo-anta", "全国旅行業連合会（デモ）", "National Federation of Travel Agencies (demo)"],
  ["demo-hotel-assoc", "日本ホテル協議会（デモ）", "Japan Hotel Council (demo)"],
  ["demo-city-hotels", "全日本シティホテル連合（デモ）", "All Japan City Hotel League (demo)"],
  ["demo-ryokan-assoc", "日本旅館協議会（デモ）", "Japan Ryokan Council (demo)"],
  ["demo-ryokan-unions", "全国旅館ホテル組合連合会（デモ）", "National Federation of Ryokan and Hotel Unions (demo)"],
  ["demo-tourism-promotion", "日本観光振興機構（デモ）", "Japan Tourism Promotion Organisation (demo)"],
  ["demo-bus-assoc", "日本バス事業者協会（デモ）", "Japan Bus Operators Association (demo)"],
  ["demo-private-railways", "日本民営鉄道連合（デモ）", "Japan Private Railways League (demo)"],
  ["demo-airlines", "定期航空事業者協会（デモ）", "Scheduled Airlines Association (demo)"],
  ["demo-cruise", "日本外航客船協議会（デモ）", "Japan Ocean Cruise Council (demo)"],
  ["demo-passenger-boats", "日本旅客船事業者協会（デモ）", "Japan Passenger Boat Operators Association (demo)"],
  ["demo-tour-conductors", "日本添乗サービス協議会（デモ）", "Japan Tour Conductor Services Council (demo)"],
  ["demo-inbound", "日本インバウンド事業者協会（デモ）", "Japan Inbound Tourism Operators Association (demo)"],
  ["demo-guides", "全国通訳案内士協議会（デモ）", "National Council of Licensed Guides (demo)"],
  ["demo-youth-hostels", "日本ユースホステル連合（デモ）", "Japan Youth Hostel League (demo)"],
  ["demo-autocamp", "日本オートキャンプ協議会（デモ）", "Japan Auto Camp Council (demo)"],
  ["demo-intl-facilities", "国際観光施設協議会（デモ）", "International Tourism Facilities Council (demo)"],
  ["demo-convention", "日本コンベンション協議会（デモ）", "Japan Convention Council (demo)"],
  ["demo-taxi", "全国ハイヤー・タクシー事業者連合（デモ）", "National Hire and Taxi Operators League (demo)"],
  ["demo-rent-a-car", "日本レンタカー事業者協会（デモ）", "Japan Rent-a-Car Operators Association (demo)"],
  ["demo-onsen", "日本温泉地協議会（デモ）", "Japan Hot Spring Resorts Council (demo)"],
  ["demo-ski-resorts", "日本スキー場事業者協会（デモ）", "Japan Ski Resort Operators Association (demo)"],
].map(([slug, nameJa, nameEn]) => ({ slug: slug!, kind: "association" as const, nameJa: nameJa!, nameEn: nameEn! }));

export const DEMO_SECTOR_COMPANIES: DemoSectorOrg[] = [
  ["aoba-kanko-hotel", "あおば観光ホテル株式会社（デモ）", "Aoba Kanko Hotel Co. (demo)"],
  ["hinata-ryokan", "ひなた旅館（デモ）", "Hinata Ryokan (demo)"],
  ["minami-bus", "みなみバス株式会社（デモ）", "Minami Bus Co. (demo)"],
  ["wakaba-air-service", "わかば航空サービス（デモ）", "Wakaba Air Service (demo)"],
  ["tsubasa-travel", "つばさトラベル株式会社（デモ）", "Tsubasa Travel Co. (demo)"],
  ["shiokaze-cruise", "しおかぜクルーズ（デモ）", "Shiokaze Cruise (demo)"],
].map(([slug, nameJa, nameEn]) => ({ slug: slug!, kind: "company" as const, nameJa: nameJa!, nameEn: nameEn! }));

/** Which associations each new company belongs to (every association has a member the authority supervises). */
const MEMBERSHIPS: Record<string, string[]> = {
  "aoba-kanko-hotel": ["demo-hotel-assoc", "demo-city-hotels", "demo-intl-facilities", "demo-convention", "demo-onsen"],
  "hinata-ryokan": ["demo-ryokan-assoc", "demo-ryokan-unions", "demo-onsen", "demo-ski-resorts", "demo-youth-hostels"],
  "minami-bus": ["demo-bus-assoc", "demo-taxi", "demo-rent-a-car", "demo-private-railways", "demo-autocamp"],
  "wakaba-air-service": ["demo-airlines", "demo-inbound"],
  "tsubasa-travel": ["demo-anta", "demo-tour-conductors", "demo-guides", "demo-tourism-promotion", "demo-inbound"],
  "shiokaze-cruise": ["demo-cruise", "demo-passenger-boats"],
};

/** The address of an organisation's demo duty desk (example.jp: reserved, never a real mailbox). */
export const demoDeskAddress = (slug: string, domain = "example.jp"): string => `desk.${slug}@${domain}`;

/**
 * Adds the sector to the demo world: `regulatorId` supervises the new companies, which are members of the new
 * associations, and works with every association of the sector; every organisation of the sector (and the
 * existing ones given in `existing`) gets a duty desk.
 */
export const seedBroadcastDemo = async (p: Platform, ids: { regulatorId: string; existing: { id: string; slug: string }[] }): Promise<void> => {
  await p.db.systemTx(async (tx) => {
    const orgs = await tx.db.insertInto("organizations")
      .values([...DEMO_SECTOR_ASSOCIATIONS, ...DEMO_SECTOR_COMPANIES].map((o) => ({ kind: o.kind, slug: o.slug, name_ja: o.nameJa, name_en: o.nameEn, is_demo: true })))
      .returning(["id", "slug", "kind", "name_ja", "name_en"]).execute();
    const id = new Map(orgs.map((o) => [o.slug, o.id]));
    const meta = { actor: { userId: null, tokenId: null, orgId: null }, requestId: null, ip: null };
    for (const o of orgs) {
      await p.audit.record(tx, meta, { orgId: o.id, action: "org.create", objectType: "organization", objectId: o.id, after: { id: o.id, kind: o.kind, slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en } });
    }
    await tx.db.insertInto("org_relations").values([
      ...DEMO_SECTOR_COMPANIES.map((c) => ({ company_org_id: id.get(c.slug)!, related_org_id: ids.regulatorId, kind: "supervised_by" as const })),
      ...Object.entries(MEMBERSHIPS).flatMap(([company, assocs]) => assocs.map((a) => ({ company_org_id: id.get(company)!, related_org_id: id.get(a)!, kind: "member_of" as const }))),
    ]).execute();
    const desks = [...orgs.map((o) => ({ id: o.id, slug: o.slug })), ...ids.existing];
    // The authority works with every association of the sector (migration 0024: its broadcasts reach these).
    const associations = await tx.db.selectFrom("organizations").select("id").where("kind", "=", "association").where("id", "in", desks.map((d) => d.id)).execute();
    await tx.db.insertInto("regulator_associations")
      .values(associations.map((a) => ({ regulator_org_id: ids.regulatorId, association_org_id: a.id })))
      .onConflict((c) => c.doNothing()).execute();
    const keys = { encryption: p.keys.encryption, identifier: p.keys.identifier };
    await tx.db.insertInto("network_channels").values(desks.map((d) => {
      const address = demoDeskAddress(d.slug);
      return { org_id: d.id, user_id: null, kind: "email" as const, label: "共通窓口（デモ） / Duty desk (demo)", address_enc: encrypt(p.keys.encryption, address), address_hash: destinationHash(keys, "email", address) };
    })).execute();
  });
};
