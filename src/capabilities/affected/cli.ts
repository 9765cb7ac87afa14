/**
 * `sokuho affected imports list INCIDENT_ID` and `sokuho affected imports delete IMPORT_ID --as EMAIL`: the
 * registry's imports from the terminal (the same service, policy and audit as the incident's tab).
 */
import type { Command } from "commander";
import { withPlatform } from "../../cli/platform.js";
import { AppError } from "../../platform/http/errors.js";
import { ImportError, resolveActor } from "./import.js";
import { createAffectedService } from "./service.js";
import { affectedStore } from "./store.js";

const print = (json: boolean, value: unknown, human: string): void => {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + "\n" : human + "\n");
};

/** The incident of an import (or of an incident id), for the actor's organisation. */
const incidentOf = async (p: Parameters<Parameters<typeof withPlatform>[0]>[0], id: { importId?: string; incidentId?: string }) => {
  const row = await affectedStore.incidentWithOrgKind(p.db.system, id.importId ? { importId: id.importId } : { incidentId: id.incidentId! });
  if (!row) throw new ImportError("incident_not_found", "取り込みまたはインシデントが見つかりません", "no such import or incident");
  return row;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fail = (e: unknown): void => {
  if (e instanceof ImportError) process.stderr.write(`error: ${e.ja} / ${e.message}\n`);
  else if (e instanceof AppError && e.code === "busy") process.stderr.write("error: この取り込みは実行中です。終わってから削除してください / this import is running; delete it when it has stopped\n");
  else if (e instanceof AppError) process.stderr.write(`error: ${e.code}\n`);
  else throw e;
  process.exitCode = 4;
};

export const registerAffectedCommand = (program: Command): void => {
  const imports = program.command("affected").description("the affected-person registry / 影響を受けた本人の台帳").command("imports").description("imports of an incident's registry");
  imports
    .command("list")
    .argument("<incident-id>", "the incident (its id is on the incident page)")
    .option("--as <email>", "the user to act as (an admin, CISO or responder of the incident's organisation)")
    .option("--json", "machine-readable output")
    .description("list the imports with their status and counts (no personal data)")
    .action(async (incidentId: string, o: { as?: string; json?: boolean }) => {
      if (!UUID.test(incidentId)) throw new Error("the incident id is a UUID / インシデントIDはUUIDです");
      await withPlatform(async (p) => {
        try {
          const inc = await incidentOf(p, { incidentId });
          const ctx = await resolveActor(p, inc.org_id, inc.kind, o.as);
          const s = await createAffectedService(p).summary(ctx, incidentId);
          const lines = s.imports.map((i) => `${i.id}  ${i.status.padEnd(7)}  ${String(i.peopleDone).padStart(10)} people  ${String(i.merged).padStart(8)} merged  ${i.files.map((f) => f.name).join(", ")}`);
          print(!!o.json, s, [`${s.people} unique people (${s.merged} merged across imports)`, ...lines].join("\n"));
        } catch (e) {
          fail(e);
        }
      });
    });
  imports
    .command("delete")
    .argument("<import-id>", "the import (see `sokuho affected imports list`)")
    .requiredOption("--as <email>", "the user the deletion is recorded for (an admin, CISO or responder of the incident's organisation)")
    .option("--json", "machine-readable output")
    .description("delete one import: its people and identifiers; people merged across imports keep their other provenance")
    .action(async (importId: string, o: { as: string; json?: boolean }) => {
      if (!UUID.test(importId)) throw new Error("the import id is a UUID / 取り込みIDはUUIDです");
      await withPlatform(async (p) => {
        try {
          const inc = await incidentOf(p, { importId });
          const ctx = await resolveActor(p, inc.org_id, inc.kind, o.as);
          const r = await createAffectedService(p).deleteImport(ctx, inc.id, importId);
          print(!!o.json, r, `取り込み ${importId} を削除しました（残り ${r.people} 人） / deleted import ${importId}; ${r.people} unique people remain`);
        } catch (e) {
          fail(e);
        }
      });
    });
};
