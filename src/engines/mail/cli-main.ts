/** Stand-alone entry for testing: node --import tsx src/engines/mail/cli-main.ts mail analyse FILE.eml */
import { Command } from "commander";
import { registerMailCommand } from "./cli.js";

const program = new Command("sokuho");
program.exitOverride((err) => {
  process.exit(err.exitCode === 1 ? 2 : err.exitCode); // commander's usage errors → our exit code 2
});
registerMailCommand(program);
await program.parseAsync(process.argv);
