/**
 * The HTTP server: Fastify with zod schemas for every input (the same schemas make the OpenAPI 3.1 document at
 * /api/docs/json and its reference page at /api/docs), JSON errors, health probes, and the built web UI.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import fastifyStatic from "@fastify/static";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import sjson from "secure-json-parse";
import type { Platform } from "../context.js";
import { AppError, errorHandler, notFoundHandler } from "./errors.js";
import { registerAuthHook } from "./auth-hook.js";
import { findBadText } from "./text.js";
import { projectRoot } from "../paths.js";

export type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type RouteModule = (api: Api, p: Platform) => void | Promise<void>;

export const WEB_DIST = join(projectRoot, "dist", "web");

export const buildServer = async (p: Platform, routes: RouteModule[], opts: { serveWeb?: boolean } = {}): Promise<Api> => {
  const app = Fastify({
    loggerInstance: p.log as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: p.config.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    // One log line per request (below), not Fastify's two: under load each line is a serialisation and a write.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(p.config.bodyLimitBytes));
  app.setNotFoundHandler(notFoundHandler);
  app.addHook("onResponse", async (req, reply) => {
    req.log.info({ method: req.method, url: req.url.replace(/(\/network\/actions\/)[^/?#]+/, "$1[token]"), statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime * 10) / 10 }, "request");
  });
  app.addHook("onSend", async (req, reply) => {
    // A write this process answered may have changed what a kept read shows: drop them all before the client
    // can ask again (the database's notice of the commit may arrive a moment later).
    if (req.method !== "GET" && req.method !== "HEAD") p.changes.bump();
    reply.header("x-request-id", req.id);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
  });

  // JSON bodies: prototype-poisoning safe; an empty body is "no body" (e.g. POST /auth/logout), and routes that
  // need one then fail validation with a field path instead of a parse error.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = sjson.parse(text, null, { protoAction: "error", constructorAction: "error" });
    } catch {
      return done(new AppError("malformed_json", "body"), undefined);
    }
    const bad = findBadText(parsed, "body");
    if (bad) return done(new AppError(bad.problem === "nul" ? "text_nul" : "text_surrogate", bad.field), undefined);
    done(null, parsed);
  });
  // Query strings and path parameters get the same check before their schemas run.
  app.addHook("preValidation", async (req) => {
    const bad = findBadText(req.query, "query") ?? findBadText(req.params, "params");
    if (bad) throw new AppError(bad.problem === "nul" ? "text_nul" : "text_surrogate", bad.field);
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "sokuho API", version: "1", description: "速報: incident response and breach reporting. JSON under /api/v1." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "sokuho_session" },
          bearer: { type: "http", scheme: "bearer", description: "API token (skh_...)" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  registerAuthHook(app, p);
  // Only a serving process keeps reads (the CLI never starts the feed, so it never keeps one).
  app.addHook("onReady", async () => p.changes.start());
  app.addHook("onClose", async () => p.changes.stop());

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(p.db.system);
      return { status: "ready" };
    } catch {
      return reply.status(503).send({ status: "not ready" });
    }
  });

  await app.register(
    async (api) => {
      for (const mod of routes) await mod(api as Api, p);
    },
    { prefix: "/api/v1" },
  );

  if (opts.serveWeb !== false && existsSync(join(WEB_DIST, "index.html"))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ["index.html"] });
    // The single-page app owns every other GET path.
    app.get("/*", { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith("/api/")) return notFoundHandler(req, reply);
      return reply.sendFile("index.html");
    });
  }
  return app;
};
