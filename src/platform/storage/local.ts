/**
 * The default BlobStore: files in one folder (`<SOKUHO_DATA_DIR>/evidence`), never served over HTTP. Each blob is
 * written 0600 to a temporary name under `.tmp/`, synced, and renamed into place only when complete, so a reader
 * never sees half a file and a failed or oversized upload leaves nothing behind.
 */
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { assertBlobKey, BlobNotFoundError, HashingLimit, type BlobStore, type StoredBlob } from "./blob-store.js";

/** The names in a folder, or none when it does not exist (nothing stored yet). */
const namesIn = async (dir: string): Promise<string[]> => {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
};

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
      // The file is created before the stream starts: a stream that opens it itself may do so only after a failing
      // source has already made us remove the (not yet existing) name, leaving a stray `.part` behind.
      const fh = await open(tmp, "wx", 0o600);
      try {
        // `flush`: fsync before close; pipeline resolves only once the file is closed.
        await pipeline(body, meter, fh.createWriteStream({ flush: true }));
        await rename(tmp, final);
      } catch (err) {
        await fh.close().catch(() => undefined);
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

    list: async function* () {
      for (const fan of (await namesIn(dir)).filter((n) => /^[0-9a-f]{2}$/.test(n)).sort()) {
        const page: StoredBlob[] = [];
        for (const name of await namesIn(join(dir, fan))) {
          if (!/^[0-9a-f]{32}$/.test(name) || !name.startsWith(fan)) continue;
          const st = await stat(join(dir, fan, name)).catch(() => null);
          if (st?.isFile()) page.push({ key: name, modifiedAt: st.mtime });
        }
        if (page.length > 0) yield page;
      }
    },

    sweepTemp: async (olderThan) => {
      let removed = 0;
      for (const name of await namesIn(tmpDir)) {
        if (!name.endsWith(".part")) continue;
        const path = join(tmpDir, name);
        const st = await stat(path).catch(() => null);
        if (!st || st.mtime >= olderThan) continue;
        await rm(path, { force: true });
        removed++;
      }
      return removed;
    },
  };
};
