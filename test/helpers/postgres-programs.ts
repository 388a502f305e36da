import { execFile } from 'node:child_process';
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

