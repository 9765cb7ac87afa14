/**
 * Is a sender's domain a look-alike of a domain we care about (a partner's, our own)? dnstwist generates thousands
 * of variants of one domain and looks them up; here the question is reversed — which of dnstwist's fuzzer families
 * (elceef/dnstwist: addition, bitsquatting, cyrillic, homoglyph, hyphenation, insertion, omission, plural,
 * repetition, replacement, subdomain, transposition, vowel-swap, dictionary, tld-swap, various) turns the target
 * into this sender? — answered directly in O(length), so no variant list is built. Unicode look-alikes are
 * compared by a confusable skeleton (a subset of UTS #39 confusables: Cyrillic, Greek, Latin letters with marks,
 * full-width forms by NFKC, and the ASCII tricks rn→m, vv→w, cl→d, 0→o, 1→l). A family found is the reason shown.
 */
import { getDomainWithoutSuffix, getPublicSuffix } from "tldts";
import { domainToASCII, domainToUnicode } from "node:url";

const CONFUSABLE: Record<string, string> = {
  // Cyrillic
  "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o",
  "р": "p", "с": "c", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b", "ɡ": "g", "п": "n",
  // Greek
  "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
  // Latin look-alikes without a decomposition
  "ı": "i", "ɑ": "a", "ǀ": "l", "ℓ": "l", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "ss",
};
const CYRILLIC = /[\u0400-\u04ff]/;

/** Unicode → Latin prototype letters (NFKD, marks dropped, confusables mapped), then the ASCII homoglyph folds. */
export const skeleton = (s: string): string => {
  let k = skeletons.get(s);
  if (k === undefined) {
    k = computeSkeleton(s);
    // the same partner labels and sender labels come back mail after mail
    if (skeletons.size > 50_000) skeletons.clear();
    skeletons.set(s, k);
  }
  return k;
};
const skeletons = new Map<string, string>();
const MARK = /\p{M}/u;
const computeSkeleton = (s: string): string => {
  let out = "";
  for (const ch of s.normalize("NFKD").toLowerCase()) {
    if (MARK.test(ch)) continue;
    out += CONFUSABLE[ch] ?? ch;
  }
  return out.replace(/rn/g, "m").replace(/vv/g, "w").replace(/cl/g, "d").replace(/0/g, "o").replace(/[1|!]/g, "l").replace(/i/g, "l");
};

const ROWS = ["1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const NEIGHBOURS = new Map<string, Set<string>>();
ROWS.forEach((row, r) =>
  [...row].forEach((c, i) => {
    const set = new Set<string>();
    for (const rr of [r - 1, r, r + 1]) {
      const other = ROWS[rr];
      if (!other) continue;
      for (const j of [i - 1, i, i + 1]) {
        const n = other[j];
        if (n && n !== c) set.add(n);
      }
    }
    NEIGHBOURS.set(c, set);
  }),
);
const isNeighbour = (a: string, b: string): boolean => NEIGHBOURS.get(a)?.has(b) ?? false;
const VOWELS = new Set(["a", "e", "i", "o", "u", "y"]);

/** Words dnstwist's dictionary fuzzer (and phishers) glue to a brand. */
const WORDS = new Set(["ticket", "tickets", "air", "airline", "travel", "tour", "booking", "book", "mail", "webmail", "login", "secure", "security", "support", "help", "account", "accounts", "service", "services", "info", "online", "web", "my", "update", "verify", "portal", "group", "official", "center", "centre", "net", "jp", "japan", "co", "corp", "inc", "news", "pay", "card", "cloud", "office", "app", "auth", "id", "member", "members", "system", "hotel", "hotels", "reserve", "reservation"]);

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early past `max`. */
export const editDistance = (a: string, b: string, max = 3): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length] as number;
};

/** The fuzzer family that turns label `t` (the target) into label `s` (the sender), if one does. */
const labelFamily = (s: string, t: string): string | null => {
  // every family below changes the length by at most 2, or keeps the target inside (dictionary)
  if (s === t || (Math.abs(s.length - t.length) > 2 && !s.includes(t))) return null;
  if (s.length === t.length) {
    const diff: number[] = [];
    for (let i = 0; i < s.length && diff.length <= 2; i++) if (s[i] !== t[i]) diff.push(i);
    if (diff.length === 2 && diff[1] === (diff[0] as number) + 1 && s[diff[0] as number] === t[diff[1] as number] && s[diff[1] as number] === t[diff[0] as number]) return "transposition";
    if (diff.length === 1) {
      const a = s[diff[0] as number] as string;
      const b = t[diff[0] as number] as string;
      if (VOWELS.has(a) && VOWELS.has(b)) return "vowel-swap";
      if (skeleton(a) === skeleton(b)) return "homoglyph";
      const x = a.charCodeAt(0) ^ b.charCodeAt(0);
      if ((x & (x - 1)) === 0) return "bitsquatting";
      if (isNeighbour(a, b)) return "replacement";
    }
  }
  if (s.length === t.length + 1) {
    for (let i = 0; i < s.length; i++)
      if (s.slice(0, i) + s.slice(i + 1) === t) {
        const c = s[i] as string;
        if (c === "-") return "hyphenation";
        if (s[i - 1] === c || s[i + 1] === c) return "repetition";
        if (i === s.length - 1) return c === "s" ? "plural" : "addition";
        if (isNeighbour(c, s[i - 1] ?? "") || isNeighbour(c, s[i + 1] ?? "")) return "insertion";
        return "addition";
      }
  }
  if (s === `${t}es`) return "plural";
  if (s.length === t.length - 1) for (let i = 0; i < t.length; i++) if (t.slice(0, i) + t.slice(i + 1) === s) return "omission";
  if (skeleton(s) === skeleton(t)) return "homoglyph";
  if (s.startsWith(`${t}-`) || s.endsWith(`-${t}`) || s.includes(`-${t}-`)) return "dictionary";
  for (const w of WORDS) if (s === t + w || s === w + t) return "dictionary";
  const d = editDistance(s, t, 2);
  if ((t.length >= 4 && d <= 1) || (t.length >= 8 && d <= 2)) return "distance";
  return null;
};

export type Lookalike = { family: string };

/**
 * Compares a sender domain (any case, Unicode or punycode) with a target registrable domain. Exact equality is
 * not a look-alike (that is the authentication check's business); a subdomain of the target is the target.
 */
type Prepared = { ascii: string; uni: string; suffix: string; label: string; labelUni: string };
const prepared = new Map<string, Prepared>();
/** A domain's parts, remembered: a mail checks each of its domains against every partner domain. */
const prepare = (domain: string): Prepared => {
  let p = prepared.get(domain);
  if (p) return p;
  const ascii = (domainToASCII(domain.toLowerCase().replace(/\.$/, "")) || domain).toLowerCase();
  const label = getDomainWithoutSuffix(ascii) ?? ascii;
  p = { ascii, uni: domainToUnicode(ascii) || ascii, suffix: getPublicSuffix(ascii) ?? "", label, labelUni: domainToUnicode(label) || label };
  if (prepared.size > 50_000) prepared.clear();
  prepared.set(domain, p);
  return p;
};

/** Answers remembered per (sender, target): the same senders and link hosts recur across a day's mails. */
const answers = new Map<string, Lookalike | null>();
export const lookalikeOf = (sender: string, target: string): Lookalike | null => {
  const key = `${sender}\n${target}`;
  let a = answers.get(key);
  if (a === undefined) {
    a = compare(sender, target);
    if (answers.size > 100_000) answers.clear();
    answers.set(key, a);
  }
  return a;
};

const compare = (sender: string, target: string): Lookalike | null => {
  const s = prepare(sender);
  const t = prepare(target);
  const sAscii = s.ascii;
  const tAscii = t.ascii;
  if (!sAscii || !tAscii || sAscii === tAscii || sAscii.endsWith(`.${tAscii}`)) return null;
  const { uni: sUni, suffix: sSuffix, label: sLabel, labelUni: sLabelUni } = s;
  const { uni: tUni, suffix: tSuffix, label: tLabel, labelUni: tLabelUni } = t;
  // Unicode look-alikes: the same skeleton with different code points
  if (sUni !== sAscii || /[^\x20-\x7e]/.test(sLabelUni)) {
    if (skeleton(sLabelUni) === skeleton(tLabelUni) && (sSuffix === tSuffix || skeleton(sUni) === skeleton(tUni)))
      return { family: CYRILLIC.test(sLabelUni) ? "cyrillic" : "homoglyph" };
  }
  // the target's full name used as a subdomain of another registrable domain (ana.co.jp.example.com)
  if (sAscii.startsWith(`${tAscii}.`) || sAscii.startsWith(`${tAscii.replace(/\./g, "-")}.`)) return { family: "various" };
  if (sLabel === tLabel && sSuffix !== tSuffix) return { family: "tld-swap" };
  // TLD folding: ana.co.jp → anacojp.com, ana-co-jp.com
  const folded = tAscii.replace(/\./g, "");
  if (sLabel === folded || sLabel === tAscii.replace(/\./g, "-")) return { family: "various" };
  // a dot inserted into the label: a.na.co.jp has the registrable domain na.co.jp
  const sFullLabel = sSuffix && sAscii.endsWith(`.${sSuffix}`) ? sAscii.slice(0, -sSuffix.length - 1) : sAscii;
  if (sSuffix === tSuffix && sFullLabel.includes(".") && sFullLabel.replace(/\./g, "") === tLabel) return { family: "subdomain" };
  // brand + word travels across TLDs (sora-air-ticket.com for sora-air.co.jp); the other families need the same suffix
  if (sSuffix !== tSuffix) return labelFamily(sLabel, tLabel) === "dictionary" ? { family: "dictionary" } : null;
  const family = labelFamily(sLabel, tLabel);
  return family ? { family } : null;
};
