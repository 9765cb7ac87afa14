/**
 * The people of an import in batches, ready for the encoding threads: the scanner's person stream (pass 1, the
 * scan; pass 2, one record per person), the people an interrupted run already committed skipped, each batch as
 * one JSON string (it crosses threads as a copy of its bytes) with its count of people per leaked item.
 *
 * Runs in a thread of its own (people-worker.ts) so that the thread writing the COPY streams is free: with pass 2
 * on the same event loop, the COPY of a batch waited for each 64 KB chunk of the file to be parsed, and the
 * COPY transactions of a 1M-record import took 4.4× the bare COPY of the same rows (bench:import, here).
 */
import { streamPeople } from "../../engines/scan/people-stream.js";
import { piiMask, type ScanOptions, type ScanResult } from "../../engines/scan/types.js";
import type { PersonIn } from "./batch.js";
import { countItems } from "./domain.js";

export type SourceBatch = { json: string; count: number; counts: Record<string, number> };
export type SourceOptions = {
  files: string[];
  scan: Omit<ScanOptions, "onProgress">;
  resumedFrom: number;
  batchSize: number;
  fileNames: string[];
  onScan: (r: ScanResult) => void;
  onProgress?: (done: number, total: number) => void;
};

export async function* peopleBatches(o: SourceOptions): AsyncGenerator<SourceBatch> {
  const fileNo = new Map(o.fileNames.map((f, i) => [f, i]));
  let position = 0;
  let batch: PersonIn[] = [];
  let counts: Record<string, number> = {};
  for await (const person of streamPeople(o.files, { ...o.scan, ...(o.onProgress ? { onProgress: o.onProgress } : {}), onScan: o.onScan })) {
    if (position++ < o.resumedFrom) continue;
    const mask = piiMask(person.items);
    countItems(counts, mask);
    batch.push({ n: person.personId, t: person.keyTexts ?? [], c: person.contact, i: mask, r: person.records, f: fileNo.get(person.source.file) ?? 0, l: person.source.line });
    if (batch.length >= o.batchSize) {
      yield { json: JSON.stringify(batch), count: batch.length, counts };
      batch = [];
      counts = {};
    }
  }
  if (batch.length > 0) yield { json: JSON.stringify(batch), count: batch.length, counts };
}
