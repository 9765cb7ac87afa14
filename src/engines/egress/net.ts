/**
 * Addresses: IPv4 parsed from bytes into a uint32 (the hot path), IPv6 and host names kept as text; networks as
 * CIDR; which side of the perimeter an address is on.
 */
import { isIP } from "node:net";

/** IPv4 dotted quad in bytes [from, to) → uint32, or -1. */
export function ipv4FromBytes(b: Uint8Array, from: number, to: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      part = part * 10 + (c - 0x30);
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

export function ipv4FromString(s: string): number {
  return ipv4FromBytes(Buffer.from(s, "latin1"), 0, s.length);
}

export const ipv4ToString = (v: number): string => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;

/** IPv6 text → 8 groups (for prefix checks), or null. */
function ipv6Groups(s: string): number[] | null {
  if (isIP(s) !== 6) return null;
  let text = s.toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  // an embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups
  const last = text.lastIndexOf(":");
  const tail = text.slice(last + 1);
  if (tail.includes(".")) {
    const v4 = ipv4FromString(tail);
    text = `${text.slice(0, last + 1)}${((v4 >>> 16) & 0xffff).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const h = head ? head.split(":") : [];
  const r = rest !== undefined && rest ? rest.split(":") : [];
  const fill = rest !== undefined ? 8 - h.length - r.length : 0;
  const groups = [...h, ...Array<string>(fill).fill("0"), ...r].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

export type Cidr = { v: 4; base: number; mask: number } | { v: 6; groups: number[]; bits: number };

/** "10.0.0.0/8", "fd00::/8", or a single address; null when not one. */
export function parseCidr(text: string): Cidr | null {
  const [addr = "", bitsText, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const v = isIP(addr);
  if (v === 0) return null;
  const bits = bitsText === undefined ? (v === 4 ? 32 : 128) : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : -1;
  if (bits < 0 || bits > (v === 4 ? 32 : 128)) return null;
  if (v === 4) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { v: 4, base: (ipv4FromString(addr) & mask) >>> 0, mask };
  }
  const groups = ipv6Groups(addr);
  return groups ? { v: 6, groups, bits } : null;
}

export function cidrContains(c: Cidr, address: string, v4 = ipv4FromString(address)): boolean {
  if (c.v === 4) return v4 >= 0 && ((v4 & c.mask) >>> 0) === c.base;
  const g = ipv6Groups(address);
  if (!g) return false;
  let bits = c.bits;
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const m = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((g[i] as number) & m) !== ((c.groups[i] as number) & m)) return false;
  }
  return true;
}

/** RITA's default internal subnets (RFC 1918 and the ULA prefix). */
export const DEFAULT_INTERNAL = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8"];

/** Addresses that are neither inside nor on the internet: loopback, link-local, multicast, broadcast, unspecified. */
const NOT_ROUTED = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::1/128", "::/128", "fe80::/10", "ff00::/8"].map((c) => parseCidr(c)!);

export const SIDE = { External: 0, Internal: 1, NotRouted: 2 } as const;
export type Side = (typeof SIDE)[keyof typeof SIDE];

export type Perimeter = { side: (address: string, v4: number) => Side };

export function perimeter(internal: readonly string[]): Perimeter {
  const nets = internal.map((c) => {
    const p = parseCidr(c);
    if (!p) throw new Error(`not a network: ${c}`);
    return p;
  });
  const v4 = nets.filter((n): n is Extract<Cidr, { v: 4 }> => n.v === 4);
  const v6 = nets.filter((n) => n.v === 6);
  const notRouted4 = NOT_ROUTED.filter((n): n is Extract<Cidr, { v: 4 }> => n.v === 4);
  const notRouted6 = NOT_ROUTED.filter((n) => n.v === 6);
  return {
    side: (address, ip4) => {
      if (ip4 >= 0) {
        for (const n of notRouted4) if (((ip4 & n.mask) >>> 0) === n.base) return SIDE.NotRouted;
        if (ip4 === 0xffffffff) return SIDE.NotRouted;
        for (const n of v4) if (((ip4 & n.mask) >>> 0) === n.base) return SIDE.Internal;
        return SIDE.External;
      }
      if (isIP(address) === 6) {
        for (const n of notRouted6) if (cidrContains(n, address, -1)) return SIDE.NotRouted;
        for (const n of v6) if (cidrContains(n, address, -1)) return SIDE.Internal;
        return SIDE.External;
      }
      return SIDE.External; // a host name (proxy logs) is a destination outside
    },
  };
}

/** Lower-cased host name without a trailing dot or port; null when it is not a plausible name. */
export function normalizeHost(raw: string): string | null {
  let h = raw.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end > 0 ? h.slice(1, end) : null;
  }
  const colon = h.indexOf(":");
  if (colon >= 0 && h.indexOf(":", colon + 1) < 0) h = h.slice(0, colon);
  if (h.endsWith(".")) h = h.slice(0, -1);
  if (!h || h.length > 253 || !/^[a-z0-9_.:-]+$/.test(h)) return null;
  return h;
}

/** Whether `host` is `domain` or one of its subdomains. */
export const inDomain = (host: string, domain: string): boolean => host === domain || (host.length > domain.length && host.endsWith(domain) && host.charCodeAt(host.length - domain.length - 1) === 0x2e);
