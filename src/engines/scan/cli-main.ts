/** Stand-alone entry for testing: node --import tsx src/engines/scan/cli-main.ts scan FILE */
import { Command } from "commander";
import { registerScanCommand } from "./cli.js";

const program = new Command("sokuho");
program.exitOverride((err) => {
  process.exit(err.exitCode === 1 ? 2 : err.exitCode); // commander's usage errors → our exit code 2
});
registerScanCommand(program);
await program.parseAsync(process.argv);
