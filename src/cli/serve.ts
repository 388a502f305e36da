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
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`${signal}: finishing requests in progress, then closing the database`);
    try {
      await app.close();
    } finally {
      await db.close();
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  const address = await app.listen({ port: config.port, host: config.host });
  out(`Wraparound is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${db.kind === 'pglite' ? `embedded, in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL'})`);
}
