/**
 * The contact network of the demo world. The demo regulator answers its desk with its own chain, with short
 * timeouts so a demo shows the climb: the officer on duty (a weekly rota), then the section chief, then the director,
 * two minutes each, twice round. The demo companies page their responders, then their CISO and admin, when an
 * incident is opened. So the report the obligations demo submits pages the regulator at once.
 */
import type { Platform, RequestContext } from "../../platform/context.js";
import type { OrgKind } from "../../platform/db/schema.js";
import { createNetworkConfigService } from "./config-service.js";

const adminOf = async (p: Platform, email: string, orgId: string, orgKind: OrgKind): Promise<RequestContext> => {
  const u = await p.users.findByEmail(email);
  if (!u) throw new Error("demo admin missing");
  return { actor: { userId: u.id, tokenId: null, orgId, orgKind, role: "org-admin" }, requestId: null, ip: null, locale: "ja" };
};
const userId = async (p: Platform, email: string): Promise<string> => (await p.users.findByEmail(email))!.id;

export const seedNetworkDemo = async (p: Platform, ids: { regulator: string; companies: { id: string; adminEmail: string }[] }): Promise<void> => {
  const svc = createNetworkConfigService(p);
  const agency = await adminOf(p, "admin@agency.example.jp", ids.regulator, "regulator");
  const officer = await userId(p, "officer@agency.example.jp");
  const monday = new Date(p.now().getTime() - ((p.now().getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  const rota = await svc.createSchedule(agency, {
    nameJa: "受付当番（担当官）", nameEn: "Desk duty (officers)", timeZone: "Asia/Tokyo",
    rotation: { kind: "weekly", handoffTime: "09:00", startDate: monday, participants: [officer] }, overrides: [],
  });
  const desk = await svc.createPolicy(agency, {
    nameJa: "受付窓口: 担当官 → 課長 → 局長", nameEn: "Desk: officer → section chief → director", repeat: 1,
    steps: [
      { timeoutMinutes: 2, targets: [{ kind: "schedule", scheduleId: rota.schedule.id }] },
      { timeoutMinutes: 2, targets: [{ kind: "user", userId: await userId(p, "chief@agency.example.jp") }] },
      { timeoutMinutes: 2, targets: [{ kind: "user", userId: await userId(p, "director@agency.example.jp") }] },
    ],
  });
  await svc.setDesk(agency, { policyId: desk.policy.id });
  for (const c of ids.companies) {
    const admin = await adminOf(p, c.adminEmail, c.id, "company");
    const pol = await svc.createPolicy(admin, {
      nameJa: "インシデント発生時", nameEn: "Incident opened", repeat: 0,
      steps: [
        { timeoutMinutes: 5, targets: [{ kind: "role", role: "responder" }, { kind: "role", role: "ciso" }] },
        { timeoutMinutes: 10, targets: [{ kind: "role", role: "org-admin" }] },
      ],
    });
    await svc.setTriggers(admin, { triggers: [{ eventKind: "incident.created", policyId: pol.policy.id, isEnabled: true }, { eventKind: "incident.severity_raised", policyId: pol.policy.id, isEnabled: true }] });
  }
};
