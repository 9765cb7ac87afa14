/**
 * `sokuho scan` on its own: bin/sokuho.js starts here for `scan`, so a scan does not load the platform (Fastify,
 * the database, the job queue: ~1–2 s of module loading through tsx, measured on this machine). The registry
 * import (--import) loads it when asked.
 */
import type { ScanImporter } from "../engines/scan/cli.js";
import { runScan } from "./scan-run.js";

/** The registry import behind `scan --import`, loaded only then. */
export const scanImporter: ScanImporter = async (files, options, target) => {
  const [{ withPlatform }, { importRegistry, importReport }] = await Promise.all([import("./platform.js"), import("../capabilities/affected/import.js")]);
  return withPlatform(async (p) => {
    const r = await importRegistry(p, {
      incidentId: target.incidentId, files, scan: options,
      ...(target.as ? { actorEmail: target.as } : {}),
      ...(target.onProgress ? { onProgress: target.onProgress } : {}),
    });
    return { scan: r.scan, report: importReport(r), json: { ...r, scan: undefined } };
  });
};

/** The command line (bin/sokuho.js); from source it usually runs bundled instead (src/cli/scan-bundle-entry.ts). */
export const runScanCli = (argv: string[]): Promise<void> => runScan(argv, scanImporter);
