import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { recordAudit } from '../../audit/audit-log.js';
import { routeRecordId } from '../../audit/people-concerned.js';
import type { Database } from '../../db/database.js';

/** Who was refused: the signed-in user or the API client, with their tenant; null when nobody is known. */
function refusedActor(request: FastifyRequest) {
  if (request.user) return { tenantId: request.user.tenantId, actorType: 'user' as const, actorId: request.user.id };
  if (request.apiClient) return { tenantId: request.apiClient.tenantId, actorType: 'api-client' as const, actorId: request.apiClient.id };
  return null;
}

/**
 * Every refusal (403) of someone the service knows, however it was decided (the route's permission, a
 * token's scope, a restricted record, a form without its CSRF token), is recorded as `access.refused`
 * (issue 11, finding 4; ASVS 7.1.3, 7.2.2): someone probing for records they may not see shows in the
 * audit log. The refusal stands whether or not the event can be written; a failure to write it is logged.
 */
export default fp(
  async (app: FastifyInstance, options: { db: Database }) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode !== 403) return payload;
      const actor = refusedActor(request);
      if (!actor) return payload;
      const access = request.routeOptions.config?.access;
      try {
        await options.db.tenant(actor.tenantId, (trx) =>
          recordAudit(trx, actor.tenantId, {
            actorType: actor.actorType,
            actorId: actor.actorId,
            action: 'access.refused',
            subjectType: access?.kind === 'page' ? access.pageName : (request.routeOptions.url ?? 'unknown-route'),
            subjectId: routeRecordId(request.params),
            requestId: request.id,
            details: { route: request.routeOptions.url ?? null, method: request.method },
          }),
        );
      } catch (error) {
        request.log.error({ err: { type: (error as Error).name, message: (error as Error).message } }, 'a refusal could not be audited');
      }
      return payload;
    });
  },
  { name: 'refusal-audit' },
);
