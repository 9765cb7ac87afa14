/** Masking for reports: enough to recognise the kind of value, never enough to identify the person. */
import type { ColumnType } from "./types.js";
import { nfkc } from "./normalize.js";

const stars = (n: number): string => "*".repeat(Math.max(1, n));

export function maskValue(type: ColumnType, raw: string): string {
  // control characters (a NUL from a CHAR column, an escape sequence) would act on the terminal that shows the report
  // eslint-disable-next-line no-control-regex
  const s = nfkc(raw).replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  if (s.length === 0) return "";
  switch (type) {
    case "name_kanji":
    case "name_kana":
    case "name_romaji": {
      // family name kept (as in 山田 **), given name hidden; a one-token name keeps its first character. A reading
      // in brackets after the name is dropped first, and an airline's SURNAME/GIVEN splits at the slash
      const name = s.replace(/\s*\(.*$/, "");
      const parts = name.split(/[\s\u3000/]+/).filter((p) => p.length > 0);
      if (parts.length > 1) return `${parts[0]} ${stars(2)}`;
      return `${name.slice(0, 1)}${stars(2)}`;
    }
    case "email": {
      const at = s.lastIndexOf("@");
      return at > 0 ? `${stars(4)}${s.slice(at)}` : stars(6);
    }
    case "passport_number":
      return s.length >= 4 ? `${s.slice(0, 2)}${stars(s.length - 4)}${s.slice(-2)}` : stars(s.length);
    case "phone":
    case "card_number":
    case "my_number":
    case "bank_account":
    case "drivers_licence":
    case "corporate_number": {
      // keep the shape (separators) and the last two digits
      let digitsSeen = 0;
      const total = (s.match(/\d/g) ?? []).length;
      let out = "";
      for (const ch of s) {
        if (/\d/.test(ch)) {
          digitsSeen++;
          out += digitsSeen > total - 2 ? ch : "*";
        } else out += ch;
      }
      return out;
    }
    case "postal_code":
      return s.replace(/\d(?=\d{0,3}$)/g, "*").replace(/^(〒?\s*\d{3})/, "$1");
    case "birth_date":
    case "passport_issue_date":
    case "passport_expiry_date":
    case "date":
      return s.replace(/\d/g, "*").replace(/^\*\*\*\*/, (m) => (s.match(/^\d{2}/) ? `${s.slice(0, 2)}**` : m));
    case "address": {
      const m = /^(.{2,3}?[都道府県])/.exec(s);
      return m ? `${m[1]}${stars(6)}` : stars(8);
    }
    case "ip_address":
      return s.includes(".") ? s.replace(/\.\d+\.\d+$/, ".*.*") : s.replace(/(:[0-9a-f]*){2}$/i, ":*:*");
    case "sex":
    case "source":
      return s.length <= 10 ? s : `${s.slice(0, 10)}…`;
    default:
      return s.length <= 2 ? stars(s.length) : `${s.slice(0, 1)}${stars(Math.min(8, s.length - 1))}`;
  }
}
