/**
 * Authentication-Results (RFC 8601 §2.2), read as written at receipt (DNS has changed since an old incident mail,
 * so verifying again would be wrong), and trusted only when its authserv-id is one of our own MTAs'. A sender can
 * write any Authentication-Results it likes into its mail; our boundary MTA adds its own on top (and should strip
 * inbound ones with its id, RFC 8601 §5), so the topmost header with a trusted id is the one that counts.
 */
import type { AuthMethodResult, AuthSummary, RawHeader } from "./types.js";

/** Drops RFC 5322 comments (nested parentheses), keeping quoted strings intact. */
export const stripComments = (s: string): string => {
  // without "(" there is no comment, and the walk below would copy every character as it is
  if (!s.includes("(")) return s;
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted) {
      out += c;
      if (c === "\\" && i + 1 < s.length) out += s[++i];
      else if (c === '"') quoted = false;
    } else if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    } else if (c === "\\") i++;
  }
  return out;
};

const unquote = (s: string): string => (s.startsWith('"') && s.endsWith('"') && s.length >= 2 ? s.slice(1, -1) : s);

/** Splits on `;` outside quotes. */
const splitResinfo = (s: string): string[] => {
  if (!s.includes('"')) return s.split(";").map((p) => p.trim());
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    if (c === ";" && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
};

export type ParsedAuthRes = { authservId: string; results: { method: string; result: string; props: Record<string, string> }[] };

/** Real headers are a few hundred bytes; a longer one is read up to 8 KiB (a hostile one must not cost seconds). */
const MAX_AUTHRES = 8192;

export const parseAuthResults = (value: string): ParsedAuthRes | null => {
  const [head = "", ...rest] = splitResinfo(stripComments(value.slice(0, MAX_AUTHRES)));
  const authservId = unquote(head.split(/\s+/)[0] ?? "").toLowerCase();
  if (!authservId) return null;
  const results: ParsedAuthRes["results"] = [];
  for (const r of rest) {
    // tokens: method[/version]=result, reason="…", ptype.property=value
    const tokens = r.match(/[^\s=]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^\s]+)/g) ?? [];
    const first = tokens[0];
    if (!first) continue;
    const [m = "", res = ""] = first.split(/\s*=\s*/);
    const props: Record<string, string> = {};
    for (const t of tokens.slice(1)) {
      const eq = t.indexOf("=");
      props[t.slice(0, eq).trim().toLowerCase()] = unquote(t.slice(eq + 1).trim());
    }
    results.push({ method: (m.split("/")[0] ?? "").toLowerCase(), result: unquote(res).toLowerCase(), props });
  }
  return { authservId, results };
};

const domainOf = (s: string | undefined): string | null => {
  if (!s) return null;
  const at = s.lastIndexOf("@");
  return (at >= 0 ? s.slice(at + 1) : s).toLowerCase().replace(/[<>]/g, "") || null;
};

/** The topmost Authentication-Results with a trusted authserv-id, and the ids of the ones ignored. */
export const trustedAuth = (headers: RawHeader[], trustedIds: readonly string[]): { auth: AuthSummary | null; untrusted: string[] } => {
  const trusted = new Set(trustedIds.map((s) => s.toLowerCase()));
  const untrusted: string[] = [];
  let auth: AuthSummary | null = null;
  for (const h of headers) {
    if (h.key !== "authentication-results") continue;
    const p = parseAuthResults(h.value);
    if (!p) continue;
    if (!trusted.has(p.authservId)) {
      if (!untrusted.includes(p.authservId)) untrusted.push(p.authservId);
      continue;
    }
    if (auth) continue;
    const pick = (method: "spf" | "dkim" | "dmarc", r: ParsedAuthRes["results"][number]): AuthMethodResult => ({
      method,
      result: r.result,
      domain:
        method === "spf" ? domainOf(r.props["smtp.mailfrom"] ?? r.props["smtp.helo"])
        : method === "dkim" ? domainOf(r.props["header.d"] ?? r.props["header.i"])
        : domainOf(r.props["header.from"]),
    });
    const spf = p.results.find((r) => r.method === "spf");
    const dmarc = p.results.find((r) => r.method === "dmarc");
    auth = {
      authservId: p.authservId,
      offset: h.offset,
      spf: spf ? pick("spf", spf) : null,
      dkim: p.results.filter((r) => r.method === "dkim").map((r) => pick("dkim", r)),
      dmarc: dmarc ? pick("dmarc", dmarc) : null,
    };
  }
  return { auth, untrusted };
};
