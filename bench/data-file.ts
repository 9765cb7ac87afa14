/** The generated JTB-like bench file of N records (bench/data/jtb.csv for the JTB size), made once, with its ground truth. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { generateFile, JTB, type GenerateOptions, type GroundTruth } from "../src/engines/scan/generate.js";

/**
 * The JTB proportions (people, passports, valid passports) scaled to N records, with the bench's rare cases and
 * dirt at real-world rates: 2 % of values per kind written another way (generate.ts `dirt`), and a few hundred
 * addresses spanning lines inside quotes.
 */
export const jtbOptions = (records: number): GenerateOptions => {
  const scale = records / JTB.records;
  return {
    records,
    people: Math.round(JTB.people * scale),
    passports: Math.round(JTB.passports * scale),
    validPassports: Math.round(JTB.validPassports * scale),
    referenceDate: JTB.referenceDate,
    keylessEvery: 5000,
    newlineEvery: 20_011,
    dirt: 0.02,
  };
};

export async function benchFile(records: number): Promise<{ path: string; truth: GroundTruth }> {
  const path = records === JTB.records ? "bench/data/jtb-dirty.csv" : `bench/data/jtb-dirty-${records}.csv`;
  if (existsSync(path) && existsSync(`${path}.truth.json`)) return { path, truth: JSON.parse(readFileSync(`${path}.truth.json`, "utf8")) as GroundTruth };
  console.log(`generating ${path} …`);
  mkdirSync("bench/data", { recursive: true });
  const truth = await generateFile(path, jtbOptions(records));
  writeFileSync(`${path}.truth.json`, JSON.stringify(truth, null, 2));
  return { path, truth };
}
