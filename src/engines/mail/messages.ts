/** Every warning and signal the engine can give, with its severity and its reason in Japanese and English. */
import type { Evidence, Severity, Signal, Text, Warning } from "./types.js";

const WARNINGS: Record<string, Text> = {
  NO_BODY: { ja: "ヘッダーと本文の区切り（空行）がありません", en: "no blank line between the headers and the body" },
  HEADER_TOO_LONG: { ja: "ヘッダーが長すぎます（1 MiB まで読みました）", en: "header block too long (read the first 1 MiB)" },
  MALFORMED_HEADER: { ja: "ヘッダーとして読めない行があります", en: "lines in the header block that are not headers" },
  NO_PARTS: { ja: "マルチパートの区切りが一度も現れません", en: "a multipart boundary that never occurs" },
  MISSING_CLOSING_BOUNDARY: { ja: "マルチパートの終端がありません（途中で切れたメールの可能性）", en: "a multipart without its closing boundary (the mail may be cut off)" },
  PARSE_FAILED: { ja: "MIME として解析できませんでした（ヘッダーのみで判定しました）", en: "the MIME structure could not be parsed (judged on the headers only)" },
  RAW_8BIT_HEADER: { ja: "符号化されていない 8 ビット文字のヘッダーがあります（日本語として読みました）", en: "a header with raw 8-bit bytes (decoded as Japanese text)" },
  BAD_FROM: { ja: "From ヘッダーからアドレスを読み取れません", en: "no address could be read from the From header" },
  ARCHIVE_CORRUPT: { ja: "壊れたアーカイブです（読めた分だけ調べました）", en: "corrupt archive (inspected what could be read)" },
  ARCHIVE_LIMIT: { ja: "アーカイブの展開上限に達しました（深さ・個数・サイズ）", en: "archive expansion limit reached (depth, count or size)" },
  EMPTY_MAIL: { ja: "メールが空です", en: "the mail is empty" },
};

export const warning = (code: string, at: { offset?: number; part?: string } = {}): Warning => ({
  code,
  message: WARNINGS[code] ?? { ja: code, en: code },
  ...(at.part !== undefined ? { part: at.part } : {}),
  ...(at.offset !== undefined ? { offset: at.offset } : {}),
});

type Def = { severity: Severity; reason: (e: Evidence) => Text };
const v = (e: Evidence): string => e.value ?? "";
const x = (e: Evidence): string => e.expected ?? "";

export const SIGNALS = {
  auth_partner_domain_fail: {
    severity: "high",
    reason: (e) => ({
      ja: `取引先のドメイン ${v(e)} を名乗っていますが、自組織の受信サーバーの送信元認証に失敗しています（${e.kind ?? ""}）。2016 年 JTB の事例と同じなりすましです`,
      en: `claims the partner domain ${v(e)} but failed sender authentication at our own mail server (${e.kind ?? ""}): the spoof of the 2016 JTB case`,
    }),
  },
  auth_own_domain_fail: {
    severity: "high",
    reason: (e) => ({ ja: `自組織のドメイン ${v(e)} を名乗っていますが認証に失敗しています（${e.kind ?? ""}）`, en: `claims our own domain ${v(e)} but failed authentication (${e.kind ?? ""})` }),
  },
  auth_dmarc_fail: {
    severity: "medium",
    reason: (e) => ({ ja: `送信元ドメイン ${v(e)} の DMARC 認証に失敗しています`, en: `DMARC failed for the sender domain ${v(e)}` }),
  },
  auth_spf_fail: {
    severity: "low",
    reason: (e) => ({ ja: `SPF が ${e.kind ?? "fail"} です（エンベロープ送信者 ${v(e)}）`, en: `SPF ${e.kind ?? "fail"} for the envelope sender ${v(e)}` }),
  },
  auth_untrusted_results: {
    severity: "info",
    reason: (e) => ({
      ja: `信頼済みでない authserv-id（${v(e)}）の Authentication-Results は無視しました（送信者が偽造できます）`,
      en: `ignored Authentication-Results from an untrusted authserv-id (${v(e)}): a sender can forge it`,
    }),
  },
  lookalike_partner_domain: {
    severity: "high",
    reason: (e) => ({ ja: `${v(e)} は取引先のドメイン ${x(e)} に似せたドメインです（${e.kind ?? ""}）`, en: `${v(e)} looks like the partner domain ${x(e)} (${e.kind ?? ""})` }),
  },
  lookalike_own_domain: {
    severity: "high",
    reason: (e) => ({ ja: `${v(e)} は自組織のドメイン ${x(e)} に似せたドメインです（${e.kind ?? ""}）`, en: `${v(e)} looks like our own domain ${x(e)} (${e.kind ?? ""})` }),
  },
  display_name_partner_other_domain: {
    severity: "medium",
    reason: (e) => ({ ja: `表示名は取引先「${x(e)}」ですが、アドレスのドメイン ${v(e)} は取引先のものではありません`, en: `the display name is the partner "${x(e)}" but the address domain ${v(e)} is not the partner's` }),
  },
  display_name_vip_other_address: {
    severity: "medium",
    reason: (e) => ({ ja: `表示名は役員等「${x(e)}」ですが、登録されたアドレスではありません`, en: `the display name is the VIP "${x(e)}" but the address is not theirs` }),
  },
  reply_to_mismatch: {
    severity: "low",
    reason: (e) => ({ ja: `返信先（Reply-To）のドメイン ${v(e)} が差出人のドメイン ${x(e)} と異なります`, en: `the Reply-To domain ${v(e)} differs from the From domain ${x(e)}` }),
  },
  return_path_mismatch: {
    severity: "low",
    reason: (e) => ({ ja: `エンベロープ送信者（Return-Path）のドメイン ${v(e)} が差出人のドメイン ${x(e)} と異なります`, en: `the Return-Path domain ${v(e)} differs from the From domain ${x(e)}` }),
  },
  url_text_mismatch: {
    severity: "medium",
    reason: (e) => ({ ja: `リンクの表示は ${x(e)} ですが、実際の行き先は ${v(e)} です`, en: `a link shows ${x(e)} but goes to ${v(e)}` }),
  },
  url_ip_host: {
    severity: "low",
    reason: (e) => ({ ja: `IP アドレスを直接指すリンクがあります（${v(e)}）`, en: `a link points at a bare IP address (${v(e)})` }),
  },
  urgency_language: {
    severity: "low",
    reason: (e) => ({ ja: `至急の対応を促す表現があります（「${v(e)}」）`, en: `urgency language ("${v(e)}")` }),
  },
  attachment_executable: {
    severity: "high",
    reason: (e) => ({ ja: `実行ファイルが添付されています（${v(e)}）`, en: `an executable is attached (${v(e)})` }),
  },
  attachment_lnk: {
    severity: "high",
    reason: (e) => ({ ja: `ショートカット（.lnk）ファイルが添付されています（${v(e)}）`, en: `a Windows shortcut (.lnk) is attached (${v(e)})` }),
  },
  attachment_script: {
    severity: "high",
    reason: (e) => ({ ja: `スクリプトファイルが添付されています（${v(e)}）`, en: `a script file is attached (${v(e)})` }),
  },
  attachment_disk_image: {
    severity: "high",
    reason: (e) => ({ ja: `ディスクイメージが添付されています（${v(e)}）。中身はメールのフィルターを素通りします`, en: `a disk image is attached (${v(e)}); its contents bypass mail filters` }),
  },
  attachment_rlo: {
    severity: "high",
    reason: (e) => ({ ja: `ファイル名に文字の向きを反転させる制御文字（RLO）があります（${v(e)}）`, en: `the file name holds a right-to-left override (RLO) character (${v(e)})` }),
  },
  attachment_double_extension: {
    severity: "high",
    reason: (e) => ({ ja: `二重拡張子で実行ファイルを文書に見せかけています（${v(e)}）`, en: `a double extension disguises an executable as a document (${v(e)})` }),
  },
  attachment_padded_extension: {
    severity: "high",
    reason: (e) => ({ ja: `拡張子の前に空白を詰めて本当の拡張子を隠しています（${v(e)}）`, en: `blanks before the extension hide the real one (${v(e)})` }),
  },
  attachment_type_mismatch: {
    severity: "high",
    reason: (e) => ({ ja: `拡張子と中身が違います: ${v(e)} の中身は ${e.kind ?? ""} です`, en: `the extension lies: ${v(e)} is really ${e.kind ?? ""}` }),
  },
  attachment_macro: {
    severity: "medium",
    reason: (e) => ({ ja: `マクロ付きの Office 文書です（${v(e)}）`, en: `an Office document with macros (${v(e)})` }),
  },
  html_smuggling: {
    severity: "high",
    reason: (e) => ({ ja: `ブラウザ内でファイルを組み立てて保存させる HTML です（HTML スマグリング、${v(e)}）`, en: `HTML that assembles a file in the browser and saves it (HTML smuggling, ${v(e)})` }),
  },
  encrypted_archive: {
    severity: "low",
    reason: (e) => ({ ja: `暗号化された ZIP です（${v(e)}）。中身は検査できません`, en: `an encrypted ZIP (${v(e)}); its contents cannot be inspected` }),
  },
  ppap_password_in_body: {
    severity: "low",
    reason: () => ({
      ja: "暗号化 ZIP のパスワードが同じメールの本文にあります（いわゆる PPAP）。マルウェアの証拠ではありませんが、検査をすり抜けるため Emotet などに悪用される危険な慣行です",
      en: "the encrypted ZIP's password is in the same mail (\"PPAP\"): not malware in itself, but a risky practice that hides the contents from inspection and that Emotet abused",
    }),
  },
  archive_limit: {
    severity: "medium",
    reason: (e) => ({ ja: `アーカイブの展開上限を超えました（${e.kind ?? ""}、${v(e)}）。ZIP 爆弾の可能性があります`, en: `archive expansion limit exceeded (${e.kind ?? ""}, ${v(e)}): possibly a zip bomb` }),
  },
  unknown_sender: {
    severity: "info",
    reason: (e) => ({ ja: `これまでにやり取りのない送信者です（${v(e)}）`, en: `a sender not seen before (${v(e)})` }),
  },
} satisfies Record<string, Def>;

export type SignalId = keyof typeof SIGNALS;
export const SIGNAL_IDS = Object.keys(SIGNALS) as SignalId[];

export const signal = (id: SignalId, evidence: Evidence): Signal => {
  const d: Def = SIGNALS[id];
  return { id, severity: d.severity, reason: d.reason(evidence), evidence };
};
