/**
 * A synthetic Zeek conn.log (TSV exactly as Zeek writes it) for one week around the JTB case (2016-03-19 to
 * 03-25 JST), with known ground truth: planted beacons (steady, a laptop that sleeps at night, a jittery one from
 * a server), exfiltration (a large upload from a PC that normally downloads, a slow drip over days), a long
 * connection, "no egress" servers talking out and an indicator hit; and decoys that must not be reported: NTP,
 * update checks, a monitoring agent on every server, mail polling on every PC while awake, a chatty CDN, and
 * ordinary browsing with heavy-tailed sizes.
 */
export type GenerateOptions = { records: number; seed?: number };

export type Planted = { kind: "beacon" | "exfiltration" | "long_connection" | "indicator" | "policy"; src: string; dst: string | null; what: string };
export type GroundTruth = {
  records: number;
  planted: Planted[];
  decoys: { dst: string; what: string }[];
  /** The files the bench passes with --assets and --indicators. */
  assets: { hostname: string; addresses: string[]; egressAllowed: boolean; holdsPersonalData: boolean }[];
  indicators: string[];
};

const START = Date.UTC(2016, 2, 18, 15, 0, 0) / 1000; // 2016-03-19 00:00 JST
const DAYS = 7;
const JST = 9 * 3600;

const FIELDS = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents";
const TYPES = "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]";

export const zeekHeader = (open: string): string =>
  `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t${open}\n#fields\t${FIELDS}\n#types\t${TYPES}\n`;

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rec = { ts: number; src: string; dst: string; port: number; proto: "tcp" | "udp"; service: string; duration: number; ob: number; rb: number };

export function generateConnLog(o: GenerateOptions, write: (text: string) => void): GroundTruth {
  const r = rng(o.seed ?? 20160319);
  const f = o.records / 10_000_000;
  const pcCount = Math.max(42, Math.round(1700 * f));
  const serverCount = Math.max(12, Math.round(300 * f));
  const pcs = Array.from({ length: pcCount }, (_, i) => `10.0.${Math.floor(i / 250) + 10}.${(i % 250) + 1}`);
  const noEgress = ["10.1.0.5", "10.1.0.20"];
  const servers = Array.from({ length: serverCount }, (_, i) => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  const ntp = ["133.243.238.163", "210.173.160.27", "162.159.200.1"];
  const mail = "40.100.54.18";
  const monitor = "52.44.83.12";
  const update = "13.107.4.50";
  const cdn = ["104.16.85.20", "104.16.86.20", "104.16.87.20", "151.101.1.69", "151.101.65.69"];
  const pool: string[] = [];
  for (let i = 0; pool.length < 20_000; i++) {
    const a = 20 + Math.floor(r() * 200);
    if (a === 100 || a === 127 || a === 169 || a === 172 || a === 192 || a === 198 || a === 203) continue;
    pool.push(`${a}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`);
  }
  const zipf = (n: number): number => Math.min(n - 1, Math.floor(n * Math.pow(r(), 3))); // a few destinations take most
  const logn = (median: number, sigma: number): number => Math.max(1, Math.round(median * Math.exp(sigma * gauss())));
  function gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  }
  const jstHour = (ts: number): number => Math.floor(((ts + JST) % 86400) / 3600);
  const awake = (ts: number): boolean => jstHour(ts) >= 9 && jstHour(ts) < 18;

  const C2 = { steady: "198.51.100.23", laptop: "203.0.113.77", server: "198.51.100.99", exfil: "192.0.2.200", drip: "203.0.113.150", ssh: "198.51.100.150", ioc: "192.0.2.66", policy: "203.0.113.9" };
  const H = { steady: pcs[17 % pcCount]!, laptop: pcs[23 % pcCount]!, exfil: pcs[31 % pcCount]!, drip: pcs[37 % pcCount]!, ssh: pcs[41 % pcCount]!, ioc: pcs[5]! };
  const planted: Planted[] = [
    { kind: "beacon", src: H.steady, dst: C2.steady, what: "every 60 s ±10 % from 3/19 for a week" },
    { kind: "beacon", src: H.laptop, dst: C2.laptop, what: "every 300 s ±20 %, only while the laptop is awake (09–18 JST)" },
    { kind: "beacon", src: noEgress[0]!, dst: C2.server, what: "every 600 s ±30 % from the 'no egress' server from 3/20" },
    { kind: "policy", src: noEgress[0]!, dst: null, what: "'no egress' server 10.1.0.5 talks out (the beacon above)" },
    { kind: "policy", src: noEgress[1]!, dst: null, what: "'no egress' server 10.1.0.20 makes a few HTTP requests out" },
    { kind: "exfiltration", src: H.exfil, dst: C2.exfil, what: "2 GB uploaded on 3/21 by a PC that normally downloads" },
    { kind: "exfiltration", src: H.drip, dst: C2.drip, what: "a slow drip: about 5 MB a day for 6 days" },
    { kind: "long_connection", src: H.ssh, dst: C2.ssh, what: "one 9-hour SSH session" },
    { kind: "indicator", src: H.ioc, dst: C2.ioc, what: "12 connections to an indicator" },
  ];

  let written = 0;
  let uid = 0;
  const line = (x: Rec): string => {
    const op = 1 + (x.ob >> 10) + 2;
    const rp = 1 + (x.rb >> 10) + 2;
    const uidText = `C${(uid++).toString(36).padStart(17, "0")}`;
    return `${x.ts.toFixed(6)}\t${uidText}\t${x.src}\t${49152 + (uid % 16000)}\t${x.dst}\t${x.port}\t${x.proto}\t${x.service}\t${x.duration.toFixed(6)}\t${x.ob}\t${x.rb}\tSF\tT\tF\t0\t${x.proto === "tcp" ? "ShADadFf" : "Dd"}\t${op}\t${x.ob + op * 40}\t${rp}\t${x.rb + rp * 40}\t-\n`;
  };

  // periodic sources are generated per hour from their next due time
  type Periodic = { src: string; dst: string; port: number; proto: "tcp" | "udp"; service: string; every: number; jitter: number; next: number; until: number; when?: (ts: number) => boolean; ob: () => number; rb: () => number; duration: () => number };
  const periodic: Periodic[] = [];
  const END = START + DAYS * 86400;
  for (const h of [...pcs, ...servers.filter((s) => !noEgress.includes(s))])
    periodic.push({ src: h, dst: ntp[Math.floor(r() * ntp.length)]!, port: 123, proto: "udp", service: "ntp", every: 1024, jitter: 0, next: START + r() * 1024, until: END, ob: () => 48, rb: () => 48, duration: () => 0.02 });
  for (const h of pcs) {
    periodic.push({ src: h, dst: mail, port: 443, proto: "tcp", service: "ssl", every: 300, jitter: 0.05, next: START + r() * 300, until: END, when: awake, ob: () => logn(1800, 0.2), rb: () => logn(4000, 0.6), duration: () => 0.3 + r() });
    periodic.push({ src: h, dst: update, port: 443, proto: "tcp", service: "ssl", every: 4 * 3600, jitter: 0.02, next: START + r() * 14400, until: END, ob: () => logn(900, 0.1), rb: () => logn(6000, 0.3), duration: () => 0.5 + r() });
  }
  for (const s of servers.filter((x) => !noEgress.includes(x)))
    periodic.push({ src: s, dst: monitor, port: 443, proto: "tcp", service: "ssl", every: 120, jitter: 0.02, next: START + r() * 120, until: END, ob: () => logn(1500, 0.1), rb: () => logn(200, 0.1), duration: () => 0.1 + r() * 0.1 });
  periodic.push({ src: H.steady, dst: C2.steady, port: 443, proto: "tcp", service: "ssl", every: 60, jitter: 0.1, next: START + 3600, until: END, ob: () => 320 + Math.floor(r() * 40), rb: () => 150 + Math.floor(r() * 30), duration: () => 0.2 + r() * 0.1 });
  periodic.push({ src: H.laptop, dst: C2.laptop, port: 443, proto: "tcp", service: "ssl", every: 300, jitter: 0.2, next: START, until: END, when: awake, ob: () => 512 + Math.floor(r() * 64), rb: () => 260 + Math.floor(r() * 64), duration: () => 0.5 + r() * 0.3 });
  periodic.push({ src: noEgress[0]!, dst: C2.server, port: 8443, proto: "tcp", service: "ssl", every: 600, jitter: 0.3, next: START + 86400 + 7200, until: END, ob: () => 700 + Math.floor(r() * 100), rb: () => 300 + Math.floor(r() * 100), duration: () => 1 + r() });

  const oneOff: Rec[] = [];
  // 2 GB upload on 3/21 15:00 JST: 40 connections of ~50 MB
  for (let i = 0; i < 40; i++) oneOff.push({ ts: START + 2 * 86400 + 15 * 3600 + i * 90 + r() * 30, src: H.exfil, dst: C2.exfil, port: 443, proto: "tcp", service: "ssl", duration: 60 + r() * 20, ob: 50_000_000 + Math.floor(r() * 1_000_000), rb: 4000 + Math.floor(r() * 1000) });
  // drip: 20 uploads of ~250 kB a day at random times, days 2–7
  for (let d = 1; d < DAYS; d++) for (let i = 0; i < 20; i++) oneOff.push({ ts: START + d * 86400 + r() * 86400, src: H.drip, dst: C2.drip, port: 443, proto: "tcp", service: "ssl", duration: 2 + r(), ob: 240_000 + Math.floor(r() * 20_000), rb: 2000 + Math.floor(r() * 500) });
  oneOff.push({ ts: START + 3 * 86400 + 10 * 3600, src: H.ssh, dst: C2.ssh, port: 22, proto: "tcp", service: "ssh", duration: 9 * 3600 + 120, ob: 2_000_000, rb: 8_000_000 });
  for (let i = 0; i < 12; i++) oneOff.push({ ts: START + 4 * 86400 + 11 * 3600 + i * 611 + r() * 300, src: H.ioc, dst: C2.ioc, port: 80, proto: "tcp", service: "http", duration: 0.4, ob: 400 + Math.floor(r() * 200), rb: 15_000 + Math.floor(r() * 5000) });
  for (let i = 0; i < 30; i++) oneOff.push({ ts: START + 5 * 86400 + 14 * 3600 + r() * 7200, src: noEgress[1]!, dst: C2.policy, port: 80, proto: "tcp", service: "http", duration: 0.3, ob: 300 + Math.floor(r() * 200), rb: 2000 + Math.floor(r() * 20000) });
  oneOff.sort((a, b) => a.ts - b.ts);

  // how many periodic records there will be, so that background + CDN fill the rest
  let periodicTotal = 0;
  for (const p of periodic) {
    const n = (p.until - p.next) / p.every;
    periodicTotal += p.when ? Math.round(n * (9 / 24)) : Math.round(n);
  }
  const rest = Math.max(0, o.records - periodicTotal - oneOff.length);
  const cdnTotal = Math.round(rest * 0.25);
  const browseTotal = rest - cdnTotal;
  const weight = (ts: number): number => {
    const day = new Date((ts + JST) * 1000).getUTCDay();
    return awake(ts) && day !== 0 && day !== 6 ? 6 : 1;
  };
  let weightSum = 0;
  for (let h = 0; h < DAYS * 24; h++) weightSum += weight(START + h * 3600);

  write(zeekHeader("2016-03-19-00-00-00"));
  let oneOffAt = 0;
  for (let h = 0; h < DAYS * 24; h++) {
    const from = START + h * 3600;
    const to = from + 3600;
    const batch: Rec[] = [];
    for (const p of periodic) {
      while (p.next < to && p.next < p.until) {
        const ts = p.next;
        if (!p.when || p.when(ts)) batch.push({ ts, src: p.src, dst: p.dst, port: p.port, proto: p.proto, service: p.service, duration: p.duration(), ob: p.ob(), rb: p.rb() });
        p.next += p.every * (1 + p.jitter * (2 * r() - 1));
      }
    }
    while (oneOffAt < oneOff.length && oneOff[oneOffAt]!.ts < to) batch.push(oneOff[oneOffAt++]!);
    const w = weight(from) / weightSum;
    const nCdn = Math.round(cdnTotal * w);
    const nBrowse = Math.round(browseTotal * w);
    for (let i = 0; i < nCdn; i++) batch.push({ ts: from + r() * 3600, src: pcs[Math.floor(r() * pcs.length)]!, dst: cdn[Math.floor(r() * cdn.length)]!, port: 443, proto: "tcp", service: "ssl", duration: logn(3, 1), ob: logn(700, 0.5), rb: logn(200_000, 1.5) });
    for (let i = 0; i < nBrowse; i++) {
      // a browsing session: a few requests close together to one site
      const src = pcs[Math.floor(r() * pcs.length)]!;
      const dst = pool[zipf(pool.length)]!;
      batch.push({ ts: from + r() * 3600, src, dst, port: r() < 0.85 ? 443 : 80, proto: "tcp", service: "ssl", duration: logn(2, 1.2), ob: logn(800, 0.9), rb: logn(20_000, 1.8) });
    }
    batch.sort((a, b) => a.ts - b.ts);
    let text = "";
    for (const x of batch) {
      text += line(x);
      if (text.length > 1 << 20) {
        write(text);
        text = "";
      }
    }
    write(text);
    written += batch.length;
  }
  write(`#close\t2016-03-26-00-00-00\n`);

  return {
    records: written,
    planted,
    decoys: [...ntp.map((d) => ({ dst: d, what: "NTP" })), { dst: mail, what: "mail polling on every PC while awake" }, { dst: monitor, what: "monitoring agent on every server" }, { dst: update, what: "update check every 4 h" }, ...cdn.map((d) => ({ dst: d, what: "chatty CDN" }))],
    assets: [
      { hostname: "files-01", addresses: [noEgress[0]!], egressAllowed: false, holdsPersonalData: false },
      { hostname: "batch-02", addresses: [noEgress[1]!], egressAllowed: false, holdsPersonalData: false },
      { hostname: "db-01", addresses: ["10.1.9.9"], egressAllowed: false, holdsPersonalData: true },
    ],
    indicators: [C2.ioc, "evil.example"],
  };
}
