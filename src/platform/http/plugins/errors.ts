import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuditWriteError } from '../../audit/audit-log.js';
import { ApiProblem } from '../api-errors.js';
import { CsrfError } from './csrf.js';
import { UnreadableInput } from './input-guard.js';

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * Looks like the database is unreachable (connection refused, pool timeout, closed embedded DB), or the
 * embedded database trapped and was reopened more often than a transaction is tried again.
 */
export function isDatabaseOutage(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', '57P01', '57P03', '08006', '08001', '08003', 'EMBEDDED_DATABASE_STALLED', 'EMBEDDED_DATABASE_RESTARTED'].includes(e.code)) return true;
  // The last two: the database was closed under a running server (shutdown, or the embedded database closed).
  return /connection terminated|timeout exceeded when trying to connect|PGlite is closed|embedded database is closed|database system is shutting down|driver has already been destroyed|Cannot use a pool after calling end/i.test(
    e.message ?? '',
  );
}

/** A multipart body the parser could not read (cut short, a bad part header): the sender's fault. */
function isUnreadableUpload(request: FastifyRequest, error: FastifyError | Error): boolean {
  return (
    (error as FastifyError).statusCode === undefined &&
    /^multipart\/form-data/i.test(request.headers['content-type'] ?? '') &&
    ((error as FastifyError).code === 'ERR_STREAM_PREMATURE_CLOSE' || /unexpected end of (form|multipart)|malformed|boundary|part header/i.test(error.message))
  );
}

function statusFor(request: FastifyRequest, error: FastifyError | Error): number {
  if (isUnreadableUpload(request, error)) return 400;
  if (error instanceof ApiProblem || error instanceof CsrfError || error instanceof UnreadableInput) return error.statusCode;
  if (error instanceof AuditWriteError) return isDatabaseOutage(error.cause ?? error) ? 503 : 500;
  if (isDatabaseOutage(error)) return 503;
  const code = (error as FastifyError).statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

const API_MESSAGES: Record<number, string> = {
  400: 'The request could not be read',
  401: 'Send a valid API token in the Authorization header',
  403: 'You do not have permission to do this',
  404: 'Not found',
  413: 'The request body is too large',
  415: 'Send the body as application/json',
  429: 'Too many requests: wait a minute and try again',
  503: 'The service is unavailable: try again later',
};

/**
 * Every error ends here. People get a GOV.UK error page, API clients `{ errors: [...] }`, and
 * nobody gets a stack trace. Unexpected errors are logged without request bodies.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = statusFor(request, error);
      if (status >= 500) request.log.error({ err: { type: error.name, message: error.message, code: error.code, stack: error.stack } }, 'request failed');
      if (isApi(request)) {
        const errors = error instanceof ApiProblem ? error.errors : [{ path: '', message: API_MESSAGES[status] ?? 'Something went wrong' }];
        return reply.code(status).type('application/json').send({ errors });
      }
      if (status === 403) return reply.code(403).view('errors/403.njk', { csrfFailure: error instanceof CsrfError });
      if (status === 404) return reply.code(404).view('errors/404.njk');
      if (status === 413) return reply.code(413).view('errors/413.njk');
      if (status === 429) return reply.code(429).view('errors/429.njk');
      if (status === 503) return reply.code(503).view('errors/503.njk');
      if (status < 500) return reply.code(status).view('errors/400.njk', { reason: error instanceof UnreadableInput ? error.message : undefined });
      return reply.code(500).view('errors/500.njk');
    });
    app.setNotFoundHandler(async (request, reply) => {
      if (isApi(request)) return reply.code(404).send({ errors: [{ path: '', message: API_MESSAGES[404] }] });
      return reply.code(404).view('errors/404.njk');
    });
  },
  { name: 'errors' },
);
