import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { asPostgres, freePort, giveToPostgres, run, withPort } from './postgres-programs.js';

/** A hot standby of the test PostgreSQL server, streaming from it, on a port of its own. */
export interface Replica {
  port: number;
  /** `url` (a database on the primary) with the replica's port instead. */
  on(url: string): string;
  stop(): Promise<void>;
}

async function setting(client: pg.Client, name: string): Promise<string> {
  const result = await client.query<{ value: string }>(`select current_setting($1) as value`, [name]);
  return result.rows[0]!.value;
}

/**
 * Copies the server of `serverUrl` with pg_basebackup and starts the copy as a streaming replica
 * (issue 12, point 7). The server must allow replication connections from 127.0.0.1 (.ci/run adds
 * the pg_hba.conf line). The settings a standby must not have below its primary are copied from it.
 */
export async function startReplica(serverUrl: string): Promise<Replica> {
  const primary = new URL(serverUrl);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  let major: number;
  const copied: Record<string, string> = {};
  try {
    major = Math.floor(Number(await setting(client, 'server_version_num')) / 10000);
    for (const name of ['max_connections', 'max_worker_processes', 'max_locks_per_transaction', 'max_prepared_transactions', 'max_wal_senders']) copied[name] = await setting(client, name);
  } finally {
    await client.end();
  }
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(join(bin, 'pg_ctl'))) throw new Error(`PostgreSQL ${major}'s programs are not in ${bin}: the replica test needs them`);

  const dir = mkdtempSync(join(tmpdir(), 'wraparound-replica-'));
  const data = join(dir, 'data');
  await giveToPostgres(dir);
  const port = await freePort();
  try {
    await asPostgres(join(bin, 'pg_basebackup'), ['-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username || 'postgres'), '-D', data, '-R', '-X', 'stream', '-c', 'fast']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const message = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`pg_basebackup could not copy the server (does pg_hba.conf allow "host replication all 127.0.0.1/32"? .ci/run adds it): ${message}`);
  }
  // A Debian server keeps its configuration outside its data folder: the copy gets its own.
  const settings = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    `hba_file = '${join(dir, 'pg_hba.conf')}'`,
    `ident_file = '${join(dir, 'pg_ident.conf')}'`,
    'hot_standby = on',
    'fsync = off',
    ...Object.entries(copied).map(([name, value]) => `${name} = ${value}`),
  ];
  if (existsSync(join(data, 'postgresql.conf'))) appendFileSync(join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
  else writeFileSync(join(data, 'postgresql.conf'), `${settings.join('\n')}\n`);
  writeFileSync(join(dir, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  writeFileSync(join(dir, 'pg_ident.conf'), '');
  if (process.getuid?.() === 0) await run('chown', ['-R', 'postgres:postgres', dir]);
  try {
    await asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '120', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The replica did not start: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  return {
    port,
    on: (url: string) => withPort(url, port),
    async stop() {
      try {
        await asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
