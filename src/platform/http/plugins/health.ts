import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/database.js';

/** GET /health: 200 when the database answers, 503 when it does not. No personal data, no sign-in. */
export default fp(
  async (app: FastifyInstance, opts: { db: Database }) => {
    app.get('/health', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
      try {
        await opts.db.ping();
        return reply.code(200).send({ status: 'ok', database: opts.db.kind });
      } catch {
        return reply.code(503).send({ status: 'unavailable', database: opts.db.kind });
      }
    });
  },
  { name: 'health' },
);
