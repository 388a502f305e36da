import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/platform/config.js';

/** A server started as its own process, as production runs it: `node dist/src/cli.js serve`. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** From spawning the process to the first 200 from /health. */
  startupMs: number;
  /** Resident memory now, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function waitForHealth(url: string, child: ChildProcess, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server stopped during start-up (exit ${child.exitCode})`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`The server did not answer /health within ${limitMs} ms`);
}

/** Starts the built server with the given environment (DATABASE_URL, or WRAPAROUND_DATA_DIR for PGlite). */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'src', 'cli.js'), 'serve', '--port', String(port)], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      // Each response says where its time went; the bench prints the breakdown (request-timings.ts).
      SERVER_TIMING: 'true',
      LOG_LEVEL: 'warn',
      COOKIE_SECURE: 'false',
      // What production requires; made-up values, for the bench's throwaway databases only.
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123456789',
      METRICS_TOKEN: 'bench-metrics-token-0123456789',
      AUDIT_CHAIN_KEY: 'b3'.repeat(32),
      MFA_SECRET_KEY: 'c4'.repeat(32),
      // The bench measures the embedded database too, which production otherwise refuses.
      ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: 'true',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const startupMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    startupMs,
    // With WEB_PROCESSES above 1, the server processes are children of the first: all of them count.
    rssMb: () => [child.pid!, ...childrenOf(child.pid!)].reduce((sum, pid) => sum + rssOf(pid), 0),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
