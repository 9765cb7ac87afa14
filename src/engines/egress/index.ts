/** Public API of the egress detector (no platform dependency). */
export { analyseEgress, fileInputs } from "./analyse.js";
export { analyseEgressInWorker } from "./offthread.js";
export type * from "./types.js";
export { FINDING_KINDS } from "./types.js";
export { scoreBeacon, bucketedScore, RITA_DEFAULTS, CATEGORY, type BeaconConfig, type BeaconResult } from "./rita.js";
export { parseAllowlist, parseAssets, parseIndicators, KNOWN_SERVICES } from "./lists.js";
export { toJson, toTerminal, toHtml } from "./report/report.js";
export { formatDiagnostic } from "./diagnostics.js";
export { generateConnLog, zeekHeader, type GroundTruth, type Planted } from "./generate.js";
export { registerEgressCommand, EXIT } from "./cli.js";
