/** The project's version for `sokuho --version`: the nearest package.json named sokuho above this module (source or dist/). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function projectVersion(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (let up = 0; up < 6; up++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "sokuho" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no package.json here (or bin/'s own, named @sokuho/bin): one folder up
    }
    dir = dirname(dir);
  }
  return "unknown";
}
