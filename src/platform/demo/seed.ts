/** Seeds the fictional demo world (idempotent: does nothing if it is already there). */
import type { Platform } from "../context.js";
import { createOrgService } from "../../capabilities/orgs/service.js";
import { orgStore } from "../../capabilities/orgs/store.js";
import { createIncidentService } from "../../capabilities/incidents/service.js";
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_RELATIONS, DEMO_USERS, type DemoOrgSlug } from "./data.js";
import { JPS_2015, JTB_2016, seedReplay } from "./replays.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFile, JTB } from "../../engines/scan/generate.js";
import { importRegistry } from "../../capabilities/affected/import.js";
import { seedObligationsDemo } from "../../capabilities/obligations/demo.js";
import { seedBroadcastDemo } from "../../capabilities/network/broadcasts-demo.js";
import { seedNetworkDemo } from "../../capabilities/network/demo.js";

/**
 * The replayed JTB case gets a small affected-person registry: a generated file in JTB's proportions (fictional
 * people at example.jp addresses), loaded as `sokuho scan --import` would, so the Affected people tab and the
 * caller look-up have something to show.
 */
const seedRegistry = async (p: Platform, incidentId: string): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "sokuho-demo-"));
  try {
    const file = join(dir, "流出ファイル（デモ）.csv");
    const records = 2_000;
    const scale = records / JTB.records;
    await generateFile(file, {
      records, people: Math.round(JTB.people * scale), passports: 40, validPassports: 19, referenceDate: JTB.referenceDate,
    });
    await importRegistry(p, { incidentId, files: [file], scan: { referenceDate: JTB.referenceDate, threads: 1 }, threads: 0, actorEmail: "admin@sakura.example.jp" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export type SeedResult = { created: boolean; users: Array<{ email: string; role: string; org: string }>; password: string };

export const seedDemo = async (p: Platform): Promise<SeedResult> => {
  const users = DEMO_USERS.flatMap((u) => u.memberships.map((m) => ({ email: u.email, role: m.role, org: m.org })));
  if (await orgStore.getBySlug(p.db.system, "sakura-tourist")) return { created: false, users, password: DEMO_PASSWORD };

  const orgs = createOrgService(p);
  const ids = new Map<DemoOrgSlug, string>();
  for (const o of DEMO_ORGS) ids.set(o.slug, (await orgs.createOrg({ ...o, isDemo: true })).id);
  const id = (slug: DemoOrgSlug): string => ids.get(slug)!;
  for (const r of DEMO_RELATIONS) await orgs.relate(id(r.company), id(r.related), r.kind);

  for (const u of DEMO_USERS) {
    for (const [i, m] of u.memberships.entries()) {
      await orgs.addMember({ actor: null, requestId: null, ip: null }, id(m.org), {
        email: u.email, displayName: u.displayName, role: m.role, locale: u.locale, notify: false,
        ...(i === 0 ? { password: DEMO_PASSWORD } : {}),
      });
    }
  }
  await p.db.system.updateTable("users").set({ is_demo: true }).execute();

  await seedNetworkDemo(p, {
    regulator: id("demo-tourism-agency"),
    companies: [{ id: id("sakura-tourist"), adminEmail: "admin@sakura.example.jp" }, { id: id("koharu-travel"), adminEmail: "admin@koharu.example.jp" }],
  });
  // A few incidents so that lists are not empty; the small agency's vendor is granted one of them.
  const incidents = createIncidentService(p);
  const asAdmin = async (slug: DemoOrgSlug) => {
    const u = await p.users.findByEmail(slug === "sakura-tourist" ? "admin@sakura.example.jp" : "admin@koharu.example.jp");
    return { actor: { userId: u!.id, tokenId: null, orgId: id(slug), orgKind: "company" as const, role: "org-admin" as const }, requestId: null, ip: null, locale: "ja" as const };
  };
  const sakura = await asAdmin("sakura-tourist");
  await incidents.create(sakura, { title: "標的型メールによるマルウェア感染の疑い（デモ）", summary: "取引先を装ったメールの添付ファイルを開いた端末から不審な通信。", severity: "high" });
  const koharu = await asAdmin("koharu-travel");
  const inc = await incidents.create(koharu, { title: "予約サイトの不審なログイン（デモ）", summary: "委託先のみなとITサービスが調査中。", severity: "medium" });
  await incidents.grant(koharu, { vendorOrgId: id("minato-it"), incidentId: inc.id, access: "write", expiresAt: new Date(p.now().getTime() + 30 * 86_400_000) });
  // The two public cases, replayed: the 6-day and 18-day gaps show at once in red.
  const jtb = await seedReplay(p, sakura, JTB_2016);
  await seedRegistry(p, jtb);
  await seedReplay(p, koharu, JPS_2015);
  await seedObligationsDemo(p, { company: id("sakura-tourist"), regulator: id("demo-tourism-agency"), jtbIncident: jtb });
  await seedBroadcastDemo(p, { regulatorId: id("demo-tourism-agency"), existing: DEMO_ORGS.filter((o) => o.kind !== "vendor").map((o) => ({ id: id(o.slug), slug: o.slug })) });
  await p.db.system.updateTable("incidents").set({ is_demo: true }).execute();
  return { created: true, users, password: DEMO_PASSWORD };
};

export const formatDemoCredentials = (r: SeedResult): string =>
  [
    "Demo accounts (DEMO ONLY, fictional organisations) / デモ用アカウント（架空の組織・デモ専用）",
    `  password / パスワード: ${r.password}`,
    ...r.users.map((u) => `  ${u.email.padEnd(32)} ${u.role.padEnd(18)} ${u.org}`),
  ].join("\n");
