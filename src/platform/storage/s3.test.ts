/**
 * The BlobStore contract against a real S3-compatible server: s3rver (a dev dependency) started on a free loopback
 * port with a folder of its own, or the server named by
 *   SOKUHO_TEST_S3_ENDPOINT=http://127.0.0.1:9000 SOKUHO_TEST_S3_BUCKET=sokuho-test AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
 */
import { after, test } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { blobStoreContract } from "./contract.js";
import { createS3BlobStore } from "./s3.js";

const given = process.env.SOKUHO_TEST_S3_ENDPOINT && process.env.SOKUHO_TEST_S3_BUCKET
  ? { endpoint: process.env.SOKUHO_TEST_S3_ENDPOINT, bucket: process.env.SOKUHO_TEST_S3_BUCKET }
  : null;

const startS3rver = async () => {
  const dir = mkdtempSync(join(tmpdir(), "sokuho-s3rver-"));
  const bucket = "sokuho-test";
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // s3rver's fixed development credentials; checksums only where S3 requires them (s3rver predates the SDK's
  // default trailing checksums).
  const client = new S3Client({
    region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED",
  });
  return { endpoint: `http://127.0.0.1:${port}`, bucket, client };
};

const server = given ?? (await startS3rver());
blobStoreContract(test, () => createS3BlobStore({ ...server, region: process.env.SOKUHO_TEST_S3_REGION ?? "us-east-1" }));
