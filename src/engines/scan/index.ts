/** Public API of the PII impact scanner (no platform dependency). */
export { scan, DEFAULT_SAMPLE_ROWS } from "./scan.js";
export type * from "./types.js";
export { PII_TYPES, DEFAULT_MATCH_KEYS, DEFAULT_PASSPORT_RULE } from "./types.js";
export { classifyColumn, classifyTable, isNull } from "./classify.js";
export * as recognizers from "./recognizers/values.js";
export { parseDate, parseBirthDate, addYears, formatYmd, ERAS } from "./era.js";
export { luhnValid, myNumberValid, corporateNumberValid, cardBrand, licenceCheckDigitMatches } from "./validators/checkdigits.js";
export { maskValue } from "./mask.js";
export { countPassports } from "./passports.js";
export { PeopleCounter } from "./people.js";
export { streamPeople, type PersonRecord, type PersonContact, type PeopleStreamOptions } from "./people-stream.js";
export { keyedHasher, keyedHasherBytes, type KeyedHash, type KeyedHashBytes } from "./keyed-hash.js";
export { toJson } from "./report/json.js";
export { toTerminal } from "./report/terminal.js";
export { toHtml } from "./report/html.js";
export { generateFile, generateRows, JTB, type GenerateOptions, type GroundTruth } from "./generate.js";
export { registerScanCommand, EXIT } from "./cli.js";
