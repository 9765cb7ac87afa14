/**
 * `sokuho scan` on its own: bin/sokuho.js starts here for `scan`, so a scan does not load the platform (Fastify,
 * the database, the job queue: ~1–2 s of module loading through tsx, measured on this machine). The registry
 * import (--import) loads it when asked.
 */
import { Command } from "commander";
import { registerScanCommand, type ScanImporter } from "../engines/scan/cli.js";

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

export const runScanCli = async (argv: string[]): Promise<void> => {
  const program = new Command("sokuho").showHelpAfterError();
  registerScanCommand(program, { importer: scanImporter });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
  // the embedded PostgreSQL of an import installs exit hooks that would end with code 0: exit explicitly
  process.exit(process.exitCode ?? 0);
};
