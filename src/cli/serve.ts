import type { FastifyInstance } from 'fastify';
import { seedDemo } from '../demo/seed.js';
import { services } from '../server.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrator.js';
import { createServer } from '../server.js';
import { printDemoSignIns, type Out } from './commands.js';

/**
 * Migrates, seeds the demo tenant on a first run outside production, and serves until SIGTERM or
 * SIGINT, when it stops taking requests, lets those in flight finish, then checkpoints and closes
 * the database.
 */
export async function serve(config: Config, db: Database, out: Out): Promise<void> {
  await migrate(db);
  if (config.env !== 'production') {
    const seeded = await seedDemo(db, services(db));
    if (seeded.created) out('First run: created the demo tenant with made-up users.');
    printDemoSignIns(out);
  }
  const { app } = await createServer(config, db);
  stopOnSignals(app, db, out);
  const address = await app.listen({ port: config.port, host: config.host });
  out(`Wraparound is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${db.kind === 'pglite' ? `embedded, in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL'})`);
}

/**
 * On SIGTERM or SIGINT: stops taking requests, lets those in flight finish, checkpoints and closes
 * the database, and exits 0 (1, saying why on stderr, when either did not close cleanly). The embedded database runs in a worker thread, so this works even when
 * it has stopped answering: requests waiting on it fail at its time limit, and a wedged worker is
 * ended rather than waited for.
 */
export function stopOnSignals(app: FastifyInstance, db: Database, out: Out): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`${signal}: finishing requests in progress, then closing the database`);
    let code = 0;
    for (const [what, step] of [['the server', () => app.close()], ['the database', () => db.close()]] as const) {
      try {
        await step();
      } catch (error) {
        code = 1;
        process.stderr.write(`${signal}: ${what} did not close cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    process.exit(code);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
