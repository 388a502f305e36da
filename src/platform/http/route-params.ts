import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser } from '../auth/current-user.js';
import { ServiceError } from './service-error.js';

import { isUuid } from '../../domain/ids.js';

export { isUuid, UUID } from '../../domain/ids.js';

/** A record id from the address, or null when it is missing or not an id (the page answers 404). */
export function idParam(request: FastifyRequest, name: string): string | null {
  const value = (request.params as Record<string, string | undefined>)[name];
  return isUuid(value) ? value : null;
}

/** The signed-in user of a page route (the router has already refused anyone else). */
export function userOf(request: FastifyRequest): CurrentUser {
  const user = request.user;
  if (!user) throw new ServiceError(403, 'Sign in first');
  return user;
}

export function notFound(reply: FastifyReply) {
  return reply.code(404).view('errors/404.njk');
}
