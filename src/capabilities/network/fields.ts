/**
 * Field paths of the network schemas read as words in both languages, so a refused input says
 * 「手順 2 › 待ち時間（分）」 / "Step 2 › Timeout (minutes)" instead of `steps.1.timeoutMinutes`.
 * Array indexes count from 1 for people.
 */
type Lang = "ja" | "en";
const LABELS: Record<string, Record<Lang, string>> = {
  nameJa: { ja: "名前（日本語）", en: "Name (Japanese)" },
  nameEn: { ja: "名前（英語）", en: "Name (English)" },
  repeat: { ja: "繰り返し回数", en: "Repeat count" },
  steps: { ja: "手順", en: "Step" },
  timeoutMinutes: { ja: "待ち時間（分）", en: "Timeout (minutes)" },
  targets: { ja: "通知先", en: "Target" },
  kind: { ja: "種類", en: "Kind" },
  userId: { ja: "利用者", en: "User" },
  scheduleId: { ja: "当番表", en: "Schedule" },
  role: { ja: "役割", en: "Role" },
  orgId: { ja: "組織の当番窓口", en: "Organisation's duty desk" },
  timeZone: { ja: "タイムゾーン", en: "Time zone" },
  rotation: { ja: "ローテーション", en: "Rotation" },
  handoffTime: { ja: "交代時刻", en: "Hand-off time" },
  startDate: { ja: "開始日", en: "Start date" },
  participants: { ja: "担当者", en: "Participant" },
  overrides: { ja: "代理", en: "Override" },
  from: { ja: "開始", en: "From" },
  to: { ja: "終了", en: "To" },
};

export const fieldLabel = (path: readonly PropertyKey[], lang: Lang): string => {
  const words: string[] = [];
  for (const key of path) {
    if (typeof key === "number") {
      words[words.length - 1] = `${words.at(-1) ?? ""} ${key + 1}`.trim();
      continue;
    }
    words.push(LABELS[String(key)]?.[lang] ?? String(key));
  }
  return words.join(" › ");
};
