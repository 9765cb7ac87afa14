/**
 * The BlobStore contract against a real S3-compatible server, when one is configured:
 *   SOKUHO_TEST_S3_ENDPOINT=http://127.0.0.1:9000 SOKUHO_TEST_S3_BUCKET=sokuho-test AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
 * No such server runs on the development machine or in CI yet, so by default this is skipped.
 */
import { test } from "node:test";
import { blobStoreContract } from "./contract.js";
import { createS3BlobStore } from "./s3.js";

const endpoint = process.env.SOKUHO_TEST_S3_ENDPOINT;
const bucket = process.env.SOKUHO_TEST_S3_BUCKET;

if (endpoint && bucket) {
  blobStoreContract(test, () => createS3BlobStore({ endpoint, bucket, region: process.env.SOKUHO_TEST_S3_REGION ?? "us-east-1" }));
} else {
  test("s3: contract against a real server", { skip: "set SOKUHO_TEST_S3_ENDPOINT and SOKUHO_TEST_S3_BUCKET to run" }, () => {});
}
