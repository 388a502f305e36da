import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * Log options shared by the server and the CLI. Requests are logged by route pattern and status
 * only: no query strings (a search can carry a name), no bodies, no cookies or tokens.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.email',
        '*.name',
        '*.givenName',
        '*.familyName',
        '*.dateOfBirth',
        '*.address',
        '*.body',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          id: request.id,
          method: request.method,
          route: request.routeOptions?.url ?? (request.url ?? '').split('?')[0],
        };
      },
    },
  };
}
