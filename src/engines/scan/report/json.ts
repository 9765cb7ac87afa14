/** Machine output: the ScanResult as JSON (it holds masked samples only, never raw values). */
import type { ScanResult } from "../types.js";

export function toJson(r: ScanResult): string {
  return JSON.stringify({ schema: "sokuho.scan/v1", ...r }, null, 2);
}
