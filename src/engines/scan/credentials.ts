/**
 * Login credentials in a leaked table (a shop's `password` column, a member database's パスワード): whether its values
 * are password hashes or the passwords themselves. PPC guidance counts a web service's login ID and password among
 * the leaks whose misuse may cause financial damage (Rules Art. 7 (2)), and either way the users must change them:
 * a hash can be cracked offline, faster the older its scheme. Read from the header (registry.namesACredential) and
 * the sample's values; the values never leave this function (no samples of such a column are shown).
 */
import { parseDate } from "./era.js";
import { namesACredential } from "./recognizers/registry.js";

export interface Credentials {
  /** hashes: the values are password hashes (scheme: the most common one); plain: passwords as typed */
  kind: "hashes" | "plain";
  scheme?: string;
  /** share of the sample's values of that kind */
  share: number;
}

/** Password hash formats, as web applications store them (PHP's password_hash, Django, crypt(3), bare digests). */
const SCHEMES: readonly [string, RegExp][] = [
  ["bcrypt", /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/],
  ["argon2", /^\$argon2(?:id|i|d)\$/],
  ["crypt (MD5/SHA)", /^\$(?:1|5|6|md5|sha1|apr1)\$[^$\s]+\$/],
  ["PBKDF2", /^pbkdf2(?:_sha\d+)?[$:]/i],
  ["MD5 (unsalted digest)", /^[0-9a-f]{32}$/i],
  ["SHA-1 (unsalted digest)", /^[0-9a-f]{40}$/i],
  ["SHA-256 (digest)", /^[0-9a-f]{64}$/i],
  ["SHA-512 (digest)", /^[0-9a-f]{128}$/i],
];
/** A password as typed: one token of 3–64 characters, not masked (****), not a date or a yes/no. */
const plainShaped = (v: string): boolean =>
  /^\S{3,64}$/.test(v) && !/^[*●•xX]+$/.test(v) && !/^(?:true|false|yes|no|0|1|null|none)$/i.test(v) && parseDate(v) === null;

/** What a column holds when its header names credentials, or null (another header, or values of no such kind). */
export function credentialsOf(header: string, values: readonly string[]): Credentials | null {
  if (!namesACredential(header)) return null;
  const vs = values.map((v) => v.trim()).filter((v) => v.length > 0);
  if (vs.length === 0) return null;
  const counts = new Map<string, number>();
  for (const v of vs) {
    const s = SCHEMES.find(([, re]) => re.test(v));
    if (s) counts.set(s[0], (counts.get(s[0]) ?? 0) + 1);
  }
  const hashed = [...counts.values()].reduce((a, b) => a + b, 0);
  if (hashed >= vs.length * 0.5) {
    const [scheme] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
    return { kind: "hashes", scheme, share: hashed / vs.length };
  }
  const plain = vs.filter(plainShaped).length;
  // the same value everywhere is a placeholder or a default, not each user's password
  if (plain >= vs.length * 0.8 && new Set(vs).size > 1) return { kind: "plain", share: plain / vs.length };
  return null;
}

/** The evidence sentence for a column of credentials. */
export const credentialsEvidence = (c: Credentials): string =>
  c.kind === "hashes"
    ? `header names passwords: ${Math.round(c.share * 100)}% of the values are password hashes (${c.scheme}) — login credentials (PPC Rules Art. 7 (2) when the service can pay or send money); a hash can be cracked offline: the users must change their passwords`
    : `header names passwords: ${Math.round(c.share * 100)}% of the values look like passwords stored as typed — login credentials (PPC Rules Art. 7 (2) when the service can pay or send money); the users must change their passwords`;
