/**
 * Normal forms of network indicators, shared by the incident's indicators (src/capabilities/indicators/domain.ts)
 * and the mail engine's indicator extraction, so the same observable is spelled the same everywhere. Pure.
 */
import { isIP } from "node:net";
import { domainToASCII } from "node:url";

/**
 * Undoes the usual defanging of shared indicators: hxxp://, [.], (.), {.}, [dot], [@], (@), [at], [:], [://].
 * Only for types where these spellings cannot be meant literally (not file names or subjects).
 */
export const refang = (s: string): string =>
  s
    .replace(/^\s*(h[x*]{2}p(s?)|fxp)(\[:\/\/\]|\[:\]\/\/|:\/\/)/i, (_m, scheme: string, tls: string) =>
      `${scheme.toLowerCase() === "fxp" ? "ftp" : `http${tls}`}://`)
    .replace(/\[:\/\/\]/g, "://")
    .replace(/\[(\.|dot)\]|\((\.|dot)\)|\{(\.|dot)\}/gi, ".")
    .replace(/\[(@|at)\]|\((@|at)\)|\{(@|at)\}/gi, "@")
    .replace(/\[:\]/g, ":");

const DOMAIN_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** `192.0.2.1`, and `010.000.2.1` read as decimal: leading zeros dropped. */
export const normalizeIpv4 = (s: string): string | null => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts.join(".") : null;
};

/** RFC 5952: lower case, no leading zeros, the longest run (2+) of zero groups as `::`, IPv4-mapped as dotted. */
export const normalizeIpv6 = (input: string): string | null => {
  const s = input.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  // A zone id (fe80::1%eth0) names an interface of one machine, not an observable.
  if (s.includes("%") || isIP(s) !== 6) return null;
  let groups: number[];
  const [head = "", tail] = s.split("::");
  const words = (part: string): number[] => {
    if (!part) return [];
    return part.split(":").flatMap((w) => {
      const v4 = normalizeIpv4(w);
      if (!v4) return [parseInt(w, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  if (tail === undefined) groups = words(head);
  else {
    const h = words(head);
    const t = words(tail);
    groups = [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  }
  if (groups.length !== 8) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.len).join(":")}`;
};

/** Lower case, IDN as punycode, no trailing dot; at least two labels and a TLD that is not all digits. */
export const normalizeDomain = (s: string): string | null => {
  const ascii = domainToASCII(s.replace(/\.$/, ""));
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return null;
  return /^\d+$/.test(labels.at(-1) ?? "") ? null : ascii;
};

const URL_SCHEMES = new Set(["http:", "https:", "ftp:"]);
export const normalizeUrl = (s: string): string | null => {
  if (/\s/.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (!URL_SCHEMES.has(u.protocol) || !u.hostname) return null;
  return u.href;
};
