/** The `sokuho scan` command line, given the registry importer behind `--import` (src/cli/scan.ts). */
import { Command } from "commander";
import { registerScanCommand, type ScanImporter } from "../engines/scan/cli.js";

export const runScan = async (argv: string[], importer: ScanImporter): Promise<void> => {
  const program = new Command("sokuho").showHelpAfterError();
  registerScanCommand(program, { importer });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
  // the embedded PostgreSQL of an import installs exit hooks that would end with code 0: exit explicitly
  process.exit(process.exitCode ?? 0);
};
