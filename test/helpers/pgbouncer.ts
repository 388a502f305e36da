import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asPostgres, freePort, giveToPostgres, withPort } from './postgres-programs.js';

const PGBOUNCER = '/usr/sbin/pgbouncer';

/** pgbouncer on loopback in front of the test PostgreSQL server, in transaction pooling mode. */
export interface Pgbouncer {
  port: number;
  /** `url` (a database on the server) reached through pgbouncer instead. */
  through(url: string): string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts pgbouncer (the Debian package; .ci/run installs it) in front of the server of `serverUrl`,
 * for the databases `databases`, with `pool_mode = transaction` and at most `serverConnections`
 * connections to the server per database and user: many client connections then share a few server
 * connections, a transaction at a time, as in production behind pgbouncer (docs/scaling.md, step 3).
 * The server trusts loopback, so pgbouncer does too; each user must be listed in its auth file.
 */
export async function startPgbouncer(serverUrl: string, options: { databases: string[]; users: string[]; serverConnections: number }): Promise<Pgbouncer> {
  if (!existsSync(PGBOUNCER)) throw new Error(`pgbouncer is not installed at ${PGBOUNCER}: apt-get install pgbouncer (.ci/run installs it)`);
  const server = new URL(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'wraparound-pgbouncer-'));
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  const pidFile = join(dir, 'pgbouncer.pid');
  writeFileSync(
    ini,
    [
      '[databases]',
      ...options.databases.map((name) => `${name} = host=${server.hostname} port=${server.port || '5432'} dbname=${name}`),
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.serverConnections}`,
      'max_client_conn = 200',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${pidFile}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'users.txt'), options.users.map((user) => `"${user}" ""`).join('\n') + '\n');
  await giveToPostgres(dir, ini, join(dir, 'users.txt'));
  try {
    await asPostgres(PGBOUNCER, ['-d', ini]);
    const started = Date.now();
    while (!(await accepts(port))) {
      if (Date.now() - started > 30_000) throw new Error('pgbouncer did not accept connections within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    const log = existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`pgbouncer did not start: ${(error as { stderr?: string }).stderr ?? String(error)}\n${log}`);
  }
  return {
    port,
    through: (url: string) => withPort(url, port),
    async stop() {
      try {
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        if (pid > 0 && isRunning(pid)) {
          process.kill(pid, 'SIGTERM');
          const stopping = Date.now();
          while (isRunning(pid) && Date.now() - stopping < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
