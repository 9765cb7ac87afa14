/**
 * `sokuho scan` from a source checkout, as bin/scan-bundle.js bundles it: the scan command without tsx's module
 * hooks (which cost ~0.5–1 s of start-up here, most of it waiting for the loader thread). The registry import
 * (`--import`) still loads the platform from source through tsx, and only then.
 */
import type { ScanImporter } from "../engines/scan/cli.js";
import { runScan } from "./scan-run.js";

/** `scanModule`: the URL of src/cli/scan.ts, whose scanImporter runs the import. */
export const runBundledScanCli = (argv: string[], scanModule: string): Promise<void> => {
  const importer: ScanImporter = async (files, options, target) => {
    const { register } = (await import("tsx/esm/api")) as { register: () => void };
    register();
    const m = (await import(scanModule)) as { scanImporter: ScanImporter };
    return m.scanImporter(files, options, target);
  };
  return runScan(argv, importer);
};
