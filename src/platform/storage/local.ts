/**
 * The default BlobStore: files in one folder (`<SOKUHO_DATA_DIR>/evidence`), never served over HTTP. Each blob is
 * written 0600 to a temporary name under `.tmp/`, synced, and renamed into place only when complete, so a reader
 * never sees half a file and a failed or oversized upload leaves nothing behind.
 */
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { assertBlobKey, BlobNotFoundError, HashingLimit, type BlobStore } from "./blob-store.js";

const syncDir = async (dir: string): Promise<void> => {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
};

export const createLocalBlobStore = (dir: string): BlobStore => {
  const tmpDir = join(dir, ".tmp");
  // Two hex characters of fan-out keep any one folder small.
  const pathOf = (key: string): string => {
    assertBlobKey(key);
    return join(dir, key.slice(0, 2), key);
  };

  return {
    kind: "local",

    put: async (key, body, { maxBytes }) => {
      const final = pathOf(key);
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
      const tmp = join(tmpDir, `${randomBytes(12).toString("hex")}.part`);
      const meter = new HashingLimit(maxBytes);
      try {
        // `flush`: fsync before close; pipeline resolves only once the file is closed.
        await pipeline(body, meter, createWriteStream(tmp, { flags: "wx", mode: 0o600, flush: true }));
        await rename(tmp, final);
      } catch (err) {
        await rm(tmp, { force: true });
        body.destroy();
        throw err;
      }
      await syncDir(join(dir, key.slice(0, 2)));
      return meter.result();
    },

    get: async (key) => {
      const path = pathOf(key);
      try {
        return (await open(path, "r")).createReadStream();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError();
        throw err;
      }
    },

    delete: async (key) => {
      await rm(pathOf(key), { force: true });
    },
  };
};
