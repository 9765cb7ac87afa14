/**
 * Chooses the evidence BlobStore from configuration (the local folder unless `SOKUHO_STORAGE=s3`), always sealed
 * with per-file keys wrapped by a key derived from `encryptionKey` (encrypted.ts).
 */
import type { Config } from "../config/config.js";
import type { BlobStore } from "./blob-store.js";
import { createLocalBlobStore } from "./local.js";
import { createS3BlobStore } from "./s3.js";
import { createEncryptedBlobStore, evidenceWrapKey } from "./encrypted.js";

export type { BlobStore, PutResult } from "./blob-store.js";
export { BlobNotFoundError, BlobTooLargeError, HashingLimit, hashStream, newBlobKey } from "./blob-store.js";
export { BlobDamagedError } from "./encrypted.js";

export const createBlobStore = (config: Pick<Config, "storage" | "evidenceDir" | "s3Endpoint" | "s3Bucket" | "s3Region">, encryptionKey: Buffer): BlobStore =>
  createEncryptedBlobStore(createProvider(config), evidenceWrapKey(encryptionKey));

const createProvider = (config: Pick<Config, "storage" | "evidenceDir" | "s3Endpoint" | "s3Bucket" | "s3Region">): BlobStore => {
  if (config.storage === "local") return createLocalBlobStore(config.evidenceDir);
  if (!config.s3Bucket) throw new Error("SOKUHO_S3_BUCKET is required when SOKUHO_STORAGE=s3");
  return createS3BlobStore({ endpoint: config.s3Endpoint, bucket: config.s3Bucket, region: config.s3Region });
};
