import cluster, { type Worker } from 'node:cluster';
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
 * the database. With WEB_PROCESSES above 1 (PostgreSQL only) this process prepares the database,
 * then runs that many copies of itself sharing the port (`servePrimary`).
 */
export async function serve(config: Config, db: Database, out: Out): Promise<void> {
  if (config.webProcesses > 1 && cluster.isPrimary) return servePrimary(config, db, out);
  if (cluster.isPrimary) await prepare(config, db, out);
  const { app } = await createServer(config, db);
  stopOnSignals(app, db, out);
  const address = await app.listen({ port: config.port, host: config.host });
  if (cluster.isWorker) return;
  out(`Wraparound is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${db.kind === 'pglite' ? `embedded, in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL'})`);
}

async function prepare(config: Config, db: Database, out: Out): Promise<void> {
  await migrate(db);
  if (config.env !== 'production') {
    const seeded = await seedDemo(db, services(db));
    if (seeded.created) out('First run: created the demo tenant with made-up users.');
    printDemoSignIns(out);
  }
}

/** A worker that dies more often than this in a minute is not started again: the service stops. */
const MAX_RESTARTS_PER_MINUTE = 5;
/** How long workers have to finish their requests and close after SIGTERM before they are killed. */
const WORKER_STOP_MS = 30_000;

/**
 * The first process of a cluster: prepares the database, closes its own connections, and starts
 * `config.webProcesses` workers, each a whole server on the shared port. A worker that dies is
 * replaced (unless they keep dying); SIGTERM or SIGINT stops each worker as a single server stops.
 */
async function servePrimary(config: Config, db: Database, out: Out): Promise<void> {
  await prepare(config, db, out);
  await db.close();
  // Every worker signs and checks session cookies with the same secret, also when none was set.
  const env = { SESSION_SECRET: config.sessionSecret };
  let stopping = false;
  let listening = 0;
  const restarts: number[] = [];
  const start = (): Worker => cluster.fork(env);

  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === config.webProcesses) {
      const host = address.address === '127.0.0.1' || address.address === null ? 'localhost' : address.address;
      out(`Wraparound is running at http://${host}:${address.port} (database: PostgreSQL; ${config.webProcesses} processes)`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`A server process (${worker.process.pid}) stopped (${signal ?? `exit ${code}`}); starting another\n`);
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && (restarts[0] ?? now) < now - 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      process.stderr.write(`Server processes stopped ${restarts.length} times in a minute: stopping the service\n`);
      void stopAll('restarts', 1);
      return;
    }
    start();
  });

  const stopAll = async (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    out(`${why}: stopping ${Object.keys(cluster.workers ?? {}).length} server processes`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const codes = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<number>((resolve) => {
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), WORKER_STOP_MS);
            // One still starting has no handler yet and ends by the signal itself: that is a clean stop too.
            worker.once('exit', (code, signal) => {
              clearTimeout(timer);
              resolve(signal === 'SIGTERM' ? 0 : (code ?? 1));
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    process.exit(codes.some((c) => c !== 0) ? 1 : exitCode);
  };
  process.once('SIGTERM', () => void stopAll('SIGTERM', 0));
  process.once('SIGINT', () => void stopAll('SIGINT', 0));
  for (let i = 0; i < config.webProcesses; i++) start();
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
