/** Public types of the egress detector. */
import type { BeaconConfig } from "./rita.js";

export type { Diagnostic, Message } from "../common/diagnostics.js";
import type { Diagnostic, Message } from "../common/diagnostics.js";

export const FINDING_KINDS = ["policy", "indicator", "exfiltration", "beacon", "long_connection"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export type Severity = "low" | "medium" | "high" | "critical";

export type DayBytes = { day: string; bytesOut: number; bytesIn: number; connections: number };

export type Finding = {
  kind: FindingKind;
  /** Internal host (address) that started the traffic. */
  src: string;
  /** Outside destination: an address, or a host name for proxy logs. */
  dst: string;
  /** Host name of the destination when a log named it (http Host, TLS SNI, DNS answer, proxy URL). */
  dstHost: string | null;
  port: number | null;
  proto: string | null;
  /** 0 … 1 (RITA's category scale, 0.8 high, plus modifiers); policy findings score 1. Findings are ranked by it. */
  score: number;
  severity: Severity;
  firstSeen: string;
  lastSeen: string;
  /** When the evidence first sufficed for this finding (the incident's `detected` clock). */
  firstEvidenceAt: string;
  bytesOut: number;
  bytesIn: number;
  connections: number;
  hosts: string[];
  destinations: string[];
  bytesPerDay: DayBytes[];
  reason: Message;
  /** Figures behind the score (sub-scores, thresholds crossed, ratios). */
  details: Record<string, number | string | boolean | null>;
};

/** Something that scored but was set aside: an allow-list entry or a known periodic service. Never silent. */
export type SetAside = { kind: FindingKind; src: string; dst: string; dstHost: string | null; score: number; why: "allowlist" | "known_service" | "fleet_service"; reason: Message };

export type Asset = { hostname: string | null; addresses: string[]; internetFacing: boolean | null; egressAllowed: boolean | null; holdsPersonalData: boolean | null };

export type Indicator = { value: string; type: "ip" | "cidr" | "domain"; label: string | null };

export type Allowlist = { destinations: string[]; pairs: { src: string; dst: string }[] };

export type InputFile = {
  name: string;
  /** Raw bytes (gzip or plain), in order. */
  stream: AsyncIterable<Uint8Array>;
  size?: number;
  /** The file on disk, when it is one: files on disk can be read by worker threads. */
  path?: string;
};

export type EgressOptions = {
  /** Networks inside the perimeter (default RITA's: RFC 1918 and fd00::/8); asset addresses are added. */
  internal?: string[];
  indicators?: Indicator[];
  allowlist?: Allowlist;
  assets?: Asset[];
  beacon?: Partial<BeaconConfig>;
  /** Findings below this score are not listed (default 0.4, RITA's "low"). */
  minScore?: number;
  /** Hosts (count and share of internal sources) above which a destination reached periodically is a fleet service. */
  fleet?: { minHosts: number; minShare: number };
  /** Worker threads, each keeping a share of the source hosts, when every file is on disk and they are large (default 1). */
  threads?: number;
  /** From this size of all files (a gzip file counts 8×) they are read by the worker threads (default 64 MiB). */
  parallelMinBytes?: number;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
};

export type FileSummary = { file: string; format: string; records: number; skipped: number };

export type EgressResult = {
  /** Connection, flow and proxy records read. */
  records: number;
  /** Of those, from inside to outside (analysed). */
  egressRecords: number;
  ignored: { internal: number; inbound: number; external: number; notRouted: number };
  skippedLines: number;
  window: { from: string; to: string } | null;
  pairs: number;
  findings: Finding[];
  setAside: { count: number; byWhy: Record<SetAside["why"], number>; top: SetAside[] };
  files: FileSummary[];
  diagnostics: Diagnostic[];
  timings: {
    seconds: number;
    readSeconds: number;
    detectSeconds: number;
    /** CPU time of this process (all its threads) by phase: on a shared machine, wall time alone misleads. */
    cpuSeconds: { read: number; detect: number };
    recordsPerSecond: number; peakRssMb: number; tableMb: number; threads: number };
};
