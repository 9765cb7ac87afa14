/**
 * Indicators out of an analysed mail — URLs, domains, IPs and SHA-256 hashes — in the normal form the incident's
 * indicators use (normalize.ts, shared with src/capabilities/indicators/domain.ts), so adding them to an incident
 * never doubles one. Our own domains are left out (they are in every mail and indicate nothing).
 */
import type { MailContext } from "./context.js";
import { normalizeDomain, normalizeIpv4, normalizeIpv6, normalizeUrl } from "./normalize.js";
import type { Indicators, MailModel } from "./types.js";

const MAX_EACH = 500;

/** IPv4 and IPv6 addresses in Received headers (the relays a mail came through). */
const RECEIVED_IP = /\[((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f:]*:[0-9a-f:.]+)\]|\(((?:\d{1,3}\.){3}\d{1,3})\)/gi;

/** normalizeDomain remembered: the same sender and link domains recur mail after mail (domainToASCII is the cost). */
const normalDomains = new Map<string, string | null>();
const normalDomain = (d: string): string | null => {
  let n = normalDomains.get(d);
  if (n === undefined) {
    n = normalizeDomain(d);
    if (normalDomains.size > 50_000) normalDomains.clear();
    normalDomains.set(d, n);
  }
  return n;
};

const isPrivate = (ip: string): boolean =>
  /^(10\.|127\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(ip) || ip === "::1" || /^f[cd]|^fe80:/i.test(ip);

export const extractIndicators = (m: MailModel, ctx: MailContext): Indicators => {
  const urls = new Set<string>();
  const domains = new Set<string>();
  const ips = new Set<string>();
  const sha256 = new Set<string>();
  const isOwn = (d: string): boolean => ctx.ownDomains.some((o) => d === o || d.endsWith(`.${o}`));
  const addDomain = (d: string): void => {
    const n = normalDomain(d);
    if (n && !isOwn(n) && domains.size < MAX_EACH) domains.add(n);
  };
  const addIp = (raw: string): void => {
    const n = normalizeIpv4(raw) ?? normalizeIpv6(raw);
    if (n && !isPrivate(n) && ips.size < MAX_EACH) ips.add(n);
  };
  for (const l of m.links) {
    const u = normalizeUrl(l.href);
    if (!u) continue;
    const host = l.host;
    if (normalizeIpv4(host) || normalizeIpv6(host)) addIp(host);
    else {
      if (isOwn(host)) continue;
      addDomain(host);
    }
    if (urls.size < MAX_EACH) urls.add(u);
  }
  for (const a of [m.from, m.sender, m.returnPath, ...m.replyTo]) if (a) addDomain(a.domain);
  for (const h of m.headers) {
    if (h.key !== "received") continue;
    for (let r = RECEIVED_IP.exec(h.value); r; r = RECEIVED_IP.exec(h.value)) addIp((r[1] ?? r[2] ?? "").replace(/^ipv6:/i, ""));
    RECEIVED_IP.lastIndex = 0;
  }
  for (const f of m.files) if (f.sha256) sha256.add(f.sha256);
  return { urls: [...urls], domains: [...domains], ips: [...ips], sha256: [...sha256] };
};
