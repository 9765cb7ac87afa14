/**
 * The lists a run is given: indicators, allow-list, asset register, and the built-in known periodic services.
 * Each list file is text: JSON (validated with zod), CSV with a header, or one entry a line (# comments).
 * A line that cannot be read is reported with its number (BAD_LIST), never dropped silently.
 */
import { isIP } from "node:net";
import { z } from "zod";
import type { Diagnostics } from "./diagnostics.js";
import { type Cidr, cidrContains, inDomain, ipv4FromString, normalizeHost, parseCidr } from "./net.js";
import type { Allowlist, Asset, Indicator } from "./types.js";

/** Matches an address or host name against addresses, networks and domains (a domain covers its subdomains). */
export class Matcher<T> {
  private readonly exact = new Map<string, T>();
  private readonly nets: { cidr: Cidr; value: T }[] = [];
  private readonly domains = new Map<string, T>();

  add(entry: string, value: T): boolean {
    const e = entry.trim().toLowerCase().replace(/^\*\./, "").replace(/^\[|\]$/g, "");
    if (!e) return false;
    if (isIP(e)) {
      this.exact.set(e, value);
      return true;
    }
    if (e.includes("/")) {
      const c = parseCidr(e);
      if (!c) return false;
      this.nets.push({ cidr: c, value });
      return true;
    }
    const h = normalizeHost(e);
    if (h === null || !h.includes(".")) return false;
    this.domains.set(h, value);
    return true;
  }

  get size(): number {
    return this.exact.size + this.nets.length + this.domains.size;
  }

  /** The first entry matching the address or any of the names. */
  match(address: string, names: (string | null)[] = []): T | undefined {
    const hit = this.exact.get(address);
    if (hit !== undefined) return hit;
    if (this.nets.length > 0 && isIP(address)) {
      const v4 = ipv4FromString(address);
      for (const n of this.nets) if (cidrContains(n.cidr, address, v4)) return n.value;
    }
    if (this.domains.size > 0)
      for (let k = -1; k < names.length; k++) {
        const name = k < 0 ? (isIP(address) ? null : address) : names[k];
        if (!name) continue;
        // walk the name's suffixes: a.b.example.com, b.example.com, example.com
        for (let s = name; ; ) {
          const v = this.domains.get(s);
          if (v !== undefined) return v;
          const dot = s.indexOf(".");
          if (dot < 0) break;
          s = s.slice(dot + 1);
        }
      }
    return undefined;
  }
}

const ZIndicatorFile = z.union([
  z.array(z.union([z.string(), z.object({ value: z.string(), label: z.string().optional(), type: z.string().optional() })])),
  z.object({ indicators: z.array(z.union([z.string(), z.object({ value: z.string(), label: z.string().optional(), type: z.string().optional() })])) }),
]);

const indicatorOf = (value: string, label: string | null): Indicator | null => {
  const v = value.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\[\.\]/g, "."); // defanged 203.0.113[.]5
  if (isIP(v)) return { value: v, type: "ip", label };
  if (v.includes("/")) return parseCidr(v) ? { value: v, type: "cidr", label } : null;
  const h = normalizeHost(v.replace(/^[a-z]+:\/\//, "").split("/")[0] ?? "");
  return h && h.includes(".") ? { value: h, type: "domain", label } : null;
};

/** Indicators: JSON (array of values or {value, label}), or one per line, optionally "value,label" (CSV). */
export function parseIndicators(text: string, file: string, diag: Diagnostics): Indicator[] {
  const out: Indicator[] = [];
  const t = text.replace(/^\uFEFF/, "").trim();
  if (t.startsWith("[") || t.startsWith("{")) {
    const parsed = ZIndicatorFile.safeParse(safeJson(t));
    if (!parsed.success) {
      diag.add(file, "BAD_LIST", 1);
      return out;
    }
    const items = Array.isArray(parsed.data) ? parsed.data : parsed.data.indicators;
    items.forEach((it, i) => {
      const ind = typeof it === "string" ? indicatorOf(it, null) : indicatorOf(it.value, it.label ?? null);
      if (ind) out.push(ind);
      else diag.add(file, "BAD_LIST", i + 1);
    });
    return out;
  }
  t.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const [value = "", ...rest] = line.split(/[,\t]/);
    if (i === 0 && /^(value|indicator|ioc|type)$/i.test(value.trim())) return; // a CSV header
    const ind = indicatorOf(value, rest.join(",").trim() || null);
    if (ind) out.push(ind);
    else diag.add(file, "BAD_LIST", i + 1);
  });
  return out;
}

const ZAllowFile = z.object({
  destinations: z.array(z.string()).default([]),
  pairs: z.array(z.object({ src: z.string(), dst: z.string() })).default([]),
});

/** Allow-list: JSON {destinations, pairs: [{src, dst}]}, or lines "dst" and "src -> dst" (or "src,dst"). */
export function parseAllowlist(text: string, file: string, diag: Diagnostics): Allowlist {
  const t = text.replace(/^\uFEFF/, "").trim();
  if (t.startsWith("{")) {
    const parsed = ZAllowFile.safeParse(safeJson(t));
    if (parsed.success) return parsed.data;
    diag.add(file, "BAD_LIST", 1);
    return { destinations: [], pairs: [] };
  }
  const list: Allowlist = { destinations: [], pairs: [] };
  t.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const pair = /^(\S+)\s*(?:->|→|,|\s)\s*(\S+)$/.exec(line);
    if (pair) list.pairs.push({ src: pair[1]!, dst: pair[2]! });
    else if (/^\S+$/.test(line)) list.destinations.push(line);
    else diag.add(file, "BAD_LIST", i + 1);
  });
  return list;
}

const ZBool = z.union([z.boolean(), z.string(), z.number()]).optional().nullable();
const ZAssetRow = z.looseObject({
  hostname: z.string().optional().nullable(),
  host: z.string().optional().nullable(),
  addresses: z.union([z.array(z.string()), z.string()]).optional().nullable(),
  address: z.string().optional().nullable(),
  ip: z.string().optional().nullable(),
  internetFacing: ZBool,
  egressAllowed: ZBool,
  noEgress: ZBool,
  holdsPersonalData: ZBool,
});
const ZAssetFile = z.union([z.array(ZAssetRow), z.object({ assets: z.array(ZAssetRow) })]);

/** Yes/no in the ways registers write it (英語・日本語・記号); null when unknown. */
export function parseFlag(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  if (["true", "yes", "y", "1", "はい", "有", "あり", "可", "○", "〇", "allowed", "allow"].includes(s)) return true;
  if (["false", "no", "n", "0", "いいえ", "無", "なし", "不可", "×", "none", "deny", "denied", "blocked"].includes(s)) return false;
  return null;
}

// the platform's asset CSV headers (src/capabilities/assets), normalised: lower case, no spaces, _ or -
const HEADERS: Record<string, keyof z.infer<typeof ZAssetRow>> = {
  hostname: "hostname", host: "hostname", ホスト名: "hostname", ホスト: "hostname", サーバー名: "hostname", サーバ名: "hostname", 機器名: "hostname",
  addresses: "addresses", address: "addresses", ip: "addresses", ipaddress: "addresses", ipaddresses: "addresses", ipアドレス: "addresses", アドレス: "addresses",
  internetfacing: "internetFacing", public: "internetFacing", 外部公開: "internetFacing", インターネット公開: "internetFacing", 公開: "internetFacing",
  egressallowed: "egressAllowed", egress: "egressAllowed", 外部通信: "egressAllowed", 外部通信可: "egressAllowed", 外向き通信: "egressAllowed",
  noegress: "noEgress", 外部通信禁止: "noEgress",
  holdspersonaldata: "holdsPersonalData", personaldata: "holdsPersonalData", pii: "holdsPersonalData", 個人情報: "holdsPersonalData", 個人情報あり: "holdsPersonalData",
};

const splitCsvLine = (line: string): string[] => {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
};

/** Asset register: JSON (the platform's asset fields) or CSV with the platform's headers. */
export function parseAssets(text: string, file: string, diag: Diagnostics): Asset[] {
  const t = text.replace(/^\uFEFF/, "").trim();
  let rows: z.infer<typeof ZAssetRow>[] = [];
  if (t.startsWith("[") || t.startsWith("{")) {
    const parsed = ZAssetFile.safeParse(safeJson(t));
    if (!parsed.success) {
      diag.add(file, "BAD_LIST", 1);
      return [];
    }
    rows = Array.isArray(parsed.data) ? parsed.data : parsed.data.assets;
  } else {
    const lines = t.split(/\r?\n/);
    const header = splitCsvLine(lines[0] ?? "").map((h) => HEADERS[h.toLowerCase().replace(/[\s_-]/g, "")]);
    lines.slice(1).forEach((line, i) => {
      if (!line.trim()) return;
      const cells = splitCsvLine(line);
      if (cells.length !== header.length) return diag.add(file, "BAD_LIST", i + 2);
      const row: Record<string, string> = {};
      header.forEach((h, k) => {
        if (h) row[h] = cells[k] ?? "";
      });
      rows.push(row);
    });
  }
  const assets: Asset[] = [];
  rows.forEach((r, i) => {
    const rawAddresses = [r.addresses, r.address, r.ip].flatMap((a) => (Array.isArray(a) ? a : typeof a === "string" ? a.split(/[\s;|,]+/) : []));
    const addresses = rawAddresses.map((a) => a.trim().toLowerCase()).filter((a) => a && (isIP(a) || parseCidr(a)));
    const hostname = normalizeHost(r.hostname ?? r.host ?? "") ?? null;
    if (addresses.length === 0 && hostname === null) return diag.add(file, "BAD_LIST", i + (t.startsWith("[") || t.startsWith("{") ? 1 : 2));
    const noEgress = parseFlag(r.noEgress);
    const egress = parseFlag(r.egressAllowed);
    assets.push({
      hostname,
      addresses,
      internetFacing: parseFlag(r.internetFacing),
      egressAllowed: noEgress === true ? false : egress,
      holdsPersonalData: parseFlag(r.holdsPersonalData),
    });
  });
  return assets;
}

function safeJson(t: string): unknown {
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/**
 * Known periodic services: regular by design, reached from many hosts. Their beacons are set aside (and counted),
 * never dropped; a policy or indicator finding to them still stands.
 */
export const KNOWN_SERVICES: { name: string; ports?: { port: number; proto: string }[]; domains?: string[] }[] = [
  { name: "NTP", ports: [{ port: 123, proto: "udp" }], domains: ["ntp.org", "time.windows.com", "time.apple.com", "time.google.com", "ntp.nict.jp", "time.cloudflare.com"] },
  { name: "DNS", ports: [{ port: 53, proto: "udp" }, { port: 853, proto: "tcp" }] },
  { name: "OS and software updates", domains: ["windowsupdate.com", "update.microsoft.com", "delivery.mp.microsoft.com", "swcdn.apple.com", "mesu.apple.com", "swscan.apple.com", "archive.ubuntu.com", "security.ubuntu.com", "deb.debian.org", "dl.google.com", "update.googleapis.com", "download.mozilla.org", "aus5.mozilla.org"] },
  { name: "certificate status (OCSP/CRL)", domains: ["ocsp.digicert.com", "crl3.digicert.com", "crl4.digicert.com", "ocsp.pki.goog", "ocsp.sectigo.com", "r3.o.lencr.org", "ocsp.globalsign.com", "ctldl.windowsupdate.com"] },
  { name: "monitoring and telemetry", domains: ["datadoghq.com", "newrelic.com", "nr-data.net", "sentry.io", "mackerel.io", "events.data.microsoft.com", "telemetry.mozilla.org"] },
];

export function knownServiceMatcher(): { byPort: Map<string, string>; byDomain: Matcher<string> } {
  const byPort = new Map<string, string>();
  const byDomain = new Matcher<string>();
  for (const s of KNOWN_SERVICES) {
    for (const p of s.ports ?? []) byPort.set(`${p.proto}/${p.port}`, s.name);
    for (const d of s.domains ?? []) byDomain.add(d, s.name);
  }
  return { byPort, byDomain };
}

/** Whether `host` is one of the asset's names. */
export const assetNamed = (a: Asset, host: string): boolean => a.hostname !== null && inDomain(host, a.hostname);
