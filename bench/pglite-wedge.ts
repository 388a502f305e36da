/**
 * Reproduces issue 11, finding 0: on a freshly seeded embedded database, under CPU load, the first
 * `GET /api/v1/people?name=Demo-Hallam` could wedge the server for good. Each round makes a new data
 * folder, runs migrate, seed-demo and create-api-client, starts `serve`, and asks for the search with
 * two busy-loop processes beside it. A round fails when the answer (or /health) does not come within
 * the limit. Usage: tsx bench/pglite-wedge.ts [rounds=10] [limitSeconds=60]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'wraparound.js');
const rounds = Number(process.argv[2] ?? 10);
const limitMs = Number(process.argv[3] ?? 60) * 1000;

function env(dataDir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', WRAPAROUND_DATA_DIR: dataDir, HOST: '127.0.0.1', COOKIE_SECURE: 'false' };
  delete e.DATABASE_URL;
  delete e.APP_DATABASE_URL;
  delete e.PORT;
  return e;
}

function run(args: string[], dataDir: string): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: env(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${args[0]} exited ${code}: ${out}`))));
  });
}

export function busyLoops(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

async function fetchWithin(url: string, headers: Record<string, string>, ms: number): Promise<{ status: number; ms: number; body: string } | 'timeout'> {
  const started = Date.now();
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(ms) });
    const body = await res.text();
    return { status: res.status, ms: Date.now() - started, body };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return 'timeout';
    throw error;
  }
}

async function round(i: number): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wraparound-wedge-'));
  const busy: ChildProcess[] = [];
  let server: ChildProcess | undefined;
  let ok = false;
  try {
    await run(['migrate'], dataDir);
    await run(['seed-demo'], dataDir);
    const created = await run(['create-api-client', '--tenant', 'demo', '--name', 'wedge', '--scopes', 'people:read'], dataDir);
    const token = /token: (\S+)/.exec(created)?.[1];
    if (!token) throw new Error(`no token in: ${created}`);
    server = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, env: env(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const port = await new Promise<string>((ok, fail) => {
      server!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /running at http:\/\/localhost:(\d+)/.exec(out);
        if (m) ok(m[1]!);
      });
      server!.on('close', (code) => fail(new Error(`serve exited ${code}: ${out}`)));
    });
    busy.push(...busyLoops(2));
    const base = `http://127.0.0.1:${port}`;
    const search = await fetchWithin(`${base}/api/v1/people?name=Demo-Hallam`, { authorization: `Bearer ${token}` }, limitMs);
    const health = await fetchWithin(`${base}/health`, {}, 5000);
    ok = search !== 'timeout' && health !== 'timeout';
    console.log(`round ${i}: search ${search === 'timeout' ? 'NO ANSWER' : `${search.status} in ${search.ms} ms`}, health ${health === 'timeout' ? 'NO ANSWER' : `${health.status} ${health.body}`}`);
    return ok;
  } finally {
    for (const b of busy) b.kill('SIGKILL');
    if (server && server.exitCode === null) {
      const signalled = Date.now();
      server.kill('SIGTERM');
      const stopped = await new Promise<boolean>((ok) => {
        const t = setTimeout(() => ok(false), 10_000);
        server!.on('close', () => {
          clearTimeout(t);
          ok(true);
        });
      });
      if (stopped) console.log(`  SIGTERM stopped the server in ${Date.now() - signalled} ms`);
      if (!stopped) {
        console.log(`  SIGTERM did not stop the server within 10 s; SIGKILL`);
        server.kill('SIGKILL');
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let failures = 0;
for (let i = 1; i <= rounds; i++) if (!(await round(i))) failures++;
console.log(`${failures} of ${rounds} rounds wedged`);
process.exitCode = failures ? 1 : 0;
