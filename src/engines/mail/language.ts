/** Urgency wording (Japanese and English) and a password written in the body (the PPAP practice). */

const URGENCY_JA = ["大至急", "至急", "緊急", "本日中", "今すぐ", "直ちに", "ただちに", "早急に", "24時間以内", "48時間以内", "アカウントが停止", "アカウントを停止", "停止されます", "凍結されます", "ロックされ", "支払いが確認できません", "未払い", "お支払いの期限", "最終通告", "期限切れ", "パスワードの有効期限"];
const URGENCY_EN = ["urgent", "immediately", "asap", "action required", "within 24 hours", "within 48 hours", "account will be suspended", "account has been suspended", "account suspended", "verify your account", "final notice", "overdue", "password expires", "password will expire", "wire transfer today"];
const URGENCY = new RegExp(`(${[...URGENCY_JA, ...URGENCY_EN].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "i");

const SCAN_CHARS = 20_000;

export type Found = { value: string; part: "subject" | "text"; offset: number };

/** The first urgency phrase in the subject, else in the first 20,000 characters of the text. */
export const findUrgency = (subject: string, text: string): Found | null => {
  const s = URGENCY.exec(subject.normalize("NFKC"));
  if (s) return { value: s[1] as string, part: "subject", offset: s.index };
  const t = URGENCY.exec(text.slice(0, SCAN_CHARS).normalize("NFKC"));
  return t ? { value: t[1] as string, part: "text", offset: t.index } : null;
};

// 「パスワード：Ab3xK9pQ」「解凍パスワードは 1234abcd です」「Password: xxxx」
const PASSWORD = /(パスワード|パスワ-ド|暗証番号|解凍キー|password|passcode|pass\s?word|\bPW|\bPWD)\s*(?:は|:|：|=|\s)\s*[「"']?([!-~]{4,40})/i;
// 「パスワードは別メールでお送りします」 is the other half of PPAP, not a password in this mail
const SEPARATE = /(別|後ほど|追って|次の)(の)?(メール|便)/;

export const findPassword = (text: string): { offset: number } | null => {
  const t = text.slice(0, SCAN_CHARS).normalize("NFKC");
  const m = PASSWORD.exec(t);
  if (!m) return null;
  const around = t.slice(m.index, m.index + 60);
  return SEPARATE.test(around) && !/[A-Za-z0-9]{6,}/.test(m[2] ?? "") ? null : { offset: m.index };
};
