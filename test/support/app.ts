/** A real server on a real socket with the demo world seeded, serving the built UI: for browser tests. */
import { testPlatform } from "./platform.js";
import { buildServer } from "../../src/platform/http/server.js";
import { ROUTES } from "../../src/capabilities/index.js";
import { seedDemo } from "../../src/platform/demo/seed.js";
import type { Platform } from "../../src/platform/context.js";

/** `now`: the server's clock (browser tests fix it, with the browser's, so relative times do not race the wall clock). */
export const startTestApp = async (opts: { now?: () => Date } = {}): Promise<{ baseUrl: string; p: Platform; close: () => Promise<void> }> => {
  const tp = await testPlatform(opts.now ? { now: opts.now } : {});
  await seedDemo(tp.p);
  const app = await buildServer(tp.p, ROUTES, { serveWeb: true });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    /** the platform behind the server, for what a browser cannot do (a CLI import) */
    p: tp.p,
    close: async () => {
      await app.close();
      await tp.close();
    },
  };
};
