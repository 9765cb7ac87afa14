/**
 * The labelled trap corpus (bench/corpus/traps/): files made to trap column classifiers (no header row, look-alike
 * codes, corporate files, SQL dumps with test card numbers, people across spellings, encodings). The target is
 * at least 98 % of columns right and exact records and people in every file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { checkCorpus } from "./corpus.js";

const corpus = fileURLToPath(new URL("../../../bench/corpus/", import.meta.url));

test("trap corpus: ≥ 98 % of columns right, records and people exact in every file", async () => {
  const r = await checkCorpus(`${corpus}traps.tsv`, `${corpus}traps`, { referenceDate: 20160614 });
  assert.ok(r.files.length >= 40, `${r.files.length} files`);
  const wrong = r.files.flatMap((f) => f.columns.filter((c) => c.got !== c.expected).map((c) => `${f.file}:${c.table}:${c.index + 1} ${c.got} ≠ ${c.expected}`));
  assert.ok(r.right / r.total >= 0.98, wrong.join("\n"));
  assert.deepEqual(r.files.filter((f) => !f.countsExact).map((f) => `${f.file}: records ${f.records.join("/")}, people ${f.people.join("/")}`), []);
});
