/**
 * /api/v1/orgs/:orgId/broadcasts: compose preview, send, list, one broadcast (the sender's board or the
 * recipient's own row), acknowledge, answer (text or a file), the answer file, close, the acknowledgement log
 * (CSV/JSON), the drill report (HTML), and the live board as Server-Sent Events. /api/v1/network/broadcast-links/
 * :token/acknowledge: the signed single-use link of a duty-desk message (no login).
 */
import multipart from "@fastify/multipart";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { AppError } from "../../platform/http/errors.js";
import { ZOrgParams } from "../../platform/http/params.js";
import { contentDisposition } from "../evidence/domain.js";
import { MAX_ANSWER, ZAnswerText, ZAudienceQuery, ZBroadcastInput } from "./broadcasts-domain.js";
import { createBroadcastService, type AnswerUpload } from "./broadcasts-service.js";
import { ZAudiencePreview, ZBroadcastList, ZBroadcastView, ZLinkAck } from "./broadcasts-contract.js";
import { broadcastHub, closeBroadcastHub } from "./broadcasts-live.js";
import { drillReportDocument, renderDrillReport } from "./broadcasts-report.js";
import { renderPdf } from "../../platform/documents/index.js";

const ZBroadcastParams = ZOrgParams.extend({ broadcastId: z.string().uuid() });

/** The live stream's timing: a comment line keeps proxies from closing it; a stream ends after a while so the
 *  browser reconnects (EventSource does, with Last-Event-ID) and the session is checked again. */
export const SSE_TIMING = { heartbeatMs: 15_000, maxStreamMs: 10 * 60_000 };

export const broadcastRoutes = async (api: Api, p: Platform): Promise<void> => {
  const svc = createBroadcastService(p);
  const tags = ["network"];
  const base = "/orgs/:orgId/broadcasts";
  const streams = new Set<FastifyReply["raw"]>();
  api.addHook("preClose", async () => {
    for (const s of streams) s.end();
  });
  api.addHook("onClose", async () => closeBroadcastHub(p));

  api.get(`${base}/audience`, {
    schema: {
      tags, summary: "Who an audience reaches now (the compose form's preview): supervised companies, members, the sector's associations, all, or a list",
      params: ZOrgParams, querystring: ZAudienceQuery, response: { 200: ZAudiencePreview },
    },
  }, async (req) => svc.preview(await requestContext(p, req, req.params.orgId), {
    audience: req.query.audience, orgIds: req.query.orgIds ? req.query.orgIds.split(",").filter(Boolean) : undefined,
  }));

  api.get(base, {
    schema: { tags, summary: "Broadcasts this organisation sent and received", params: ZOrgParams, response: { 200: ZBroadcastList } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId)));

  api.post(base, {
    schema: {
      tags, summary: "Send an alert or a request (要請) to related organisations; each duty desk gets a message with a single-use acknowledge link",
      params: ZOrgParams, body: ZBroadcastInput, response: { 201: ZBroadcastView },
    },
  }, async (req, reply) => reply.status(201).send(await svc.send(await requestContext(p, req, req.params.orgId), req.body)));

  api.get(`${base}/:broadcastId`, {
    schema: { tags, summary: "A broadcast: every recipient for the sender, its own row for a recipient", params: ZBroadcastParams, response: { 200: ZBroadcastView } },
  }, async (req) => svc.get(await requestContext(p, req, req.params.orgId), req.params.broadcastId));

  api.post(`${base}/:broadcastId/acknowledge`, {
    schema: { tags, summary: "Acknowledge for this organisation (the first acknowledgement counts; again is a no-op)", params: ZBroadcastParams, response: { 200: ZBroadcastView } },
  }, async (req) => svc.acknowledge(await requestContext(p, req, req.params.orgId), req.params.broadcastId));

  api.post(`${base}/:broadcastId/answer`, {
    schema: {
      tags, summary: "Answer a request with text (also acknowledges); a later answer replaces it", params: ZBroadcastParams,
      body: z.strictObject({ answer: ZAnswerText }), response: { 200: ZBroadcastView },
    },
  }, async (req) => svc.answer(await requestContext(p, req, req.params.orgId), req.params.broadcastId, { text: req.body.answer }));

  await api.register(async (scoped: Api) => {
    await scoped.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: Math.min(p.config.evidenceMaxBytes, 20 * 1024 * 1024), files: 1, fields: 2, parts: 3, fieldSize: MAX_ANSWER * 4, headerPairs: 50 },
    });
    scoped.post(`${base}/:broadcastId/answer-file`, {
      schema: {
        tags, summary: "Answer a request with a file (multipart/form-data: `file`, optional `answer` text); stored encrypted", consumes: ["multipart/form-data"],
        params: ZBroadcastParams, response: { 200: ZBroadcastView },
      },
    }, async (req) => {
      const ctx = await requestContext(p, req, req.params.orgId);
      if (!req.isMultipart()) throw new AppError("unsupported_media_type");
      const upload: AnswerUpload = {};
      let result: Awaited<ReturnType<typeof svc.answer>> | null = null;
      for await (const part of req.parts()) {
        if (part.type === "field") {
          // The answer was stored with the file: a text sent after it would be lost, so the order is part of the form.
          if (result) throw new AppError("validation", "body.answer", { detail: "send the text before the file / 本文はファイルより前に送ってください" });
          if (part.fieldname !== "answer") throw new AppError("validation", `body.${part.fieldname.slice(0, 40)}`, { detail: "unknown field / 不明な項目です" });
          const a = ZAnswerText.safeParse(part.value);
          if (!a.success || part.valueTruncated) throw new AppError("validation", "body.answer", { detail: `at most ${MAX_ANSWER} characters / ${MAX_ANSWER}文字以内` });
          upload.text = a.data;
          continue;
        }
        if (part.fieldname !== "file") throw new AppError("validation", "body.file", { detail: "unknown field / 不明な項目です" });
        // The file is the last part the form sends; the answer is stored while its stream is read.
        result = await svc.answer(ctx, req.params.broadcastId, { ...upload, file: { filename: part.filename, mimetype: part.mimetype, stream: part.file } });
      }
      if (!result) throw new AppError("validation", "body.file", { detail: "required / ファイルを選んでください" });
      return result;
    });
  });

  api.get(`${base}/:broadcastId/recipients/:recipientId/file`, {
    schema: { tags, summary: "Download a recipient's answer file (the sender, or that recipient)", params: ZBroadcastParams.extend({ recipientId: z.string().uuid() }) },
  }, async (req, reply) => {
    const d = await svc.answerFile(await requestContext(p, req, req.params.orgId), req.params.broadcastId, req.params.recipientId);
    return reply
      .header("content-type", "application/octet-stream")
      .header("content-disposition", contentDisposition(d.filename))
      .header("content-length", String(d.size))
      .header("cache-control", "no-store")
      .header("content-security-policy", "default-src 'none'; sandbox")
      .send(d.stream);
  });

  api.post(`${base}/:broadcastId/close`, {
    schema: { tags, summary: "Close a broadcast: no more reminders or answers", params: ZBroadcastParams, response: { 200: ZBroadcastView } },
  }, async (req) => svc.close(await requestContext(p, req, req.params.orgId), req.params.broadcastId));

  api.get(`${base}/:broadcastId/export`, {
    schema: {
      tags, summary: "The acknowledgement log: CSV (UTF-8 with BOM, CRLF: opens in Excel) or JSON", params: ZBroadcastParams,
      querystring: z.strictObject({ format: z.enum(["csv", "json"]).default("csv") }),
    },
  }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const out = await svc.exportLog(ctx, req.params.broadcastId, req.query.format);
    return reply
      .header("content-type", req.query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
      .header("content-disposition", contentDisposition(out.filename))
      .header("cache-control", "no-store")
      .send(out.body);
  });

  api.get(`${base}/:broadcastId/report`, {
    schema: {
      tags, summary: "The drill report (printable HTML, or an A4 PDF with ?format=pdf): time to first acknowledgement per organisation and per step, who never acknowledged, percentiles",
      params: ZBroadcastParams, querystring: z.strictObject({ lang: z.enum(["ja", "en"]).optional(), format: z.enum(["html", "pdf"]).default("html") }),
    },
  }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const v = await svc.reportData(ctx, req.params.broadcastId);
    const lang = req.query.lang ?? ctx.locale;
    if (req.query.format === "pdf") {
      const pdf = await renderPdf(drillReportDocument(v, lang, p.now()), { createdAt: p.now() });
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", contentDisposition(`drill-report-${v.broadcast.createdAt.slice(0, 10)}-${v.broadcast.id.slice(0, 8)}.pdf`))
        .header("cache-control", "no-store")
        .send(pdf);
    }
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderDrillReport(v, lang, p.now()));
  });

  api.get(`${base}/:broadcastId/events`, {
    schema: {
      tags, summary: "The live board as Server-Sent Events: `recipient` events (id = change sequence; send Last-Event-ID to resume), heartbeats",
      params: ZBroadcastParams, querystring: z.strictObject({ after: z.string().regex(/^\d{1,19}$/).optional() }),
    },
  }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const id = req.params.broadcastId;
    await svc.assertBoard(ctx, id);
    const header = req.headers["last-event-id"];
    let seq = typeof header === "string" && /^\d{1,19}$/.test(header) ? header : (req.query.after ?? "0");
    const hub = broadcastHub(p);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive",
      "x-accel-buffering": "no", "x-content-type-options": "nosniff", "x-request-id": req.id,
    });
    raw.write("retry: 2000\n\n");
    streams.add(raw);
    let running = false;
    let again = false;
    let open = true;
    const pump = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          for (const r of await svc.changes(ctx, id, seq)) {
            if (!open) return;
            raw.write(`id: ${r.seq}\nevent: recipient\ndata: ${JSON.stringify(r)}\n\n`);
            seq = r.seq;
          }
        } while (again && open);
      } catch (err) {
        // The actor lost access (or the database failed): end the stream; the browser reconnects and is checked again.
        req.log.warn({ err, broadcastId: id }, "broadcast stream ended");
        raw.end();
      } finally {
        running = false;
      }
    };
    const unsubscribe = await hub.subscribe(id, () => void pump());
    const heartbeat = setInterval(() => raw.write(": ping\n\n"), SSE_TIMING.heartbeatMs);
    const lifetime = setTimeout(() => raw.end(), SSE_TIMING.maxStreamMs);
    raw.on("close", () => {
      open = false;
      streams.delete(raw);
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      unsubscribe();
    });
    await pump();
  });

  api.post("/network/broadcast-links/:token/acknowledge", {
    schema: {
      tags, summary: "Acknowledge from the signed single-use link of a duty-desk message (no login; expires)",
      params: z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) }), response: { 200: ZLinkAck },
    },
  }, async (req) => svc.acknowledgeByLink(req.params.token, { requestId: req.id, ip: req.ip }));
};
