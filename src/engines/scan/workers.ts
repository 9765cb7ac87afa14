import type { Sniffed } from "./decode.js";
import type { ScanContext } from "./scan.js";
export async function scanCsvThreaded(_ctx: ScanContext, _path: string, _label: string, _sn: Sniffed, _prefix: string, _threads: number): Promise<void> {
  throw new Error("not yet");
}
