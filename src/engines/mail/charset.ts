/**
 * Raw 8-bit bytes where MIME says there should be none: Japanese mailers still put Shift_JIS or EUC-JP straight
 * into Subject and file names. UTF-8 when valid, else whichever of Shift_JIS and EUC-JP yields more kana and kanji.
 */
const kanaScore = (text: string): number => {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3041 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || c === 0x3001 || c === 0x3002) score++;
    else if (c === 0xfffd) score -= 10;
    else if (c >= 0xff61 && c <= 0xff9f) score--;
  }
  return score;
};

export const hasHighBytes = (s: string): boolean => /[\u0080-\u00ff]/.test(s);

/** Decodes bytes given as a latin1 string (one char per byte). */
export const decodeUnlabelled = (latin1: string): { text: string; charset: "utf-8" | "shift_jis" | "euc-jp" } => {
  const bytes = Buffer.from(latin1, "latin1");
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), charset: "utf-8" };
  } catch {
    /* not UTF-8 */
  }
  const sjis = new TextDecoder("shift_jis").decode(bytes);
  const euc = new TextDecoder("euc-jp").decode(bytes);
  return kanaScore(euc) > kanaScore(sjis) ? { text: euc, charset: "euc-jp" } : { text: sjis, charset: "shift_jis" };
};
