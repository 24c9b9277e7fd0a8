// One error format for every answer that is not a success:
//   { "error": { "code": "stock_insufficient", "message": "...", "details": { ... } } }
// Domain errors map to HTTP statuses here; Fastify's own failures (validation, bad JSON,
// unknown routes, oversized bodies) are translated into the same shape.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../domain/errors.js';

const STATUS_BY_CODE: Record<string, number> = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  illegal_transition: 409,
  stock_insufficient: 409,
  stock_negative: 409,
  idempotency_key_reused: 409,
  conflict: 409,
  payload_too_large: 413,
  problem_too_large: 413,
  proof_required: 422,
  proof_invalid: 422,
  dispatch_infeasible: 500,
  job_failed: 503,
  unsupported_media_type: 415,
  unknown_sku: 422,
  unknown_customer: 422,
  unknown_address: 422,
  unknown_hub: 422,
  unknown_product: 422,
  duplicate_line: 422,
  mixed_currency: 422,
  invalid_window: 422,
  address_unserviceable: 422,
  quote_required: 422, quote_not_found: 422, quote_expired: 422, quote_mismatch: 422, quote_stale: 422, mode_not_eligible: 422, not_a_drone: 422, flight_infeasible: 422, weather_unknown: 422, launch_pads_exceeded: 409, drone_busy: 409, no_charged_battery: 409, no_charger_free: 409, chargers_exceeded: 409, invalid_geojson: 400,
  unknown_supplier: 422, unknown_vehicle: 422, grant_not_usable: 409, grant_outside_window: 409, grant_code_invalid: 403, device_unreachable: 502,
  schema_not_current: 503,
  internal: 500,
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/** An error raised by the HTTP layer itself (auth, cursors). */
export class ApiError extends DomainError {}

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, details } };
}

export function sendError(reply: FastifyReply, code: string, message: string, details: Record<string, unknown> = {}) {
  return reply.status(statusForCode(code)).send(errorBody(code, message, details));
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** '/lines/0/quantity' for a bad value; '/lines/0/sku' for a missing property; '/extra' for an unknown one. */
function failingPath(e: AjvError): string {
  const base = e.instancePath ?? '';
  const p = e.params ?? {};
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') return `${base}/${p.missingProperty}`;
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') return `${base}/${p.additionalProperty}`;
  return base || '/';
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (err instanceof DomainError) return sendError(reply, err.code, err.message, err.details);
    if (err.validation) {
      const errors = err.validation.map((e) => ({ path: failingPath(e), message: e.message ?? 'invalid', keyword: e.keyword }));
      const where = err.validationContext ?? 'body';
      return sendError(reply, 'validation_failed', `invalid ${where}: ${errors[0]?.path} ${errors[0]?.message}`, {
        in: where,
        path: errors[0]?.path,
        errors,
      });
    }
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendError(reply, 'invalid_json', `request body is not valid JSON: ${err.message}`);
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'payload_too_large', 'request body is too large');
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, 'unsupported_media_type', `unsupported content type ${request.headers['content-type'] ?? '(none)'}; send application/json`);
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(errorBody('bad_request', err.message, { fastifyCode: err.code }));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', 'internal error; see the server log', { requestId: request.id }));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`, { method: request.method }),
  );
}
