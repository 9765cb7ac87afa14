/**
 * The log formats, sniffed per file from its first line: Zeek TSV (exactly as Zeek writes it: #separator,
 * #fields, #types, unset "-" and empty "(empty)", several header blocks in one file), Zeek JSON, Suricata EVE JSON
 * and Squid's native access.log. conn.log and EVE flow events are connections; http.log through a proxy and Squid
 * lines are connections to a host name; http/ssl/dns logs and EVE http/tls/dns events name destination addresses.
 *
 * conn.log TSV is the hot path: fields are found and parsed as bytes in place (no string per field): 1.9 CPU-s
 * per million records at load ~20 (a string split was not measured against it; docs/egress.md).
 */
import { isIP } from "node:net";
import type { Diagnostics } from "./diagnostics.js";
import { ipv4FromBytes, ipv4FromString, normalizeHost, SIDE } from "./net.js";
import { PROTO, type FlowTable } from "./table.js";

export type Format = "zeek-tsv" | "zeek-json" | "suricata-eve" | "squid" | "unknown";

export type LineParser = { format: Format; line: (b: Uint8Array, s: number, e: number, n: number) => void; records: () => number };

/** Decimal number in bytes (digits, one optional dot); NaN when anything else is there. "-" is unset: `unset`. */
export function decimalFromBytes(b: Uint8Array, s: number, e: number, unset: number): number {
  if (e - s === 1 && b[s] === 0x2d) return unset;
  if (e <= s) return NaN;
  let v = 0;
  let i = s;
  for (; i < e; i++) {
    const c = b[i] as number;
    if (c === 0x2e) break;
    if (c < 0x30 || c > 0x39) return NaN;
    v = v * 10 + (c - 0x30);
  }
  if (i < e) {
    let f = 0;
    let scale = 1;
    for (i++; i < e; i++) {
      const c = b[i] as number;
      if (c < 0x30 || c > 0x39) return NaN;
      if (scale < 1e9) {
        f = f * 10 + (c - 0x30);
        scale *= 10;
      }
    }
    v += f / scale;
  }
  return v;
}

const latin1 = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString("latin1");
const utf8 = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString("utf8");

/** Host id of an address in bytes, or −1 when it is not an IP address. */
function hostFromBytes(t: FlowTable, b: Uint8Array, s: number, e: number): number {
  const v4 = ipv4FromBytes(b, s, e);
  if (v4 >= 0) return t.hostV4Id(v4);
  const text = latin1(b, s, e).toLowerCase();
  return isIP(text) === 6 ? t.hostTextId(text) : -1;
}

function hostFromText(t: FlowTable, text: unknown): number {
  if (typeof text !== "string") return -1;
  const v4 = ipv4FromString(text);
  if (v4 >= 0) return t.hostV4Id(v4);
  const lower = text.toLowerCase();
  return isIP(lower) === 6 ? t.hostTextId(lower) : -1;
}

const protoCode = (p: unknown): number => {
  const s = typeof p === "string" ? p.toLowerCase() : "";
  return s === "tcp" ? PROTO.tcp : s === "udp" ? PROTO.udp : s === "icmp" || s === "ipv6-icmp" ? PROTO.icmp : PROTO.unknown;
};

/** Seconds since the epoch from a number or an ISO 8601 text (Suricata writes "+0900" without a colon). */
export function toSeconds(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) ? v : NaN;
  if (typeof v !== "string") return NaN;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim());
  if (!m) return /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  const zone = m[4] === undefined || m[4] === "Z" ? "Z" : `${m[4].slice(0, 3)}:${m[4].slice(-2)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? NaN : ms / 1000 + (m[3] ? Number(m[3]) : 0);
}

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0);

/** A Zeek JSON record may have flat dotted keys ("id.orig_h") or nested ones ({"id": {"orig_h"}}). */
const zeekField = (o: Record<string, unknown>, key: string): unknown => {
  if (key in o) return o[key];
  const dot = key.indexOf(".");
  if (dot < 0) return undefined;
  const inner = o[key.slice(0, dot)];
  return inner && typeof inner === "object" ? (inner as Record<string, unknown>)[key.slice(dot + 1)] : undefined;
};

type Ctx = { t: FlowTable; diag: Diagnostics; file: string };

/**
 * A record that cannot be read: its source's worker reports it (the source is known), else worker 0. A record of
 * another worker's source is neither counted nor reported here (see FlowTable.mine).
 */
const badValue = (c: Ctx, src: number, n: number): void => (src >= 0 ? c.diag.addOwned(c.file, "BAD_VALUE", n) : c.diag.add(c.file, "BAD_VALUE", n));

/** An http request: through an internal proxy it is a connection to the Host; direct, it names the address. */
function httpRecord(c: Ctx, n: number, ts: number, srcText: unknown, dstText: unknown, port: number, hostText: unknown, uri: unknown, reqLen: number, respLen: number): boolean {
  const src = hostFromText(c.t, srcText);
  const dst = hostFromText(c.t, dstText);
  if (!Number.isFinite(ts) || src < 0 || dst < 0) {
    badValue(c, src, n);
    return false;
  }
  const mine = c.t.mine(src);
  const raw = typeof hostText === "string" && hostText !== "-" ? hostText : typeof uri === "string" ? uri.replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? "" : "";
  const host = normalizeHost(raw);
  if (host === null) return mine;
  if (c.t.side(dst) === SIDE.Internal /* a proxy */) {
    const colon = raw.lastIndexOf(":");
    const p = colon > 0 && /^\d+$/.test(raw.slice(colon + 1)) ? Number(raw.slice(colon + 1)) : port === 3128 || port === 8080 ? 80 : port;
    if (mine) c.t.add(ts, src, c.t.hostTextId(host, ipv4FromString(host)), p, PROTO.tcp, 0, reqLen, respLen, reqLen);
  } else c.t.label(dst, host); // every worker learns every name
  return mine;
}

function dnsAnswers(c: Ctx, query: unknown, answers: unknown): void {
  const q = typeof query === "string" ? normalizeHost(query) : null;
  if (q === null || !Array.isArray(answers)) return;
  for (const a of answers) {
    const id = typeof a === "string" && isIP(a) ? hostFromText(c.t, a) : -1;
    if (id >= 0) c.t.label(id, q);
  }
}

// Zeek TSV -----------------------------------------------------------------------------------------------------

const CONN_FIELDS = ["ts", "id.orig_h", "id.resp_h", "id.resp_p", "proto", "duration", "orig_bytes", "resp_bytes", "orig_ip_bytes"] as const;

/** The state of a Zeek TSV file's header lines (#separator, #fields, #path, …), as they come. */
export class TsvHeader {
  sep = 0x09;
  path = "";
  fields: string[] = [];
  srcField = -1;
  unsetText = "-";
  emptyText = "(empty)";

  /** One header line (without its line break); true when it set new #fields. */
  read(text: string): boolean {
    const m = /^#(\S+)[\t ](.*)$/.exec(text);
    if (!m) return false;
    const [, key, value = ""] = m;
    if (key === "separator") {
      const hex = /^\\x([0-9a-f]{2})$/i.exec(value.trim());
      this.sep = hex ? parseInt(hex[1]!, 16) : value.charCodeAt(0) || 0x09;
    } else if (key === "unset_field") this.unsetText = value;
    else if (key === "empty_field") this.emptyText = value;
    else if (key === "path") this.path = value;
    else if (key === "fields") {
      const fields = value.split(String.fromCharCode(this.sep));
      this.fields = fields;
      this.srcField = fields.indexOf("id.orig_h");
      if (!this.path) this.path = fields.includes("conn_state") ? "conn" : fields.includes("method") ? "http" : fields.includes("server_name") ? "ssl" : fields.includes("answers") ? "dns" : "";
      return true;
    }
    return false;
  }

  /** Whether data lines are connections (conn.log), parsed in place. */
  get isConn(): boolean {
    return this.path === "conn" || this.path.startsWith("conn");
  }
}

/**
 * The source host of a conn.log line as IPv4 (uint32) without parsing the rest, or −1 (a header, another log, a
 * missing field, IPv6, not an address): what a reader needs to send the line to the worker of its source.
 */
export function tsvSourceV4(h: TsvHeader, b: Uint8Array, s: number, e: number): number {
  if (b[s] === 0x23 || h.srcField < 0 || !h.isConn) return -1;
  const sep = h.sep;
  let field = 0;
  let start = s;
  for (let i = s; i < e; i++) {
    if (b[i] !== sep) continue;
    if (field === h.srcField) return ipv4FromBytes(b, start, i);
    field++;
    start = i + 1;
  }
  return field === h.srcField ? ipv4FromBytes(b, start, e) : -1;
}

export function zeekTsvParser(c: Ctx): LineParser {
  const h = new TsvHeader();
  let fields: string[] = [];
  let wanted = new Int32Array(0); // field index → slot in CONN_FIELDS, or −1
  let srcField = -1;
  let sep = 0x09;
  const starts = new Int32Array(CONN_FIELDS.length);
  const ends = new Int32Array(CONN_FIELDS.length);
  let records = 0;
  const unused = new Set<string>();

  const header = (text: string): void => {
    if (h.read(text)) {
      fields = h.fields;
      srcField = h.srcField;
      wanted = new Int32Array(fields.length).fill(-1);
      fields.forEach((f, i) => (wanted[i] = (CONN_FIELDS as readonly string[]).indexOf(f)));
    }
    sep = h.sep;
  };

  const conn = (b: Uint8Array, s: number, e: number, n: number): void => {
    starts.fill(-1);
    let field = 0;
    let start = s;
    // split by source host between workers: the source is read as soon as its field ends, and a line of another
    // worker's source is left there (that worker checks the rest of it, its field count included)
    const split = c.t.parts.n > 1 ? srcField : -1;
    let src = -2;
    for (let i = s; i <= e; i++) {
      if (i < e && b[i] !== sep) continue;
      const slot = field < wanted.length ? (wanted[field] as number) : -1;
      if (slot >= 0) {
        starts[slot] = start;
        ends[slot] = i;
      }
      if (field === split) {
        src = hostFromBytes(c.t, b, start, i);
        if (src >= 0 && !c.t.mine(src)) return;
      }
      field++;
      start = i + 1;
    }
    if (field !== fields.length) {
      if (src >= 0) c.diag.addOwned(c.file, "FIELD_COUNT", n);
      else c.diag.add(c.file, "FIELD_COUNT", n);
      return;
    }
    if (src === -2) src = starts[1]! >= 0 ? hostFromBytes(c.t, b, starts[1]!, ends[1]!) : -1;
    const ts = decimalFromBytes(b, starts[0]!, ends[0]!, NaN);
    const dst = starts[2]! >= 0 ? hostFromBytes(c.t, b, starts[2]!, ends[2]!) : -1;
    const port = starts[3]! >= 0 ? decimalFromBytes(b, starts[3]!, ends[3]!, 0) : 0;
    const duration = starts[5]! >= 0 ? decimalFromBytes(b, starts[5]!, ends[5]!, 0) : 0;
    const ob = starts[6]! >= 0 ? decimalFromBytes(b, starts[6]!, ends[6]!, 0) : 0;
    const rb = starts[7]! >= 0 ? decimalFromBytes(b, starts[7]!, ends[7]!, 0) : 0;
    const oib = starts[8]! >= 0 ? decimalFromBytes(b, starts[8]!, ends[8]!, -1) : -1;
    if (!(ts >= 0) || src < 0 || dst < 0 || !(port >= 0 && port <= 65535) || Number.isNaN(duration) || Number.isNaN(ob) || Number.isNaN(rb) || Number.isNaN(oib)) {
      badValue(c, src, n);
      return;
    }
    let proto: number = PROTO.unknown;
    if (starts[4]! >= 0) {
      const p = b[starts[4]!];
      proto = p === 0x74 ? PROTO.tcp : p === 0x75 ? PROTO.udp : p === 0x69 ? PROTO.icmp : PROTO.unknown;
    }
    records++;
    // without orig_ip_bytes (no conn size analyser) the payload stands in for RITA's data-size score
    c.t.add(ts, src, dst, port, proto, duration, ob, rb, oib >= 0 ? oib : ob);
  };

  const other = (b: Uint8Array, s: number, e: number, n: number): void => {
    const parts = utf8(b, s, e).split(String.fromCharCode(sep));
    if (parts.length !== fields.length) {
      c.diag.add(c.file, "FIELD_COUNT", n);
      return;
    }
    const o: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      const v = parts[i] as string;
      o[f] = v === h.unsetText ? undefined : v === h.emptyText ? "" : v;
    });
    const path = h.path;
    if (path === "http") {
      const port = Number(o["id.resp_p"] ?? 0);
      if (httpRecord(c, n, toSeconds(o.ts), o["id.orig_h"], o["id.resp_h"], port, o.host, o.uri, Number(o.request_body_len ?? 0) || 0, Number(o.response_body_len ?? 0) || 0)) records++;
    } else if (path === "ssl") {
      const dst = hostFromText(c.t, o["id.resp_h"]);
      const name = typeof o.server_name === "string" ? normalizeHost(o.server_name) : null;
      if (dst >= 0 && name) c.t.label(dst, name);
    } else if (path === "dns") dnsAnswers(c, o.query, typeof o.answers === "string" ? o.answers.split(",") : []);
  };

  return {
    format: "zeek-tsv",
    records: () => records,
    line: (b, s, e, n) => {
      if (b[s] === 0x23 /* # */) {
        header(utf8(b, s, e));
        return;
      }
      if (fields.length === 0) {
        c.diag.add(c.file, "NO_HEADER", n);
        return;
      }
      const path = h.path;
      if (h.isConn) conn(b, s, e, n);
      else if (path === "http" || path === "ssl" || path === "dns") other(b, s, e, n);
      else if (!unused.has(path)) {
        unused.add(path);
        c.diag.add(c.file, "UNUSED_LOG");
      }
    },
  };
}

// JSON lines: Zeek JSON and Suricata EVE --------------------------------------------------------------------

export function jsonParser(c: Ctx, format: "zeek-json" | "suricata-eve"): LineParser {
  let records = 0;
  const handle = (o: Record<string, unknown>, n: number): void => {
    const event = o.event_type;
    if (typeof event === "string") {
      if (event === "flow") {
        const f = (o.flow && typeof o.flow === "object" ? o.flow : {}) as Record<string, unknown>;
        const ts = toSeconds(f.start ?? o.timestamp);
        const src = hostFromText(c.t, o.src_ip);
        if (src >= 0 && !c.t.mine(src)) return;
        const dst = hostFromText(c.t, o.dest_ip);
        const port = typeof o.dest_port === "number" ? o.dest_port : 0;
        if (!Number.isFinite(ts) || src < 0 || dst < 0) return badValue(c, src, n);
        const end = toSeconds(f.end);
        const duration = Number.isFinite(end) && end >= ts ? end - ts : num(f.age);
        const toServer = num(f.bytes_toserver);
        records++;
        c.t.add(ts, src, dst, port, protoCode(o.proto), duration, toServer, num(f.bytes_toclient), toServer);
        return;
      }
      const dst = hostFromText(c.t, o.dest_ip);
      const tls = o.tls as Record<string, unknown> | undefined;
      const http = o.http as Record<string, unknown> | undefined;
      const dns = o.dns as Record<string, unknown> | undefined;
      if (event === "tls" && tls && typeof tls.sni === "string" && dst >= 0) {
        const name = normalizeHost(tls.sni);
        if (name) c.t.label(dst, name);
      } else if (event === "http" && http && typeof http.hostname === "string" && dst >= 0) {
        const name = normalizeHost(http.hostname);
        if (name) c.t.label(dst, name);
      } else if (event === "dns" && dns && Array.isArray(dns.answers))
        for (const a of dns.answers as Record<string, unknown>[]) dnsAnswers(c, a?.rrname, [a?.rdata]);
      else c.diag.add(c.file, "OTHER_EVENT");
      return;
    }
    const orig = zeekField(o, "id.orig_h");
    if (orig === undefined) return c.diag.add(c.file, "UNKNOWN_RECORD", n);
    const ts = toSeconds(o.ts);
    const path = typeof o._path === "string" ? o._path : "conn_state" in o || "orig_bytes" in o ? "conn" : "method" in o || "uri" in o ? "http" : "server_name" in o ? "ssl" : "answers" in o ? "dns" : "";
    if (path.startsWith("conn")) {
      const src = hostFromText(c.t, orig);
      if (src >= 0 && !c.t.mine(src)) return;
      const dst = hostFromText(c.t, zeekField(o, "id.resp_h"));
      const port = zeekField(o, "id.resp_p");
      if (!Number.isFinite(ts) || src < 0 || dst < 0 || typeof port !== "number") return badValue(c, src, n);
      records++;
      const ob = num(o.orig_bytes);
      c.t.add(ts, src, dst, port, protoCode(o.proto), num(o.duration), ob, num(o.resp_bytes), typeof o.orig_ip_bytes === "number" ? o.orig_ip_bytes : ob);
    } else if (path === "http") {
      const port = zeekField(o, "id.resp_p");
      if (httpRecord(c, n, ts, orig, zeekField(o, "id.resp_h"), typeof port === "number" ? port : 80, o.host, o.uri, num(o.request_body_len), num(o.response_body_len))) records++;
    } else if (path === "ssl") {
      const dst = hostFromText(c.t, zeekField(o, "id.resp_h"));
      const name = typeof o.server_name === "string" ? normalizeHost(o.server_name) : null;
      if (dst >= 0 && name) c.t.label(dst, name);
    } else if (path === "dns") dnsAnswers(c, o.query, o.answers);
    else c.diag.add(c.file, "UNUSED_LOG");
  };
  return {
    format,
    records: () => records,
    line: (b, s, e, n) => {
      let o: unknown;
      try {
        o = JSON.parse(utf8(b, s, e));
      } catch {
        c.diag.add(c.file, "INVALID_JSON", n);
        return;
      }
      if (o === null || typeof o !== "object" || Array.isArray(o)) {
        c.diag.add(c.file, "NOT_AN_OBJECT", n);
        return;
      }
      handle(o as Record<string, unknown>, n);
    },
  };
}

// Squid native access.log ------------------------------------------------------------------------------------

/** time elapsed(ms) client code/status bytes method URL user hierarchy/peer type */
const SQUID = /^(\d+(?:\.\d+)?)\s+(\d+)\s+(\S+)\s+\S+\/\d{3}\s+(\d+)\s+(\S+)\s+(\S+)\s+\S+\s+\S+\/(\S+)(?:\s+\S+)?\s*$/;
export const looksLikeSquid = (line: string): boolean => SQUID.test(line);

export function squidParser(c: Ctx): LineParser {
  let records = 0;
  return {
    format: "squid",
    records: () => records,
    line: (b, s, e, n) => {
      const m = SQUID.exec(utf8(b, s, e));
      if (!m) return c.diag.add(c.file, "UNKNOWN_RECORD", n);
      const [, tsText, elapsed, client, bytes, method, url] = m as unknown as string[];
      const src = hostFromText(c.t, client);
      if (src >= 0 && !c.t.mine(src)) return;
      const target = (url ?? "").replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? "";
      const host = normalizeHost(target);
      if (src < 0 || host === null) return badValue(c, src, n);
      const colon = target.lastIndexOf(":");
      const port = colon > 0 && /^\d+$/.test(target.slice(colon + 1)) ? Number(target.slice(colon + 1)) : /^https:/i.test(url ?? "") || method === "CONNECT" ? 443 : 80;
      records++;
      // Squid's native format logs the reply size only: uploads are not visible in it (docs/egress.md)
      c.t.add(Number(tsText), src, c.t.hostTextId(host, ipv4FromString(host)), port, PROTO.tcp, Number(elapsed) / 1000, 0, Number(bytes), 0);
    },
  };
}

/** The format of a file from its first non-empty line. */
export function sniffFormat(first: string): Format {
  const t = first.trimStart();
  if (t.startsWith("#separator") || t.startsWith("#fields") || t.startsWith("#path")) return "zeek-tsv";
  if (t.startsWith("{")) return t.includes('"event_type"') ? "suricata-eve" : "zeek-json";
  return looksLikeSquid(t) ? "squid" : "unknown";
}

/** Chooses the parser from the first non-empty line; null when the format is unknown. */
export function sniff(first: string, c: Ctx): LineParser | null {
  const f = sniffFormat(first);
  return f === "zeek-tsv" ? zeekTsvParser(c) : f === "zeek-json" || f === "suricata-eve" ? jsonParser(c, f) : f === "squid" ? squidParser(c) : null;
}
