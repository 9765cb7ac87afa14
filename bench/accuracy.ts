/**
 * npm run bench:accuracy — precision and recall of the value recognizers (per type) and of column
 * classification, on a labelled corpus: generated values (positives of every JTB type, and every other type's
 * values as negatives) plus the hand-written tricky cases in bench/corpus/; then the trap corpus
 * (bench/corpus/traps/, labelled in traps.tsv): whole files scanned, columns right / total, per-type precision and
 * recall, and whether records and people are exact. TRAP_DIR=… checks another copy (make-traps.ts with TRAP_SEED).
 */
import { classifyColumn } from "../src/engines/scan/classify.js";
import { addConfusion, checkCorpus, precision, readTsv, recall, type Confusion } from "../src/engines/scan/corpus.js";
import { generateRows, HEADER } from "../src/engines/scan/generate.js";
import { SPEC_BY_TYPE, type Check } from "../src/engines/scan/recognizers/registry.js";
import { PII_TYPES, type PiiType } from "../src/engines/scan/types.js";

type Counts = Confusion;
const per = new Map<string, Counts>();
const add = (t: string, predicted: boolean, actual: boolean): void => {
  const c = per.get(t) ?? { tp: 0, fp: 0, fn: 0 };
  if (predicted && actual) c.tp++;
  else if (predicted) c.fp++;
  else if (actual) c.fn++;
  per.set(t, c);
};
const tsv = readTsv;
/**
 * Each type's check of a value on its own (what values alone classify by). Under a header naming the type, passport
 * numbers and addresses are read wider (foreign guests' forms: registry `headerCheck`); the trap corpus measures that.
 */
const CHECKS = Object.fromEntries(PII_TYPES.map((t) => [t, SPEC_BY_TYPE.get(t)!.check])) as Record<PiiType, Check>;

// 1. values: generated JTB-like fields; each value is a positive for its column's type and a negative for the others
const TYPES: (PiiType | null)[] = ["name_kanji", "name_kana", "name_romaji", "sex", "birth_date", "email", "postal_code", "address", "phone", "passport_number", "passport_issue_date", null];
generateRows({ records: 3000, people: 2600, passports: 200, validPassports: 90, referenceDate: 20160614, keylessEvery: 500 }, (f) => {
  f.forEach((v, i) => {
    const t = TYPES[i];
    if (!t || v === "") return;
    for (const other of ["email", "phone", "postal_code", "passport_number", "birth_date", "my_number", "card_number", "ip_address", "address"] as PiiType[]) {
      if (other === t || (other === "birth_date" && t === "passport_issue_date") || (other === "birth_date" && t === "birth_date")) continue;
      add(other, CHECKS[other](v) !== null, false);
    }
    add(t === "passport_issue_date" ? "birth_date" : t, CHECKS[t](v) !== null, true);
  });
});
// 2. hand-written values
for (const [type, value, expected] of tsv("bench/corpus/values.tsv")) add(type as string, CHECKS[type as PiiType](value as string) !== null, expected === "1");

const show = (title: string, m: Map<string, Counts>): number => {
  console.log(`\n${title}\n${"type".padEnd(22)} precision  recall   n`);
  let worst = 1;
  for (const [t, c] of [...m].sort()) {
    const p = precision(c);
    const r = recall(c);
    worst = Math.min(worst, p, r);
    console.log(`${t.padEnd(22)} ${p.toFixed(3).padStart(9)} ${r.toFixed(3).padStart(7)} ${String(c.tp + c.fp + c.fn).padStart(6)}`);
  }
  return worst;
};
const worstValues = show("value recognizers", new Map([...per].filter(([t]) => (PII_TYPES as readonly string[]).includes(t))));

// 3. columns: the generated file's columns (sampled) and the hand-written column cases
const cols = new Map<string, Counts>();
const addCol = (expected: string, got: string): void => addConfusion(cols, expected, got);
const rows: string[][] = [];
generateRows({ records: 1200, people: 1000, passports: 100, validPassports: 40, referenceDate: 20160614 }, (f) => rows.push(f));
const EXPECTED = [...TYPES.slice(0, 11), "source"] as string[];
HEADER.forEach((h, i) => addCol(EXPECTED[i] as string, classifyColumn(h, rows.map((r) => r[i] as string), "t", i).type));
for (const [header, values, expected] of tsv("bench/corpus/columns.tsv")) {
  const got = classifyColumn(header as string, (values as string).split("|"), "t", 0).type;
  if (got !== expected) console.log(`  column miss: ${header} → ${got} (expected ${expected})`);
  addCol(expected as string, got);
}
const worstCols = show("column classification (generated + hand-written cases)", cols);

// 4. the trap corpus: whole files scanned as a user would, every column and the counts compared with the labels
const trapDir = process.env.TRAP_DIR ?? "bench/corpus/traps";
const corpus = await checkCorpus(process.env.TRAP_DIR ? `${trapDir}/traps.tsv` : "bench/corpus/traps.tsv", trapDir, { referenceDate: 20160614 });
for (const f of corpus.files) {
  for (const c of f.columns)
    if (c.got !== c.expected) console.log(`  ${f.file}${c.table ? `:${c.table}` : ""} column ${c.index + 1} "${c.name}" → ${c.got} (expected ${c.expected}; ${c.evidence.join("; ")})`);
  if (!f.countsExact) console.log(`  ${f.file}: records ${f.records[1]} (expected ${f.records[0]}), people ${f.people[1]} (expected ${f.people[0]})`);
}
const trapCols = corpus.byType;
const { right, total, countsExact } = corpus;
const traps = corpus.files;
const worstTraps = show("trap corpus: columns by type", trapCols);
console.log(`\ntrap corpus: ${traps.length} files, columns right ${right} / ${total} (${((100 * right) / total).toFixed(1)} %), records and people exact in ${countsExact} / ${traps.length} files`);
console.log(`\nlowest precision or recall: values ${worstValues.toFixed(3)}, columns ${worstCols.toFixed(3)}, trap columns ${worstTraps.toFixed(3)} (target ≥ 0.98)`);
