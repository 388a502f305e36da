import { execFile } from 'node:child_process';
import { chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

/** Runs a program, resolving with its output; rejects (with its stderr) when it fails. */
export const run = promisify(execFile);

/** A TCP port on 127.0.0.1 that nothing listens on just now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a PostgreSQL program as the postgres user when this process is root (the server refuses to run as root). */
export function asPostgres(program: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const root = process.getuid?.() === 0;
  return root ? run('runuser', ['-u', 'postgres', '--', program, ...args], { timeout: 120_000 }) : run(program, args, { timeout: 120_000 });
}


/**
 * When this process is root, makes the postgres user own `paths`: PostgreSQL's programs and pgbouncer
 * run as postgres (they refuse root) and must write there.
 */
export async function giveToPostgres(...paths: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  for (const path of paths) chownSync(path, Number(uid.trim()), Number(gid.trim()));
}

/** `url` with `port` instead of its own (the same database, reached another way). */
export function withPort(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}
