/**
 * An S3-compatible BlobStore (AWS S3, MinIO, Ceph RGW, R2...): objects under `evidence/<key>` in one bucket,
 * uploaded as a stream (multipart above 8 MiB, so only one part is held in memory at a time) through the same
 * hashing and size limit as the local store. Credentials come from the standard AWS environment variables and
 * profiles (the SDK's default chain); path-style addressing is used whenever an endpoint is given.
 */
import {
  DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client, S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertBlobKey, BlobNotFoundError, HashingLimit, type BlobStore, type StoredBlob } from "./blob-store.js";

export type S3Options = { endpoint: string | undefined; bucket: string; region: string; client?: S3Client };

const PART_SIZE = 8 * 1024 * 1024;

export const createS3BlobStore = (opts: S3Options): BlobStore => {
  const client = opts.client ?? new S3Client({ region: opts.region, ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}) });
  const Bucket = opts.bucket;
  const objectKey = (key: string): string => {
    assertBlobKey(key);
    return `evidence/${key}`;
  };
  const remove = async (key: string): Promise<void> => {
    await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
  };

  return {
    kind: "s3",

    put: async (key, body, { maxBytes }) => {
      const meter = new HashingLimit(maxBytes);
      const upload = new Upload({
        client,
        params: { Bucket, Key: objectKey(key), Body: meter, ContentType: "application/octet-stream" },
        partSize: PART_SIZE,
        queueSize: 1,
        leavePartsOnError: false,
      });
      const feeding = pipeline(body, meter);
      try {
        await Promise.all([feeding, upload.done()]);
      } catch (err) {
        await upload.abort().catch(() => {});
        // A single-part upload may have completed before the limit was hit in the same chunk.
        await remove(key).catch(() => {});
        meter.destroy();
        body.destroy();
        throw err;
      }
      return meter.result();
    },

    get: async (key) => {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
        if (!(res.Body instanceof Readable)) throw new Error("S3 returned no stream");
        return res.Body;
      } catch (err) {
        if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) throw new BlobNotFoundError();
        throw err;
      }
    },

    delete: remove,

    list: async function* () {
      let ContinuationToken: string | undefined;
      do {
        const res = await client.send(new ListObjectsV2Command({ Bucket, Prefix: "evidence/", ContinuationToken }));
        const page: StoredBlob[] = (res.Contents ?? []).flatMap((o) => {
          const key = o.Key?.slice("evidence/".length) ?? "";
          return /^[0-9a-f]{32}$/.test(key) ? [{ key, modifiedAt: o.LastModified ?? new Date(0) }] : [];
        });
        if (page.length > 0) yield page;
        ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },

    // A failed upload is aborted at once (leavePartsOnError: false); parts of a process that died mid-upload are
    // the bucket's lifecycle rule's job (AbortIncompleteMultipartUpload), documented in the README.
    sweepTemp: () => Promise.resolve(0),
  };
};
