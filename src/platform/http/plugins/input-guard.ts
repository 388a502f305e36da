import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiProblem, jsonPointer } from '../api-errors.js';

/**
 * A request the service cannot take as it is, refused before any handler runs: a page gets the 400
 * page with `message`, the API `{ errors: [...] }` with the field's path.
 */
export class UnreadableInput extends Error {
  readonly statusCode = 400;
}

const NUL_MESSAGE = 'The request holds a null character (U+0000), which cannot be stored. Remove it and try again: nothing was saved.';
const PATH_CONTROL_MESSAGE = 'The address holds a control character. Check the link and try again.';

/** The path of the first string (or key) holding a NUL, or null. The path is built only for a find. */
export function nulAt(value: unknown): PropertyKey[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : null;
  if (!value || typeof value !== 'object') return null;
  // An uploaded file's bytes are binary, not text: NUL bytes are part of any image.
  if (ArrayBuffer.isView(value)) return null;
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (typeof key === 'string' && key.includes('\u0000')) return [key];
    const found = nulAt(item);
    if (found) return [key, ...found];
  }
  return null;
}

function refuse(request: FastifyRequest, message: string, path: PropertyKey[] = []): never {
  if (request.url.startsWith('/api/')) throw new ApiProblem(400, [{ path: jsonPointer(path), message }]);
  throw new UnreadableInput(message);
}

/**
 * No NUL anywhere in what is sent (PostgreSQL's text cannot hold one, so it reached the database as an
 * error: a 500), and no control character in the path. Checked for every route, in one place: the
 * address before the session is read, the parsed body before validation.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      const raw = request.raw.url ?? '';
      // eslint-disable-next-line no-control-regex
      if (/%00|\u0000/i.test(raw)) refuse(request, NUL_MESSAGE, ['query']);
      const pathPart = raw.split('?')[0] ?? '';
      // eslint-disable-next-line no-control-regex
      if (/%[01][0-9a-f]|%7f|[\u0000-\u001f\u007f]/i.test(pathPart)) refuse(request, PATH_CONTROL_MESSAGE);
    });
    app.addHook('preValidation', async (request) => {
      const at = nulAt(request.body);
      if (at) refuse(request, NUL_MESSAGE, at);
    });
  },
  { name: 'input-guard' },
);
