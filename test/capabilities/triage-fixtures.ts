/** Inputs for the triage tests (database and browser): a small Zeek conn.log with planted cases, and multipart bodies. */
import { zeekHeader } from "../../src/engines/egress/index.js";

export const NO_EGRESS_HOST = "10.1.0.5";
export const NO_EGRESS_C2 = "198.51.100.99";
export const BEACON_HOST = "10.0.10.18";
export const BEACON_C2 = "198.51.100.23";
/** The first connection of the "no egress" server: the moment its policy finding first had enough evidence. */
export const NO_EGRESS_FIRST = Date.UTC(2016, 2, 19, 17, 0, 0) / 1000;

/**
 * Two days of Zeek conn.log (TSV exactly as Zeek writes it): a "no egress" server beaconing every 10 minutes, a PC
 * beaconing every minute with jitter, and ordinary browsing from a few PCs. Deterministic.
 */
export const connLog = (): string => {
  let seed = 20160319;
  const r = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rows: Array<[number, string, string, number, number, number]> = [];
  for (let t = NO_EGRESS_FIRST; t < NO_EGRESS_FIRST + 2 * 86400; t += 600) rows.push([t, NO_EGRESS_HOST, NO_EGRESS_C2, 443, 900 + Math.floor(r() * 50), 4000]);
  for (let t = NO_EGRESS_FIRST + 3600; t < NO_EGRESS_FIRST + 2 * 86400; t += 60) rows.push([t + Math.floor(r() * 6), BEACON_HOST, BEACON_C2, 443, 600 + Math.floor(r() * 40), 1200]);
  for (let i = 0; i < 600; i++) {
    const t = NO_EGRESS_FIRST + Math.floor(r() * 2 * 86400);
    rows.push([t, `10.0.10.${30 + Math.floor(r() * 5)}`, `${40 + Math.floor(r() * 150)}.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.${1 + Math.floor(r() * 250)}`, 443, 500 + Math.floor(r() * 3000), 20_000 + Math.floor(r() * 500_000)]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  const lines = rows.map(([ts, src, dst, port, ob, rb], i) =>
    [ts.toFixed(6), `C${i.toString(36)}`, src, 50000 + (i % 10000), dst, port, "tcp", "ssl", "1.2", ob, rb, "SF", "T", "F", 0, "ShADadFf", 10, ob + 400, 10, rb + 400, "-"].join("\t"));
  return `${zeekHeader("2016-03-20-00-00-00")}${lines.join("\n")}\n#close\t2016-03-22-00-00-00\n`;
};

/** A multipart/form-data body with one file (and optional text fields before it). */
export const multipart = (file: { name: string; bytes: Buffer; type?: string }, fields: Record<string, string> = {}) => {
  const boundary = `sokuho-${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type ?? "application/octet-stream"}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) };
};
