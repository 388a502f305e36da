import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * The server's log options. Requests are logged by route pattern and status
 * only: no query strings (a search can carry a name), no raw paths, no bodies, no cookies or tokens.
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
          // An unknown address is logged as 'unmatched' (as in /metrics): its path could carry a name.
          route: request.routeOptions?.url ?? 'unmatched',
        };
      },
    },
  };
}
