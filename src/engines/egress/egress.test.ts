/** The egress detector: formats, each detection, allow-lists and set-asides, and the first-evidence clock. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyseEgress } from "./analyse.js";
import { Diagnostics } from "./diagnostics.js";
import { zeekHeader } from "./generate.js";
import { parseAllowlist, parseAssets, parseIndicators } from "./lists.js";
import type { EgressOptions, InputFile } from "./types.js";

export const input = (name: string, data: string | Buffer): InputFile => ({
  name,
  stream: (async function* () {
    const b = typeof data === "string" ? Buffer.from(data) : data;
    for (let i = 0; i < b.length; i += 4096) yield b.subarray(i, i + 4096);
  })(),
});

const T0 = Date.UTC(2016, 2, 19) / 1000;
type Conn = { ts: number; src: string; dst: string; port?: number; proto?: string; dur?: number | null; ob?: number | null; rb?: number };
export const conn = (c: Conn): string =>
  [c.ts.toFixed(6), "CAbc", c.src, 50000, c.dst, c.port ?? 443, c.proto ?? "tcp", "-", c.dur === null ? "-" : (c.dur ?? 1).toFixed(6), c.ob === null ? "-" : c.ob ?? 300, c.rb ?? 500, "SF", "T", "F", 0, "ShADadFf", 5, (c.ob ?? 300) + 200, 5, (c.rb ?? 500) + 200, "(empty)"].join("\t");
export const log = (rows: Conn[]): string => zeekHeader("2016-03-19-00-00-00") + rows.map(conn).join("\n") + "\n#close\t2016-03-20-00-00-00\n";
const run = (data: string, options: EgressOptions = {}, name = "conn.log") => analyseEgress([input(name, data)], options);

const every = (src: string, dst: string, seconds: number, from: number, to: number, extra: Partial<Conn> = {}): Conn[] => {
  const out: Conn[] = [];
  for (let t = from; t < to; t += seconds) out.push({ ts: t, src, dst, ...extra });
  return out;
};

describe("formats", () => {
  test("Zeek TSV exactly as Zeek writes it: unset '-' and '(empty)' read, a wrong field count reported with its line", async () => {
    const text = log([{ ts: T0, src: "10.0.0.1", dst: "203.0.113.5", dur: null, ob: null }, { ts: T0 + 1, src: "10.0.0.1", dst: "203.0.113.5" }]).replace("#close", "1458345600.0\tbroken\n#close");
    const r = await run(text);
    assert.equal(r.records, 2);
    assert.equal(r.egressRecords, 2);
    const d = r.diagnostics.find((x) => x.code === "FIELD_COUNT");
    assert.equal(d?.line, 11); // 8 header lines, 2 records, then the broken one
    assert.equal(r.skippedLines, 1);
    assert.equal(r.files[0]?.format, "zeek-tsv");
  });

  test("Zeek JSON (flat and nested id), Suricata EVE flow, Squid and Zeek http.log through a proxy", async () => {
    const zj = `{"ts":${T0},"uid":"C1","id.orig_h":"10.0.0.2","id.orig_p":5,"id.resp_h":"198.51.100.1","id.resp_p":443,"proto":"tcp","duration":2.5,"orig_bytes":100,"resp_bytes":200,"conn_state":"SF"}\n{"ts":"2016-03-19T00:00:05.5Z","id":{"orig_h":"10.0.0.2","resp_h":"198.51.100.1","resp_p":443},"proto":"tcp","orig_bytes":5,"conn_state":"SF"}\n`;
    const eve = `{"timestamp":"2016-03-19T09:00:00.000000+0900","event_type":"flow","src_ip":"10.0.0.3","src_port":5,"dest_ip":"198.51.100.2","dest_port":8443,"proto":"TCP","flow":{"bytes_toserver":7000,"bytes_toclient":300,"start":"2016-03-19T09:00:00.000000+0900","end":"2016-03-19T09:00:10.000000+0900"}}\n{"event_type":"tls","dest_ip":"198.51.100.2","tls":{"sni":"c2.example"}}\n{"event_type":"alert"}\n`;
    const squid = `1458345600.123    120 10.0.0.4 TCP_MISS/200 5120 GET http://files.example.net/a.zip - HIER_DIRECT/198.51.100.3 application/zip\n1458345601.000     50 10.0.0.4 TCP_TUNNEL/200 900 CONNECT c2.example:443 - HIER_DIRECT/198.51.100.2 -\n`;
    const http = `${zeekHeader("x").replace("#path\tconn", "#path\thttp").replace(/#fields\t.*\n/, "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\trequest_body_len\tresponse_body_len\n").replace(/#types\t.*\n/, "")}${T0}\tC9\t10.0.0.5\t5\t10.0.0.250\t3128\tPOST\tupload.example.org\t/x\t900000\t20\n`;
    const r = await analyseEgress([input("c.json", zj), input("eve.json", eve), input("access.log", squid), input("http.log", http)]);
    assert.deepEqual(r.files.map((f) => [f.format, f.records]), [["zeek-json", 2], ["suricata-eve", 1], ["squid", 2], ["zeek-tsv", 1]]);
    assert.equal(r.pairs, 5);
    assert.ok(r.diagnostics.some((d) => d.code === "OTHER_EVENT" && d.file === "eve.json"));
  });

  test("an unknown format and binary data are errors of that file; the others are still read", async () => {
    const r = await analyseEgress([input("bin", Buffer.from([0, 1, 2, 3, 0xff, 10, 65])), input("text.txt", "hello world\n"), input("ok.log", log([{ ts: T0, src: "10.0.0.1", dst: "203.0.113.5" }]))]);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === "UNKNOWN_FORMAT").map((d) => d.file), ["bin", "text.txt"]);
    assert.equal(r.egressRecords, 1);
  });

  test("worker threads split by source host give the same result as one thread, diagnostics at the same lines", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { fileInputs } = await import("./analyse.js");
    const dir = mkdtempSync(join(tmpdir(), "egress-"));
    try {
      const rows = [...every("10.0.0.1", "203.0.113.5", 600, T0, T0 + 86400, { ob: 300 }), ...every("10.0.0.2", "198.51.100.7", 97, T0, T0 + 86400, { ob: 2_000_000 })].sort((a, b) => a.ts - b.ts);
      const lines = log(rows).split("\n");
      lines[500] = "broken";
      const path = join(dir, "conn.log");
      writeFileSync(path, lines.join("\n"));
      const one = await analyseEgress(fileInputs([path]));
      const two = await analyseEgress(fileInputs([path]), { threads: 2, parallelMinBytes: 1 });
      assert.equal(two.timings.threads, 2);
      assert.deepEqual([two.records, two.pairs, two.diagnostics], [one.records, one.pairs, one.diagnostics]);
      assert.deepEqual(two.findings, one.findings);
      assert.equal(one.diagnostics[0]?.line, 501);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("detections", () => {
  test("policy: a 'no egress' asset that talks out at all is the top finding, first evidence at its first connection", async () => {
    const rows = [...every("10.0.0.9", "203.0.113.7", 3600, T0, T0 + 86400, { ob: 5_000 }), { ts: T0 + 500, src: "10.0.0.20", dst: "198.51.100.9", port: 80, ob: 300 }];
    const assets = parseAssets('hostname,addresses,egress_allowed,holds_personal_data\nfiles-01,10.0.0.20,no,yes\n', "assets.csv", new Diagnostics());
    const r = await run(log(rows.sort((a, b) => a.ts - b.ts)), { assets });
    assert.equal(r.findings[0]?.kind, "policy");
    assert.equal(r.findings[0]?.src, "10.0.0.20");
    assert.equal(r.findings[0]?.score, 1);
    assert.equal(r.findings[0]?.firstEvidenceAt, new Date((T0 + 500) * 1000).toISOString());
    assert.match(r.findings[0]!.reason.ja, /個人データ/);
  });

  test("beacon: an hourly beacon over a day scores RITA 1 in every sub-score; a handful of visits is not listed", async () => {
    const rows = [...every("10.0.0.1", "203.0.113.5", 3600, T0, T0 + 86400, { ob: 300 })];
    for (const d of [13, 400, 9000, 9100, 30000]) rows.push({ ts: T0 + d, src: "10.0.0.2", dst: "198.51.100.40", ob: d * 3 });
    const r = await run(log(rows.sort((a, b) => a.ts - b.ts)));
    const b = r.findings.filter((f) => f.kind === "beacon");
    assert.equal(b.length, 1);
    assert.equal(b[0]?.dst, "203.0.113.5");
    assert.deepEqual([b[0]?.details.ritaScore, b[0]?.details.tsScore, b[0]?.details.dsScore, b[0]?.details.durScore, b[0]?.details.histScore], [1, 1, 1, 1, 1]);
    assert.ok(b[0]!.firstEvidenceAt > b[0]!.firstSeen && b[0]!.firstEvidenceAt < b[0]!.lastSeen);
  });

  test("beacon from a laptop that sleeps 15 hours a day, with 20 % jitter, is still found; RITA's last-24h score is beside it", async () => {
    const rows: Conn[] = [];
    let k = 0;
    for (let d = 0; d < 5; d++) for (let t = T0 + d * 86400; t < T0 + d * 86400 + 9 * 3600; t += 300 + ((k++ * 37) % 120) - 60) rows.push({ ts: t, src: "10.0.0.7", dst: "203.0.113.77", ob: 512 + (k % 7) });
    const r = await run(log(rows));
    const b = r.findings.find((f) => f.kind === "beacon");
    assert.ok(b && b.score >= 0.6, JSON.stringify(b?.details));
    assert.equal(typeof b.details.ritaLast24h, "number");
    assert.equal(b.bytesPerDay.length, 5);
  });

  test("exfiltration: a large upload from a host that normally receives; a slow drip over days", async () => {
    const rows: Conn[] = [];
    for (let i = 0; i < 50; i++) rows.push({ ts: T0 + i * 600, src: "10.0.0.3", dst: `198.51.100.${i % 20}`, ob: 800, rb: 400_000 });
    for (let i = 0; i < 10; i++) rows.push({ ts: T0 + 40_000 + i * 60, src: "10.0.0.3", dst: "192.0.2.200", ob: 30_000_000, rb: 2000 });
    for (let d = 0; d < 5; d++) for (let i = 0; i < 3; i++) rows.push({ ts: T0 + d * 86400 + i * 7001, src: "10.0.0.4", dst: "203.0.113.150", ob: 1_000_000, rb: 1000 });
    const r = await run(log(rows.sort((a, b) => a.ts - b.ts)));
    const big = r.findings.find((f) => f.kind === "exfiltration" && f.dst === "192.0.2.200");
    assert.ok(big);
    assert.match(String(big.details.rules), /volume/);
    assert.match(String(big.details.rules), /normally-receives/);
    assert.equal(big.bytesOut, 300_000_000);
    // 100 MB (RITA's low threshold) plus the "normally receives" step was reached at the third 30 MB upload… or earlier
    assert.ok(big.firstEvidenceAt <= new Date((T0 + 40_000 + 3 * 60) * 1000).toISOString());
    const drip = r.findings.find((f) => f.kind === "exfiltration" && f.dst === "203.0.113.150");
    assert.match(String(drip?.details.rules), /drip/);
    assert.equal(drip?.bytesPerDay.length, 5);
    assert.ok(!r.findings.some((f) => f.kind === "exfiltration" && f.src === "10.0.0.3" && f.dst.startsWith("198.51.100.")));
  });

  test("long connection: RITA's 1/4/8/12 h thresholds on the longest connection", async () => {
    const r = await run(log([{ ts: T0, src: "10.0.0.5", dst: "198.51.100.150", port: 22, dur: 9 * 3600 }, { ts: T0 + 10, src: "10.0.0.5", dst: "198.51.100.151", dur: 1800 }]));
    const l = r.findings.filter((f) => f.kind === "long_connection");
    assert.equal(l.length, 1);
    assert.equal(l[0]?.score, 0.65);
    assert.equal(l[0]?.firstEvidenceAt, new Date((T0 + 3600) * 1000).toISOString());
  });

  test("indicators: hits with counts and first/last seen, by address, network and domain (host names from TLS/DNS)", async () => {
    const indicators = parseIndicators("# feed\n192.0.2.66,lab\n198.51.100.0/28\nevil.example\n203.0.113[.]99\nnot an indicator!\n", "ioc.txt", new Diagnostics());
    assert.equal(indicators.length, 4);
    const rows = [...every("10.0.0.6", "192.0.2.66", 60, T0, T0 + 600), { ts: T0 + 5, src: "10.0.0.6", dst: "198.51.100.3" }];
    const dns = `{"ts":${T0},"id.orig_h":"10.0.0.6","id.resp_h":"10.0.0.53","query":"cdn.evil.example","answers":["203.0.113.44"]}\n{"ts":${T0 + 1},"id.orig_h":"10.0.0.6","id.resp_h":"203.0.113.44","id.resp_p":443,"proto":"tcp","orig_bytes":10,"conn_state":"SF"}\n`;
    const r = await analyseEgress([input("conn.log", log(rows)), input("dns.json", dns)], { indicators });
    const hits = r.findings.filter((f) => f.kind === "indicator");
    assert.deepEqual(hits.map((h) => [h.dst, h.connections]).sort(), [["192.0.2.66", 10], ["198.51.100.3", 1], ["203.0.113.44", 1]]);
    assert.equal(hits.find((h) => h.dst === "203.0.113.44")?.dstHost, "cdn.evil.example");
    assert.equal(hits.find((h) => h.dst === "192.0.2.66")?.firstSeen, new Date(T0 * 1000).toISOString());
  });

  test("allow-list and known periodic services are set aside and counted, not dropped; they do not hide the real beacon", async () => {
    const rows = [
      ...every("10.0.0.1", "203.0.113.5", 3600, T0, T0 + 86400),
      ...every("10.0.0.2", "198.51.100.7", 3600, T0, T0 + 86400),
      ...every("10.0.0.1", "133.243.238.163", 1024, T0, T0 + 86400, { port: 123, proto: "udp", ob: 48, rb: 48 }),
    ].sort((a, b) => a.ts - b.ts);
    const allowlist = parseAllowlist("10.0.0.2 -> 198.51.100.7\n", "allow.txt", new Diagnostics());
    const r = await run(log(rows), { allowlist });
    assert.deepEqual(r.findings.map((f) => `${f.kind} ${f.dst}`), ["beacon 203.0.113.5"]);
    assert.equal(r.setAside.byWhy.allowlist, 1);
    assert.equal(r.setAside.byWhy.known_service, 1);
  });

  test("internal-to-internal, inbound and link-local traffic is counted and not analysed", async () => {
    const r = await run(log([{ ts: T0, src: "10.0.0.1", dst: "10.0.0.2" }, { ts: T0, src: "203.0.113.1", dst: "10.0.0.2" }, { ts: T0, src: "169.254.1.1", dst: "203.0.113.1" }]));
    assert.deepEqual(r.ignored, { internal: 1, inbound: 1, external: 0, notRouted: 1 });
    assert.ok(r.diagnostics.some((d) => d.code === "NO_EGRESS_DATA"));
  });

  test("list files: bad lines are reported with their number; JSON assets in the platform's field names", () => {
    const diag = new Diagnostics();
    const a = parseAssets(JSON.stringify([{ hostname: "db-01", addresses: ["10.1.9.9"], egressAllowed: false, holdsPersonalData: true }, { hostname: "" }]), "assets.json", diag);
    assert.deepEqual(a.map((x) => [x.hostname, x.egressAllowed]), [["db-01", false]]);
    assert.equal(diag.list()[0]?.line, 2);
    const allow = parseAllowlist("ntp.nict.jp\n10.0.0.1 -> 203.0.113.5\nthree words here\n", "allow.txt", diag);
    assert.deepEqual(allow, { destinations: ["ntp.nict.jp"], pairs: [{ src: "10.0.0.1", dst: "203.0.113.5" }] });
    assert.equal(diag.list().find((d) => d.file === "allow.txt")?.line, 3);
  });
});

describe("the generated week (labelled corpus)", () => {
  test("every planted case is found, no decoy is reported, no line is broken", async () => {
    const { generateConnLog } = await import("./generate.js");
    const parts: string[] = [];
    const truth = generateConnLog({ records: 60_000 }, (s) => parts.push(s));
    const r = await run(parts.join(""), {
      assets: truth.assets.map((a) => ({ ...a, internetFacing: false })),
      indicators: truth.indicators.map((v) => ({ value: v, type: /^[\d.]+$/.test(v) ? "ip" : "domain", label: null })),
    });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.records, truth.records);
    for (const p of truth.planted) assert.ok(r.findings.some((f) => f.kind === p.kind && f.src === p.src && (p.dst === null || f.dst === p.dst)), `missed ${p.kind} ${p.src} → ${p.dst}`);
    const decoys = new Set(truth.decoys.map((d) => d.dst));
    assert.deepEqual(r.findings.filter((f) => decoys.has(f.dst)), []);
    const planted = new Set(truth.planted.map((p) => `${p.src}>${p.dst ?? "*"}`));
    assert.deepEqual(r.findings.filter((f) => !planted.has(`${f.src}>${f.dst}`) && !(f.kind === "policy" && planted.has(`${f.src}>*`))).map((f) => `${f.kind} ${f.src} ${f.dst}`), []);
  });
});
