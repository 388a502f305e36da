import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/database.js';

/** How long /health waits for `select 1` before it reports the database as not answering. */
export const HEALTH_PING_TIMEOUT_MS = 5_000;

/** Resolves with null when the database answers in time, else with the reason it did not. */
async function databaseProblem(db: Database): Promise<string | null> {
  const known = db.problem();
  if (known) return known;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`The database did not answer within ${HEALTH_PING_TIMEOUT_MS / 1000} s`), HEALTH_PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([db.ping().then(() => null, () => db.problem() ?? 'The database did not answer'), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /health: 200 when the database answers `select 1` within 5 s; 503 with a plain reason when it
 * does not, or when the embedded database has stopped answering (a query ran past its time limit).
 * No personal data, no sign-in.
 */
export default fp(
  async (app: FastifyInstance, opts: { db: Database }) => {
    app.get('/health', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
      const problem = await databaseProblem(opts.db);
      if (problem) return reply.code(503).send({ status: 'unavailable', database: opts.db.kind, reason: problem });
      return reply.code(200).send({ status: 'ok', database: opts.db.kind });
    });
  },
  { name: 'health' },
);
