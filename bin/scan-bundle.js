// `sokuho scan` from a source checkout runs from an esbuild bundle of src/cli/scan-bundle-entry.ts, with a bundle
// of the scanner's worker beside it (workers.ts starts its compiled sibling `worker.js`), both kept in
// node_modules/.cache/sokuho-scan/. Why: through tsx's module hooks the command spent ~0.5–1 s of its start-up
// waiting for the loader thread, and rebuilt the worker bundle on every run. The bundles are rebuilt whenever an
// input file (from esbuild's metafile) changed size or mtime, so a stale build never runs. Returns the entry's
// path, or null (no esbuild, a write error, a file changed during the build): the caller then uses tsx.
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const same = (root, [path, size, mtime]) => {
  try {
    const s = statSync(join(root, path));
    return s.size === size && s.mtimeMs === mtime;
  } catch {
    return false;
  }
};

/** The bundled CommonJS packages (commander) `require` node's own modules: an ES module has no `require` of its own. */
const REQUIRE = 'import { createRequire as sokuhoCreateRequire } from "node:module"; const require = sokuhoCreateRequire(import.meta.url);';

export function scanBundle(root) {
  try {
    const dir = join(root, "node_modules", ".cache", "sokuho-scan");
    const entry = join(dir, "scan.mjs");
    const inputsFile = join(dir, "inputs.json");
    if (existsSync(inputsFile) && existsSync(entry) && existsSync(join(dir, "worker.js"))) {
      const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
      if (inputs.every((i) => same(root, i))) return entry;
    }
    const esbuild = createRequire(join(root, "package.json"))("esbuild");
    const started = Date.now();
    const common = { bundle: true, platform: "node", target: "node20", write: false, logLevel: "silent", metafile: true, absWorkingDir: root };
    // zod and commander bundled in (through the ESM loader they took ~100 ms of every start); the libraries of the
    // rarer formats load at first use (src/engines/scan/libraries.ts) and tsx only for --import
    const cli = esbuild.buildSync({ ...common, entryPoints: ["src/cli/scan-bundle-entry.ts"], format: "esm", external: ["tsx", "tsx/*"], banner: { js: REQUIRE } });
    const worker = esbuild.buildSync({ ...common, entryPoints: ["src/engines/scan/worker.ts"], format: "cjs" });
    // also rebuilt when the bundled packages change (the lock file) or how they are bundled (this file)
    const paths = [...[...new Set([...Object.keys(cli.metafile.inputs), ...Object.keys(worker.metafile.inputs)])].filter((p) => !p.includes("node_modules")), ...["package-lock.json", "bin/scan-bundle.js"].filter((p) => existsSync(join(root, p)))];
    const inputs = paths.map((p) => {
      const s = statSync(join(root, p));
      return [p, s.size, s.mtimeMs];
    });
    // a file saved while esbuild read it: its bundle may be older than its mtime says
    if (inputs.some(([, , mtime]) => mtime >= started - 2000)) return null;
    mkdirSync(dir, { recursive: true });
    const put = (name, text) => {
      const tmp = join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(tmp, text);
      renameSync(tmp, join(dir, name));
    };
    put("package.json", '{ "type": "commonjs" }\n');
    put("scan.mjs", cli.outputFiles[0].text);
    put("worker.js", worker.outputFiles[0].text);
    put("inputs.json", JSON.stringify(inputs));
    return entry;
  } catch {
    return null;
  }
}
