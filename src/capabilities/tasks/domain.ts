/**
 * Playbooks and tasks. A playbook step is due at an offset from one of the incident's clocks; applying a
 * playbook creates its tasks once. A task's due time follows its clock: correct the clock, the due moves.
 */
import { z } from "zod";
import { INCIDENT_CATEGORIES, ROLES, TASK_STATUSES } from "../../platform/db/schema.js";
import { CLOCKS, type Clock, type Clocks } from "../incidents/clocks.js";

export const ZStep = z.strictObject({
  titleJa: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().min(1).max(300),
  anchorClock: z.enum(CLOCKS),
  offsetMinutes: z.number().int().min(0).max(525_600),
  mandatory: z.boolean().default(false),
  role: z.enum(ROLES),
  /** Setting this clock completes the step's tasks (the cut-off decision sets containment_decided). */
  doneWhenClock: z.enum(CLOCKS).nullable().optional(),
});
export type Step = z.infer<typeof ZStep>;
export const ZPlaybookInput = z.strictObject({
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  category: z.enum(INCIDENT_CATEGORIES),
  steps: z.array(ZStep).min(1).max(100),
});
export const ZPlaybookCreate = z.union([ZPlaybookInput, z.strictObject({ copyFrom: z.string().uuid() })]);
export const ZTaskInput = z.strictObject({
  title: z.string().trim().min(1).max(300),
  role: z.enum(ROLES).optional(),
  mandatory: z.boolean().optional(),
  dueAt: z.string().max(40).nullable().optional(),
  assigneeUserId: z.string().uuid().nullable().optional(),
});
export const ZTaskPatch = ZTaskInput.partial().extend({ status: z.enum(TASK_STATUSES).optional() });

export type TaskTiming = { anchorClock: string | null; offsetMinutes: number | null; dueAt: Date | null; status: string };

/**
 * A task's status as shown: an open task tied to a clock is done once that clock is set (its decision or
 * report is on record), so it neither stays open nor overdue. `completedBy` names that clock.
 */
export const effectiveStatus = (
  status: (typeof TASK_STATUSES)[number], doneWhenClock: string | null, clocks: Clocks,
): { status: (typeof TASK_STATUSES)[number]; completedBy: Clock | null } => {
  const isOpen = status === "open" || status === "in_progress";
  if (isOpen && doneWhenClock && clocks[doneWhenClock as Clock]) return { status: "done", completedBy: doneWhenClock as Clock };
  return { status, completedBy: null };
};
/** A task's due time: its own, or its clock plus its offset; null while the clock is not set. */
export const dueOf = (t: TaskTiming, clocks: Clocks): Date | null => {
  if (t.dueAt) return t.dueAt;
  if (!t.anchorClock || t.offsetMinutes === null) return null;
  const anchor = clocks[t.anchorClock as Clock];
  return anchor ? new Date(anchor.getTime() + t.offsetMinutes * 60_000) : null;
};
export const isOverdue = (t: TaskTiming, clocks: Clocks, now: Date): boolean => {
  const due = dueOf(t, clocks);
  return due !== null && due < now && (t.status === "open" || t.status === "in_progress");
};

const H = 60;
const step = (
  titleJa: string, titleEn: string, anchorClock: Clock, offsetMinutes: number, role: Step["role"], mandatory = false, doneWhenClock: Clock | null = null,
): Step => ({ titleJa, titleEn, anchorClock, offsetMinutes, role, mandatory, doneWhenClock });

/** Built-in playbooks, visible to every organisation, read-only (copy one to change it). */
export const BUILTIN_PLAYBOOKS: ReadonlyArray<{ key: string; nameJa: string; nameEn: string; category: (typeof INCIDENT_CATEGORIES)[number]; steps: Step[] }> = [
  {
    key: "targeted-mail", nameJa: "標的型メールによる感染", nameEn: "Targeted mail infection", category: "targeted_mail",
    steps: [
      step("感染端末をネットワークから隔離する", "Isolate the infected machine from the network", "detected", 30, "responder", true),
      step("同じメールの受信者を洗い出し、開封の有無を確認する", "Find every recipient of the same mail and whether they opened it", "detected", 2 * H, "responder", true),
      step("送信元・添付ファイルのハッシュ・URL を指標として登録する", "Record the sender, attachment hashes and URLs as indicators", "detected", 2 * H, "responder"),
      step("外部への不審な通信がないかプロキシ・FW ログを確認する", "Check proxy and firewall logs for suspicious outbound traffic", "detected", 4 * H, "responder", true),
      step("外部通信の遮断を判断する（判断者・実行者を記録）", "Decide on cutting off external traffic (record who decides and who executes)", "detected", 1 * H, "ciso", true, "containment_decided"),
      step("個人情報を保持するサーバへの影響を評価する", "Assess the impact on servers holding personal data", "contained", 24 * H, "ciso", true),
    ],
  },
  {
    key: "egress-unknown-host", nameJa: "未知の宛先への外部通信", nameEn: "Egress to an unknown host", category: "unauthorized_access",
    steps: [
      step("通信元ホストと宛先を特定し、資産台帳と照合する", "Identify the source host and destination; check the asset inventory", "detected", 30, "responder", true),
      step("宛先への通信を遮断する判断を行う", "Decide whether to block the destination", "detected", 1 * H, "ciso", true, "containment_decided"),
      step("通信量と期間から持ち出しの可能性を評価する", "Estimate possible exfiltration from volume and duration", "detected", 4 * H, "responder", true),
      step("遮断後に通信が止まったことを確認する", "Confirm the traffic stopped after the block", "contained", 1 * H, "responder"),
    ],
  },
  {
    key: "web-skimming", nameJa: "Web スキミング（決済画面の改ざん）", nameEn: "Web skimming (payment page tampering)", category: "web_skimming",
    steps: [
      step("改ざんされたスクリプトを特定し、決済画面を停止する", "Find the tampered script and take the payment page down", "detected", 1 * H, "responder", true),
      step("カード会社・決済代行会社へ連絡する", "Inform the card companies and the payment provider", "leak_suspected", 24 * H, "ciso", true),
      step("影響期間と対象件数を確定する", "Establish the affected period and number of cards", "leak_suspected", 72 * H, "responder", true),
      step("個人情報保護委員会へ速報する", "Send the preliminary report to the PPC", "leak_confirmed", 72 * H, "ciso", true, "regulator_first_contact"),
    ],
  },
  {
    key: "lost-device", nameJa: "端末・媒体の紛失", nameEn: "Lost device or media", category: "lost_device",
    steps: [
      step("遠隔ロック・データ消去を実行する", "Lock and wipe the device remotely", "detected", 1 * H, "responder", true),
      step("端末の暗号化状況と保存データを確認する", "Check the device's encryption and the data on it", "detected", 4 * H, "responder", true),
      step("警察へ遺失届を出す", "Report the loss to the police", "detected", 24 * H, "responder"),
      step("報告義務の有無を判断する（暗号化されていれば不要の場合あり）", "Decide whether reporting is required (encryption may exempt it)", "detected", 48 * H, "ciso", true),
    ],
  },
  {
    key: "misdelivered-mail", nameJa: "メール・郵便の誤送信", nameEn: "Misdelivered mail", category: "misdelivery",
    steps: [
      step("誤送信先に削除を依頼し、削除の確認を取る", "Ask the wrong recipients to delete it and confirm deletion", "detected", 2 * H, "responder", true),
      step("誤送信された情報の項目と人数を確定する", "Establish which items and how many people were sent", "detected", 8 * H, "responder", true),
      step("本人への通知の要否を判断する", "Decide whether the people concerned must be notified", "detected", 48 * H, "ciso", true),
    ],
  },
];
