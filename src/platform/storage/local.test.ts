/** The BlobStore contract, run against the local folder provider (the S3 provider shares it: see s3.test.ts). */
import { after, test } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blobStoreContract } from "./contract.js";
import { createLocalBlobStore } from "./local.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-blobs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

blobStoreContract(test, () => createLocalBlobStore(dir), { root: dir });
