/**
 * Errors as JSON with a stable code, the failing field path and a message in the request's language:
 *   { "error": { "code": "validation", "field": "body.title", "message": "件名を入力してください。",
 *                "fields": [{ "field": "body.title", "message": "件名を入力してください。" }, …], "requestId": "..." } }
 * `fields` lists every field's problem at once, each a sentence naming the field by its label (validation.ts);
 * `field` is the first of them. Nothing personal goes into a message: labels and limits, never the submitted values.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { localeFromHeader, translator } from "../i18n/i18n.js";
import { describeValidation, fieldLabel, type FieldError, type ValidationEntry } from "./validation.js";

export type ErrorCode =
  | "validation" | "malformed_json" | "body_too_large" | "unsupported_media_type" | "not_found" | "unauthenticated"
  | "forbidden" | "csrf" | "invalid_credentials" | "account_locked" | "rate_limited" | "reset_token_invalid"
  | "evidence_missing" | "token_expiry" | "text_nul" | "text_surrogate" | "reference_invalid" | "value_invalid" | "busy" | "invitation_invalid"
  | "weak_password" | "conflict" | "role_not_allowed" | "last_admin" | "grant_target_not_vendor" | "not_ready"
  | "indicator_invalid" | "indicator_type_unknown" | "asset_vendor_invalid" | "asset_in_use" | "csv_invalid" | "csv_encoding"
  | "internal" | "clock_format" | "clock_before_occurred" | "clock_after_closed" | "clock_order" | "clock_in_future"
  | "lead_not_member"
  | "decision_executed_before_decided"
  | "broadcast_outside_reach" | "broadcast_no_recipients" | "broadcast_link_invalid" | "broadcast_closed" | "broadcast_not_request"
  | "action_link_invalid" | "action_link_used" | "action_link_expired"
  | "document_stale" | "document_not_signed_off" | "share_exists" | "report_exists";

const STATUS: Record<ErrorCode, number> = {
  validation: 400, malformed_json: 400, body_too_large: 413, unsupported_media_type: 415, not_found: 404,
  unauthenticated: 401, forbidden: 403, csrf: 403, invalid_credentials: 401, account_locked: 423, rate_limited: 429,
  reset_token_invalid: 400, weak_password: 400, conflict: 409, role_not_allowed: 400, last_admin: 409,
  grant_target_not_vendor: 400, not_ready: 503, internal: 500,
  evidence_missing: 409, token_expiry: 400, text_nul: 400, text_surrogate: 400, reference_invalid: 400, value_invalid: 400, busy: 409, invitation_invalid: 400,
  indicator_invalid: 400, indicator_type_unknown: 400, asset_vendor_invalid: 400, asset_in_use: 409, csv_invalid: 400, csv_encoding: 400,
  clock_format: 400, clock_before_occurred: 400, clock_after_closed: 400, clock_order: 400, clock_in_future: 400,
  lead_not_member: 400,
  decision_executed_before_decided: 400,
  broadcast_outside_reach: 400, broadcast_no_recipients: 400, broadcast_link_invalid: 400, broadcast_closed: 409, broadcast_not_request: 400,
  action_link_invalid: 404, action_link_used: 410, action_link_expired: 410,
  document_stale: 409, document_not_signed_off: 409, share_exists: 409, report_exists: 409,
};

/** An error the client should see as is. `params` fill the message; keep them free of personal data. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.status = STATUS[code];
  }
}

export const notFound = (): AppError => new AppError("not_found");
export const forbidden = (): AppError => new AppError("forbidden");
/**
 * The row an UPDATE or DELETE ... RETURNING touched, or a 404. Row-level security can make a write match no row
 * (a vendor's delete): that is never a success with an audit row.
 */
export const found = <T>(row: T | undefined | null): T => {
  if (row === undefined || row === null) throw notFound();
  return row;
};

export type ErrorBody = { error: { code: ErrorCode; field?: string; message: string; fields?: FieldError[]; requestId: string } };

/** Parameters that name a clock are shown by the clock's name (「検知」), never its key (`detected`). */
const CLOCK_PARAMS = ["clock", "other"];

const body = (req: FastifyRequest, code: ErrorCode, field: string | undefined, params: Record<string, string | number>): ErrorBody => {
  const t = translator(localeFromHeader(req.headers["accept-language"]));
  const named = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, CLOCK_PARAMS.includes(k) && v ? t(`clocks.${v}`, { defaultValue: String(v) }) : v]));
  const message = t(`errors.${code}`, { ...named, label: fieldLabel(t, field), requestId: req.id });
  return {
    error: { code, ...(field ? { field, fields: [{ field, message }] } : {}), message, requestId: req.id },
  };
};

/** Every field's problem from a failed zod validation, in one answer. */
const validationBody = (req: FastifyRequest, context: string, entries: readonly ValidationEntry[]): ErrorBody => {
  const t = translator(localeFromHeader(req.headers["accept-language"]));
  const input = (req as unknown as Record<string, unknown>)[context === "querystring" ? "query" : context];
  const fields = describeValidation(t, context, entries, input);
  const message = fields.length === 1 ? fields[0]!.message : t("validation.summary", { count: fields.length, messages: fields.map((f) => f.message).join(" ") });
  return { error: { code: "validation", ...(fields[0] ? { field: fields[0].field } : {}), message, fields, requestId: req.id } };
};

/** A PostgreSQL error (SQLSTATE in `code`), as the pg driver throws it. */
type PgError = { code: string; severity: string; constraint?: string; table?: string; column?: string };
const isPgError = (err: unknown): err is PgError => {
  const e = err as Partial<PgError> | null;
  return typeof e === "object" && e !== null && typeof e.severity === "string" && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code);
};

const camel = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/**
 * The request field a constraint is about. Under row-level security PostgreSQL leaves out the key detail, so the
 * field comes from the constraint's name as PostgreSQL makes it (`assets_org_id_hostname_key` → hostname,
 * `tasks_assignee_user_id_fkey` → assigneeUserId), or from the column of a NOT NULL violation.
 */
const fieldOfConstraint = (err: PgError): string | undefined => {
  let name = err.constraint && err.table && err.constraint.startsWith(`${err.table}_`) ? err.constraint.slice(err.table.length + 1) : undefined;
  name = name?.replace(/_(key|fkey|check|pkey|excl)$/, "").replace(/^((org_id|incident_id)_)+/, "");
  const column = name || err.column;
  return column ? `body.${camel(column)}` : undefined;
};

/**
 * Constraint and data errors from PostgreSQL, mapped in one place so that no route turns a duplicate, a dangling
 * reference or an out-of-range value into a 500. Never echoes the value (the detail may hold it).
 */
export const appErrorFromDatabase = (err: unknown): AppError | null => {
  if (!isPgError(err)) return null;
  const field = fieldOfConstraint(err);
  switch (err.code) {
    case "23505": return new AppError("conflict", field, { field: field ?? "" });
    case "23503": return new AppError("reference_invalid", field);
    case "23502": case "23514": return new AppError("value_invalid", field);
    case "40001": case "40P01": case "55P03": return new AppError("busy");
  }
  if (err.code.startsWith("22")) return new AppError("value_invalid", field);
  return null;
};

export const errorHandler = (bodyLimit: number) => (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
  if (err instanceof AppError) return reply.status(err.status).send(body(req, err.code, err.field, err.params));
  const fromDb = appErrorFromDatabase(err);
  if (fromDb) {
    req.log.warn({ sqlState: (err as unknown as PgError).code, field: fromDb.field }, "database refused a write");
    return reply.status(fromDb.status).send(body(req, fromDb.code, fromDb.field, fromDb.params));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return reply.status(400).send(validationBody(req, err.validationContext ?? "body", err.validation as unknown as ValidationEntry[]));
  }
  switch (err.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return reply.status(400).send(body(req, "malformed_json", "body", {}));
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
      return reply.status(413).send(body(req, "body_too_large", "body", { limit: bodyLimit }));
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return reply.status(415).send(body(req, "unsupported_media_type", undefined, {}));
  }
  if (err.statusCode === 429) return reply.status(429).send(body(req, "rate_limited", undefined, {}));
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Other client errors from Fastify (bad params, etc.): a 400 with no echo of the input.
    return reply.status(err.statusCode).send(body(req, "validation", undefined, { detail: err.code ?? "bad request" }));
  }
  req.log.error({ err: { message: err.message, code: err.code, stack: err.stack } }, "unhandled error");
  return reply.status(500).send(body(req, "internal", undefined, {}));
};

export const notFoundHandler = (req: FastifyRequest, reply: FastifyReply) => reply.status(404).send(body(req, "not_found", undefined, {}));
